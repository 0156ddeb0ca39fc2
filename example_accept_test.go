package bucketpolicy_test

import (
	"errors"
	"fmt"

	"github.com/bucketpolicy/bucketpolicy"
)

// A PUT /?policy handler parses the body as the cloud's PutBucketPolicy
// would for the bucket in the request: S3 refuses an action it does not
// define, an action that applies to none of its statement's resources, and
// a resource of another bucket.
func ExampleWithBucket() {
	doc := []byte(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Effect": "Allow",
	    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
	    "Action": ["s3:GetObject", "s3:ListBucket"],
	    "Resource": "arn:aws:s3:::example-bucket/*"
	  }]
	}`)
	if _, err := bucketpolicy.Parse(doc); err == nil {
		fmt.Println("Parse: ok")
	}
	_, err := bucketpolicy.Parse(doc, bucketpolicy.WithBucket("example-bucket"))
	var pe *bucketpolicy.Error
	if errors.As(err, &pe) {
		fmt.Println(pe.Code, pe.Position())
		fmt.Println(pe)
	}
	// Output:
	// Parse: ok
	// MalformedPolicy 6:33
	// Statement[0].Action[1]: Action does not apply to any resource(s) in statement: "s3:ListBucket" applies to resources of type accesspoint, bucket, and the statement's resources are "arn:aws:s3:::example-bucket/*" (of type object); add the bucket, arn:aws:s3:::example-bucket
}

// Under Block Public Access a host refuses a public policy (S3 and OSS
// answer 403 AccessDenied); the verdict says which statement is public and
// why.
func ExamplePolicy_Public() {
	doc := []byte(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "FromOurVpc",
	    "Effect": "Allow",
	    "Principal": "*",
	    "Action": "s3:GetObject",
	    "Resource": "arn:aws:s3:::example-bucket/*",
	    "Condition": {"StringLike": {"aws:SourceVpc": "vpc-*"}}
	  }]
	}`)
	policy, err := bucketpolicy.Parse(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	v := policy.Public()
	fmt.Println(v.Public)
	for _, s := range v.Statements {
		fmt.Printf("statement %d %q: %s\n", s.Index, s.Sid, s.Reason)
	}
	// Output:
	// true
	// statement 0 "FromOurVpc": Principal "*" is everyone, and none of its conditions fixes a key that limits who can call (StringLike aws:SourceVpc: "vpc-*" has a wildcard)
}
