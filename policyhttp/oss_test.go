package policyhttp

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
)

// The OSS table's behaviour that the case files cannot show: the host's
// owner callback, tags from storage, the body put back, allocations.

var ossTime = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func ossRequest(t testing.TB, method, url string, body string, header map[string]string) *http.Request {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	r.RemoteAddr = "203.0.113.5:4711"
	for k, v := range header {
		r.Header.Set(k, v)
	}
	return r
}

func TestOSSOwnerOf(t *testing.T) {
	owners := map[string]string{"example-bucket": "1111", "src-bucket": "2222"}
	m := &Mapper{Dialect: bucketpolicy.OSS, Region: "cn-hangzhou", BucketOwner: "9999",
		OwnerOf: func(b string) string { return owners[b] }}
	tests := []struct {
		name, url, source string
		want              []string // resources; nil: an error
		status            int
	}{
		{"the bucket's owner", "http://oss-cn-hangzhou.aliyuncs.com/example-bucket/a.txt", "",
			[]string{"acs:oss:cn-hangzhou:1111:example-bucket/a.txt"}, 0},
		{"a copy's source names its own owner", "http://oss-cn-hangzhou.aliyuncs.com/example-bucket/a.txt", "/src-bucket/b.txt",
			[]string{"acs:oss:cn-hangzhou:1111:example-bucket/a.txt", "acs:oss:cn-hangzhou:2222:src-bucket/b.txt"}, 0},
		{"OwnerOf knows no owner: no fallback to BucketOwner", "http://oss-cn-hangzhou.aliyuncs.com/other-bucket/a.txt", "",
			nil, http.StatusInternalServerError},
		{"a copy from a bucket OwnerOf does not know", "http://oss-cn-hangzhou.aliyuncs.com/example-bucket/a.txt", "/other-bucket/b.txt",
			nil, http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, h := "GET", map[string]string{}
			if tt.source != "" {
				method, h["X-Oss-Copy-Source"] = "PUT", tt.source
			}
			mp, err := m.Map(ossRequest(t, method, tt.url, "", h), Caller{Principal: "2021"}, ossTime)
			if tt.want == nil {
				var e *Error
				if !errors.As(err, &e) || e.Status != tt.status {
					t.Fatalf("got %v, want a %d *Error", err, tt.status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(mp.Checks) != len(tt.want) {
				t.Fatalf("%d checks, want %d", len(mp.Checks), len(tt.want))
			}
			for i, w := range tt.want {
				if mp.Checks[i].Resource != w {
					t.Errorf("check %d: resource %q, want %q", i, mp.Checks[i].Resource, w)
				}
			}
		})
	}
}

func TestOSSExistingObjectTags(t *testing.T) {
	var asked []string
	m := &Mapper{Dialect: bucketpolicy.OSS, Region: "cn-hangzhou", BucketOwner: "1111",
		ObjectTags: func(bucket, key, version string) (map[string]string, error) {
			asked = append(asked, bucket+"/"+key+"@"+version)
			if key == "broken" {
				return nil, errors.New("disk on fire")
			}
			return map[string]string{"team": "blue", "class": "secret"}, nil
		}}
	tests := []struct {
		name, method, url string
		tags              bool // ExistingObjectTag keys expected
		fail              bool
	}{
		{"GetObject", "GET", "/bkt/a.txt?versionId=v1", true, false},
		{"HeadObject", "HEAD", "/bkt/a.txt", true, false},
		{"GetObjectTagging", "GET", "/bkt/a.txt?tagging", true, false},
		{"PutObject reads no stored tags", "PUT", "/bkt/a.txt", false, false},
		{"DeleteObject reads no stored tags", "DELETE", "/bkt/a.txt", false, false},
		{"a storage error refuses the request", "GET", "/bkt/broken", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked = nil
			mp, err := m.Map(ossRequest(t, tt.method, "http://oss-cn-hangzhou.aliyuncs.com"+tt.url, "", nil), Caller{}, ossTime)
			if tt.fail {
				if err == nil {
					t.Fatal("mapped, want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ctx := contextOf(&mp.Checks[0])
			got := ctx["oss:ExistingObjectTag/team"] != nil && ctx["oss:ExistingObjectTag/class"] != nil
			if got != tt.tags {
				t.Errorf("existing tag keys %v, want %v (%v)", got, tt.tags, ctx)
			}
			if tt.tags && tt.url == "/bkt/a.txt?versionId=v1" && (len(asked) != 1 || asked[0] != "bkt/a.txt@v1") {
				t.Errorf("asked storage for %v", asked)
			}
		})
	}
}

func TestOSSTooManyTagKeys(t *testing.T) {
	stored := map[string]string{}
	var body strings.Builder
	body.WriteString("<Tagging><TagSet>")
	for i := range 10 {
		stored["s"+itoa(i)] = "v"
		body.WriteString("<Tag><Key>r" + itoa(i) + "</Key><Value>v</Value></Tag>")
	}
	body.WriteString("</TagSet></Tagging>")
	m := &Mapper{Dialect: bucketpolicy.OSS, Region: "cn-hangzhou", BucketOwner: "1111",
		ObjectTags: func(string, string, string) (map[string]string, error) { return stored, nil }}
	r := ossRequest(t, "PUT", "http://oss-cn-hangzhou.aliyuncs.com/bkt/a.txt?tagging", body.String(),
		map[string]string{"User-Agent": "ua"})
	mp, err := m.Map(r, Caller{Principal: "2021", AccessKeyID: "LTAI", SourceVpc: "vpc-1"}, ossTime)
	// 6 request keys, 10 request tags, 10 stored tags: mapped if the
	// mapping holds them, else an *Error, never a panic.
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is not an *Error", err)
		}
		return
	}
	if n := len(contextOf(&mp.Checks[0])); n != 26 {
		t.Errorf("%d keys, want 26", n)
	}
}

func TestOSSVectorBodyPutBack(t *testing.T) {
	m := &Mapper{Dialect: bucketpolicy.OSS}
	body := `{"vectors":[{"key":"k","data":{"float32":[0.5,1e-3]}}],"indexName":"idx1"}`
	r := ossRequest(t, "POST", "http://vbk-1746495857602745.cn-hangzhou.oss-vectors.aliyuncs.com/?putVectors", body, nil)
	mp, err := m.Map(r, Caller{Principal: "2021"}, ossTime)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mp.Checks[0].Resource, "acs:ossvector:cn-hangzhou:1746495857602745:vbk/idx1"; got != want {
		t.Errorf("resource %q, want %q", got, want)
	}
	if mp.Key != "idx1" || mp.Checks[0].Key != "idx1" {
		t.Errorf("key %q, check key %q, want the index", mp.Key, mp.Checks[0].Key)
	}
	again, err := io.ReadAll(r.Body)
	if err != nil || string(again) != body {
		t.Errorf("the host reads %q (%v), want the body unchanged", again, err)
	}
}

func TestOSSVectorBodyTooLarge(t *testing.T) {
	m := &Mapper{Dialect: bucketpolicy.OSS}
	body := `{"indexName":"idx1","pad":"` + strings.Repeat("x", maxVectorBody) + `"}`
	r := ossRequest(t, "POST", "http://vbk-1746495857602745.cn-hangzhou.oss-vectors.aliyuncs.com/?putVectors", body, nil)
	_, err := m.Map(r, Caller{}, ossTime)
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusBadRequest {
		t.Fatalf("got %v, want a 400 *Error", err)
	}
}

func TestValidIndexName(t *testing.T) {
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"indextest", true}, {"a", true}, {"Index01", true}, {strings.Repeat("a", 63), true},
		{"", false}, {"1index", false}, {"idx-1", false}, {"a/b", false}, {"a*", false},
		{strings.Repeat("a", 64), false}, {"indéx", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := validIndexName(tt.name); got != tt.ok {
				t.Errorf("validIndexName(%q) = %v, want %v", tt.name, got, tt.ok)
			}
		})
	}
}

