package policyhttp

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/bucketpolicy/bucketpolicy"
)

// The Alibaba Cloud OSS operation table, for buckets and vector buckets.
// Each row names its source:
//
//	AUTH    https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements
//	        (every API and the RAM action it needs; resources; condition keys)
//	RAM2021 AlibabaCloudDocs/oss@f6840917 "RAM Policy/Overview.md" (the ...Version
//	        actions: "GetObject (with versionId specified in the request)")
//	API:x   https://www.alibabacloud.com/help/en/oss/developer-reference/x
//	SDK     aliyun/alibabacloud-oss-go-sdk-v2@b3226d1b, the file under oss/ that
//	        sends the request (method, sub-resource, selecting parameters)
//
// Operations the SDK sends but AUTH names no action for (DescribeRegions,
// ListCloudBoxes, DoDataPipeLineAction, CleanRestoredObject,
// CreateSelectObjectMeta, AsyncProcessObject, object retention and legal
// hold, the object WORM configuration, UserDefinedLogFieldsConfig) keep
// their keywords without a row, so they are refused, never read as a
// listing or an upload. So are operations whose checks depend on what this
// table cannot see: PostObject (the key is a form field), ProcessObject (a
// saveas target in the body), GetAccessPoint (told from ListAccessPoints
// by a header), the CORS preflight (no action), and LiveChannel (query
// forms not verified). The research is /work/scratch/oss.md and
// oss-operations.tsv.

