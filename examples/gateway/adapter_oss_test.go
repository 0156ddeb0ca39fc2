package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
)

// ossKind is Alibaba Cloud's OSS SDK (V4 signatures) against the oss
// dialect.
var ossKind = sdkKind{
	name:    "alibabacloud-oss-go-sdk-v2",
	dialect: dialectOSS,
	client: func(t *testing.T, tg *testGateway, id *identity) sdk {
		return ossSDK{ossClient(tg, id)}
	},
	code: func(err error) (string, bool) {
		if se := ossError(err); se != nil {
			return se.Code, true
		}
		return "", false
	},
	ec: func(err error) string {
		if se := ossError(err); se != nil {
			return se.EC
		}
		return ""
	},
	bucket: func(name string) string { return name },
}

type ossSDK struct{ c *oss.Client }

func (s ossSDK) createBucket(ctx context.Context, bucket string) error {
	_, err := s.c.PutBucket(ctx, &oss.PutBucketRequest{Bucket: &bucket})
	return err
}

func (s ossSDK) putPolicy(ctx context.Context, bucket, doc string) (string, int, error) {
	out, err := s.c.PutBucketPolicy(ctx, &oss.PutBucketPolicyRequest{Bucket: &bucket, Body: strings.NewReader(doc)})
	if err != nil {
		return "", 0, err
	}
	return doc, out.StatusCode, nil
}

func (s ossSDK) getPolicy(ctx context.Context, bucket string) (string, error) {
	out, err := s.c.GetBucketPolicy(ctx, &oss.GetBucketPolicyRequest{Bucket: &bucket})
	if err != nil {
		return "", err
	}
	return out.Body, nil
}

func (s ossSDK) deletePolicy(ctx context.Context, bucket string) (int, error) {
	out, err := s.c.DeleteBucketPolicy(ctx, &oss.DeleteBucketPolicyRequest{Bucket: &bucket})
	if err != nil {
		return 0, err
	}
	return out.StatusCode, nil
}

func (s ossSDK) policyStatus(ctx context.Context, bucket string) (bool, error) {
	out, err := s.c.GetBucketPolicyStatus(ctx, &oss.GetBucketPolicyStatusRequest{Bucket: &bucket})
	if err != nil {
		return false, err
	}
	if out.PolicyStatus == nil || out.PolicyStatus.IsPublic == nil {
		return false, errors.New("GetBucketPolicyStatus: no IsPublic")
	}
	return *out.PolicyStatus.IsPublic, nil
}

func (s ossSDK) setBlockPublicAccess(ctx context.Context, bucket string, on bool) error {
	_, err := s.c.PutBucketPublicAccessBlock(ctx, &oss.PutBucketPublicAccessBlockRequest{Bucket: &bucket,
		PublicAccessBlockConfiguration: &oss.PublicAccessBlockConfiguration{BlockPublicAccess: oss.Ptr(on)}})
	return err
}

func (s ossSDK) blockPublicAccess(ctx context.Context, bucket string) (bool, error) {
	out, err := s.c.GetBucketPublicAccessBlock(ctx, &oss.GetBucketPublicAccessBlockRequest{Bucket: &bucket})
	if err != nil {
		return false, err
	}
	if out.PublicAccessBlockConfiguration == nil {
		return false, errors.New("GetBucketPublicAccessBlock: no configuration")
	}
	return oss.ToBool(out.PublicAccessBlockConfiguration.BlockPublicAccess), nil
}

func (s ossSDK) putObject(ctx context.Context, bucket, key string, data []byte) error {
	_, err := s.c.PutObject(ctx, &oss.PutObjectRequest{Bucket: &bucket, Key: &key, Body: bytes.NewReader(data)})
	return err
}

func (s ossSDK) getObject(ctx context.Context, bucket, key string) ([]byte, error) {
	out, err := s.c.GetObject(ctx, &oss.GetObjectRequest{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	return io.ReadAll(out.Body)
}

func (s ossSDK) copyObject(ctx context.Context, dstBucket, dstKey, srcBucket, srcKey string) error {
	_, err := s.c.CopyObject(ctx, &oss.CopyObjectRequest{Bucket: &dstBucket, Key: &dstKey, SourceBucket: &srcBucket, SourceKey: &srcKey})
	return err
}

// deleteObjects: the OSS SDK's result lists only the deleted keys.
func (s ossSDK) deleteObjects(ctx context.Context, bucket string, keys []string) ([]string, map[string]string, error) {
	var objs []oss.DeleteObject
	for _, k := range keys {
		objs = append(objs, oss.DeleteObject{Key: oss.Ptr(k)})
	}
	out, err := s.c.DeleteMultipleObjects(ctx, &oss.DeleteMultipleObjectsRequest{Bucket: &bucket, Objects: objs})
	if err != nil {
		return nil, nil, err
	}
	var deleted []string
	for _, d := range out.DeletedObjects {
		deleted = append(deleted, oss.ToString(d.Key))
	}
	return deleted, nil, nil
}
