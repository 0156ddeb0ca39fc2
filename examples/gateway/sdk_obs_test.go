package main

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-obs/obs"
)

// obsClient is the OBS SDK's client for id against the gateway: an IP
// endpoint, so path style; V2 signatures unless sig says otherwise; no
// retries.
func obsClient(t *testing.T, tg *testGateway, id identity, sig obs.SignatureType) *obs.ObsClient {
	t.Helper()
	c, err := obs.New(id.AccessKeyID, id.SecretAccessKey, tg.URL,
		obs.WithSignature(sig), obs.WithRegion(tg.g.cfg.Region), obs.WithMaxRetryCount(0),
		obs.WithConnectTimeout(5), obs.WithSocketTimeout(10), obs.WithHeaderTimeout(10))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// obsCode is the error code an OBS SDK call failed with.
func obsCode(err error) string {
	var oe obs.ObsError
	if errors.As(err, &oe) {
		return oe.Code
	}
	var poe *obs.ObsError
	if errors.As(err, &poe) {
		return poe.Code
	}
	return ""
}

func TestOBSSDK(t *testing.T) {
	for _, sig := range []obs.SignatureType{obs.SignatureV2, obs.SignatureV4} {
		t.Run(string(sig), func(t *testing.T) { testOBSSDK(t, sig) })
	}
}

func testOBSSDK(t *testing.T, sig obs.SignatureType) {
	tg := startGateway(t, dialectOBS)
	c := obsClient(t, tg, tg.ids["owner"], sig)
	const bucket = "obs-bucket"

	if _, err := c.CreateBucket(&obs.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	if _, err := c.HeadBucket(bucket); err != nil {
		t.Errorf("HeadBucket: %v", err)
	}
	lb, err := c.ListBuckets(&obs.ListBucketsInput{})
	if err != nil || len(lb.Buckets) != 1 || lb.Buckets[0].Name != bucket {
		t.Errorf("ListBuckets: %+v, %v", lb, err)
	}

	data := testData(2500)
	keys := []string{"dir/a.bin", "dir/b.bin", "c.bin", "odd key+plus/ü~(1).bin"}
	for _, k := range keys {
		in := &obs.PutObjectInput{Body: bytes.NewReader(data)}
		in.Bucket, in.Key, in.Metadata, in.ContentType = bucket, k, map[string]string{"colour": "blue"}, "application/x-test"
		if _, err := c.PutObject(in); err != nil {
			t.Fatalf("PutObject %q: %v", k, err)
		}
	}
	for _, k := range keys {
		in := &obs.GetObjectInput{}
		in.Bucket, in.Key = bucket, k
		out, err := c.GetObject(in)
		if err != nil {
			t.Fatalf("GetObject %q: %v", k, err)
		}
		body, err := io.ReadAll(out.Body)
		out.Body.Close()
		if err != nil || !bytes.Equal(body, data) {
			t.Errorf("GetObject %q: %d bytes, %v", k, len(body), err)
		}
		if out.Metadata["colour"] != "blue" || out.ContentType != "application/x-test" {
			t.Errorf("GetObject %q: metadata %v, content type %q", k, out.Metadata, out.ContentType)
		}
	}
	head, err := c.GetObjectMetadata(&obs.GetObjectMetadataInput{Bucket: bucket, Key: "dir/a.bin"})
	if err != nil || head.ContentLength != int64(len(data)) || head.ETag == "" {
		t.Errorf("GetObjectMetadata: %+v, %v", head, err)
	}
	in := &obs.GetObjectInput{}
	in.Bucket, in.Key = bucket, "missing"
	if _, err := c.GetObject(in); obsCode(err) != "NoSuchKey" {
		t.Errorf("GetObject of a missing key: %v, want NoSuchKey", err)
	}

	cp := &obs.CopyObjectInput{CopySourceBucket: bucket, CopySourceKey: "odd key+plus/ü~(1).bin"}
	cp.Bucket, cp.Key = bucket, "copy.bin"
	if out, err := c.CopyObject(cp); err != nil || out.ETag != head.ETag {
		t.Fatalf("CopyObject: %+v, %v", out, err)
	}

	li := &obs.ListObjectsInput{Bucket: bucket}
	li.Delimiter = "/"
	l1, err := c.ListObjects(li)
	if err != nil {
		t.Fatalf("ListObjects: %v", err)
	}
	var got []string
	for _, o := range l1.Contents {
		got = append(got, o.Key)
	}
	got = append(got, l1.CommonPrefixes...)
	sort.Strings(got)
	if want := []string{"c.bin", "copy.bin", "dir/", "odd key+plus/"}; !equalStrings(got, want) {
		t.Errorf("ListObjects with delimiter: %q, want %q", got, want)
	}
	// Pages of two, by marker.
	got = nil
	li = &obs.ListObjectsInput{Bucket: bucket}
	li.MaxKeys = 2
	for pages := 0; pages < 10; pages++ {
		page, err := c.ListObjects(li)
		if err != nil {
			t.Fatalf("ListObjects page: %v", err)
		}
		for _, o := range page.Contents {
			got = append(got, o.Key)
		}
		if !page.IsTruncated {
			break
		}
		li.Marker = page.NextMarker
	}
	if want := []string{"c.bin", "copy.bin", "dir/a.bin", "dir/b.bin", "odd key+plus/ü~(1).bin"}; !equalStrings(got, want) {
		t.Errorf("ListObjects in pages of 2: %q, want %q", got, want)
	}

	del, err := c.DeleteObjects(&obs.DeleteObjectsInput{Bucket: bucket, Objects: []obs.ObjectToDelete{
		{Key: "c.bin"}, {Key: "copy.bin"}, {Key: "never-was.bin"}, {Key: "dir/a.bin", VersionId: "v1"},
	}})
	if err != nil || len(del.Deleteds) != 3 || len(del.Errors) != 1 || del.Errors[0].Key != "dir/a.bin" || del.Errors[0].Code != "NoSuchVersion" {
		t.Errorf("DeleteObjects: %+v, %v; want 3 deleted and dir/a.bin NoSuchVersion", del, err)
	}
	if _, err := c.DeleteBucket(bucket); obsCode(err) != "BucketNotEmpty" {
		t.Errorf("DeleteBucket of a full bucket: %v, want BucketNotEmpty", err)
	}
	for _, k := range []string{"dir/a.bin", "dir/b.bin", "odd key+plus/ü~(1).bin"} {
		if _, err := c.DeleteObject(&obs.DeleteObjectInput{Bucket: bucket, Key: k}); err != nil {
			t.Errorf("DeleteObject %q: %v", k, err)
		}
	}
	if _, err := c.DeleteBucket(bucket); err != nil {
		t.Errorf("DeleteBucket: %v", err)
	}
	if _, err := c.ListObjects(&obs.ListObjectsInput{Bucket: bucket}); obsCode(err) != "NoSuchBucket" {
		t.Errorf("ListObjects after DeleteBucket: %v, want NoSuchBucket", err)
	}
}

func TestOBSSDKAuth(t *testing.T) {
	tg := startGateway(t, dialectOBS)
	owner := tg.ids["owner"]
	c := obsClient(t, tg, owner, obs.SignatureV2)
	const bucket, key = "obs-auth", "k.txt"
	if _, err := c.CreateBucket(&obs.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	in := &obs.PutObjectInput{Body: strings.NewReader("hello")}
	in.Bucket, in.Key = bucket, key
	if _, err := c.PutObject(in); err != nil {
		t.Fatal(err)
	}
	wrong := owner
	wrong.SecretAccessKey = "not-the-secret"
	for _, sig := range []obs.SignatureType{obs.SignatureV2, obs.SignatureV4} {
		t.Run("wrong secret "+string(sig), func(t *testing.T) {
			bad := obsClient(t, tg, wrong, sig)
			in := &obs.GetObjectInput{}
			in.Bucket, in.Key = bucket, key
			_, err := bad.GetObject(in)
			if obsCode(err) != "SignatureDoesNotMatch" {
				t.Errorf("GetObject with a wrong secret: %v, want SignatureDoesNotMatch", err)
			}
		})
	}
	t.Run("anonymous", func(t *testing.T) {
		// Refused until the policy grants it (Block Public Access off first).
		anon := obsClient(t, tg, identity{}, obs.SignatureV2)
		in := &obs.GetObjectInput{}
		in.Bucket, in.Key = bucket, key
		if _, err := anon.GetObject(in); obsCode(err) != "AccessDenied" {
			t.Errorf("anonymous GetObject without a policy: %v, want AccessDenied", err)
		}
		if _, err := c.PutBucketPublicAccessBlock(&obs.PutBucketPublicAccessBlockInput{Bucket: bucket}); err != nil {
			t.Fatal(err)
		}
		policy := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::obs-auth/k.txt"}]}`
		if _, err := c.SetBucketPolicy(&obs.SetBucketPolicyInput{Bucket: bucket, Policy: policy}); err != nil {
			t.Fatal(err)
		}
		out, err := anon.GetObject(in)
		if err != nil {
			t.Fatalf("anonymous GetObject granted by the policy: %v", err)
		}
		out.Body.Close()
	})
	for _, sig := range []obs.SignatureType{obs.SignatureV2, obs.SignatureV4} {
		t.Run("presigned "+string(sig), func(t *testing.T) {
			pc := obsClient(t, tg, owner, sig)
			out, err := pc.CreateSignedUrl(&obs.CreateSignedUrlInput{Method: obs.HttpMethodGet, Bucket: bucket, Key: key, Expires: 300})
			if err != nil {
				t.Fatal(err)
			}
			status, body := httpGet(t, testContext(t), tg.Client(), out.SignedUrl, http.Header(out.ActualSignedRequestHeaders))
			if status != 200 || body != "hello" {
				t.Errorf("presigned GET %s: %d %q", out.SignedUrl, status, body)
			}
		})
	}
}
