package policyhttp

import (
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
)

// Map maps a request to what it asks of the bucket policy. c is the caller
// as the host authenticated it; t is the time of the request (the library
// never reads the clock). An operation the mapper does not know, or a
// request whose own values it cannot read, is an [*Error], never a guess.
//
// Map reads the body of a multi-object delete (to know its keys) and puts
// back an equivalent body, so that the host can read it again.
func (m *Mapper) Map(r *http.Request, c Caller, t time.Time) (*Mapping, error) {
	return m.mapInto(new(Mapping), r, c, t)
}

// MapInto is [Mapper.Map] into a Mapping the caller owns, which it resets
// first: a server that keeps Mappings in a [sync.Pool] maps a request
// without allocating the Mapping (about 2 KB, which holds the checks and
// their condition keys). Everything the Mapping holds, its Checks and
// their keys included, is valid until dst is reused; on an error dst holds
// no mapping.
func (m *Mapper) MapInto(dst *Mapping, r *http.Request, c Caller, t time.Time) error {
	_, err := m.mapInto(dst, r, c, t)
	if err != nil {
		*dst = Mapping{}
	}
	return err
}

func (m *Mapper) mapInto(mp *Mapping, r *http.Request, c Caller, t time.Time) (*Mapping, error) {
	cl := m.cloud()
	if cl == nil {
		return nil, &Error{Status: http.StatusInternalServerError, Code: "InternalError",
			Message: "the mapper has no dialect (Mapper.Dialect is " + m.Dialect.String() + ")"}
	}
	tg, err := m.address(r)
	if err != nil {
		return nil, err
	}
	if tg.vector {
		cl = ossVectorCloud // an OSS vector bucket host (oss.go)
	}
	mp.reset()
	mp.Bucket, mp.Key, mp.caller, mp.dialect, mp.method, mp.path, mp.host = tg.bucket, tg.key, c, m.Dialect, r.Method, r.URL.Path, r.Host
	var q query
	if err := parseQuery(r.URL.RawQuery, &q); err != nil {
		return nil, err
	}
	copyHeader := ""
	if tg.level == levelObject {
		for _, h := range cl.copyHeaders {
			if v := r.Header[h]; len(v) > 0 {
				if copyHeader != "" || len(v) > 1 {
					return nil, badRequest("InvalidArgument", "the request names its copy source more than once")
				}
				copyHeader = v[0]
			}
		}
	}
	rt, err := cl.route(r.Method, tg.level, &q, copyHeader != "")
	if err != nil {
		return nil, err
	}
	if tg.vector {
		// The index a vector operation names is in its JSON body.
		if err := ossVectorIndex(r, rt, &tg); err != nil {
			return nil, err
		}
		mp.Key = tg.key
	}
	svc := cl.service
	mp.Operation = rt.op
	if rt.flags&createsBucket != 0 && m.Dialect == bucketpolicy.OSS && ossOwner(m, tg, tg.bucket) == "" {
		// The bucket does not exist yet: its owner will be the account
		// that creates it.
		tg.owner = creatorAccount(c)
	}
	versionID, versioned := q.get(cl.versionParam)
	action := rt.action
	if versioned && rt.versioned != "" {
		action = rt.versioned
	}
	if rt.flags&listV2 != 0 {
		if v, ok := q.get("list-type"); ok {
			if v != "2" {
				return nil, badRequest("InvalidArgument", "list-type must be 2, not "+quote(v))
			}
			mp.Operation = "ListObjectsV2"
		}
	}

	// The strings the checks name: resources, and the request time. They
	// are written into one buffer and made one string.
	var src copySourceRef
	if rt.flags&copySource != 0 {
		if svc.parseCopy != nil {
			src, err = svc.parseCopy(copyHeader)
		} else {
			src, err = parseCopySource(copyHeader, m.Dialect == bucketpolicy.OBS)
		}
		if err != nil {
			return nil, err
		}
	}
	var buf [256]byte
	b := buf[:0]
	b = cl.appendResource(m, b, tg, tg.bucket, tg.key)
	resEnd := len(b)
	if rt.flags&copySource != 0 {
		region := tg.region
		if src.region != "" {
			region = src.region
		}
		b = cl.appendResource(m, b, target{level: levelObject, region: region}, src.bucket, src.key)
	}
	srcEnd := len(b)
	b = formatTime(b, t)
	timeEnd := len(b)
	b = appendInt(b, t.Unix())
	text := string(b)
	resource := text[:resEnd]
	stamp, epoch := text[srcEnd:timeEnd], text[timeEnd:]

	if err := cl.fillKeys(m, mp, r, &q, rt, tg, stamp, epoch); err != nil {
		return nil, err
	}
	keys := mp.requestKeys()
	req := bucketpolicy.Request{Principal: c.Principal, Account: c.Account, Owner: c.Owner, Keys: keys}

	if rt.flags&deleteKeys != 0 {
		return m.deleteChecks(mp, r, req, rt, cl, tg)
	}
	add := func(action, resource, bucket, key, version string) {
		chk := Check{Request: req, Bucket: bucket, Key: key, VersionID: version}
		chk.Action, chk.Resource = action, resource
		if bucket != tg.bucket {
			chk.Owner = c.OwnerOf != nil && c.OwnerOf(bucket)
		}
		mp.Checks = append(mp.Checks, chk)
	}
	mp.Checks = mp.checks[:0]
	add(action, resource, tg.bucket, tg.key, versionID)
	if rt.flags&objectACL != 0 && cl.hasACLHeader(r) {
		add(svc.objectACL, resource, tg.bucket, tg.key, "")
	}
	if rt.flags&bucketCreate != 0 {
		// S3's CreateBucket: "the following permissions are required in a
		// policy when your CreateBucket request includes specific headers"
		// (AWS API reference, aws-sdk-go-v2 service/s3/api_op_CreateBucket.go).
		if acl := header(r, "X-Amz-Acl"); (acl != "" && acl != "private") || cl.hasGrantHeader(r) {
			add("s3:PutBucketAcl", resource, tg.bucket, "", "")
		}
		if strings.EqualFold(header(r, "X-Amz-Bucket-Object-Lock-Enabled"), "true") {
			add("s3:PutBucketObjectLockConfiguration", resource, tg.bucket, "", "")
			add("s3:PutBucketVersioning", resource, tg.bucket, "", "")
		}
		if len(r.Header["X-Amz-Object-Ownership"]) > 0 {
			add("s3:PutBucketOwnershipControls", resource, tg.bucket, "", "")
		}
	}
	if rt.flags&objectTags != 0 && header(r, svc.tagging) != "" {
		add(svc.objectTagging, resource, tg.bucket, tg.key, "")
	}
	if rt.flags&copySource != 0 {
		read := svc.read
		if src.versionID != "" {
			read = svc.readVersion
		}
		add(read, text[resEnd:srcEnd], src.bucket, src.key, src.versionID)
		if svc.sourceTagging != "" && rt.flags&objectTags != 0 && header(r, svc.tagging) != "" {
			read = svc.sourceTagging
			if src.versionID != "" {
				read = svc.sourceTaggingVersion
			}
			add(read, text[resEnd:srcEnd], src.bucket, src.key, src.versionID)
		}
	}
	return mp, nil
}

