package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testClock is the gateway's clock in tests: the real time plus an offset
// a test can move.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *testClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// testGateway is a gateway on a loopback port.
type testGateway struct {
	*httptest.Server
	g     *gateway
	clock *testClock
	ids   map[string]identity // by role: owner, alice (same account), other (another account)
}

// startGateway serves dialect d on 127.0.0.1, port 0, with the identities of
// credentials.example.json, until the test ends.
func startGateway(t *testing.T, d dialect, tweak ...func(*config)) *testGateway {
	t.Helper()
	ids, _, err := loadIdentities("credentials.example.json", d)
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{}
	cfg := config{Dialect: d, Identities: ids, Now: clock.now}
	for _, f := range tweak {
		f(&cfg)
	}
	g, err := buildGateway(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(g) // binds 127.0.0.1:0
	t.Cleanup(srv.Close)
	tg := &testGateway{Server: srv, g: g, clock: clock, ids: map[string]identity{}}
	// The example file lists, per dialect, the owner, a second identity of
	// the owner's account, and the root of another account.
	prefix := map[dialect]string{dialectAWS: "AKIA", dialectOBS: "OBS", dialectOSS: "LTAI", dialectCOS: "AKID"}[d]
	for _, id := range ids {
		if !strings.HasPrefix(id.AccessKeyID, prefix) {
			continue
		}
		switch {
		case strings.Contains(id.AccessKeyID, "OWNER"):
			tg.ids["owner"] = id
		case strings.Contains(id.AccessKeyID, "ALICE"):
			tg.ids["alice"] = id
		case strings.Contains(id.AccessKeyID, "OTHER"):
			tg.ids["other"] = id
		}
	}
	if len(tg.ids) != 3 {
		t.Fatalf("credentials.example.json: want owner, alice and other for %s, got %v", d, tg.ids)
	}
	return tg
}

// addr is the gateway's host:port.
func (tg *testGateway) addr() string { return tg.Listener.Addr().String() }

// loopbackClient is an HTTP client whose every connection goes to the
// gateway, whatever host the URL names: for COS's host-only addressing.
func (tg *testGateway) loopbackClient() *http.Client {
	addr := tg.addr()
	var d net.Dialer
	return &http.Client{
		Timeout: 20 * time.Second,
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return d.DialContext(ctx, network, addr)
			},
			MaxIdleConnsPerHost: 8,
		},
	}
}

// testContext bounds one test's requests in time.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// testData is an object body with every byte value, so a byte-exact
// round trip is checked.
func testData(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}
