package bucketpolicy

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// corpusCases loads every case of testdata once, for seeding the fuzz
// targets.
var corpusCases = sync.OnceValue(func() []Case {
	var all []Case
	filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".jsonl") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		cases, err := ReadCases(f)
		if err != nil {
			return err
		}
		all = append(all, cases...)
		return nil
	})
	return all
})

// validPolicies are the corpus policies that parse, with their dialect.
var validPolicies = sync.OnceValue(func() []*Policy {
	var ps []*Policy
	for i := range corpusCases() {
		c := &corpusCases()[i]
		if c.Expect == "invalid" {
			continue
		}
		var opts []Option
		if c.Dialect != 0 {
			opts = append(opts, WithDialect(c.Dialect))
		}
		if p, err := Parse(c.Policy, opts...); err == nil {
			ps = append(ps, p)
		}
	}
	return ps
})

// checkDecisions evaluates req every way there is and requires the answers
// to agree: Evaluate with and without the index, Explain, Authorize.
func checkDecisions(t *testing.T, p *Policy, req Request) Decision {
	t.Helper()
	d := p.Evaluate(req)
	if d > Deny {
		t.Fatalf("Evaluate returned %v", d)
	}
	if again := p.Evaluate(req); again != d {
		t.Fatalf("Evaluate is not deterministic: %v then %v", d, again)
	}
	x := p.Explain(req)
	if x.Decision != d {
		t.Fatalf("Explain says %v, Evaluate %v", x.Decision, d)
	}
	for _, s := range x.Statements {
		if s.Effect == Deny && d != Deny {
			t.Fatalf("a Deny statement applied but the decision is %v", d)
		}
	}
	indexed := *p
	indexed.index = buildIndex(p.statements, 0)
	if got := indexed.Evaluate(req); got != d {
		t.Fatalf("with the index: %v, without: %v", got, d)
	}
	want := d == Allow || (d == NoDecision && req.Owner) || (req.Owner && isPolicyAction(p.Dialect(), req.Action))
	if got := p.Authorize(req); got != want {
		t.Fatalf("Authorize = %v with decision %v", got, d)
	}
	return d
}

// FuzzParse feeds any bytes to Parse in every dialect. A document is
// either rejected with an *Error or parsed into a policy that re-marshals
// to the same bytes, is valid JSON, and evaluates requests without panics
// and with consistent answers.
func FuzzParse(f *testing.F) {
	for _, c := range corpusCases() {
		f.Add(c.Policy, uint8(c.Dialect), c.Request.Action, c.Request.Resource)
	}
	f.Add([]byte("\xef\xbb\xbf{}"), uint8(0), "s3:GetObject", "arn:aws:s3:::b/k")
	f.Fuzz(func(t *testing.T, doc []byte, dialect uint8, action, resource string) {
		var opts []Option
		if d := Dialect(dialect % 5); d != 0 {
			opts = append(opts, WithDialect(d))
		}
		p, err := Parse(doc, opts...)
		if err != nil {
			var pe *Error
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
		for _, req := range []Request{
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
		if c.Expect == "invalid" {
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
		checkDecisions(t, p, Request{Principal: principal, Account: account, Owner: owner,
			Action: action, Resource: resource, Context: ctx})
	})
}

// FuzzMatch holds the wildcard matcher to the reference matcher of
// pattern_test.go.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"a*a*a*b", "aaaaab"}, {"*?*", ""}, {"a?c", "aéc"}, {"*ab?d*", "xxabcdxx"},
		{"??*??", "abc"}, {"*é?*", "\xff\xe9?"}, {"a*b?c*d", "a-b-c-b_c--d"},
	} {
		f.Add(s[0], s[1])
	}
	lim := Limits{}.resolve(AWS)
	f.Fuzz(func(t *testing.T, pat, s string) {
		if !utf8.ValidString(pat) || len(pat) > 64 || len(s) > 256 {
			return // policies are valid UTF-8; keep the reference matcher quick
		}
		p, err := compilePattern(pat, syntax{wildcards: true}, &lim, false)
		if err != nil {
			if !err.limit {
				t.Fatalf("compile %q: %v", pat, err)
			}
			return
		}
		if got, want := p.match(s, nil), refMatch(pat, s); got != want {
			t.Fatalf("match(%q, %q) = %v, reference says %v", pat, s, got, want)
		}
	})
}
