package bucketpolicy

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const explainPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
    {"Effect": "Allow", "Principal": {"AWS": "alice"}, "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"},
    {"Sid": "NoSecrets", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/secret/*"}
  ]
}`

func TestExplain(t *testing.T) {
	p := mustParse(t, []byte(explainPolicy))
	tests := []struct {
		name string
		req  Request
		want Explanation
	}{
		{
			name: "two allows",
			req:  Request{Principal: "alice", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/a"},
			want: Explanation{Decision: Allow, Statements: []AppliedStatement{{0, "Read", Allow, false}, {1, "", Allow, false}}},
		},
		{
			name: "deny among allows: every statement is listed",
			req:  Request{Principal: "alice", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/secret/x"},
			want: Explanation{Decision: Deny, Statements: []AppliedStatement{{0, "Read", Allow, false}, {1, "", Allow, false}, {2, "NoSecrets", Deny, false}}},
		},
		{
			name: "nothing applies",
			req:  Request{Principal: "bob", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/a"},
			want: Explanation{Decision: NoDecision},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.Explain(tt.req)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Explain (-want +got):\n%s", diff)
			}
			if d := p.Evaluate(tt.req); d != got.Decision {
				t.Errorf("Evaluate = %v, Explain says %v", d, got.Decision)
			}
		})
	}
	x := p.Explain(tests[1].req)
	if s := x.String(); s != `deny (statement 0 "Read" allow; statement 1 allow; statement 2 "NoSecrets" deny)` {
		t.Errorf("String = %s", s)
	}
	if s := (Explanation{}).String(); s != "none (no statement applies)" {
		t.Errorf("String = %s", s)
	}
}

func TestAuthorize(t *testing.T) {
	denyAll := []byte(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}`)
	denyStar := []byte(`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`)
	allowRead := []byte(`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`)
	ossDeny := []byte(`{"Version":"1","Statement":[{"Effect":"Deny","Principal":["*"],"Action":"oss:*","Resource":"*","Condition":{"Bool":{"acs:SecureTransport":"false"}}}]}`)
	cosDeny := []byte(`{"version":"2.0","statement":[{"effect":"deny","principal":"*","action":"*","resource":"*"}]}`)
	tests := []struct {
		name string
		doc  []byte
		req  Request
		want bool
	}{
		{"deny refuses the owner", denyAll, Request{Owner: true, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, false},
		{"deny refuses a stranger", denyAll, Request{Principal: "x", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, false},
		{"the owner can still read the policy", denyAll, Request{Owner: true, Action: "s3:GetBucketPolicy", Resource: "arn:aws:s3:::b"}, true},
		{"the owner can still replace the policy", denyAll, Request{Owner: true, Action: "S3:PutBucketPolicy", Resource: "arn:aws:s3:::b"}, true},
		{"the owner can still delete the policy", denyAll, Request{Owner: true, Action: "s3:DeleteBucketPolicy", Resource: "arn:aws:s3:::b"}, true},
		{"a stranger cannot touch the policy", denyAll, Request{Principal: "x", Action: "s3:PutBucketPolicy", Resource: "arn:aws:s3:::b"}, false},
		{"the policy exception needs the dialect's service", denyStar, Request{Owner: true, Action: "oss:PutBucketPolicy", Resource: "arn:aws:s3:::b"}, false},
		{"allow grants", allowRead, Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, true},
		{"none refuses a stranger", allowRead, Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::b/k"}, false},
		{"none lets the owner in", allowRead, Request{Owner: true, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/k"}, true},
		{"oss owner is denied by a conditional everyone deny", ossDeny, Request{Owner: true, Action: "oss:GetObject", Resource: "acs:oss:cn-hangzhou:1:b/k", Context: map[string][]string{"acs:SecureTransport": {"false"}}}, false},
		{"oss owner can fix the policy", ossDeny, Request{Owner: true, Action: "oss:PutBucketPolicy", Resource: "acs:oss:cn-hangzhou:1:b", Context: map[string][]string{"acs:SecureTransport": {"false"}}}, true},
		{"cos owner can fix the policy", cosDeny, Request{Owner: true, Action: "name/cos:PutBucketPolicy", Resource: "qcs::cos:ap-guangzhou:uid/1:b-1/"}, true},
		{"cos owner is otherwise denied", cosDeny, Request{Owner: true, Action: "name/cos:GetObject", Resource: "qcs::cos:ap-guangzhou:uid/1:b-1/k"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustParse(t, tt.doc)
			if got := p.Authorize(tt.req); got != tt.want {
				t.Errorf("Authorize = %v, want %v (Evaluate: %v)", got, tt.want, p.Evaluate(tt.req))
			}
		})
	}
}

// TestConcurrentEvaluate evaluates one policy from many goroutines; run
// under -race it shows that evaluation only reads the policy.
func TestConcurrentEvaluate(t *testing.T) {
	for _, name := range []string{"small3.json", "large100.json"} {
		p := mustParse(t, readBench(t, name))
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 500 {
					r := benchRows[(g+i)%len(benchRows)]
					if r.policy != name {
						continue
					}
					req := r.request()
					if got := p.Evaluate(req); got != r.want {
						t.Errorf("%s: Evaluate = %v, want %v", r.name, got, r.want)
						return
					}
					if x := p.Explain(req); x.Decision != r.want {
						t.Errorf("%s: Explain = %v, want %v", r.name, x.Decision, r.want)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
}
