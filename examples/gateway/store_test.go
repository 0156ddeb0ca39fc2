package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestValidBucketName(t *testing.T) {
	for name, want := range map[string]bool{
		"abc": true, "my-bucket.1": true, "cosbucket-1250000000": true,
		"ab": false, "..": false, "a..b": false, "-ab": false, "ab-": false, "Abc": false,
		"a/b": false, "a\\b": false, "a b": false, strings.Repeat("a", 64): false, "../x": false,
	} {
		if got := validBucketName(name); got != want {
			t.Errorf("validBucketName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestDataDir: under --data, keys that look like paths stay inside DIR, and
// a restarted gateway serves what the last one stored.
func TestDataDir(t *testing.T) {
	dir := t.TempDir()
	keys := []string{"../../escape", "a/../../b", "/leading", "..", "dir/./x", strings.Repeat("k", 1024)}
	tg := startGateway(t, dialectAWS, func(c *config) { c.DataDir = dir })
	ctx := testContext(t)
	owner := tg.ids["owner"]
	c := s3Client(tg, "us-east-1", &owner)
	bucket := aws.String("data-bucket")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String(k), Body: bytes.NewReader(testData(100 + i))}); err != nil {
			t.Fatalf("PutObject %q: %v", k, err)
		}
	}
	// A bucket name that is a path is refused before it reaches the disk.
	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, tg.URL+"/..%2F..%2Fevil", nil)
	if status, _ := do(t, tg.Client(), req); status == 200 {
		t.Error("created a bucket named ../../evil")
	}

	files := 0
	filepath.WalkDir(filepath.Dir(dir), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if rel, _ := filepath.Rel(dir, p); strings.HasPrefix(rel, "..") {
				t.Errorf("file outside DIR: %s", p)
			}
			files++
		}
		return nil
	})
	if want := 1 + 2*len(keys); files != want { // bucket.json, and .json and .data per object
		t.Errorf("%d files under DIR, want %d", files, want)
	}

	tg.Close()
	tg2 := startGateway(t, dialectAWS, func(c *config) { c.DataDir = dir })
	c2 := s3Client(tg2, "us-east-1", &owner)
	for i, k := range keys {
		got, err := c2.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String(k)})
		if err != nil {
			t.Fatalf("after restart, GetObject %q: %v", k, err)
		}
		body, _ := io.ReadAll(got.Body)
		got.Body.Close()
		if !bytes.Equal(body, testData(100+i)) {
			t.Errorf("after restart, %q differs", k)
		}
	}
	for _, k := range keys {
		if _, err := c2.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: bucket, Key: aws.String(k)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c2.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
		t.Errorf("DeleteBucket left %v", left)
	}
}

// TestListPages: listing page by page with a delimiter visits every key and
// common prefix once, whether a page ends on a key or on a prefix.
func TestListPages(t *testing.T) {
	s, _ := newStore("")
	b, _ := s.createBucket("pages", "1", true, time.Now())
	for _, k := range []string{"a", "b/1", "b/2", "c", "d/", "d/x", "e/f/g", "e/h"} {
		s.putObject(b, &object{Key: k}, nil)
	}
	for _, tc := range []struct {
		prefix, delimiter string
		want              []string
	}{
		{"", "/", []string{"a", "b/", "c", "d/", "e/"}},
		{"", "", []string{"a", "b/1", "b/2", "c", "d/", "d/x", "e/f/g", "e/h"}},
		{"d/", "/", []string{"d/", "d/x"}},
		{"e/", "/", []string{"e/f/", "e/h"}},
	} {
		for max := 1; max <= 3; max++ {
			var got []string
			after := ""
			for pages := 0; pages < 20; pages++ {
				objs, prefixes, truncated := s.listObjects(b, tc.prefix, tc.delimiter, after, max)
				for _, o := range objs {
					got = append(got, o.Key)
				}
				got = append(got, prefixes...)
				if !truncated {
					break
				}
				after = lastListed(objs, prefixes)
			}
			sort.Strings(got)
			if !equalStrings(got, tc.want) {
				t.Errorf("prefix %q delimiter %q in pages of %d: %q, want %q", tc.prefix, tc.delimiter, max, got, tc.want)
			}
		}
	}
}

// TestDataDirPolicy: under --data, a bucket's policy and its Block Public
// Access configuration outlive the gateway, and the restarted gateway
// enforces the policy it reads back.
func TestDataDirPolicy(t *testing.T) {
	dir := t.TempDir()
	tg := startGateway(t, dialectAWS, func(c *config) { c.DataDir = dir })
	ctx := testContext(t)
	owner, other := tg.ids["owner"], tg.ids["other"]
	c := s3Client(tg, "us-east-1", &owner)
	bucket := aws.String("data-policy")
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String("public/x"), Body: bytes.NewReader([]byte("x"))}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutPublicAccessBlock(ctx, &s3.PutPublicAccessBlockInput{Bucket: bucket,
		PublicAccessBlockConfiguration: &types.PublicAccessBlockConfiguration{BlockPublicAcls: aws.Bool(true)}}); err != nil {
		t.Fatal(err)
	}
	doc := kitFor(tg).doc(*bucket, stmt{principal: other.Account, actions: []string{"GetObject"}, prefix: "public/"})
	if _, err := c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: bucket, Policy: &doc}); err != nil {
		t.Fatal(err)
	}
	tg.Close()

	tg2 := startGateway(t, dialectAWS, func(c *config) { c.DataDir = dir })
	c2 := s3Client(tg2, "us-east-1", &owner)
	got, err := c2.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket})
	if err != nil || aws.ToString(got.Policy) != doc {
		t.Errorf("after restart, GetBucketPolicy: %v, %v", got, err)
	}
	pab, err := c2.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bucket})
	if err != nil || !aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicAcls) || aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicPolicy) {
		t.Errorf("after restart, GetPublicAccessBlock: %+v, %v", pab, err)
	}
	xc := s3Client(tg2, "us-east-1", &other)
	if out, err := xc.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("public/x")}); err != nil {
		t.Errorf("after restart, the other account reading public/x: %v", err)
	} else {
		out.Body.Close()
	}
	if _, err := c2.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, *bucket, "policy.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("policy.json after DeleteBucketPolicy: %v", err)
	}
	if _, err := xc.GetObject(ctx, &s3.GetObjectInput{Bucket: bucket, Key: aws.String("public/x")}); s3Code(err) != "AccessDenied" {
		t.Errorf("the other account reading public/x without the policy: %v, want AccessDenied", err)
	}
}