var ossRoutes = []route{
	// Service: a request without a bucket.
	{method: get, level: levelService, op: "ListBuckets", action: "oss:ListBuckets"},                                                                               // AUTH; SDK api_op_service.go:95
	{method: get, level: levelService, sub: "tagging", op: "ListBuckets", action: "oss:ListBuckets"},                                                               // AUTH; SDK api_op_service.go:29 (tagging filter)
	{method: get, level: levelService, sub: "redundancyTransition", op: "ListUserDataRedundancyTransition", action: "oss:ListUserDataRedundancyTransition"},        // AUTH; SDK api_op_bucket_redundancytransition.go:282
	{method: put, level: levelService, sub: "publicAccessBlock", op: "PutPublicAccessBlock", action: "oss:PutPublicAccessBlock"},                                   // AUTH; API:putpublicaccessblock; SDK api_op_publicaccessblock.go:77
	{method: get, level: levelService, sub: "publicAccessBlock", op: "GetPublicAccessBlock", action: "oss:GetPublicAccessBlock"},                                   // AUTH; SDK api_op_publicaccessblock.go:31
	{method: del, level: levelService, sub: "publicAccessBlock", op: "DeletePublicAccessBlock", action: "oss:DeletePublicAccessBlock"},                             // AUTH; SDK api_op_publicaccessblock.go:120
	{method: get, level: levelService, sub: "accessPoint", op: "ListAccessPoints", action: "oss:ListAccessPoints"},                                                 // AUTH ("user-level and bucket-level"); SDK api_op_accesspoint.go:84
	{method: get, level: levelService, sub: "accessPointForObjectProcess", op: "ListAccessPointsForObjectProcess", action: "oss:ListAccessPointsForObjectProcess"}, // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:290
	{method: post, level: levelService, sub: "x-oss-write-get-object-response", op: "WriteGetObjectResponse", action: "oss:WriteGetObjectResponse"},                // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:702

	// Bucket.
	{method: put, level: levelBucket, op: "PutBucket", action: "oss:PutBucket", flags: createsBucket},                                                                                                                    // AUTH; SDK api_op_bucket.go:49
	{method: del, level: levelBucket, op: "DeleteBucket", action: "oss:DeleteBucket"},                                                                                                                                    // AUTH; SDK api_op_bucket.go:92
	{method: get, level: levelBucket, op: "ListObjects", action: "oss:ListObjects", flags: listing | listV2},                                                                                                             // AUTH; API:listobjectsv2 ("oss:ListObjects permission"); SDK api_op_bucket.go:231,523
	{method: get, level: levelBucket, sub: "bucketInfo", op: "GetBucketInfo", action: "oss:GetBucketInfo"},                                                                                                               // AUTH; SDK api_op_bucket.go:649
	{method: get, level: levelBucket, sub: "location", op: "GetBucketLocation", action: "oss:GetBucketLocation"},                                                                                                         // AUTH; SDK api_op_bucket.go:706
	{method: get, level: levelBucket, sub: "stat", op: "GetBucketStat", action: "oss:GetBucketStat"},                                                                                                                     // AUTH; SDK api_op_bucket.go:810
	{method: put, level: levelBucket, sub: "versioning", op: "PutBucketVersioning", action: "oss:PutBucketVersioning"},                                                                                                   // AUTH; SDK api_op_bucket.go:952
	{method: get, level: levelBucket, sub: "versioning", op: "GetBucketVersioning", action: "oss:GetBucketVersioning"},                                                                                                   // AUTH; SDK api_op_bucket.go:997
	{method: get, level: levelBucket, sub: "versions", op: "ListObjectVersions", action: "oss:ListObjectVersions", flags: listing},                                                                                       // AUTH; seed 001 scenario 2 (oss:Prefix with it); SDK api_op_bucket.go:1181
	{method: put, level: levelBucket, sub: "acl", op: "PutBucketAcl", action: "oss:PutBucketAcl"},                                                                                                                        // AUTH; seed 001 scenario 13; SDK api_op_bucket.go:855
	{method: get, level: levelBucket, sub: "acl", op: "GetBucketAcl", action: "oss:GetBucketAcl"},                                                                                                                        // AUTH; SDK api_op_bucket.go:903
	{method: put, level: levelBucket, sub: "requestPayment", op: "PutBucketRequestPayment", action: "oss:PutBucketRequestPayment"},                                                                                       // AUTH; SDK api_op_bucket.go:1240
	{method: get, level: levelBucket, sub: "requestPayment", op: "GetBucketRequestPayment", action: "oss:GetBucketRequestPayment"},                                                                                       // AUTH; SDK api_op_bucket.go:1286
	{method: post, level: levelBucket, sub: "worm", op: "InitiateBucketWorm", action: "oss:InitiateBucketWorm"},                                                                                                          // AUTH; SDK api_op_bucket_worm.go:59
	{method: del, level: levelBucket, sub: "worm", op: "AbortBucketWorm", action: "oss:AbortBucketWorm"},                                                                                                                 // AUTH; SDK api_op_bucket_worm.go:104
	{method: post, level: levelBucket, need: []string{"wormId"}, op: "CompleteBucketWorm", action: "oss:CompleteBucketWorm"},                                                                                             // AUTH; SDK api_op_bucket_worm.go:152
	{method: post, level: levelBucket, sub: "wormExtend", need: []string{"wormId"}, op: "ExtendBucketWorm", action: "oss:ExtendBucketWorm"},                                                                              // AUTH; SDK api_op_bucket_worm.go:199
	{method: get, level: levelBucket, sub: "worm", op: "GetBucketWorm", action: "oss:GetBucketWorm"},                                                                                                                     // AUTH; SDK api_op_bucket_worm.go:247
	{method: put, level: levelBucket, sub: "logging", op: "PutBucketLogging", action: "oss:PutBucketLogging"},                                                                                                            // AUTH (its oss:PutObject is on the log's target bucket, named in the body); SDK api_op_bucket_logging.go:63
	{method: get, level: levelBucket, sub: "logging", op: "GetBucketLogging", action: "oss:GetBucketLogging"},                                                                                                            // AUTH; SDK api_op_bucket_logging.go:111
	{method: del, level: levelBucket, sub: "logging", op: "DeleteBucketLogging", action: "oss:DeleteBucketLogging"},                                                                                                      // AUTH; SDK api_op_bucket_logging.go:156
	{method: put, level: levelBucket, sub: "website", op: "PutBucketWebsite", action: "oss:PutBucketWebsite"},                                                                                                            // AUTH; SDK api_op_bucket_website.go:346
	{method: get, level: levelBucket, sub: "website", op: "GetBucketWebsite", action: "oss:GetBucketWebsite"},                                                                                                            // AUTH; SDK api_op_bucket_website.go:299
	{method: del, level: levelBucket, sub: "website", op: "DeleteBucketWebsite", action: "oss:DeleteBucketWebsite"},                                                                                                      // AUTH; SDK api_op_bucket_website.go:389
	{method: put, level: levelBucket, sub: "referer", op: "PutBucketReferer", action: "oss:PutBucketReferer"},                                                                                                            // AUTH; SDK api_op_bucket_referer.go:55
	{method: get, level: levelBucket, sub: "referer", op: "GetBucketReferer", action: "oss:GetBucketReferer"},                                                                                                            // AUTH; SDK api_op_bucket_referer.go:105
	{method: put, level: levelBucket, sub: "lifecycle", op: "PutBucketLifecycle", action: "oss:PutBucketLifecycle"},                                                                                                      // AUTH; SDK api_op_bucket_lifecycle.go:161
	{method: get, level: levelBucket, sub: "lifecycle", op: "GetBucketLifecycle", action: "oss:GetBucketLifecycle"},                                                                                                      // AUTH; SDK api_op_bucket_lifecycle.go:209
	{method: del, level: levelBucket, sub: "lifecycle", op: "DeleteBucketLifecycle", action: "oss:DeleteBucketLifecycle"},                                                                                                // AUTH; SDK api_op_bucket_lifecycle.go:254
	{method: put, level: levelBucket, sub: "transferAcceleration", op: "PutBucketTransferAcceleration", action: "oss:PutBucketTransferAcceleration"},                                                                     // AUTH; SDK api_op_bucket_transferacceleration.go:34
	{method: get, level: levelBucket, sub: "transferAcceleration", op: "GetBucketTransferAcceleration", action: "oss:GetBucketTransferAcceleration"},                                                                     // AUTH; SDK api_op_bucket_transferacceleration.go:85
	{method: get, level: levelBucket, sub: "uploads", op: "ListMultipartUploads", action: "oss:ListMultipartUploads"},                                                                                                    // AUTH; SDK api_op_object.go:2008
	{method: put, level: levelBucket, sub: "cors", op: "PutBucketCors", action: "oss:PutBucketCors"},                                                                                                                     // AUTH; SDK api_op_bucket_cors.go:54
	{method: get, level: levelBucket, sub: "cors", op: "GetBucketCors", action: "oss:GetBucketCors"},                                                                                                                     // AUTH; SDK api_op_bucket_cors.go:104
	{method: del, level: levelBucket, sub: "cors", op: "DeleteBucketCors", action: "oss:DeleteBucketCors"},                                                                                                               // AUTH; SDK api_op_bucket_cors.go:151
	{method: put, level: levelBucket, sub: "policy", op: "PutBucketPolicy", action: "oss:PutBucketPolicy"},                                                                                                               // AUTH; seed 000; SDK api_op_bucket_policy.go:31
	{method: get, level: levelBucket, sub: "policy", op: "GetBucketPolicy", action: "oss:GetBucketPolicy"},                                                                                                               // AUTH; SDK api_op_bucket_policy.go:79
	{method: del, level: levelBucket, sub: "policy", op: "DeleteBucketPolicy", action: "oss:DeleteBucketPolicy"},                                                                                                         // AUTH; SDK api_op_bucket_policy.go:130
	{method: get, level: levelBucket, sub: "policyStatus", op: "GetBucketPolicyStatus", action: "oss:GetBucketPolicyStatus"},                                                                                             // AUTH; API:getbucketpolicystatus; SDK api_op_bucket_policy.go:178
	{method: put, level: levelBucket, sub: "tagging", op: "PutBucketTags", action: "oss:PutBucketTagging"},                                                                                                               // AUTH; SDK api_op_bucket_tags.go:29
	{method: get, level: levelBucket, sub: "tagging", op: "GetBucketTags", action: "oss:GetBucketTagging"},                                                                                                               // AUTH; SDK api_op_bucket_tags.go:76
	{method: del, level: levelBucket, sub: "tagging", op: "DeleteBucketTags", action: "oss:DeleteBucketTagging"},                                                                                                         // AUTH; SDK api_op_bucket_tags.go:121
	{method: put, level: levelBucket, sub: "encryption", op: "PutBucketEncryption", action: "oss:PutBucketEncryption"},                                                                                                   // AUTH; SDK api_op_bucket_encryption.go:45
	{method: get, level: levelBucket, sub: "encryption", op: "GetBucketEncryption", action: "oss:GetBucketEncryption"},                                                                                                   // AUTH; SDK api_op_bucket_encryption.go:95
	{method: del, level: levelBucket, sub: "encryption", op: "DeleteBucketEncryption", action: "oss:DeleteBucketEncryption"},                                                                                             // AUTH; SDK api_op_bucket_encryption.go:142
	{method: post, level: levelBucket, sub: "replication", need: []string{"comp"}, eq: [2]string{"comp", "add"}, op: "PutBucketReplication", action: "oss:PutBucketReplication"},                                         // AUTH (oss:ReplicateGet is the replication role's, named in the body); SDK api_op_bucket_replication.go:231
	{method: put, level: levelBucket, sub: "rtc", op: "PutBucketRTC", action: "oss:PutBucketRTC"},                                                                                                                        // AUTH; SDK api_op_bucket_replication.go:179
	{method: get, level: levelBucket, sub: "replication", op: "GetBucketReplication", action: "oss:GetBucketReplication"},                                                                                                // AUTH; SDK api_op_bucket_replication.go:282
	{method: post, level: levelBucket, sub: "replication", need: []string{"comp"}, eq: [2]string{"comp", "delete"}, op: "DeleteBucketReplication", action: "oss:DeleteBucketReplication"},                                // AUTH; SDK api_op_bucket_replication.go:440
	{method: get, level: levelBucket, sub: "replicationLocation", op: "GetBucketReplicationLocation", action: "oss:GetBucketReplicationLocation"},                                                                        // AUTH; SDK api_op_bucket_replication.go:332
	{method: get, level: levelBucket, sub: "replicationProgress", op: "GetBucketReplicationProgress", action: "oss:GetBucketReplicationProgress"},                                                                        // AUTH; SDK api_op_bucket_replication.go:385
	{method: put, level: levelBucket, sub: "inventory", need: []string{"inventoryId"}, op: "PutBucketInventory", action: "oss:PutBucketInventory"},                                                                       // AUTH; SDK api_op_bucket_inventory.go:134
	{method: get, level: levelBucket, sub: "inventory", need: []string{"inventoryId"}, op: "GetBucketInventory", action: "oss:GetBucketInventory"},                                                                       // AUTH; SDK api_op_bucket_inventory.go:187
	{method: get, level: levelBucket, sub: "inventory", op: "ListBucketInventory", action: "oss:GetBucketInventory"},                                                                                                     // AUTH (ListBucketInventory needs oss:GetBucketInventory); SDK api_op_bucket_inventory.go:240
	{method: del, level: levelBucket, sub: "inventory", need: []string{"inventoryId"}, op: "DeleteBucketInventory", action: "oss:DeleteBucketInventory"},                                                                 // AUTH; SDK api_op_bucket_inventory.go:290
	{method: put, level: levelBucket, sub: "accessmonitor", op: "PutBucketAccessMonitor", action: "oss:PutBucketAccessMonitor"},                                                                                          // AUTH; SDK api_op_bucket_accessmonitor.go:32
	{method: get, level: levelBucket, sub: "accessmonitor", op: "GetBucketAccessMonitor", action: "oss:GetBucketAccessMonitor"},                                                                                          // AUTH; SDK api_op_bucket_accessmonitor.go:80
	{method: post, level: levelBucket, sub: "metaQuery", need: []string{"comp"}, eq: [2]string{"comp", "add"}, op: "OpenMetaQuery", action: "oss:OpenMetaQuery"},                                                         // AUTH; SDK api_op_bucket_metaquery.go:537
	{method: get, level: levelBucket, sub: "metaQuery", op: "GetMetaQueryStatus", action: "oss:GetMetaQueryStatus"},                                                                                                      // AUTH; SDK api_op_bucket_metaquery.go:378
	{method: post, level: levelBucket, sub: "metaQuery", need: []string{"comp"}, eq: [2]string{"comp", "query"}, op: "DoMetaQuery", action: "oss:DoMetaQuery"},                                                           // AUTH; SDK api_op_bucket_metaquery.go:487
	{method: post, level: levelBucket, sub: "metaQuery", need: []string{"comp"}, eq: [2]string{"comp", "delete"}, op: "CloseMetaQuery", action: "oss:CloseMetaQuery"},                                                    // AUTH; SDK api_op_bucket_metaquery.go:425
	{method: put, level: levelBucket, sub: "resourceGroup", op: "PutBucketResourceGroup", action: "oss:PutBucketResourceGroup"},                                                                                          // AUTH; SDK api_op_bucket_resourcegroup.go:81
	{method: get, level: levelBucket, sub: "resourceGroup", op: "GetBucketResourceGroup", action: "oss:GetBucketResourceGroup"},                                                                                          // AUTH; SDK api_op_bucket_resourcegroup.go:34
	{method: post, level: levelBucket, sub: "cname", need: []string{"comp"}, eq: [2]string{"comp", "token"}, op: "CreateCnameToken", action: "oss:CreateCnameToken"},                                                     // AUTH; SDK api_op_bucket_cname.go:363
	{method: get, level: levelBucket, sub: "cname", need: []string{"comp"}, eq: [2]string{"comp", "token"}, op: "GetCnameToken", action: "oss:GetCnameToken"},                                                            // AUTH; SDK api_op_bucket_cname.go:310
	{method: post, level: levelBucket, sub: "cname", need: []string{"comp"}, eq: [2]string{"comp", "add"}, op: "PutCname", action: "oss:PutCname"},                                                                       // AUTH (a certificate's yundun-cert: actions are another service's); SDK api_op_bucket_cname.go:123
	{method: get, level: levelBucket, sub: "cname", op: "ListCname", action: "oss:ListCname"},                                                                                                                            // AUTH; SDK api_op_bucket_cname.go:193
	{method: post, level: levelBucket, sub: "cname", need: []string{"comp"}, eq: [2]string{"comp", "delete"}, op: "DeleteCname", action: "oss:DeleteCname"},                                                              // AUTH; SDK api_op_bucket_cname.go:243
	{method: put, level: levelBucket, sub: "style", need: []string{"styleName"}, op: "PutStyle", action: "oss:PutStyle"},                                                                                                 // AUTH; SDK api_op_bucket_style.go:62
	{method: get, level: levelBucket, sub: "style", need: []string{"styleName"}, op: "GetStyle", action: "oss:GetStyle"},                                                                                                 // AUTH; SDK api_op_bucket_style.go:166
	{method: get, level: levelBucket, sub: "style", op: "ListStyle", action: "oss:ListStyle"},                                                                                                                            // AUTH; SDK api_op_bucket_style.go:113
	{method: del, level: levelBucket, sub: "style", need: []string{"styleName"}, op: "DeleteStyle", action: "oss:DeleteStyle"},                                                                                           // AUTH; SDK api_op_bucket_style.go:216
	{method: put, level: levelBucket, sub: "bucketArchiveDirectRead", op: "PutBucketArchiveDirectRead", action: "oss:PutBucketArchiveDirectRead"},                                                                        // AUTH; SDK api_op_bucket_archivedirectread.go:80
	{method: get, level: levelBucket, sub: "bucketArchiveDirectRead", op: "GetBucketArchiveDirectRead", action: "oss:GetBucketArchiveDirectRead"},                                                                        // AUTH; SDK api_op_bucket_archivedirectread.go:34
	{method: put, level: levelBucket, sub: "accessPoint", op: "CreateAccessPoint", action: "oss:CreateAccessPoint"},                                                                                                      // AUTH; SDK api_op_accesspoint.go:440
	{method: get, level: levelBucket, sub: "accessPoint", op: "ListAccessPoints", action: "oss:ListAccessPoints"},                                                                                                        // AUTH; SDK api_op_accesspoint.go:84 (with X-Oss-Access-Point-Name it is GetAccessPoint: refused, ossKeys)
	{method: del, level: levelBucket, sub: "accessPoint", op: "DeleteAccessPoint", action: "oss:DeleteAccessPoint"},                                                                                                      // AUTH; SDK api_op_accesspoint.go:384
	{method: put, level: levelBucket, sub: "accessPointPolicy", op: "PutAccessPointPolicy", action: "oss:PutAccessPointPolicy"},                                                                                          // AUTH; SDK api_op_accesspoint.go:334
	{method: get, level: levelBucket, sub: "accessPointPolicy", op: "GetAccessPointPolicy", action: "oss:GetAccessPointPolicy"},                                                                                          // AUTH; SDK api_op_accesspoint.go:224
	{method: del, level: levelBucket, sub: "accessPointPolicy", op: "DeleteAccessPointPolicy", action: "oss:DeleteAccessPointPolicy"},                                                                                    // AUTH; SDK api_op_accesspoint.go:281
	{method: put, level: levelBucket, sub: "httpsConfig", op: "PutBucketHttpsConfig", action: "oss:PutBucketHttpsConfig"},                                                                                                // AUTH; SDK api_op_bucket_httpsconfig.go:100
	{method: get, level: levelBucket, sub: "httpsConfig", op: "GetBucketHttpsConfig", action: "oss:GetBucketHttpsConfig"},                                                                                                // AUTH; SDK api_op_bucket_httpsconfig.go:54
	{method: put, level: levelBucket, sub: "accessPointForObjectProcess", op: "CreateAccessPointForObjectProcess", action: "oss:CreateAccessPointForObjectProcess"},                                                      // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:146
	{method: get, level: levelBucket, sub: "accessPointForObjectProcess", op: "GetAccessPointForObjectProcess", action: "oss:GetAccessPointForObjectProcess"},                                                            // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:227
	{method: del, level: levelBucket, sub: "accessPointForObjectProcess", op: "DeleteAccessPointForObjectProcess", action: "oss:DeleteAccessPointForObjectProcess"},                                                      // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:340
	{method: put, level: levelBucket, sub: "accessPointConfigForObjectProcess", op: "PutAccessPointConfigForObjectProcess", action: "oss:PutAccessPointConfigForObjectProcess"},                                          // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:454
	{method: get, level: levelBucket, sub: "accessPointConfigForObjectProcess", op: "GetAccessPointConfigForObjectProcess", action: "oss:GetAccessPointConfigForObjectProcess"},                                          // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:400
	{method: put, level: levelBucket, sub: "accessPointPolicyForObjectProcess", op: "PutAccessPointPolicyForObjectProcess", action: "oss:PutAccessPointPolicyForObjectProcess"},                                          // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:508
	{method: get, level: levelBucket, sub: "accessPointPolicyForObjectProcess", op: "GetAccessPointPolicyForObjectProcess", action: "oss:GetAccessPointPolicyForObjectProcess"},                                          // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:562
	{method: del, level: levelBucket, sub: "accessPointPolicyForObjectProcess", op: "DeleteAccessPointPolicyForObjectProcess", action: "oss:DeleteAccessPointPolicyForObjectProcess"},                                    // AUTH; SDK api_op_bucket_objectfcaccesspoint.go:620
	{method: post, level: levelBucket, sub: "redundancyTransition", need: []string{"x-oss-target-redundancy-type"}, op: "CreateBucketDataRedundancyTransition", action: "oss:CreateBucketDataRedundancyTransition"},      // AUTH; SDK api_op_bucket_redundancytransition.go:177
	{method: get, level: levelBucket, sub: "redundancyTransition", need: []string{"x-oss-redundancy-transition-taskid"}, op: "GetBucketDataRedundancyTransition", action: "oss:GetBucketDataRedundancyTransition"},       // AUTH; SDK api_op_bucket_redundancytransition.go:123
	{method: get, level: levelBucket, sub: "redundancyTransition", op: "ListBucketDataRedundancyTransition", action: "oss:ListBucketDataRedundancyTransition"},                                                           // AUTH; SDK api_op_bucket_redundancytransition.go:69
	{method: del, level: levelBucket, sub: "redundancyTransition", need: []string{"x-oss-redundancy-transition-taskid"}, op: "DeleteBucketDataRedundancyTransition", action: "oss:DeleteBucketDataRedundancyTransition"}, // AUTH; SDK api_op_bucket_redundancytransition.go:228
	{method: put, level: levelBucket, sub: "publicAccessBlock", op: "PutBucketPublicAccessBlock", action: "oss:PutBucketPublicAccessBlock"},                                                                              // AUTH; API:putbucketpublicaccessblock; SDK api_op_bucket_publicaccessblock.go:79
	{method: get, level: levelBucket, sub: "publicAccessBlock", op: "GetBucketPublicAccessBlock", action: "oss:GetBucketPublicAccessBlock"},                                                                              // AUTH; SDK api_op_bucket_publicaccessblock.go:29
	{method: del, level: levelBucket, sub: "publicAccessBlock", op: "DeleteBucketPublicAccessBlock", action: "oss:DeleteBucketPublicAccessBlock"},                                                                        // AUTH; SDK api_op_bucket_publicaccessblock.go:126
	{method: put, level: levelBucket, sub: "publicAccessBlock", need: []string{"x-oss-access-point-name"}, op: "PutAccessPointPublicAccessBlock", action: "oss:PutAccessPointPublicAccessBlock"},                         // AUTH; SDK api_op_accesspoint_publicaccessblock.go:85
	{method: get, level: levelBucket, sub: "publicAccessBlock", need: []string{"x-oss-access-point-name"}, op: "GetAccessPointPublicAccessBlock", action: "oss:GetAccessPointPublicAccessBlock"},                         // AUTH; SDK api_op_accesspoint_publicaccessblock.go:32
	{method: del, level: levelBucket, sub: "publicAccessBlock", need: []string{"x-oss-access-point-name"}, op: "DeleteAccessPointPublicAccessBlock", action: "oss:DeleteAccessPointPublicAccessBlock"},                   // AUTH; SDK api_op_accesspoint_publicaccessblock.go:135
	{method: put, level: levelBucket, sub: "overwriteConfig", op: "PutBucketOverwriteConfig", action: "oss:PutBucketOverwriteConfig"},                                                                                    // AUTH; SDK api_op_bucket_overwriteconfig.go:56
	{method: get, level: levelBucket, sub: "overwriteConfig", op: "GetBucketOverwriteConfig", action: "oss:GetBucketOverwriteConfig"},                                                                                    // AUTH; SDK api_op_bucket_overwriteconfig.go:107
	{method: del, level: levelBucket, sub: "overwriteConfig", op: "DeleteBucketOverwriteConfig", action: "oss:DeleteBucketOverwriteConfig"},                                                                              // AUTH; SDK api_op_bucket_overwriteconfig.go:155
	// One check per key (inferred from DeleteObject's rows: AUTH and API:deletemultipleobjects list only oss:DeleteObject).
	{method: post, level: levelBucket, sub: "delete", op: "DeleteMultipleObjects", action: "oss:DeleteObject", versioned: "oss:DeleteObjectVersion", flags: deleteKeys}, // AUTH; API:deletemultipleobjects; SDK api_op_object.go:930

	// Object. A version id makes the ...Version action where RAM2021 and
	// AUTH name one; HeadObject, GetObjectMeta and GetSymlink follow
	// GetObject (inferred: AUTH lists only oss:GetObject for them).
	{method: put, level: levelObject, op: "PutObject", action: "oss:PutObject", flags: objectTags},                                                                       // AUTH (x-oss-tagging adds oss:PutObjectTagging); API:putobject; SDK api_op_object.go:126
	{method: put, level: levelObject, copy: true, op: "CopyObject", action: "oss:PutObject", flags: objectTags | copySource},                                             // AUTH; API:copyobject (source oss:GetObject / oss:GetObjectVersion; x-oss-tagging: oss:GetObjectTagging and oss:PutObjectTagging); SDK api_op_object.go:540
	{method: post, level: levelObject, sub: "append", op: "AppendObject", action: "oss:PutObject", flags: objectTags},                                                    // AUTH; SDK api_op_object.go:688
	{method: post, level: levelObject, sub: "seal", op: "SealAppendObject", action: "oss:SealAppendObject"},                                                              // API:sealappendobject; SDK api_op_object.go:764
	{method: post, level: levelObject, sub: "uploads", op: "InitiateMultipartUpload", action: "oss:PutObject", flags: objectTags},                                        // AUTH; SDK api_op_object.go:1507
	{method: put, level: levelObject, need: []string{"partNumber", "uploadId"}, op: "UploadPart", action: "oss:PutObject"},                                               // AUTH; SDK api_op_object.go:1600
	{method: put, level: levelObject, need: []string{"partNumber", "uploadId"}, copy: true, op: "UploadPartCopy", action: "oss:PutObject", flags: copySource},            // AUTH; API:uploadpartcopy; SDK api_op_object.go:1702
	{method: post, level: levelObject, need: []string{"uploadId"}, op: "CompleteMultipartUpload", action: "oss:PutObject", flags: objectTags},                            // AUTH ("complete ... and specify its tags": oss:PutObjectTagging); SDK api_op_object.go:1825
	{method: del, level: levelObject, need: []string{"uploadId"}, op: "AbortMultipartUpload", action: "oss:AbortMultipartUpload"},                                        // AUTH; SDK api_op_object.go:1895
	{method: get, level: levelObject, need: []string{"uploadId"}, op: "ListParts", action: "oss:ListParts"},                                                              // AUTH; SDK api_op_object.go:2149
	{method: put, level: levelObject, sub: "symlink", op: "PutSymlink", action: "oss:PutObject", flags: objectTags},                                                      // AUTH; SDK api_op_object.go:2217
	{method: get, level: levelObject, sub: "symlink", op: "GetSymlink", action: "oss:GetObject", versioned: "oss:GetObjectVersion", flags: existing},                     // AUTH; SDK api_op_object.go:2280
	{method: get, level: levelObject, op: "GetObject", action: "oss:GetObject", versioned: "oss:GetObjectVersion", flags: existing},                                      // AUTH; RAM2021; SDK api_op_object.go:365
	{method: head, level: levelObject, op: "HeadObject", action: "oss:GetObject", versioned: "oss:GetObjectVersion", flags: existing},                                    // AUTH; RAM2021 (inferred); SDK api_op_object.go:1110
	{method: head, level: levelObject, sub: "objectMeta", op: "GetObjectMeta", action: "oss:GetObject", versioned: "oss:GetObjectVersion", flags: existing},              // AUTH; SDK api_op_object.go:1181
	{method: post, level: levelObject, sub: "x-oss-process", eq: [2]string{"x-oss-process", "csv/select"}, op: "SelectObject", action: "oss:GetObject"},                  // AUTH; SDK api_op_select_object.go:254,282-291
	{method: post, level: levelObject, sub: "x-oss-process", eq: [2]string{"x-oss-process", "json/select"}, op: "SelectObject", action: "oss:GetObject"},                 // AUTH; SDK api_op_select_object.go:254,282-291
	{method: del, level: levelObject, op: "DeleteObject", action: "oss:DeleteObject", versioned: "oss:DeleteObjectVersion"},                                              // AUTH; RAM2021; SDK api_op_object.go:828
	{method: put, level: levelObject, sub: "acl", op: "PutObjectAcl", action: "oss:PutObjectAcl", versioned: "oss:PutObjectVersionAcl"},                                  // AUTH; seed 001 scenario 13; SDK api_op_object.go:1323
	{method: get, level: levelObject, sub: "acl", op: "GetObjectAcl", action: "oss:GetObjectAcl", versioned: "oss:GetObjectVersionAcl"},                                  // AUTH; SDK api_op_object.go:1383
	{method: post, level: levelObject, sub: "restore", op: "RestoreObject", action: "oss:RestoreObject", versioned: "oss:RestoreObjectVersion"},                          // AUTH; SDK api_op_object.go:1263
	{method: put, level: levelObject, sub: "tagging", op: "PutObjectTagging", action: "oss:PutObjectTagging", versioned: "oss:PutObjectVersionTagging", flags: existing}, // AUTH; SDK api_op_object.go:2361
	{method: get, level: levelObject, sub: "tagging", op: "GetObjectTagging", action: "oss:GetObjectTagging", versioned: "oss:GetObjectVersionTagging", flags: existing}, // AUTH; SDK api_op_object.go:2418
	{method: del, level: levelObject, sub: "tagging", op: "DeleteObjectTagging", action: "oss:DeleteObjectTagging", versioned: "oss:DeleteObjectVersionTagging"},         // AUTH; API:deleteobjecttagging; SDK api_op_object.go:2472
}

