package main

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
)

// ossClient is the OSS SDK's client for id (nil: anonymous) against the
// gateway: an IP endpoint, so path style; V4 signatures (the SDK's
// default); one attempt per call.
func ossClient(tg *testGateway, id *identity) *oss.Client {
	var creds credentials.CredentialsProvider = credentials.NewAnonymousCredentialsProvider()
	if id != nil {
		creds = credentials.NewStaticCredentialsProvider(id.AccessKeyID, id.SecretAccessKey)
	}
	cfg := oss.LoadDefaultConfig().
		WithCredentialsProvider(creds).
		WithRegion(tg.g.cfg.Region).
		WithEndpoint(tg.URL).
		WithHttpClient(tg.Client()).
		WithRetryMaxAttempts(1)
	return oss.NewClient(cfg)
}

// ossError is the OSS SDK's typed error, or nil.
func ossError(err error) *oss.ServiceError {
	var se *oss.ServiceError
	if errors.As(err, &se) {
		return se
	}
	return nil
}

func ossCode(err error) string {
	if se := ossError(err); se != nil {
		return se.Code
	}
	return ""
}

func TestOSSSDK(t *testing.T) {
	tg := startGateway(t, dialectOSS)
	ctx := testContext(t)
	owner := tg.ids["owner"]
	c := ossClient(tg, &owner)
	bucket := oss.Ptr("oss-bucket")

	if _, err := c.PutBucket(ctx, &oss.PutBucketRequest{Bucket: bucket}); err != nil {
		t.Fatalf("PutBucket: %v", err)
	}
	if _, err := c.PutBucket(ctx, &oss.PutBucketRequest{Bucket: bucket}); ossCode(err) != "BucketAlreadyExists" {
		t.Errorf("PutBucket again: %v, want BucketAlreadyExists", err)
	}
	lb, err := c.ListBuckets(ctx, &oss.ListBucketsRequest{})
	if err != nil || len(lb.Buckets) != 1 || oss.ToString(lb.Buckets[0].Name) != "oss-bucket" {
		t.Errorf("ListBuckets: %+v, %v", lb, err)
	}

	data := testData(4000)
	keys := []string{"dir/a.bin", "dir/b.bin", "c.bin", "odd key+plus/ü~(1).bin"}
	for _, k := range keys {
		_, err := c.PutObject(ctx, &oss.PutObjectRequest{
			Bucket: bucket, Key: oss.Ptr(k), Body: bytes.NewReader(data),
			ContentType: oss.Ptr("application/x-test"), Metadata: map[string]string{"colour": "blue"},
		})
		if err != nil {
			t.Fatalf("PutObject %q: %v", k, err)
		}
	}
	for _, k := range keys {
		got, err := c.GetObject(ctx, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr(k)})
		if err != nil {
			t.Fatalf("GetObject %q: %v", k, err)
		}
		body, err := io.ReadAll(got.Body)
		got.Body.Close()
		if err != nil || !bytes.Equal(body, data) {
			t.Errorf("GetObject %q: %d bytes, %v", k, len(body), err)
		}
		if got.Metadata["colour"] != "blue" || oss.ToString(got.ContentType) != "application/x-test" {
			t.Errorf("GetObject %q: metadata %v, content type %q", k, got.Metadata, oss.ToString(got.ContentType))
		}
	}
	head, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: bucket, Key: oss.Ptr("dir/a.bin")})
	if err != nil || head.ContentLength != int64(len(data)) || oss.ToString(head.ETag) == "" {
		t.Errorf("HeadObject: %+v, %v", head, err)
	}
	if _, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: bucket, Key: oss.Ptr("missing")}); ossCode(err) != "NoSuchKey" {
		t.Errorf("HeadObject of a missing key: %v, want NoSuchKey (from x-oss-err)", err)
	}
	if _, err := c.GetObject(ctx, &oss.GetObjectRequest{Bucket: bucket, Key: oss.Ptr("missing")}); ossCode(err) != "NoSuchKey" {
		t.Errorf("GetObject of a missing key: %v, want NoSuchKey", err)
	}

	cp, err := c.CopyObject(ctx, &oss.CopyObjectRequest{Bucket: bucket, Key: oss.Ptr("copy.bin"), SourceKey: oss.Ptr("odd key+plus/ü~(1).bin")})
	if err != nil || oss.ToString(cp.ETag) != oss.ToString(head.ETag) {
		t.Fatalf("CopyObject: %+v, %v", cp, err)
	}

	l1, err := c.ListObjects(ctx, &oss.ListObjectsRequest{Bucket: bucket, Delimiter: oss.Ptr("/")})
	if err != nil {
		t.Fatalf("ListObjects: %v", err)
	}
	var got []string
	for _, o := range l1.Contents {
		got = append(got, oss.ToString(o.Key))
	}
	for _, p := range l1.CommonPrefixes {
		got = append(got, oss.ToString(p.Prefix))
	}
	sort.Strings(got)
	if want := []string{"c.bin", "copy.bin", "dir/", "odd key+plus/"}; !equalStrings(got, want) {
		t.Errorf("ListObjects with delimiter: %q, want %q", got, want)
	}
	for _, v := range []string{"v1", "v2"} {
		got = nil
		if v == "v1" {
			p := c.NewListObjectsPaginator(&oss.ListObjectsRequest{Bucket: bucket, MaxKeys: 2})
			for pages := 0; p.HasNext() && pages < 10; pages++ {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatalf("ListObjects page: %v", err)
				}
				for _, o := range page.Contents {
					got = append(got, oss.ToString(o.Key))
				}
			}
		} else {
			p := c.NewListObjectsV2Paginator(&oss.ListObjectsV2Request{Bucket: bucket, MaxKeys: 2})
			for pages := 0; p.HasNext() && pages < 10; pages++ {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatalf("ListObjectsV2 page: %v", err)
				}
				for _, o := range page.Contents {
					got = append(got, oss.ToString(o.Key))
				}
			}
		}
		if want := []string{"c.bin", "copy.bin", "dir/a.bin", "dir/b.bin", "odd key+plus/ü~(1).bin"}; !equalStrings(got, want) {
			t.Errorf("ListObjects %s in pages of 2: %q, want %q", v, got, want)
		}
	}

	del, err := c.DeleteMultipleObjects(ctx, &oss.DeleteMultipleObjectsRequest{Bucket: bucket, Objects: []oss.DeleteObject{
		{Key: oss.Ptr("c.bin")}, {Key: oss.Ptr("copy.bin")}, {Key: oss.Ptr("never-was.bin")},
	}})
	if err != nil || len(del.DeletedObjects) != 3 {
		t.Errorf("DeleteMultipleObjects: %+v, %v; want 3 deleted", del, err)
	}
	if _, err := c.DeleteBucket(ctx, &oss.DeleteBucketRequest{Bucket: bucket}); ossCode(err) != "BucketNotEmpty" {
		t.Errorf("DeleteBucket of a full bucket: %v, want BucketNotEmpty", err)
	}
	for _, k := range []string{"dir/a.bin", "dir/b.bin", "odd key+plus/ü~(1).bin"} {
		if _, err := c.DeleteObject(ctx, &oss.DeleteObjectRequest{Bucket: bucket, Key: oss.Ptr(k)}); err != nil {
			t.Errorf("DeleteObject %q: %v", k, err)
		}
	}
	if _, err := c.DeleteBucket(ctx, &oss.DeleteBucketRequest{Bucket: bucket}); err != nil {
		t.Errorf("DeleteBucket: %v", err)
	}
	if _, err := c.ListObjectsV2(ctx, &oss.ListObjectsV2Request{Bucket: bucket}); ossCode(err) != "NoSuchBucket" {
		t.Errorf("ListObjectsV2 after DeleteBucket: %v, want NoSuchBucket", err)
	}
}

