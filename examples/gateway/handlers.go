package main

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"hash"
	"hash/crc32"
	"hash/crc64"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// operation is one API operation: its name and its handler.
type operation struct {
	name string
	run  func(g *gateway, w http.ResponseWriter, r *http.Request, x *exchange) *apiError
}

// operations are the operations the gateway runs, under the names the
// library's mapper gives them in each dialect (S3's and OBS's; OSS's
// PutBucket, DeleteMultipleObjects; COS's GetService, PutBucket,
// GetBucket, PutObjectCopy, DeleteMultipleObjects). Every other operation
// the mapper knows is answered 501 NotImplemented; one it does not know it
// refused already.
var operations = map[string]func(g *gateway, w http.ResponseWriter, r *http.Request, x *exchange) *apiError{
	"ListBuckets":                   (*gateway).listBuckets,
	"GetService":                    (*gateway).listBuckets,
	"CreateBucket":                  (*gateway).createBucket,
	"PutBucket":                     (*gateway).createBucket,
	"DeleteBucket":                  (*gateway).deleteBucket,
	"HeadBucket":                    (*gateway).headBucket,
	"ListObjects":                   (*gateway).listObjects,
	"GetBucket":                     (*gateway).listObjects,
	"ListObjectsV2":                 (*gateway).listObjectsV2,
	"GetObject":                     (*gateway).getObject,
	"HeadObject":                    (*gateway).getObject,
	"PutObject":                     (*gateway).putObject,
	"CopyObject":                    (*gateway).copyObject,
	"PutObjectCopy":                 (*gateway).copyObject,
	"DeleteObject":                  (*gateway).deleteObject,
	"DeleteObjects":                 (*gateway).deleteObjects,
	"DeleteMultipleObjects":         (*gateway).deleteObjects,
	"PutPublicAccessBlock":          (*gateway).putPublicAccessBlock,
	"GetPublicAccessBlock":          (*gateway).getPublicAccessBlock,
	"DeletePublicAccessBlock":       (*gateway).deletePublicAccessBlock,
	"PutBucketPublicAccessBlock":    (*gateway).putPublicAccessBlock,
	"GetBucketPublicAccessBlock":    (*gateway).getPublicAccessBlock,
	"DeleteBucketPublicAccessBlock": (*gateway).deletePublicAccessBlock,
}

// operation finds the handler of the mapped request x.m, or answers why
// the gateway does not run it.
func (g *gateway) operation(r *http.Request, x *exchange) (func(g *gateway, w http.ResponseWriter, r *http.Request, x *exchange) *apiError, *apiError) {
	op := x.m.Operation
	run := operations[op]
	switch {
	case run == nil:
	case isPublicAccessBlockOp(op) && x.bucket == nil: // OSS's account-level PutPublicAccessBlock
		run = nil
	case (op == "GetObject" || op == "HeadObject") && r.URL.Query().Has("partNumber"):
		run = nil
	}
	if run == nil {
		return nil, errorf(http.StatusNotImplemented, "NotImplemented", "This gateway does not implement %s", op)
	}
	return run, nil
}

