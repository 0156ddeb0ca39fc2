package bucketpolicy_test

import (
	"errors"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/casefile"
)

// TestCorpus runs every case file under testdata. Beside the expected
// decision it checks that every way of evaluating the request agrees (see
// checkDecisions).
func TestCorpus(t *testing.T) {
	total := 0
	files := corpusFiles(t)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			cases, err := casefile.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			total += len(cases)
			for i := range cases {
				c := &cases[i]
				r := c.Run()
				if m := c.Mismatch(r); m != "" {
					t.Errorf("%s:%d: %s: %s", file, c.Line, c.Name, m)
					continue
				}
				if r.Decision == "invalid" {
					var pe *bucketpolicy.Error
					if !errors.As(r.Err, &pe) {
						t.Errorf("%s:%d: %s: the error is %T, want *Error", file, c.Line, c.Name, r.Err)
					}
					continue
				}
				if c.Request != nil {
					checkDecisions(t, r.Policy, *c.Request)
				}
				// An HTTP case's checks carry their keys in Request.Keys:
				// every way of evaluating them agrees too.
				if r.Mapping != nil && r.Policy != nil {
					for i := range r.Mapping.Checks {
						checkDecisions(t, r.Policy, r.Mapping.Checks[i].Request)
					}
				}
			}
		})
	}
	t.Logf("%d cases in %d files", total, len(files))
}