func TestOSSSDKAuth(t *testing.T) {
	tg := startGateway(t, dialectOSS)
	ctx := testContext(t)
	owner := tg.ids["owner"]
	c := ossClient(tg, &owner)
	bucket, key := oss.Ptr("oss-auth"), oss.Ptr("k.txt")
	if _, err := c.PutBucket(ctx, &oss.PutBucketRequest{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &oss.PutObjectRequest{Bucket: bucket, Key: key, Body: strings.NewReader("hello")}); err != nil {
		t.Fatal(err)
	}

	wrong := owner
	wrong.SecretAccessKey = "not-the-secret"
	_, err := ossClient(tg, &wrong).GetObject(ctx, &oss.GetObjectRequest{Bucket: bucket, Key: key})
	if se := ossError(err); se == nil || se.Code != "SignatureDoesNotMatch" || se.EC != "0002-00000040" || se.StatusCode != 403 {
		t.Errorf("GetObject with a wrong secret: %v; want 403 SignatureDoesNotMatch, EC 0002-00000040", err)
	}
	unknown := identity{AccessKeyID: "LTAIUNKNOWN000000000", SecretAccessKey: "x"}
	if _, err := ossClient(tg, &unknown).GetObject(ctx, &oss.GetObjectRequest{Bucket: bucket, Key: key}); ossCode(err) != "InvalidAccessKeyId" {
		t.Errorf("GetObject with an unknown key: %v; want InvalidAccessKeyId", err)
	}

	t.Run("anonymous", func(t *testing.T) {
		// Refused until the policy grants it (Block Public Access off first).
		anon := ossClient(tg, nil)
		if _, err := anon.GetObject(ctx, &oss.GetObjectRequest{Bucket: bucket, Key: key}); ossCode(err) != "AccessDenied" {
			t.Errorf("anonymous GetObject without a policy: %v, want AccessDenied", err)
		}
		if _, err := c.PutBucketPublicAccessBlock(ctx, &oss.PutBucketPublicAccessBlockRequest{Bucket: bucket,
			PublicAccessBlockConfiguration: &oss.PublicAccessBlockConfiguration{BlockPublicAccess: oss.Ptr(false)}}); err != nil {
			t.Fatal(err)
		}
		policy := `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:1234567890123456:oss-auth/k.txt"]}]}`
		if _, err := c.PutBucketPolicy(ctx, &oss.PutBucketPolicyRequest{Bucket: bucket, Body: strings.NewReader(policy)}); err != nil {
			t.Fatal(err)
		}
		got, err := anon.GetObject(ctx, &oss.GetObjectRequest{Bucket: bucket, Key: key})
		if err != nil {
			t.Fatalf("anonymous GetObject granted by the policy: %v", err)
		}
		got.Body.Close()
	})

	t.Run("presigned", func(t *testing.T) {
		ps, err := c.Presign(ctx, &oss.GetObjectRequest{Bucket: bucket, Key: key}, oss.PresignExpires(5*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		for k, v := range ps.SignedHeaders {
			h.Set(k, v)
		}
		if status, body := httpGet(t, ctx, tg.Client(), ps.URL, h); status != 200 || body != "hello" {
			t.Errorf("presigned GET: %d %q", status, body)
		}
		if status, body := httpGet(t, ctx, tg.Client(), strings.Replace(ps.URL, "k.txt", "k.txx", 1), h); status != 403 || !strings.Contains(body, "SignatureDoesNotMatch") {
			t.Errorf("presigned GET of another key: %d %s", status, body)
		}
		tg.clock.advance(6 * time.Minute)
		defer tg.clock.advance(-6 * time.Minute)
		if status, body := httpGet(t, ctx, tg.Client(), ps.URL, h); status != 403 || !strings.Contains(body, "expired") {
			t.Errorf("expired presigned GET: %d %s", status, body)
		}
	})
}
