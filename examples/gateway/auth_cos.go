package main

// COS q-sign (https://cloud.tencent.com/document/product/436/7778, and
// cos-go-sdk-v5 auth.go, which signs this way): HMAC-SHA1 over a format
// string of the method, the decoded path, and the parameters and headers the
// client lists. The SDK has no verifier, so it is written here and tested
// against signatures the SDK made.

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// cosAuthParams are the query parameters a presigned COS URL carries for its
// signature; they are not signed themselves.
var cosAuthParams = map[string]bool{
	"q-sign-algorithm": true, "q-ak": true, "q-sign-time": true, "q-key-time": true,
	"q-header-list": true, "q-url-param-list": true, "q-signature": true,
}

// verifyCOS checks a q-sign signature, from the Authorization header or, when
// presigned, from the query string (raw is then the raw query).
func (g *gateway) verifyCOS(r *http.Request, raw string, presigned bool, now time.Time) (*caller, *apiError) {
	p := map[string]string{}
	if presigned {
		q := r.URL.Query()
		for k := range cosAuthParams {
			p[k] = q.Get(k)
		}
	} else {
		for _, f := range strings.Split(raw, "&") {
			k, v, _ := strings.Cut(f, "=")
			p[k] = v
		}
	}
	malformed := errorf(http.StatusBadRequest, "InvalidArgument", "The q-sign signature is malformed")
	if p["q-sign-algorithm"] != "sha1" || p["q-ak"] == "" || p["q-signature"] == "" {
		return nil, malformed
	}
	id, aerr := g.identity(p["q-ak"])
	if aerr != nil {
		return nil, aerr
	}
	for _, k := range []string{"q-sign-time", "q-key-time"} {
		start, end, ok := parseCOSTime(p[k])
		if !ok {
			return nil, malformed
		}
		if now.Before(start.Add(-maxClockSkew)) {
			return nil, errorf(http.StatusForbidden, "AccessDenied", "Request is not valid yet (%s)", k)
		}
		if now.After(end) {
			return nil, errExpired
		}
	}

	// Every header listed is signed; host must be, since the path does not
	// name the bucket.
	headers := map[string][]string{}
	for _, name := range splitList(p["q-header-list"]) {
		switch name {
		case "host":
			headers[name] = []string{r.Host}
		case "content-length":
			headers[name] = []string{strconv.FormatInt(r.ContentLength, 10)}
		case "transfer-encoding":
			headers[name] = []string{strings.Join(r.TransferEncoding, ",")}
		default:
			headers[name] = r.Header.Values(name)
		}
	}
	if headers["host"] == nil {
		return nil, errorf(http.StatusForbidden, "AccessDenied", "The host header must be signed")
	}
	// Every query parameter but the signature's own must be listed.
	listed := map[string]bool{}
	for _, name := range splitList(p["q-url-param-list"]) {
		listed[name] = true
	}
	params := map[string][]string{}
	for k, vs := range r.URL.Query() {
		lk := strings.ToLower(uriEscape(k, true))
		if presigned && (cosAuthParams[k] || k == "x-cos-security-token") {
			continue
		}
		if !listed[lk] {
			return nil, errorf(http.StatusForbidden, "AccessDenied", "The query parameter %q is not signed", k)
		}
		params[lk] = append(params[lk], vs...)
	}

	format := strings.ToLower(r.Method) + "\n" + r.URL.Path + "\n" + cosFormat(params) + "\n" + cosFormat(headers) + "\n"
	sum := sha1.Sum([]byte(format))
	stringToSign := "sha1\n" + p["q-key-time"] + "\n" + hex.EncodeToString(sum[:]) + "\n"
	signKey := hex.EncodeToString(hmacSHA1([]byte(id.SecretAccessKey), p["q-key-time"]))
	if !equalSignatures(hex.EncodeToString(hmacSHA1([]byte(signKey), stringToSign)), p["q-signature"]) {
		return nil, errSignatureInvalid
	}
	return id.caller("q-sign", presigned), nil
}

// cosFormat writes name=value pairs (names already lower-case and encoded,
// values encoded here), sorted by name and then value, joined with "&".
func cosFormat(m map[string][]string) string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	var pairs []string
	for _, k := range names {
		vals := append([]string(nil), m[k]...)
		sort.Strings(vals)
		for _, v := range vals {
			pairs = append(pairs, k+"="+uriEscape(v, true))
		}
	}
	return strings.Join(pairs, "&")
}

func parseCOSTime(s string) (start, end time.Time, ok bool) {
	a, b, found := strings.Cut(s, ";")
	x, err1 := strconv.ParseInt(a, 10, 64)
	y, err2 := strconv.ParseInt(b, 10, 64)
	if !found || err1 != nil || err2 != nil || y < x {
		return start, end, false
	}
	return time.Unix(x, 0), time.Unix(y, 0), true
}

func hmacSHA1(key []byte, s string) []byte {
	m := hmac.New(sha1.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}
