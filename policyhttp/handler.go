package policyhttp

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bucketpolicy/bucketpolicy"
)

// PolicyHandler serves the ?policy API of one cloud, as http.md §2 of the
// project's specification describes it:
//
//	               S3, OBS, COS              OSS (buckets, vector buckets)
//	PUT  ?policy   204                       200, empty body
//	GET  ?policy   200, the stored bytes     200, the stored bytes
//	     none      404 NoSuchBucketPolicy    404 NoSuchBucketPolicy
//	DEL  ?policy   204, with or without one  204
//	GET  ?policyStatus  <PolicyStatus><IsPublic>…  (S3 and OBS: 404 without a
//	               policy; OSS: false; COS has no such API)
//
// A document the cloud's PutBucketPolicy would refuse is answered 400 with
// the cloud's code (MalformedPolicy; OSS InvalidPolicyDocument with its EC;
// OBS EntityTooLarge for size), a public policy under Block Public Access
// 403 AccessDenied. The bucket owner may always read, replace and delete
// the policy; anyone else needs the permission through the policy, and on
// S3 a caller of another account that has it is answered 405
// MethodNotAllowed.
//
// PUT reads at most the dialect's size limit plus one byte, verifies
// Content-MD5 and x-amz-checksum-* when present, and parses the document
// with [bucketpolicy.WithBucket]. The bytes are stored as received; the
// compiled policy that [PolicyHandler.Policy] returns for enforcement is
// replaced together with them, so that no request sees a policy other than
// the last one stored. Concurrent PUTs are last-writer-wins.
//
// Set the fields before first use and do not change them after.
type PolicyHandler struct {
	// Dialect is the cloud whose API the server speaks.
	Dialect bucketpolicy.Dialect
	// Store keeps the documents.
	Store Store
	// BlockPublicAccess reports whether Block Public Access is on for a
	// bucket (nil: off everywhere). A public policy is then refused.
	BlockPublicAccess func(bucket string) bool
	// BucketAccount, when set, returns the account that owns a bucket, for
	// S3's 405 MethodNotAllowed to a caller of another account.
	BucketAccount func(bucket string) string
	// Actions are actions the server defines beyond the cloud's catalogue
	// (see [bucketpolicy.WithActions]).
	Actions []string
	// Limits, when not zero, changes the dialect's limits (see
	// [bucketpolicy.WithLimits]).
	Limits bucketpolicy.Limits

	buckets sync.Map // bucket name -> *bucketEntry
}

// bucketEntry is one bucket's compiled policy, in step with its document.
type bucketEntry struct {
	write  sync.Mutex // held while the document and policy change together
	loaded atomic.Bool
	policy atomic.Pointer[bucketpolicy.Policy]
}

func (h *PolicyHandler) entry(bucket string) *bucketEntry {
	if e, ok := h.buckets.Load(bucket); ok {
		return e.(*bucketEntry)
	}
	e, _ := h.buckets.LoadOrStore(bucket, &bucketEntry{})
	return e.(*bucketEntry)
}

// Policy returns the bucket's compiled policy for enforcement (nil when it
// has none), reading it from the store the first time. An error (the store
// failed, or holds a document that does not parse) must refuse the request.
// The handler keeps an entry for each bucket it is asked about: ask only
// about buckets that exist, and call Forget when one is deleted.
func (h *PolicyHandler) Policy(ctx context.Context, bucket string) (*bucketpolicy.Policy, error) {
	e := h.entry(bucket)
	if e.loaded.Load() {
		return e.policy.Load(), nil
	}
	e.write.Lock()
	defer e.write.Unlock()
	if e.loaded.Load() {
		return e.policy.Load(), nil
	}
	doc, err := h.Store.GetPolicy(ctx, bucket)
	switch {
	case errors.Is(err, ErrNoPolicy):
		e.policy.Store(nil)
	case err != nil:
		return nil, err
	default:
		p, err := bucketpolicy.Parse(doc, h.options(bucket)...)
		if err != nil {
			return nil, errors.New("policyhttp: the stored policy of bucket " + quote(bucket) + " does not parse: " + err.Error())
		}
		e.policy.Store(p)
	}
	e.loaded.Store(true)
	return e.policy.Load(), nil
}

