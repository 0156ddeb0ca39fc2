package bucketpolicy_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bucketpolicy/bucketpolicy"
)

// FuzzParse feeds any bytes to Parse in every dialect. A document is
// either rejected with an *Error or parsed into a policy that re-marshals
// to the same bytes, is valid JSON, and evaluates requests without panics
// and with consistent answers.
func FuzzParse(f *testing.F) {
	for _, c := range corpusCases() {
		var action, resource string
		if c.Request != nil {
			action, resource = c.Request.Action, c.Request.Resource
		}
		f.Add(c.Policy, uint8(c.Dialect), action, resource)
	}
	f.Add([]byte("\xef\xbb\xbf{}"), uint8(0), "s3:GetObject", "arn:aws:s3:::b/k")
	f.Fuzz(func(t *testing.T, doc []byte, dialect uint8, action, resource string) {
		var opts []bucketpolicy.Option
		if d := bucketpolicy.Dialect(dialect % 5); d != 0 {
			opts = append(opts, bucketpolicy.WithDialect(d))
		}
		p, err := bucketpolicy.Parse(doc, opts...)
		if err != nil {
			var pe *bucketpolicy.Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if pe.Offset > len(doc) || pe.Code == "" || pe.Message == "" {
				t.Fatalf("malformed error %+v", pe)
			}
			return
		}
		if !json.Valid(doc) || !utf8.Valid(doc) {
			t.Fatalf("parsed a document that is not valid JSON: %q", doc)
		}
		b, _ := p.MarshalJSON()
		if string(b) != string(doc) {
			t.Fatal("MarshalJSON changed the document")
		}
		for _, req := range []bucketpolicy.Request{
			{Action: action, Resource: resource},
			{Principal: "alice", Owner: true, Action: action, Resource: resource,
				Context: map[string][]string{"aws:SourceIp": {resource}, "aws:username": {action, resource}}},
		} {
			checkDecisions(t, p, req)
		}
	})
}

// FuzzEvaluate evaluates fuzzed requests, strings of any bytes, against the
// corpus policies.
func FuzzEvaluate(f *testing.F) {
	for i, c := range corpusCases() {
		if c.Request == nil {
			continue
		}
		var k, v string
		for key, vals := range c.Request.Context {
			if len(vals) > 0 && (k == "" || key < k) { // the first key, for stable seeds
				k, v = key, vals[0]
			}
		}
		f.Add(uint(i), c.Request.Principal, c.Request.Account, c.Request.Owner, c.Request.Action, c.Request.Resource, k, v, "")
	}
	f.Fuzz(func(t *testing.T, n uint, principal, account string, owner bool, action, resource, key, v1, v2 string) {
		ps := validPolicies()
		p := ps[n%uint(len(ps))]
		ctx := map[string][]string{}
		if key != "" {
			ctx[key] = []string{v1}
			if v2 != "" {
				ctx[strings.ToUpper(key)] = []string{v2}
				ctx[key+"x"] = []string{v1, v2}
			}
		}
		checkDecisions(t, p, bucketpolicy.Request{Principal: principal, Account: account, Owner: owner,
			Action: action, Resource: resource, Context: ctx})
	})
}
