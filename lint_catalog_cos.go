package bucketpolicy

// The COS catalogue lint checks cos policies against: the actions a bucket
// policy can name (without the "name/cos:" prefix) and the level of
// resource each applies to, and the condition keys with their types and
// the actions that set them.

// cosActions lists COS's actions and the resource level each is checked on
// (a bucket-level request names the bucket as BUCKET-APPID/, an object
// request BUCKET-APPID/KEY).
//
// Source: Tencent Cloud COS, "Working with COS API Authorization Policies"
// (https://www.tencentcloud.com/document/product/436/30580), its "Action
// List" (https://intl.cloud.tencent.com/document/product/436/10111), the
// CloudAudit list of COS operations, and the API Explorer action names, as
// read in tencentyun/intlcloud-documents@02ec31c2 and transcribed in the
// project's research table (cos-actions.tsv, helper notes 2026-11). Rows
// marked "inferred" are actions whose CAM name no page states (taken from
// the API's title or name). COS's pages spell the ACL actions both
// PutBucketACL and PutBucketAcl; the engine folds case, and so does this
// table.
var cosActions = map[string]resLevel{
	"GetService":                        lvService,
	"PutBucket":                         lvBucket,
	"HeadBucket":                        lvBucket,
	"GetBucket":                         lvBucket,
	"DeleteBucket":                      lvBucket,
	"GetBucketObjectVersions":           lvBucket,
	"GetBucketLocation":                 lvBucket,
	"ListMultipartUploads":              lvBucket,
	"PutBucketACL":                      lvBucket,
	"GetBucketACL":                      lvBucket,
	"PutBucketCORS":                     lvBucket,
	"GetBucketCORS":                     lvBucket,
	"DeleteBucketCORS":                  lvBucket,
	"PutBucketLifecycle":                lvBucket,
	"GetBucketLifecycle":                lvBucket,
	"DeleteBucketLifecycle":             lvBucket,
	"PutBucketPolicy":                   lvBucket,
	"GetBucketPolicy":                   lvBucket,
	"DeleteBucketPolicy":                lvBucket,
	"PutBucketReferer":                  lvBucket,
	"GetBucketReferer":                  lvBucket,
	"PutBucketTagging":                  lvBucket,
	"GetBucketTagging":                  lvBucket,
	"DeleteBucketTagging":               lvBucket,
	"PutBucketWebsite":                  lvBucket,
	"GetBucketWebsite":                  lvBucket,
	"DeleteBucketWebsite":               lvBucket,
	"PutBucketVersioning":               lvBucket,
	"GetBucketVersioning":               lvBucket,
	"PutBucketReplication":              lvBucket,
	"GetBucketReplication":              lvBucket,
	"DeleteBucketReplication":           lvBucket,
	"PutBucketLogging":                  lvBucket,
	"GetBucketLogging":                  lvBucket,
	"PutBucketAccelerate":               lvBucket,
	"GetBucketAccelerate":               lvBucket,
	"PutBucketEncryption":               lvBucket,
	"GetBucketEncryption":               lvBucket,
	"DeleteBucketEncryption":            lvBucket,
	"PutBucketInventory":                lvBucket,
	"GetBucketInventory":                lvBucket,
	"DeleteBucketInventory":             lvBucket,
	"ListBucketInventoryConfigurations": lvBucket,
	"PostBucketInventory":               lvBucket, // inferred
	"PutBucketIntelligentTiering":       lvBucket, // inferred
	"GetBucketIntelligentTiering":       lvBucket,
	"PutBucketObjectLockConfiguration":  lvBucket, // inferred
	"GetBucketObjectLockConfiguration":  lvBucket, // inferred
	"PutBucketDomain":                   lvBucket,
	"GetBucketDomain":                   lvBucket,
	"DeleteBucketDomain":                lvBucket,
	"PutBucketDomainCertificate":        lvBucket, // inferred
	"GetBucketDomainCertificate":        lvBucket,
	"DeleteBucketDomainCertificate":     lvBucket,
	"PutBucketOrigin":                   lvBucket,
	"GetBucketOrigin":                   lvBucket,
	"DeleteBucketOrigin":                lvBucket,
	"PutBucketNotification":             lvBucket, // CloudAudit name
	"GetBucketNotification":             lvBucket, // CloudAudit name
	"GetBucketAccessMonitor":            lvBucket,
	"GetBucketBandwidthQuota":           lvBucket,
	"DeleteMultipleObjects":             lvBucket,
	"PutObject":                         lvObject,
	"PutObjectCopy":                     lvObject, // copies check PutObject (CN:10881)
	"PostObject":                        lvObject,
	"GetObject":                         lvObject,
	"HeadObject":                        lvObject,
	"DeleteObject":                      lvObject,
	"OptionsObject":                     lvObject,
	"PostObjectRestore":                 lvObject,
	"AppendObject":                      lvObject,
	"PutObjectACL":                      lvObject,
	"GetObjectACL":                      lvObject,
	"PutObjectTagging":                  lvObject,
	"GetObjectTagging":                  lvObject,
	"DeleteObjectTagging":               lvObject,
	"InitiateMultipartUpload":           lvObject,
	"UploadPart":                        lvObject,
	"UploadPartCopy":                    lvObject,
	"CompleteMultipartUpload":           lvObject,
	"ListParts":                         lvObject,
	"AbortMultipartUpload":              lvObject,
	"GetObjectRetention":                lvObject, // inferred
	"PutObjectRetention":                lvObject, // inferred
	"CreateJob":                         lvService,
	"DescribeJob":                       lvService,
	"ListJobs":                          lvService, // inferred
	"UpdateJobPriority":                 lvService, // inferred
	"UpdateJobStatus":                   lvService, // inferred
}