// ossVectorRoutes are the operations of a vector bucket host
// (BUCKET-ACCOUNT.REGION.oss-vectors.aliyuncs.com): REST for the bucket,
// POST /?verb with a JSON body naming the index for the rest (AUTH's
// "Vector bucket" table; SDK oss/vectors/*.go). The index operations and
// the vector data operations are checked on the index,
// acs:ossvector:R:A:BUCKET/INDEX, as seed 001's example policy grants
// oss:PutVectors on it (which resource OSS checks them on is not
// documented; oss.md §0.4).
var ossVectorRoutes = []route{
	{method: get, level: levelService, op: "ListVectorBuckets", action: "oss:ListVectorBuckets"},                           // AUTH; API:listvectorbuckets; SDK vectors/api_op_bucket.go:195
	{method: put, level: levelBucket, op: "PutVectorBucket", action: "oss:PutVectorBucket"},                                // AUTH; API:putvectorbucket; SDK vectors/api_op_bucket.go:33
	{method: get, level: levelBucket, sub: "bucketInfo", op: "GetVectorBucket", action: "oss:GetVectorBucket"},             // AUTH; API:getvectorbucket; SDK vectors/api_op_bucket.go:101
	{method: del, level: levelBucket, op: "DeleteVectorBucket", action: "oss:DeleteVectorBucket"},                          // AUTH; API:deletevectorbucket; SDK vectors/api_op_bucket.go:231
	{method: put, level: levelBucket, sub: "logging", op: "PutBucketLogging", action: "oss:PutBucketLogging"},              // AUTH; SDK vectors/vectors_api_op_bucket_logging.go:19
	{method: get, level: levelBucket, sub: "logging", op: "GetBucketLogging", action: "oss:GetBucketLogging"},              // AUTH; SDK vectors/vectors_api_op_bucket_logging.go:54
	{method: del, level: levelBucket, sub: "logging", op: "DeleteBucketLogging", action: "oss:DeleteBucketLogging"},        // AUTH; SDK vectors/vectors_api_op_bucket_logging.go:89
	{method: put, level: levelBucket, sub: "policy", op: "PutBucketPolicy", action: "oss:PutBucketPolicy"},                 // AUTH; seed 000; SDK vectors/api_op_bucket_policy.go:13
	{method: get, level: levelBucket, sub: "policy", op: "GetBucketPolicy", action: "oss:GetBucketPolicy"},                 // AUTH; SDK vectors/api_op_bucket_policy.go:21
	{method: del, level: levelBucket, sub: "policy", op: "DeleteBucketPolicy", action: "oss:DeleteBucketPolicy"},           // AUTH; SDK vectors/api_op_bucket_policy.go:29
	{method: post, level: levelBucket, sub: "putVectorIndex", op: "PutVectorIndex", action: "oss:PutVectorIndex"},          // AUTH; API:putvectorindex; SDK vectors/api_op_index.go:32
	{method: post, level: levelBucket, sub: "getVectorIndex", op: "GetVectorIndex", action: "oss:GetVectorIndex"},          // AUTH; API:getvectorindex; SDK vectors/api_op_index.go:93
	{method: post, level: levelBucket, sub: "listVectorIndexes", op: "ListVectorIndexes", action: "oss:ListVectorIndexes"}, // AUTH; API:listvectorindexes; SDK vectors/api_op_index.go:150
	{method: post, level: levelBucket, sub: "deleteVectorIndex", op: "DeleteVectorIndex", action: "oss:DeleteVectorIndex"}, // AUTH; API:deletevectorindex; SDK vectors/api_op_index.go:195
	{method: post, level: levelBucket, sub: "putVectors", op: "PutVectors", action: "oss:PutVectors"},                      // AUTH; API:putvectors; SDK vectors/api_op_vector.go:30
	{method: post, level: levelBucket, sub: "getVectors", op: "GetVectors", action: "oss:GetVectors"},                      // AUTH; API:getvectors; SDK vectors/api_op_vector.go:83
	{method: post, level: levelBucket, sub: "listVectors", op: "ListVectors", action: "oss:ListVectors"},                   // AUTH; API:listvectors; SDK vectors/api_op_vector.go:147
	{method: post, level: levelBucket, sub: "deleteVectors", op: "DeleteVectors", action: "oss:DeleteVectors"},             // AUTH; API:deletevectors; SDK vectors/api_op_vector.go:192
	{method: post, level: levelBucket, sub: "queryVectors", op: "QueryVectors", action: "oss:QueryVectors"},                // AUTH; API:query-vectors; SDK vectors/api_op_vector.go:245
}

