package peers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/gobwas/glob"
)

// BenchmarkWildcardVersusGlob matches the library's two worst-case
// patterns (14 stars anchored, 16 stars floating) against 4,095 bytes of
// "a" with github.com/gobwas/glob, the backtracking matcher the library
// chose not to use, and with ours.
//
// Ours runs through the public API, which has no bare matcher: a policy
// whose one statement is an Allow under StringLike aws:UserAgent with the
// pattern, evaluated against a request whose user agent is the subject.
// That is not the same work as a bare match: it adds one evaluation's
// fixed cost (action and resource match, a context lookup). The
// ours/baseline row measures that cost with a pattern ("b*") rejected at
// the first byte, so ours/starsN minus ours/baseline estimates the match
// itself. Both engines compare the patterns the same way here: no '?',
// no character gobwas treats specially ('[', '{', '\'), no separators.
func BenchmarkWildcardVersusGlob(b *testing.B) {
	as := strings.Repeat("a", 4095)
	ours := func(b *testing.B, pattern string) {
		doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringLike":{"aws:UserAgent":"` + pattern + `"}}}]}`
		p, err := bucketpolicy.Parse([]byte(doc))
		if err != nil {
			b.Fatal(err)
		}
		req := bucketpolicy.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: map[string][]string{"aws:UserAgent": {as}}}
		if got := p.Evaluate(req); got != bucketpolicy.NoDecision {
			b.Fatalf("Evaluate = %v, want %v", got, bucketpolicy.NoDecision)
		}
		b.ReportAllocs()
		b.SetBytes(int64(len(as)))
		for b.Loop() {
			p.Evaluate(req)
		}
	}
	b.Run("ours/baseline", func(b *testing.B) { ours(b, "b*") })
	for _, pat := range []string{"a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b*"} {
		stars := strings.Count(pat, "*")
		b.Run(fmt.Sprintf("ours/stars%d", stars), func(b *testing.B) { ours(b, pat) })
		b.Run(fmt.Sprintf("gobwas/stars%d", stars), func(b *testing.B) {
			g := glob.MustCompile(pat)
			if g.Match(as) {
				b.Fatal("unexpected match")
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(as)))
			for b.Loop() {
				g.Match(as)
			}
		})
	}
}
