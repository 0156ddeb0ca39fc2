package policyhttp

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/bucketpolicy/bucketpolicy"
)

// The Tencent Cloud COS operation table. Each row names its source:
//
//	OPL     COS "Action List", https://intl.cloud.tencent.com/document/product/436/10111
//	GUIDE   "Working with COS API Authorization Policies" (the action and
//	        resource each API needs), https://www.tencentcloud.com/document/product/436/30580
//	API:x   the API page of x in tencentyun/intlcloud-documents@02ec31c2
//	        yehe_doc/基础存储服务/对象存储/API 文档/ (its API Explorer link names the
//	        action: Action=x)
//	CN:n    the current Chinese API page https://cloud.tencent.com/document/api/436/n,
//	        section 授权说明 ("authorization")
//	AUDIT   CloudAudit's list of COS operations (intlcloud-documents
//	        yehe_doc/开发者服务/云审计/.../对象存储_intl_en.md)
//	CAMAPI  "CAM-enabled API: Cloud Object Storage", https://cloud.tencent.com/document/product/598/69901
//	SDK     tencentyun/cos-go-sdk-v5@cc9846d9, the file that sends the request
//	KEYS    "Conditions" (the condition keys and what they apply to),
//	        https://intl.cloud.tencent.com/document/product/436/46205
//	KEYUSE  "Descriptions and Use Cases of Condition Keys",
//	        https://intl.cloud.tencent.com/document/product/436/46206
//
// COS has no ...Version actions (a version reaches the policy as
// cos:versionid) and documents no extra action for an ACL or tagging
// header on an upload. Operations whose action no Tencent page names
// (object lock and retention, strict signature, symlinks, notification,
// LiveChannel, the intelligent-tiering v2 form, PostBucketInventory,
// PutBucketDomainCertificate) keep their keywords without a row, so they
// are refused; so are PostObject (its key is a form field), and the data
// processing (CI) sub-resources. The research is /work/scratch/cos.md and
// cos-operations.tsv.

var options = http.MethodOptions

