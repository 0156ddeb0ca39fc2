package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// awsKind is aws-sdk-go-v2's S3 client against the aws dialect.
var awsKind = sdkKind{
	name:    "aws-sdk-go-v2",
	dialect: dialectAWS,
	client: func(t *testing.T, tg *testGateway, id *identity) sdk {
		return awsSDK{s3Client(tg, tg.g.cfg.Region, id)}
	},
	code: func(err error) (string, bool) {
		var ae smithy.APIError
		if errors.As(err, &ae) {
			return ae.ErrorCode(), true
		}
		return "", false
	},
	ec:     func(error) string { return "" },
	bucket: func(name string) string { return name },
}

type awsSDK struct{ c *s3.Client }

// rawStatus is the HTTP status of an S3 SDK call's reply.
func rawStatus(md middleware.Metadata) int {
	if r, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response); ok {
		return r.StatusCode
	}
	return 0
}

func (s awsSDK) createBucket(ctx context.Context, bucket string) error {
	_, err := s.c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &bucket})
	return err
}

func (s awsSDK) putPolicy(ctx context.Context, bucket, doc string) (string, int, error) {
	out, err := s.c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: &bucket, Policy: &doc})
	if err != nil {
		return "", 0, err
	}
	return doc, rawStatus(out.ResultMetadata), nil
}

func (s awsSDK) getPolicy(ctx context.Context, bucket string) (string, error) {
	out, err := s.c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: &bucket})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.Policy), nil
}

func (s awsSDK) deletePolicy(ctx context.Context, bucket string) (int, error) {
	out, err := s.c.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: &bucket})
	if err != nil {
		return 0, err
	}
	return rawStatus(out.ResultMetadata), nil
}

func (s awsSDK) policyStatus(ctx context.Context, bucket string) (bool, error) {
	out, err := s.c.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: &bucket})
	if err != nil {
		return false, err
	}
	if out.PolicyStatus == nil || out.PolicyStatus.IsPublic == nil {
		return false, errors.New("GetBucketPolicyStatus: no IsPublic")
	}
	return *out.PolicyStatus.IsPublic, nil
}

func (s awsSDK) setBlockPublicAccess(ctx context.Context, bucket string, on bool) error {
	_, err := s.c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: &bucket,
		PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{
			BlockPublicAcls: aws.Bool(on), IgnorePublicAcls: aws.Bool(on), BlockPublicPolicy: aws.Bool(on), RestrictPublicBuckets: aws.Bool(on)}})
	return err
}

func (s awsSDK) blockPublicAccess(ctx context.Context, bucket string) (bool, error) {
	out, err := s.c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: &bucket})
	if err != nil {
		return false, err
	}
	return aws.ToBool(out.PublicAccessBlockConfiguration.BlockPublicPolicy), nil
}

func (s awsSDK) putObject(ctx context.Context, bucket, key string, data []byte) error {
	_, err := s.c.PutObject(ctx, &s3.PutObjectInput{Bucket: &bucket, Key: &key, Body: bytes.NewReader(data)})
	return err
}

func (s awsSDK) getObject(ctx context.Context, bucket, key string) ([]byte, error) {
	out, err := s.c.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	return io.ReadAll(out.Body)
}

func (s awsSDK) copyObject(ctx context.Context, dstBucket, dstKey, srcBucket, srcKey string) error {
	_, err := s.c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: &dstBucket, Key: &dstKey, CopySource: aws.String(srcBucket + "/" + escapeAll(srcKey))})
	return err
}

func (s awsSDK) deleteObjects(ctx context.Context, bucket string, keys []string) ([]string, map[string]string, error) {
	var ids []types.ObjectIdentifier
	for _, k := range keys {
		ids = append(ids, types.ObjectIdentifier{Key: aws.String(k)})
	}
	out, err := s.c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: &bucket, Delete: &types.Delete{Objects: ids}})
	if err != nil {
		return nil, nil, err
	}
	var deleted []string
	for _, d := range out.Deleted {
		deleted = append(deleted, aws.ToString(d.Key))
	}
	failed := map[string]string{}
	for _, e := range out.Errors {
		failed[aws.ToString(e.Key)] = aws.ToString(e.Code)
	}
	return deleted, failed, nil
}
