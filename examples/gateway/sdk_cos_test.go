package main

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tencentyun/cos-go-sdk-v5"
)

const cosHostSuffix = ".cos.ap-guangzhou.myqcloud.com"

// cosClient is the COS SDK's client for id (nil: anonymous) on bucket
// <bucket>: the SDK addresses buckets only by host, so it gets COS's host
// names and a transport that dials the gateway's loopback port. One attempt
// per call.
func cosClient(tg *testGateway, bucket string, id *identity) *cos.Client {
	bu, _ := url.Parse("http://" + bucket + cosHostSuffix)
	su, _ := url.Parse("http://service.cos.myqcloud.com")
	hc := tg.loopbackClient()
	if id != nil {
		hc.Transport = &cos.AuthorizationTransport{SecretID: id.AccessKeyID, SecretKey: id.SecretAccessKey, Transport: hc.Transport}
	}
	c := cos.NewClient(&cos.BaseURL{BucketURL: bu, ServiceURL: su}, hc)
	c.Conf.RetryOpt.Count = 1
	return c
}

func cosCode(err error) string {
	var er *cos.ErrorResponse
	if errors.As(err, &er) {
		return er.Code
	}
	return ""
}

func TestCOSSDK(t *testing.T) {
	tg := startGateway(t, dialectCOS)
	ctx := testContext(t)
	owner := tg.ids["owner"]
	const bucket = "cosbucket-1250000000"
	c := cosClient(tg, bucket, &owner)

	if _, err := c.Bucket.Put(ctx, nil); err != nil {
		t.Fatalf("Bucket.Put: %v", err)
	}
	if _, err := c.Bucket.Put(ctx, nil); cosCode(err) != "BucketAlreadyOwnedByYou" {
		t.Errorf("Bucket.Put again: %v, want BucketAlreadyOwnedByYou", err)
	}
	if _, err := c.Bucket.Head(ctx); err != nil {
		t.Errorf("Bucket.Head: %v", err)
	}
	svc, _, err := c.Service.Get(ctx)
	if err != nil || len(svc.Buckets) != 1 || svc.Buckets[0].Name != bucket {
		t.Errorf("Service.Get: %+v, %v", svc, err)
	}

	data := testData(5000)
	keys := []string{"dir/a.bin", "dir/b.bin", "c.bin", "odd key+plus/ü~(1).bin"}
	for _, k := range keys {
		meta := http.Header{}
		meta.Set("x-cos-meta-colour", "blue")
		opt := &cos.ObjectPutOptions{ObjectPutHeaderOptions: &cos.ObjectPutHeaderOptions{ContentType: "application/x-test", XCosMetaXXX: &meta}}
		if _, err := c.Object.Put(ctx, k, bytes.NewReader(data), opt); err != nil {
			t.Fatalf("Object.Put %q: %v", k, err)
		}
	}
	for _, k := range keys {
		resp, err := c.Object.Get(ctx, k, nil)
		if err != nil {
			t.Fatalf("Object.Get %q: %v", k, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || !bytes.Equal(body, data) {
			t.Errorf("Object.Get %q: %d bytes, %v", k, len(body), err)
		}
		if resp.Header.Get("x-cos-meta-colour") != "blue" || resp.Header.Get("Content-Type") != "application/x-test" {
			t.Errorf("Object.Get %q: headers %v", k, resp.Header)
		}
	}
	head, err := c.Object.Head(ctx, "dir/a.bin", nil)
	if err != nil || head.ContentLength != int64(len(data)) || head.Header.Get("ETag") == "" {
		t.Errorf("Object.Head: %v, %v", head, err)
	}
	if _, err := c.Object.Get(ctx, "missing", nil); cosCode(err) != "NoSuchKey" {
		t.Errorf("Object.Get of a missing key: %v, want NoSuchKey", err)
	}

	src := bucket + cosHostSuffix + "/odd key+plus/ü~(1).bin" // the SDK encodes the key
	cp, _, err := c.Object.Copy(ctx, "copy.bin", src, nil)
	if err != nil || cp.ETag != head.Header.Get("ETag") {
		t.Fatalf("Object.Copy: %+v, %v", cp, err)
	}

	l1, _, err := c.Bucket.Get(ctx, &cos.BucketGetOptions{Delimiter: "/"})
	if err != nil {
		t.Fatalf("Bucket.Get: %v", err)
	}
	var got []string
	for _, o := range l1.Contents {
		got = append(got, o.Key)
	}
	got = append(got, l1.CommonPrefixes...)
	sort.Strings(got)
	if want := []string{"c.bin", "copy.bin", "dir/", "odd key+plus/"}; !equalStrings(got, want) {
		t.Errorf("Bucket.Get with delimiter: %q, want %q", got, want)
	}
	got = nil
	opt := &cos.BucketGetOptions{MaxKeys: 2, EncodingType: "url"}
	for pages := 0; pages < 10; pages++ {
		page, _, err := c.Bucket.Get(ctx, opt)
		if err != nil {
			t.Fatalf("Bucket.Get page: %v", err)
		}
		for _, o := range page.Contents {
			k, _ := cos.DecodeURIComponent(o.Key)
			got = append(got, k)
		}
		if !page.IsTruncated {
			break
		}
		opt.Marker, _ = cos.DecodeURIComponent(page.NextMarker)
	}
	if want := []string{"c.bin", "copy.bin", "dir/a.bin", "dir/b.bin", "odd key+plus/ü~(1).bin"}; !equalStrings(got, want) {
		t.Errorf("Bucket.Get in pages of 2: %q, want %q", got, want)
	}

	del, _, err := c.Object.DeleteMulti(ctx, &cos.ObjectDeleteMultiOptions{Objects: []cos.Object{
		{Key: "c.bin"}, {Key: "copy.bin"}, {Key: "never-was.bin"}, {Key: "dir/a.bin", VersionId: "v1"},
	}})
	if err != nil || len(del.DeletedObjects) != 3 || len(del.Errors) != 1 || del.Errors[0].Key != "dir/a.bin" || del.Errors[0].Code != "NoSuchVersion" {
		t.Errorf("Object.DeleteMulti: %+v, %v; want 3 deleted and dir/a.bin NoSuchVersion", del, err)
	}
	if _, err := c.Bucket.Delete(ctx); cosCode(err) != "BucketNotEmpty" {
		t.Errorf("Bucket.Delete of a full bucket: %v, want BucketNotEmpty", err)
	}
	for _, k := range []string{"dir/a.bin", "dir/b.bin", "odd key+plus/ü~(1).bin"} {
		if _, err := c.Object.Delete(ctx, k); err != nil {
			t.Errorf("Object.Delete %q: %v", k, err)
		}
	}
	if _, err := c.Bucket.Delete(ctx); err != nil {
		t.Errorf("Bucket.Delete: %v", err)
	}
	if _, _, err := c.Bucket.Get(ctx, nil); cosCode(err) != "NoSuchBucket" {
		t.Errorf("Bucket.Get after Bucket.Delete: %v, want NoSuchBucket", err)
	}
}

func TestCOSSDKAuth(t *testing.T) {
	// COS has no Block Public Access call: the gateway starts with it off,
	// so that the policy below may grant anonymous reads.
	tg := startGateway(t, dialectCOS, func(c *config) { c.BlockPublicAccessOff = true })
	ctx := testContext(t)
	owner := tg.ids["owner"]
	const bucket = "cosauth-1250000000"
	c := cosClient(tg, bucket, &owner)
	if _, err := c.Bucket.Put(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Object.Put(ctx, "k.txt", strings.NewReader("hello"), nil); err != nil {
		t.Fatal(err)
	}
	wrong := owner
	wrong.SecretAccessKey = "not-the-secret"
	if _, err := cosClient(tg, bucket, &wrong).Object.Get(ctx, "k.txt", nil); cosCode(err) != "SignatureDoesNotMatch" {
		t.Errorf("Object.Get with a wrong secret: %v, want SignatureDoesNotMatch", err)
	}
	unknown := identity{AccessKeyID: "AKIDUNKNOWN000000000", SecretAccessKey: "x"}
	if _, err := cosClient(tg, bucket, &unknown).Object.Get(ctx, "k.txt", nil); cosCode(err) != "InvalidAccessKeyId" {
		t.Errorf("Object.Get with an unknown key: %v, want InvalidAccessKeyId", err)
	}
	// A signature made for one bucket does not open another: the host is
	// signed, and the path does not name the bucket.
	other := cosClient(tg, "cosother-1250000000", &owner)
	if _, err := other.Bucket.Put(ctx, nil); err != nil {
		t.Fatal(err)
	}
	u, err := c.Object.GetPresignedURL(ctx, http.MethodGet, "k.txt", owner.AccessKeyID, owner.SecretAccessKey, 5*time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	hc := tg.loopbackClient()
	if status, body := httpGet(t, ctx, hc, u.String(), nil); status != 200 || body != "hello" {
		t.Errorf("presigned GET: %d %q", status, body)
	}
	moved := *u
	moved.Host = "cosother-1250000000" + cosHostSuffix
	if status, body := httpGet(t, ctx, hc, moved.String(), nil); status != 403 || !strings.Contains(body, "SignatureDoesNotMatch") {
		t.Errorf("presigned GET on another bucket's host: %d %s", status, body)
	}
	t.Run("anonymous", func(t *testing.T) {
		// Refused until the policy grants it.
		anon := cosClient(tg, bucket, nil)
		if _, err := anon.Object.Get(ctx, "k.txt", nil); cosCode(err) != "AccessDenied" {
			t.Errorf("anonymous Object.Get without a policy: %v, want AccessDenied", err)
		}
		_, err := c.Bucket.PutPolicy(ctx, &cos.BucketPutPolicyOptions{Version: "2.0", Statement: []cos.BucketStatement{{
			Principal: map[string][]string{"qcs": {"qcs::cam::anyone:anyone"}}, Action: []string{"name/cos:GetObject"},
			Effect: "allow", Resource: []string{"qcs::cos:ap-guangzhou:uid/1250000000:cosauth-1250000000/k.txt"}}}})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := anon.Object.Get(ctx, "k.txt", nil)
		if err != nil {
			t.Fatalf("anonymous Object.Get granted by the policy: %v", err)
		}
		resp.Body.Close()
	})
	t.Run("expired", func(t *testing.T) {
		tg.clock.advance(6 * time.Minute)
		defer tg.clock.advance(-6 * time.Minute)
		if status, body := httpGet(t, ctx, hc, u.String(), nil); status != 403 || !strings.Contains(body, "expired") {
			t.Errorf("expired presigned GET: %d %s", status, body)
		}
	})
}
