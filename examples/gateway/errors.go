package main

import (
	"fmt"
	"net/http"

	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// apiError is a refusal in the cloud's terms: an HTTP status, the error code
// clients match on, a message for people, and OSS's EC when it has one.
type apiError struct {
	Status  int
	Code    string
	Message string
	EC      string // OSS only: the error-centre code, e.g. 0002-00000040
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// The errors more than one place answers.
var (
	errAccessDenied     = &apiError{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Access Denied"}
	errNoSuchBucket     = &apiError{Status: http.StatusNotFound, Code: "NoSuchBucket", Message: "The specified bucket does not exist"}
	errNoSuchKey        = &apiError{Status: http.StatusNotFound, Code: "NoSuchKey", Message: "The specified key does not exist."}
	errSignatureInvalid = &apiError{Status: http.StatusForbidden, Code: "SignatureDoesNotMatch", EC: "0002-00000040",
		Message: "The request signature we calculated does not match the signature you provided. Check your key and signing method."}
	errUnknownKey = &apiError{Status: http.StatusForbidden, Code: "InvalidAccessKeyId",
		Message: "The access key Id you provided does not exist in our records."}
	errMalformedXML = &apiError{Status: http.StatusBadRequest, Code: "MalformedXML",
		Message: "The XML you provided was not well-formed or did not validate against our published schema."}
)

// requestIDHeader is the response header that carries the request id.
var requestIDHeader = map[dialect]string{
	dialectAWS: "x-amz-request-id",
	dialectOBS: "x-obs-request-id",
	dialectOSS: "x-oss-request-id",
	dialectCOS: "x-cos-request-id",
}

// writeError answers e in the dialect's error format, through the
// library's writer (policyhttp.Reply): the one place that writes the
// gateway's own error replies. The library writes the others (a request
// the mapper cannot map, a policy refusal, the ?policy API's answers) the
// same way.
func (g *gateway) writeError(w http.ResponseWriter, r *http.Request, e *apiError) {
	rep := g.reply(r, e.Status, e.Code, e.Message)
	rep.EC = e.EC
	rep.Write(w, r, g.lib)
}

// reply is the library's error reply for r, with the fields the dialect
// fills: S3 and OBS carry the x-amz-id-2 token as HostId, OSS the host; COS
// names the resource as host and path.
func (g *gateway) reply(r *http.Request, status int, code, message string) policyhttp.Reply {
	id := requestID(r)
	rep := policyhttp.Reply{Status: status, Code: code, Message: message, Resource: r.URL.Path, RequestID: id, HostID: hostID(id)}
	switch g.cfg.Dialect {
	case dialectOSS:
		rep.HostID = r.Host
	case dialectCOS:
		rep.Resource, rep.HostID = r.Host+r.URL.Path, ""
	}
	return rep
}