// service is what differs between the clouds beyond their routes: the
// actions of the checks several operations share, and the request headers
// that add them.
type service struct {
	tagging       string // the tagging header, canonical: X-Amz-Tagging
	objectACL     string // the action an ACL header adds to an upload
	objectTagging string // the action a tagging header adds
	read          string // the read of a copy source
	readVersion   string // ... of a version of it
	versionKey    string // the condition key of a version id (s3:VersionId)
	aclHeaders    []string
	grantPrefixes []string // lower case
	// sourceTagging (sourceTaggingVersion for a version) is the read of a
	// copy source's tags that a tagging header adds (OSS); parseCopy reads
	// the cloud's own form of the copy source header (COS), where it is not
	// /BUCKET/KEY.
	sourceTagging, sourceTaggingVersion string
	parseCopy                           func(string) (copySourceRef, error)
}

// cloud returns the tables of the mapper's dialect.
func (m *Mapper) cloud() *cloud {
	switch m.Dialect {
	case bucketpolicy.AWS:
		return s3Cloud
	case bucketpolicy.OBS:
		return obsCloud
	case bucketpolicy.OSS:
		return ossCloud
	case bucketpolicy.COS:
		return cosCloud
	}
	return nil
}

// hasACLHeader reports whether the request sets an object ACL: a canned
// ACL header or a grant header.
func (cl *cloud) hasACLHeader(r *http.Request) bool {
	for _, h := range cl.service.aclHeaders {
		if len(r.Header[h]) > 0 {
			return true
		}
	}
	return cl.hasGrantHeader(r)
}

// hasGrantHeader reports whether the request has an ACL grant header.
func (cl *cloud) hasGrantHeader(r *http.Request) bool {
	for name := range r.Header {
		for _, p := range cl.service.grantPrefixes {
			if len(name) > len(p) && strings.EqualFold(name[:len(p)], p) {
				return true
			}
		}
	}
	return false
}