// TestOSSCOSAllocs holds the OSS and COS GetObject paths to what the S3
// path allocates: the mapping and its one string.
func TestOSSCOSAllocs(t *testing.T) {
	tests := []struct {
		name   string
		m      *Mapper
		url    string
		policy string
	}{
		{"oss", &Mapper{Dialect: bucketpolicy.OSS, Region: "cn-hangzhou", BucketOwner: "1111"},
			"http://oss-cn-hangzhou.aliyuncs.com/example-bucket/public/a.txt",
			`{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:*:example-bucket/public/*"],"Condition":{"IpAddress":{"acs:SourceIp":["203.0.113.0/24"]}}}]}`},
		{"cos", &Mapper{Dialect: bucketpolicy.COS},
			"http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/public/a.txt",
			`{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::anyone:anyone"]},"action":["name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/public/*"],"condition":{"ip_equal":{"qcs:ip":["203.0.113.0/24"]}}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := bucketpolicy.Parse([]byte(tt.policy), bucketpolicy.WithDialect(tt.m.Dialect))
			if err != nil {
				t.Fatal(err)
			}
			r := ossRequest(t, "GET", tt.url, "", map[string]string{"User-Agent": "sdk/1.0"})
			allocs := testing.AllocsPerRun(100, func() {
				mp, err := tt.m.Map(r, Caller{Principal: "2021"}, ossTime)
				if err != nil || mp.Decide(p) != bucketpolicy.Allow {
					t.Fatal(err)
				}
			})
			if allocs > 2 {
				t.Errorf("Map and Decide allocate %v times, want at most 2", allocs)
			}
		})
	}
}

// contextOf returns a check's keys as a map.
func contextOf(c *Check) map[string][]string {
	ctx := map[string][]string{}
	for _, k := range c.Keys {
		ctx[k.Name] = k.Values
	}
	return ctx
}
