// Package policyhttp connects net/http to bucket policies. A storage server,
// gateway or proxy that speaks the API of AWS S3, Huawei OBS, Alibaba Cloud
// OSS or Tencent COS uses it to turn each HTTP request into the checks the
// cloud makes of a bucket policy, to decide them, to answer a refusal as
// the cloud does, and to serve the ?policy API.
//
// The path of one request is: the host authenticates the caller (the
// library never checks signatures), [Mapper.Map] turns the request into a
// [Mapping] (its operation, bucket and key, and the ordered [Check]s the
// cloud requires: the operation's own permission, then an ACL or tagging
// permission its headers ask for, then the read of a copy's source; one
// check per key of a multi-object delete), and [Mapping.Enforce] decides
// them against the bucket's [bucketpolicy.Policy] and writes the cloud's
// 403 AccessDenied when the request is refused.
//
//	m, err := mapper.Map(r, caller, time.Now())
//	if err != nil {
//		policyhttp.WriteError(w, r, mapper.Dialect, err, requestID)
//		return
//	}
//	if !m.Enforce(w, policyOf(m.Bucket), requestID) {
//		return
//	}
//
// The mapper never guesses: an operation it does not know, a query
// parameter it does not know, or a request value it cannot read is an
// error (501 NotImplemented, 400 InvalidArgument or MalformedXML), and
// request headers and parameters reach the policy only under their
// documented condition keys. Client addresses come from the connection
// unless the host names the proxies it trusts.
package policyhttp

import (
	"net/http"
	"net/netip"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
)

// Mapper maps the HTTP requests of one cloud's API to the checks its
// bucket policy must pass. Its fields are the host's endpoint settings; a
// Mapper must not be changed while in use, and is then safe for concurrent
// use.
type Mapper struct {
	// Dialect is the cloud whose API the server speaks.
	Dialect bucketpolicy.Dialect

	// VirtualHostSuffixes are the domains under which buckets are
	// addressed by host name: with "s3.example.com", a request to
	// "photos.s3.example.com" names the bucket "photos". A request to a
	// suffix itself, or to any other host, is path-style. COS bucket hosts
	// (NAME-APPID.cos.REGION.myqcloud.com) and OSS vector bucket hosts
	// (BUCKET-ACCOUNT.REGION.oss-vectors.aliyuncs.com) are recognised
	// without being listed.
	VirtualHostSuffixes []string

	// TrustedProxies are the addresses of the proxies in front of the
	// server. Only when the connection comes from one of them are its
	// X-Forwarded-For and X-Forwarded-Proto headers read; without them the
	// client's address and transport are the connection's own.
	TrustedProxies []netip.Prefix

	// Region is the region oss and cos resources name (for COS bucket
	// hosts, the host's own region wins).
	Region string

	// BucketOwner is the account id oss resources name
	// (acs:oss:REGION:OWNER:BUCKET); OwnerOf, when set, gives it per bucket
	// instead. An OSS vector bucket host names its owner itself.
	BucketOwner string
	OwnerOf     func(bucket string) string

	// ObjectTags, when set, reads the tags of an object from storage, for
	// the s3:ExistingObjectTag/<key> condition keys of object operations.
	// Tags come from storage only, never from the request.
	ObjectTags func(bucket, key, versionID string) (map[string]string, error)
}

// Caller is the caller of a request as the host authenticated it.
type Caller struct {
	// Principal is the caller as the cloud writes it (an ARN, an OSS UID,
	// a qcs::cam::uin/... name); "" for an anonymous caller.
	Principal string
	// Account is the caller's account, where Principal does not name it.
	Account string
	// Owner reports whether the caller owns the request's bucket. OwnerOf,
	// when set, tells for another bucket (the source of a copy); without it
	// the caller owns no other bucket.
	Owner   bool
	OwnerOf func(bucket string) bool
	// AccessKeyID is the access key the request was signed with
	// (acs:AccessId); UserID the caller's unique id (aws:userid).
	AccessKeyID string
	UserID      string
	// Auth is the signature version (s3:signatureversion): "AWS4-HMAC-SHA256"
	// or "AWS"; AuthType how it was sent (s3:authType): "REST-HEADER",
	// "REST-QUERY-STRING" or "POST". "" when the host does not say.
	Auth     string
	AuthType string
	// Tags are the caller's principal tags (aws:PrincipalTag/<key>).
	Tags map[string]string
	// SourceVpc is the VPC the host says the request came through
	// (aws:SourceVpc, acs:SourceVpc, qcs:vpc); "" for none.
	SourceVpc string
}

// Mapping is what a request asks of the bucket policy.
type Mapping struct {
	// Operation is the API operation, such as "GetObject".
	Operation string
	// Bucket and Key are what the request addresses ("" for a service
	// request, Key "" for a bucket request).
	Bucket, Key string
	// Checks are what the policy must allow, in the order the cloud checks
	// them.
	Checks []Check

	caller  Caller
	dialect bucketpolicy.Dialect
	method  string // for the reply to a refusal
	path    string
	host    string
	// Storage for the common case, so that Map allocates only the Mapping
	// and one string, and MapInto only the string.
	checks   [2]Check
	keys     [maxKeys]bucketpolicy.Key
	vals     [maxKeys]string
	nkeys    int
	overflow []bucketpolicy.Key // keys past maxKeys
}