// ossKeywords are the sub-resource keywords of OSS's API: those the table
// maps, and those of operations it refuses.
var ossKeywords = []string{"tagging", "redundancyTransition", "publicAccessBlock", "accessPoint",
	"accessPointForObjectProcess", "x-oss-write-get-object-response", "bucketInfo", "location", "stat",
	"versioning", "versions", "acl", "requestPayment", "worm", "wormExtend", "logging", "website", "referer",
	"lifecycle", "transferAcceleration", "uploads", "cors", "policy", "policyStatus", "encryption",
	"replication", "rtc", "replicationLocation", "replicationProgress", "inventory", "accessmonitor",
	"metaQuery", "resourceGroup", "cname", "style", "bucketArchiveDirectRead", "accessPointPolicy",
	"httpsConfig", "accessPointConfigForObjectProcess", "accessPointPolicyForObjectProcess",
	"overwriteConfig", "delete", "append", "seal", "symlink", "objectMeta", "x-oss-process", "restore",
	// Known to OSS, refused here: no documented action, or checks the
	// table cannot see (see the file's comment).
	"regions", "regionList", "cloudboxes", "dataPipeline", "userDefinedLogFieldsConfig", "objectWorm",
	"retention", "legalHold", "cleanRestoredObject", "x-oss-async-process", "live", "vod",
	"qos", "requesterQos", "resourcePool", "resourcePoolBuckets", "resourcePoolRequesterQos",
	"antiDDos", "bucketAntiDDos"}

