package bucketpolicy

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// The benchmark shapes of ../shared/bench (copied to testdata/bench): every
// request comes from principal alice with the same context. small3_oss and
// small3_cos are the same three statements in the oss and cos dialects.

func benchContext() map[string][]string {
	return map[string][]string{
		"aws:SourceIp":        {"10.1.2.3"},
		"aws:Referer":         {"https://www.example.com/page"},
		"aws:SecureTransport": {"true"},
		"aws:username":        {"alice"},
		"aws:UserAgent":       {"aws-sdk-go/1.0"},
	}
}

type benchRow struct {
	name      string
	policy    string // file under testdata/bench
	principal string
	action    string
	resource  string
	context   map[string][]string
	want      Decision
}

const (
	ossUser = "20214760404935xxxx"
	ossRes  = "acs:oss:cn-hangzhou:174649585760xxxx:mybucket/"
	cosUser = "qcs::cam::uin/100000000001:uin/100000000011"
	cosRes  = "qcs::cos:ap-guangzhou:uid/1250000000:mybucket-1250000000/"
)

var (
	ossContext = map[string][]string{
		"acs:SourceIp":        {"10.1.2.3"},
		"acs:Referer":         {"https://www.example.com/page"},
		"acs:SecureTransport": {"true"},
		"acs:UserAgent":       {"aliyun-sdk-go/1.0"},
	}
	cosContext = map[string][]string{
		"qcs:ip":               {"10.1.2.3"},
		"cos:referer":          {"https://www.example.com/page"},
		"cos:secure-transport": {"true"},
		"cos:user-agent":       {"cos-go-sdk/1.0"},
	}
)

var benchRows = []benchRow{
	{"Small3/Allow", "small3.json", "alice", "s3:GetObject", "arn:aws:s3:::mybucket/public/a.txt", nil, Allow},
	{"Small3/VarAllow", "small3.json", "alice", "s3:PutObject", "arn:aws:s3:::mybucket/home/alice/x", nil, Allow},
	{"Small3/Deny", "small3.json", "alice", "s3:DeleteObject", "arn:aws:s3:::mybucket/public/a.txt", nil, Deny},
	{"Small3/NoMatch", "small3.json", "alice", "s3:GetObject", "arn:aws:s3:::mybucket/private/a.txt", nil, NoDecision},
	{"Large100/AllowLast", "large100.json", "alice", "s3:GetObject", "arn:aws:s3:::mybucket/public/a.txt", nil, Allow},
	{"Large100/NoMatch", "large100.json", "alice", "s3:GetObject", "arn:aws:s3:::mybucket/private/a.txt", nil, NoDecision},
	{"Small3OSS/Allow", "small3_oss.json", ossUser, "oss:GetObject", ossRes + "public/a.txt", ossContext, Allow},
	{"Small3OSS/UserAllow", "small3_oss.json", ossUser, "oss:PutObject", ossRes + "home/" + ossUser + "/x", ossContext, Allow},
	{"Small3OSS/Deny", "small3_oss.json", ossUser, "oss:DeleteObject", ossRes + "public/a.txt", ossContext, Deny},
	{"Small3OSS/NoMatch", "small3_oss.json", ossUser, "oss:GetObject", ossRes + "private/a.txt", ossContext, NoDecision},
	{"Small3COS/Allow", "small3_cos.json", cosUser, "name/cos:GetObject", cosRes + "public/a.txt", cosContext, Allow},
	{"Small3COS/UserAllow", "small3_cos.json", cosUser, "name/cos:PutObject", cosRes + "home/100000000011/x", cosContext, Allow},
	{"Small3COS/Deny", "small3_cos.json", cosUser, "name/cos:DeleteObject", cosRes + "public/a.txt", cosContext, Deny},
	{"Small3COS/NoMatch", "small3_cos.json", cosUser, "name/cos:GetObject", cosRes + "private/a.txt", cosContext, NoDecision},
}

