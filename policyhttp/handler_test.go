package policyhttp_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// A small server for one dialect: the mapper, the ?policy handler over a
// MemoryStore, and one bucket owned by account OWNER.
type policyServer struct {
	d       bucketpolicy.Dialect
	bucket  string
	host    string // the Host requests go to
	path    string // the path of the bucket, "/" for host-addressed buckets
	owner   string // the owner's principal
	other   string // a principal of another account
	same    string // a principal of the owner's account that is not the owner
	mapper  *policyhttp.Mapper
	handler *policyhttp.PolicyHandler
	bpa     bool
}

func newPolicyServer(d bucketpolicy.Dialect) *policyServer {
	s := &policyServer{d: d}
	switch d {
	case bucketpolicy.AWS, bucketpolicy.OBS:
		s.bucket, s.host, s.path = "examplebucket", "s3.example.com", "/examplebucket"
		s.owner = "arn:aws:iam::111122223333:root"
		s.same = "arn:aws:iam::111122223333:user/alice"
		s.other = "arn:aws:iam::444455556666:user/mallory"
	case bucketpolicy.OSS:
		s.bucket, s.host, s.path = "examplebucket", "oss-cn-hangzhou.aliyuncs.com", "/examplebucket"
		s.owner, s.same, s.other = "174649585760xxxx", "20214760404935xxxx", "155555555555xxxx"
	case bucketpolicy.COS:
		s.bucket, s.host, s.path = "examplebucket-1250000000", "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com", ""
		s.owner = "qcs::cam::uin/100000000001:uin/100000000001"
		s.same = "qcs::cam::uin/100000000001:uin/100000000011"
		s.other = "qcs::cam::uin/100000000002:uin/100000000002"
	}
	s.mapper = &policyhttp.Mapper{Dialect: d, Region: "cn-hangzhou", BucketOwner: "174649585760xxxx"}
	if d == bucketpolicy.COS {
		s.mapper.Region = "ap-guangzhou"
	}
	s.handler = &policyhttp.PolicyHandler{Dialect: d, Store: &policyhttp.MemoryStore{},
		BlockPublicAccess: func(string) bool { return s.bpa },
		BucketAccount:     func(string) string { return "111122223333" }}
	return s
}

// do sends one ?policy request from caller and returns the reply.
func (s *policyServer) do(t testing.TB, method, sub, caller string, body []byte, header http.Header) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r := httptest.NewRequest(method, "http://"+s.host+s.path+"?"+sub, rd)
	r.RemoteAddr = "203.0.113.5:4711"
	for k, vs := range header {
		r.Header[k] = vs
		if k == "Content-Length" {
			// A client that lies about the length.
			fmt.Sscan(vs[0], &r.ContentLength)
		}
	}
	c := policyhttp.Caller{Principal: caller, Owner: caller == s.owner}
	if s.d == bucketpolicy.OSS && caller != "" {
		c.Account = map[bool]string{true: "174649585760xxxx", false: "155555555555xxxx"}[caller != s.other]
	}
	w := httptest.NewRecorder()
	m, err := s.mapper.Map(r, c, time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	if err != nil {
		// The host answers what the mapper refuses (COS has no ?policyStatus).
		policyhttp.WriteError(w, r, s.d, err, "REQ1")
		return w.Result()
	}
	if !s.handler.Serve(w, r, m, "REQ1") {
		t.Fatalf("%s ?%s: not served as a policy request (%s)", method, sub, m.Operation)
	}
	return w.Result()
}