// Forget drops what the handler holds of a bucket (when the bucket is
// deleted, or its document changed in the store behind the handler's back).
func (h *PolicyHandler) Forget(bucket string) {
	h.buckets.Delete(bucket)
}

func (h *PolicyHandler) options(bucket string) []bucketpolicy.Option {
	opts := []bucketpolicy.Option{bucketpolicy.WithDialect(h.Dialect), bucketpolicy.WithBucket(bucket)}
	if len(h.Actions) > 0 {
		opts = append(opts, bucketpolicy.WithActions(h.Actions...))
	}
	if h.Limits != (bucketpolicy.Limits{}) {
		opts = append(opts, bucketpolicy.WithLimits(h.Limits))
	}
	return opts
}

// IsPolicyOperation reports whether a mapped request is one of the ?policy
// API's, which [PolicyHandler.Serve] answers.
func IsPolicyOperation(m *Mapping) bool {
	switch m.Operation {
	case "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy", "GetBucketPolicyStatus":
		return true
	}
	return false
}

// Serve answers a request of the ?policy API (see [IsPolicyOperation]) and
// reports true; for any other request it writes nothing and reports false.
// m is the request's mapping; requestID goes into the reply.
func (h *PolicyHandler) Serve(w http.ResponseWriter, r *http.Request, m *Mapping, requestID string) bool {
	if !IsPolicyOperation(m) {
		return false
	}
	fail := func(status int, code, msg, ec string) {
		rep := Reply{Status: status, Code: code, Message: msg, Resource: r.URL.Path, RequestID: requestID, HostID: r.Host, EC: ec}
		rep.Write(w, r, h.Dialect)
	}
	ctx := r.Context()
	current, err := h.Policy(ctx, m.Bucket)
	if err != nil {
		fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.", "")
		return true
	}
	if !m.Authorize(current) {
		rep := AccessDenied(h.Dialect, r.URL.Path, r.Host, requestID)
		rep.Write(w, r, h.Dialect)
		return true
	}
	if h.Dialect == bucketpolicy.AWS && !m.caller.Owner && h.BucketAccount != nil {
		if acct, _, _, _ := describeCaller(m.caller.Principal, m.caller.Account); m.caller.Principal == "" || acct != h.BucketAccount(m.Bucket) {
			fail(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.", "")
			return true
		}
	}
	switch m.Operation {
	case "GetBucketPolicy":
		doc, err := h.Store.GetPolicy(ctx, m.Bucket)
		if errors.Is(err, ErrNoPolicy) {
			h.noPolicy(w, r, requestID)
			return true
		}
		if err != nil {
			fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.", "")
			return true
		}
		h.ok(w, requestID, "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(doc)))
		w.WriteHeader(http.StatusOK)
		w.Write(doc)
	case "DeleteBucketPolicy":
		e := h.entry(m.Bucket)
		e.write.Lock()
		err := h.Store.DeletePolicy(ctx, m.Bucket)
		if err == nil {
			e.policy.Store(nil)
			e.loaded.Store(true)
		}
		e.write.Unlock()
		if err != nil {
			fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.", "")
			return true
		}
		h.ok(w, requestID, "")
		w.WriteHeader(http.StatusNoContent)
	case "GetBucketPolicyStatus":
		h.status(w, r, current, requestID)
	case "PutBucketPolicy":
		h.put(w, r, m, requestID, fail)
	}
	return true
}

// ok sets the headers of a successful reply.
func (h *PolicyHandler) ok(w http.ResponseWriter, requestID, contentType string) {
	hd := w.Header()
	switch h.Dialect {
	case bucketpolicy.OBS:
		hd.Set("x-obs-request-id", requestID)
		hd.Set("x-amz-request-id", requestID)
	case bucketpolicy.OSS:
		hd.Set("x-oss-request-id", requestID)
	case bucketpolicy.COS:
		hd.Set("x-cos-request-id", requestID)
	default:
		hd.Set("x-amz-request-id", requestID)
	}
	if contentType != "" {
		hd.Set("Content-Type", contentType)
	}
}

func (h *PolicyHandler) noPolicy(w http.ResponseWriter, r *http.Request, requestID string) {
	rep := Reply{Status: http.StatusNotFound, Code: "NoSuchBucketPolicy", Message: "The bucket policy does not exist",
		Resource: r.URL.Path, RequestID: requestID, HostID: r.Host}
	if h.Dialect == bucketpolicy.OSS {
		rep.Message, rep.EC = "No policy is configured for the requested bucket.", "0030-00000006"
	}
	rep.Write(w, r, h.Dialect)
}

// status answers GetBucketPolicyStatus.
func (h *PolicyHandler) status(w http.ResponseWriter, r *http.Request, p *bucketpolicy.Policy, requestID string) {
	if h.Dialect == bucketpolicy.COS {
		rep := Reply{Status: http.StatusNotImplemented, Code: "NotImplemented", Message: "COS has no policy status API",
			Resource: r.URL.Path, RequestID: requestID}
		rep.Write(w, r, h.Dialect)
		return
	}
	if p == nil && h.Dialect != bucketpolicy.OSS {
		h.noPolicy(w, r, requestID)
		return
	}
	ns := ""
	if h.Dialect == bucketpolicy.OBS {
		ns = ` xmlns="http://obs.myhwclouds.com/doc/2015-06-30/"`
	}
	body := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<PolicyStatus" + ns + "><IsPublic>" +
		boolString(p != nil && p.Public().Public) + "</IsPublic></PolicyStatus>"
	h.ok(w, requestID, "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, body)
}

// put answers PutBucketPolicy.
func (h *PolicyHandler) put(w http.ResponseWriter, r *http.Request, m *Mapping, requestID string, fail func(int, string, string, string)) {
	limit := bucketpolicy.DefaultLimits(h.Dialect).DocumentBytes
	if h.Limits.DocumentBytes > 0 {
		limit = h.Limits.DocumentBytes
	}
	tooLarge := func() {
		msg := "Policy exceeds the maximum allowed document size: the limit is " + strconv.Itoa(limit) + " bytes"
		switch h.Dialect {
		case bucketpolicy.OBS:
			fail(http.StatusBadRequest, "EntityTooLarge", msg, "")
		case bucketpolicy.OSS:
			fail(http.StatusBadRequest, "InvalidPolicyDocument", msg, "0030-00000001")
		default:
			fail(http.StatusBadRequest, "MalformedPolicy", msg, "")
		}
	}
	if r.ContentLength > int64(limit) {
		tooLarge()
		return
	}
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(r.Body, int64(limit)+1))
		if err != nil {
			fail(http.StatusBadRequest, "IncompleteBody", "reading the body: "+err.Error(), "")
			return
		}
	}
	if len(body) > limit {
		tooLarge()
		return
	}
	if r.ContentLength >= 0 && int64(len(body)) != r.ContentLength {
		fail(http.StatusBadRequest, "IncompleteBody", "the body is not as long as Content-Length says", "")
		return
	}
	if code, msg := verifyDigests(r.Header, body); code != "" {
		fail(http.StatusBadRequest, code, msg, "")
		return
	}
	p, err := bucketpolicy.Parse(body, h.options(m.Bucket)...)
	if err != nil {
		var pe *bucketpolicy.Error
		if !errors.As(err, &pe) || pe.Code == "InvalidArgument" {
			fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.", "")
			return
		}
		if errors.Is(err, bucketpolicy.ErrTooLarge) {
			tooLarge()
			return
		}
		ec := ""
		if h.Dialect == bucketpolicy.OSS {
			ec = ossPolicyEC(pe)
		}
		fail(http.StatusBadRequest, pe.Code, pe.Error(), ec)
		return
	}
	if h.BlockPublicAccess != nil && h.BlockPublicAccess(m.Bucket) {
		if v := p.Public(); v.Public {
			rep := AccessDenied(h.Dialect, r.URL.Path, r.Host, requestID)
			rep.Message = "Access Denied: Block Public Access is on for this bucket, and the policy is public"
			if len(v.Statements) > 0 {
				rep.Message += " (statement " + strconv.Itoa(v.Statements[0].Index) + ": " + v.Statements[0].Reason + ")"
			}
			if h.Dialect == bucketpolicy.OSS {
				rep.EC = ""
			}
			rep.Write(w, r, h.Dialect)
			return
		}
	}
	e := h.entry(m.Bucket)
	e.write.Lock()
	err = h.Store.PutPolicy(r.Context(), m.Bucket, body)
	if err == nil {
		e.policy.Store(p)
		e.loaded.Store(true)
	}
	e.write.Unlock()
	if err != nil {
		fail(http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.", "")
		return
	}
	h.ok(w, requestID, "")
	if h.Dialect == bucketpolicy.OSS {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ossPolicyEC returns the OSS error code (EC) of a rejected document:
// 0030-00000001 size, -02 version, -03 a field too long, -04 not UTF-8,
// -07 consecutive '*', -05 any other fault.
func ossPolicyEC(pe *bucketpolicy.Error) string {
	switch {
	case errors.Is(pe, bucketpolicy.ErrTooLarge):
		return "0030-00000001"
	case strings.Contains(pe.Message, "limit for one field"):
		return "0030-00000003"
	case strings.Contains(pe.Message, "not valid UTF-8"):
		return "0030-00000004"
	case strings.Contains(pe.Message, `"**"`):
		return "0030-00000007"
	case pe.Path == "Version" || strings.Contains(pe.Message, "missing Version"):
		return "0030-00000002"
	}
	return "0030-00000005"
}

// verifyDigests checks Content-MD5 and the x-amz-checksum-* headers a
// client sent with the body. It returns S3's error code and a message, or
// "" when every digest present matches. A checksum algorithm it does not
// know is refused: an unchecked claim is not accepted.
func verifyDigests(h http.Header, body []byte) (string, string) {
	if vs := h["Content-Md5"]; len(vs) > 0 {
		want, err := base64.StdEncoding.DecodeString(vs[0])
		if len(vs) > 1 || err != nil || len(want) != md5.Size {
			return "InvalidDigest", "the Content-MD5 you specified is not valid"
		}
		sum := md5.Sum(body)
		if !bytes.Equal(sum[:], want) {
			return "BadDigest", "the Content-MD5 you specified did not match what we received"
		}
	}
	for name, vs := range h {
		alg, ok := strings.CutPrefix(strings.ToLower(name), "x-amz-checksum-")
		if !ok || alg == "type" || alg == "algorithm" {
			continue
		}
		var hh hash.Hash
		switch alg {
		case "crc32":
			hh = crc32.NewIEEE()
		case "crc32c":
			hh = crc32.New(crc32.MakeTable(crc32.Castagnoli))
		case "crc64nvme":
			hh = crc64.New(crc64NVME)
		case "sha1":
			hh = sha1.New()
		case "sha256":
			hh = sha256.New()
		default:
			return "InvalidRequest", "the checksum algorithm " + quote(alg) + " is not supported"
		}
		want, err := base64.StdEncoding.DecodeString(vs[0])
		if len(vs) > 1 || err != nil || len(want) != hh.Size() {
			return "InvalidDigest", "the x-amz-checksum-" + alg + " you specified is not valid"
		}
		hh.Write(body)
		if !bytes.Equal(hh.Sum(nil), want) {
			return "BadDigest", "the x-amz-checksum-" + alg + " you specified did not match the calculated checksum"
		}
	}
	return "", ""
}

// crc64NVME is the table of CRC-64/NVME (polynomial 0xAD93D23594C93659,
// reflected), which S3 offers as x-amz-checksum-crc64nvme.
var crc64NVME = crc64.MakeTable(0x9A6C9329AC4BC9B5)
