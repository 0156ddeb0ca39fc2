package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// s3Client is the AWS SDK's S3 client for identity id (nil: anonymous)
// against the gateway, path style, one attempt per call.
func s3Client(tg *testGateway, region string, id *identity) *s3.Client {
	var creds aws.CredentialsProvider = aws.AnonymousCredentials{}
	if id != nil {
		creds = credentials.NewStaticCredentialsProvider(id.AccessKeyID, id.SecretAccessKey, "")
	}
	cfg := aws.Config{
		Region: region, Credentials: creds, HTTPClient: tg.Client(), RetryMaxAttempts: 1,
		// What config.LoadDefaultConfig sets: a CRC32 checksum on every
		// upload, and checksum validation of downloads.
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenSupported,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenSupported,
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(tg.URL)
		o.UsePathStyle = true
	})
}

// apiCode is the error code an SDK call failed with.
func s3Code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestS3SDK(t *testing.T) {
	for _, d := range []dialect{dialectAWS, dialectOBS} {
		t.Run(string(d), func(t *testing.T) { testS3SDK(t, d) })
	}
}

// testS3SDK runs the S3 SDK's round trip; OBS speaks SigV4 too (its SDK's V4
// mode), so the S3 SDK is also a client of the obs dialect.
func testS3SDK(t *testing.T, d dialect) {
	tg := startGateway(t, d)
	ctx := testContext(t)
	region := tg.g.cfg.Region
	owner := tg.ids["owner"]
	c := s3Client(tg, region, &owner)
	bucket := aws.String("sdk-bucket")

	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatalf("CreateBucket: %v", err)
	}
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); s3Code(err) != "BucketAlreadyOwnedByYou" {
		t.Errorf("CreateBucket again: got %v, want BucketAlreadyOwnedByYou", err)
	}
	if _, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: bucket}); err != nil {
		t.Errorf("HeadBucket: %v", err)
	}
	lb, err := c.ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil || len(lb.Buckets) != 1 || aws.ToString(lb.Buckets[0].Name) != "sdk-bucket" {
		t.Errorf("ListBuckets: %+v, %v", lb, err)
	}

	data := testData(3000)
	keys := []string{"dir/a.bin", "dir/b.bin", "c.bin", "odd key+plus/ü~(1).bin"}
	for _, k := range keys {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{
			Bucket: bucket, Key: aws.String(k), Body: bytes.NewReader(data),
			ContentType: aws.String("application/x-test"), Metadata: map[string]string{"colour": "blue"},
		})
		if err != nil {
			t.Fatalf("PutObject %q: %v", k, err)
		}
	}
	for _, k := range keys {
		got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String(k)})
		if err != nil {
			t.Fatalf("GetObject %q: %v", k, err)
		}
		body, err := io.ReadAll(got.Body)
		got.Body.Close()
		if err != nil || !bytes.Equal(body, data) {
			t.Errorf("GetObject %q: %d bytes, %v; want the %d bytes put", k, len(body), err, len(data))
		}
		if got.Metadata["colour"] != "blue" || aws.ToString(got.ContentType) != "application/x-test" {
			t.Errorf("GetObject %q: metadata %v, content type %q", k, got.Metadata, aws.ToString(got.ContentType))
		}
	}
	head, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String("dir/a.bin")})
	if err != nil || aws.ToInt64(head.ContentLength) != int64(len(data)) || aws.ToString(head.ETag) == "" {
		t.Errorf("HeadObject: %+v, %v", head, err)
	}
	if _, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: bucket, Key: aws.String("missing")}); err == nil {
		t.Error("HeadObject of a missing key succeeded")
	} else {
		var nf *types.NotFound
		if !errors.As(err, &nf) {
			t.Errorf("HeadObject of a missing key: %v, want types.NotFound", err)
		}
	}
	if _, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("missing")}); err == nil {
		t.Error("GetObject of a missing key succeeded")
	} else {
		var nsk *types.NoSuchKey
		if !errors.As(err, &nsk) {
			t.Errorf("GetObject of a missing key: %v, want types.NoSuchKey", err)
		}
	}

	cp, err := c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: bucket, Key: aws.String("copy.bin"), CopySource: aws.String("sdk-bucket/" + escapeAll("odd key+plus/ü~(1).bin"))})
	if err != nil || cp.CopyObjectResult == nil || aws.ToString(cp.CopyObjectResult.ETag) != aws.ToString(head.ETag) {
		t.Fatalf("CopyObject: %+v, %v", cp, err)
	}
	if got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("copy.bin")}); err != nil {
		t.Errorf("GetObject copy: %v", err)
	} else {
		body, _ := io.ReadAll(got.Body)
		got.Body.Close()
		if !bytes.Equal(body, data) {
			t.Error("the copy differs from its source")
		}
	}

	l1, err := c.ListObjects(ctx, &s3.ListObjectsInput{Bucket: bucket, Delimiter: aws.String("/")})
	if err != nil {
		t.Fatalf("ListObjects: %v", err)
	}
	var l1Keys []string
	for _, o := range l1.Contents {
		l1Keys = append(l1Keys, aws.ToString(o.Key))
	}
	for _, p := range l1.CommonPrefixes {
		l1Keys = append(l1Keys, aws.ToString(p.Prefix))
	}
	sort.Strings(l1Keys)
	if want := []string{"c.bin", "copy.bin", "dir/", "odd key+plus/"}; !equalStrings(l1Keys, want) {
		t.Errorf("ListObjects with delimiter: %q, want %q", l1Keys, want)
	}
	var v2Keys []string
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: bucket, MaxKeys: aws.Int32(2)})
	for pages := 0; p.HasMorePages() && pages < 10; pages++ {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListObjectsV2: %v", err)
		}
		for _, o := range page.Contents {
			v2Keys = append(v2Keys, aws.ToString(o.Key))
		}
	}
	if want := []string{"c.bin", "copy.bin", "dir/a.bin", "dir/b.bin", "odd key+plus/ü~(1).bin"}; !equalStrings(v2Keys, want) {
		t.Errorf("ListObjectsV2 in pages of 2: %q, want %q", v2Keys, want)
	}

	_, err = c.CopyObject(ctx, &s3.CopyObjectInput{Bucket: bucket, Key: aws.String("copy2.bin"), CopySource: aws.String("sdk-bucket/c.bin"),
		CopySourceIfMatch: aws.String(`"0123"`)})
	if s3Code(err) != "PreconditionFailed" {
		t.Errorf("CopyObject if-match another ETag: %v, want PreconditionFailed", err)
	}

	del, err := c.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: bucket, Delete: &types.Delete{Objects: []types.ObjectIdentifier{
		{Key: aws.String("c.bin")}, {Key: aws.String("copy.bin")}, {Key: aws.String("never-was.bin")},
		{Key: aws.String("dir/a.bin"), VersionId: aws.String("v1")},
	}}})
	if err != nil || len(del.Deleted) != 3 || len(del.Errors) != 1 || aws.ToString(del.Errors[0].Key) != "dir/a.bin" || aws.ToString(del.Errors[0].Code) != "NoSuchVersion" {
		t.Errorf("DeleteObjects: %+v, %v; want 3 deleted and dir/a.bin NoSuchVersion", del, err)
	}
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket}); s3Code(err) != "BucketNotEmpty" {
		t.Errorf("DeleteBucket of a full bucket: %v, want BucketNotEmpty", err)
	}
	for _, k := range []string{"dir/a.bin", "dir/b.bin", "odd key+plus/ü~(1).bin"} {
		if _, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: bucket, Key: aws.String(k)}); err != nil {
			t.Errorf("DeleteObject %q: %v", k, err)
		}
	}
	if _, err := c.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket}); err != nil {
		t.Errorf("DeleteBucket: %v", err)
	}
	if _, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: bucket}); s3Code(err) != "NoSuchBucket" {
		t.Errorf("ListObjectsV2 after DeleteBucket: %v, want NoSuchBucket", err)
	}
}