func readBench(tb testing.TB, name string) []byte {
	tb.Helper()
	doc, err := os.ReadFile("testdata/bench/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func mustParse(tb testing.TB, doc []byte, opts ...Option) *Policy {
	tb.Helper()
	p, err := Parse(doc, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func (r benchRow) request() Request {
	ctx := r.context
	if ctx == nil {
		ctx = benchContext()
	}
	return Request{Principal: r.principal, Action: r.action, Resource: r.resource, Context: ctx}
}

// setup parses the row's policy and checks its decision.
func (r benchRow) setup(tb testing.TB) (*Policy, Request) {
	tb.Helper()
	p := mustParse(tb, readBench(tb, r.policy))
	req := r.request()
	if got := p.Evaluate(req); got != r.want {
		tb.Fatalf("%s: Evaluate = %v, want %v", r.name, got, r.want)
	}
	return p, req
}

func BenchmarkEvaluate(b *testing.B) {
	for _, r := range benchRows {
		b.Run(r.name, func(b *testing.B) {
			p, req := r.setup(b)
			b.ReportAllocs()
			for b.Loop() {
				p.Evaluate(req)
			}
		})
	}
}

// BenchmarkEvaluateParallel evaluates one policy from every core at once:
// a *Policy is read-only, so throughput should scale with the cores. It
// reports ns/eval, the wall time per evaluation across all goroutines, to
// compare with BenchmarkEvaluate's ns/op.
//
// Each goroutine evaluates a batch of 8 requests per pb.Next. Every Next
// writes the goroutine's testing.PB; with one evaluation per Next, Large100
// runs alternated between 1.9x and 1.0x the single-core rate, which neither
// a batch per Next nor a policy parsed by each goroutine showed. That is
// false sharing of a written cache line (most likely the two PBs,
// allocated one after the other), not Evaluate, which writes no shared
// memory.
func BenchmarkEvaluateParallel(b *testing.B) {
	const batch = 8
	for _, r := range benchRows {
		if r.name != "Small3/Allow" && r.name != "Large100/AllowLast" {
			continue
		}
		b.Run(r.name, func(b *testing.B) {
			p, req := r.setup(b)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					for range batch {
						if p.Evaluate(req) != r.want {
							panic("wrong decision")
						}
					}
				}
			})
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/eval")
		})
	}
}

