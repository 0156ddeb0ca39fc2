package bucketpolicy

// The OBS catalogue lint checks obs policies against: the actions OBS's
// S3-compatible bucket policies name and the resource level of each, the
// condition keys OBS supports with the actions that set them, and the keys
// it documents as not supported.

// obsSource is where every table of this file comes from.
//
// Source: Open Telekom Cloud's export of Huawei OBS's "S3-compatible API"
// reference, "Bucket Policy" (doc/s3api/source/access_control/bucket_policy.rst
// in opentelekomcloud-docs/object-storage-service@b9835f85be13fa0f82eefc2440b83beeaf7fcdd4,
// https://docs.otc.t-systems.com/object-storage-service/s3api/): the
// actions on buckets and on objects (the page's complete lists), Table 4
// (global condition keys and their types), Table 5 (service keys by
// action, and the keys marked "Not supported"). Seed 003 is word for word
// that reference's put_bucket_policy page.
const obsSource = "OTC-s3api bucket_policy.rst"

// obsActions lists the actions of OBS's S3-compatible bucket policies,
// without the "s3:" prefix, and the resource level each applies to
// (arn:aws:s3:::BUCKET or arn:aws:s3:::BUCKET/KEY). Five are OBS's own;
// the rest are AWS's names. s3:CreateBucket appears only in Table 5.
// Source: see obsSource.
var obsActions = map[string]resLevel{
	"DeleteBucket":                     lvBucket,
	"ListBucket":                       lvBucket,
	"ListBucketVersions":               lvBucket,
	"ListBucketMultipartUploads":       lvBucket,
	"GetBucketAcl":                     lvBucket,
	"PutBucketAcl":                     lvBucket,
	"GetBucketCORS":                    lvBucket,
	"PutBucketCORS":                    lvBucket,
	"GetBucketVersioning":              lvBucket,
	"PutBucketVersioning":              lvBucket,
	"GetBucketLocation":                lvBucket,
	"GetBucketLogging":                 lvBucket,
	"PutBucketLogging":                 lvBucket,
	"GetBucketWebsite":                 lvBucket,
	"PutBucketWebsite":                 lvBucket,
	"DeleteBucketWebsite":              lvBucket,
	"GetLifecycleConfiguration":        lvBucket,
	"PutLifecycleConfiguration":        lvBucket,
	"GetBucketNotification":            lvBucket,
	"PutBucketNotification":            lvBucket,
	"PutBucketPolicy":                  lvBucket,
	"GetBucketPolicy":                  lvBucket,
	"DeleteBucketPolicy":               lvBucket,
	"PutBucketQuota":                   lvBucket, // OBS only
	"GetBucketQuota":                   lvBucket, // OBS only
	"PutBucketStoragePolicy":           lvBucket, // OBS only
	"GetBucketStoragePolicy":           lvBucket, // OBS only
	"GetBucketStorage":                 lvBucket, // OBS only
	"PutBucketTagging":                 lvBucket,
	"GetBucketTagging":                 lvBucket,
	"PutBucketObjectLockConfiguration": lvBucket,
	"GetBucketObjectLockConfiguration": lvBucket,
	"CreateBucket":                     lvBucket,
	"GetObject":                        lvObject,
	"GetObjectVersion":                 lvObject,
	"PutObject":                        lvObject,
	"GetObjectAcl":                     lvObject,
	"GetObjectVersionAcl":              lvObject,
	"PutObjectAcl":                     lvObject,
	"PutObjectVersionAcl":              lvObject,
	"DeleteObject":                     lvObject,
	"DeleteObjectVersion":              lvObject,
	"ListMultipartUploadParts":         lvObject,
	"AbortMultipartUpload":             lvObject,
	"RestoreObject":                    lvObject,
	"PutObjectRetention":               lvObject,
}

// obsGlobalKeys are the global condition keys of OBS's Table 4, with their
// types. Source: see obsSource.
var obsGlobalKeys = map[string]string{
	"aws:CurrentTime":     "Date",
	"aws:EpochTime":       "Numeric",
	"aws:SecureTransport": "Bool",
	"aws:SourceIp":        "IPAddress",
	"aws:UserAgent":       "String",
	"aws:Referer":         "String",
}

// obsServiceKeys are the service condition keys of OBS's Table 5, with
// their types and the actions each applies to. Source: see obsSource.
var obsServiceKeys = map[string]ossKeyInfo{
	"s3:x-amz-acl":                {typ: "String", actions: []string{"CreateBucket", "PutBucketAcl", "PutObject", "PutObjectAcl", "PutObjectVersionAcl"}},
	"s3:prefix":                   {typ: "String", actions: []string{"ListBucket", "ListBucketVersions"}},
	"s3:delimiter":                {typ: "String", actions: []string{"ListBucket", "ListBucketVersions"}},
	"s3:max-keys":                 {typ: "Numeric", actions: []string{"ListBucket", "ListBucketVersions"}},
	"s3:x-amz-copy-source":        {typ: "String", actions: []string{"PutObject"}},
	"s3:x-amz-metadata-directive": {typ: "String", actions: []string{"PutObject"}},
	"s3:VersionId":                {typ: "String", actions: []string{"GetObjectVersion", "GetObjectVersionAcl", "DeleteObjectVersion", "PutObjectVersionAcl"}},
}

// obsUnsupportedKeys are the keys Table 5 marks "Not supported". Source:
// see obsSource.
var obsUnsupportedKeys = []string{
	"s3:x-amz-grant-permission", "s3:LocationConstraint", "s3:x-amz-storage-class",
	"s3:signatureversion", "s3:authType", "s3:signatureAge", "s3:x-amz-content-sha256",
}
