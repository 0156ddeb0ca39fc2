package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-obs/obs"
)

// obsKind is Huawei's OBS SDK against the obs dialect, with its default
// signature (AWS V2); anonymous when it has no keys. obsV4Kind is the same
// SDK in its V4 mode.
var obsKind, obsV4Kind = obsSDKKind(obs.SignatureV2), obsSDKKind(obs.SignatureV4)

func obsSDKKind(sig obs.SignatureType) sdkKind {
	name := "huaweicloud-sdk-go-obs"
	if sig != obs.SignatureV2 {
		name += "-" + string(sig)
	}
	return sdkKind{
		name:    name,
		dialect: dialectOBS,
		client: func(t *testing.T, tg *testGateway, id *identity) sdk {
			if id == nil {
				id = &identity{}
			}
			return obsSDK{obsClient(t, tg, *id, sig)}
		},
		code: func(err error) (string, bool) {
			var oe obs.ObsError
			if errors.As(err, &oe) {
				return oe.Code, true
			}
			return "", false
		},
		ec:     func(error) string { return "" },
		bucket: func(name string) string { return name },
	}
}

// The OBS SDK takes no context: its calls are bounded by the client's
// timeouts (obsClient).
type obsSDK struct{ c *obs.ObsClient }

func (s obsSDK) createBucket(_ context.Context, bucket string) error {
	_, err := s.c.CreateBucket(&obs.CreateBucketInput{Bucket: bucket})
	return err
}

func (s obsSDK) putPolicy(_ context.Context, bucket, doc string) (string, int, error) {
	out, err := s.c.SetBucketPolicy(&obs.SetBucketPolicyInput{Bucket: bucket, Policy: doc})
	if err != nil {
		return "", 0, err
	}
	return doc, out.StatusCode, nil
}

func (s obsSDK) getPolicy(_ context.Context, bucket string) (string, error) {
	out, err := s.c.GetBucketPolicy(bucket)
	if err != nil {
		return "", err
	}
	return out.Policy, nil
}

func (s obsSDK) deletePolicy(_ context.Context, bucket string) (int, error) {
	out, err := s.c.DeleteBucketPolicy(bucket)
	if err != nil {
		return 0, err
	}
	return out.StatusCode, nil
}

func (s obsSDK) policyStatus(_ context.Context, bucket string) (bool, error) {
	out, err := s.c.GetBucketPolicyPublicStatus(bucket)
	if err != nil {
		return false, err
	}
	return out.IsPublic, nil
}

func (s obsSDK) setBlockPublicAccess(_ context.Context, bucket string, on bool) error {
	_, err := s.c.PutBucketPublicAccessBlock(&obs.PutBucketPublicAccessBlockInput{Bucket: bucket,
		PublicAccessBlockConfiguration: obs.PublicAccessBlockConfiguration{
			BlockPublicAcls: on, IgnorePublicAcls: on, BlockPublicPolicy: on, RestrictPublicBuckets: on}})
	return err
}

func (s obsSDK) blockPublicAccess(_ context.Context, bucket string) (bool, error) {
	out, err := s.c.GetBucketPublicAccessBlock(bucket)
	if err != nil {
		return false, err
	}
	return out.BlockPublicPolicy, nil
}

func (s obsSDK) putObject(_ context.Context, bucket, key string, data []byte) error {
	in := &obs.PutObjectInput{Body: bytes.NewReader(data)}
	in.Bucket, in.Key = bucket, key
	_, err := s.c.PutObject(in)
	return err
}

func (s obsSDK) getObject(_ context.Context, bucket, key string) ([]byte, error) {
	in := &obs.GetObjectInput{}
	in.Bucket, in.Key = bucket, key
	out, err := s.c.GetObject(in)
	if err != nil {
		return nil, err
	}
	defer out.Body.Close()
	return io.ReadAll(out.Body)
}

func (s obsSDK) copyObject(_ context.Context, dstBucket, dstKey, srcBucket, srcKey string) error {
	in := &obs.CopyObjectInput{CopySourceBucket: srcBucket, CopySourceKey: srcKey}
	in.Bucket, in.Key = dstBucket, dstKey
	_, err := s.c.CopyObject(in)
	return err
}

func (s obsSDK) deleteObjects(_ context.Context, bucket string, keys []string) ([]string, map[string]string, error) {
	var objs []obs.ObjectToDelete
	for _, k := range keys {
		objs = append(objs, obs.ObjectToDelete{Key: k})
	}
	out, err := s.c.DeleteObjects(&obs.DeleteObjectsInput{Bucket: bucket, Objects: objs})
	if err != nil {
		return nil, nil, err
	}
	var deleted []string
	for _, d := range out.Deleteds {
		deleted = append(deleted, d.Key)
	}
	failed := map[string]string{}
	for _, e := range out.Errors {
		failed[e.Key] = e.Code
	}
	return deleted, failed, nil
}
