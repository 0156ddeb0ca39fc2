package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestPolicyLoad: 64 concurrent clients of one SDK per dialect, 40
// requests each, mixing policy PUTs and GETs by the owner with object reads
// and writes by another account, while the policy alternates between two
// documents that grant that account disjoint prefixes (a/ and b/). Every
// reply must be expected (a success, or AccessDenied where the policy
// refuses); every decision must be the one a policy that may have been in
// force during the request makes; every GET of the policy must return one
// of the two documents exactly.
func TestPolicyLoad(t *testing.T) {
	const clients, perClient = 64, 40
	for _, k := range sdkKinds {
		t.Run(k.name, func(t *testing.T) { loadPolicies(t, k, clients, perClient) })
	}
}

// loadEvent is one request of the load: its logical start and end (a
// counter all clients share, so that events are totally ordered), and
// what it did.
type loadEvent struct {
	start, end int64
	kind       string // "put" (a policy), "get" (a policy), "read", "write" (an object, by the other account)
	policy     int    // put, get: which document (0: a/, 1: b/)
	prefix     int    // read, write: which prefix (0: a/, 1: b/)
	allowed    bool   // read, write: whether it was let through
}

func loadPolicies(t *testing.T, k sdkKind, clients, perClient int) {
	tg := startGateway(t, k.dialect)
	if tr, ok := tg.Client().Transport.(*http.Transport); ok {
		tr.MaxIdleConnsPerHost = clients
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	owner, other := tg.ids["owner"], tg.ids["other"]
	kit := kitFor(tg)
	bucket := k.bucket("load-bucket")
	oc := k.client(t, tg, &owner)
	mustOK(t, "create bucket", oc.createBucket(ctx, bucket))
	prefixes := [2]string{"a/", "b/"}
	for _, p := range prefixes {
		for i := range 8 {
			key := fmt.Sprintf("%s%d", p, i)
			mustOK(t, "PutObject", oc.putObject(ctx, bucket, key, []byte(key)))
		}
	}
	var docs, sent [2]string
	for i, p := range prefixes {
		docs[i] = kit.doc(bucket, stmt{principal: other.Account, actions: []string{"GetObject", "PutObject"}, prefix: p})
	}
	// Both documents once (so that the bytes each SDK sends are known),
	// ending with a/'s, which is in force when the load starts.
	for _, i := range []int{1, 0} {
		s, _, err := oc.putPolicy(ctx, bucket, docs[i])
		mustOK(t, "PutBucketPolicy", err)
		sent[i] = s
	}

	var clock atomic.Int64
	var mu sync.Mutex
	events := []loadEvent{{start: 0, end: 0, kind: "put", policy: 0}}
	var unexpected []string
	record := func(e loadEvent) {
		mu.Lock()
		events = append(events, e)
		mu.Unlock()
	}
	fail := func(format string, args ...any) {
		mu.Lock()
		unexpected = append(unexpected, fmt.Sprintf(format, args...))
		mu.Unlock()
	}
	// The clients go in rounds, one request each a round, with a barrier
	// between rounds, so that the policy in force is sometimes known for
	// certain: in every fourth round four clients put the same document
	// (a/'s and b/'s in turn); in every eighth, two others put the two
	// documents at once (the last writer wins), so that neither is known
	// until the next round of puts. Everyone else reads and writes objects
	// as the other account, or as the owner, or gets the policy.
	rounds := make([]sync.WaitGroup, perClient)
	for r := range rounds {
		rounds[r].Add(clients)
	}
	var wg sync.WaitGroup
	for c := range clients {
		ownerC, otherC := k.client(t, tg, &owner), k.client(t, tg, &other)
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			for r := range perClient {
				e := loadEvent{prefix: rng.IntN(2)}
				key := fmt.Sprintf("%s%d", prefixes[e.prefix], rng.IntN(8))
				var err error
				e.start = clock.Add(1)
				op := rng.IntN(10)
				switch {
				case r%4 == 0 && c < 4:
					e.kind, e.policy = "put", (r/4)%2
				case r%8 == 6 && c < 2:
					e.kind, e.policy = "put", c
				case op == 0:
					e.kind = "get"
				case op < 5:
					e.kind = "read"
				case op < 8:
					e.kind = "write"
				default:
					e.kind = "owner"
				}
				switch e.kind {
				case "put":
					var s string
					s, _, err = ownerC.putPolicy(ctx, bucket, docs[e.policy])
					if err == nil && s != sent[e.policy] {
						fail("PutBucketPolicy sent %q, want %q", s, sent[e.policy])
					}
				case "get":
					var got string
					got, err = ownerC.getPolicy(ctx, bucket)
					switch {
					case err != nil:
					case got == sent[0]:
						e.policy = 0
					case got == sent[1]:
						e.policy = 1
					default:
						fail("GetBucketPolicy returned neither document: %q", got)
						e.kind = "torn"
					}
				case "read":
					var got []byte
					got, err = otherC.getObject(ctx, bucket, key)
					if err == nil && string(got) != key {
						fail("GetObject %s: %q", key, got)
					}
				case "write":
					err = otherC.putObject(ctx, bucket, key, []byte(key))
				case "owner":
					if op == 8 {
						_, err = ownerC.getObject(ctx, bucket, key)
					} else {
						err = ownerC.putObject(ctx, bucket, key, []byte(key))
					}
				}
				e.end = clock.Add(1)
				e.allowed = err == nil
				if code, _ := k.code(err); err != nil && (code != "AccessDenied" || e.kind != "read" && e.kind != "write") {
					fail("%s %s by client %d: %v", e.kind, key, c, err)
				} else if e.kind != "torn" {
					record(e)
				}
				rounds[r].Done()
				rounds[r].Wait()
			}
		}()
	}
	wg.Wait()
	for i, u := range unexpected {
		if i == 10 {
			t.Errorf("... and %d more", len(unexpected)-10)
			break
		}
		t.Error(u)
	}
	if n := clients * perClient; len(events)+len(unexpected) != n+1 {
		t.Errorf("%d events and %d unexpected replies, want %d requests", len(events)-1, len(unexpected), n)
	}
	decisive, checked := checkLoadDecisions(t, events)
	t.Logf("%s: %d requests by %d clients, %d policy puts, %d decisions checked, %d of them with only one policy possibly in force",
		k.name, clients*perClient, clients, countKind(events, "put")-1, checked, decisive)
	if decisive < checked/4 {
		t.Errorf("only %d of %d decisions had one policy possibly in force: the test says little", decisive, checked)
	}
}