// ossVectorKeywords are those of the vector bucket API.
var ossVectorKeywords = []string{"bucketInfo", "logging", "policy", "putVectorIndex", "getVectorIndex",
	"listVectorIndexes", "deleteVectorIndex", "putVectors", "getVectors", "listVectors", "deleteVectors",
	"queryVectors"}

// ossSelectors tell operations of one keyword apart (SDK: the required
// query fields of each request).
var ossSelectors = []string{"uploadId", "partNumber", "comp", "wormId", "inventoryId", "styleName",
	"x-oss-target-redundancy-type", "x-oss-redundancy-transition-taskid", "x-oss-access-point-name"}

// ossParams select nothing: listing options, response overrides, the
// version id, an append's position, filters (SDK: the optional query
// fields).
var ossParams = []string{"prefix", "delimiter", "marker", "max-keys", "encoding-type", "list-type",
	"continuation-token", "start-after", "fetch-owner", "key-marker", "version-id-marker",
	"upload-id-marker", "max-uploads", "max-parts", "part-number-marker", "versionId", "position",
	"response-content-type", "response-content-language", "response-expires", "response-cache-control",
	"response-content-disposition", "response-content-encoding", "rule-id", "category", "mode",
	"tag-key", "tag-value", "callback", "callback-var", "sequential"}

