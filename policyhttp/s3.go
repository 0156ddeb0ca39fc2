package policyhttp

import (
	"net/http"
	"slices"

	"github.com/bucketpolicy/bucketpolicy"
)

// The S3 operation table, which OBS's S3-compatible API shares. Sources:
// the permission tables AWS wrote for the S3 developer guide
// (awsdocs/amazon-s3-developer-guide doc_source/using-with-s3-actions.md),
// AWS's API reference as aws-sdk-go-v2 carries it (service/s3/api_op_*.go:
// the "Permissions" paragraph of each operation), and AWS's Service
// Authorization Reference for the action names, which TestS3Catalogue
// holds every row to. Rows marked † follow the API reference as the
// open-source servers (versitygw, SeaweedFS, Ceph) implement it.
// OBS adds its own bucket settings (quota, storage policy, storage info;
// opentelekomcloud-docs/object-storage-service doc/s3api/source/
// access_control/bucket_policy.rst).

var (
	get  = http.MethodGet
	head = http.MethodHead
	put  = http.MethodPut
	post = http.MethodPost
	del  = http.MethodDelete
)

// s3Routes is the table of http.md §1.2, and the bucket settings S3
// reads and writes under their own sub-resources.
var s3Routes = []route{
	{method: get, level: levelService, op: "ListBuckets", action: "s3:ListAllMyBuckets"},

	// Bucket.
	{method: get, level: levelBucket, op: "ListObjects", action: "s3:ListBucket", flags: listing | listV2},
	{method: head, level: levelBucket, op: "HeadBucket", action: "s3:ListBucket"},
	{method: get, level: levelBucket, sub: "versions", op: "ListObjectVersions", action: "s3:ListBucketVersions", flags: listing},
	{method: get, level: levelBucket, sub: "uploads", op: "ListMultipartUploads", action: "s3:ListBucketMultipartUploads", flags: listing},
	{method: put, level: levelBucket, op: "CreateBucket", action: "s3:CreateBucket", flags: aclWrite | bucketCreate},
	{method: del, level: levelBucket, op: "DeleteBucket", action: "s3:DeleteBucket"},
	{method: get, level: levelBucket, sub: "policy", op: "GetBucketPolicy", action: "s3:GetBucketPolicy"},
	{method: put, level: levelBucket, sub: "policy", op: "PutBucketPolicy", action: "s3:PutBucketPolicy"},
	{method: del, level: levelBucket, sub: "policy", op: "DeleteBucketPolicy", action: "s3:DeleteBucketPolicy"},
	{method: get, level: levelBucket, sub: "policyStatus", op: "GetBucketPolicyStatus", action: "s3:GetBucketPolicyStatus"},
	{method: get, level: levelBucket, sub: "acl", op: "GetBucketAcl", action: "s3:GetBucketAcl"},
	{method: put, level: levelBucket, sub: "acl", op: "PutBucketAcl", action: "s3:PutBucketAcl", flags: aclWrite},
	{method: get, level: levelBucket, sub: "tagging", op: "GetBucketTagging", action: "s3:GetBucketTagging"},
	{method: put, level: levelBucket, sub: "tagging", op: "PutBucketTagging", action: "s3:PutBucketTagging"},
	{method: del, level: levelBucket, sub: "tagging", op: "DeleteBucketTagging", action: "s3:PutBucketTagging"},
	{method: get, level: levelBucket, sub: "cors", op: "GetBucketCors", action: "s3:GetBucketCORS"},
	{method: put, level: levelBucket, sub: "cors", op: "PutBucketCors", action: "s3:PutBucketCORS"},
	{method: del, level: levelBucket, sub: "cors", op: "DeleteBucketCors", action: "s3:PutBucketCORS"},
	{method: get, level: levelBucket, sub: "lifecycle", op: "GetBucketLifecycleConfiguration", action: "s3:GetLifecycleConfiguration"},
	{method: put, level: levelBucket, sub: "lifecycle", op: "PutBucketLifecycleConfiguration", action: "s3:PutLifecycleConfiguration"},
	{method: del, level: levelBucket, sub: "lifecycle", op: "DeleteBucketLifecycle", action: "s3:PutLifecycleConfiguration"},
	{method: get, level: levelBucket, sub: "encryption", op: "GetBucketEncryption", action: "s3:GetEncryptionConfiguration"},
	{method: put, level: levelBucket, sub: "encryption", op: "PutBucketEncryption", action: "s3:PutEncryptionConfiguration"},
	{method: del, level: levelBucket, sub: "encryption", op: "DeleteBucketEncryption", action: "s3:PutEncryptionConfiguration"},
	{method: get, level: levelBucket, sub: "publicAccessBlock", op: "GetPublicAccessBlock", action: "s3:GetBucketPublicAccessBlock"},
	{method: put, level: levelBucket, sub: "publicAccessBlock", op: "PutPublicAccessBlock", action: "s3:PutBucketPublicAccessBlock"},
	{method: del, level: levelBucket, sub: "publicAccessBlock", op: "DeletePublicAccessBlock", action: "s3:PutBucketPublicAccessBlock"},
	{method: get, level: levelBucket, sub: "versioning", op: "GetBucketVersioning", action: "s3:GetBucketVersioning"},
	{method: put, level: levelBucket, sub: "versioning", op: "PutBucketVersioning", action: "s3:PutBucketVersioning"},
	{method: get, level: levelBucket, sub: "location", op: "GetBucketLocation", action: "s3:GetBucketLocation"},
	{method: get, level: levelBucket, sub: "logging", op: "GetBucketLogging", action: "s3:GetBucketLogging"},
	{method: put, level: levelBucket, sub: "logging", op: "PutBucketLogging", action: "s3:PutBucketLogging"},
	{method: get, level: levelBucket, sub: "notification", op: "GetBucketNotificationConfiguration", action: "s3:GetBucketNotification"},
	{method: put, level: levelBucket, sub: "notification", op: "PutBucketNotificationConfiguration", action: "s3:PutBucketNotification"},
	{method: get, level: levelBucket, sub: "website", op: "GetBucketWebsite", action: "s3:GetBucketWebsite"},
	{method: put, level: levelBucket, sub: "website", op: "PutBucketWebsite", action: "s3:PutBucketWebsite"},
	{method: del, level: levelBucket, sub: "website", op: "DeleteBucketWebsite", action: "s3:DeleteBucketWebsite"},
	{method: get, level: levelBucket, sub: "requestPayment", op: "GetBucketRequestPayment", action: "s3:GetBucketRequestPayment"},
	{method: put, level: levelBucket, sub: "requestPayment", op: "PutBucketRequestPayment", action: "s3:PutBucketRequestPayment"},
	{method: get, level: levelBucket, sub: "accelerate", op: "GetBucketAccelerateConfiguration", action: "s3:GetAccelerateConfiguration"},
	{method: put, level: levelBucket, sub: "accelerate", op: "PutBucketAccelerateConfiguration", action: "s3:PutAccelerateConfiguration"},
	{method: get, level: levelBucket, sub: "replication", op: "GetBucketReplication", action: "s3:GetReplicationConfiguration"},
	{method: put, level: levelBucket, sub: "replication", op: "PutBucketReplication", action: "s3:PutReplicationConfiguration"},
	{method: del, level: levelBucket, sub: "replication", op: "DeleteBucketReplication", action: "s3:PutReplicationConfiguration"},
	{method: get, level: levelBucket, sub: "object-lock", op: "GetObjectLockConfiguration", action: "s3:GetBucketObjectLockConfiguration"},
	{method: put, level: levelBucket, sub: "object-lock", op: "PutObjectLockConfiguration", action: "s3:PutBucketObjectLockConfiguration"},
	{method: get, level: levelBucket, sub: "ownershipControls", op: "GetBucketOwnershipControls", action: "s3:GetBucketOwnershipControls"},
	{method: put, level: levelBucket, sub: "ownershipControls", op: "PutBucketOwnershipControls", action: "s3:PutBucketOwnershipControls"},
	{method: del, level: levelBucket, sub: "ownershipControls", op: "DeleteBucketOwnershipControls", action: "s3:PutBucketOwnershipControls"},
	{method: post, level: levelBucket, sub: "delete", op: "DeleteObjects", action: "s3:DeleteObject", versioned: "s3:DeleteObjectVersion", flags: deleteKeys}, // †

	// Object.
	{method: get, level: levelObject, op: "GetObject", action: "s3:GetObject", versioned: "s3:GetObjectVersion", flags: existing},
	{method: get, level: levelObject, need: []string{"partNumber"}, op: "GetObject", action: "s3:GetObject", versioned: "s3:GetObjectVersion", flags: existing},
	{method: head, level: levelObject, op: "HeadObject", action: "s3:GetObject", versioned: "s3:GetObjectVersion", flags: existing},
	{method: head, level: levelObject, need: []string{"partNumber"}, op: "HeadObject", action: "s3:GetObject", versioned: "s3:GetObjectVersion", flags: existing},
	{method: get, level: levelObject, need: []string{"uploadId"}, op: "ListParts", action: "s3:ListMultipartUploadParts"},
	{method: get, level: levelObject, sub: "acl", op: "GetObjectAcl", action: "s3:GetObjectAcl", versioned: "s3:GetObjectVersionAcl", flags: existing},
	{method: put, level: levelObject, sub: "acl", op: "PutObjectAcl", action: "s3:PutObjectAcl", versioned: "s3:PutObjectVersionAcl", flags: existing | aclWrite},
	{method: get, level: levelObject, sub: "tagging", op: "GetObjectTagging", action: "s3:GetObjectTagging", versioned: "s3:GetObjectVersionTagging", flags: existing},
	{method: put, level: levelObject, sub: "tagging", op: "PutObjectTagging", action: "s3:PutObjectTagging", versioned: "s3:PutObjectVersionTagging", flags: existing},
	{method: del, level: levelObject, sub: "tagging", op: "DeleteObjectTagging", action: "s3:DeleteObjectTagging", versioned: "s3:DeleteObjectVersionTagging", flags: existing},
	{method: get, level: levelObject, sub: "retention", op: "GetObjectRetention", action: "s3:GetObjectRetention"},                                                                 // †
	{method: put, level: levelObject, sub: "retention", op: "PutObjectRetention", action: "s3:PutObjectRetention"},                                                                 // †
	{method: get, level: levelObject, sub: "legal-hold", op: "GetObjectLegalHold", action: "s3:GetObjectLegalHold"},                                                                // †
	{method: put, level: levelObject, sub: "legal-hold", op: "PutObjectLegalHold", action: "s3:PutObjectLegalHold"},                                                                // †
	{method: get, level: levelObject, sub: "attributes", op: "GetObjectAttributes", action: "s3:GetObjectAttributes", versioned: "s3:GetObjectVersionAttributes", flags: existing}, // †
	{method: get, level: levelObject, sub: "torrent", op: "GetObjectTorrent", action: "s3:GetObjectTorrent", versioned: "s3:GetObjectVersionTorrent"},
	{method: put, level: levelObject, op: "PutObject", action: "s3:PutObject", flags: objectACL | objectTags | aclWrite | upload},
	{method: put, level: levelObject, copy: true, op: "CopyObject", action: "s3:PutObject", flags: objectACL | objectTags | copySource | aclWrite | upload},
	{method: put, level: levelObject, need: []string{"partNumber", "uploadId"}, op: "UploadPart", action: "s3:PutObject"},
	{method: put, level: levelObject, need: []string{"partNumber", "uploadId"}, copy: true, op: "UploadPartCopy", action: "s3:PutObject", flags: copySource},
	{method: post, level: levelObject, sub: "uploads", op: "CreateMultipartUpload", action: "s3:PutObject", flags: objectACL | objectTags | aclWrite | upload},
	{method: post, level: levelObject, need: []string{"uploadId"}, op: "CompleteMultipartUpload", action: "s3:PutObject"},
	{method: del, level: levelObject, need: []string{"uploadId"}, op: "AbortMultipartUpload", action: "s3:AbortMultipartUpload"},
	{method: del, level: levelObject, op: "DeleteObject", action: "s3:DeleteObject", versioned: "s3:DeleteObjectVersion", flags: existing},
	{method: post, level: levelObject, sub: "restore", op: "RestoreObject", action: "s3:RestoreObject", flags: existing},
	{method: post, level: levelObject, sub: "select", op: "SelectObjectContent", action: "s3:GetObject", flags: existing},
}

