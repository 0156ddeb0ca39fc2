package bucketpolicy

// The OSS catalogue lint checks oss policies against: the actions a bucket
// policy can name, the level of resource each applies to, and the condition
// keys with their types and the actions that set them.

// resLevel is a set of resource levels an action applies to, in the
// catalogues of the oss, cos and obs dialects.
type resLevel uint8

const (
	lvService      resLevel = 1 << iota // no bucket: the account or the service
	lvBucket                            // the bucket itself
	lvObject                            // an object (or a live channel) in the bucket
	lvVectorBucket                      // oss: a vector bucket (acs:ossvector:...:BUCKET)
	lvVector                            // oss: an index or its vectors (acs:ossvector:...:BUCKET/INDEX[/...])

	// lvUnknown: the vendor documents the action but not the resource it
	// is checked on; lint does not judge its resources.
	lvUnknown resLevel = 0
)

// ossActions lists the actions of OSS's authorization reference, without
// the "oss:" prefix, and the resource level each is checked on.
//
// Source: Alibaba Cloud, "OSS authorization syntax and elements"
// (https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements),
// its table of API operations and RAM actions for service, bucket, object,
// resource-pool QoS and vector-bucket operations, as transcribed with the
// level of each operation in the project's research table
// (oss-operations.tsv, helper notes 2026-11). The ...Version actions
// (GetObjectVersion, PutObjectVersionAcl, ...) are the ones the same page
// and the 2021 "RAM Policy overview" (AlibabaCloudDocs/oss@f68409178447)
// name for requests that carry a versionId. Levels the documents do not
// give (resource pools, replication, RTMP ingest) are lvUnknown.
var ossActions = map[string]resLevel{
	// Service: requests without a bucket.
	"ListBuckets":                      lvService,
	"ListUserDataRedundancyTransition": lvService,
	"PutPublicAccessBlock":             lvService,
	"GetPublicAccessBlock":             lvService,
	"DeletePublicAccessBlock":          lvService,
	"ListAccessPointsForObjectProcess": lvService,
	"WriteGetObjectResponse":           lvService,
	"ActivateProduct":                  lvService,
	"CreateOrder":                      lvService,
	"ListAccessPoints":                 lvService | lvBucket,
	"InitUserAntiDDosInfo":             lvService | lvBucket,
	"UpdateUserAntiDDosInfo":           lvService | lvBucket,
	"GetUserAntiDDosInfo":              lvService | lvBucket,
	"InitBucketAntiDDosInfo":           lvService | lvBucket,
	"UpdateBucketAntiDDosInfo":         lvService | lvBucket,
	"ListBucketAntiDDosInfo":           lvService | lvBucket,

	// Bucket.
	"PutBucket":                               lvBucket,
	"DeleteBucket":                            lvBucket,
	"ListObjects":                             lvBucket,
	"ListObjectVersions":                      lvBucket,
	"GetBucketInfo":                           lvBucket,
	"GetBucketLocation":                       lvBucket,
	"GetBucketStat":                           lvBucket,
	"PutBucketVersioning":                     lvBucket,
	"GetBucketVersioning":                     lvBucket,
	"PutBucketAcl":                            lvBucket,
	"GetBucketAcl":                            lvBucket,
	"PutBucketRequestPayment":                 lvBucket,
	"GetBucketRequestPayment":                 lvBucket,
	"InitiateBucketWorm":                      lvBucket,
	"AbortBucketWorm":                         lvBucket,
	"CompleteBucketWorm":                      lvBucket,
	"ExtendBucketWorm":                        lvBucket,
	"GetBucketWorm":                           lvBucket,
	"PutBucketLogging":                        lvBucket | lvVectorBucket,
	"GetBucketLogging":                        lvBucket | lvVectorBucket,
	"DeleteBucketLogging":                     lvBucket | lvVectorBucket,
	"PutBucketWebsite":                        lvBucket,
	"GetBucketWebsite":                        lvBucket,
	"DeleteBucketWebsite":                     lvBucket,
	"PutBucketReferer":                        lvBucket,
	"GetBucketReferer":                        lvBucket,
	"PutBucketLifecycle":                      lvBucket,
	"GetBucketLifecycle":                      lvBucket,
	"DeleteBucketLifecycle":                   lvBucket,
	"PutBucketTransferAcceleration":           lvBucket,
	"GetBucketTransferAcceleration":           lvBucket,
	"ListMultipartUploads":                    lvBucket,
	"PutBucketCors":                           lvBucket,
	"GetBucketCors":                           lvBucket,
	"DeleteBucketCors":                        lvBucket,
	"PutBucketPolicy":                         lvBucket | lvVectorBucket,
	"GetBucketPolicy":                         lvBucket | lvVectorBucket,
	"DeleteBucketPolicy":                      lvBucket | lvVectorBucket,
	"GetBucketPolicyStatus":                   lvBucket,
	"PutBucketTagging":                        lvBucket,
	"GetBucketTagging":                        lvBucket,
	"DeleteBucketTagging":                     lvBucket,
	"PutBucketEncryption":                     lvBucket,
	"GetBucketEncryption":                     lvBucket,
	"DeleteBucketEncryption":                  lvBucket,
	"PutBucketReplication":                    lvBucket,
	"PutBucketRTC":                            lvBucket,
	"GetBucketReplication":                    lvBucket,
	"DeleteBucketReplication":                 lvBucket,
	"GetBucketReplicationLocation":            lvBucket,
	"GetBucketReplicationProgress":            lvBucket,
	"PutBucketInventory":                      lvBucket,
	"GetBucketInventory":                      lvBucket,
	"DeleteBucketInventory":                   lvBucket,
	"PutBucketAccessMonitor":                  lvBucket,
	"GetBucketAccessMonitor":                  lvBucket,
	"OpenMetaQuery":                           lvBucket,
	"GetMetaQueryStatus":                      lvBucket,
	"DoMetaQuery":                             lvBucket,
	"CloseMetaQuery":                          lvBucket,
	"PutBucketResourceGroup":                  lvBucket,
	"GetBucketResourceGroup":                  lvBucket,
	"CreateCnameToken":                        lvBucket,
	"GetCnameToken":                           lvBucket,
	"PutCname":                                lvBucket,
	"ListCname":                               lvBucket,
	"DeleteCname":                             lvBucket,
	"PutStyle":                                lvBucket,
	"GetStyle":                                lvBucket,
	"ListStyle":                               lvBucket,
	"DeleteStyle":                             lvBucket,
	"PutBucketArchiveDirectRead":              lvBucket,
	"GetBucketArchiveDirectRead":              lvBucket,
	"CreateAccessPoint":                       lvBucket,
	"GetAccessPoint":                          lvBucket,
	"DeleteAccessPoint":                       lvBucket,
	"PutAccessPointPolicy":                    lvBucket,
	"GetAccessPointPolicy":                    lvBucket,
	"DeleteAccessPointPolicy":                 lvBucket,
	"PutBucketHttpsConfig":                    lvBucket,
	"GetBucketHttpsConfig":                    lvBucket,
	"CreateAccessPointForObjectProcess":       lvBucket,
	"GetAccessPointForObjectProcess":          lvBucket,
	"DeleteAccessPointForObjectProcess":       lvBucket,
	"PutAccessPointConfigForObjectProcess":    lvBucket,
	"GetAccessPointConfigForObjectProcess":    lvBucket,
	"PutAccessPointPolicyForObjectProcess":    lvBucket,
	"GetAccessPointPolicyForObjectProcess":    lvBucket,
	"DeleteAccessPointPolicyForObjectProcess": lvBucket,
	"CreateBucketDataRedundancyTransition":    lvBucket,
	"GetBucketDataRedundancyTransition":       lvBucket,
	"ListBucketDataRedundancyTransition":      lvBucket,
	"DeleteBucketDataRedundancyTransition":    lvBucket,
	"PutBucketPublicAccessBlock":              lvBucket,
	"GetBucketPublicAccessBlock":              lvBucket,
	"DeleteBucketPublicAccessBlock":           lvBucket,
	"PutAccessPointPublicAccessBlock":         lvBucket,
	"GetAccessPointPublicAccessBlock":         lvBucket,
	"DeleteAccessPointPublicAccessBlock":      lvBucket,
	"PutBucketOverwriteConfig":                lvBucket,
	"GetBucketOverwriteConfig":                lvBucket,
	"DeleteBucketOverwriteConfig":             lvBucket,
	"ListLiveChannel":                         lvBucket,
	"PutBucketQoSInfo":                        lvUnknown,
	"GetBucketQoSInfo":                        lvUnknown,
	"DeleteBucketQoSInfo":                     lvUnknown,
	"PutBucketRequesterQoSInfo":               lvUnknown,
	"GetBucketRequesterQoSInfo":               lvUnknown,
	"ListBucketRequesterQoSInfo":              lvUnknown,
	"DeleteBucketRequesterQoSInfo":            lvUnknown,
	"ListResourcePools":                       lvUnknown,
	"GetResourcePoolInfo":                     lvUnknown,
	"ListResourcePoolBuckets":                 lvUnknown,
	"PutResourcePoolRequesterQoSInfo":         lvUnknown,
	"GetResourcePoolRequesterQoSInfo":         lvUnknown,
	"ListResourcePoolRequesterQoSInfos":       lvUnknown,
	"DeleteResourcePoolRequesterQoSInfo":      lvUnknown,
	"ReplicateGet":                            lvUnknown,
	"ReplicatePut":                            lvUnknown,
	"ReplicateDelete":                         lvUnknown,
	"ReplicateList":                           lvUnknown,
	"PublishRtmpStream":                       lvUnknown,
	"PutObject":                               lvObject,
	"GetObject":                               lvObject,
	"DeleteObject":                            lvObject,
	"SealAppendObject":                        lvObject,
	"AbortMultipartUpload":                    lvObject,
	"ListParts":                               lvObject,
	"PutObjectAcl":                            lvObject,
	"GetObjectAcl":                            lvObject,
	"RestoreObject":                           lvObject,
	"PutObjectTagging":                        lvObject,
	"GetObjectTagging":                        lvObject,
	"DeleteObjectTagging":                     lvObject,
	"GetObjectVersion":                        lvObject,
	"DeleteObjectVersion":                     lvObject,
	"PutObjectVersionAcl":                     lvObject,
	"GetObjectVersionAcl":                     lvObject,
	"RestoreObjectVersion":                    lvObject,
	"PutObjectVersionTagging":                 lvObject,
	"GetObjectVersionTagging":                 lvObject,
	"DeleteObjectVersionTagging":              lvObject,
	"ProcessImm":                              lvObject,
	"PostProcessTask":                         lvObject,
	"PutLiveChannel":                          lvObject,
	"DeleteLiveChannel":                       lvObject,
	"PutLiveChannelStatus":                    lvObject,
	"GetLiveChannel":                          lvObject,
	"GetLiveChannelStat":                      lvObject,
	"GetLiveChannelHistory":                   lvObject,
	"PostVodPlaylist":                         lvObject,
	"GetVodPlaylist":                          lvObject,
	"PutVectorBucket":                         lvVectorBucket,
	"GetVectorBucket":                         lvVectorBucket,
	"DeleteVectorBucket":                      lvVectorBucket,
	"ListVectorIndexes":                       lvVectorBucket,
	"ListVectorBuckets":                       lvService,
	"PutVectorIndex":                          lvVector,
	"GetVectorIndex":                          lvVector,
	"DeleteVectorIndex":                       lvVector,
	"PutVectors":                              lvVector,
	"GetVectors":                              lvVector,
	"ListVectors":                             lvVector,
	"DeleteVectors":                           lvVector,
	"QueryVectors":                            lvVector,
}

