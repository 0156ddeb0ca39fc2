package main

// AWS Signature Version 4 (header and presigned URL) is verified by
// re-signing a copy of the request with aws-sdk-go-v2's own signer
// (aws/signer/v4) and comparing; a V4 request timed by its Date header, as
// the OBS SDK sends them, is re-signed with the OBS SDK's signer. AWS Signature Version 2, which the OBS SDK
// sends by default, has no maintained Go verifier and is written here: it is
// one HMAC-SHA1 over a string the request determines.

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/huaweicloud/huaweicloud-sdk-go-obs/obs"
)

const (
	sigV4Algorithm  = "AWS4-HMAC-SHA256"
	sigV4TimeFormat = "20060102T150405Z"
	unsignedPayload = "UNSIGNED-PAYLOAD"
	maxPresignAge   = 7 * 24 * time.Hour // X-Amz-Expires at most 604800
)

// sigV4Params are the parts of a SigV4 signature, from the Authorization
// header or the presigned URL's query.
type sigV4Params struct {
	accessKeyID   string
	date          string // yyyymmdd from the credential scope
	region        string
	service       string
	signedHeaders []string
	signature     string
}

func parseSigV4Credential(p *sigV4Params, credential string) bool {
	parts := strings.Split(credential, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return false
	}
	p.accessKeyID, p.date, p.region, p.service = parts[0], parts[1], parts[2], parts[3]
	return true
}

var errAuthMalformed = &apiError{Status: http.StatusBadRequest, Code: "AuthorizationHeaderMalformed",
	Message: "The authorization header is malformed."}

// parseSigV4Header reads "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
// Signature=..." (the OBS SDK writes no space after the commas).
func parseSigV4Header(auth string) (sigV4Params, bool) {
	var p sigV4Params
	fields := map[string]string{}
	for _, f := range strings.Split(strings.TrimPrefix(auth, sigV4Algorithm+" "), ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(f), "=")
		if !ok {
			return p, false
		}
		fields[k] = v
	}
	if len(fields) != 3 || !parseSigV4Credential(&p, fields["Credential"]) || fields["SignedHeaders"] == "" || fields["Signature"] == "" {
		return p, false
	}
	p.signedHeaders = strings.Split(fields["SignedHeaders"], ";")
	p.signature = fields["Signature"]
	return p, true
}

// checkSigV4Scope checks what the signature claims before any crypto: a
// known key, this gateway's region, the s3 service, the date of the scope
// matching the request time, host among the signed headers and every
// x-amz-* header of the request signed.
func (g *gateway) checkSigV4Scope(r *http.Request, p sigV4Params, t time.Time) (identity, *apiError) {
	id, err := g.identity(p.accessKeyID)
	if err != nil {
		return id, err
	}
	if p.region != g.cfg.Region {
		return id, errorf(http.StatusBadRequest, "AuthorizationHeaderMalformed",
			"The authorization header is malformed; the region '%s' is wrong; expecting '%s'", p.region, g.cfg.Region)
	}
	if p.service != "s3" || p.date != t.UTC().Format("20060102") {
		return id, errAuthMalformed
	}
	signed := map[string]bool{}
	for _, h := range p.signedHeaders {
		signed[h] = true
	}
	if !signed["host"] {
		return id, errorf(http.StatusBadRequest, "AuthorizationHeaderMalformed", "The host header must be signed.")
	}
	for name := range r.Header {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-amz-") && !signed[l] {
			return id, errorf(http.StatusForbidden, "AccessDenied", "There were headers present in the request which were not signed: %s", l)
		}
	}
	if r.Header.Get("X-Amz-Security-Token") != "" || r.URL.Query().Get("X-Amz-Security-Token") != "" {
		return id, errorf(http.StatusBadRequest, "InvalidToken", "This gateway issues no session tokens.")
	}
	return id, nil
}