func setOf(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// headerPrefix is the prefix of the dialect's own headers.
var headerPrefix = map[dialect]string{
	dialectAWS: "x-amz-", dialectOBS: "x-amz-", dialectOSS: "x-oss-", dialectCOS: "x-cos-",
}

// header reads the dialect's header name (x-amz-name, x-oss-name, ...); OBS
// also takes its own x-obs-name.
func (g *gateway) header(r *http.Request, name string) string {
	v := r.Header.Get(headerPrefix[g.cfg.Dialect] + name)
	if v == "" && g.cfg.Dialect == dialectOBS {
		v = r.Header.Get("x-obs-" + name)
	}
	return v
}

func (g *gateway) setHeader(w http.ResponseWriter, name, value string) {
	w.Header().Set(headerPrefix[g.cfg.Dialect]+name, value)
}

// --- service and buckets ---

func (g *gateway) listBuckets(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	if x.caller.Anonymous {
		return errAccessDenied
	}
	ownerID := x.caller.Account
	if g.cfg.Dialect == dialectCOS {
		ownerID = rootPrincipal(dialectCOS, x.caller.Account) // COS writes the owner as a CAM name
	}
	res := listAllMyBucketsResult{Xmlns: xmlNamespace[g.cfg.Dialect], Owner: xmlOwner{ID: ownerID, DisplayName: x.caller.Account}}
	for _, b := range g.store.listBuckets(x.caller.Account) {
		xb := xmlBucket{Name: b.Name, CreationDate: isoDate(b.Created)}
		switch g.cfg.Dialect {
		case dialectOSS:
			xb.Location, xb.Region, xb.StorageClass = "oss-"+g.cfg.Region, g.cfg.Region, "Standard"
		case dialectCOS:
			xb.Location, xb.BucketType = g.cfg.Region, "cos"
		case dialectOBS:
			xb.Location = g.cfg.Region
		}
		res.Buckets = append(res.Buckets, xb)
	}
	return writeXML(w, res)
}

// cosBucketName is COS's <name>-<appid>.
var cosBucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*-[0-9]+$`)

func (g *gateway) createBucket(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	if x.caller.Anonymous {
		return errorf(http.StatusForbidden, "AccessDenied", "Anonymous users cannot create buckets")
	}
	name := x.addr.bucket
	if !validBucketName(name) || g.cfg.Dialect == dialectCOS && !cosBucketName.MatchString(name) {
		return errorf(http.StatusBadRequest, "InvalidBucketName", "The specified bucket is not valid.")
	}
	// The body (CreateBucketConfiguration: location, storage class) is read
	// and not used: the gateway serves one region.
	if _, err := io.Copy(io.Discard, io.LimitReader(r.Body, 64<<10)); err != nil {
		return bodyError(err)
	}
	b, err := g.store.createBucket(name, x.caller.Account, !g.cfg.BlockPublicAccessOff, x.now)
	switch {
	case errors.Is(err, errBucketExists) && b.Owner == x.caller.Account && g.cfg.Dialect != dialectOSS:
		return errorf(http.StatusConflict, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.")
	case errors.Is(err, errBucketExists):
		return errorf(http.StatusConflict, "BucketAlreadyExists", "The requested bucket name is not available.")
	case err != nil:
		return errorf(http.StatusInternalServerError, "InternalError", "creating the bucket: %v", err)
	}
	g.policies.Forget(name) // nothing of an earlier bucket of this name
	w.Header().Set("Location", "/"+name)
	w.WriteHeader(http.StatusOK)
	return nil
}

func (g *gateway) deleteBucket(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	switch err := g.store.deleteBucket(x.bucket); {
	case errors.Is(err, errBucketNotEmpty):
		return errorf(http.StatusConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty")
	case err != nil:
		return errorf(http.StatusInternalServerError, "InternalError", "deleting the bucket: %v", err)
	}
	g.policies.Forget(x.bucket.Name) // a bucket of the same name made later starts without it
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (g *gateway) headBucket(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	switch g.cfg.Dialect {
	case dialectAWS:
		w.Header().Set("x-amz-bucket-region", g.cfg.Region)
	case dialectOBS:
		w.Header().Set("x-obs-bucket-location", g.cfg.Region)
	case dialectCOS:
		w.Header().Set("x-cos-bucket-region", g.cfg.Region)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// --- listings ---

// listParams reads prefix, delimiter, max-keys (0 to 1000, default 1000)
// and encoding-type.
func listParams(q url.Values) (prefix, delimiter string, max int, encoding string, e *apiError) {
	max = 1000
	if v := q.Get("max-keys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return "", "", 0, "", errorf(http.StatusBadRequest, "InvalidArgument", "max-keys must be an integer from 0 to 2147483647")
		}
		max = min(n, 1000)
	}
	encoding = q.Get("encoding-type")
	if encoding != "" && encoding != "url" {
		return "", "", 0, "", errorf(http.StatusBadRequest, "InvalidArgument", "Invalid Encoding Method specified in Request")
	}
	return q.Get("prefix"), q.Get("delimiter"), max, encoding, nil
}

func (g *gateway) contents(objs []*object, prefixes []string, encoding string, withOwner bool, owner string) ([]xmlContent, []xmlPrefix) {
	var cs []xmlContent
	for _, o := range objs {
		c := xmlContent{Key: encodeKey(o.Key, encoding), LastModified: isoDate(o.LastModified), ETag: o.ETag, Size: o.Size, StorageClass: "STANDARD"}
		if withOwner {
			c.Owner = &xmlOwner{ID: owner, DisplayName: owner}
		}
		if g.cfg.Dialect == dialectOSS {
			c.Type, c.StorageClass = "Normal", "Standard"
		}
		if g.cfg.Dialect == dialectCOS {
			c.StorageClass = "STANDARD"
		}
		cs = append(cs, c)
	}
	var ps []xmlPrefix
	for _, p := range prefixes {
		ps = append(ps, xmlPrefix{Prefix: encodeKey(p, encoding)})
	}
	return cs, ps
}

func (g *gateway) listObjects(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	q := r.URL.Query()
	prefix, delimiter, max, encoding, e := listParams(q)
	if e != nil {
		return e
	}
	marker := q.Get("marker")
	objs, prefixes, truncated := g.store.listObjects(x.bucket, prefix, delimiter, marker, max)
	res := listBucketResult{
		Xmlns: xmlNamespace[g.cfg.Dialect], Name: x.bucket.Name, Prefix: encodeKey(prefix, encoding),
		Marker: strPtr(encodeKey(marker, encoding)), MaxKeys: max, Delimiter: encodeKey(delimiter, encoding),
		EncodingType: encoding, IsTruncated: truncated,
	}
	res.Contents, res.CommonPrefixes = g.contents(objs, prefixes, encoding, true, x.bucket.Owner)
	if truncated {
		res.NextMarker = encodeKey(lastListed(objs, prefixes), encoding)
	}
	return writeXML(w, res)
}

func (g *gateway) listObjectsV2(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	q := r.URL.Query()
	prefix, delimiter, max, encoding, e := listParams(q)
	if e != nil {
		return e
	}
	after := q.Get("start-after")
	token := q.Get("continuation-token")
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return errorf(http.StatusBadRequest, "InvalidArgument", "The continuation token provided is incorrect")
		}
		after = string(raw)
	}
	objs, prefixes, truncated := g.store.listObjects(x.bucket, prefix, delimiter, after, max)
	n := len(objs) + len(prefixes)
	res := listBucketResult{
		Xmlns: xmlNamespace[g.cfg.Dialect], Name: x.bucket.Name, Prefix: encodeKey(prefix, encoding),
		StartAfter: encodeKey(q.Get("start-after"), encoding), ContinuationToken: token, KeyCount: &n, MaxKeys: max,
		Delimiter: encodeKey(delimiter, encoding), EncodingType: encoding, IsTruncated: truncated,
	}
	res.Contents, res.CommonPrefixes = g.contents(objs, prefixes, encoding, q.Get("fetch-owner") == "true", x.bucket.Owner)
	if truncated {
		res.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(lastListed(objs, prefixes)))
	}
	return writeXML(w, res)
}

// lastListed is the greatest key or common prefix of a page: where the next
// page starts after.
func lastListed(objs []*object, prefixes []string) string {
	last := ""
	if len(objs) > 0 {
		last = objs[len(objs)-1].Key
	}
	if len(prefixes) > 0 && prefixes[len(prefixes)-1] > last {
		last = prefixes[len(prefixes)-1]
	}
	return last
}

// --- objects ---

// metaPrefix is where the dialect carries user metadata.
func (g *gateway) metaPrefix() string { return headerPrefix[g.cfg.Dialect] + "meta-" }

// userMeta collects the request's user metadata, names lower-case without
// the prefix.
func (g *gateway) userMeta(r *http.Request) map[string]string {
	m := map[string]string{}
	for name, vals := range r.Header {
		l := strings.ToLower(name)
		for _, p := range []string{g.metaPrefix(), "x-obs-meta-"} {
			if strings.HasPrefix(l, p) && (p == g.metaPrefix() || g.cfg.Dialect == dialectOBS) {
				m[strings.TrimPrefix(l, p)] = strings.Join(vals, ",")
			}
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

var crc64Table = crc64.MakeTable(crc64.ECMA)

// crc64NVMETable is the CRC-64/NVME polynomial, reflected, for S3's
// x-amz-checksum-crc64nvme.
var crc64NVMETable = crc64.MakeTable(0x9a6c9329ac4bc9b5)

// checksumHeaders are S3's x-amz-checksum-* algorithms.
var checksumHeaders = map[string]func() hash.Hash{
	"crc32":     func() hash.Hash { return crc32.NewIEEE() },
	"crc32c":    func() hash.Hash { return crc32.New(crc32.MakeTable(crc32.Castagnoli)) },
	"crc64nvme": func() hash.Hash { return crc64.New(crc64NVMETable) },
	"sha1":      sha1.New,
	"sha256":    sha256.New,
}

// readObjectBody reads a PutObject body, at most MaxObjectSize bytes, and
// checks every digest the client sent: Content-MD5 and, for S3 and OBS, the
// x-amz-checksum-* headers. It returns the checksums to echo on reads.
func (g *gateway) readObjectBody(r *http.Request) ([]byte, map[string]string, *apiError) {
	if r.ContentLength > g.cfg.MaxObjectSize {
		return nil, nil, errorf(http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size (%d bytes)", g.cfg.MaxObjectSize)
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, g.cfg.MaxObjectSize+1))
	if err != nil {
		return nil, nil, bodyError(err)
	}
	if int64(len(data)) > g.cfg.MaxObjectSize {
		return nil, nil, errorf(http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size (%d bytes)", g.cfg.MaxObjectSize)
	}
	if e := checkContentMD5(r, data); e != nil {
		return nil, nil, e
	}
	var sums map[string]string
	if g.cfg.Dialect == dialectAWS || g.cfg.Dialect == dialectOBS {
		var e *apiError
		if sums, e = checksums(r, data); e != nil {
			return nil, nil, e
		}
	}
	return data, sums, nil
}

// checksums verifies the x-amz-checksum-* headers the client sent against
// data (400 BadDigest), and returns those present by algorithm.
func checksums(r *http.Request, data []byte) (map[string]string, *apiError) {
	var sums map[string]string
	for algo, newHash := range checksumHeaders {
		want := r.Header.Get("x-amz-checksum-" + algo)
		if want == "" {
			continue
		}
		h := newHash()
		h.Write(data)
		if got := base64.StdEncoding.EncodeToString(h.Sum(nil)); got != want {
			return nil, errorf(http.StatusBadRequest, "BadDigest", "The %s you specified did not match the calculated checksum.", strings.ToUpper(algo))
		}
		if sums == nil {
			sums = map[string]string{}
		}
		sums[algo] = want
	}
	return sums, nil
}

// checkChecksums verifies the x-amz-checksum-* headers against data.
func checkChecksums(r *http.Request, data []byte) *apiError {
	_, e := checksums(r, data)
	return e
}

// checkContentMD5 verifies a Content-MD5 header against data.
func checkContentMD5(r *http.Request, data []byte) *apiError {
	v := r.Header.Get("Content-Md5")
	if v == "" {
		return nil
	}
	want, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(want) != md5.Size {
		return errorf(http.StatusBadRequest, "InvalidDigest", "The Content-MD5 you specified was invalid.")
	}
	if sum := md5.Sum(data); !bytes.Equal(sum[:], want) {
		return errorf(http.StatusBadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.")
	}
	return nil
}

// newObject describes data stored under key.
func (g *gateway) newObject(key string, data []byte, contentType string, meta map[string]string, now time.Time) *object {
	sum := md5.Sum(data)
	etag := hex.EncodeToString(sum[:])
	if g.cfg.Dialect == dialectOSS {
		etag = strings.ToUpper(etag)
	}
	if contentType == "" {
		contentType = "application/octet-stream"
		if g.cfg.Dialect == dialectAWS {
			contentType = "binary/octet-stream"
		}
	}
	return &object{
		Key: key, Size: int64(len(data)), ETag: `"` + etag + `"`, CRC64: crc64.Checksum(data, crc64Table),
		ContentType: contentType, LastModified: now.UTC().Truncate(time.Second), Meta: meta,
	}
}

// setObjectHeaders writes the headers every reply about object o carries.
func (g *gateway) setObjectHeaders(w http.ResponseWriter, o *object) {
	h := w.Header()
	h.Set("ETag", o.ETag)
	switch g.cfg.Dialect {
	case dialectOSS, dialectCOS:
		g.setHeader(w, "hash-crc64ecma", strconv.FormatUint(o.CRC64, 10))
	}
}

func (g *gateway) putObject(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	data, sums, e := g.readObjectBody(r)
	if e != nil {
		return e
	}
	o := g.newObject(x.addr.key, data, r.Header.Get("Content-Type"), g.userMeta(r), x.now)
	o.Checksums = sums
	if err := g.store.putObject(x.bucket, o, data); err != nil {
		return errorf(http.StatusInternalServerError, "InternalError", "storing the object: %v", err)
	}
	g.setObjectHeaders(w, o)
	for algo, v := range sums {
		w.Header().Set("x-amz-checksum-"+algo, v)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

var errNoSuchVersion = &apiError{Status: http.StatusNotFound, Code: "NoSuchVersion", Message: "The specified version does not exist."}

// getObject serves GetObject and HeadObject, with ranges and conditional
// headers (http.ServeContent).
func (g *gateway) getObject(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	if v := r.URL.Query().Get("versionId"); v != "" && v != "null" {
		return errNoSuchVersion
	}
	o := g.store.getObject(x.bucket, x.addr.key)
	if o == nil {
		if r.Method == http.MethodHead && (g.cfg.Dialect == dialectAWS || g.cfg.Dialect == dialectOBS) {
			return &apiError{Status: http.StatusNotFound, Code: "NotFound", Message: errNoSuchKey.Message}
		}
		return errNoSuchKey
	}
	var data []byte
	if r.Method != http.MethodHead {
		var err error
		if data, err = g.store.readObject(x.bucket, o); err != nil {
			return errorf(http.StatusInternalServerError, "InternalError", "reading the object: %v", err)
		}
	}
	h := w.Header()
	g.setObjectHeaders(w, o)
	h.Set("Content-Type", o.ContentType)
	h.Set("Last-Modified", o.LastModified.Format(http.TimeFormat))
	for k, v := range o.Meta {
		h.Set(g.metaPrefix()+k, v)
	}
	if strings.EqualFold(r.Header.Get("x-amz-checksum-mode"), "ENABLED") || strings.EqualFold(r.URL.Query().Get("X-Amz-Checksum-Mode"), "ENABLED") {
		for algo, v := range o.Checksums {
			h.Set("x-amz-checksum-"+algo, v)
		}
	}
	if g.cfg.Dialect == dialectOSS {
		h.Set("x-oss-object-type", "Normal")
		h.Set("x-oss-storage-class", "Standard")
	}
	q := r.URL.Query()
	for _, p := range []string{"content-type", "content-language", "expires", "cache-control", "content-disposition", "content-encoding"} {
		if v := q.Get("response-" + p); v != "" {
			h.Set(p, v)
		}
	}
	if r.Method == http.MethodHead {
		h.Set("Content-Length", strconv.FormatInt(o.Size, 10))
		h.Set("Accept-Ranges", "bytes")
		if !checkPreconditions(w, r, o) {
			return nil
		}
		w.WriteHeader(http.StatusOK)
		return nil
	}
	http.ServeContent(w, r, "", o.LastModified, bytes.NewReader(data))
	return nil
}

// checkPreconditions answers a HEAD's If-Match and If-None-Match (GET has
// http.ServeContent for these); it reports whether the reply goes on.
func checkPreconditions(w http.ResponseWriter, r *http.Request, o *object) bool {
	if v := r.Header.Get("If-Match"); v != "" && v != o.ETag && v != "*" {
		w.WriteHeader(http.StatusPreconditionFailed)
		return false
	}
	if v := r.Header.Get("If-None-Match"); v != "" && (v == o.ETag || v == "*") {
		w.WriteHeader(http.StatusNotModified)
		return false
	}
	return true
}

func (g *gateway) deleteObject(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	if err := g.store.deleteObject(x.bucket, x.addr.key); err != nil {
		return errorf(http.StatusInternalServerError, "InternalError", "deleting the object: %v", err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// copySource reads the copy-source header: /bucket/key or bucket/key,
// percent-encoded, for S3, OBS and OSS; <bucket>.cos.<region>.myqcloud.com/key
// for COS. A ?versionId other than "null" is refused: the gateway keeps no
// versions.
func (g *gateway) copySource(r *http.Request) (bucketName, key string, e *apiError) {
	src := g.header(r, "copy-source")
	bad := errorf(http.StatusBadRequest, "InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
	src, version, _ := strings.Cut(src, "?")
	if v := strings.TrimPrefix(version, "versionId="); version != "" && v != "null" {
		return "", "", errNoSuchVersion
	}
	if g.cfg.Dialect == dialectCOS {
		host, rest, ok := strings.Cut(src, "/")
		name, byHost := g.bucketFromHost(host)
		if !ok || !byHost || name == "" {
			return "", "", bad
		}
		key, err := url.PathUnescape(rest)
		if err != nil || key == "" {
			return "", "", bad
		}
		return name, key, nil
	}
	unescape := url.PathUnescape
	if g.cfg.Dialect == dialectOBS { // the OBS SDK query-escapes it: a space is "+"
		unescape = url.QueryUnescape
	}
	dec, err := unescape(strings.TrimPrefix(src, "/"))
	if err != nil {
		return "", "", bad
	}
	bucketName, key, ok := strings.Cut(dec, "/")
	if !ok || bucketName == "" || key == "" {
		return "", "", bad
	}
	return bucketName, key, nil
}

func (g *gateway) copyObject(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	srcBucketName, srcKey, e := g.copySource(r)
	if e != nil {
		return e
	}
	srcBucket := g.store.bucket(srcBucketName)
	if srcBucket == nil {
		return errNoSuchBucket
	}
	src := g.store.getObject(srcBucket, srcKey)
	if src == nil {
		return errNoSuchKey
	}
	if e := g.checkCopyConditions(r, src); e != nil {
		return e
	}
	directive := strings.ToUpper(g.header(r, "metadata-directive"))
	replace := directive == "REPLACE" || directive == "REPLACED"
	if !replace && directive != "" && directive != "COPY" {
		return errorf(http.StatusBadRequest, "InvalidArgument", "Unknown metadata directive %q", directive)
	}
	if !replace && srcBucket == x.bucket && srcKey == x.addr.key && (g.cfg.Dialect == dialectAWS || g.cfg.Dialect == dialectOBS) {
		return errorf(http.StatusBadRequest, "InvalidRequest",
			"This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
	}
	if _, err := io.Copy(io.Discard, io.LimitReader(r.Body, 64<<10)); err != nil {
		return bodyError(err)
	}
	data, err := g.store.readObject(srcBucket, src)
	if err != nil {
		return errorf(http.StatusInternalServerError, "InternalError", "reading the source: %v", err)
	}
	contentType, meta := src.ContentType, src.Meta
	if replace {
		contentType, meta = r.Header.Get("Content-Type"), g.userMeta(r)
	}
	o := g.newObject(x.addr.key, data, contentType, meta, x.now)
	o.Checksums = src.Checksums
	if err := g.store.putObject(x.bucket, o, data); err != nil {
		return errorf(http.StatusInternalServerError, "InternalError", "storing the object: %v", err)
	}
	res := copyObjectResult{Xmlns: xmlNamespace[g.cfg.Dialect], ETag: o.ETag, LastModified: isoDate(o.LastModified)}
	if g.cfg.Dialect == dialectCOS {
		res.CRC64 = strconv.FormatUint(o.CRC64, 10)
	}
	g.setObjectHeaders(w, o)
	return writeXML(w, res)
}

// checkCopyConditions applies the copy-source-if-match, -if-none-match,
// -if-modified-since and -if-unmodified-since headers to the source.
func (g *gateway) checkCopyConditions(r *http.Request, src *object) *apiError {
	failed := errorf(http.StatusPreconditionFailed, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
	if v := g.header(r, "copy-source-if-match"); v != "" && v != src.ETag && strings.Trim(v, `"`) != strings.Trim(src.ETag, `"`) {
		return failed
	}
	if v := g.header(r, "copy-source-if-none-match"); v != "" && (v == src.ETag || strings.Trim(v, `"`) == strings.Trim(src.ETag, `"`)) {
		return failed
	}
	if t, err := http.ParseTime(g.header(r, "copy-source-if-unmodified-since")); err == nil && src.LastModified.After(t) {
		return failed
	}
	if t, err := http.ParseTime(g.header(r, "copy-source-if-modified-since")); err == nil && !src.LastModified.After(t) {
		return failed
	}
	return nil
}

// maxDeleteBody bounds a DeleteObjects body: 1000 keys of 1024 bytes, with
// room for the XML around them.
const maxDeleteBody = 2 << 20

func (g *gateway) deleteObjects(w http.ResponseWriter, r *http.Request, x *exchange) *apiError {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return bodyError(err)
	}
	if e := checkContentMD5(r, body); e != nil {
		return e
	}
	var req deleteRequest
	if err := xml.Unmarshal(body, &req); err != nil || len(req.Objects) == 0 || len(req.Objects) > 1000 {
		return errMalformedXML
	}
	keys := make([]string, len(req.Objects))
	for i, o := range req.Objects {
		keys[i] = o.Key
	}
	encoding := r.URL.Query().Get("encoding-type")
	res := deleteResult{Xmlns: xmlNamespace[g.cfg.Dialect]}
	if encoding == "url" {
		res.EncodingType = "url"
	}
	allowed, e := g.allowedKeys(r, x, keys)
	if e != nil {
		return e
	}
	for i, o := range req.Objects {
		var code, msg string
		switch {
		case !allowed[i]:
			code, msg = "AccessDenied", "Access Denied"
		case o.VersionID != "" && o.VersionID != "null":
			code, msg = "NoSuchVersion", errNoSuchVersion.Message
		default:
			if err := g.store.deleteObject(x.bucket, o.Key); err != nil {
				code, msg = "InternalError", err.Error()
			}
		}
		if code != "" {
			res.Errors = append(res.Errors, deleteErrEntry{Key: encodeKey(o.Key, encoding), Code: code, Message: msg})
		} else if !req.Quiet {
			res.Deleted = append(res.Deleted, deletedEntry{Key: encodeKey(o.Key, encoding)})
		}
	}
	return writeXML(w, res)
}