// obsRoutes are OBS's own bucket settings, beside S3's.
var obsRoutes = []route{
	{method: get, level: levelBucket, sub: "quota", op: "GetBucketQuota", action: "s3:GetBucketQuota"},
	{method: put, level: levelBucket, sub: "quota", op: "SetBucketQuota", action: "s3:PutBucketQuota"},
	{method: get, level: levelBucket, sub: "storagePolicy", op: "GetBucketStoragePolicy", action: "s3:GetBucketStoragePolicy"},
	{method: put, level: levelBucket, sub: "storagePolicy", op: "SetBucketStoragePolicy", action: "s3:PutBucketStoragePolicy"},
	{method: get, level: levelBucket, sub: "storageinfo", op: "GetBucketStorageInfo", action: "s3:GetBucketStorage"},
}

func s3Keywords() []string {
	return []string{"versions", "uploads", "policy", "policyStatus", "acl", "tagging", "cors", "lifecycle",
		"encryption", "publicAccessBlock", "versioning", "location", "logging", "notification", "website",
		"requestPayment", "accelerate", "replication", "object-lock", "ownershipControls", "delete",
		"retention", "legal-hold", "attributes", "torrent", "restore", "select",
		// Known to S3, not mapped here: refused rather than read as a listing.
		"analytics", "inventory", "metrics", "intelligent-tiering", "metadataTable", "session", "renameObject"}
}

