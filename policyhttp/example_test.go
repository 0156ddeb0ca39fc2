package policyhttp_test

import (
	"fmt"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// A server's enforcement path: the host authenticates the caller, the
// mapper turns the request into checks, Enforce decides them against the
// bucket's policy and answers a refusal with the cloud's 403.
func Example() {
	policy, _ := bucketpolicy.Parse([]byte(`{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
		 "Resource": "arn:aws:s3:::photos/public/*"},
		{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
		 "Resource": "arn:aws:s3:::photos/*",
		 "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`),
		bucketpolicy.WithDialect(bucketpolicy.AWS))
	mapper := &policyhttp.Mapper{Dialect: bucketpolicy.AWS, VirtualHostSuffixes: []string{"s3.example.com"}}
	anonymous := policyhttp.Caller{}
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

	for _, url := range []string{
		"https://photos.s3.example.com/public/cat.jpg",
		"http://photos.s3.example.com/public/cat.jpg",
		"https://photos.s3.example.com/public/cat.jpg?versionId=2",
	} {
		r := httptest.NewRequest("GET", url, nil)
		w := httptest.NewRecorder()
		m, err := mapper.Map(r, anonymous, now)
		if err != nil {
			policyhttp.WriteError(w, r, bucketpolicy.AWS, err, "REQ1")
			continue
		}
		if m.Enforce(w, policy, "REQ1") {
			fmt.Println(m.Operation, m.Checks[0].Action, "allowed")
			continue
		}
		fmt.Println(m.Operation, m.Checks[0].Action, w.Code)
	}
	// Output:
	// GetObject s3:GetObject allowed
	// GetObject s3:GetObject 403
	// GetObject s3:GetObjectVersion 403
}

// The hot path of a busy server: Mappings come from a sync.Pool, so that
// mapping a request does not allocate its 2 KB Mapping.
func ExampleMapper_MapInto() {
	policy, _ := bucketpolicy.Parse([]byte(`{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
		 "Resource": "arn:aws:s3:::photos/public/*"}]}`),
		bucketpolicy.WithDialect(bucketpolicy.AWS))
	mapper := &policyhttp.Mapper{Dialect: bucketpolicy.AWS}
	mappings := sync.Pool{New: func() any { return new(policyhttp.Mapping) }}
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

	for _, path := range []string{"/photos/public/cat.jpg", "/photos/private/cat.jpg"} {
		r := httptest.NewRequest("GET", path, nil)
		w := httptest.NewRecorder()
		m := mappings.Get().(*policyhttp.Mapping)
		if err := mapper.MapInto(m, r, policyhttp.Caller{}, now); err != nil {
			policyhttp.WriteError(w, r, bucketpolicy.AWS, err, "REQ1")
		} else if m.Enforce(w, policy, "REQ1") {
			fmt.Println(path, "allowed")
		} else {
			fmt.Println(path, w.Code)
		}
		mappings.Put(m) // nothing of m is used past this point
	}
	// Output:
	// /photos/public/cat.jpg allowed
	// /photos/private/cat.jpg 403
}
