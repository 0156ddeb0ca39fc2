package bucketpolicy

import (
	"errors"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"unicode/utf8"
)

// refMatch is the obviously correct matcher the compiled one is held to:
// a dynamic-programming table over the characters of pattern and subject,
// where '*' matches any run, '?' one character (a UTF-8 sequence, or one
// byte that does not start a valid one), and every other byte itself.
func refMatch(pattern, s string) bool {
	// The subject's characters as byte offsets.
	var starts []int
	for i := 0; i < len(s); {
		starts = append(starts, i)
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	starts = append(starts, len(s))
	// ok[j]: the pattern so far matches s[:starts[j]]... but literals are
	// bytes, so track byte positions that are reachable.
	reach := make([]bool, len(s)+1)
	reach[0] = true
	isStart := make([]bool, len(s)+1)
	for _, p := range starts {
		isStart[p] = true
	}
	for i := 0; i < len(pattern); i++ {
		next := make([]bool, len(s)+1)
		switch c := pattern[i]; c {
		case '*':
			on := false
			for j := 0; j <= len(s); j++ {
				if reach[j] {
					on = true
				}
				if on && isStart[j] {
					next[j] = true
				}
			}
		case '?':
			for k := 0; k+1 < len(starts); k++ {
				if reach[starts[k]] {
					next[starts[k+1]] = true
				}
			}
		default:
			for j := 0; j < len(s); j++ {
				if reach[j] && s[j] == c {
					next[j+1] = true
				}
			}
		}
		reach = next
	}
	return reach[len(s)]
}

func compileTest(t testing.TB, text string) pattern {
	t.Helper()
	p, err := compilePattern(text, syntax{wildcards: true}, &Limits{}, false)
	if err != nil {
		t.Fatalf("compile %q: %v", text, err)
	}
	return p
}

func TestPatternMatch(t *testing.T) {
	tests := []struct {
		pattern string
		kind    patKind
		yes, no []string
	}{
		{"abc", patExact, []string{"abc"}, []string{"", "ab", "abcd", "ABC"}},
		{"", patExact, []string{""}, []string{"a"}},
		{"*", patAll, []string{"", "anything/at:all"}, nil},
		{"**", patAll, []string{"", "x"}, nil},
		{"a/*", patPrefix, []string{"a/", "a/b/c"}, []string{"a", "b/a/"}},
		{"*.txt", patSuffix, []string{".txt", "a/b.txt"}, []string{"a.txt/", "txt"}},
		{"a*z", patPrefixSuffix, []string{"az", "a-z", "a/b/z"}, []string{"a", "z", "za"}},
		{"aa*aa", patPrefixSuffix, []string{"aaaa", "aa-aa"}, []string{"aaa"}},
		{"*mid*", patContains, []string{"mid", "a mid b"}, []string{"mi d"}},
		{"a?c", patGeneral, []string{"abc", "a/c", "aéc", "a\xffc"}, []string{"ac", "abbc", "a\xe2\x82c"}},
		{"?", patGeneral, []string{"a", "é", "€", "\xff"}, []string{"", "ab", "\xe2\x82"}},
		{"*a*b*c*", patGeneral, []string{"abc", "xaxbxcx", "cabbc"}, []string{"acb", "cba"}},
		{"a*b?c*d", patGeneral, []string{"abxcd", "a-b-c-b_c--d"}, []string{"abcd", "abxcx"}},
		{"*?*", patGeneral, []string{"x", "xyz"}, []string{""}},
		{"[a]{b}", patExact, []string{"[a]{b}"}, []string{"a", "{b}"}},
		{`a\*`, patPrefix, []string{`a\`, `a\b`}, []string{"a*"}},
	}
	for _, tt := range tests {
		p := compileTest(t, tt.pattern)
		if p.kind != tt.kind {
			t.Errorf("%q compiled to kind %d, want %d", tt.pattern, p.kind, tt.kind)
		}
		for _, s := range tt.yes {
			if !p.match(s, nil) {
				t.Errorf("%q does not match %q", tt.pattern, s)
			}
			if !refMatch(tt.pattern, s) {
				t.Errorf("reference: %q does not match %q", tt.pattern, s)
			}
		}
		for _, s := range tt.no {
			if p.match(s, nil) {
				t.Errorf("%q matches %q", tt.pattern, s)
			}
			if refMatch(tt.pattern, s) {
				t.Errorf("reference: %q matches %q", tt.pattern, s)
			}
		}
	}
}

// TestPatternAgainstReference compares the matcher with the reference on
// every pattern and subject over a small alphabet, up to a few characters:
// an exhaustive check of the segment logic (head, tail, leftmost search,
// shift-and).
func TestPatternAgainstReference(t *testing.T) {
	alphabet := []string{"a", "b", "*", "?", "é"}
	subjects := []string{""}
	for n := 0; n < 4; n++ {
		var more []string
		for _, s := range subjects {
			if utf8.RuneCountInString(s) == n {
				for _, c := range []string{"a", "b", "é", "\xff"} {
					more = append(more, s+c)
				}
			}
		}
		subjects = append(subjects, more...)
	}
	var patterns []string
	var gen func(prefix string, depth int)
	gen = func(prefix string, depth int) {
		patterns = append(patterns, prefix)
		if depth == 0 {
			return
		}
		for _, c := range alphabet {
			gen(prefix+c, depth-1)
		}
	}
	gen("", 5)
	checked := 0
	for _, pat := range patterns {
		p := compileTest(t, pat)
		for _, s := range subjects {
			if got, want := p.match(s, nil), refMatch(pat, s); got != want {
				t.Fatalf("match(%q, %q) = %v, reference says %v", pat, s, got, want)
			}
			checked++
		}
	}
	t.Logf("%d pattern/subject pairs agree", checked)
}

func TestPatternBounds(t *testing.T) {
	if _, err := compilePattern("*${aws:username}?x*", syntax{wildcards: true, variables: true}, &Limits{}, true); err == nil || !err.limit {
		t.Errorf("a variable and '?' between two '*' compiled: %v", err)
	}
	lim := Limits{}.resolve(AWS)
	tests := []struct {
		name, text string
		want       string // substring of the error, "" for success
	}{
		{"64-character ? segment", "*" + strings.Repeat("a?", 32) + "*", ""},
		{"65-character ? segment", "*" + strings.Repeat("a?", 32) + "a*", "limit is 64"},
		{"long ? run alone between stars", "*" + strings.Repeat("?", 200) + "*", ""},
		{"long text alone between stars", "*" + strings.Repeat("a", 2000) + "*", ""},
		{"long ? segment anchored at the start", strings.Repeat("a?", 100) + "*", ""},
		{"256 wildcards", strings.Repeat("*a", 256), ""},
		{"257 wildcards", strings.Repeat("*a", 257), "257 wildcards"},
	}
	for _, tt := range tests {
		_, err := compilePattern(tt.text, syntax{wildcards: true}, &lim, false)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.msg, tt.want) || !err.limit):
			t.Errorf("%s: err = %v, want a limit error containing %q", tt.name, err, tt.want)
		}
	}
}

// TestPatternByteLimit: every name, pattern and value is held to the
// pattern limit in one place, with one message, whatever element holds it.
func TestPatternByteLimit(t *testing.T) {
	long := strings.Repeat("a", 4097)
	stmt := func(principal, action, resource, cond string) string {
		return `{"Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"` + action +
			`","Resource":"` + resource + `","Condition":` + cond + `}]}`
	}
	okCond := `{"StringEquals":{"k":"v"}}`
	tests := []struct{ name, doc, path string }{
		{"action", stmt(`"*"`, "s3:"+long, "*", okCond), "Statement[0].Action"},
		{"resource", stmt(`"*"`, "s3:GetObject", "arn:aws:s3:::b/"+long, okCond), "Statement[0].Resource"},
		{"principal", stmt(`{"AWS":"`+long+`"}`, "s3:GetObject", "*", okCond), "Statement[0].Principal.AWS"},
		{"condition key", stmt(`"*"`, "s3:GetObject", "*", `{"StringEquals":{"`+long+`":"v"}}`), "Statement[0].Condition.StringEquals." + long},
		{"condition value", stmt(`"*"`, "s3:GetObject", "*", `{"StringEquals":{"k":"`+long+`"}}`), "Statement[0].Condition.StringEquals.k"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), WithLimits(Limits{DocumentBytes: 1 << 20}))
			var pe *Error
			if !errors.As(err, &pe) || !errors.Is(err, ErrLimit) ||
				!strings.Contains(pe.Message, "the limit for one name, pattern or value is 4096") || pe.Path != tt.path {
				t.Errorf("err = %v, want the pattern limit at %s", err, tt.path)
			}
		})
	}
	if _, err := Parse([]byte(stmt(`"*"`, "s3:GetObject", "arn:aws:s3:::b/"+long[:4096-len("arn:aws:s3:::b/")], okCond))); err != nil {
		t.Errorf("a 4096-byte resource: %v", err)
	}
}

func TestVariables(t *testing.T) {
	ctx := map[string][]string{
		"aws:username": {"alice"},
		"aws:userid":   {"AID*"},
		"aws:multi":    {"a", "b"},
		"AWS:Dup":      {"x"},
		"aws:DUP":      {"y"},
	}
	tests := []struct {
		pattern, subject string
		want             bool
	}{
		{"home/${aws:username}/*", "home/alice/x", true},
		{"home/${AWS:USERNAME}/*", "home/alice/x", true},
		{"home/${aws:username}/*", "home/bob/x", false},
		{"${aws:userid}", "AID*", true},
		{"${aws:userid}", "AIDX", false}, // a substituted '*' is literal
		{"*${aws:userid}", "xAID*", true},
		{"${*}${?}${$}", "*?$", true},
		{"${*}", "x", false},
		{"${aws:absent, 'anon'}/*", "anon/x", true},
		{"${aws:absent,'anon'}", "anon", true},
		{"${aws:absent}", "", false},
		{"${aws:multi}", "a", false},
		{"${aws:multi, 'd'}", "d", false}, // several values: unresolvable even with a default
		{"${aws:dup}", "x", false},        // two spellings, neither exact: ambiguous
		{"*${aws:username}x*", "..alicex..", true},
		{"*${aws:username}x*", "..alice-x..", false},
		{"${aws:username}?x*", "alice-x..", true},
	}
	for _, tt := range tests {
		pat, err := compilePattern(tt.pattern, syntax{wildcards: true, variables: true}, &Limits{}, true)
		if err != nil {
			t.Fatalf("%q: %v", tt.pattern, err)
		}
		req := Request{Context: ctx}
		e := evaluation{dialect: AWS, req: &req}
		if got := pat.match(tt.subject, &e); got != tt.want {
			t.Errorf("%q against %q = %v, want %v", tt.pattern, tt.subject, got, tt.want)
		}
	}
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

// TestParseIPv4 holds the IPv4 fast path to netip: it reads exactly what
// netip reads as an IPv4 address, as the same number, and leaves every
// other string to netip.
func TestParseIPv4(t *testing.T) {
	inputs := []string{"10.1.2.3", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5",
		"01.2.3.4", "1.02.3.4", "1.2.3.00", "1.2.3.0", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4:80",
		"1.2.3.4%eth0", "::ffff:1.2.3.4", "::1", "1.2.3.-4", "+1.2.3.4", " 1.2.3.4", "1.2.3.4 ", "1000.1.1.1", "9.9.9.9"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		b := make([]byte, 7+r.IntN(9))
		for i := range b {
			b[i] = "0123456789.:"[r.IntN(12)]
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		got, ok := parseIPv4(s)
		a, err := netip.ParseAddr(s)
		want := err == nil && a.Is4()
		if ok != want || (ok && got != be32(a.As4())) {
			t.Fatalf("parseIPv4(%q) = %x, %v; netip says %v, %v", s, got, ok, a, err)
		}
	}
}

// TestFoldInto holds the eight-bytes-at-a-time fold to the obvious one,
// on every byte value at every position and on random strings.
func TestFoldInto(t *testing.T) {
	slow := func(a string) string {
		b := []byte(a)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	var buf [actionBuf]byte
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 19; pos++ {
			b := []byte("s3:GetObjectVersion")
			b[pos] = byte(c)
			if got, want := foldInto(string(b), &buf), slow(string(b)); got != want {
				t.Fatalf("foldInto(%q) = %q, want %q", b, got, want)
			}
		}
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		b := make([]byte, r.IntN(200))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		if got, want := foldInto(string(b), &buf), slow(string(b)); got != want {
			t.Fatalf("foldInto(%q) = %q, want %q", b, got, want)
		}
	}
}