// cosKeyInfo is a condition key of the COS catalogue: its type ("String",
// "IPAddress", "Numeric", "Bool", "Date"), whether it holds several values,
// whether COS supplies it on every request, and the actions it is set for
// (nil: every request, or not precise enough to judge).
type cosKeyInfo struct {
	typ     string
	multi   bool
	always  bool
	actions []string
}

// cosKeys lists the condition keys COS documents for bucket policies; COS
// condition keys are case-sensitive.
//
// Source: Tencent Cloud COS, "Conditions"
// (https://intl.cloud.tencent.com/document/product/436/46205) tables 1 and
// 2, and "Descriptions and Use Cases of Condition Keys"
// (https://intl.cloud.tencent.com/document/product/436/46206), as read in
// tencentyun/intlcloud-documents@02ec31c2 and transcribed in the project's
// research table (cos-condition-keys.tsv). vpc:requester_vpc is the
// spelling of qcs:vpc in Tencent's own example. The CAM-wide keys
// (qcs:current_time, qcs:uin, qcs:owner_uin, qcs:mfa) come from CAM's
// "Syntax structure" and "Conditions" pages (598/10604, 598/10608); COS's
// pages do not confirm them for bucket policies, so lint neither flags nor
// relies on them beyond their types.
var cosKeys = map[string]cosKeyInfo{
	"cos:secure-transport":      {typ: "Bool", always: true},
	"qcs:ip":                    {typ: "IPAddress", always: true},
	"qcs:vpc":                   {typ: "String"},
	"vpc:requester_vpc":         {typ: "String"},
	"cos:tls-version":           {typ: "Numeric"},
	"cos:x-cos-storage-class":   {typ: "String", actions: []string{"PutObject", "PostObject", "InitiateMultipartUpload", "AppendObject"}},
	"cos:versionid":             {typ: "String", actions: []string{"GetObject", "DeleteObject", "PostObjectRestore", "PutObjectTagging", "GetObjectTagging", "DeleteObjectTagging", "HeadObject"}},
	"cos:prefix":                {typ: "String", actions: []string{"GetBucket", "GetBucketObjectVersions", "ListMultipartUploads", "ListLiveChannels"}},
	"cos:x-cos-acl":             {typ: "String", actions: []string{"PutObject", "PostObject", "PutObjectACL", "PutBucket", "PutBucketACL", "AppendObject", "InitiateMultipartUpload"}},
	"cos:content-length":        {typ: "Numeric"},
	"cos:content-type":          {typ: "String"},
	"cos:response-content-type": {typ: "String", actions: []string{"GetObject"}},
	"qcs:request_tag":           {typ: "String", multi: true, actions: []string{"PutBucket", "PutBucketTagging"}},
	"qcs:current_time":          {typ: "Date"},
	"qcs:uin":                   {typ: "String"},
	"qcs:owner_uin":             {typ: "String"},
	"qcs:mfa":                   {typ: "Bool"},
}
