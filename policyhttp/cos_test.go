package policyhttp

import (
	"io"
	"slices"
	"testing"

	"github.com/bucketpolicy/bucketpolicy"
)

func TestCOSEncode(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"folder1", "folder1"},
		{"folder1/", "folder1%2F"},
		{"image/jpeg", "image%2Fjpeg"},
		{"a b+c", "a%20b%2Bc"},
		{"-_.~", "-_.~"},
		{"腾", "%E8%85%BE"},
		{"100%", "100%25"},
	} {
		t.Run(tt.in, func(t *testing.T) {
			if got := cosEncode(tt.in); got != tt.want {
				t.Errorf("cosEncode(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCOSCopySource(t *testing.T) {
	for _, tt := range []struct {
		in                             string
		bucket, region, key, versionID string
		bad                            bool
	}{
		{in: "src-1250000001.cos.ap-shanghai.myqcloud.com/a%20b.jpg", bucket: "src-1250000001", region: "ap-shanghai", key: "a b.jpg"},
		{in: "src-1250000001.cos.ap-shanghai.myqcloud.com/a.jpg?versionId=MTg0", bucket: "src-1250000001", region: "ap-shanghai", key: "a.jpg", versionID: "MTg0"},
		{in: "SRC-1250000001.cos.ap-shanghai.myqcloud.com/a.jpg", bucket: "src-1250000001", region: "ap-shanghai", key: "a.jpg"},
		{in: "src-1250000001.cos.accelerate.myqcloud.com/a.jpg", bucket: "src-1250000001", key: "a.jpg"},
		{in: "/src-1250000001/a.jpg", bad: true},
		{in: "src-1250000001.cos.ap-shanghai.myqcloud.com/", bad: true},
		{in: "src.cos.ap-shanghai.myqcloud.com/a.jpg", bad: true},
		{in: "src-1250000001.cos.ap-shanghai.myqcloud.com/a.jpg?versionid=1", bad: true},
		{in: "src-1250000001.cos.ap-shanghai.myqcloud.com/%zz", bad: true},
	} {
		t.Run(tt.in, func(t *testing.T) {
			ref, err := cosCopySource(tt.in)
			if tt.bad {
				if err == nil {
					t.Fatalf("read as %+v, want an error", ref)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ref.bucket != tt.bucket || ref.region != tt.region || ref.key != tt.key || ref.versionID != tt.versionID {
				t.Errorf("got %+v", ref)
			}
		})
	}
}

func TestCOSTaggingBodyPutBack(t *testing.T) {
	m := &Mapper{Dialect: bucketpolicy.COS}
	body := "<Tagging><TagSet><Tag><Key>b</Key><Value>2</Value></Tag><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>"
	r := ossRequest(t, "PUT", "http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/?tagging", body, nil)
	mp, err := m.Map(r, Caller{Principal: "qcs::cam::uin/1:uin/1"}, ossTime)
	if err != nil {
		t.Fatal(err)
	}
	if got := contextOf(&mp.Checks[0])["qcs:request_tag"]; !slices.Equal(got, []string{"a&1", "b&2"}) {
		t.Errorf("qcs:request_tag = %q", got)
	}
	again, err := io.ReadAll(r.Body)
	if err != nil || string(again) != body {
		t.Errorf("the host reads %q (%v), want the body unchanged", again, err)
	}
	// A tag given twice is never one of the two.
	dup := "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>"
	if _, err := m.Map(ossRequest(t, "PUT", "http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/?tagging", dup, nil),
		Caller{Principal: "qcs::cam::uin/1:uin/1"}, ossTime); err == nil {
		t.Error("a tag given twice was mapped")
	}
}