// ossAuthParams are the parameters of a presigned URL: V1 (OSSAccessKeyId,
// Expires, Signature, security-token; SDK signer/v1.go:63-66) and V4
// (SDK signer/v4.go:326-354). Named one by one rather than as x-oss-*, so
// that no other x-oss- parameter passes unread.
var ossAuthParams = []string{"OSSAccessKeyId", "Signature", "Expires", "security-token",
	"x-oss-signature-version", "x-oss-date", "x-oss-expires", "x-oss-credential",
	"x-oss-additional-headers", "x-oss-signature", "x-oss-security-token"}

// ossSvc: OSS documents no extra action for an ACL header on an upload
// (AUTH; unlike S3), so no route asks for one. A tagging header adds
// oss:PutObjectTagging (AUTH; error 0003-00000905); a copy reads its
// source with oss:GetObject, or oss:GetObjectVersion for a version, and
// with x-oss-tagging also its tags, oss:GetObjectTagging or
// oss:GetObjectVersionTagging (API:copyobject, "Permissions"). OSS has no
// condition key for a version id.
var ossSvc = &service{tagging: "X-Oss-Tagging", objectTagging: "oss:PutObjectTagging",
	read: "oss:GetObject", readVersion: "oss:GetObjectVersion",
	sourceTagging: "oss:GetObjectTagging", sourceTaggingVersion: "oss:GetObjectVersionTagging"}

var ossCloud = &cloud{
	routes:       ossRoutes,
	keywords:     set(ossKeywords...),
	selectors:    set(ossSelectors...),
	params:       set(ossParams...),
	authPrefixes: ossAuthParams,
	copyHeaders:  []string{"X-Oss-Copy-Source"},
	versionParam: "versionId",
	service:      ossSvc,
	dialect:      bucketpolicy.OSS,
}

