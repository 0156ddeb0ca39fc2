package bucketpolicy_test

import (
	"errors"
	"fmt"

	"github.com/bucketpolicy/bucketpolicy"
)

func Example() {
	doc := []byte(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "PublicRead",
	    "Effect": "Allow",
	    "Principal": "*",
	    "Action": "s3:GetObject",
	    "Resource": "arn:aws:s3:::example-bucket/public/*",
	    "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
	  }]
	}`)
	policy, err := bucketpolicy.Parse(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	req := bucketpolicy.Request{
		Action:   "s3:GetObject",
		Resource: "arn:aws:s3:::example-bucket/public/logo.png",
		Context:  map[string][]string{"aws:SourceIp": {"203.0.113.7"}},
	}
	fmt.Println(policy.Evaluate(req))
	req.Context["aws:SourceIp"] = []string{"198.51.100.1"}
	fmt.Println(policy.Evaluate(req))
	// Output:
	// allow
	// none
}

func ExamplePolicy_Explain() {
	policy, _ := bucketpolicy.Parse([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [
	    {"Sid": "TeamRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
	     "Action": "s3:Get*", "Resource": "arn:aws:s3:::example-bucket/*"},
	    {"Sid": "NoSecrets", "Effect": "Deny", "Principal": "*",
	     "Action": "s3:*", "Resource": "arn:aws:s3:::example-bucket/secret/*"}
	  ]
	}`))
	x := policy.Explain(bucketpolicy.Request{
		Principal: "arn:aws:iam::111122223333:user/Bob",
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::example-bucket/secret/plan.txt",
	})
	fmt.Println(x.Decision)
	for _, s := range x.Statements {
		fmt.Printf("statement %d %q: %v\n", s.Index, s.Sid, s.Effect)
	}
	// Output:
	// deny
	// statement 0 "TeamRead": allow
	// statement 1 "NoSecrets": deny
}

func ExamplePolicy_Authorize() {
	policy, _ := bucketpolicy.Parse([]byte(`{"Version": "2012-10-17", "Statement": [
	  {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}`))
	read := bucketpolicy.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::example-bucket/a"}
	write := bucketpolicy.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::example-bucket/a"}
	ownerWrite := write
	ownerWrite.Owner = true
	fmt.Println(policy.Authorize(read), policy.Authorize(write), policy.Authorize(ownerWrite))
	// Output: true false true
}

func ExampleParse_error() {
	_, err := bucketpolicy.Parse([]byte(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::example-bucket/*",
    "Condtion": {"Bool": {"aws:SecureTransport": "true"}}
  }]
}`))
	var perr *bucketpolicy.Error
	if errors.As(err, &perr) {
		fmt.Println(perr.Code)
		fmt.Println(perr.Position())
		fmt.Println(perr)
	}
	// Output:
	// MalformedPolicy
	// 6:5
	// Statement[0].Condtion: unknown element "Condtion": did you mean "Condition"?
}

func ExampleParse_oss() {
	// The OSS owner rule: "*" without a Condition does not bind the owner.
	policy, _ := bucketpolicy.Parse([]byte(`{"Version": "1", "Statement": [{
	  "Effect": "Deny", "Principal": ["*"], "Action": ["oss:DeleteObject"],
	  "Resource": ["acs:oss:*:174649585760xxxx:example-bucket/*"]}]}`))
	req := bucketpolicy.Request{
		Principal: "20214760404935xxxx",
		Action:    "oss:DeleteObject",
		Resource:  "acs:oss:cn-hangzhou:174649585760xxxx:example-bucket/a.txt",
	}
	fmt.Println(policy.Dialect(), policy.Evaluate(req))
	req.Principal, req.Owner = "174649585760xxxx", true
	fmt.Println(policy.Dialect(), policy.Evaluate(req))
	// Output:
	// oss deny
	// oss none
}

func ExampleParse_cos() {
	// COS: a missing condition key makes even a negated condition false.
	policy, _ := bucketpolicy.Parse([]byte(`{"version": "2.0", "statement": [{
	  "effect": "deny", "principal": {"qcs": ["qcs::cam::anyone:anyone"]},
	  "action": ["name/cos:GetObject"],
	  "resource": ["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"],
	  "condition": {"ip_not_equal": {"qcs:ip": ["10.0.0.0/8"]}}}]}`))
	req := bucketpolicy.Request{
		Principal: "qcs::cam::uin/100000000001:uin/100000000011",
		Action:    "name/cos:GetObject",
		Resource:  "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/a.txt",
		Context:   map[string][]string{"qcs:ip": {"203.0.113.5"}},
	}
	fmt.Println(policy.Evaluate(req))
	req.Context = nil
	fmt.Println(policy.Evaluate(req))
	// Output:
	// deny
	// none
}
