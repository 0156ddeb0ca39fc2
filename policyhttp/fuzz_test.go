package policyhttp_test

import (
	"bufio"
	"bytes"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/casefile"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// FuzzMap feeds the mapper requests read from arbitrary bytes (a raw
// HTTP/1.1 request, as a server would receive it) in every dialect. A
// request is mapped or refused with an *Error, never a panic; mapping it
// twice gives the same checks; every action is of the dialect's service;
// every check names the bucket it is about, and only the request's bucket
// or a copy's source.
func FuzzMap(f *testing.F) {
	files, _ := casefile.Files("../testdata/http")
	for _, file := range files {
		cases, _ := casefile.ReadFile(file)
		for i := range cases {
			r, _, _, err := cases[i].BuildRequest()
			if err != nil {
				continue
			}
			var b bytes.Buffer
			r.Write(&b)
			f.Add(uint8(cases[i].Dialect), b.Bytes(), r.RemoteAddr)
		}
	}
	f.Add(uint8(bucketpolicy.AWS), []byte("GET /b/k?versionId=1 HTTP/1.1\r\nHost: s3.example.com\r\n\r\n"), "10.0.0.1:1")
	f.Add(uint8(bucketpolicy.AWS), []byte("POST /b?delete HTTP/1.1\r\nHost: x\r\nContent-Length: 60\r\n\r\n<Delete><Object><Key>a</Key><VersionId>v</VersionId></Object></Delete>"), "[::1]:2")
	f.Add(uint8(bucketpolicy.OBS), []byte("PUT /b/k HTTP/1.1\r\nHost: x\r\nX-Obs-Copy-Source: /c/d\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n"), "10.9.9.9:3")
	f.Add(uint8(bucketpolicy.COS), []byte("GET /k HTTP/1.1\r\nHost: b-1250000000.cos.ap-guangzhou.myqcloud.com\r\n\r\n"), "10.0.0.1:1")
	f.Add(uint8(bucketpolicy.OSS), []byte("GET /b/?prefix=a HTTP/1.1\r\nHost: oss-cn-hangzhou.aliyuncs.com\r\n\r\n"), "10.0.0.1:1")
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, dialect uint8, raw []byte, remote string) {
		d := bucketpolicy.Dialect((dialect+3)%4 + 1) // a seed keeps its dialect (AWS is 1)
		mapper := &policyhttp.Mapper{Dialect: d, Region: "cn-hangzhou", BucketOwner: "1746",
			VirtualHostSuffixes: []string{"s3.example.com"},
			TrustedProxies:      []netip.Prefix{netip.MustParsePrefix("10.9.0.0/16")}}
		mapOnce := func() (*policyhttp.Mapping, error) {
			r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
			if err != nil {
				return nil, err
			}
			r.RemoteAddr = remote
			return mapper.Map(r, policyhttp.Caller{Principal: "alice", Account: "1"}, now)
		}
		if _, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw))); err != nil {
			return // net/http refuses it before any handler sees it
		}
		m, err := mapOnce()
		if err != nil {
			var me *policyhttp.Error
			if !errorsAs(err, &me) || me.Code == "" || me.Status == 0 {
				t.Fatalf("error %T %v is not a *policyhttp.Error", err, err)
			}
			return
		}
		again, err := mapOnce()
		if err != nil || len(again.Checks) != len(m.Checks) {
			t.Fatalf("not deterministic: %v, %d then %d checks", err, len(m.Checks), len(again.Checks))
		}
		service := map[bucketpolicy.Dialect]string{bucketpolicy.AWS: "s3:", bucketpolicy.OBS: "s3:",
			bucketpolicy.OSS: "oss:", bucketpolicy.COS: "name/cos:"}[d]
		for i := range m.Checks {
			c, c2 := &m.Checks[i], &again.Checks[i]
			if c.Action != c2.Action || c.Resource != c2.Resource || c.Bucket != c2.Bucket {
				t.Fatalf("not deterministic: check %d is %s %s, then %s %s", i, c.Action, c.Resource, c2.Action, c2.Resource)
			}
			if !strings.HasPrefix(c.Action, service) {
				t.Fatalf("check %d: action %q is not of the %v service", i, c.Action, d)
			}
			if c.Bucket != m.Bucket && (i == 0 || m.Operation != "CopyObject" && m.Operation != "UploadPartCopy" && m.Operation != "PutObjectCopy") {
				t.Fatalf("check %d names bucket %q, the request %q", i, c.Bucket, m.Bucket)
			}
			if c.Bucket == "" {
				if m.Bucket != "" { // only a service request (ListBuckets, OSS's account-level APIs) names no bucket
					t.Fatalf("check %d (%s) names no bucket", i, m.Operation)
				}
				continue
			}
			if !namesBucket(d, c.Resource, c.Bucket) {
				t.Fatalf("check %d: resource %q does not name bucket %q", i, c.Resource, c.Bucket)
			}
		}
	})
}

// namesBucket reports whether a resource names exactly that bucket, as
// the dialect writes resources.
func namesBucket(d bucketpolicy.Dialect, resource, bucket string) bool {
	var rest string
	switch d {
	case bucketpolicy.OSS:
		parts := strings.SplitN(resource, ":", 5)
		if len(parts) != 5 {
			return false
		}
		rest = parts[4]
	case bucketpolicy.COS:
		parts := strings.SplitN(resource, ":", 6)
		if len(parts) != 6 {
			return false
		}
		rest = parts[5]
	default:
		var ok bool
		if rest, ok = strings.CutPrefix(resource, "arn:aws:s3:::"); !ok {
			return false
		}
	}
	return rest == bucket || strings.HasPrefix(rest, bucket+"/")
}

func errorsAs(err error, target **policyhttp.Error) bool {
	e, ok := err.(*policyhttp.Error)
	if ok {
		*target = e
	}
	return ok
}
