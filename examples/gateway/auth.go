package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"strings"
	"time"
)

// caller is who sent a request, as the gateway authenticated it.
type caller struct {
	Anonymous   bool
	AccessKeyID string
	Principal   string // as the dialect writes callers (identity.Principal)
	Account     string
	// Scheme is the signature scheme that authenticated the request:
	// "AWS4-HMAC-SHA256", "AWS" (V2), "OSS4-HMAC-SHA256" or "q-sign".
	Scheme string
	// Presigned reports whether the signature came in the query string.
	Presigned bool
}

var anonymous = &caller{Anonymous: true}

// owns reports whether c is the root of the account that owns b: the
// caller that may always manage b, whatever its policy says.
func (c *caller) owns(d dialect, b *bucket) bool {
	return !c.Anonymous && b != nil && c.Principal == rootPrincipal(d, b.Owner)
}

// maxClockSkew is how far a signed request's time may be from the gateway's
// clock (AWS, OSS: 15 minutes; RequestTimeTooSkewed beyond).
const maxClockSkew = 15 * time.Minute

var (
	errTimeSkewed = &apiError{Status: http.StatusForbidden, Code: "RequestTimeTooSkewed",
		Message: "The difference between the request time and the server's time is too large."}
	errExpired = &apiError{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Request has expired"}
)

// authenticate finds who sent r. A request with no signature at all is
// anonymous; a signature that does not verify is an error, never a
// downgrade to anonymous. It may wrap r.Body to check a signed payload hash
// as the handler reads it.
func (g *gateway) authenticate(r *http.Request, a address, now time.Time) (*caller, *apiError) {
	auth := r.Header.Get("Authorization")
	q := r.URL.Query()
	presigned := q.Has("X-Amz-Signature") || q.Has("Signature") || q.Has("x-oss-signature") || q.Has("q-signature")
	if auth != "" && presigned {
		return nil, errorf(http.StatusBadRequest, "InvalidArgument", "Only one auth mechanism allowed")
	}
	switch g.cfg.Dialect {
	case dialectAWS, dialectOBS:
		switch {
		case strings.HasPrefix(auth, sigV4Algorithm+" "):
			return g.verifySigV4Header(r, auth, now)
		case q.Get("X-Amz-Algorithm") != "":
			return g.verifySigV4Query(r, now)
		case g.cfg.Dialect == dialectOBS && strings.HasPrefix(auth, "AWS "):
			return g.verifySigV2Header(r, a, auth, now)
		case g.cfg.Dialect == dialectOBS && q.Has("AWSAccessKeyId"):
			return g.verifySigV2Query(r, a, now)
		}
	case dialectOSS:
		switch {
		case strings.HasPrefix(auth, ossV4Algorithm+" "):
			return g.verifyOSSHeader(r, a, auth, now)
		case q.Get("x-oss-signature-version") == ossV4Algorithm:
			return g.verifyOSSQuery(r, a, now)
		}
	case dialectCOS:
		switch {
		case strings.Contains(auth, "q-sign-algorithm="):
			return g.verifyCOS(r, auth, false, now)
		case q.Has("q-sign-algorithm"):
			return g.verifyCOS(r, r.URL.RawQuery, true, now)
		}
	}
	if auth != "" || presigned {
		return nil, errorf(http.StatusBadRequest, "InvalidArgument",
			"Unsupported Authorization Type: this %s gateway verifies %s", g.cfg.Dialect, supportedSchemes[g.cfg.Dialect])
	}
	return anonymous, nil
}

var supportedSchemes = map[dialect]string{
	dialectAWS: "AWS4-HMAC-SHA256 (header or presigned URL)",
	dialectOBS: "AWS4-HMAC-SHA256 and AWS V2 (header or presigned URL)",
	dialectOSS: "OSS4-HMAC-SHA256 (header or presigned URL)",
	dialectCOS: "q-sign-algorithm=sha1 (header or presigned URL)",
}

// identity looks an access key up.
func (g *gateway) identity(accessKeyID string) (identity, *apiError) {
	id, ok := g.keys[accessKeyID]
	if !ok {
		return identity{}, errUnknownKey
	}
	return id, nil
}

func (id identity) caller(scheme string, presigned bool) *caller {
	return &caller{AccessKeyID: id.AccessKeyID, Principal: id.Principal, Account: id.Account, Scheme: scheme, Presigned: presigned}
}

// withinSkew reports whether t is within maxClockSkew of now.
func withinSkew(t, now time.Time) bool {
	d := now.Sub(t)
	return d <= maxClockSkew && d >= -maxClockSkew
}

// equalSignatures compares two signatures in constant time.
func equalSignatures(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// rawPath is the request's path exactly as the client sent it, before
// percent-decoding: what the client signed.
func rawPath(r *http.Request) string {
	p := r.RequestURI
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") { // absolute-form
		p = r.URL.EscapedPath()
	}
	if p == "" {
		p = "/"
	}
	return p
}

// errContentSHA256Mismatch is the S3 answer when the body's SHA-256 is not
// the one the client signed.
var errContentSHA256Mismatch = &apiError{Status: http.StatusBadRequest, Code: "XAmzContentSHA256Mismatch",
	Message: "The provided 'x-amz-content-sha256' header does not match what was computed."}

// hashCheckedBody passes a request body through and, at its end, fails the
// read unless the bytes hash to the digest the client signed. Handlers read
// bodies to the end before they change anything, so a body that does not
// match changes nothing.
type hashCheckedBody struct {
	io.ReadCloser
	h    hash.Hash
	want []byte
	fail *apiError
}

func newHashCheckedBody(body io.ReadCloser, wantHex string) (*hashCheckedBody, bool) {
	want, err := hex.DecodeString(wantHex)
	if err != nil || len(want) != sha256.Size {
		return nil, false
	}
	return &hashCheckedBody{ReadCloser: body, h: sha256.New(), want: want, fail: errContentSHA256Mismatch}, true
}

func (b *hashCheckedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.h.Write(p[:n])
	if err == io.EOF && !bytes.Equal(b.h.Sum(nil), b.want) {
		return n, b.fail
	}
	return n, err
}