var cosRoutes = []route{
	{method: get, level: levelService, op: "GetService", action: "name/cos:GetService"}, // OPL; GUIDE ("the resource field to *"); API:GET Service; SDK service.go:38

	// Bucket.
	{method: put, level: levelBucket, op: "PutBucket", action: "name/cos:PutBucket"},                                                                   // OPL; GUIDE; API:PUT Bucket; SDK bucket.go:78
	{method: head, level: levelBucket, op: "HeadBucket", action: "name/cos:HeadBucket"},                                                                // OPL; GUIDE; API:HEAD Bucket; SDK bucket.go:125
	{method: get, level: levelBucket, op: "GetBucket", action: "name/cos:GetBucket", flags: listing},                                                   // OPL; GUIDE; API:GET Bucket (List Objects); SDK bucket.go:42
	{method: del, level: levelBucket, op: "DeleteBucket", action: "name/cos:DeleteBucket"},                                                             // OPL; GUIDE; API:DELETE Bucket; CAMAPI; SDK bucket.go:99
	{method: get, level: levelBucket, sub: "versions", op: "GetBucketObjectVersions", action: "name/cos:GetBucketObjectVersions", flags: listing},      // OPL; CN:35521; API:GET Bucket Object versions; SDK bucket.go:206
	{method: get, level: levelBucket, sub: "location", op: "GetBucketLocation", action: "name/cos:GetBucketLocation"},                                  // API:GET Bucket location; GUIDE (2019, "Query the region"); SDK bucket_location.go:18
	{method: get, level: levelBucket, sub: "uploads", op: "ListMultipartUploads", action: "name/cos:ListMultipartUploads", flags: listing},             // OPL; GUIDE; API:List Multipart Uploads; SDK bucket_part.go:47
	{method: put, level: levelBucket, sub: "acl", op: "PutBucketACL", action: "name/cos:PutBucketACL"},                                                 // GUIDE; AUDIT; API:PUT Bucket acl (Explorer: PutBucketAcl; actions match case-insensitively); SDK bucket_acl.go:50
	{method: get, level: levelBucket, sub: "acl", op: "GetBucketACL", action: "name/cos:GetBucketACL"},                                                 // GUIDE; AUDIT; CAMAPI; API:GET Bucket acl; SDK bucket_acl.go:14
	{method: put, level: levelBucket, sub: "cors", op: "PutBucketCORS", action: "name/cos:PutBucketCORS"},                                              // GUIDE; AUDIT; API:PUT Bucket cors; SDK bucket_cors.go:51
	{method: get, level: levelBucket, sub: "cors", op: "GetBucketCORS", action: "name/cos:GetBucketCORS"},                                              // GUIDE; AUDIT; CAMAPI; SDK bucket_cors.go:29
	{method: del, level: levelBucket, sub: "cors", op: "DeleteBucketCORS", action: "name/cos:DeleteBucketCORS"},                                        // GUIDE; AUDIT; CAMAPI; SDK bucket_cors.go:65
	{method: put, level: levelBucket, sub: "lifecycle", op: "PutBucketLifecycle", action: "name/cos:PutBucketLifecycle"},                               // GUIDE; AUDIT; API:PUT Bucket lifecycle; SDK bucket_lifecycle.go:106
	{method: get, level: levelBucket, sub: "lifecycle", op: "GetBucketLifecycle", action: "name/cos:GetBucketLifecycle"},                               // GUIDE; AUDIT; SDK bucket_lifecycle.go:79
	{method: del, level: levelBucket, sub: "lifecycle", op: "DeleteBucketLifecycle", action: "name/cos:DeleteBucketLifecycle"},                         // GUIDE; AUDIT; SDK bucket_lifecycle.go:124
	{method: put, level: levelBucket, sub: "policy", op: "PutBucketPolicy", action: "name/cos:PutBucketPolicy"},                                        // API:PUT Bucket policy; AUDIT; seed 004; SDK bucket_policy.go:28
	{method: get, level: levelBucket, sub: "policy", op: "GetBucketPolicy", action: "name/cos:GetBucketPolicy"},                                        // API:GET Bucket policy; AUDIT; SDK bucket_policy.go:53
	{method: del, level: levelBucket, sub: "policy", op: "DeleteBucketPolicy", action: "name/cos:DeleteBucketPolicy"},                                  // API:DELETE Bucket policy; AUDIT; SDK bucket_policy.go:69
	{method: put, level: levelBucket, sub: "referer", op: "PutBucketReferer", action: "name/cos:PutBucketReferer"},                                     // API:PUT Bucket referer; AUDIT; SDK bucket_referer.go:21
	{method: get, level: levelBucket, sub: "referer", op: "GetBucketReferer", action: "name/cos:GetBucketReferer"},                                     // API:GET Bucket referer; AUDIT; SDK bucket_referer.go:32
	{method: put, level: levelBucket, sub: "tagging", op: "PutBucketTagging", action: "name/cos:PutBucketTagging"},                                     // API:PUT Bucket tagging; AUDIT; SDK bucket_tagging.go:47
	{method: get, level: levelBucket, sub: "tagging", op: "GetBucketTagging", action: "name/cos:GetBucketTagging"},                                     // API:GET Bucket tagging; AUDIT; SDK bucket_tagging.go:24
	{method: del, level: levelBucket, sub: "tagging", op: "DeleteBucketTagging", action: "name/cos:DeleteBucketTagging"},                               // API:DELETE Bucket tagging; AUDIT; SDK bucket_tagging.go:61
	{method: put, level: levelBucket, sub: "website", op: "PutBucketWebsite", action: "name/cos:PutBucketWebsite"},                                     // API:PUT Bucket website; AUDIT; SDK bucket_website.go:48
	{method: get, level: levelBucket, sub: "website", op: "GetBucketWebsite", action: "name/cos:GetBucketWebsite"},                                     // API:GET Bucket website; AUDIT; SDK bucket_website.go:59
	{method: del, level: levelBucket, sub: "website", op: "DeleteBucketWebsite", action: "name/cos:DeleteBucketWebsite"},                               // API:DELETE Bucket website; AUDIT; SDK bucket_website.go:71
	{method: put, level: levelBucket, sub: "versioning", op: "PutBucketVersioning", action: "name/cos:PutBucketVersioning"},                            // API:PUT Bucket versioning; AUDIT; SDK bucket_version.go:20
	{method: get, level: levelBucket, sub: "versioning", op: "GetBucketVersioning", action: "name/cos:GetBucketVersioning"},                            // API:GET Bucket versioning; AUDIT; SDK bucket_version.go:32
	{method: put, level: levelBucket, sub: "replication", op: "PutBucketReplication", action: "name/cos:PutBucketReplication"},                         // API:PUT Bucket replication; AUDIT; SDK bucket_replication.go:65
	{method: get, level: levelBucket, sub: "replication", op: "GetBucketReplication", action: "name/cos:GetBucketReplication"},                         // API:GET Bucket replication; AUDIT; SDK bucket_replication.go:78
	{method: del, level: levelBucket, sub: "replication", op: "DeleteBucketReplication", action: "name/cos:DeleteBucketReplication"},                   // API:DELETE Bucket replication; AUDIT; SDK bucket_replication.go:92
	{method: put, level: levelBucket, sub: "logging", op: "PutBucketLogging", action: "name/cos:PutBucketLogging"},                                     // API:PUT Bucket logging; AUDIT; SDK bucket_logging.go:27
	{method: get, level: levelBucket, sub: "logging", op: "GetBucketLogging", action: "name/cos:GetBucketLogging"},                                     // API:GET Bucket logging; AUDIT; SDK bucket_logging.go:39
	{method: put, level: levelBucket, sub: "accelerate", op: "PutBucketAccelerate", action: "name/cos:PutBucketAccelerate"},                            // API:PUT Bucket Accelerate; AUDIT; SDK bucket_accelerate.go:16
	{method: get, level: levelBucket, sub: "accelerate", op: "GetBucketAccelerate", action: "name/cos:GetBucketAccelerate"},                            // API:GET Bucket Accelerate; AUDIT; CAMAPI; SDK bucket_accelerate.go:27
	{method: put, level: levelBucket, sub: "encryption", op: "PutBucketEncryption", action: "name/cos:PutBucketEncryption"},                            // API:PUT Bucket encryption; AUDIT; SDK bucket_encryption.go:22
	{method: get, level: levelBucket, sub: "encryption", op: "GetBucketEncryption", action: "name/cos:GetBucketEncryption"},                            // API:GET Bucket encryption; AUDIT; CAMAPI; SDK bucket_encryption.go:33
	{method: del, level: levelBucket, sub: "encryption", op: "DeleteBucketEncryption", action: "name/cos:DeleteBucketEncryption"},                      // API:DELETE Bucket encryption; AUDIT; CAMAPI; SDK bucket_encryption.go:45
	{method: put, level: levelBucket, sub: "intelligenttiering", op: "PutBucketIntelligentTiering", action: "name/cos:PutBucketIntelligentTiering"},    // API:PUT Bucket IntelligentTiering; SDK bucket_intelligenttiering.go:58
	{method: get, level: levelBucket, sub: "intelligenttiering", op: "GetBucketIntelligentTiering", action: "name/cos:GetBucketIntelligentTiering"},    // API:GET Bucket IntelligentTiering; CAMAPI; SDK bucket_intelligenttiering.go:73
	{method: put, level: levelBucket, sub: "inventory", need: []string{"id"}, op: "PutBucketInventory", action: "name/cos:PutBucketInventory"},         // API:PUT Bucket inventory; AUDIT; SDK bucket_inventory.go:87
	{method: get, level: levelBucket, sub: "inventory", need: []string{"id"}, op: "GetBucketInventory", action: "name/cos:GetBucketInventory"},         // API:GET Bucket inventory; AUDIT; SDK bucket_inventory.go:101
	{method: get, level: levelBucket, sub: "inventory", op: "ListBucketInventoryConfigurations", action: "name/cos:ListBucketInventoryConfigurations"}, // API:List Bucket Inventory Configurations; SDK bucket_inventory.go:127
	{method: del, level: levelBucket, sub: "inventory", need: []string{"id"}, op: "DeleteBucketInventory", action: "name/cos:DeleteBucketInventory"},   // API:DELETE Bucket inventory; AUDIT; SDK bucket_inventory.go:115
	{method: put, level: levelBucket, sub: "domain", op: "PutBucketDomain", action: "name/cos:PutBucketDomain"},                                        // API:PUT Bucket domain; AUDIT; SDK bucket_domain.go:22
	{method: get, level: levelBucket, sub: "domain", op: "GetBucketDomain", action: "name/cos:GetBucketDomain"},                                        // API:GET Bucket domain; AUDIT; CAMAPI; SDK bucket_domain.go:37
	{method: del, level: levelBucket, sub: "domain", op: "DeleteBucketDomain", action: "name/cos:DeleteBucketDomain"},                                  // API:DELETE Bucket domain; AUDIT; CAMAPI; SDK bucket_domain.go:58
	{method: get, level: levelBucket, sub: "domaincertificate", op: "GetBucketDomainCertificate", action: "name/cos:GetBucketDomainCertificate"},       // CAMAPI; SDK bucket_domain.go:118
	{method: del, level: levelBucket, sub: "domaincertificate", op: "DeleteBucketDomainCertificate", action: "name/cos:DeleteBucketDomainCertificate"}, // CAMAPI; SDK bucket_domain.go:131
	{method: put, level: levelBucket, sub: "origin", op: "PutBucketOrigin", action: "name/cos:PutBucketOrigin"},                                        // API:PUT Bucket Origin; AUDIT; SDK bucket_origin.go:354
	{method: get, level: levelBucket, sub: "origin", op: "GetBucketOrigin", action: "name/cos:GetBucketOrigin"},                                        // API:GET Bucket Origin; AUDIT; SDK bucket_origin.go:365
	{method: del, level: levelBucket, sub: "origin", op: "DeleteBucketOrigin", action: "name/cos:DeleteBucketOrigin"},                                  // API:DELETE Bucket Origin; AUDIT; SDK bucket_origin.go:377
	// One check per key: "otherwise each deleted object is checked for
	// cos:DeleteObject" (CN:8289; GUIDE). An anonymous caller also needs
	// name/cos:DeleteMultipleObjects, on a resource no page names: such a
	// request is refused (cosKeys).
	{method: post, level: levelBucket, sub: "delete", op: "DeleteMultipleObjects", action: "name/cos:DeleteObject", versioned: "name/cos:DeleteObject", flags: deleteKeys}, // CN:8289; GUIDE; API:DELETE Multiple Objects; SDK object.go:974

	// Object.
	{method: put, level: levelObject, op: "PutObject", action: "name/cos:PutObject"}, // OPL; GUIDE; API:PUT Object; SDK object.go:489
	// A copy is name/cos:PutObject on the target and name/cos:GetObject on
	// the source: CN:10881 (2026-05-29) "源存储桶的授权策略中 action 设置为
	// cos:GetObject。目标存储桶的授权策略中 action 设置为 cos:PutObject", and GUIDE
	// ("Copying object"). http.md §1.2 says name/cos:PutObjectCopy, which an
	// older copy of that page and the API Explorer name; the current page
	// is followed here.
	{method: put, level: levelObject, copy: true, op: "PutObjectCopy", action: "name/cos:PutObject", flags: copySource},           // CN:10881; GUIDE; API:PUT Object - Copy; SDK object.go:669
	{method: get, level: levelObject, op: "GetObject", action: "name/cos:GetObject"},                                              // OPL; GUIDE; CN:7753; API:GET Object; SDK object.go:61
	{method: head, level: levelObject, op: "HeadObject", action: "name/cos:HeadObject"},                                           // OPL; GUIDE; https://www.tencentcloud.com/document/product/436/7745; SDK object.go:788
	{method: del, level: levelObject, op: "DeleteObject", action: "name/cos:DeleteObject"},                                        // OPL; GUIDE; CN:7743; SDK object.go:746
	{method: options, level: levelObject, op: "OptionsObject", action: "name/cos:OptionsObject"},                                  // OPL; GUIDE; API:OPTIONS Object; SDK object.go:835
	{method: post, level: levelObject, sub: "restore", op: "PostObjectRestore", action: "name/cos:PostObjectRestore"},             // OPL; GUIDE; API:POST Object restore; SDK object.go:862
	{method: post, level: levelObject, sub: "select", op: "SelectObjectContent", action: "name/cos:GetObject"},                    // API:SELECT Object Content ("you must have the cos:GetObject permission"); SDK object_select.go:63
	{method: post, level: levelObject, sub: "append", op: "AppendObject", action: "name/cos:AppendObject"},                        // GUIDE; API:APPEND Object; CAMAPI; SDK object.go:896
	{method: put, level: levelObject, sub: "acl", op: "PutObjectACL", action: "name/cos:PutObjectACL"},                            // OPL; GUIDE; API:PUT Object acl; SDK object_acl.go:61
	{method: get, level: levelObject, sub: "acl", op: "GetObjectACL", action: "name/cos:GetObjectACL"},                            // OPL; GUIDE; AUDIT; SDK object_acl.go:16
	{method: put, level: levelObject, sub: "tagging", op: "PutObjectTagging", action: "name/cos:PutObjectTagging"},                // API:PUT Object tagging; AUDIT; SDK object.go:2173
	{method: get, level: levelObject, sub: "tagging", op: "GetObjectTagging", action: "name/cos:GetObjectTagging"},                // API:GET Object tagging; AUDIT; SDK object.go:2197
	{method: del, level: levelObject, sub: "tagging", op: "DeleteObjectTagging", action: "name/cos:DeleteObjectTagging"},          // API:DELETE Object tagging; AUDIT; SDK object.go:2224
	{method: post, level: levelObject, sub: "uploads", op: "InitiateMultipartUpload", action: "name/cos:InitiateMultipartUpload"}, // OPL; GUIDE; API:Initiate Multipart Upload; SDK object_part.go:35
	{method: put, level: levelObject, need: []string{"partNumber", "uploadId"}, op: "UploadPart", action: "name/cos:UploadPart"},  // OPL; GUIDE; API:Upload Part; SDK object_part.go:87
	// The part copy's own check is name/cos:PutObject, as GUIDE ("Copying
	// part") and https://www.tencentcloud.com/document/product/436/8287 list
	// it for the destination; the API Explorer names the API UploadPartCopy.
	{method: put, level: levelObject, need: []string{"partNumber", "uploadId"}, copy: true, op: "UploadPartCopy", action: "name/cos:PutObject", flags: copySource}, // GUIDE; 436/8287; SDK object_part.go:374
	{method: post, level: levelObject, need: []string{"uploadId"}, op: "CompleteMultipartUpload", action: "name/cos:CompleteMultipartUpload"},                      // OPL; GUIDE; API:Complete Multipart Upload; SDK object_part.go:261
	{method: get, level: levelObject, need: []string{"uploadId"}, op: "ListParts", action: "name/cos:ListParts"},                                                   // OPL; GUIDE; API:List Parts; SDK object_part.go:201
	{method: del, level: levelObject, need: []string{"uploadId"}, op: "AbortMultipartUpload", action: "name/cos:AbortMultipartUpload"},                             // OPL; GUIDE; API:Abort Multipart Upload; CAMAPI; SDK object_part.go:319
}