// the documents of the tests, per dialect: one private, one public, one
// naming another bucket, one malformed.
func (s *policyServer) docs() (private, public, otherBucket, malformed string) {
	switch s.d {
	case bucketpolicy.OSS:
		private = `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["20214760404935xxxx"],"Action":["oss:GetObject","oss:GetBucketPolicy"],"Resource":["acs:oss:*:174649585760xxxx:examplebucket","acs:oss:*:174649585760xxxx:examplebucket/*"]}]}`
		public = `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:174649585760xxxx:examplebucket/*"]}]}`
		otherBucket = `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["20214760404935xxxx"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:174649585760xxxx:otherbucket/*"]}]}`
		malformed = `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:174649585760xxxx:examplebucket/*"],"Condtion":{}}]}`
	case bucketpolicy.COS:
		private = `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]},"action":["name/cos:GetObject","name/cos:GetBucketPolicy"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"]}]}`
		public = `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::anyone:anyone"]},"action":["name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"]}]}`
		otherBucket = `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]},"action":["name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:otherbucket-1250000000/*"]}]}`
		malformed = `{"version":"2.0","statement":[{"effect":"allow","principal":"*","action":["name/cos:GetObject"],"resource":["*"],"condtion":{}}]}`
	default:
		private = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":["s3:GetObject","s3:GetBucketPolicy"],"Resource":["arn:aws:s3:::examplebucket","arn:aws:s3:::examplebucket/*"]}]}`
		public = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::examplebucket/*"}]}`
		otherBucket = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::otherbucket/*"}]}`
		malformed = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::examplebucket/*","Condtion":{}}]}`
	}
	return
}

type errorBody struct {
	Code string `xml:"Code"`
	EC   string `xml:"EC"`
}

// expectError checks a reply's status and code (and OSS's EC).
func expectError(t *testing.T, resp *http.Response, status int, code, ec string) {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	var e errorBody
	if err := xml.Unmarshal(b, &e); err != nil {
		t.Fatalf("status %d, body %q: not an error document: %v", resp.StatusCode, b, err)
	}
	if resp.StatusCode != status || e.Code != code || (ec != "" && e.EC != ec) {
		t.Errorf("got %d %s %s, want %d %s %s (%s)", resp.StatusCode, e.Code, e.EC, status, code, ec, b)
	}
}

// TestPolicyAPI covers http.md §2's table cell by cell, for every cloud.
func TestPolicyAPI(t *testing.T) {
	for _, d := range []bucketpolicy.Dialect{bucketpolicy.AWS, bucketpolicy.OBS, bucketpolicy.OSS, bucketpolicy.COS} {
		t.Run(d.String(), func(t *testing.T) {
			s := newPolicyServer(d)
			private, public, otherBucket, malformed := s.docs()
			putStatus := http.StatusNoContent
			if d == bucketpolicy.OSS {
				putStatus = http.StatusOK
			}
			badCode := "MalformedPolicy"
			if d == bucketpolicy.OSS {
				badCode = "InvalidPolicyDocument"
			}

			// GET without a policy.
			expectError(t, s.do(t, "GET", "policy", s.owner, nil, nil), 404, "NoSuchBucketPolicy", "")
			// policyStatus without a policy.
			resp := s.do(t, "GET", "policyStatus", s.owner, nil, nil)
			switch d {
			case bucketpolicy.OSS:
				expectStatus(t, resp, false, "")
			case bucketpolicy.COS:
				expectError(t, resp, 501, "NotImplemented", "")
			default:
				expectError(t, resp, 404, "NoSuchBucketPolicy", "")
			}
			// DELETE without a policy.
			if resp := s.do(t, "DELETE", "policy", s.owner, nil, nil); resp.StatusCode != 204 {
				t.Errorf("DELETE without a policy: %d", resp.StatusCode)
			}

			// PUT, then GET returns the bytes unchanged.
			resp = s.do(t, "PUT", "policy", s.owner, []byte(private), nil)
			if resp.StatusCode != putStatus {
				b, _ := io.ReadAll(resp.Body)
				t.Fatalf("PUT: %d %s, want %d", resp.StatusCode, b, putStatus)
			}
			if b, _ := io.ReadAll(resp.Body); len(b) != 0 {
				t.Errorf("PUT answered a body: %q", b)
			}
			resp = s.do(t, "GET", "policy", s.owner, nil, nil)
			if b, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || string(b) != private || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("GET: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), b)
			}
			if d != bucketpolicy.COS {
				expectStatus(t, s.do(t, "GET", "policyStatus", s.owner, nil, nil), false, map[bool]string{true: "http://obs.myhwclouds.com/doc/2015-06-30/"}[d == bucketpolicy.OBS])
			}

			// Who may call: the policy lets the owner's user read it, not
			// write it; another account nothing.
			if resp := s.do(t, "GET", "policy", s.same, nil, nil); resp.StatusCode != 200 {
				t.Errorf("a user the policy allows: %d", resp.StatusCode)
			}
			expectError(t, s.do(t, "PUT", "policy", s.same, []byte(private), nil), 403, "AccessDenied", "")
			expectError(t, s.do(t, "GET", "policy", s.other, nil, nil), 403, "AccessDenied", "")
			expectError(t, s.do(t, "GET", "policy", "", nil, nil), 403, "AccessDenied", "")

			// Bad documents.
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(malformed), nil), 400, badCode, map[bool]string{true: "0030-00000005"}[d == bucketpolicy.OSS])
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(otherBucket), nil), 400, badCode, "")
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(""), nil), 400, badCode, "")
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte("not json"), nil), 400, badCode, "")
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte("{\"Version\":\"\xff\"}"), nil), 400, badCode, map[bool]string{true: "0030-00000004"}[d == bucketpolicy.OSS])
			big := []byte(private[:len(private)-1] + `,"Id":"` + strings.Repeat("x", 21000) + `"}`)
			sizeCode := map[bucketpolicy.Dialect]string{bucketpolicy.AWS: "MalformedPolicy", bucketpolicy.OBS: "EntityTooLarge",
				bucketpolicy.OSS: "InvalidPolicyDocument", bucketpolicy.COS: "MalformedPolicy"}[d]
			sizeEC := map[bool]string{true: "0030-00000001"}[d == bucketpolicy.OSS]
			expectError(t, s.do(t, "PUT", "policy", s.owner, big, nil), 400, sizeCode, sizeEC)
			// Without Content-Length (chunked) and with a lying one.
			expectError(t, s.doChunked(t, big), 400, sizeCode, sizeEC)
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(private), http.Header{"Content-Length": {"12"}}), 400, "IncompleteBody", "")
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(private), http.Header{"Content-Length": {"900"}}), 400, "IncompleteBody", "")

			// Digests.
			sum := md5.Sum([]byte(private))
			good := base64.StdEncoding.EncodeToString(sum[:])
			if resp := s.do(t, "PUT", "policy", s.owner, []byte(private), http.Header{"Content-Md5": {good}}); resp.StatusCode != putStatus {
				t.Errorf("a right Content-MD5: %d", resp.StatusCode)
			}
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(private), http.Header{"Content-Md5": {base64.StdEncoding.EncodeToString(make([]byte, 16))}}), 400, "BadDigest", "")
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(private), http.Header{"Content-Md5": {"nope"}}), 400, "InvalidDigest", "")
			crc := crc32.ChecksumIEEE([]byte(private))
			crcHeader := base64.StdEncoding.EncodeToString([]byte{byte(crc >> 24), byte(crc >> 16), byte(crc >> 8), byte(crc)})
			if resp := s.do(t, "PUT", "policy", s.owner, []byte(private), http.Header{"X-Amz-Checksum-Crc32": {crcHeader}}); resp.StatusCode != putStatus {
				t.Errorf("a right x-amz-checksum-crc32: %d", resp.StatusCode)
			}
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(private), http.Header{"X-Amz-Checksum-Crc32": {"AAAAAA=="}}), 400, "BadDigest", "")

			// Block Public Access.
			s.bpa = true
			expectError(t, s.do(t, "PUT", "policy", s.owner, []byte(public), nil), 403, "AccessDenied", "")
			s.bpa = false
			if resp := s.do(t, "PUT", "policy", s.owner, []byte(public), nil); resp.StatusCode != putStatus {
				t.Errorf("a public policy with Block Public Access off: %d", resp.StatusCode)
			}
			if d != bucketpolicy.COS {
				expectStatus(t, s.do(t, "GET", "policyStatus", s.owner, nil, nil), true, map[bool]string{true: "http://obs.myhwclouds.com/doc/2015-06-30/"}[d == bucketpolicy.OBS])
			}

			// The owner is never locked out, whatever the policy says.
			denyAll := strings.Replace(strings.Replace(public, `"Allow"`, `"Deny"`, 1), `"allow"`, `"deny"`, 1)
			denyAll = strings.Replace(denyAll, "GetObject", "*", 1)
			denyAll = strings.Replace(strings.Replace(strings.Replace(denyAll, "/*", "", -1), `"oss:*"`, `"oss:*"`, 1), `"s3:*"`, `"s3:*"`, 1)
			if resp := s.do(t, "PUT", "policy", s.owner, []byte(denyAll), nil); resp.StatusCode != putStatus {
				b, _ := io.ReadAll(resp.Body)
				t.Fatalf("PUT deny-all: %d %s", resp.StatusCode, b)
			}
			if resp := s.do(t, "GET", "policy", s.owner, nil, nil); resp.StatusCode != 200 {
				t.Errorf("the owner under a deny-all policy: GET %d", resp.StatusCode)
			}
			if resp := s.do(t, "DELETE", "policy", s.owner, nil, nil); resp.StatusCode != 204 {
				t.Errorf("the owner under a deny-all policy: DELETE %d", resp.StatusCode)
			}
			expectError(t, s.do(t, "GET", "policy", s.owner, nil, nil), 404, "NoSuchBucketPolicy", "")
		})
	}
}

func (s *policyServer) doChunked(t *testing.T, body []byte) *http.Response {
	t.Helper()
	r := httptest.NewRequest("PUT", "http://"+s.host+s.path+"?policy", io.MultiReader(bytes.NewReader(body)))
	r.ContentLength = -1
	r.RemoteAddr = "203.0.113.5:4711"
	m, err := s.mapper.Map(r, policyhttp.Caller{Principal: s.owner, Owner: true}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.handler.Serve(w, r, m, "REQ1")
	return w.Result()
}

func expectStatus(t *testing.T, resp *http.Response, public bool, ns string) {
	t.Helper()
	b, _ := io.ReadAll(resp.Body)
	var st struct {
		XMLName  xml.Name
		IsPublic bool `xml:"IsPublic"`
	}
	if err := xml.Unmarshal(b, &st); err != nil || resp.StatusCode != 200 || st.XMLName.Local != "PolicyStatus" || st.XMLName.Space != ns || st.IsPublic != public {
		t.Errorf("policyStatus: %d %s, want IsPublic %v in namespace %q", resp.StatusCode, b, public, ns)
	}
}

// TestPolicyAPIMethodNotAllowed: on S3, a caller of another account that
// the policy allows is answered 405.
func TestPolicyAPIMethodNotAllowed(t *testing.T) {
	s := newPolicyServer(bucketpolicy.AWS)
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetBucketPolicy","Resource":"arn:aws:s3:::examplebucket"}]}`
	if resp := s.do(t, "PUT", "policy", s.owner, []byte(doc), nil); resp.StatusCode != 204 {
		t.Fatalf("PUT: %d", resp.StatusCode)
	}
	expectError(t, s.do(t, "GET", "policy", s.other, nil, nil), 405, "MethodNotAllowed", "")
	if resp := s.do(t, "GET", "policy", s.same, nil, nil); resp.StatusCode != 200 {
		t.Errorf("a user of the owner's account: %d", resp.StatusCode)
	}
}

// TestPolicyAPIConcurrent: puts, gets, deletes and evaluations at once.
// Every GET returns a whole document that was put, and every evaluation
// sees a policy that was in force: never a mixture. Run it under -race.
func TestPolicyAPIConcurrent(t *testing.T) {
	s := newPolicyServer(bucketpolicy.AWS)
	docs := make([]string, 4)
	for i := range docs {
		docs[i] = fmt.Sprintf(`{"Version":"2012-10-17","Id":"v%d","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::examplebucket/v%d/*"}]}`, i, i)
	}
	var wg sync.WaitGroup
	const workers, rounds = 16, 60
	errs := make(chan string, workers*rounds)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				switch (w + i) % 4 {
				case 0:
					doc := docs[(w*7+i)%len(docs)]
					if resp := s.do(t, "PUT", "policy", s.owner, []byte(doc), nil); resp.StatusCode != 204 {
						errs <- fmt.Sprintf("PUT %d", resp.StatusCode)
					}
				case 1:
					resp := s.do(t, "GET", "policy", s.owner, nil, nil)
					b, _ := io.ReadAll(resp.Body)
					if resp.StatusCode == 200 && !contains(docs, string(b)) {
						errs <- "GET returned a document never put: " + string(b)
					} else if resp.StatusCode != 200 && resp.StatusCode != 404 {
						errs <- fmt.Sprintf("GET %d", resp.StatusCode)
					}
				case 2:
					if i%5 == 0 {
						s.do(t, "DELETE", "policy", s.owner, nil, nil)
					}
				case 3:
					p, err := s.handler.Policy(t.Context(), s.bucket)
					if err != nil {
						errs <- err.Error()
						continue
					}
					if p != nil && !contains(docs, p.String()) {
						errs <- "enforcement saw a policy never put"
					}
					// The compiled policy and its document agree.
					if p != nil {
						v := p.String()[len(`{"Version":"2012-10-17","Id":"v`)]
						req := bucketpolicy.Request{Principal: "arn:aws:iam::111122223333:user/alice", Action: "s3:GetObject",
							Resource: "arn:aws:s3:::examplebucket/v" + string(v) + "/k"}
						if p.Evaluate(req) != bucketpolicy.Allow {
							errs <- "the compiled policy does not match its document"
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
