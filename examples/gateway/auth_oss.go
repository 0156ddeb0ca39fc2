package main

// OSS Signature V4 (OSS4-HMAC-SHA256). A signed header is verified by
// re-signing a copy of the request with the OSS SDK's own signer
// (alibabacloud-oss-go-sdk-v2 oss/signer), its time set from x-oss-date. The
// SDK's signer cannot re-sign a presigned URL (it takes the signing time from
// the clock), so the query form is computed here, from the same canonical
// request, and tested against URLs the SDK presigned.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	osscreds "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	osssigner "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/signer"
)

const (
	ossV4Algorithm = "OSS4-HMAC-SHA256"
	ossProduct     = "oss"
)

// ossV4Params are the parts of an OSS V4 signature.
type ossV4Params struct {
	accessKeyID, date, region, product string
	additional                         []string
	signature                          string
}

func parseOSSCredential(p *ossV4Params, credential string) bool {
	parts := strings.Split(credential, "/")
	if len(parts) != 5 || parts[4] != "aliyun_v4_request" {
		return false
	}
	p.accessKeyID, p.date, p.region, p.product = parts[0], parts[1], parts[2], parts[3]
	return true
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

// checkOSSScope checks the key, region, product and date of the scope.
func (g *gateway) checkOSSScope(p ossV4Params, t time.Time) (identity, *apiError) {
	id, err := g.identity(p.accessKeyID)
	if err != nil {
		return id, err
	}
	if p.region != g.cfg.Region || p.product != ossProduct || p.date != t.UTC().Format("20060102") {
		return id, errorf(http.StatusBadRequest, "InvalidArgument",
			"The credential scope %s/%s/%s does not match this endpoint (%s/%s)", p.date, p.region, p.product, g.cfg.Region, ossProduct)
	}
	return id, nil
}

func (g *gateway) verifyOSSHeader(r *http.Request, a address, auth string, now time.Time) (*caller, *apiError) {
	var p ossV4Params
	fields := map[string]string{}
	for _, f := range strings.Split(strings.TrimPrefix(auth, ossV4Algorithm+" "), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		fields[k] = v
	}
	p.additional = splitList(fields["AdditionalHeaders"])
	p.signature = fields["Signature"]
	if !parseOSSCredential(&p, fields["Credential"]) || p.signature == "" {
		return nil, errorf(http.StatusBadRequest, "InvalidArgument", "The Authorization header is not a valid OSS4-HMAC-SHA256 signature")
	}
	t, err := time.Parse(sigV4TimeFormat, r.Header.Get("X-Oss-Date"))
	if err != nil {
		return nil, errorf(http.StatusForbidden, "AccessDenied", "OSS V4 authentication requires a valid x-oss-date header")
	}
	id, aerr := g.checkOSSScope(p, t)
	if aerr != nil {
		return nil, aerr
	}
	if !withinSkew(t, now) {
		return nil, errTimeSkewed
	}
	if v := r.Header.Get("X-Oss-Content-Sha256"); v != unsignedPayload {
		return nil, errorf(http.StatusBadRequest, "InvalidArgument", "x-oss-content-sha256 must be UNSIGNED-PAYLOAD at this gateway, got %q", v)
	}

	// The copy carries what the signer signs: x-oss-*, Content-Type,
	// Content-MD5 and the additional headers the client listed.
	c := &http.Request{Method: r.Method, URL: &url.URL{RawQuery: r.URL.RawQuery}, Host: r.Host, Header: http.Header{}}
	for name, vals := range r.Header {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-oss-") || l == "content-type" || l == "content-md5" {
			c.Header[name] = vals
		}
	}
	for _, h := range p.additional {
		if h == "host" {
			c.Header.Set("Host", r.Host)
		} else {
			c.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	ctx := &osssigner.SigningContext{
		Product:           strPtr(ossProduct),
		Region:            strPtr(p.region),
		Request:           c,
		AdditionalHeaders: p.additional,
		Credentials:       &osscreds.Credentials{AccessKeyID: id.AccessKeyID, AccessKeySecret: id.SecretAccessKey},
		Time:              t,
	}
	if a.bucket != "" {
		ctx.Bucket = strPtr(a.bucket)
	}
	if a.key != "" {
		ctx.Key = strPtr(a.key)
	}
	if err := (&osssigner.SignerV4{}).Sign(r.Context(), ctx); err != nil {
		return nil, errSignatureInvalid
	}
	_, mine, _ := strings.Cut(c.Header.Get("Authorization"), "Signature=")
	if !equalSignatures(mine, p.signature) {
		return nil, errSignatureInvalid
	}
	return id.caller(ossV4Algorithm, false), nil
}

func strPtr(s string) *string { return &s }

func (g *gateway) verifyOSSQuery(r *http.Request, a address, now time.Time) (*caller, *apiError) {
	q := r.URL.Query()
	var p ossV4Params
	p.additional = splitList(q.Get("x-oss-additional-headers"))
	p.signature = q.Get("x-oss-signature")
	t, err := time.Parse(sigV4TimeFormat, q.Get("x-oss-date"))
	expires, err2 := strconv.Atoi(q.Get("x-oss-expires"))
	if !parseOSSCredential(&p, q.Get("x-oss-credential")) || p.signature == "" || err != nil || err2 != nil ||
		expires < 1 || time.Duration(expires)*time.Second > maxPresignAge {
		return nil, errorf(http.StatusBadRequest, "InvalidArgument",
			"A presigned OSS V4 URL needs x-oss-credential, x-oss-date, x-oss-expires (1 to 604800) and x-oss-signature")
	}
	id, aerr := g.checkOSSScope(p, t)
	if aerr != nil {
		return nil, aerr
	}
	if t.Sub(now) > maxClockSkew {
		return nil, errorf(http.StatusForbidden, "AccessDenied", "Request is not valid yet")
	}
	if now.After(t.Add(time.Duration(expires) * time.Second)) {
		return nil, errExpired
	}
	want := ossV4Signature(id.SecretAccessKey, p, t, ossCanonicalRequest(r, a, p.additional))
	if !equalSignatures(want, p.signature) {
		return nil, errSignatureInvalid
	}
	return id.caller(ossV4Algorithm, true), nil
}

// ossCanonicalRequest is OSS V4's canonical request for a presigned URL:
// method, /bucket/key escaped, the query without x-oss-signature, the
// x-oss-*, Content-Type, Content-MD5 and additional headers, the list of
// additional headers, and UNSIGNED-PAYLOAD.
func ossCanonicalRequest(r *http.Request, a address, additional []string) string {
	uri := "/"
	if a.bucket != "" {
		uri += a.bucket + "/" + a.key
	}
	// Query items as the client encoded them, "+" read as %20, sorted.
	values := map[string]string{}
	var keys []string
	for _, item := range strings.Split(strings.ReplaceAll(r.URL.RawQuery, "+", "%20"), "&") {
		k, v, _ := strings.Cut(item, "=")
		if k == "" || k == "x-oss-signature" {
			continue
		}
		if _, dup := values[k]; !dup {
			keys = append(keys, k)
		}
		values[k] = v
	}
	sort.Strings(keys)
	var query []string
	for _, k := range keys {
		if values[k] == "" {
			query = append(query, k)
		} else {
			query = append(query, k+"="+values[k])
		}
	}
	var names []string
	for name := range r.Header {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-oss-") || l == "content-type" || l == "content-md5" {
			names = append(names, l)
		}
	}
	for _, h := range additional {
		if h == "host" || r.Header.Get(h) != "" {
			names = append(names, h)
		}
	}
	sort.Strings(names)
	var headers strings.Builder
	for _, n := range names {
		vals := []string{r.Host}
		if n != "host" {
			vals = append([]string(nil), r.Header.Values(n)...)
		}
		for i := range vals {
			vals[i] = strings.TrimSpace(vals[i])
		}
		headers.WriteString(n + ":" + strings.Join(vals, ",") + "\n")
	}
	return strings.Join([]string{r.Method, uriEscape(uri, false), strings.Join(query, "&"),
		headers.String(), strings.Join(additional, ";"), unsignedPayload}, "\n")
}

// ossV4Signature derives the signing key from the secret and the scope and
// signs the string to sign.
func ossV4Signature(secret string, p ossV4Params, t time.Time, canonical string) string {
	mac := func(key []byte, s string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(s))
		return m.Sum(nil)
	}
	sum := sha256.Sum256([]byte(canonical))
	scope := p.date + "/" + p.region + "/" + p.product + "/aliyun_v4_request"
	stringToSign := ossV4Algorithm + "\n" + t.UTC().Format(sigV4TimeFormat) + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
	key := mac([]byte("aliyun_v4"+secret), p.date)
	key = mac(key, p.region)
	key = mac(key, p.product)
	key = mac(key, "aliyun_v4_request")
	return hex.EncodeToString(mac(key, stringToSign))
}

// uriEscape percent-encodes every byte but the RFC 3986 unreserved ones
// (and "/" unless encodeSlash), with upper-case hex: the encoding OSS V4 and
// COS q-sign both use.
func uriEscape(s string, encodeSlash bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '/' && !encodeSlash {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}
