package policyhttp_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// The end-to-end path a host pays per request: from a ready *http.Request
// to the decision, on the Small3 policy of the benchmark shapes
// (shared/bench): a GetObject of public/a.txt, path style, from 10.1.2.3
// with the shapes' User-Agent and Referer.

func benchRequest(tb testing.TB) (*bucketpolicy.Policy, *http.Request, time.Time) {
	tb.Helper()
	doc, err := os.ReadFile("../testdata/bench/small3.json")
	if err != nil {
		tb.Fatal(err)
	}
	p, err := bucketpolicy.Parse(doc, bucketpolicy.WithDialect(bucketpolicy.AWS))
	if err != nil {
		tb.Fatal(err)
	}
	r, err := http.NewRequest("GET", "http://s3.example.com/mybucket/public/a.txt", nil)
	if err != nil {
		tb.Fatal(err)
	}
	r.RemoteAddr = "10.1.2.3:5555"
	r.Header.Set("User-Agent", "aws-sdk-go/1.0")
	r.Header.Set("Referer", "https://www.example.com/page")
	return p, r, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
}

var benchCaller = policyhttp.Caller{Principal: "alice", Account: "111122223333"}

// BenchmarkEndToEnd/Mapper maps and decides; Baseline builds the context
// map by hand, as a host did before this package, and evaluates the same
// check. Both must answer allow.
func BenchmarkEndToEnd(b *testing.B) {
	p, r, now := benchRequest(b)
	mapper := &policyhttp.Mapper{Dialect: bucketpolicy.AWS}
	b.Run("Mapper", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m, err := mapper.Map(r, benchCaller, now)
			if err != nil {
				b.Fatal(err)
			}
			if m.Decide(p) != bucketpolicy.Allow {
				b.Fatal("not allowed")
			}
		}
	})
	// Pooled is the hot path a server takes: a Mapping from a sync.Pool,
	// MapInto, Decide, the Mapping back to the pool.
	pool := sync.Pool{New: func() any { return new(policyhttp.Mapping) }}
	b.Run("Pooled", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			m := pool.Get().(*policyhttp.Mapping)
			if err := mapper.MapInto(m, r, benchCaller, now); err != nil {
				b.Fatal(err)
			}
			if m.Decide(p) != bucketpolicy.Allow {
				b.Fatal("not allowed")
			}
			pool.Put(m)
		}
	})
	b.Run("Baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if handMade(r, now, p) != bucketpolicy.Allow {
				b.Fatal("not allowed")
			}
		}
	})
}

// handMade is the glue a host wrote before: the context as a fresh map,
// the bucket and key from the path, the action from the method.
func handMade(r *http.Request, now time.Time, p *bucketpolicy.Policy) bucketpolicy.Decision {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	secure := "false"
	if r.TLS != nil {
		secure = "true"
	}
	ctx := map[string][]string{
		"aws:SourceIp":        {host},
		"aws:SecureTransport": {secure},
		"aws:CurrentTime":     {now.UTC().Format(time.RFC3339)},
		"aws:EpochTime":       {strconv.FormatInt(now.Unix(), 10)},
		"aws:UserAgent":       {r.UserAgent()},
		"aws:Referer":         {r.Referer()},
		"aws:PrincipalType":   {"User"},
		"aws:username":        {"alice"},
	}
	return p.Evaluate(bucketpolicy.Request{
		Principal: "alice",
		Account:   "111122223333",
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::" + r.URL.Path[1:],
		Context:   ctx,
	})
}

func TestEndToEndAllocs(t *testing.T) {
	p, r, now := benchRequest(t)
	mapper := &policyhttp.Mapper{Dialect: bucketpolicy.AWS}
	allocs := testing.AllocsPerRun(100, func() {
		m, err := mapper.Map(r, benchCaller, now)
		if err != nil || m.Decide(p) != bucketpolicy.Allow {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("Map and Decide allocate %v times, want at most 2", allocs)
	}
	var mp policyhttp.Mapping
	allocs = testing.AllocsPerRun(100, func() {
		if err := mapper.MapInto(&mp, r, benchCaller, now); err != nil || mp.Decide(p) != bucketpolicy.Allow {
			t.Fatal(err)
		}
	})
	if allocs > 1 {
		t.Errorf("MapInto and Decide allocate %v times, want at most 1 (the text of the resource and times)", allocs)
	}
}

// TestMapIntoReuse: a Mapping reused by MapInto holds exactly what Map
// would give, whatever it held before (a multi-object delete with a check
// per key, keys past the inline storage), and nothing after an error.
func TestMapIntoReuse(t *testing.T) {
	mapper := &policyhttp.Mapper{Dialect: bucketpolicy.AWS}
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	caller := policyhttp.Caller{Principal: "alice", Account: "1"}
	del := func() *http.Request {
		body := "<Delete><Object><Key>a</Key></Object><Object><Key>b</Key></Object><Object><Key>c</Key></Object></Delete>"
		r := httptest.NewRequest("POST", "/bkt?delete", strings.NewReader(body))
		r.RemoteAddr = "10.0.0.1:1"
		return r
	}
	tagged := func() *http.Request {
		r := httptest.NewRequest("PUT", "/bkt/k", nil)
		r.RemoteAddr = "10.0.0.1:1"
		tags := "t0=0"
		for i := 1; i < 10; i++ {
			tags += "&t" + strconv.Itoa(i) + "=" + strconv.Itoa(i)
		}
		r.Header.Set("X-Amz-Tagging", tags)
		return r
	}
	get := func() *http.Request {
		r := httptest.NewRequest("GET", "/bkt/k", nil)
		r.RemoteAddr = "10.0.0.1:1"
		return r
	}
	var mp policyhttp.Mapping
	for _, mk := range []func() *http.Request{del, tagged, get, del, get} {
		want, err := mapper.Map(mk(), caller, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := mapper.MapInto(&mp, mk(), caller, now); err != nil {
			t.Fatal(err)
		}
		if mp.Operation != want.Operation || mp.Bucket != want.Bucket || mp.Key != want.Key || !reflect.DeepEqual(mp.Checks, want.Checks) {
			t.Errorf("MapInto after reuse: %s %d checks %+v, Map: %s %d checks %+v", mp.Operation, len(mp.Checks), mp.Checks, want.Operation, len(want.Checks), want.Checks)
		}
	}
	bad := httptest.NewRequest("GET", "/bkt/k?unknownSubresource", nil)
	bad.RemoteAddr = "10.0.0.1:1"
	if err := mapper.MapInto(&mp, bad, caller, now); err == nil {
		t.Fatal("an unknown parameter maps")
	}
	if mp.Operation != "" || len(mp.Checks) != 0 {
		t.Errorf("after an error the Mapping holds %s with %d checks", mp.Operation, len(mp.Checks))
	}
}