// copySourceRef is a copy's source: /BUCKET/KEY[?versionId=V].
type copySourceRef struct {
	bucket, key, versionID string
	region                 string // COS: the region its host names
}

// OBS's SDK query-escapes the header (a space as '+'); plusSpace reads it
// so.
func parseCopySource(h string, plusSpace bool) (copySourceRef, error) {
	var ref copySourceRef
	bad := badRequest("InvalidArgument", "the copy source "+quote(h)+" is not /BUCKET/KEY[?versionId=ID]")
	path, q, hasQuery := strings.Cut(h, "?")
	if hasQuery {
		name, v, ok := strings.Cut(q, "=")
		if !ok || name != "versionId" || v == "" || strings.Contains(v, "&") {
			return ref, bad
		}
		ref.versionID = v
	}
	path = strings.TrimPrefix(path, "/")
	b, k, ok := strings.Cut(path, "/")
	if !ok || b == "" || k == "" {
		return ref, bad
	}
	unescape := url.PathUnescape
	if plusSpace {
		unescape = url.QueryUnescape
	}
	var err error
	if ref.bucket, err = unescape(b); err != nil {
		return ref, bad
	}
	if ref.key, err = unescape(k); err != nil {
		return ref, bad
	}
	if err := checkBucket(ref.bucket); err != nil {
		return ref, err
	}
	return ref, nil
}

// maxDeleteBody and maxDeleteKeys bound a multi-object delete: S3 takes at
// most 1,000 keys of at most 1,024 bytes each.
const (
	maxDeleteBody = 2 << 20
	maxDeleteKeys = 1000
)

// deleteBody is the XML body of a multi-object delete.
type deleteBody struct {
	XMLName xml.Name `xml:"Delete"`
	Quiet   bool     `xml:"Quiet"`
	Objects []struct {
		Key       string `xml:"Key"`
		VersionID string `xml:"VersionId"`
	} `xml:"Object"`
}

// deleteChecks reads the keys of a multi-object delete into one check
// each, in the body's order.
func (m *Mapper) deleteChecks(mp *Mapping, r *http.Request, req bucketpolicy.Request, rt *route, cl *cloud, tg target) (*Mapping, error) {
	if r.Body == nil {
		return nil, badRequest("MalformedXML", "the request has no body listing the objects to delete")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxDeleteBody+1))
	r.Body.Close()
	if err != nil {
		return nil, badRequest("IncompleteBody", "reading the body: "+err.Error())
	}
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	if len(body) > maxDeleteBody {
		return nil, badRequest("MalformedXML", "the body is larger than "+itoa(maxDeleteBody)+" bytes")
	}
	var d deleteBody
	dec := xml.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(&d); err != nil {
		return nil, badRequest("MalformedXML", "the body is not a <Delete> document: "+err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, badRequest("MalformedXML", "the body holds more than one <Delete> document")
	}
	if len(d.Objects) == 0 || len(d.Objects) > maxDeleteKeys {
		return nil, badRequest("MalformedXML", "a delete names 1 to "+itoa(maxDeleteKeys)+" objects, this one "+itoa(len(d.Objects)))
	}
	mp.Checks = make([]Check, 0, len(d.Objects))
	for _, o := range d.Objects {
		if o.Key == "" {
			return nil, badRequest("MalformedXML", "an <Object> of the delete has no <Key>")
		}
		chk := Check{Request: req, Bucket: tg.bucket, Key: o.Key, VersionID: o.VersionID}
		chk.Action = rt.action
		if o.VersionID != "" {
			chk.Action = rt.versioned
			// s3:VersionId for this key: the request's keys and this one.
			if cl.service.versionKey != "" { // OSS has no such key
				chk.Keys = append(append(make([]bucketpolicy.Key, 0, len(req.Keys)+1), req.Keys...),
					bucketpolicy.Key{Name: cl.service.versionKey, Values: []string{o.VersionID}})
			}
		}
		chk.Resource = string(cl.appendResource(m, nil, target{level: levelObject, region: tg.region, owner: tg.owner}, tg.bucket, o.Key))
		mp.Checks = append(mp.Checks, chk)
	}
	return mp, nil
}

// creatorAccount is the account of the caller that creates a bucket (oss):
// its Account, else the account its principal names, else its principal.
func creatorAccount(c Caller) string {
	switch {
	case c.Account != "":
		return c.Account
	case strings.HasPrefix(c.Principal, "arn:sts::"):
		uid, _, _ := strings.Cut(strings.TrimPrefix(c.Principal, "arn:sts::"), ":")
		return uid
	}
	return c.Principal
}

// appendInt appends the decimal form of n.
func appendInt(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var d [20]byte
	i := len(d)
	for {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, d[i:]...)
}