func BenchmarkParse(b *testing.B) {
	for _, f := range []struct{ name, file string }{
		{"Small3", "small3.json"},
		{"Large100", "large100.json"},
		{"Small3OSS", "small3_oss.json"},
		{"Small3COS", "small3_cos.json"},
	} {
		b.Run(f.name, func(b *testing.B) {
			doc := readBench(b, f.file)
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Parse(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// actionsTimesWildcards is a policy of 150 statements with wildcard actions
// and one statement naming 1,000 actions, under 20 KB: an index that
// matched every wildcard against every named action at parse time would
// do 150,000 matches for it.
func actionsTimesWildcards() []byte {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":[`)
	for i := range 1000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"s3:A%d"`, i)
	}
	b.WriteString(`],"Resource":"*"}`)
	for i := range 150 {
		fmt.Fprintf(&b, `,{"Effect":"Deny","Principal":"*","Action":"s3:B%d*","Resource":"*"}`, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func BenchmarkParseActionsTimesWildcards(b *testing.B) {
	doc := actionsTimesWildcards()
	if len(doc) > DefaultLimits(AWS).DocumentBytes {
		b.Fatalf("document of %d bytes", len(doc))
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		mustParse(b, doc)
	}
}

// BenchmarkRetained reports the heap a parsed policy keeps alive, the
// original document included, as B-retained/policy. (The ns/op it also
// prints is the cost of parsing and measuring, not a figure to quote.)
func BenchmarkRetained(b *testing.B) {
	for _, f := range []struct{ name, file string }{
		{"Small3", "small3.json"},
		{"Large100", "large100.json"},
	} {
		b.Run(f.name, func(b *testing.B) {
			doc := readBench(b, f.file)
			const n = 200
			keep := make([]*Policy, n)
			var before, after runtime.MemStats
			var total uint64
			for b.Loop() {
				clear(keep)
				runtime.GC()
				runtime.ReadMemStats(&before)
				for i := range keep {
					keep[i] = mustParse(b, doc)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				total += (after.HeapAlloc - before.HeapAlloc) / n
			}
			runtime.KeepAlive(keep)
			b.ReportMetric(float64(total)/float64(b.N), "B-retained/policy")
			b.ReportMetric(float64(len(doc)), "B-document")
		})
	}
}

// scalingPolicy builds a policy of n statements spread over 20 actions and
// n prefixes, in the style of real per-tenant policies: statement i grants
// principal "*" one action on prefix i, under a condition on the user agent;
// every tenth statement denies instead.
func scalingPolicy(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		effect := "Allow"
		if i%10 == 9 {
			effect = "Deny"
		}
		fmt.Fprintf(&b, `{"Sid":"S%d","Effect":%q,"Principal":"*","Action":"s3:%s","Resource":"arn:aws:s3:::bucket/prefix%d/*","Condition":{"StringEquals":{"aws:UserAgent":"agent-%d"}}}`,
			i, effect, scalingActions[i%len(scalingActions)], i, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

var scalingActions = []string{
	"GetObject", "PutObject", "DeleteObject", "GetObjectAcl", "PutObjectAcl", "GetObjectTagging",
	"PutObjectTagging", "DeleteObjectTagging", "GetObjectVersion", "DeleteObjectVersion", "RestoreObject",
	"AbortMultipartUpload", "ListMultipartUploadParts", "GetObjectRetention", "PutObjectRetention",
	"GetObjectLegalHold", "PutObjectLegalHold", "GetObjectAttributes", "GetObjectVersionAcl", "PutObjectVersionAcl",
}

// scalingRequests returns a request that the last statement of an n-statement
// scaling policy applies to, and one that no statement applies to.
func scalingRequests(n int) (last, none Request) {
	i := n - 1
	last = Request{Principal: "alice", Action: "s3:" + scalingActions[i%len(scalingActions)],
		Resource: fmt.Sprintf("arn:aws:s3:::bucket/prefix%d/obj", i),
		Context:  map[string][]string{"aws:UserAgent": {fmt.Sprintf("agent-%d", i)}}}
	none = last
	none.Resource = "arn:aws:s3:::bucket/elsewhere/obj"
	return last, none
}

func scalingLimits() Option {
	return WithLimits(Limits{DocumentBytes: 8 << 20, Statements: 10000})
}

// BenchmarkScaling evaluates policies of 1 to 10,000 statements; with the
// index, the cost should barely grow with the size of the policy.
func BenchmarkScaling(b *testing.B) {
	for _, n := range []int{1, 10, 100, 1000, 10000} {
		p := mustParse(b, scalingPolicy(n), scalingLimits())
		last, none := scalingRequests(n)
		want := Allow
		if (n-1)%10 == 9 {
			want = Deny
		}
		for _, c := range []struct {
			name string
			req  Request
			want Decision
		}{{"Last", last, want}, {"None", none, NoDecision}} {
			b.Run(fmt.Sprintf("%s/%d", c.name, n), func(b *testing.B) {
				if got := p.Evaluate(c.req); got != c.want {
					b.Fatalf("Evaluate = %v, want %v", got, c.want)
				}
				b.ReportAllocs()
				for b.Loop() {
					p.Evaluate(c.req)
				}
			})
		}
	}
}

// BenchmarkScalingParse parses the scaling policies.
func BenchmarkScalingParse(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		doc := scalingPolicy(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				mustParse(b, doc, scalingLimits())
			}
		})
	}
}

// worstCases are inputs built to make a matcher or an evaluator slow. Each
// is a policy and a request; the decision is checked before timing.
func worstCases() []struct {
	name   string
	policy string
	req    Request
	want   Decision
} {
	as := strings.Repeat("a", 4095)
	like := func(pattern string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"aws:UserAgent":` + quote(pattern) + `}}}]}`
	}
	ua := func(v string) Request {
		return Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: map[string][]string{"aws:UserAgent": {v}}}
	}
	stars14 := "a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"
	var cidrs, actions []string
	for i := range 1000 {
		cidrs = append(cidrs, quote(fmt.Sprintf("10.%d.%d.1/32", i/250, i%250)))
		actions = append(actions, quote(fmt.Sprintf("s3:Action%d", i)))
	}
	return []struct {
		name   string
		policy string
		req    Request
		want   Decision
	}{
		{"Stars14Anchored", like(stars14), ua(as), NoDecision},
		{"Stars14Floating", like("*" + stars14 + "*"), ua(as), NoDecision},
		{"Stars14FloatingMatch", like("*" + strings.Repeat("a*", 14)), ua(as), Allow},
		{"QuestionRun250", like(strings.Repeat("?", 250) + "b*"), ua(as), NoDecision},
		{"QuestionRunFloating", like("*" + strings.Repeat("?", 250) + "*b*"), ua(as), NoDecision},
		{"QuestionSegments", like(strings.Repeat("*a?a?a?a?", 13) + "*c?c*"), ua(as), NoDecision},
		{"QuestionSegment64", like("*" + strings.Repeat("a?", 31) + "ac*"), ua(as), NoDecision},
		{"CIDRs1000", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"IpAddress":{"aws:SourceIp":[` + strings.Join(cidrs, ",") + `]}}}]}`,
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: map[string][]string{"aws:SourceIp": {"10.3.249.1"}}}, Allow},
		{"Actions1000", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":[` + strings.Join(actions, ",") + `],"Resource":"arn:aws:s3:::b/*"}]}`,
			Request{Action: "s3:Action999", Resource: "arn:aws:s3:::b/k"}, Allow},
	}
}

