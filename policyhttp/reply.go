package policyhttp

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/http"
	"strconv"

	"github.com/bucketpolicy/bucketpolicy"
)

// Reply is an error reply in a cloud's format (http.md §2):
//
//	S3, OBS  <Error><Code/><Message/><Resource/><RequestId/><HostId/></Error>
//	OSS      <Error><Code/><Message/><RequestId/><HostId/><EC/><RecommendDoc/></Error>
//	COS      <Error><Code/><Message/><Resource/><RequestId/><TraceId/></Error>
//
// with the request id also in the cloud's header (x-amz-request-id,
// x-obs-request-id, x-oss-request-id, x-cos-request-id). A reply to a HEAD
// request has no body: S3 and COS clients read the status, OBS's the
// x-obs-error-code header, OSS's the x-oss-err header (the body, base64).
type Reply struct {
	Status    int
	Code      string
	Message   string
	Resource  string // the path the request addressed, "/bucket/key"
	RequestID string
	HostID    string // S3, OBS, OSS: the host; COS has TraceId instead
	EC        string // OSS's detailed error code, such as 0003-00000101
}

// Write writes the reply in the dialect's format.
func (rep *Reply) Write(w http.ResponseWriter, r *http.Request, d bucketpolicy.Dialect) {
	body := rep.body(d)
	h := w.Header()
	h.Set("Content-Type", "application/xml")
	switch d {
	case bucketpolicy.OBS:
		h.Set("x-obs-request-id", rep.RequestID)
		h.Set("x-amz-request-id", rep.RequestID)
		h.Set("x-obs-error-code", rep.Code)
		h.Set("x-obs-error-message", rep.Message)
	case bucketpolicy.OSS:
		h.Set("x-oss-request-id", rep.RequestID)
		if rep.EC != "" {
			h.Set("x-oss-ec", rep.EC)
		}
		if r != nil && r.Method == http.MethodHead {
			h.Set("x-oss-err", base64.StdEncoding.EncodeToString(body))
		}
	case bucketpolicy.COS:
		h.Set("x-cos-request-id", rep.RequestID)
		h.Set("x-cos-trace-id", rep.RequestID)
	default:
		h.Set("x-amz-request-id", rep.RequestID)
	}
	if r != nil && r.Method == http.MethodHead {
		w.WriteHeader(rep.Status)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rep.Status)
	w.Write(body)
}

// body renders the reply's XML.
func (rep *Reply) body(d bucketpolicy.Dialect) []byte {
	type s3Error struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string   `xml:"Code"`
		Message   string   `xml:"Message"`
		Resource  string   `xml:"Resource"`
		RequestID string   `xml:"RequestId"`
		HostID    string   `xml:"HostId"`
	}
	type ossError struct {
		XMLName      xml.Name `xml:"Error"`
		Code         string   `xml:"Code"`
		Message      string   `xml:"Message"`
		RequestID    string   `xml:"RequestId"`
		HostID       string   `xml:"HostId"`
		EC           string   `xml:"EC,omitempty"`
		RecommendDoc string   `xml:"RecommendDoc,omitempty"`
	}
	type cosError struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string   `xml:"Code"`
		Message   string   `xml:"Message"`
		Resource  string   `xml:"Resource"`
		RequestID string   `xml:"RequestId"`
		TraceID   string   `xml:"TraceId"`
	}
	var v any
	header := []byte(xml.Header)
	switch d {
	case bucketpolicy.OSS:
		e := ossError{Code: rep.Code, Message: rep.Message, RequestID: rep.RequestID, HostID: rep.HostID, EC: rep.EC}
		if rep.EC != "" {
			e.RecommendDoc = "https://api.aliyun.com/troubleshoot?q=" + rep.EC
		}
		v = e
	case bucketpolicy.COS:
		header = []byte("<?xml version='1.0' encoding='utf-8' ?>\n")
		v = cosError{Code: rep.Code, Message: rep.Message, Resource: rep.Resource, RequestID: rep.RequestID, TraceID: rep.RequestID}
	default:
		v = s3Error{Code: rep.Code, Message: rep.Message, Resource: rep.Resource, RequestID: rep.RequestID, HostID: rep.HostID}
	}
	b, err := xml.Marshal(v)
	if err != nil {
		// Only strings go in, and xml.Marshal escapes them: this cannot
		// happen, but an error reply must still be an error reply.
		b = []byte("<Error><Code>InternalError</Code></Error>")
	}
	return append(header, b...)
}

// WriteError writes the cloud's reply to a request the mapper could not
// map (an [*Error] from [Mapper.Map]); any other error is answered 500
// InternalError.
func WriteError(w http.ResponseWriter, r *http.Request, d bucketpolicy.Dialect, err error, requestID string) {
	rep := Reply{Status: http.StatusInternalServerError, Code: "InternalError", Message: "We encountered an internal error. Please try again.",
		RequestID: requestID}
	var me *Error
	if errors.As(err, &me) {
		rep.Status, rep.Code, rep.Message = me.Status, me.Code, me.Message
	}
	if r != nil {
		rep.Resource = r.URL.Path
		rep.HostID = r.Host
	}
	rep.Write(w, r, d)
}

// AccessDenied returns the cloud's reply to a request its bucket policy
// (or the lack of one) refuses: 403 AccessDenied; for OSS with the EC of a
// bucket-policy denial, 0003-00000101.
func AccessDenied(d bucketpolicy.Dialect, resource, host, requestID string) Reply {
	rep := Reply{Status: http.StatusForbidden, Code: "AccessDenied", Message: "Access Denied",
		Resource: resource, RequestID: requestID, HostID: host}
	if d == bucketpolicy.OSS {
		rep.Message = "Access denied by bucket policy."
		rep.EC = "0003-00000101"
	}
	return rep
}

func writeAccessDenied(w http.ResponseWriter, mp *Mapping, requestID string) {
	rep := AccessDenied(mp.dialect, mp.path, mp.host, requestID)
	rep.Write(w, &http.Request{Method: mp.method}, mp.dialect)
}
