package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	osscreds "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/huaweicloud/huaweicloud-sdk-go-obs/obs"
)

// TestVirtualHost: with --virtual-host-suffix, the SDKs' default
// virtual-host style (<bucket>.<suffix>) works, and so do the signatures
// whose canonical resource names the bucket from the host (AWS V2).
func TestVirtualHost(t *testing.T) {
	const suffix = "storage.example.test"
	for _, d := range []dialect{dialectAWS, dialectOBS, dialectOSS} {
		t.Run(string(d), func(t *testing.T) {
			tg := startGateway(t, d, func(c *config) { c.VirtualHostSuffix = []string{suffix} })
			var mu sync.Mutex
			hosts := map[string]bool{}
			tg.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				hosts[strings.Split(r.Host, ":")[0]] = true
				mu.Unlock()
				tg.g.ServeHTTP(w, r)
			})
			_, port, _ := net.SplitHostPort(tg.addr())
			endpoint := "http://" + suffix + ":" + port
			owner := tg.ids["owner"]
			ctx := testContext(t)
			type client struct {
				name       string
				put, get   func(bucket, key string, body []byte) error
				getContent func(bucket, key string) ([]byte, error)
			}
			var clients []client
			if d != dialectOSS {
				c := s3.NewFromConfig(aws.Config{
					Region: tg.g.cfg.Region, Credentials: credentials.NewStaticCredentialsProvider(owner.AccessKeyID, owner.SecretAccessKey, ""),
					HTTPClient: tg.loopbackClient(), RetryMaxAttempts: 1,
				}, func(o *s3.Options) { o.BaseEndpoint = aws.String(endpoint) })
				clients = append(clients, client{name: "s3",
					put: func(b, k string, body []byte) error {
						if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &b}); err != nil {
							return err
						}
						_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: &b, Key: &k, Body: bytes.NewReader(body)})
						return err
					},
					getContent: func(b, k string) ([]byte, error) {
						out, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: &b, Key: &k})
						if err != nil {
							return nil, err
						}
						defer out.Body.Close()
						return io.ReadAll(out.Body)
					}})
			}
			if d == dialectOBS {
				for _, sig := range []obs.SignatureType{obs.SignatureV2, obs.SignatureV4} {
					tr := tg.loopbackClient().Transport.(*http.Transport)
					c, err := obs.New(owner.AccessKeyID, owner.SecretAccessKey, endpoint, obs.WithSignature(sig),
						obs.WithRegion(tg.g.cfg.Region), obs.WithMaxRetryCount(0), obs.WithHttpTransport(tr))
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(c.Close)
					clients = append(clients, client{name: "obs " + string(sig),
						put: func(b, k string, body []byte) error {
							if _, err := c.CreateBucket(&obs.CreateBucketInput{Bucket: b}); err != nil {
								return err
							}
							in := &obs.PutObjectInput{Body: bytes.NewReader(body)}
							in.Bucket, in.Key = b, k
							_, err := c.PutObject(in)
							return err
						},
						getContent: func(b, k string) ([]byte, error) {
							in := &obs.GetObjectInput{}
							in.Bucket, in.Key = b, k
							out, err := c.GetObject(in)
							if err != nil {
								return nil, err
							}
							defer out.Body.Close()
							return io.ReadAll(out.Body)
						}})
				}
			}
			if d == dialectOSS {
				c := oss.NewClient(oss.LoadDefaultConfig().
					WithCredentialsProvider(osscreds.NewStaticCredentialsProvider(owner.AccessKeyID, owner.SecretAccessKey)).
					WithRegion(tg.g.cfg.Region).WithEndpoint(endpoint).WithHttpClient(tg.loopbackClient()).WithRetryMaxAttempts(1))
				clients = append(clients, client{name: "oss",
					put: func(b, k string, body []byte) error {
						if _, err := c.PutBucket(ctx, &oss.PutBucketRequest{Bucket: &b}); err != nil {
							return err
						}
						_, err := c.PutObject(ctx, &oss.PutObjectRequest{Bucket: &b, Key: &k, Body: bytes.NewReader(body)})
						return err
					},
					getContent: func(b, k string) ([]byte, error) {
						out, err := c.GetObject(ctx, &oss.GetObjectRequest{Bucket: &b, Key: &k})
						if err != nil {
							return nil, err
						}
						defer out.Body.Close()
						return io.ReadAll(out.Body)
					}})
			}
			for _, c := range clients {
				bucket := "vh-" + strings.NewReplacer(" ", "-").Replace(c.name)
				if err := c.put(bucket, "a/b c.txt", []byte(c.name)); err != nil {
					t.Fatalf("%s: put: %v", c.name, err)
				}
				got, err := c.getContent(bucket, "a/b c.txt")
				if err != nil || string(got) != c.name {
					t.Errorf("%s: get: %q, %v", c.name, got, err)
				}
				mu.Lock()
				if !hosts[bucket+"."+suffix] {
					t.Errorf("%s: no request to host %s.%s, only %v", c.name, bucket, suffix, hosts)
				}
				mu.Unlock()
			}
		})
	}
}