// s3Params are the parameters that select no operation (ListObjects and
// ListObjectsV2 options, the multipart listing options, GetObject's
// response overrides, SelectObjectContent's select-type, the version id,
// the SDKs' x-id).
var s3Params = []string{"prefix", "delimiter", "marker", "max-keys", "list-type", "continuation-token",
	"start-after", "fetch-owner", "encoding-type", "key-marker", "version-id-marker", "upload-id-marker",
	"max-uploads", "max-parts", "part-number-marker", "versionId", "response-content-type",
	"response-content-language", "response-expires", "response-cache-control", "response-content-disposition",
	"response-content-encoding", "select-type", "x-id", "id", "allow-unordered"}

var s3Svc = &service{tagging: "X-Amz-Tagging", objectACL: "s3:PutObjectAcl", objectTagging: "s3:PutObjectTagging",
	read: "s3:GetObject", readVersion: "s3:GetObjectVersion", versionKey: "s3:VersionId",
	aclHeaders: []string{"X-Amz-Acl"}, grantPrefixes: []string{"x-amz-grant-"}}

var obsSvc = &service{tagging: "X-Amz-Tagging", objectACL: "s3:PutObjectAcl", objectTagging: "s3:PutObjectTagging",
	read: "s3:GetObject", readVersion: "s3:GetObjectVersion", versionKey: "s3:VersionId",
	aclHeaders: []string{"X-Amz-Acl", "X-Obs-Acl"}, grantPrefixes: []string{"x-amz-grant-", "x-obs-grant-"}}