// maxKeys bounds the condition keys of one request that live inside the
// Mapping; more (tags) are appended on the heap.
const maxKeys = 16

// Check is one permission the request needs: an action on a resource, with
// the request's condition keys.
type Check struct {
	bucketpolicy.Request
	// Bucket is the bucket whose policy decides the check (a copy's
	// source may lie in another bucket than the request's).
	Bucket string
	// Key and VersionID are the object the check is about, where there is
	// one (each key of a multi-object delete has its own check).
	Key, VersionID string
}

// Decide evaluates every check against p and combines the decisions: deny
// if any check is denied, allow if every check is allowed, else no
// decision. It is what the policy alone says; [Mapping.Authorize] adds the
// bucket owner's rights.
func (m *Mapping) Decide(p *bucketpolicy.Policy) bucketpolicy.Decision {
	return m.DecideFunc(func(string) *bucketpolicy.Policy { return p })
}

// DecideFunc is Decide with each check evaluated against the policy of its
// own bucket, as policyOf returns it (nil: the bucket has no policy).
func (m *Mapping) DecideFunc(policyOf func(bucket string) *bucketpolicy.Policy) bucketpolicy.Decision {
	all := len(m.Checks) > 0
	for i := range m.Checks {
		c := &m.Checks[i]
		switch policyOf(c.Bucket).Evaluate(c.Request) {
		case bucketpolicy.Deny:
			return bucketpolicy.Deny
		case bucketpolicy.NoDecision:
			all = false
		}
	}
	if all {
		return bucketpolicy.Allow
	}
	return bucketpolicy.NoDecision
}

// Authorize reports whether every check passes [bucketpolicy.Policy.Authorize]
// against p: an explicit deny refuses, an allow grants, and without a
// decision only the bucket owner gets through. For a multi-object delete
// use [Check] by check (see [Mapping.Refused]) to answer per key.
func (m *Mapping) Authorize(p *bucketpolicy.Policy) bool {
	return m.AuthorizeFunc(func(string) *bucketpolicy.Policy { return p })
}

// AuthorizeFunc is Authorize with each check against the policy of its own
// bucket.
func (m *Mapping) AuthorizeFunc(policyOf func(bucket string) *bucketpolicy.Policy) bool {
	return m.Refused(policyOf) < 0
}

// Refused returns the index of the first check that policyOf's policies
// refuse (with the owner fallback of [bucketpolicy.Policy.Authorize]), or -1
// when none is refused.
func (m *Mapping) Refused(policyOf func(bucket string) *bucketpolicy.Policy) int {
	for i := range m.Checks {
		c := &m.Checks[i]
		if !policyOf(c.Bucket).Authorize(c.Request) {
			return i
		}
	}
	return -1
}

// Enforce authorizes the request against p (the policy of the request's
// bucket, nil for none) and, when it is refused, writes the cloud's 403
// AccessDenied reply with the given request id. It reports whether the
// request may go on. A multi-object delete is never refused as a whole
// here: its checks are per key (see [Mapping.Refused]).
func (m *Mapping) Enforce(w http.ResponseWriter, p *bucketpolicy.Policy, requestID string) bool {
	return m.EnforceFunc(w, func(string) *bucketpolicy.Policy { return p }, requestID)
}

// EnforceFunc is Enforce with each check decided by the policy of its own
// bucket, as policyOf returns it (nil: the bucket has no policy): a copy's
// source is read under the source bucket's policy.
func (m *Mapping) EnforceFunc(w http.ResponseWriter, policyOf func(bucket string) *bucketpolicy.Policy, requestID string) bool {
	if m.Operation == "DeleteObjects" || m.Operation == "DeleteMultipleObjects" { // OSS, COS
		return true
	}
	i := m.Refused(policyOf)
	if i < 0 {
		return true
	}
	writeAccessDenied(w, m, requestID)
	return false
}

// formatTime appends the request time as the condition keys write it.
// It writes the digits itself (AppendFormat interprets its layout on
// every call, a fifth of the mapping's time).
func formatTime(buf []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(buf, "2006-01-02T15:04:05Z")
	}
	hour, min, sec := t.Clock()
	buf = append(buf, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-')
	buf = append2(buf, int(month), '-')
	buf = append2(buf, day, 'T')
	buf = append2(buf, hour, ':')
	buf = append2(buf, min, ':')
	return append2(buf, sec, 'Z')
}

// append2 appends a number below 100 as two digits, then sep.
func append2(buf []byte, n int, sep byte) []byte {
	return append(buf, byte('0'+n/10), byte('0'+n%10), sep)
}