// cosKeywords are COS's sub-resource words: the reserved list of
// 产品简介/规格与限制 ("acl, uploads, policy, cors, delete, versions, location,
// referer, lifecycle, versioning, notification, replication, website,
// logging, tagging, accelerate, domain, inventory, origin, object-lock,
// live, encryption, intelligenttiering, symlink"), those of object
// operations, and those the SDK sends for operations refused here.
var cosKeywords = []string{"acl", "uploads", "policy", "cors", "delete", "versions", "location", "referer",
	"lifecycle", "versioning", "notification", "replication", "website", "logging", "tagging", "accelerate",
	"domain", "inventory", "origin", "object-lock", "live", "encryption", "intelligenttiering", "symlink",
	"restore", "select", "append", "domaincertificate",
	// Refused here (see the file's comment).
	"retention", "strict-signature", "intelligent-tiering", "vod", "comp", "style", "origin-protect",
	"image-slim", "guetzli", "hotlink", "hdr-image-processing", "ci-process"}

// cosParams select nothing (the API pages' optional parameters).
var cosParams = []string{"prefix", "delimiter", "encoding-type", "marker", "max-keys", "key-marker",
	"version-id-marker", "upload-id-marker", "max-uploads", "max-parts", "part-number-marker", "versionId",
	"response-content-type", "response-content-language", "response-expires", "response-cache-control",
	"response-content-disposition", "response-content-encoding", "select-type", "position",
	"continuation-token", "tagkey", "tagvalue", "region", "create-time", "range"}