var s3Cloud = &cloud{
	routes:       s3Routes,
	keywords:     set(s3Keywords()...),
	selectors:    set("uploadId", "partNumber"),
	params:       set(s3Params...),
	authPrefixes: []string{"X-Amz-", "AWSAccessKeyId", "Signature", "Expires"},
	copyHeaders:  []string{"X-Amz-Copy-Source"},
	versionParam: "versionId",
	service:      s3Svc,
	dialect:      bucketpolicy.AWS,
}

var obsCloud = &cloud{
	routes:    append(append([]route(nil), s3Routes...), obsRoutes...),
	keywords:  set(append(s3Keywords(), "quota", "storagePolicy", "storageinfo")...),
	selectors: set("uploadId", "partNumber"),
	params:    set(s3Params...),
	// OBS's SDK signs V2 and V4 the AWS way, and its own way
	// (AccessKeyId, x-obs-*).
	authPrefixes: []string{"X-Amz-", "X-Obs-", "AWSAccessKeyId", "AccessKeyId", "Signature", "Expires"},
	copyHeaders:  []string{"X-Amz-Copy-Source", "X-Obs-Copy-Source"},
	versionParam: "versionId",
	service:      obsSvc,
	dialect:      bucketpolicy.OBS,
}

// s3Resource writes an S3 resource: arn:aws:s3:::BUCKET[/KEY], or "*" for
// the service (ListAllMyBuckets).
func s3Resource(m *Mapper, b []byte, tg target, bucket, key string) []byte {
	if bucket == "" {
		return append(b, '*')
	}
	b = append(b, "arn:aws:s3:::"...)
	b = append(b, bucket...)
	if tg.level == levelObject {
		b = append(b, '/')
		b = append(b, key...)
	}
	return b
}

// headerKey is a request header that S3 turns into the condition key of
// the same name (s3:x-amz-acl ...), on the operations that take it.
// The operations a header key applies to follow the Service Authorization
// Reference's condition keys per action: the ACL and grant headers on the
// writes that set an ACL (uploads, PutObjectAcl, PutBucketAcl,
// CreateBucket), the copy headers on copies, encryption and storage class
// on uploads, x-amz-content-sha256 on every request.
type headerKey struct {
	key       string // the condition key
	canonical string // the header, as net/http stores it
	obs       string // OBS's own name for the header
	on        flags  // the routes it applies to; 0: every route
}

