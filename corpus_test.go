package bucketpolicy

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpus runs every case file under testdata. Beside the expected
// decision it checks that Explain and Authorize agree with Evaluate.
func TestCorpus(t *testing.T) {
	var files []string
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".jsonl") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no case files under testdata")
	}
	total := 0
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			cases, err := ReadCases(f)
			if err != nil {
				t.Fatal(err)
			}
			total += len(cases)
			for i := range cases {
				c := &cases[i]
				got, perr := c.Run()
				if m := c.Mismatch(got, perr); m != "" {
					t.Errorf("%s:%d: %s: %s", file, c.Line, c.Name, m)
					continue
				}
				if got == "invalid" {
					if _, ok := perr.(*Error); !ok {
						t.Errorf("%s:%d: %s: the error is %T, want *Error", file, c.Line, c.Name, perr)
					}
					continue
				}
				checkAgreement(t, c)
			}
		})
	}
	t.Logf("%d cases in %d files", total, len(files))
}

// checkAgreement checks that Explain and Authorize agree with Evaluate.
func checkAgreement(t *testing.T, c *Case) {
	t.Helper()
	var opts []Option
	if c.Dialect != 0 {
		opts = append(opts, WithDialect(c.Dialect))
	}
	p, err := Parse(c.Policy, opts...)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	d := p.Evaluate(c.Request)
	x := p.Explain(c.Request)
	if x.Decision != d {
		t.Errorf("%s: Explain says %v, Evaluate %v", c.Name, x.Decision, d)
	}
	// The index decides how much work is done, never the answer: evaluate
	// again with every policy indexed, however small.
	indexed := *p
	indexed.index = buildIndex(p.statements, 0)
	if got := indexed.Evaluate(c.Request); got != d {
		t.Errorf("%s: with the index Evaluate says %v, without %v", c.Name, got, d)
	}
	want := d == Allow || (d == NoDecision && c.Request.Owner) ||
		(c.Request.Owner && isPolicyAction(p.Dialect(), c.Request.Action))
	if got := p.Authorize(c.Request); got != want {
		t.Errorf("%s: Authorize = %v, want %v (decision %v)", c.Name, got, want, d)
	}
}