// ossVectorCloud is the table of the vector bucket hosts.
var ossVectorCloud = &cloud{
	routes:       ossVectorRoutes,
	keywords:     set(ossVectorKeywords...),
	selectors:    set(),
	params:       set("prefix", "marker", "max-keys"),
	authPrefixes: ossAuthParams,
	versionParam: "versionId",
	service:      ossSvc,
	dialect:      bucketpolicy.OSS,
}

// ossVectorEndpoint reports whether host is a vector bucket endpoint
// without a bucket, REGION[-internal].oss-vectors.aliyuncs.com: where
// ListVectorBuckets goes (API:listvectorbuckets), and path-style requests
// (SDK vectors/endpoints.go:31-37).
func ossVectorEndpoint(host string) bool {
	region, ok := strings.CutSuffix(host, ".oss-vectors.aliyuncs.com")
	return ok && region != "" && !strings.Contains(region, ".")
}

// ossResource writes an OSS resource (AUTH, "Resource"):
// acs:oss:REGION:OWNER:BUCKET[/KEY], and for a vector bucket
// acs:ossvector:REGION:OWNER:BUCKET[/INDEX]. A request without a bucket
// names the form AUTH's examples grant the service-level actions on
// (oss:ListBuckets on acs:oss:*:*:*; "all vector resources"
// acs:ossvector:*:*:*). A missing region or owner is written empty here
// and refused by ossKeys, which runs before any check is made.
func ossResource(m *Mapper, b []byte, tg target, bucket, key string) []byte {
	if tg.vector {
		b = append(b, "acs:ossvector:"...)
	} else {
		b = append(b, "acs:oss:"...)
	}
	if bucket == "" {
		return append(b, "*:*:*"...)
	}
	b = append(b, ossRegion(m, tg)...)
	b = append(b, ':')
	b = append(b, ossOwner(m, tg, bucket)...)
	b = append(b, ':')
	b = append(b, bucket...)
	if tg.level == levelObject || tg.vector && key != "" {
		b = append(b, '/')
		b = append(b, key...)
	}
	return b
}

// ossRegion is the region a resource names: the vector host's, else the
// host's setting.
func ossRegion(m *Mapper, tg target) string {
	if tg.region != "" {
		return tg.region
	}
	return m.Region
}

// ossOwner is the bucket owner a resource names: the vector host's, else
// Mapper.OwnerOf's answer when it is set, else Mapper.BucketOwner.
func ossOwner(m *Mapper, tg target, bucket string) string {
	if tg.owner != "" {
		return tg.owner
	}
	if m.OwnerOf != nil {
		return m.OwnerOf(bucket)
	}
	return m.BucketOwner
}

// ossSettingsError is a request whose resource the mapper cannot write
// because the host did not say the region or the bucket owner: the host's
// error, answered 500, since a guessed owner would let a policy written
// for another account decide.
func ossSettingsError(what, bucket string) error {
	return &Error{Status: http.StatusInternalServerError, Code: "InternalError",
		Message: "the mapper knows no " + what + " for the bucket " + quote(bucket) +
			" (set Mapper.Region, and Mapper.BucketOwner or Mapper.OwnerOf)"}
}

// ossObjectACLOp reports whether an operation takes an x-oss-object-acl
// header: PutObjectAcl (AUTH, seed 001 scenario 13), and the uploads that
// set an object's ACL as they write it (inferred: AUTH says only
// "restricts the type of object ACL").
func ossObjectACLOp(op string) bool {
	switch op {
	case "PutObjectAcl", "PutObject", "CopyObject", "AppendObject", "InitiateMultipartUpload",
		"CompleteMultipartUpload", "PutSymlink":
		return true
	}
	return false
}

// ossKeys fills the condition keys of an OSS request (AUTH, "Condition
// keys"). acs:Referer is not among them (neither AUTH nor RAM2021 lists it)
// and is not filled; nor are acs:MFAPresent (the host does not say) and
// oss:BucketTag (storage).
func ossKeys(m *Mapper, mp *Mapping, r *http.Request, q *query, rt *route, tg target, stamp, epoch string) error {
	if tg.bucket != "" {
		if ossRegion(m, tg) == "" {
			return ossSettingsError("region", tg.bucket)
		}
		if ossOwner(m, tg, tg.bucket) == "" {
			return ossSettingsError("owner", tg.bucket)
		}
		if rt.flags&copySource != 0 {
			src, err := parseCopySource(header(r, "X-Oss-Copy-Source"), false)
			if err != nil {
				return err
			}
			if ossOwner(m, target{}, src.bucket) == "" {
				return ossSettingsError("owner", src.bucket)
			}
		}
	}
	if rt.op == "ListAccessPoints" && tg.bucket != "" && len(r.Header["X-Oss-Access-Point-Name"]) > 0 {
		return notImplemented("GET ?accessPoint naming an access point (GetAccessPoint) is not an operation this server knows")
	}
	ip, secure, err := m.client(r)
	if err != nil {
		return err
	}
	c := &mp.caller
	mp.add("acs:CurrentTime", stamp)
	mp.add("acs:SecureTransport", boolString(secure))
	mp.add("acs:SourceIp", ip)
	if v := header(r, "User-Agent"); v != "" {
		mp.add("acs:UserAgent", v)
	}
	if c.AccessKeyID != "" {
		mp.add("acs:AccessId", c.AccessKeyID)
	}
	if c.SourceVpc != "" {
		mp.add("acs:SourceVpc", c.SourceVpc)
	}
	if rt.flags&listing != 0 {
		prefix, _ := q.get("prefix")
		mp.add("oss:Prefix", prefix) // "" when the listing has none (seed 001 scenario 1)
		if v, ok := q.get("delimiter"); ok {
			mp.add("oss:Delimiter", v)
		}
	}
	if rt.op == "PutBucketAcl" || rt.op == "PutBucket" {
		if err := addHeaderKey(mp, r, "X-Oss-Acl", "oss:x-oss-acl"); err != nil {
			return err
		}
	}
	if ossObjectACLOp(rt.op) {
		if err := addHeaderKey(mp, r, "X-Oss-Object-Acl", "oss:x-oss-object-acl"); err != nil {
			return err
		}
	}
	// Tags: those the request sets (x-oss-tagging, or PutObjectTagging's
	// body), and those the object has, from storage only.
	var tags []tag
	if rt.flags&objectTags != 0 {
		if vs := r.Header["X-Oss-Tagging"]; len(vs) > 1 {
			return badRequest("InvalidArgument", "the header X-Oss-Tagging is given more than once")
		} else if len(vs) == 1 {
			if tags, err = parseTaggingHeader(vs[0]); err != nil {
				return err
			}
		}
	} else if rt.op == "PutObjectTagging" {
		if tags, err = readTaggingBody(r); err != nil {
			return err
		}
	}
	if err := addTags(mp, "oss:RequestObjectTag/", tags); err != nil {
		return err
	}
	if rt.flags&existing != 0 && m.ObjectTags != nil {
		version, _ := q.get("versionId")
		stored, err := m.ObjectTags(tg.bucket, tg.key, version)
		if err != nil {
			return &Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: "reading the object's tags: " + err.Error()}
		}
		if err := addTags(mp, "oss:ExistingObjectTag/", sortedTags(stored)); err != nil {
			return err
		}
	}
	return nil
}