// cosAuthParams are those of a presigned URL: the q-sign fields, the
// temporary key's token, and the SDK's merged sign= form (SDK
// object.go:165-238, auth.go:251-261).
var cosAuthParams = []string{"q-sign-algorithm", "q-ak", "q-sign-time", "q-key-time", "q-header-list",
	"q-url-param-list", "q-signature", "x-cos-security-token", "sign"}

// cosSvc: a copy reads its source with name/cos:GetObject, a version of it
// too (COS has no ...Version actions); the version id is cos:versionid.
var cosSvc = &service{read: "name/cos:GetObject", readVersion: "name/cos:GetObject",
	versionKey: "cos:versionid", parseCopy: cosCopySource}

var cosCloud = &cloud{
	routes:       cosRoutes,
	keywords:     set(cosKeywords...),
	selectors:    set("uploadId", "partNumber", "id"),
	params:       set(cosParams...),
	authPrefixes: cosAuthParams,
	copyHeaders:  []string{"X-Cos-Copy-Source"},
	versionParam: "versionId",
	service:      cosSvc,
	dialect:      bucketpolicy.COS,
}

// cosResource writes a COS resource: qcs::cos:REGION:uid/APPID:NAME-APPID/KEY,
// the bucket itself NAME-APPID/ (semantics.md §6), and "*" without a
// bucket (GUIDE: GET Service's resource is "*"). The APPID is the bucket
// name's suffix; a bucket name without one, or a request without a
// region, is refused by cosKeys.
func cosResource(m *Mapper, b []byte, tg target, bucket, key string) []byte {
	if bucket == "" {
		return append(b, '*')
	}
	b = append(b, "qcs::cos:"...)
	b = append(b, cosRegion(m, tg)...)
	b = append(b, ":uid/"...)
	b = append(b, cosAppID(bucket)...)
	b = append(b, ':')
	b = append(b, bucket...)
	b = append(b, '/')
	if tg.level == levelObject {
		b = append(b, key...)
	}
	return b
}

