package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/tencentyun/cos-go-sdk-v5"
)

// cosKind is Tencent's COS SDK against the cos dialect: one client per
// bucket, since the SDK names buckets only by host.
var cosKind = sdkKind{
	name:    "cos-go-sdk-v5",
	dialect: dialectCOS,
	client: func(t *testing.T, tg *testGateway, id *identity) sdk {
		return &cosSDK{tg: tg, id: id, clients: map[string]*cos.Client{}}
	},
	code: func(err error) (string, bool) {
		var er *cos.ErrorResponse
		if errors.As(err, &er) {
			return er.Code, true
		}
		return "", false
	},
	ec:     func(error) string { return "" },
	bucket: func(name string) string { return name + "-" + cosAppID },
}

type cosSDK struct {
	tg      *testGateway
	id      *identity
	mu      sync.Mutex
	clients map[string]*cos.Client
}

func (s *cosSDK) client(bucket string) *cos.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clients[bucket]
	if c == nil {
		c = cosClient(s.tg, bucket, s.id)
		s.clients[bucket] = c
	}
	return c
}

func (s *cosSDK) createBucket(ctx context.Context, bucket string) error {
	_, err := s.client(bucket).Bucket.Put(ctx, nil)
	return err
}

// putPolicy: the SDK takes the policy as a struct and sends its JSON
// encoding (bucket_policy.go: json.Marshal of BucketPutPolicyOptions), which
// is what this returns as sent.
func (s *cosSDK) putPolicy(ctx context.Context, bucket, doc string) (string, int, error) {
	var opt cos.BucketPutPolicyOptions
	if err := json.Unmarshal([]byte(doc), &opt); err != nil {
		return "", 0, fmt.Errorf("the COS SDK cannot send %q: %v", doc, err)
	}
	sent, err := json.Marshal(&opt)
	if err != nil {
		return "", 0, err
	}
	resp, err := s.client(bucket).Bucket.PutPolicy(ctx, &opt)
	if err != nil {
		return "", 0, err
	}
	return string(sent), resp.StatusCode, nil
}

// getPolicy reads the policy with the SDK's GetPolicy (which decodes it into
// a struct), then the bytes themselves with a GET signed by the SDK's
// transport.
func (s *cosSDK) getPolicy(ctx context.Context, bucket string) (string, error) {
	if _, _, err := s.client(bucket).Bucket.GetPolicy(ctx); err != nil {
		return "", err
	}
	hc := s.tg.loopbackClient()
	if s.id != nil {
		hc.Transport = &cos.AuthorizationTransport{SecretID: s.id.AccessKeyID, SecretKey: s.id.SecretAccessKey, Transport: hc.Transport}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+bucket+cosHostSuffix+"/?policy", nil)
	if err != nil {
		return "", err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("GET ?policy: %d %s", resp.StatusCode, body)
	}
	return string(body), err
}

func (s *cosSDK) deletePolicy(ctx context.Context, bucket string) (int, error) {
	resp, err := s.client(bucket).Bucket.DeletePolicy(ctx)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// COS has no policy status and no Block Public Access API.
func (s *cosSDK) policyStatus(context.Context, string) (bool, error) { return false, errUnsupported }
func (s *cosSDK) setBlockPublicAccess(context.Context, string, bool) error {
	return errUnsupported
}
func (s *cosSDK) blockPublicAccess(context.Context, string) (bool, error) {
	return false, errUnsupported
}

func (s *cosSDK) putObject(ctx context.Context, bucket, key string, data []byte) error {
	_, err := s.client(bucket).Object.Put(ctx, key, bytes.NewReader(data), nil)
	return err
}

func (s *cosSDK) getObject(ctx context.Context, bucket, key string) ([]byte, error) {
	resp, err := s.client(bucket).Object.Get(ctx, key, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func (s *cosSDK) copyObject(ctx context.Context, dstBucket, dstKey, srcBucket, srcKey string) error {
	_, _, err := s.client(dstBucket).Object.Copy(ctx, dstKey, srcBucket+cosHostSuffix+"/"+srcKey, nil)
	return err
}

func (s *cosSDK) deleteObjects(ctx context.Context, bucket string, keys []string) ([]string, map[string]string, error) {
	var objs []cos.Object
	for _, k := range keys {
		objs = append(objs, cos.Object{Key: k})
	}
	out, _, err := s.client(bucket).Object.DeleteMulti(ctx, &cos.ObjectDeleteMultiOptions{Objects: objs})
	if err != nil {
		return nil, nil, err
	}
	var deleted []string
	for _, d := range out.DeletedObjects {
		deleted = append(deleted, d.Key)
	}
	failed := map[string]string{}
	for _, e := range out.Errors {
		failed[e.Key] = e.Code
	}
	return deleted, failed, nil
}
