package bucketpolicy

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// awsDoc builds an aws policy with one Allow statement for everyone.
func awsDoc(action, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Principal":"*","Action":` + action +
		`,"Resource":` + resource + `}]}`
}

func TestWithBucket(t *testing.T) {
	tests := []struct {
		name    string
		dialect Dialect
		bucket  string
		doc     string
		opts    []Option
		path    string // "" : accepted
		msg     string // the start of the message
	}{
		{name: "aws object", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`"s3:GetObject"`, `"arn:aws:s3:::example-bucket/*"`)},
		{name: "aws bucket and objects", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`["s3:ListBucket","s3:GetObject"]`, `["arn:aws:s3:::example-bucket","arn:aws:s3:::example-bucket/*"]`)},
		{name: "aws wildcard bucket that can match", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`"s3:GetObject"`, `"arn:aws:s3:::example-*/*"`)},
		{name: "aws question mark that can match", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`"s3:GetObject"`, `"arn:aws:s3:::example-bucke?/*"`)},
		{name: "aws variable in the bucket counts as a wildcard", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`"s3:GetObject"`, `"arn:aws:s3:::${aws:username}/*"`)},
		{name: "aws other partition", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`"s3:GetObject"`, `"arn:aws-cn:s3:::example-bucket/*"`)},
		{name: "aws another bucket", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:GetObject"`, `"arn:aws:s3:::other-bucket/*"`),
			path: "Statement[0].Resource", msg: `Policy has invalid resource: "arn:aws:s3:::other-bucket/*" names bucket "other-bucket", and the policy is put on bucket "example-bucket"`},
		{name: "aws wildcard that cannot match", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:GetObject"`, `["arn:aws:s3:::example-bucket/*","arn:aws:s3:::logs-*/*"]`),
			path: "Statement[0].Resource[1]", msg: `Policy has invalid resource: "arn:aws:s3:::logs-*/*" names buckets "logs-*", none of which is "example-bucket"`},
		{name: "aws the bucket as a prefix of another", dialect: AWS, bucket: "example",
			doc:  awsDoc(`"s3:GetObject"`, `"arn:aws:s3:::example-bucket/*"`),
			path: "Statement[0].Resource", msg: "Policy has invalid resource"},
		{name: "aws star", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:GetObject"`, `"*"`),
			path: "Statement[0].Resource", msg: `Policy has invalid resource: "*" is every resource`},
		{name: "obs star", dialect: OBS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:GetObject"`, `"*"`),
			path: "Statement[0].Resource", msg: "Policy has invalid resource"},
		{name: "aws NotResource of another bucket", dialect: AWS, bucket: "example-bucket",
			doc:  `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","NotResource":"arn:aws:s3:::other/*"}]}`,
			path: "Statement[0].NotResource", msg: "Policy has invalid resource"},
		{name: "aws misspelt action", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:GetObjekt"`, `"arn:aws:s3:::example-bucket/*"`),
			path: "Statement[0].Action", msg: `Policy has invalid action: "s3:GetObjekt" is not an action S3 defines; did you mean "s3:GetObject"?`},
		{name: "aws action in another case", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`"S3:getobject"`, `"arn:aws:s3:::example-bucket/*"`)},
		{name: "aws API name", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:ListObjectsV2"`, `"arn:aws:s3:::example-bucket"`),
			path: "Statement[0].Action", msg: `Policy has invalid action: "s3:ListObjectsV2" is not an action S3 defines; ListObjectsV2 is the name of an API operation, which S3 authorizes with s3:ListBucket`},
		{name: "aws wildcard matching none", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:Foo*"`, `"arn:aws:s3:::example-bucket/*"`),
			path: "Statement[0].Action", msg: `Policy has invalid action: "s3:Foo*" matches no action S3 defines`},
		{name: "aws bucket action on objects", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:ListBucket"`, `"arn:aws:s3:::example-bucket/*"`),
			path: "Statement[0].Action", msg: `Action does not apply to any resource(s) in statement: "s3:ListBucket" applies to resources of type accesspoint, bucket, and the statement's resources are "arn:aws:s3:::example-bucket/*" (of type object); add the bucket, arn:aws:s3:::example-bucket`},
		{name: "aws object action on the bucket", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`["s3:ListBucket","s3:GetObject"]`, `"arn:aws:s3:::example-bucket"`),
			path: "Statement[0].Action[1]", msg: `Action does not apply to any resource(s) in statement: "s3:GetObject" applies to resources of type accesspointobject, object, and the statement's resources are "arn:aws:s3:::example-bucket" (of type bucket); add its objects, arn:aws:s3:::example-bucket/*`},
		{name: "aws wildcard with one action that applies", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`"s3:*"`, `"arn:aws:s3:::example-bucket/*"`)},
		{name: "aws star action on the bucket", dialect: AWS, bucket: "example-bucket",
			doc: awsDoc(`"*"`, `"arn:aws:s3:::example-bucket"`)},
		{name: "aws wildcard with no action that applies", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:PutBucket*"`, `"arn:aws:s3:::example-bucket/*"`),
			path: "Statement[0].Action", msg: `Action does not apply to any resource(s) in statement: "s3:PutBucket*" matches S3 actions on resources of type bucket`},
		{name: "aws action without a resource type", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:ListAllMyBuckets"`, `"arn:aws:s3:::example-bucket"`),
			path: "Statement[0].Action", msg: `Action does not apply to any resource(s) in statement: "s3:ListAllMyBuckets" applies to no resource type`},
		{name: "aws NotAction is checked for names", dialect: AWS, bucket: "example-bucket",
			doc:  `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObjekt","Resource":"arn:aws:s3:::example-bucket/*"}]}`,
			path: "Statement[0].NotAction", msg: "Policy has invalid action"},
		{name: "aws NotAction is not checked for resources", dialect: AWS, bucket: "example-bucket",
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","NotAction":"s3:ListBucket","Resource":"arn:aws:s3:::example-bucket/*"}]}`},
		{name: "aws NotResource is not checked for resource types", dialect: AWS, bucket: "example-bucket",
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:ListBucket","NotResource":"arn:aws:s3:::example-bucket/public/*"}]}`},
		{name: "aws the first problem in document order", dialect: AWS, bucket: "example-bucket",
			doc:  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Resource":"arn:aws:s3:::other/*","Action":"s3:GetObjekt"}]}`,
			path: "Statement[0].Resource", msg: "Policy has invalid resource"},
		{name: "obs-only action", dialect: OBS, bucket: "example-bucket",
			doc: awsDoc(`"s3:PutBucketQuota"`, `"arn:aws:s3:::example-bucket"`)},
		{name: "obs-only action on objects", dialect: OBS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:GetBucketStorage"`, `"arn:aws:s3:::example-bucket/*"`),
			path: "Statement[0].Action", msg: "Action does not apply to any resource(s) in statement"},
		{name: "obs-only action in aws", dialect: AWS, bucket: "example-bucket",
			doc:  awsDoc(`"s3:PutBucketQuota"`, `"arn:aws:s3:::example-bucket"`),
			path: "Statement[0].Action", msg: "Policy has invalid action"},
		{name: "host action", dialect: AWS, bucket: "example-bucket", opts: []Option{WithActions("s3:MyAction")},
			doc: awsDoc(`["s3:myaction","s3:GetObject"]`, `"arn:aws:s3:::example-bucket/*"`)},
		{name: "host action applies to every resource", dialect: AWS, bucket: "example-bucket", opts: []Option{WithActions("s3:MyAction")},
			doc: awsDoc(`"s3:MyAction"`, `"arn:aws:s3:::example-bucket"`)},
		{name: "wildcard matching only a host action", dialect: AWS, bucket: "example-bucket", opts: []Option{WithActions("s3:MyAction", "s3:MyOther")},
			doc: awsDoc(`"s3:My*"`, `"arn:aws:s3:::example-bucket"`)},
		{name: "host action misspelt", dialect: AWS, bucket: "example-bucket", opts: []Option{WithActions("s3:MyAction")},
			doc:  awsDoc(`"s3:MyActoin"`, `"arn:aws:s3:::example-bucket"`),
			path: "Statement[0].Action", msg: `Policy has invalid action: "s3:MyActoin" is not an action S3 defines; did you mean "s3:myaction"?`},
		{name: "oss star", dialect: OSS, bucket: "example-bucket",
			doc: `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["1"],"Action":"oss:GetObject","Resource":"*"}]}`},
		{name: "oss any bucket", dialect: OSS, bucket: "example-bucket",
			doc: `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["1"],"Action":"oss:GetObject","Resource":"acs:oss:*:*:*"}]}`},
		{name: "oss another bucket", dialect: OSS, bucket: "example-bucket",
			doc:  `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["1"],"Action":"oss:GetObject","Resource":["acs:oss:*:1:example-bucket/*","acs:oss:*:1:other/*"]}]}`,
			path: "Statement[0].Resource[1]", msg: `Policy has invalid resource: "acs:oss:*:1:other/*" names bucket "other"`},
		{name: "oss unknown action is not refused", dialect: OSS, bucket: "example-bucket",
			doc: `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["1"],"Action":"oss:GetObjekt","Resource":"acs:oss:*:1:example-bucket"}]}`},
		{name: "oss vector bucket", dialect: OSS, bucket: "vector-bucket-example",
			doc: `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["1"],"Action":"oss:GetVectors","Resource":"acs:ossvector:*:*:vector-bucket-example/indextest"}]}`},
		{name: "oss vector bucket written bucket/NAME", dialect: OSS, bucket: "vector-example",
			doc: `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["1"],"Action":"oss:GetVectors","Resource":"acs:ossvector:cn-hangzhou:1:bucket/vector-example/*"}]}`},
		{name: "oss bucket/NAME is read so for vector buckets only", dialect: OSS, bucket: "vector-example",
			doc:  `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["1"],"Action":"oss:GetObject","Resource":"acs:oss:cn-hangzhou:1:bucket/vector-example/*"}]}`,
			path: "Statement[0].Resource", msg: "Policy has invalid resource"},
		{name: "cos star", dialect: COS, bucket: "examplebucket-1250000000",
			doc: `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["*"]},"action":"name/cos:GetObject","resource":"*"}]}`},
		{name: "cos another bucket", dialect: COS, bucket: "examplebucket-1250000000",
			doc:  `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["*"]},"action":"name/cos:GetObject","resource":"qcs::cos:ap-guangzhou:uid/1250000000:other-1250000000/*"}]}`,
			path: "statement[0].resource", msg: `Policy has invalid resource: "qcs::cos:ap-guangzhou:uid/1250000000:other-1250000000/*" names bucket "other-1250000000"`},
		{name: "cos unknown action is not refused", dialect: COS, bucket: "examplebucket-1250000000",
			doc: `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["*"]},"action":"name/cos:GetObjekt","resource":"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]Option{WithDialect(tt.dialect), WithBucket(tt.bucket)}, tt.opts...)
			_, err := Parse([]byte(tt.doc), opts...)
			if tt.path == "" {
				if err != nil {
					t.Fatalf("want accepted, got %v", err)
				}
				return
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("want an *Error at %s, got %v", tt.path, err)
			}
			if pe.Path != tt.path || !strings.HasPrefix(pe.Message, tt.msg) || pe.Code != errorCode(tt.dialect) || pe.Err != nil {
				t.Errorf("got %s (code %s, wraps %v)\nwant %s: %s...", pe, pe.Code, pe.Err, tt.path, tt.msg)
			}
			if pe.Offset < 0 || pe.Line == 0 {
				t.Errorf("no place: offset %d, line %d", pe.Offset, pe.Line)
			}
			// A plain Parse accepts what only the acceptance rules refuse.
			if _, err := Parse([]byte(tt.doc), WithDialect(tt.dialect)); err != nil {
				t.Errorf("plain Parse: %v", err)
			}
		})
	}
}

func TestAcceptOptionErrors(t *testing.T) {
	doc := []byte(awsDoc(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`))
	cosDoc := []byte(`{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["*"]},"action":"name/cos:GetObject","resource":"*"}]}`)
	tests := []struct {
		name string
		doc  []byte
		opts []Option
		msg  string
	}{
		{"empty bucket", doc, []Option{WithBucket("")}, "WithBucket: the bucket name is empty"},
		{"slash in bucket", doc, []Option{WithBucket("b/k")}, `WithBucket: invalid bucket name "b/k"`},
		{"wildcard bucket", doc, []Option{WithBucket("b*")}, `WithBucket: invalid bucket name "b*"`},
		{"control character", doc, []Option{WithBucket("b\n")}, `WithBucket: invalid bucket name "b\n"`},
		{"long bucket", doc, []Option{WithBucket(strings.Repeat("b", 256))}, "WithBucket: the bucket name is 256 bytes long"},
		{"cos bucket without APPID", cosDoc, []Option{WithBucket("examplebucket")}, "WithBucket: a cos bucket is named NAME-APPID"},
		{"cos bucket with a bad APPID", cosDoc, []Option{WithBucket("examplebucket-12a")}, "WithBucket: a cos bucket is named NAME-APPID"},
		{"action without prefix", doc, []Option{WithBucket("b"), WithActions("MyAction")}, `WithActions: invalid action "MyAction"`},
		{"action of another service", doc, []Option{WithBucket("b"), WithActions("oss:MyAction")}, `WithActions: invalid action "oss:MyAction"`},
		{"wildcard action", doc, []Option{WithBucket("b"), WithActions("s3:My*")}, `WithActions: invalid action "s3:My*"`},
		{"empty action name", doc, []Option{WithActions("s3:")}, `WithActions: invalid action "s3:"`},
		{"second action bad", doc, []Option{WithActions("s3:Good", "s3:b-ad")}, `WithActions: invalid action "s3:b-ad"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.doc, tt.opts...)
			var pe *Error
			if !errors.As(err, &pe) || !errors.Is(err, ErrOption) || pe.Code != "InvalidArgument" || pe.Offset != -1 {
				t.Fatalf("want an option error, got %#v", err)
			}
			if !strings.HasPrefix(pe.Message, tt.msg) {
				t.Errorf("got %q, want it to start with %q", pe.Message, tt.msg)
			}
		})
	}
	// WithActions alone does not apply the rules; WithBucket's last call wins.
	if _, err := Parse([]byte(awsDoc(`"s3:GetObjekt"`, `"*"`)), WithActions("s3:MyAction")); err != nil {
		t.Errorf("WithActions alone: %v", err)
	}
	if _, err := Parse([]byte(awsDoc(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`)), WithBucket("other"), WithBucket("b")); err != nil {
		t.Errorf("WithBucket twice: %v", err)
	}
	// An option value is reused safely across Parse calls.
	opt := WithActions("s3:MyAction")
	for range 2 {
		if _, err := Parse([]byte(awsDoc(`"s3:MyAction"`, `"arn:aws:s3:::b"`)), WithBucket("b"), opt); err != nil {
			t.Errorf("reused option: %v", err)
		}
	}
}

// TestAcceptIssues checks what lint reads: every problem, in document
// order, with its kind, place and suggestion.
func TestAcceptIssues(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Principal":"*","Action":["s3:GetObjekt","s3:ListBucket"],"Resource":["arn:aws:s3:::other/*","*"]},` +
		`{"Effect":"Allow","Principal":"*","Action":["s3:HeadObject","s3:Foo*","s3:ListBucket"],"Resource":"arn:aws:s3:::b/*"}]}`
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Kind    acceptKind
		At      string
		Suggest string
	}
	collect := func(r *acceptRules) []got {
		var out []got
		p.acceptIssues(r, func(is acceptIssue) bool {
			out = append(out, got{is.kind, doc[is.off : is.off+min(len(doc)-is.off, 16)], is.suggest})
			return true
		})
		return out
	}
	want := []got{
		{acceptAction, `"s3:GetObjekt","`, "s3:GetObject"},
		{acceptResource, `"arn:aws:s3:::ot`, ""},
		{acceptResource, `"*"]},{"Effect":`, ""},
		{acceptAction, `"s3:HeadObject",`, "s3:GetObject"},
		{acceptAction, `"s3:Foo*","s3:Li`, ""},
		{acceptNoResource, `"s3:ListBucket"]`, ""},
	}
	if diff := cmp.Diff(want, collect(&acceptRules{bucket: "b"})); diff != "" {
		t.Errorf("with a bucket (-want +got):\n%s", diff)
	}
	// Without a bucket: the catalogue alone (lint's warnings).
	var noBucket []got
	for _, g := range want {
		if g.Kind != acceptResource {
			noBucket = append(noBucket, g)
		}
	}
	if diff := cmp.Diff(noBucket, collect(&acceptRules{})); diff != "" {
		t.Errorf("without a bucket (-want +got):\n%s", diff)
	}
	// report returning false stops the walk.
	n := 0
	p.acceptIssues(&acceptRules{bucket: "b"}, func(acceptIssue) bool { n++; return false })
	if n != 1 {
		t.Errorf("stop: %d calls", n)
	}
}

// TestAcceptMatchesCatalog checks that the bit masks agree with the
// catalogue's own lookups: catalogS3AppliesTo for every action and a set of
// resources, catalogS3ActionsMatching for wildcards.
func TestAcceptMatchesCatalog(t *testing.T) {
	cat := s3Catalogs()[false]
	resources := []string{"*", "arn:aws:s3:::b", "arn:aws:s3:::b/*", "arn:aws:s3:::b*", "arn:aws:s3:::*", "arn:aws:s3:::b/",
		"arn:aws:s3:::b?c", "arn:aws:s3:::${aws:username}", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:s3:::b:c",
		"arn:aws:s3:us-west-2:123456789012:accesspoint/ap", "arn:aws:s3:::b/k:v"}
	for i := range catalogS3Actions {
		a := &catalogS3Actions[i]
		for _, r := range resources {
			star := r == "*"
			var m uint32
			if !star {
				m = resourceTypesOf(r)
			}
			got := star || cat.masks[cat.byName[asciiLower(a.name)]]&m != 0
			if want := catalogS3AppliesTo(a, r); got != want {
				t.Errorf("%s on %s: masks say %v, catalogS3AppliesTo %v", a.name, r, got, want)
			}
		}
	}
	for _, pat := range []string{"*", "get*", "Get*Acl", "put?ucket*", "list*", "*tagging", "foo*", "g?tobject", "*object*version*"} {
		p, _ := compilePattern(asciiLower(pat), syntax{wildcards: true}, &Limits{}, false)
		var got []string
		for i, a := range cat.lower {
			if p.match(a, nil) {
				got = append(got, cat.names[i])
			}
		}
		var want []string
		for _, a := range catalogS3ActionsMatching(pat) {
			want = append(want, a.name)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-catalogS3ActionsMatching +acceptance):\n%s", pat, diff)
		}
	}
	obs := s3Catalogs()[true]
	if len(obs.names) != len(cat.names)+len(obsOnlyActions) {
		t.Errorf("obs catalogue has %d actions, want %d", len(obs.names), len(cat.names)+len(obsOnlyActions))
	}
	for _, name := range obsOnlyActions {
		if _, ok := catalogS3Action(name); ok {
			t.Errorf("%s is in S3's catalogue now: drop it from obsOnlyActions", name)
		}
	}
}

// TestResourceTypesOf checks the bit-parallel matcher against
// catalogARNCanMatch on random patterns built from the pieces of S3's ARN
// formats, wildcards and policy variables.
func TestResourceTypesOf(t *testing.T) {
	pieces := []string{"arn:aws:s3:::", "arn:aws:s3:", "arn:", "aws", ":", "::", "/", "s3", "b", "bucket", "accesspoint",
		"accesspoint/", "object/", "job/", "storage-lens", "-group/", "access-grants/default", "/grant/", "/location/",
		"async-request/mrap/", "us-west-2", "123456789012", "*", "?", "${aws:username}", "${", "}", "$", "-", "s3-object-lambda"}
	seed := uint64(1)
	next := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		if next(2) == 0 {
			b.WriteString("arn:aws:s3:::")
		}
		for k := next(7); k >= 0; k-- {
			b.WriteString(pieces[next(len(pieces))])
		}
		res := b.String()
		var want uint32
		for i := range catalogS3ResourceTypes {
			if catalogARNCanMatch(res, catalogS3ResourceTypes[i].arn) {
				want |= 1 << i
			}
		}
		if got := resourceTypesOf(res); got != want {
			t.Fatalf("%q: got types %s, catalogARNCanMatch says %s", res, typeNames(got), typeNames(want))
		}
	}
	for i, a := range formatAutomata() {
		if a == nil {
			t.Errorf("the format of %s has no automaton", catalogS3ResourceTypes[i].name)
		}
	}
}

// BenchmarkParseWithBucket is Parse of the benchmark policies with the
// acceptance rules, beside BenchmarkParse without them.
func BenchmarkParseWithBucket(b *testing.B) {
	for _, bm := range []struct{ name, file, bucket string }{
		{"Small3", "small3.json", "mybucket"},
		{"Large100", "large100.json", "mybucket"},
	} {
		doc, err := os.ReadFile("testdata/bench/" + bm.file)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Parse(doc, WithBucket(bm.bucket)); err != nil {
			b.Fatalf("%s: %v", bm.name, err)
		}
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Parse(doc, WithBucket(bm.bucket)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzAcceptPublic holds the acceptance rules and the public verdict to
// their invariants on any document Parse accepts: neither panics; Parse
// with WithBucket fails exactly when acceptIssues reports a problem, with
// an *Error placed inside the document; every public statement is an Allow.
func FuzzAcceptPublic(f *testing.F) {
	f.Add([]byte(awsDoc(`["s3:GetObjekt","s3:ListBucket"]`, `["arn:aws:s3:::other/*","*"]`)), uint8(AWS), "b")
	f.Add([]byte(awsDoc(`"s3:Get*"`, `"arn:aws:s3:::b*"`)), uint8(OBS), "bucket")
	f.Add([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetVectors","Resource":"acs:ossvector:*:*:bucket/v/*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/7"}}}]}`), uint8(OSS), "v")
	f.Add([]byte(`{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["*"]},"action":"name/cos:GetObject","resource":"qcs::cos:*:uid/1:b-1/*","condition":{"string_equal":{"qcs:vpc":"vpc-1"}}}]}`), uint8(COS), "b-1")
	f.Fuzz(func(t *testing.T, doc []byte, d uint8, bucket string) {
		dialect := Dialect(d%4 + 1)
		p, err := Parse(doc, WithDialect(dialect))
		if err != nil {
			return
		}
		v := p.Public()
		if v.Public != (len(v.Statements) > 0) {
			t.Fatalf("verdict %v with %d statements", v.Public, len(v.Statements))
		}
		for _, s := range v.Statements {
			if s.Index < 0 || s.Index >= p.Len() || p.statements[s.Index].effect != Allow || s.Reason == "" {
				t.Fatalf("public statement %+v", s)
			}
		}
		if checkBucketName(bucket) != "" || (&acceptRules{bucket: bucket}).checkFor(dialect) != "" {
			return
		}
		n := 0
		p.acceptIssues(&acceptRules{bucket: bucket}, func(is acceptIssue) bool {
			if is.off < 0 || is.off >= len(doc) || is.msg == "" {
				t.Fatalf("issue %+v", is)
			}
			n++
			return true
		})
		_, err = Parse(doc, WithDialect(dialect), WithBucket(bucket))
		var pe *Error
		switch {
		case n == 0 && err != nil:
			t.Fatalf("no issue, yet %v", err)
		case n > 0 && (!errors.As(err, &pe) || pe.Offset < 0 || pe.Offset >= len(doc)):
			t.Fatalf("%d issues, yet %v", n, err)
		}
	})
}
