package bucketpolicy_test

import (
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/casefile"
)

// Helpers shared by the external tests: the corpus, and the check that
// every way of evaluating a request agrees.

// corpusFiles lists the case files under testdata.
func corpusFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := casefile.Files("testdata")
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatal("no case files under testdata")
	}
	return files
}

// corpusCases loads every case of testdata once, for seeding the fuzz
// targets.
var corpusCases = sync.OnceValue(func() []casefile.Case {
	files, err := casefile.Files("testdata")
	if err != nil {
		panic(err)
	}
	var all []casefile.Case
	for _, f := range files {
		cases, err := casefile.ReadFile(f)
		if err != nil {
			panic(err)
		}
		all = append(all, cases...)
	}
	return all
})

// validPolicies are the corpus policies that parse.
var validPolicies = sync.OnceValue(func() []*bucketpolicy.Policy {
	var ps []*bucketpolicy.Policy
	for i := range corpusCases() {
		c := &corpusCases()[i]
		if c.Expect == "invalid" {
			continue
		}
		if p, err := bucketpolicy.Parse(c.Policy, c.Options()...); err == nil {
			ps = append(ps, p)
		}
	}
	return ps
})

// checkDecisions evaluates req every way there is and requires the answers
// to agree: Evaluate twice, with and without the index, Explain and
// Authorize. It returns Evaluate's decision.
func checkDecisions(t *testing.T, p *bucketpolicy.Policy, req bucketpolicy.Request) bucketpolicy.Decision {
	t.Helper()
	d := p.Evaluate(req)
	if d > bucketpolicy.Deny {
		t.Errorf("Evaluate returned %v", d)
	}
	if again := p.Evaluate(req); again != d {
		t.Errorf("Evaluate is not deterministic: %v then %v", d, again)
	}
	x := p.Explain(req)
	if x.Decision != d {
		t.Errorf("Explain says %v, Evaluate %v", x.Decision, d)
	}
	for _, s := range x.Statements {
		if s.Effect == bucketpolicy.Deny && d != bucketpolicy.Deny {
			t.Errorf("a Deny statement applied but the decision is %v", d)
		}
	}
	if got := bucketpolicy.Indexed(p).Evaluate(req); got != d {
		t.Errorf("with the index Evaluate says %v, without %v", got, d)
	}
	// The context as a list of keys means the same as the map.
	listed := req
	listed.Context = nil
	listed.Keys = nil
	for _, k := range slices.Sorted(maps.Keys(req.Context)) {
		listed.Keys = append(listed.Keys, bucketpolicy.Key{Name: k, Values: req.Context[k]})
	}
	if got := p.Evaluate(listed); len(listed.Keys) > 0 && got != d {
		t.Errorf("with the context in Keys Evaluate says %v, with the map %v", got, d)
	}
	want := d == bucketpolicy.Allow || (d == bucketpolicy.NoDecision && req.Owner) ||
		(req.Owner && bucketpolicy.IsPolicyAction(p.Dialect(), req.Action))
	if got := p.Authorize(req); got != want {
		t.Errorf("Authorize = %v, want %v (decision %v)", got, want, d)
	}
	return d
}