// cosRegion is the region of the bucket host, else the host's setting. A
// global acceleration host (NAME-APPID.cos.accelerate.myqcloud.com) names
// no region.
func cosRegion(m *Mapper, tg target) string {
	if tg.region != "" && tg.region != "accelerate" {
		return tg.region
	}
	return m.Region
}

// cosAppID is the APPID a COS bucket name ends with (NAME-APPID), or "".
func cosAppID(bucket string) string {
	i := strings.LastIndexByte(bucket, '-')
	if i <= 0 || !digits(bucket[i+1:]) {
		return ""
	}
	return bucket[i+1:]
}

// cosCopySource reads a COS copy source,
// NAME-APPID.cos.REGION.myqcloud.com/KEY[?versionId=ID], the key
// URL-encoded (API:PUT Object - Copy, x-cos-copy-source).
func cosCopySource(h string) (copySourceRef, error) {
	var ref copySourceRef
	bad := func() error {
		return badRequest("InvalidArgument", "the copy source "+quote(h)+" is not BUCKET-APPID.cos.REGION.myqcloud.com/KEY[?versionId=ID]")
	}
	path, q, hasQuery := strings.Cut(h, "?")
	if hasQuery {
		name, v, ok := strings.Cut(q, "=")
		if !ok || name != "versionId" || v == "" || strings.Contains(v, "&") {
			return ref, bad()
		}
		var err error
		if ref.versionID, err = url.QueryUnescape(v); err != nil {
			return ref, bad()
		}
	}
	host, k, ok := strings.Cut(path, "/")
	if !ok || k == "" {
		return ref, bad()
	}
	ref.bucket, ref.region = cosHost(strings.ToLower(host))
	if ref.bucket == "" {
		return ref, bad()
	}
	if ref.region == "accelerate" {
		ref.region = ""
	}
	var err error
	if ref.key, err = url.PathUnescape(k); err != nil {
		return ref, bad()
	}
	return ref, nil
}