// sigV4Copy is the request as the client signed it: method, raw path, query,
// and exactly the signed headers.
func sigV4Copy(r *http.Request, query string, signedHeaders []string) *http.Request {
	c := &http.Request{
		Method: r.Method,
		URL:    &url.URL{Scheme: "http", Opaque: "//" + r.Host + rawPath(r), RawQuery: query},
		Host:   r.Host,
		Header: http.Header{},
	}
	for _, h := range signedHeaders {
		switch h {
		case "host":
		case "content-length":
			c.ContentLength = r.ContentLength
		default:
			c.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	return c
}

func s3Signer(o *v4.SignerOptions) {
	o.DisableURIPathEscaping = true // S3 signs the path as sent
	o.DisableHeaderHoisting = true  // sign exactly the headers the client signed
}

func (g *gateway) verifySigV4Header(r *http.Request, auth string, now time.Time) (*caller, *apiError) {
	p, ok := parseSigV4Header(auth)
	if !ok {
		return nil, errAuthMalformed
	}
	// The request time is X-Amz-Date; the OBS SDK's V4 mode sends and signs
	// the Date header instead, which SigV4 allows.
	t, err := time.Parse(sigV4TimeFormat, r.Header.Get("X-Amz-Date"))
	byDate := false
	if r.Header.Get("X-Amz-Date") == "" && g.cfg.Dialect == dialectOBS && slices.Contains(p.signedHeaders, "date") {
		t, err = http.ParseTime(r.Header.Get("Date"))
		byDate = true
	}
	if err != nil {
		return nil, errorf(http.StatusForbidden, "AccessDenied", "AWS authentication requires a valid X-Amz-Date header")
	}
	id, aerr := g.checkSigV4Scope(r, p, t)
	if aerr != nil {
		return nil, aerr
	}
	if !withinSkew(t, now) {
		return nil, errTimeSkewed
	}
	payload := r.Header.Get("X-Amz-Content-Sha256")
	switch {
	case payload == "":
		return nil, errorf(http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
	case strings.HasPrefix(payload, "STREAMING-"):
		return nil, errorf(http.StatusNotImplemented, "NotImplemented",
			"This gateway does not accept aws-chunked streaming payloads (%s); send the body whole with its SHA-256 or UNSIGNED-PAYLOAD", payload)
	case payload != unsignedPayload:
		body, ok := newHashCheckedBody(r.Body, payload)
		if !ok {
			return nil, errorf(http.StatusBadRequest, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a hex SHA-256 digest")
		}
		r.Body = body
	}
	var mine string
	if byDate {
		mine = obsV4Signature(r, id, p)
	} else {
		c := sigV4Copy(r, r.URL.RawQuery, p.signedHeaders)
		creds := aws.Credentials{AccessKeyID: id.AccessKeyID, SecretAccessKey: id.SecretAccessKey}
		if err := v4.NewSigner(s3Signer).SignHTTP(r.Context(), creds, c, payload, p.service, p.region, t); err != nil {
			return nil, errSignatureInvalid
		}
		resigned, _ := parseSigV4Header(c.Header.Get("Authorization"))
		mine = resigned.signature
	}
	if !equalSignatures(mine, p.signature) {
		return nil, errSignatureInvalid
	}
	return id.caller(sigV4Algorithm, false), nil
}

// obsV4Signature re-signs a SigV4 request timed by its Date header with the
// OBS SDK's own V4 signer (obs.V4Auth), which signs the path and the query
// exactly as sent and the headers it is given.
func obsV4Signature(r *http.Request, id identity, p sigV4Params) string {
	headers := map[string][]string{}
	for _, h := range p.signedHeaders {
		switch h {
		case "host":
			headers[h] = []string{r.Host}
		case "content-length":
			headers[h] = []string{strconv.FormatInt(r.ContentLength, 10)}
		default:
			headers[h] = r.Header.Values(h)
		}
	}
	return obs.V4Auth(id.AccessKeyID, id.SecretAccessKey, p.region, r.Method, rawPath(r), r.URL.RawQuery, headers)["Signature"]
}

func (g *gateway) verifySigV4Query(r *http.Request, now time.Time) (*caller, *apiError) {
	q := r.URL.Query()
	var p sigV4Params
	if q.Get("X-Amz-Algorithm") != sigV4Algorithm || !parseSigV4Credential(&p, q.Get("X-Amz-Credential")) ||
		q.Get("X-Amz-SignedHeaders") == "" || q.Get("X-Amz-Signature") == "" {
		return nil, errorf(http.StatusBadRequest, "AuthorizationQueryParametersError",
			"Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
	}
	p.signedHeaders = strings.Split(q.Get("X-Amz-SignedHeaders"), ";")
	p.signature = q.Get("X-Amz-Signature")
	t, err := time.Parse(sigV4TimeFormat, q.Get("X-Amz-Date"))
	expires, err2 := strconv.Atoi(q.Get("X-Amz-Expires"))
	if err != nil || err2 != nil || expires < 1 || time.Duration(expires)*time.Second > maxPresignAge {
		return nil, errorf(http.StatusBadRequest, "AuthorizationQueryParametersError",
			"X-Amz-Date must be yyyyMMddTHHmmssZ and X-Amz-Expires between 1 and 604800 seconds")
	}
	id, aerr := g.checkSigV4Scope(r, p, t)
	if aerr != nil {
		return nil, aerr
	}
	if t.Sub(now) > maxClockSkew {
		return nil, errorf(http.StatusForbidden, "AccessDenied", "Request is not valid yet")
	}
	if now.After(t.Add(time.Duration(expires) * time.Second)) {
		return nil, errExpired
	}
	q.Del("X-Amz-Signature")
	c := sigV4Copy(r, q.Encode(), p.signedHeaders)
	creds := aws.Credentials{AccessKeyID: id.AccessKeyID, SecretAccessKey: id.SecretAccessKey}
	signed, _, err := v4.NewSigner(s3Signer).PresignHTTP(r.Context(), creds, c, unsignedPayload, p.service, p.region, t)
	if err != nil {
		return nil, errSignatureInvalid
	}
	_, rawQuery, _ := strings.Cut(signed, "?")
	mine, err := url.ParseQuery(rawQuery)
	if err != nil || !equalSignatures(mine.Get("X-Amz-Signature"), p.signature) {
		return nil, errSignatureInvalid
	}
	return id.caller(sigV4Algorithm, true), nil
}

// v2SubResources are the query parameters that AWS Signature Version 2
// includes in the string to sign, as the OBS SDK lists them
// (huaweicloud-sdk-go-obs obs/const.go allowedResourceParameterNames), plus
// any parameter named x-amz-*.
var v2SubResources = setOf(strings.Fields(`acl backtosource metadata policy torrent logging location storageinfo
	quota storageclass storagepolicy requestpayment versions versioning versionid uploads uploadid
	partnumber website notification lifecycle deletebucket delete cors restore encryption tagging
	append modify position replication response-content-type response-content-language
	response-expires response-cache-control response-content-disposition response-content-encoding
	x-image-process x-oss-process x-image-save-bucket x-image-save-object ignore-sign-in-query name
	rename customdomain mirrorbacktosource x-obs-accesslabel object-lock retention x-obs-security-token
	truncate length inventory directcoldaccess attname cdnnotifyconfiguration publicaccessblock
	bucketstatus policystatus`))

func isV2SubResource(name string) bool {
	l := strings.ToLower(name)
	return strings.HasPrefix(l, "x-amz-") || v2SubResources[l]
}

// v2StringToSign builds AWS V2's string to sign: the method, Content-MD5,
// Content-Type, the date line (empty when x-amz-date is sent; Expires for a
// presigned URL), the x-amz-* headers, and the resource.
func v2StringToSign(r *http.Request, a address, dateLine string) string {
	var b strings.Builder
	b.WriteString(r.Method + "\n")
	b.WriteString(r.Header.Get("Content-Md5") + "\n")
	b.WriteString(r.Header.Get("Content-Type") + "\n")
	b.WriteString(dateLine + "\n")
	var amz []string
	for name := range r.Header {
		if l := strings.ToLower(name); strings.HasPrefix(l, "x-amz-") {
			amz = append(amz, l)
		}
	}
	sort.Strings(amz)
	for _, l := range amz {
		vals := append([]string(nil), r.Header.Values(l)...)
		for i := range vals {
			vals[i] = strings.TrimSpace(vals[i])
		}
		b.WriteString(l + ":" + strings.Join(vals, ",") + "\n")
	}
	// The resource: the bucket when the host named it, the path as sent,
	// then the sub-resources in name order with their decoded values.
	if a.byHost {
		b.WriteString("/" + a.bucket)
	}
	b.WriteString(rawPath(r))
	q := r.URL.Query()
	var names []string
	for name := range q {
		if isV2SubResource(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for i, name := range names {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(name))
		if v := q.Get(name); v != "" {
			b.WriteString("=" + v)
		}
	}
	return b.String()
}

func v2Signature(secret, stringToSign string) string {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func (g *gateway) verifySigV2Header(r *http.Request, a address, auth string, now time.Time) (*caller, *apiError) {
	ak, sig, ok := strings.Cut(strings.TrimPrefix(auth, "AWS "), ":")
	if !ok || ak == "" || sig == "" {
		return nil, errAuthMalformed
	}
	id, aerr := g.identity(ak)
	if aerr != nil {
		return nil, aerr
	}
	date, dateLine := r.Header.Get("X-Amz-Date"), ""
	if date == "" {
		date, dateLine = r.Header.Get("Date"), r.Header.Get("Date")
	}
	t, err := http.ParseTime(date)
	if err != nil {
		return nil, errorf(http.StatusForbidden, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header")
	}
	if !withinSkew(t, now) {
		return nil, errTimeSkewed
	}
	if !equalSignatures(v2Signature(id.SecretAccessKey, v2StringToSign(r, a, dateLine)), sig) {
		return nil, errSignatureInvalid
	}
	return id.caller("AWS", false), nil
}

func (g *gateway) verifySigV2Query(r *http.Request, a address, now time.Time) (*caller, *apiError) {
	q := r.URL.Query()
	id, aerr := g.identity(q.Get("AWSAccessKeyId"))
	if aerr != nil {
		return nil, aerr
	}
	expires, err := strconv.ParseInt(q.Get("Expires"), 10, 64)
	if err != nil || q.Get("Signature") == "" {
		return nil, errorf(http.StatusBadRequest, "InvalidArgument", "AWSAccessKeyId, Expires and Signature are required")
	}
	if now.Unix() > expires {
		return nil, errExpired
	}
	if !equalSignatures(v2Signature(id.SecretAccessKey, v2StringToSign(r, a, q.Get("Expires"))), q.Get("Signature")) {
		return nil, errSignatureInvalid
	}
	return id.caller("AWS", true), nil
}
