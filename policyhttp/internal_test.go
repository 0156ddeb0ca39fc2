package policyhttp

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFormatTime: the hand-written format gives what AppendFormat gives,
// for times in every zone, at the edges of the four-digit years and
// beyond them (where it defers to AppendFormat).
func TestFormatTime(t *testing.T) {
	east := time.FixedZone("east", 8*3600)
	for _, tm := range []time.Time{
		time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, east), // the day before in UTC
		time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 6, 15, 12, 30, 45, 0, time.UTC),
		time.Unix(0, 0),
	} {
		want := tm.UTC().Format("2006-01-02T15:04:05Z")
		if got := string(formatTime([]byte("x"), tm)); got != "x"+want {
			t.Errorf("formatTime(%v) = %q, want %q", tm, got, "x"+want)
		}
	}
}

// TestRouteIndex: routing through the index finds, for every row of every
// table, the first row of the table with the same method, level, keyword,
// copy flag and selectors, as a scan of the whole table does.
func TestRouteIndex(t *testing.T) {
	for _, cl := range []*cloud{s3Cloud, obsCloud, ossCloud, ossVectorCloud, cosCloud} {
		for i := range cl.routes {
			rt := &cl.routes[i]
			var q query
			put := func(name, value string) {
				for k := range q.n {
					if p := q.at(k); p.name == name {
						p.value, p.hasValue = value, value != ""
						return
					}
				}
				q.add(param{name: name, value: value, hasValue: value != ""})
			}
			if rt.sub != "" {
				put(rt.sub, "")
			}
			for _, n := range rt.need {
				put(n, "1")
			}
			if rt.eq[0] != "" {
				put(rt.eq[0], rt.eq[1])
			}
			got, err := cl.route(rt.method, rt.level, &q, rt.copy)
			if err != nil {
				t.Errorf("%v %s: %v", cl.dialect, rt.op, err)
				continue
			}
			for j := range cl.routes[:i+1] {
				w := &cl.routes[j]
				if w.method == rt.method && w.level == rt.level && w.sub == rt.sub && w.copy == rt.copy &&
					sameSet(w.need, rt.need) && (w.eq[0] == "" || w.eq == rt.eq) {
					if got != w {
						t.Errorf("%v %s: routed to %s, the table scan finds %s", cl.dialect, rt.op, got.op, w.op)
					}
					break
				}
			}
		}
	}
}

// TestReset: reset leaves a Mapping that has held a mapping equal to a
// zero Mapping, so that MapInto on a pooled Mapping starts clean (a field
// added to Mapping and forgotten in reset fails here).
func TestReset(t *testing.T) {
	var mp Mapping
	mp.Operation, mp.Bucket, mp.Key, mp.method, mp.path, mp.host = "Op", "b", "k", "GET", "/b/k", "h"
	mp.caller, mp.dialect = Caller{Principal: "p", Account: "a"}, 1
	for i := range maxKeys + 3 {
		mp.add("k"+itoa(i), "v")
	}
	mp.Checks = append(mp.checks[:0], Check{Bucket: "b"}, Check{Key: "k"})
	mp.reset()
	if !reflect.DeepEqual(mp, Mapping{}) {
		t.Errorf("after reset: %+v", mp)
	}
}

// TestParseQueryOverflow: parameters past the inline ones are kept, found
// and checked for duplicates like the first ones; one past maxParams is an
// error.
func TestParseQueryOverflow(t *testing.T) {
	raw := ""
	for i := range 20 {
		raw += "&p" + itoa(i) + "=" + itoa(i)
	}
	var q query
	if err := parseQuery(raw[1:], &q); err != nil || q.n != 20 {
		t.Fatalf("parseQuery: %v, %d parameters", err, q.n)
	}
	for i := range 20 {
		if v, ok := q.get("p" + itoa(i)); !ok || v != itoa(i) {
			t.Errorf("p%d = %q, %v", i, v, ok)
		}
	}
	var dup query
	if err := parseQuery(raw[1:]+"&p3=x", &dup); err == nil {
		t.Error("a parameter named again past the inline ones is accepted")
	}
	many := raw
	for i := 20; i <= maxParams; i++ {
		many += "&p" + itoa(i)
	}
	var over query
	if err := parseQuery(many[1:], &over); err == nil {
		t.Errorf("%d parameters are accepted", maxParams+1)
	}
}

// TestIPv4Port: the fast reading of a peer address agrees with
// netip.ParseAddrPort wherever it answers, and leaves the rest to it.
func TestIPv4Port(t *testing.T) {
	for _, s := range []string{
		"10.1.2.3:5555", "0.0.0.0:0", "255.255.255.255:65535", "1.2.3.4:00080",
		"256.1.2.3:1", "01.2.3.4:1", "1.2.3:4", "1.2.3.4", "1.2.3.4:", "1.2.3.4:65536",
		"1.2.3.4:123456", "1.2.3.4:8a", "1.2.3.4.5:1", "[::1]:80", "::ffff:1.2.3.4", "", "a.b.c.d:1",
		"1..2.3:4", "1.2.3.4:-1", "1.2.3.4::1", "0001.2.3.4:1",
	} {
		a, host, ok := ipv4Port(s)
		ap, err := netip.ParseAddrPort(s)
		if !ok {
			if err == nil && ap.Addr().Is4() && !strings.HasPrefix(s, "[") {
				t.Errorf("%q: not read, netip reads %v", s, ap)
			}
			continue
		}
		if err != nil || ap.Addr() != a || host != ap.Addr().String() {
			t.Errorf("%q: read as %v %q, netip says %v, %v", s, a, host, ap, err)
		}
	}
}

func FuzzIPv4Port(f *testing.F) {
	for _, s := range []string{"10.1.2.3:5555", "1.2.3.4:00080", "01.2.3.4:1", "[::1]:80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, host, ok := ipv4Port(s)
		if !ok {
			return
		}
		ap, err := netip.ParseAddrPort(s)
		if err != nil || ap.Addr() != a || host != ap.Addr().String() {
			t.Errorf("%q: read as %v %q, netip says %v, %v", s, a, host, ap, err)
		}
	})
}