func countKind(events []loadEvent, kind string) int {
	n := 0
	for _, e := range events {
		if e.kind == kind {
			n++
		}
	}
	return n
}

// checkLoadDecisions checks each read, write and policy GET against the
// policies that may have been in force during it. A put j may have been in
// force during [s, e] when it began before e, and no put k that began
// after j ended had ended before s (which would have replaced j for
// certain). A read or write of prefix p is allowed under document p and
// refused under the other; a GET returns the document in force.
func checkLoadDecisions(t *testing.T, events []loadEvent) (decisive, checked int) {
	t.Helper()
	var puts []loadEvent
	for _, e := range events {
		if e.kind == "put" {
			puts = append(puts, e)
		}
	}
	sort.Slice(puts, func(i, j int) bool { return puts[i].start < puts[j].start })
	// replacedBy[j]: the earliest end of a put that began after put j ended.
	replacedBy := make([]int64, len(puts))
	for j := range puts {
		replacedBy[j] = 1 << 62
		i := sort.Search(len(puts), func(i int) bool { return puts[i].start > puts[j].end })
		for ; i < len(puts); i++ {
			replacedBy[j] = min(replacedBy[j], puts[i].end)
		}
	}
	bad := 0
	for _, e := range events {
		if e.kind != "read" && e.kind != "write" && e.kind != "get" || e.start == 0 {
			continue
		}
		var possible [2]bool
		for j, p := range puts {
			if p.start < e.end && replacedBy[j] > e.start {
				possible[p.policy] = true
			}
		}
		checked++
		if possible[0] != possible[1] {
			decisive++
		}
		ok := false
		switch e.kind {
		case "get":
			ok = possible[e.policy]
		default:
			// Allowed needs the document of its prefix; refused, the other.
			if e.allowed {
				ok = possible[e.prefix]
			} else {
				ok = possible[1-e.prefix]
			}
		}
		if !ok && bad < 10 {
			t.Errorf("%s of prefix %d (allowed %v, policy %d) during [%d, %d]: no policy possibly in force then decides so (possible: %v)",
				e.kind, e.prefix, e.allowed, e.policy, e.start, e.end, possible)
		}
		if !ok {
			bad++
		}
	}
	return decisive, checked
}