func BenchmarkWorstCase(b *testing.B) {
	for _, w := range worstCases() {
		b.Run(w.name, func(b *testing.B) {
			p := mustParse(b, []byte(w.policy))
			if got := p.Evaluate(w.req); got != w.want {
				b.Fatalf("Evaluate = %v, want %v", got, w.want)
			}
			b.ReportAllocs()
			b.SetBytes(4095)
			for b.Loop() {
				p.Evaluate(w.req)
			}
		})
	}
}

// TestNoAllocs pins the promise that Evaluate allocates nothing for the
// benchmark shapes, in every dialect, and for the scaling and worst-case
// inputs.
func TestNoAllocs(t *testing.T) {
	check := func(name string, p *Policy, req Request) {
		t.Helper()
		if n := testing.AllocsPerRun(100, func() { p.Evaluate(req) }); n != 0 {
			t.Errorf("%s: Evaluate allocates %v times per run, want 0", name, n)
		}
	}
	for _, r := range benchRows {
		p, req := r.setup(t)
		check(r.name, p, req)
	}
	for _, n := range []int{10, 1000} {
		p := mustParse(t, scalingPolicy(n), scalingLimits())
		last, none := scalingRequests(n)
		check(fmt.Sprintf("Scaling/Last/%d", n), p, last)
		check(fmt.Sprintf("Scaling/None/%d", n), p, none)
	}
	for _, w := range worstCases() {
		p := mustParse(t, []byte(w.policy))
		if got := p.Evaluate(w.req); got != w.want {
			t.Fatalf("%s: Evaluate = %v, want %v", w.name, got, w.want)
		}
		check(w.name, p, w.req)
	}
}

// BenchmarkWorstCaseLength matches the two slowest worst-case patterns
// against subjects of growing length: the time per byte stays flat, which is
// what linear means.
func BenchmarkWorstCaseLength(b *testing.B) {
	for _, pat := range []struct{ name, text string }{
		{"Stars14Floating", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b*"},
		{"QuestionSegment64", "*" + strings.Repeat("a?", 31) + "ac*"},
	} {
		p, perr := compilePattern(pat.text, syntax{wildcards: true}, &Limits{}, false)
		if perr != nil {
			b.Fatal(perr)
		}
		for _, n := range []int{1 << 10, 1 << 12, 1 << 14, 1 << 16} {
			s := strings.Repeat("a", n)
			if p.match(s, nil) {
				b.Fatal("unexpected match")
			}
			b.Run(fmt.Sprintf("%s/%d", pat.name, n), func(b *testing.B) {
				b.SetBytes(int64(n))
				for b.Loop() {
					p.match(s, nil)
				}
			})
		}
	}
}