var headerKeys = func() []headerKey {
	var hs []headerKey
	for _, h := range []struct {
		name string
		on   flags
	}{
		{"x-amz-acl", aclWrite}, {"x-amz-grant-read", aclWrite}, {"x-amz-grant-write", aclWrite},
		{"x-amz-grant-read-acp", aclWrite}, {"x-amz-grant-write-acp", aclWrite}, {"x-amz-grant-full-control", aclWrite},
		{"x-amz-copy-source", copySource}, {"x-amz-metadata-directive", copySource},
		{"x-amz-server-side-encryption", upload}, {"x-amz-server-side-encryption-aws-kms-key-id", upload},
		{"x-amz-storage-class", upload}, {"x-amz-content-sha256", 0},
	} {
		hs = append(hs, headerKey{key: "s3:" + h.name, canonical: http.CanonicalHeaderKey(h.name),
			obs: http.CanonicalHeaderKey("x-obs-" + h.name[len("x-amz-"):]), on: h.on})
	}
	return hs
}()

// s3Keys fills the condition keys of an S3 or OBS request into mp.
func s3Keys(m *Mapper, mp *Mapping, r *http.Request, q *query, rt *route, tg target, stamp, epoch string) error {
	ip, secure, err := m.client(r)
	if err != nil {
		return err
	}
	c := &mp.caller
	{
		mp.add("aws:CurrentTime", stamp)
		mp.add("aws:EpochTime", epoch)
		mp.add("aws:SecureTransport", boolString(secure))
		mp.add("aws:SourceIp", ip)
		if v := header(r, "User-Agent"); v != "" {
			mp.add("aws:UserAgent", v)
		}
		if v := header(r, "Referer"); v != "" {
			mp.add("aws:Referer", v)
		}
		if c.SourceVpc != "" {
			mp.add("aws:SourceVpc", c.SourceVpc)
		}
		m.principalKeys(mp, c)
		if c.UserID != "" {
			mp.add("aws:userid", c.UserID)
		}
		if c.Auth != "" {
			mp.add("s3:signatureversion", c.Auth)
		}
		if c.AuthType != "" {
			mp.add("s3:authType", c.AuthType)
		}
		if rt.flags&listing != 0 {
			prefix, _ := q.get("prefix")
			mp.add("s3:prefix", prefix) // "" when the listing has none
			if v, ok := q.get("delimiter"); ok {
				mp.add("s3:delimiter", v)
			}
			if v, ok := q.get("max-keys"); ok {
				if !digits(v) {
					return badRequest("InvalidArgument", "max-keys must be a number, not "+quote(v))
				}
				mp.add("s3:max-keys", v)
			}
		}
		if v, ok := q.get("versionId"); ok {
			mp.add("s3:VersionId", v)
		}
		{
			for _, h := range headerKeys {
				if h.on != 0 && rt.flags&h.on == 0 {
					continue
				}
				vs := r.Header[h.canonical]
				if m.Dialect == bucketpolicy.OBS {
					if obs := r.Header[h.obs]; len(obs) > 0 {
						if len(vs) > 0 {
							return badRequest("InvalidArgument", "the request gives both "+h.canonical+" and "+h.obs)
						}
						vs = obs
					}
				}
				switch len(vs) {
				case 0:
				case 1:
					mp.add(h.key, vs[0])
				default:
					return badRequest("InvalidArgument", "the header "+h.canonical+" is given more than once")
				}
			}
		}
		if rt.flags&objectTags != 0 {
			if v := header(r, "X-Amz-Tagging"); v != "" {
				if err := requestTags(mp, v); err != nil {
					return err
				}
			}
		}
		if rt.flags&existing != 0 && m.ObjectTags != nil {
			version, _ := q.get("versionId")
			tags, err := m.ObjectTags(tg.bucket, tg.key, version)
			if err != nil {
				return &Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: "reading the object's tags: " + err.Error()}
			}
			if len(tags) > maxTags {
				return &Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: "the object has more than " + itoa(maxTags) + " tags"}
			}
			for _, k := range slices.Sorted(func(yield func(string) bool) {
				for k := range tags {
					if !yield(k) {
						return
					}
				}
			}) {
				mp.add("s3:ExistingObjectTag/"+k, tags[k])
			}
		}
	}
	return nil
}
