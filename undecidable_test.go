package bucketpolicy_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
)

// The fail-closed law: making a request value undecidable never turns a
// deny into an allow or no decision, and never turns no decision into an
// allow. Over generated policies and requests, each request is changed in
// one of the ways a host gets wrong:
//
//   - a typed value made unreadable: an IP address with its port, a date
//     in HTTP format, a number in exponent form, a boolean as "yes";
//   - a second value for a key that the policy reads with single-value
//     operators only;
//   - the key moved to two foreign spellings (in the dialects whose keys
//     are case-insensitive).
//
// The first two apply only to keys the policy reads with one family of
// operators (and Null), so that the change cannot also be read as a
// different, readable string.

// unreadable gives, for a typed key, a value no operator of its family
// can read.
var unreadable = map[string]func(string) string{
	"aws:SourceIp":        func(v string) string { return v + ":5555" },
	"acs:SourceIp":        func(v string) string { return "[" + v + "]:443" },
	"s3:max-keys":         func(string) string { return "1e3" },
	"aws:CurrentTime":     func(string) string { return "Mon, 30 Nov 2026 09:00:00 GMT" },
	"aws:SecureTransport": func(string) string { return "yes" },
	"acs:SecureTransport": func(string) string { return "1" },
}

// families lists the operator families of the conditions a policy has on
// each key; "set" marks a key some condition reads with a set qualifier.
func families(g genPolicy) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, s := range g.stmts {
		for _, c := range s.conditions {
			fam := c.op
			if q, base, ok := strings.Cut(c.op, ":"); ok {
				fam = "set"
				_ = q
				_ = base
			}
			fam = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(fam, "Not"), "String"), "IfExists")
			switch {
			case strings.HasPrefix(c.op, "Numeric"):
				fam = "numeric"
			case strings.HasPrefix(c.op, "Date"):
				fam = "date"
			case strings.Contains(c.op, "IpAddress"):
				fam = "ip"
			case c.op == "Bool":
				fam = "bool"
			case c.op == "Null":
				fam = "null"
			case fam != "set":
				fam = "string"
			}
			if out[c.key] == nil {
				out[c.key] = map[string]bool{}
			}
			out[c.key][fam] = true
		}
		for _, r := range s.resources {
			if strings.Contains(r, "${aws:username}") {
				if out["aws:username"] == nil {
					out["aws:username"] = map[string]bool{}
				}
				out["aws:username"]["variable"] = true
			}
		}
	}
	return out
}

// onlyFamily reports whether a key is read by one typed family (and Null).
func onlyFamily(fams map[string]bool) bool {
	n := 0
	for f := range fams {
		switch f {
		case "null":
		case "numeric", "date", "ip", "bool":
			n++
		default:
			return false
		}
	}
	return n == 1
}

// swapCase flips the case of every ASCII letter: a spelling of the key
// that is neither the policy's nor the usual one.
func swapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

func cloneContext(ctx map[string][]string) map[string][]string {
	out := make(map[string][]string, len(ctx))
	for k, v := range ctx {
		out[k] = slices.Clone(v)
	}
	return out
}

func TestUndecidableFailsClosed(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	counts := map[string]int{}
	changed := 0
	for round := range 4000 {
		d := bucketpolicy.AWS
		if round%4 == 3 {
			d = bucketpolicy.OSS
		}
		g := genPolicyFor(r, d)
		p := g.parse(t)
		fams := families(g)
		for range 10 {
			req := genRequest(r, d)
			before := checkDecisions(t, p, req)
			keys := make([]string, 0, len(req.Context))
			for k, v := range req.Context {
				if len(v) == 1 {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			if len(keys) == 0 {
				continue
			}
			k := pick(r, keys)
			v := req.Context[k][0]
			variant := req
			variant.Context = cloneContext(req.Context)
			var how string
			switch kind := r.IntN(3); {
			case kind == 0 && unreadable[k] != nil && onlyFamily(fams[k]):
				variant.Context[k] = []string{unreadable[k](v)}
				how = "unreadable"
			case kind == 1 && fams[k] != nil && !fams[k]["set"]:
				variant.Context[k] = []string{v, v + "-other"}
				how = "second value"
			default:
				delete(variant.Context, k)
				variant.Context[strings.ToUpper(k)] = []string{v}
				variant.Context[swapCase(k)] = []string{v}
				how = "two spellings"
			}
			counts[how]++
			after := checkDecisions(t, p, variant)
			if after != before {
				changed++
			}
			if (before == bucketpolicy.Deny && after != bucketpolicy.Deny) ||
				(before == bucketpolicy.NoDecision && after == bucketpolicy.Allow) {
				a, _ := json.Marshal(req)
				b, _ := json.Marshal(variant)
				t.Fatalf("%s on %s turned %v into %v\npolicy: %s\nrequest: %s\nvariant: %s", how, k, before, after, g.doc(), a, b)
			}
		}
	}
	for _, how := range []string{"unreadable", "second value", "two spellings"} {
		if counts[how] < 100 {
			t.Errorf("only %d requests made undecidable by %s", counts[how], how)
		}
	}
	if changed == 0 {
		t.Error("no decision changed: the variants do not reach the conditions")
	}
	t.Logf("variants: %v; %d decisions changed, none towards allow", counts, changed)
}
