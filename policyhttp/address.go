package policyhttp

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/bucketpolicy/bucketpolicy"
)

// This file reads what a request addresses: the bucket (from the host name
// or the path), the key (the rest of the path, percent-decoded), and its
// query parameters.

// target is what a request addresses.
type target struct {
	bucket, key string
	level       level
	// Set by host names that say more than the bucket: a COS bucket host
	// names its region, an OSS vector bucket host its region and owner.
	region, owner string
	vector        bool // an OSS vector bucket
}

// level is what a request acts on.
type level uint8

const (
	levelService level = iota // no bucket: ListBuckets
	levelBucket
	levelObject
)

func (l level) String() string {
	return [...]string{"service", "bucket", "object"}[l]
}

// address reads the bucket and key of r.
func (m *Mapper) address(r *http.Request) (target, error) {
	var t target
	host, err := requestHost(r)
	if err != nil {
		return t, err
	}
	// Without RawPath, Path is the path decoded, and its '/'s are the
	// path's own (an escaped "%2F" sets RawPath): it is split and used as
	// it is, which spares escaping it and decoding it back.
	decoded := r.URL.RawPath == ""
	raw := r.URL.Path
	if !decoded {
		raw = r.URL.EscapedPath()
	}
	unescape := func(s string) (string, error) {
		if decoded {
			return s, nil
		}
		return url.PathUnescape(s)
	}
	if raw == "" {
		raw = "/"
	}
	if raw[0] != '/' {
		return t, badRequest("InvalidURI", "the request path "+quote(raw)+" does not start with '/'")
	}
	virtual := ""
	switch {
	case m.Dialect == bucketpolicy.COS:
		virtual, t.region = cosHost(host)
	case m.Dialect == bucketpolicy.OSS:
		virtual, t.owner, t.region = ossVectorHost(host)
		t.vector = virtual != "" || ossVectorEndpoint(host)
	}
	if virtual == "" {
		for _, suffix := range m.VirtualHostSuffixes {
			if b, ok := strings.CutSuffix(host, "."+strings.ToLower(suffix)); ok && b != "" {
				virtual = b
				break
			}
		}
	}
	path := raw[1:]
	if virtual != "" {
		t.bucket = virtual
	} else if path != "" {
		var b string
		b, path, _ = strings.Cut(path, "/")
		if t.bucket, err = unescape(b); err != nil {
			return t, badRequest("InvalidURI", "the bucket in the path "+quote(raw)+" is not percent-encoded correctly")
		}
		if t.bucket == "" {
			return t, badRequest("InvalidBucketName", "the path "+quote(raw)+" names an empty bucket")
		}
	}
	if t.bucket == "" {
		return t, nil // the service
	}
	if err := checkBucket(t.bucket); err != nil {
		return t, err
	}
	t.level = levelBucket
	if path != "" {
		if t.key, err = unescape(path); err != nil {
			return t, badRequest("InvalidURI", "the key in the path "+quote(raw)+" is not percent-encoded correctly")
		}
		if !utf8.ValidString(t.key) {
			return t, badRequest("InvalidURI", "the object key is not valid UTF-8")
		}
		t.level = levelObject
	}
	return t, nil
}

// requestHost returns the request's host name in lower case, without a
// port. A request that gives the host twice, differently, is an error.
func requestHost(r *http.Request) (string, error) {
	host := r.Host
	if hs := r.Header["Host"]; len(hs) > 1 || (len(hs) == 1 && host != "" && hs[0] != host) {
		return "", badRequest("InvalidRequest", "the request names its host more than once")
	} else if host == "" && len(hs) == 1 {
		host = hs[0]
	}
	if h, _, ok := strings.Cut(host, ":"); ok && !strings.HasPrefix(host, "[") {
		host = h
	} else if strings.HasPrefix(host, "[") {
		if end := strings.IndexByte(host, ']'); end > 0 {
			host = host[:end+1]
		}
	}
	return lowerASCII(host), nil
}

// lowerASCII returns s with its ASCII capitals in lower case; s itself when
// it has none, as host names mostly do.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// checkBucket applies the rules every cloud's bucket names obey (S3's
// legacy rules are the widest): 3 to 255 letters, digits, '.', '-' and
// '_'.
func checkBucket(b string) error {
	if len(b) < 3 || len(b) > 255 {
		return badRequest("InvalidBucketName", "the bucket name "+quote(b)+" is not 3 to 255 bytes long")
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return badRequest("InvalidBucketName", "the bucket name "+quote(b)+" holds a character bucket names cannot")
		}
	}
	return nil
}

