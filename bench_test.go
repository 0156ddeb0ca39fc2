package bucketpolicy

import (
	"os"
	"testing"
)

// The benchmark shapes of ../shared/bench (copied to testdata/bench): every
// request comes from principal alice with the same context.

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
	name     string
	policy   string // file under testdata/bench
	action   string
	resource string
	want     Decision
}

var benchRows = []benchRow{
	{"Small3/Allow", "small3.json", "s3:GetObject", "arn:aws:s3:::mybucket/public/a.txt", Allow},
	{"Small3/VarAllow", "small3.json", "s3:PutObject", "arn:aws:s3:::mybucket/home/alice/x", Allow},
	{"Small3/Deny", "small3.json", "s3:DeleteObject", "arn:aws:s3:::mybucket/public/a.txt", Deny},
	{"Small3/NoMatch", "small3.json", "s3:GetObject", "arn:aws:s3:::mybucket/private/a.txt", NoDecision},
	{"Large100/AllowLast", "large100.json", "s3:GetObject", "arn:aws:s3:::mybucket/public/a.txt", Allow},
	{"Large100/NoMatch", "large100.json", "s3:GetObject", "arn:aws:s3:::mybucket/private/a.txt", NoDecision},
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
	return Request{Principal: "alice", Action: r.action, Resource: r.resource, Context: benchContext()}
}

func BenchmarkEvaluate(b *testing.B) {
	for _, r := range benchRows {
		b.Run(r.name, func(b *testing.B) {
			p := mustParse(b, readBench(b, r.policy))
			req := r.request()
			if got := p.Evaluate(req); got != r.want {
				b.Fatalf("Evaluate = %v, want %v", got, r.want)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				p.Evaluate(req)
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	for _, name := range []string{"Small3", "Large100"} {
		b.Run(name, func(b *testing.B) {
			file := map[string]string{"Small3": "small3.json", "Large100": "large100.json"}[name]
			doc := readBench(b, file)
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

// TestNoAllocs pins the promise that Evaluate allocates nothing for the
// benchmark shapes.
func TestNoAllocs(t *testing.T) {
	for _, r := range benchRows {
		p := mustParse(t, readBench(t, r.policy))
		req := r.request()
		if got := p.Evaluate(req); got != r.want {
			t.Fatalf("%s: Evaluate = %v, want %v", r.name, got, r.want)
		}
		if n := testing.AllocsPerRun(100, func() { p.Evaluate(req) }); n != 0 {
			t.Errorf("%s: Evaluate allocates %v times per run, want 0", r.name, n)
		}
	}
}
