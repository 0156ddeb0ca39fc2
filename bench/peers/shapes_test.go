package peers

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
)

// The benchmark shapes of /work/shared/bench/README.md (the project's
// ../shared/bench): two aws policies and six requests, every one from
// principal alice with the same context.

// benchDir holds the benchmark policies, in the library's own testdata.
const benchDir = "../../testdata/bench"

// benchContext is the request context every shape uses, as the library's
// condition keys spell it.
func benchContext() map[string][]string {
	return map[string][]string{
		"aws:SourceIp":        {"10.1.2.3"},
		"aws:Referer":         {"https://www.example.com/page"},
		"aws:SecureTransport": {"true"},
		"aws:username":        {"alice"},
		"aws:UserAgent":       {"aws-sdk-go/1.0"},
	}
}

// shape is one row of the shape table.
type shape struct {
	name     string // Small3/Allow, ...
	policy   string // small3 or large100
	action   string
	resource string
	want     bucketpolicy.Decision
}

const principal = "alice"

var shapes = []shape{
	{"Small3/Allow", "small3", "s3:GetObject", "arn:aws:s3:::mybucket/public/a.txt", bucketpolicy.Allow},
	{"Small3/VarAllow", "small3", "s3:PutObject", "arn:aws:s3:::mybucket/home/alice/x", bucketpolicy.Allow},
	{"Small3/Deny", "small3", "s3:DeleteObject", "arn:aws:s3:::mybucket/public/a.txt", bucketpolicy.Deny},
	{"Small3/NoMatch", "small3", "s3:GetObject", "arn:aws:s3:::mybucket/private/a.txt", bucketpolicy.NoDecision},
	{"Large100/AllowLast", "large100", "s3:GetObject", "arn:aws:s3:::mybucket/public/a.txt", bucketpolicy.Allow},
	{"Large100/NoMatch", "large100", "s3:GetObject", "arn:aws:s3:::mybucket/private/a.txt", bucketpolicy.NoDecision},
}

// readPolicy returns the JSON of a benchmark policy.
func readPolicy(tb testing.TB, name string) []byte {
	tb.Helper()
	doc, err := os.ReadFile(filepath.Join(benchDir, name+".json"))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// readCedar returns the committed Cedar translation of a benchmark policy.
func readCedar(tb testing.TB, name string) []byte {
	tb.Helper()
	doc, err := os.ReadFile(filepath.Join("testdata", name+".cedar"))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}