// escapeAll percent-encodes everything but unreserved characters, so a copy
// source reads the same whether the server takes "+" as a space (OBS) or not.
func escapeAll(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestS3SDKAuth: wrong secrets, unknown keys, anonymous callers, presigned
// URLs and the clock.
func TestS3SDKAuth(t *testing.T) {
	tg := startGateway(t, dialectAWS)
	ctx := testContext(t)
	owner := tg.ids["owner"]
	c := s3Client(tg, "us-east-1", &owner)
	bucket, key := aws.String("auth-bucket"), aws.String("k.txt")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: key, Body: bytes.NewReader([]byte("hello"))}); err != nil {
		t.Fatal(err)
	}

	wrong := owner
	wrong.SecretAccessKey = "not-the-secret"
	unknown := identity{AccessKeyID: "AKIAUNKNOWN000000000", SecretAccessKey: "x"}
	for _, tc := range []struct {
		name   string
		client *s3.Client
		want   string
	}{
		{"wrong secret", s3Client(tg, "us-east-1", &wrong), "SignatureDoesNotMatch"},
		{"unknown key", s3Client(tg, "us-east-1", &unknown), "InvalidAccessKeyId"},
		{"wrong region", s3Client(tg, "eu-west-1", &owner), "AuthorizationHeaderMalformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.client.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: key})
			if got := s3Code(err); got != tc.want {
				t.Errorf("GetObject: %v; want %s", err, tc.want)
			}
			_, err = tc.client.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("x"), Body: bytes.NewReader([]byte("x"))})
			if got := s3Code(err); got != tc.want {
				t.Errorf("PutObject: %v; want %s", err, tc.want)
			}
		})
	}
	if o := tg.g.store.getObject(tg.g.store.bucket("auth-bucket"), "x"); o != nil {
		t.Error("a refused PutObject stored its object")
	}

	t.Run("anonymous", func(t *testing.T) {
		// An unsigned request is anonymous: refused until the bucket's
		// policy grants it (which Block Public Access must allow first).
		anon := s3Client(tg, "us-east-1", nil)
		if _, err := anon.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: key}); s3Code(err) != "AccessDenied" {
			t.Errorf("anonymous GetObject without a policy: %v, want AccessDenied", err)
		}
		if _, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: bucket,
			PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{BlockPublicPolicy: aws.Bool(false)}}); err != nil {
			t.Fatal(err)
		}
		policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::auth-bucket/k.txt"}]}`
		if _, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: bucket, Policy: &policy}); err != nil {
			t.Fatal(err)
		}
		got, err := anon.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: key})
		if err != nil {
			t.Fatalf("anonymous GetObject granted by the policy: %v", err)
		}
		got.Body.Close()
		if _, err := anon.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: key, Body: bytes.NewReader([]byte("x"))}); s3Code(err) != "AccessDenied" {
			t.Errorf("anonymous PutObject: %v, want AccessDenied", err)
		}
		if _, err := anon.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("anon-bucket")}); s3Code(err) != "AccessDenied" {
			t.Errorf("anonymous CreateBucket: %v, want AccessDenied", err)
		}
		if _, err := anon.ListBuckets(ctx, &s3.ListBucketsInput{}); s3Code(err) != "AccessDenied" {
			t.Errorf("anonymous ListBuckets: %v, want AccessDenied", err)
		}
	})

	t.Run("presigned", func(t *testing.T) {
		ps := s3.NewPresignClient(c, s3.WithPresignExpires(5*time.Minute))
		get, err := ps.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		if status, body := httpGet(t, ctx, tg.Client(), get.URL, nil); status != 200 || body != "hello" {
			t.Errorf("presigned GET: %d %q", status, body)
		}
		put, err := ps.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("presigned.txt")})
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPut, put.URL, bytes.NewReader([]byte("via url")))
		for k, v := range put.SignedHeader {
			if k != "Host" {
				req.Header[k] = v
			}
		}
		if resp, err := tg.Client().Do(req); err != nil || resp.StatusCode != 200 {
			t.Errorf("presigned PUT: %v %v", resp, err)
		} else {
			resp.Body.Close()
		}
		tampered := get.URL + "x"
		if status, body := httpGet(t, ctx, tg.Client(), tampered, nil); status != 403 || !bytes.Contains([]byte(body), []byte("SignatureDoesNotMatch")) {
			t.Errorf("tampered presigned GET: %d %s", status, body)
		}
		tg.clock.advance(6 * time.Minute)
		defer tg.clock.advance(-6 * time.Minute)
		if status, body := httpGet(t, ctx, tg.Client(), get.URL, nil); status != 403 || !bytes.Contains([]byte(body), []byte("expired")) {
			t.Errorf("expired presigned GET: %d %s", status, body)
		}
	})

	t.Run("clock skew", func(t *testing.T) {
		tg.clock.advance(20 * time.Minute)
		defer tg.clock.advance(-20 * time.Minute)
		if _, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: key}); s3Code(err) != "RequestTimeTooSkewed" {
			t.Errorf("GetObject 20 minutes late: %v, want RequestTimeTooSkewed", err)
		}
	})
}

// httpGet fetches url and returns the status and body.
func httpGet(t *testing.T, ctx context.Context, hc *http.Client, url string, header http.Header) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
