package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// defaultMaxObjectSize bounds what one PutObject may store: the gateway keeps
// a body in memory while it checks its digests.
const defaultMaxObjectSize = 256 << 20

// gateway is the example server: one dialect, one set of identities, one
// store. It is safe for concurrent use.
type gateway struct {
	cfg   config
	lib   bucketpolicy.Dialect // cfg.Dialect, as the library names it
	keys  map[string]identity
	store *store
	// mapper maps every request to the checks of its bucket policy;
	// policies answers the ?policy API and keeps each bucket's compiled
	// policy for enforcement (enforce.go, policy.go).
	mapper   *policyhttp.Mapper
	policies *policyhttp.PolicyHandler
}

// newGateway builds the server from cfg; the handler it returns serves the
// S3-style API of cfg.Dialect.
func newGateway(cfg config) (http.Handler, error) {
	return buildGateway(cfg)
}

func buildGateway(cfg config) (*gateway, error) {
	if _, ok := defaultRegion[cfg.Dialect]; !ok {
		return nil, fmt.Errorf("dialect %q: want aws, obs, oss or cos", cfg.Dialect)
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion[cfg.Dialect]
	}
	if cfg.MaxObjectSize <= 0 {
		cfg.MaxObjectSize = defaultMaxObjectSize
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	for i, s := range cfg.VirtualHostSuffix {
		cfg.VirtualHostSuffix[i] = strings.ToLower(strings.Trim(s, "."))
	}
	st, err := newStore(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	g := &gateway{cfg: cfg, lib: libDialect[cfg.Dialect], keys: map[string]identity{}, store: st}
	for _, id := range cfg.Identities {
		g.keys[id.AccessKeyID] = id
	}
	g.mapper = g.newMapper()
	g.policies = g.newPolicyHandler()
	return g, nil
}

// address is where a request points: a bucket (empty for the service) and a
// key (empty for the bucket itself).
type address struct {
	bucket string
	key    string
	byHost bool // the Host header named the bucket (virtual-host style)
}

// exchange is what the gateway knows of a request once it has
// authenticated and mapped it: enforce and the handlers get it.
type exchange struct {
	m      *policyhttp.Mapping // the operation, and what it asks of the bucket policy
	addr   address
	caller *caller
	bucket *bucket   // nil for ListBuckets, and for a bucket that does not exist (CreateBucket)
	now    time.Time // the request's time, from the gateway's clock
}

type ctxKey struct{}

// requestID is the id the gateway gave r.
func requestID(r *http.Request) string {
	id, _ := r.Context().Value(ctxKey{}).(string)
	return id
}

func newRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}

// hostID is S3's x-amz-id-2: an opaque token derived from the request id.
func hostID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := newRequestID()
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, id))
	h := w.Header()
	h.Set(requestIDHeader[g.cfg.Dialect], id)
	switch g.cfg.Dialect {
	case dialectAWS:
		h.Set("x-amz-id-2", hostID(id))
		h.Set("Server", "AmazonS3")
	case dialectOBS:
		h.Set("x-obs-id-2", hostID(id))
		h.Set("Server", "OBS")
	case dialectOSS:
		h.Set("Server", "AliyunOSS")
	case dialectCOS:
		h.Set("Server", "tencent-cos")
	}
	if e := g.serve(w, r); e != nil {
		g.writeError(w, r, e)
	}
}

// serve answers one request: it reads what the request addresses,
// authenticates the caller, maps the request with the library (an
// operation or value the mapper cannot read is answered as the cloud
// does), answers the ?policy API through the library's handler, and
// enforces the bucket policy on every other operation before it runs.
func (g *gateway) serve(w http.ResponseWriter, r *http.Request) *apiError {
	x := &exchange{now: g.cfg.Now()}
	var e *apiError
	if x.addr, e = g.address(r); e != nil {
		return e
	}
	if x.caller, e = g.authenticate(r, x.addr, x.now); e != nil {
		return e
	}
	if r.Method == http.MethodPost && x.addr.bucket != "" && x.addr.key == "" && r.URL.Query().Has("delete") {
		// Read a DeleteObjects body whole first, so that a body that does
		// not match its signed digest is answered as such; the mapper
		// reads it next, and puts it back for the handler.
		body, err := io.ReadAll(io.LimitReader(r.Body, maxDeleteBody+1))
		if err != nil {
			return bodyError(err)
		}
		if len(body) > maxDeleteBody {
			return errorf(http.StatusBadRequest, "MalformedXML", "The DeleteObjects body exceeds %d bytes", maxDeleteBody)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	if x.addr.bucket != "" {
		x.bucket = g.store.bucket(x.addr.bucket)
	}
	m, err := g.mapper.Map(r, g.libCaller(x.caller, x.bucket), x.now)
	if err != nil {
		policyhttp.WriteError(w, r, g.lib, err, requestID(r))
		return nil
	}
	x.m = m
	if m.Bucket != x.addr.bucket || m.Key != x.addr.key {
		// Both read the same host and path; if they ever disagree, the
		// policy would decide for another object than the one served.
		return errorf(http.StatusBadRequest, "InvalidRequest", "The request addresses %q/%q to the gateway and %q/%q to the policy mapper",
			x.addr.bucket, x.addr.key, m.Bucket, m.Key)
	}
	if x.bucket == nil && m.Bucket != "" && !notGoverned[m.Operation] {
		return errNoSuchBucket
	}
	if policyhttp.IsPolicyOperation(m) {
		g.policies.Serve(w, r, m, requestID(r))
		return nil
	}
	run, e := g.operation(r, x)
	if e != nil {
		return e
	}
	if !g.enforce(w, r, x) {
		return nil
	}
	return run(g, w, r, x)
}

// bodyError turns a failure while reading a body into the reply: a digest
// the client signed that the body does not match, or a broken upload.
func bodyError(err error) *apiError {
	if e, ok := err.(*apiError); ok {
		return e
	}
	return errorf(http.StatusBadRequest, "IncompleteBody", "The request body could not be read: %v", err)
}

// bucketFromHost reads the bucket from a virtual-host style Host header:
// <bucket>.<suffix> for each configured suffix, and for COS always
// <name>-<appid>.cos.<region>.myqcloud.com. byHost reports whether the host
// is one of the gateway's names (then an empty name is the service).
func (g *gateway) bucketFromHost(hostport string) (name string, byHost bool) {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(host)
	suffixes := g.cfg.VirtualHostSuffix
	if g.cfg.Dialect == dialectCOS {
		if host == "service.cos.myqcloud.com" {
			return "", true
		}
		suffixes = append([]string{"cos." + g.cfg.Region + ".myqcloud.com"}, suffixes...)
	}
	for _, s := range suffixes {
		if host == s {
			return "", true
		}
		if strings.HasSuffix(host, "."+s) {
			return strings.TrimSuffix(host, "."+s), true
		}
	}
	return "", false
}

// address finds the bucket and key: from the host in virtual-host style,
// else from the first path segment (path style). COS names buckets only by
// host.
func (g *gateway) address(r *http.Request) (address, *apiError) {
	path := strings.TrimPrefix(r.URL.Path, "/")
	name, byHost := g.bucketFromHost(r.Host)
	if byHost {
		return address{bucket: name, key: path, byHost: name != ""}, nil
	}
	if g.cfg.Dialect == dialectCOS && path != "" {
		return address{}, errorf(http.StatusBadRequest, "InvalidURI",
			"COS names buckets by host: <name>-<appid>.cos.%s.myqcloud.com", g.cfg.Region)
	}
	bucketName, key, _ := strings.Cut(path, "/")
	return address{bucket: bucketName, key: key}, nil
}