// cosHost reads a COS bucket host, NAME-APPID.cos.REGION.myqcloud.com
// (also cos-internal and cos-website), into its bucket and region.
func cosHost(host string) (bucket, region string) {
	rest, ok := strings.CutSuffix(host, ".myqcloud.com")
	if !ok {
		return "", ""
	}
	bucket, rest, ok = strings.Cut(rest, ".")
	if !ok {
		return "", ""
	}
	svc, region, ok := strings.Cut(rest, ".")
	if !ok || (svc != "cos" && svc != "cos-internal" && svc != "cos-website") || !validRegion(region) {
		return "", ""
	}
	if i := strings.LastIndexByte(bucket, '-'); i <= 0 || i == len(bucket)-1 || !digits(bucket[i+1:]) {
		return "", "" // not NAME-APPID
	}
	return bucket, region
}

// validRegion reports whether a region read from a host name is one a
// resource can name: lower-case letters, digits and '-' (ap-guangzhou,
// cn-hangzhou-internal). Anything else (a ':' would shift the fields of the
// resource it is written into) makes the host not a bucket host.
func validRegion(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return s != ""
}

// ossVectorHost reads an OSS vector bucket host,
// BUCKET-ACCOUNT.REGION[-internal].oss-vectors.aliyuncs.com.
func ossVectorHost(host string) (bucket, owner, region string) {
	rest, ok := strings.CutSuffix(host, ".oss-vectors.aliyuncs.com")
	if !ok {
		return "", "", ""
	}
	name, region, ok := strings.Cut(rest, ".")
	if !ok || !validRegion(region) {
		return "", "", ""
	}
	region = strings.TrimSuffix(region, "-internal")
	i := strings.LastIndexByte(name, '-')
	if i <= 0 || i == len(name)-1 || !digits(name[i+1:]) {
		return "", "", ""
	}
	return name[:i], name[i+1:], region
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// query is a request's query string read once: each parameter with its
// raw value, in order. Reading it allocates nothing unless a name or value
// holds escapes, or there are more parameters than inline holds.
type query struct {
	inline [16]param
	n      int
	more   []param // past inline
}

// at returns the i-th parameter (i < q.n).
func (q *query) at(i int) *param {
	if i < len(q.inline) {
		return &q.inline[i]
	}
	return &q.more[i-len(q.inline)]
}

// add appends a parameter.
func (q *query) add(p param) {
	if q.n < len(q.inline) {
		q.inline[q.n] = p
	} else {
		q.more = append(q.more, p)
	}
	q.n++
}

type param struct {
	name, value string // decoded
	hasValue    bool   // written with '='
}

// maxParams bounds the query parameters of a request.
const maxParams = 48

// parseQuery reads a raw query string. A parameter named twice, or one
// that is not percent-encoded correctly, is an error: the mapper never
// chooses between two readings.
func parseQuery(raw string, q *query) error {
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		if q.n == maxParams {
			return badRequest("InvalidArgument", "the request has more than "+itoa(maxParams)+" query parameters")
		}
		name, value, hasValue := strings.Cut(part, "=")
		var err error
		if name, err = unescapeQuery(name); err != nil || name == "" {
			return badRequest("InvalidArgument", "a query parameter name is empty or not percent-encoded correctly")
		}
		if value, err = unescapeQuery(value); err != nil {
			return badRequest("InvalidArgument", "the query parameter "+quote(name)+" is not percent-encoded correctly")
		}
		if _, dup := q.get(name); dup {
			return badRequest("InvalidArgument", "the query parameter "+quote(name)+" is given more than once")
		}
		q.add(param{name: name, value: value, hasValue: hasValue})
	}
	return nil
}

func unescapeQuery(s string) (string, error) {
	if !strings.ContainsAny(s, "%+") {
		return s, nil
	}
	return url.QueryUnescape(s)
}

// get returns a parameter's value and whether it is present.
func (q *query) get(name string) (string, bool) {
	for i := range q.n {
		if p := q.at(i); p.name == name {
			return p.value, true
		}
	}
	return "", false
}

func (q *query) has(name string) bool {
	_, ok := q.get(name)
	return ok
}

func quote(s string) string {
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return `"` + strings.ToValidUTF8(s, "\uFFFD") + `"`
}