// cosVersionOp reports whether cos:versionid applies to an operation
// (KEYS, "Condition keys from request headers and request parameters":
// https://intl.cloud.tencent.com/document/product/436/46205).
func cosVersionOp(op string) bool {
	switch op {
	case "GetObject", "DeleteObject", "PostObjectRestore", "PutObjectTagging", "GetObjectTagging",
		"DeleteObjectTagging", "HeadObject":
		return true
	}
	return false
}

// cosACLOp reports whether cos:x-cos-acl applies to an operation (KEYS:
// PutObject, PostObject, PutObjectACL, PutBucket, PutBucketACL,
// AppendObject, InitiateMultipartUpload; a copy's own check is PutObject,
// so its header counts too: inferred).
func cosACLOp(op string) bool {
	switch op {
	case "PutObject", "PutObjectCopy", "PutObjectACL", "PutBucket", "PutBucketACL", "AppendObject",
		"InitiateMultipartUpload":
		return true
	}
	return false
}

// cosStorageClassOp reports whether cos:x-cos-storage-class applies to an
// operation (KEYS: PutObject, PostObject,
// InitiateMultipartUpload, AppendObject; a copy as PutObject: inferred).
func cosStorageClassOp(op string) bool {
	switch op {
	case "PutObject", "PutObjectCopy", "InitiateMultipartUpload", "AppendObject":
		return true
	}
	return false
}

