package main

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// signedRequest builds a request to the gateway signed with SigV4 by the
// AWS SDK's signer, with payloadHash as x-amz-content-sha256; edit, if
// given, changes the request after signing.
func signedRequest(t *testing.T, tg *testGateway, method, path string, body []byte, payloadHash string, header http.Header, edit func(*http.Request)) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(testContext(t), method, tg.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	id := tg.ids["owner"]
	creds := aws.Credentials{AccessKeyID: id.AccessKeyID, SecretAccessKey: id.SecretAccessKey}
	err = v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }).
		SignHTTP(context.Background(), creds, req, payloadHash, "s3", tg.g.cfg.Region, tg.clock.now())
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(req)
	}
	return req
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// do sends req and returns the status and body.
func do(t *testing.T, hc *http.Client, req *http.Request) (int, string) {
	t.Helper()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestSigV4Refusals: what a SigV4 verifier must refuse, each answered with
// the S3 code a client can act on, and nothing stored.
func TestSigV4Refusals(t *testing.T) {
	tg := startGateway(t, dialectAWS)
	if _, err := tg.g.store.createBucket("b-refusals", tg.ids["owner"].Account, true, time.Now()); err != nil {
		t.Fatal(err)
	}
	hello := []byte("hello")
	md5sum := md5.Sum([]byte("other"))
	for _, tc := range []struct {
		name       string
		body       []byte
		payload    string
		header     http.Header
		edit       func(*http.Request)
		wantStatus int
		wantCode   string
	}{
		{name: "signed payload", body: hello, payload: sha256Hex(hello), wantStatus: 200},
		{name: "unsigned payload", body: hello, payload: unsignedPayload, wantStatus: 200},
		{name: "body differs from the signed digest", body: []byte("HELLO"), payload: sha256Hex(hello), wantStatus: 400, wantCode: "XAmzContentSHA256Mismatch"},
		{name: "streaming payload", body: hello, payload: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", wantStatus: 501, wantCode: "NotImplemented"},
		{name: "payload hash not hex", body: hello, payload: "abc", wantStatus: 400, wantCode: "InvalidArgument"},
		{name: "x-amz header added after signing", body: hello, payload: unsignedPayload,
			edit: func(r *http.Request) { r.Header.Set("X-Amz-Meta-Evil", "1") }, wantStatus: 403, wantCode: "AccessDenied"},
		{name: "signed header changed", body: hello, payload: unsignedPayload, header: http.Header{"Content-Type": {"text/plain"}},
			edit: func(r *http.Request) { r.Header.Set("Content-Type", "text/html") }, wantStatus: 403, wantCode: "SignatureDoesNotMatch"},
		{name: "path changed", body: hello, payload: unsignedPayload,
			edit: func(r *http.Request) { r.URL.Path = "/b-refusals/other" }, wantStatus: 403, wantCode: "SignatureDoesNotMatch"},
		{name: "query added", body: hello, payload: unsignedPayload,
			edit: func(r *http.Request) { r.URL.RawQuery = "tagging" }, wantStatus: 403, wantCode: "SignatureDoesNotMatch"},
		{name: "Content-MD5 wrong", body: hello, payload: unsignedPayload,
			header: http.Header{"Content-Md5": {base64.StdEncoding.EncodeToString(md5sum[:])}}, wantStatus: 400, wantCode: "BadDigest"},
		{name: "CRC32 wrong", body: hello, payload: unsignedPayload,
			header: http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA=="}}, wantStatus: 400, wantCode: "BadDigest"},
		{name: "session token", body: hello, payload: unsignedPayload,
			header: http.Header{"X-Amz-Security-Token": {"token"}}, wantStatus: 400, wantCode: "InvalidToken"},
		{name: "SigV2 at an aws gateway", body: hello, payload: unsignedPayload,
			edit: func(r *http.Request) { r.Header.Set("Authorization", "AWS AKIAOWNEREXAMPLE0001:c2ln") }, wantStatus: 400, wantCode: "InvalidArgument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := signedRequest(t, tg, http.MethodPut, "/b-refusals/obj", tc.body, tc.payload, tc.header, tc.edit)
			status, body := do(t, tg.Client(), req)
			if status != tc.wantStatus || !strings.Contains(body, "<Code>"+tc.wantCode+"</Code>") && tc.wantCode != "" {
				t.Fatalf("status %d, body %s; want %d %s", status, body, tc.wantStatus, tc.wantCode)
			}
			b := tg.g.store.bucket("b-refusals")
			if o := tg.g.store.getObject(b, "obj"); tc.wantStatus != 200 && o != nil {
				t.Error("a refused PutObject stored its object")
			}
			tg.g.store.deleteObject(b, "obj")
		})
	}
}

// TestS3SDKChecksum: the S3 SDK's own checksum arguments reach the gateway,
// which verifies them and echoes them back.
func TestS3SDKChecksum(t *testing.T) {
	tg := startGateway(t, dialectAWS)
	ctx := testContext(t)
	owner := tg.ids["owner"]
	c := s3Client(tg, "us-east-1", &owner)
	bucket := aws.String("sum-bucket")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	for _, algo := range []string{"CRC32C", "SHA1", "SHA256", "CRC64NVME"} {
		t.Run(algo, func(t *testing.T) {
			out, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String(algo), Body: strings.NewReader("123456789"),
				ChecksumAlgorithm: types.ChecksumAlgorithm(algo)})
			if err != nil {
				t.Fatalf("PutObject: %v", err)
			}
			_ = out
			got, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String(algo), ChecksumMode: "ENABLED"})
			if err != nil {
				t.Fatalf("GetObject: %v", err)
			}
			io.ReadAll(got.Body) // the SDK validates the checksum as the body is read
			if err := got.Body.Close(); err != nil {
				t.Errorf("GetObject body: %v", err)
			}
		})
	}
	_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("bad"), Body: strings.NewReader("x"), ChecksumCRC32: aws.String("AAAAAA==")})
	if s3Code(err) != "BadDigest" {
		t.Errorf("PutObject with a wrong CRC32: %v, want BadDigest", err)
	}
}