// addHeaderKey fills a condition key from a header sent at most once.
func addHeaderKey(mp *Mapping, r *http.Request, canonical, key string) error {
	switch vs := r.Header[canonical]; len(vs) {
	case 0:
	case 1:
		mp.add(key, vs[0])
	default:
		return badRequest("InvalidArgument", "the header "+canonical+" is given more than once")
	}
	return nil
}

// tag is one object or bucket tag.
type tag struct{ key, value string }

// maxRequestTags bounds the tags a request may set (OSS and COS take at
// most 10 per object; COS 50 per bucket).
const maxRequestTags = 50

// parseTaggingHeader reads a tagging header: URL-encoded key=value pairs,
// each key once (API:putobject, x-oss-tagging; COS PUT Bucket,
// x-cos-tagging).
func parseTaggingHeader(h string) ([]tag, error) {
	vals, err := url.ParseQuery(h)
	if err != nil {
		return nil, badRequest("InvalidArgument", "the tagging header is not URL-encoded key=value pairs")
	}
	if len(vals) > maxRequestTags {
		return nil, badRequest("InvalidArgument", "the tagging header sets more than "+itoa(maxRequestTags)+" tags")
	}
	tags := make([]tag, 0, len(vals))
	for k, vs := range vals {
		if len(vs) != 1 {
			return nil, badRequest("InvalidArgument", "the tag "+quote(k)+" is given more than once")
		}
		tags = append(tags, tag{k, vs[0]})
	}
	slices.SortFunc(tags, func(a, b tag) int { return strings.Compare(a.key, b.key) })
	return tags, nil
}

func sortedTags(m map[string]string) []tag {
	tags := make([]tag, 0, len(m))
	for k, v := range m {
		tags = append(tags, tag{k, v})
	}
	slices.SortFunc(tags, func(a, b tag) int { return strings.Compare(a.key, b.key) })
	return tags
}

// addTags fills one key per tag, PREFIX<key>.
func addTags(mp *Mapping, prefix string, tags []tag) error {
	for _, t := range tags {
		mp.add(prefix+t.key, t.value)
	}
	return nil
}

// maxTaggingBody bounds a tagging document (PutObjectTagging,
// PutBucketTagging): 50 tags of 128-byte keys and 256-byte values fit
// well inside it.
const maxTaggingBody = 64 << 10

// taggingBody is the XML body that sets an object's or a bucket's tags
// (API:putobjecttagging; COS PUT Bucket tagging).
type taggingBody struct {
	XMLName xml.Name `xml:"Tagging"`
	Tags    []struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	} `xml:"TagSet>Tag"`
}

// readTaggingBody reads the tags a tagging body sets, and puts an
// equivalent body back for the host.
func readTaggingBody(r *http.Request) ([]tag, error) {
	body, err := readBody(r, maxTaggingBody, "MalformedXML")
	if err != nil {
		return nil, err
	}
	var d taggingBody
	dec := xml.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&d); err != nil {
		return nil, badRequest("MalformedXML", "the body is not a <Tagging> document: "+err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, badRequest("MalformedXML", "the body holds more than one <Tagging> document")
	}
	if len(d.Tags) > maxRequestTags {
		return nil, badRequest("MalformedXML", "the body sets more than "+itoa(maxRequestTags)+" tags")
	}
	tags := make([]tag, 0, len(d.Tags))
	for _, t := range d.Tags {
		for _, u := range tags {
			if u.key == t.Key {
				return nil, badRequest("InvalidArgument", "the tag "+quote(t.Key)+" is given more than once")
			}
		}
		tags = append(tags, tag{t.Key, t.Value})
	}
	slices.SortFunc(tags, func(a, b tag) int { return strings.Compare(a.key, b.key) })
	return tags, nil
}

// readBody reads a request body of at most limit bytes and puts an
// equivalent body back, so that the host can read it again.
func readBody(r *http.Request, limit int64, code string) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, badRequest(code, "the request has no body")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	r.Body.Close()
	if err != nil {
		return nil, badRequest("IncompleteBody", "reading the body: "+err.Error())
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if int64(len(body)) > limit {
		return nil, badRequest("EntityTooLarge", "the body is larger than "+itoa(int(limit))+" bytes")
	}
	return body, nil
}

// maxVectorBody bounds the JSON body of a vector operation. OSS documents
// no figure (PutVectors: at most 500 vectors of at most 4,096 dimensions);
// 20 MiB is the request payload limit of S3 Vectors, whose API OSS's
// follows (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-vectors-limitations.html).
const maxVectorBody = 20 << 20

// ossVectorIndex reads the index a vector operation names, from the
// indexName member of its JSON body (API:putvectors and the other index
// and data operations), into tg.key; bucket-level vector operations are
// left as they are. The body is put back for the host. A body that is not
// one JSON object, or names its index twice (in any letter case, since
// Go's encoding/json matches member names so), or names none, or one that
// is not an index name, is an error.
func ossVectorIndex(r *http.Request, rt *route, tg *target) error {
	switch rt.op {
	case "PutVectorIndex", "GetVectorIndex", "DeleteVectorIndex",
		"PutVectors", "GetVectors", "ListVectors", "DeleteVectors", "QueryVectors":
	default:
		return nil
	}
	body, err := readBody(r, maxVectorBody, "InvalidArgument")
	if err != nil {
		return err
	}
	bad := func(why string) error {
		return badRequest("InvalidArgument", "the body of "+rt.op+" "+why)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return bad("is not a JSON object")
	}
	index, named := "", false
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return bad("is not a JSON object")
		}
		name, _ := t.(string)
		if !strings.EqualFold(name, "indexName") {
			if err := dec.Decode(new(skipJSON)); err != nil {
				return bad("is not a JSON object")
			}
			continue
		}
		if named {
			return bad("names its index more than once")
		}
		named = true
		if err := dec.Decode(&index); err != nil {
			return bad("names an index that is not a string")
		}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return bad("is not a JSON object")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return bad("holds more than one JSON value")
	}
	if !named {
		return bad("names no index (indexName)")
	}
	if !validIndexName(index) {
		return bad("names the index " + quote(index) + ", which is not an index name")
	}
	tg.key = index
	return nil
}

// validIndexName reports whether s follows the index naming rule
// (API:putvectorindex: 1 to 63 characters, letters and digits, beginning
// with a letter), so that no index name reads as another resource (a '/'
// or a '*').
func validIndexName(s string) bool {
	if len(s) == 0 || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// skipJSON reads a JSON value and keeps nothing of it.
type skipJSON struct{}

func (*skipJSON) UnmarshalJSON([]byte) error { return nil }
