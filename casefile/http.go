package casefile

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// HTTP cases: the request a server received, the caller as the host
// authenticated it and the host's endpoint settings; the mapper turns them
// into checks, which the policy decides.

func strictDecode(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func parseHTTP(c *Case, cl *caseLine) error {
	if cl.HTTP == nil {
		if cl.Caller != nil || cl.Endpoint != nil || cl.ExpectChecks != nil {
			return errors.New(`"caller", "endpoint" and "expect_checks" belong to HTTP cases (with "http")`)
		}
		return nil
	}
	c.HTTP = new(HTTPRequest)
	if err := strictDecode(cl.HTTP, c.HTTP); err != nil {
		return fmt.Errorf("http: %w", err)
	}
	if c.HTTP.Method == "" || c.HTTP.URL == "" || c.HTTP.RemoteAddr == "" || c.HTTP.Time == "" {
		return errors.New(`http: "method", "url", "remote_addr" and "time" are required`)
	}
	if _, err := time.Parse(time.RFC3339, c.HTTP.Time); err != nil {
		return fmt.Errorf("http: time: %w", err)
	}
	if cl.Caller != nil {
		c.Caller = new(Caller)
		if err := strictDecode(cl.Caller, c.Caller); err != nil {
			return fmt.Errorf("caller: %w", err)
		}
	}
	if cl.Endpoint != nil {
		c.Endpoint = new(Endpoint)
		if err := strictDecode(cl.Endpoint, c.Endpoint); err != nil {
			return fmt.Errorf("endpoint: %w", err)
		}
		for _, p := range c.Endpoint.TrustedProxies {
			if _, err := netip.ParsePrefix(p); err != nil {
				return fmt.Errorf("endpoint: trusted_proxies: %w", err)
			}
		}
	}
	if cl.ExpectChecks != nil {
		if err := strictDecode(cl.ExpectChecks, &c.ExpectChecks); err != nil {
			return fmt.Errorf("expect_checks: %w", err)
		}
		if c.ExpectChecks == nil {
			c.ExpectChecks = []ExpectedCheck{}
		}
	}
	return nil
}

// Mapper returns the mapper an HTTP case describes.
func (c *Case) Mapper() *policyhttp.Mapper {
	m := &policyhttp.Mapper{Dialect: c.Dialect}
	if m.Dialect == 0 {
		m.Dialect = bucketpolicy.AWS
	}
	if e := c.Endpoint; e != nil {
		m.VirtualHostSuffixes = e.VirtualHostSuffixes
		for _, p := range e.TrustedProxies {
			m.TrustedProxies = append(m.TrustedProxies, netip.MustParsePrefix(p)) // checked when read
		}
		m.Region, m.BucketOwner = e.Region, e.BucketOwner
	}
	return m
}

// BuildRequest builds the *http.Request an HTTP case describes, with its caller and time.
func (c *Case) BuildRequest() (*http.Request, policyhttp.Caller, time.Time, error) {
	h := c.HTTP
	var caller policyhttp.Caller
	t, _ := time.Parse(time.RFC3339, h.Time) // checked when read
	// A path is read as a server reads a request line (url.ParseRequestURI,
	// so that "//key" stays a path); an absolute URL as a client writes it.
	target := h.URL
	if strings.HasPrefix(target, "/") {
		target = "http://request.invalid/"
	}
	r, err := http.NewRequest(h.Method, target, strings.NewReader(h.Body))
	if err != nil {
		return nil, caller, t, err
	}
	if strings.HasPrefix(h.URL, "/") {
		if r.URL, err = url.ParseRequestURI(h.URL); err != nil {
			return nil, caller, t, err
		}
		r.RequestURI, r.Host = h.URL, ""
	}
	if h.Body == "" {
		r.Body = http.NoBody
	}
	for name, vals := range h.Headers {
		for _, v := range vals {
			r.Header.Add(name, v)
		}
	}
	// As net/http's server does: one Host header becomes r.Host; several
	// stay in the header, for the mapper to refuse.
	if hosts := r.Header.Values("Host"); len(hosts) == 1 {
		r.Host = hosts[0]
		r.Header.Del("Host")
	} else if len(hosts) > 1 {
		r.Host = ""
	}
	r.RemoteAddr = h.RemoteAddr
	if h.TLS {
		r.TLS = &tls.ConnectionState{}
	}
	if cc := c.Caller; cc != nil {
		caller = policyhttp.Caller{Principal: cc.Principal, Account: cc.Account, Owner: cc.Owner,
			AccessKeyID: cc.AccessKeyID, UserID: cc.UserID, Auth: cc.Auth, AuthType: cc.AuthType, Tags: cc.Tags}
	}
	caller.SourceVpc = h.SourceVpc
	return r, caller, t, nil
}

// runHTTP maps the case's request and decides its checks.
func (c *Case) runHTTP(r *Result) {
	req, caller, t, err := c.BuildRequest()
	if err == nil {
		r.Mapping, err = c.Mapper().Map(req, caller, t)
	}
	if err != nil {
		r.Decision, r.Err = "unmapped", err
		return
	}
	if r.Policy != nil {
		r.Decision = r.Mapping.Decide(r.Policy).String()
	}
}

// checksMismatch compares the computed checks with the expected ones.
func (c *Case) checksMismatch(m *policyhttp.Mapping) string {
	if m == nil {
		return "want checks, got none (the request was not mapped)"
	}
	if len(m.Checks) != len(c.ExpectChecks) {
		return fmt.Sprintf("want %d checks, got %d: %s", len(c.ExpectChecks), len(m.Checks), describeChecks(m.Checks))
	}
	for i, want := range c.ExpectChecks {
		got := &m.Checks[i]
		if got.Action != want.Action || got.Resource != want.Resource {
			return fmt.Sprintf("check %d: want %s on %s, got %s on %s", i, want.Action, want.Resource, got.Action, got.Resource)
		}
		ctx := CheckContext(got)
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range want.Context {
				if !yield(k) {
					return
				}
			}
		}) {
			if v, ok := ctx[k]; !ok || !slices.Equal(v, want.Context[k]) {
				if !ok {
					return fmt.Sprintf("check %d (%s): want %s = %q, got no such key", i, got.Action, k, want.Context[k])
				}
				return fmt.Sprintf("check %d (%s): want %s = %q, got %q", i, got.Action, k, want.Context[k], v)
			}
		}
		for _, k := range want.Absent {
			if v, ok := ctx[k]; ok {
				return fmt.Sprintf("check %d (%s): want %s absent, got %q", i, got.Action, k, v)
			}
		}
	}
	return ""
}

// CheckContext returns a check's condition keys as a map.
func CheckContext(chk *policyhttp.Check) map[string][]string {
	ctx := make(map[string][]string, len(chk.Keys)+len(chk.Context))
	for k, v := range chk.Context {
		ctx[k] = v
	}
	for _, kv := range chk.Keys {
		ctx[kv.Name] = kv.Values
	}
	return ctx
}

func describeChecks(checks []policyhttp.Check) string {
	var parts []string
	for _, c := range checks {
		parts = append(parts, c.Action+" on "+c.Resource)
	}
	return strings.Join(parts, ", ")
}