// ossKeyInfo is a condition key of the OSS catalogue: its type ("String",
// "IPAddress", "Date", "Bool") and the actions it is set for (nil: every
// request, or not documented precisely enough to judge).
type ossKeyInfo struct {
	typ     string
	actions []string
}

// ossKeys lists the condition keys OSS documents for bucket policies. A
// name ending in '/' is a template: the key is the name followed by a tag
// key.
//
// Source: Alibaba Cloud, "OSS authorization syntax and elements"
// (https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements),
// "Condition keys" table: acs:SourceIp, acs:SourceVpc, acs:UserAgent,
// acs:CurrentTime ("Format: ISO 8601"), acs:SecureTransport, acs:AccessId,
// acs:MFAPresent, oss:Prefix and oss:Delimiter ("Used in a ListObjects
// request"), oss:x-oss-acl, oss:x-oss-object-acl and the tag keys; the
// Block Public Access page
// (https://www.alibabacloud.com/help/en/oss/user-guide/block-public-access)
// adds acs:SourceVpcId and acs:SourceVpcIp. acs:Referer is not in OSS's
// table; it is kept because the project's specification (http.md §1.4)
// lists it. ListObjectVersions with oss:Prefix is seed 001's scenario 2;
// PutBucket with oss:x-oss-acl is inferred (the key "restricts the type of
// bucket ACL").
var ossKeys = map[string]ossKeyInfo{
	"acs:SourceIp":           {typ: "IPAddress"},
	"acs:SourceVpc":          {typ: "String"},
	"acs:SourceVpcId":        {typ: "String"},
	"acs:SourceVpcIp":        {typ: "IPAddress"},
	"acs:UserAgent":          {typ: "String"},
	"acs:Referer":            {typ: "String"},
	"acs:CurrentTime":        {typ: "Date"},
	"acs:SecureTransport":    {typ: "Bool"},
	"acs:AccessId":           {typ: "String"},
	"acs:MFAPresent":         {typ: "Bool"},
	"oss:Prefix":             {typ: "String", actions: []string{"ListObjects", "ListObjectVersions"}},
	"oss:Delimiter":          {typ: "String", actions: []string{"ListObjects", "ListObjectVersions"}},
	"oss:x-oss-acl":          {typ: "String", actions: []string{"PutBucketAcl", "PutBucket"}},
	"oss:x-oss-object-acl":   {typ: "String"}, // PutObjectAcl, and uploads that carry the header (inferred)
	"oss:BucketTag/":         {typ: "String"},
	"oss:ExistingObjectTag/": {typ: "String"},
	"oss:RequestObjectTag/":  {typ: "String"},
}