// cosKeys fills the condition keys of a COS request (KEYS, and
// "Descriptions and Use Cases of Condition Keys",
// https://intl.cloud.tencent.com/document/product/436/46206). Header and
// parameter keys are filled only when the request has the header or
// parameter ("applicable only to requests that contain such request
// headers or request parameters"); parameter values are URL-encoded, as
// COS compares them ("bucket policies that use condition keys from the
// request parameters require URL encoding as well").
func cosKeys(m *Mapper, mp *Mapping, r *http.Request, q *query, rt *route, tg target, stamp, epoch string) error {
	if tg.bucket != "" {
		if cosAppID(tg.bucket) == "" {
			return badRequest("InvalidBucketName", "the bucket "+quote(tg.bucket)+" is not named NAME-APPID")
		}
		if cosRegion(m, tg) == "" {
			return &Error{Status: http.StatusInternalServerError, Code: "InternalError",
				Message: "the mapper knows no region for the bucket " + quote(tg.bucket) + " (set Mapper.Region)"}
		}
		if rt.flags&copySource != 0 {
			src, err := cosCopySource(header(r, "X-Cos-Copy-Source"))
			if err != nil {
				return err
			}
			if src.region == "" && m.Region == "" {
				return &Error{Status: http.StatusInternalServerError, Code: "InternalError",
					Message: "the mapper knows no region for the copy source " + quote(src.bucket) + " (set Mapper.Region)"}
			}
		}
	}
	if rt.flags&deleteKeys != 0 && mp.caller.Principal == "" {
		return notImplemented("an anonymous DeleteMultipleObjects also needs name/cos:DeleteMultipleObjects (CN:8289), on a resource COS does not document")
	}
	ip, secure, err := m.client(r)
	if err != nil {
		return err
	}
	mp.add("qcs:ip", ip)
	mp.add("cos:secure-transport", boolString(secure))
	if vpc := mp.caller.SourceVpc; vpc != "" {
		mp.add("qcs:vpc", vpc)
		// The key "Descriptions and Use Cases" writes for the same value
		// ("Restricting VPC IDs (vpc:requester_vpc)").
		mp.add("vpc:requester_vpc", vpc)
	}
	if rt.flags&listing != 0 {
		if v, ok := q.get("prefix"); ok {
			mp.add("cos:prefix", cosEncode(v))
		}
	}
	if cosVersionOp(rt.op) {
		// "If versionid is an empty string, this is equivalent to the
		// case where versionId is not carried."
		if v, _ := q.get("versionId"); v != "" {
			mp.add("cos:versionid", v)
		}
	}
	if rt.op == "GetObject" {
		if v, ok := q.get("response-content-type"); ok {
			mp.add("cos:response-content-type", cosEncode(v))
		}
	}
	if cosACLOp(rt.op) {
		if err := addHeaderKey(mp, r, "X-Cos-Acl", "cos:x-cos-acl"); err != nil {
			return err
		}
	}
	if cosStorageClassOp(rt.op) {
		if err := addHeaderKey(mp, r, "X-Cos-Storage-Class", "cos:x-cos-storage-class"); err != nil {
			return err
		}
	}
	switch vs := r.Header["Content-Length"]; {
	case len(vs) > 1:
		return badRequest("InvalidArgument", "the header Content-Length is given more than once")
	case len(vs) == 1:
		if !digits(vs[0]) {
			return badRequest("InvalidArgument", "Content-Length must be a number, not "+quote(vs[0]))
		}
		mp.add("cos:content-length", vs[0])
	case r.ContentLength > 0:
		// A request built in process (http.NewRequest) has its length
		// here rather than in the header.
		mp.add("cos:content-length", itoa(int(r.ContentLength)))
	}
	if err := addHeaderKey(mp, r, "Content-Type", "cos:content-type"); err != nil {
		return err
	}
	// qcs:request_tag: PutBucket (x-cos-tagging) and PutBucketTagging (its
	// body), each tag written key&value (KEYUSE, "request_tag").
	var tags []tag
	switch rt.op {
	case "PutBucket":
		if vs := r.Header["X-Cos-Tagging"]; len(vs) > 1 {
			return badRequest("InvalidArgument", "the header X-Cos-Tagging is given more than once")
		} else if len(vs) == 1 {
			if tags, err = parseTaggingHeader(vs[0]); err != nil {
				return err
			}
		}
	case "PutBucketTagging":
		if tags, err = readTaggingBody(r); err != nil {
			return err
		}
	}
	if len(tags) > 0 {
		values := make([]string, len(tags))
		for i, t := range tags {
			values[i] = t.key + "&" + t.value
		}
		mp.addValues("qcs:request_tag", values)
	}
	return nil
}

// cosEncode writes a parameter value as COS's condition keys compare it:
// every byte but A-Z a-z 0-9 - _ . ~ as %XX in upper case (inferred: the
// encoding of COS's request signature, which KEYS's example "image/jpeg
// ... into image%2Fjpeg" agrees with). A value with nothing to encode is
// returned as it is.
func cosEncode(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		if c := s[i]; unreserved(c) {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}

// unreserved reports whether c is written as it is in an encoded value.
func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
}
