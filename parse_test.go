package bucketpolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestParseErrors checks what an error says: its code, path, place and
// sentinel. The corpus checks that invalid documents are rejected; this
// checks the details a server answers its client with.
func TestParseErrors(t *testing.T) {
	big := `{"Version":"2012-10-17","Id":"` + strings.Repeat("x", 20480) + `","Statement":[]}`
	tests := []struct {
		name string
		doc  string
		opts []Option
		want Error // Message is matched as a substring
	}{
		{
			name: "too large for aws",
			doc:  big,
			want: Error{Code: "MalformedPolicy", Offset: -1, Message: "policy exceeds the maximum allowed document size", Err: ErrTooLarge},
		},
		{
			name: "too large for oss, detected",
			doc:  `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:1:b/` + strings.Repeat("k", 16384) + `"]}]}`,
			want: Error{Code: "InvalidPolicyDocument", Offset: -1, Message: "the oss limit is 16384", Err: ErrTooLarge},
		},
		{
			name: "limit raised by option",
			doc:  big,
			opts: []Option{WithLimits(Limits{DocumentBytes: 1 << 20})},
			want: Error{Code: "MalformedPolicy", Path: "Statement", Offset: 20524, Line: 1, Column: 20525, Message: "the statement list is empty"},
		},
		{
			name: "syntax error with line and column",
			doc:  "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}",
			want: Error{Code: "MalformedPolicy", Offset: 45, Line: 3, Column: 17, Message: "invalid JSON", Err: ErrSyntax},
		},
		{
			name: "byte-order mark",
			doc:  "\xef\xbb\xbf{}",
			want: Error{Code: "MalformedPolicy", Offset: 0, Line: 1, Column: 1, Message: "byte-order mark", Err: ErrSyntax},
		},
		{
			name: "invalid UTF-8",
			doc:  `{"Version":"2012-10-17","Id":"a` + "\xff" + `b"}`,
			want: Error{Code: "MalformedPolicy", Path: "Id", Offset: 31, Line: 1, Column: 32, Message: "not valid UTF-8", Err: ErrSyntax},
		},
		{
			name: "truncated UTF-8 sequence",
			doc:  `{"Id":"` + "\xe2\x82",
			want: Error{Code: "MalformedPolicy", Offset: 7, Line: 1, Column: 8, Message: "not valid UTF-8", Err: ErrSyntax},
		},
		{
			name: "nesting too deep",
			doc:  `{"a":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `}`,
			want: Error{Code: "MalformedPolicy", Path: "a[0][0][0][0][0][0][0][0][0]", Offset: 14, Line: 1, Column: 15, Message: "nest deeper than 10 levels", Err: ErrLimit},
		},
		{
			name: "misspelt element",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condtion":{}}]}`,
			want: Error{Code: "MalformedPolicy", Path: "Statement[0].Condtion", Offset: 102, Line: 1, Column: 103, Message: `unknown element "Condtion": did you mean "Condition"?`},
		},
		{
			name: "bad value deep in a condition",
			doc:  `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","10.1.2.3/33"]}}}}`,
			want: Error{Code: "MalformedPolicy", Path: "Statement.Condition.IpAddress.aws:SourceIp[1]", Offset: 145, Line: 1, Column: 146, Message: `invalid CIDR block "10.1.2.3/33"`},
		},
		{
			name: "field too long in oss",
			doc:  `{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:1:b/` + strings.Repeat("k", 4096) + `"]}]}`,
			want: Error{Code: "InvalidPolicyDocument", Path: "Statement[0].Resource[0]", Offset: 103, Line: 1, Column: 104, Message: "the oss limit for one field is 4095 bytes", Err: ErrLimit},
		},
		{
			name: "too many statements",
			doc:  `{"Statement":[` + strings.Repeat(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},`, 3) + `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			opts: []Option{WithLimits(Limits{Statements: 3})},
			want: Error{Code: "MalformedPolicy", Path: "Statement", Offset: 13, Line: 1, Column: 14, Message: "has 4 statements; the limit is 3", Err: ErrLimit},
		},
		{
			name: "cos code and lower-case path",
			doc:  `{"version":"2.0","statement":[{"effect":"allow","principal":"*","action":"name/cos:GetObject","resource":"*","condition":{"StringEquals":{"k":"v"}}}]}`,
			want: Error{Code: "MalformedPolicy", Path: "statement[0].condition.StringEquals", Offset: 122, Line: 1, Column: 123, Message: "cos operators are written in snake case"},
		},
		{
			name: "undetectable dialect",
			doc:  `{"Version":"3","Statement":[]}`,
			want: Error{Code: "MalformedPolicy", Path: "Version", Offset: 11, Line: 1, Column: 12, Message: `cannot tell the dialect from Version "3"`},
		},
		{
			name: "obs has no IfExists",
			doc:  `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualsIfExists":{"k":"v"}}}]}`,
			opts: []Option{WithDialect(OBS)},
			want: Error{Code: "MalformedPolicy", Path: "Statement[0].Condition.StringEqualsIfExists", Offset: 100, Line: 1, Column: 101, Message: "the obs dialect has no IfExists operators"},
		},
		{
			name: "unpaired surrogate escape",
			doc:  `{"Id":"\ud800x","Statement":[]}`,
			want: Error{Code: "MalformedPolicy", Path: "Id", Offset: 6, Line: 1, Column: 7, Message: "unpaired UTF-16 surrogate"},
		},
		{
			name: "escaped NUL",
			doc:  `{"Id":"a\u0000","Statement":[]}`,
			want: Error{Code: "MalformedPolicy", Path: "Id", Offset: 6, Line: 1, Column: 7, Message: "control character U+0000"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.doc), tt.opts...)
			if err == nil {
				t.Fatalf("Parse accepted the document: %v", p)
			}
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if tt.want.Err != nil && !errors.Is(err, tt.want.Err) {
				t.Errorf("errors.Is(err, %v) = false", tt.want.Err)
			}
			if !strings.Contains(got.Message, tt.want.Message) {
				t.Errorf("message %q does not contain %q", got.Message, tt.want.Message)
			}
			ignore := cmpopts.IgnoreFields(Error{}, "Message", "Err")
			if diff := cmp.Diff(tt.want, *got, ignore); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	_, err := Parse([]byte(`{"Statement":[{"Effect":"allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`))
	want := `Statement[0].Effect: want "Allow" or "Deny", got "allow"`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	var pe *Error
	errors.As(err, &pe)
	if got := pe.Position(); got != "1:25" {
		t.Errorf("Position = %q, want 1:25", got)
	}
	_, err = Parse(bytes.Repeat([]byte(" "), 30000))
	errors.As(err, &pe)
	if pe.Path != "" || pe.Position() != "" || err.Error() != pe.Message {
		t.Errorf("a document-wide error has a place: %+v", pe)
	}
}

func TestOptions(t *testing.T) {
	doc := []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}"}]}`)
	tests := []struct {
		name    string
		opts    []Option
		wantErr string
		dialect Dialect
	}{
		{name: "detected", dialect: AWS},
		{name: "nil option is ignored", opts: []Option{nil}, dialect: AWS},
		{name: "obs chosen", opts: []Option{WithDialect(OBS)}, dialect: OBS},
		{name: "unknown dialect", opts: []Option{WithDialect(9)}, wantErr: "unknown dialect 9"},
		{name: "zero dialect", opts: []Option{WithDialect(0)}, wantErr: "unknown dialect 0"},
		{name: "negative limit", opts: []Option{WithLimits(Limits{Statements: -1})}, wantErr: "negative limit"},
		{name: "oss chosen for an aws document", opts: []Option{WithDialect(OSS)}, wantErr: "the oss dialect wants"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(doc, tt.opts...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				var pe *Error
				if !errors.As(err, &pe) {
					t.Fatalf("err is %T, want *Error", err)
				}
				if errors.Is(err, ErrOption) != (pe.Code == "InvalidArgument") {
					t.Errorf("option error %+v: ErrOption goes with code InvalidArgument", pe)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Dialect() != tt.dialect {
				t.Errorf("Dialect = %v, want %v", p.Dialect(), tt.dialect)
			}
		})
	}
}

// TestOBSVariablesLiteral: the same document means two things in two
// dialects; the option decides.
func TestOBSVariablesLiteral(t *testing.T) {
	doc := []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}"}]}`)
	req := Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/alice", Context: map[string][]string{"aws:username": {"alice"}}}
	literal := req
	literal.Resource = "arn:aws:s3:::b/${aws:username}"
	for _, tt := range []struct {
		dialect Dialect
		req     Request
		want    Decision
	}{
		{AWS, req, Allow}, {AWS, literal, NoDecision},
		{OBS, req, NoDecision}, {OBS, literal, Allow},
	} {
		p := mustParse(t, doc, WithDialect(tt.dialect))
		if got := p.Evaluate(tt.req); got != tt.want {
			t.Errorf("%v %s: %v, want %v", tt.dialect, tt.req.Resource, got, tt.want)
		}
	}
}

func TestMarshalJSONKeepsTheBytes(t *testing.T) {
	doc := []byte("{\n  \"Statement\" : [ {\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/\\u002a\"} ]\n}\n")
	orig := bytes.Clone(doc)
	p := mustParse(t, doc)
	doc[3] = 'X' // the caller reuses its buffer
	got, err := p.MarshalJSON()
	if err != nil || !bytes.Equal(got, orig) {
		t.Fatalf("MarshalJSON = %q, %v; want %q", got, err, orig)
	}
	got[0] = 'X' // and the result is the caller's to keep
	if again, _ := p.MarshalJSON(); !bytes.Equal(again, orig) {
		t.Fatal("MarshalJSON returned the policy's own memory")
	}
	if p.String() != string(orig) {
		t.Error("String differs from the document")
	}
}

func TestNilPolicy(t *testing.T) {
	var p *Policy
	req := Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
	if d := p.Evaluate(req); d != NoDecision {
		t.Errorf("Evaluate = %v", d)
	}
	if x := p.Explain(req); x.Decision != NoDecision || len(x.Statements) != 0 {
		t.Errorf("Explain = %+v", x)
	}
	if p.Authorize(req) {
		t.Error("Authorize lets a stranger in without a policy")
	}
	req.Owner = true
	if !p.Authorize(req) {
		t.Error("Authorize keeps the owner out without a policy")
	}
	if p.Dialect() != 0 || p.Version() != "" || p.Len() != 0 || p.String() != "" {
		t.Error("accessors of a nil policy")
	}
	if b, err := p.MarshalJSON(); err != nil || string(b) != "null" {
		t.Errorf("MarshalJSON = %s, %v", b, err)
	}
}

func TestDialectAndDecisionNames(t *testing.T) {
	for d := AWS; d <= COS; d++ {
		got, err := ParseDialect(strings.ToUpper(d.String()))
		if err != nil || got != d {
			t.Errorf("ParseDialect(%q) = %v, %v", d, got, err)
		}
	}
	if _, err := ParseDialect("gcs"); err == nil {
		t.Error("ParseDialect accepted gcs")
	}
	if Dialect(0).String() != "" || Dialect(7).String() != "Dialect(7)" {
		t.Error("names of unknown dialects")
	}
	if NoDecision.String() != "none" || Allow.String() != "allow" || Deny.String() != "deny" || Decision(9).String() != "Decision(9)" {
		t.Error("decision names")
	}
	var zero Decision
	if zero != NoDecision {
		t.Error("the zero Decision is not NoDecision")
	}
}

// TestHostileBytes covers input that a case file cannot carry: bytes that
// are not UTF-8, and documents far past the default limits.
func TestHostileBytes(t *testing.T) {
	const head = `{"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	with := func(old, new string) string { return strings.Replace(head, old, new, 1) }
	tests := []struct {
		name, doc, path string
		sentinel        error
	}{
		{"0xFF in a value", with(`"S1"`, "\"S\xff1\""), "Statement[0].Sid", ErrSyntax},
		{"0xFF in a key", with(`"Sid"`, "\"S\xffid\""), `Statement[0]["S\xffid"]`, ErrSyntax},
		{"0xFF between tokens", with(`,"Effect"`, ",\xff\"Effect\""), "", ErrSyntax},
		{"overlong slash in a resource", with(`b/*`, "b\xc0\xaf*"), "Statement[0].Resource", ErrSyntax},
		{"overlong NUL", with(`"S1"`, "\"S\xc0\x801\""), "Statement[0].Sid", ErrSyntax},
		{"UTF-8 encoded surrogate", with(`"S1"`, "\"S\xed\xa0\x801\""), "Statement[0].Sid", ErrSyntax},
		{"truncated sequence", with(`"S1"`, "\"S1\xe2\x82\""), "Statement[0].Sid", ErrSyntax},
		{"lone continuation byte", with(`s3:GetObject`, "s3:Get\x80Object"), "Statement[0].Action", ErrSyntax},
		{"above U+10FFFF", with(`"S1"`, "\"S\xf4\x90\x80\x801\""), "Statement[0].Sid", ErrSyntax},
		{"Latin-1 byte", with(`"S1"`, "\"S\xe91\""), "Statement[0].Sid", ErrSyntax},
		{"garbage after the document", head + "\xff", "", ErrSyntax},
		{"UTF-16 BOM, big-endian", "\xfe\xff" + head, "", ErrSyntax},
		{"UTF-16 BOM, little-endian", "\xff\xfe" + head, "", ErrSyntax},
		{"UTF-16 text", "{\x00\"\x00", "", ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want an *Error", err)
			}
			if !errors.Is(err, tt.sentinel) || pe.Code != "MalformedPolicy" || pe.Path != tt.path {
				t.Errorf("got %+v, want path %q and %v", pe, tt.path, tt.sentinel)
			}
		})
	}
}

// TestDeepNestingWithRaisedLimits: raising the size limit must not let a
// deeply nested document reach a recursive reader (a stack overflow cannot
// be recovered from).
func TestDeepNestingWithRaisedLimits(t *testing.T) {
	deep := strings.Repeat("[", 5_000_000)
	for _, doc := range []string{deep, deep + "\xff", `{"Statement":` + deep} {
		_, err := Parse([]byte(doc), WithLimits(Limits{DocumentBytes: 1 << 30, Depth: maxDepth}))
		if !errors.Is(err, ErrLimit) {
			t.Fatalf("err = %v, want ErrLimit", err)
		}
	}
	_, err := Parse([]byte(`{"Statement":[[[1]]]}`), WithLimits(Limits{Depth: 2}))
	var pe *Error
	if !errors.As(err, &pe) || pe.Path != "Statement[0]" || pe.Offset != 14 {
		t.Errorf("err = %+v, want the place of the third level", pe)
	}
	if _, err := Parse([]byte(`{}`), WithLimits(Limits{Depth: maxDepth + 1})); err == nil {
		t.Error("a Depth above maxDepth was accepted")
	}
}

func TestAmbiguousDate(t *testing.T) {
	doc := `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":%q}}}]}`
	for _, tt := range []struct {
		value string
		ok    bool
	}{{"20260101", false}, {"20261301", true}, {"120260101", true}, {"2026-01-01", true}, {"1767225600", true}} {
		_, err := Parse(fmt.Appendf(nil, doc, tt.value))
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.value, err)
		}
	}
}

func TestPrincipalPartitions(t *testing.T) {
	doc := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":%q},"Action":"s3:*","Resource":"*"}]}`
	for _, tt := range []struct {
		principal string
		ok        bool
	}{
		{"arn:aws:iam::111122223333:root", true},
		{"arn:aws-cn:iam::111122223333:root", true},
		{"arn:aws-us-gov:iam::111122223333:user/a", true},
		{"arn:evil partition:iam::111122223333:root", false},
		{"arn::iam::111122223333:root", false},
	} {
		_, err := Parse(fmt.Appendf(nil, doc, tt.principal))
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.principal, err)
		}
	}
}

// TestLimitsOption checks that every field of Limits reaches the parser:
// a document within the defaults fails once that one bound is lowered.
func TestLimitsOption(t *testing.T) {
	doc := []byte(`{"Version":"2012-10-17","Statement":[
	  {"Effect":"Allow","Principal":{"AWS":["alice","bob"]},"Action":["s3:Get*","s3:Put*"],"Resource":"arn:aws:s3:::bucket/*/x?",
	   "Condition":{"StringEquals":{"aws:username":"alice"},"Bool":{"aws:SecureTransport":"true"}}},
	  {"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::bucket/*"}]}`)
	if _, err := Parse(doc); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		lim  Limits
	}{
		{"DocumentBytes", Limits{DocumentBytes: 100}},
		{"FieldBytes", Limits{FieldBytes: 10}},
		{"Depth", Limits{Depth: 4}},
		{"Statements", Limits{Statements: 1}},
		{"ListValues", Limits{ListValues: 1}},
		{"PatternBytes", Limits{PatternBytes: 16}},
		{"Wildcards", Limits{Wildcards: 1}},
		{"Conditions", Limits{Conditions: 1}},
	} {
		_, err := Parse(doc, WithLimits(tt.lim))
		if !errors.Is(err, ErrLimit) && !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s lowered: err = %v, want a limit error", tt.name, err)
		}
	}
}

// TestUnmarshalJSON: a *Policy in a host's JSON configuration is parsed, or
// the configuration fails to load; it never becomes an empty policy that
// has lost its Deny statements.
func TestUnmarshalJSON(t *testing.T) {
	type config struct {
		Bucket string  `json:"bucket"`
		Policy *Policy `json:"policy"`
	}
	denyAll := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`
	var c config
	if err := json.Unmarshal([]byte(`{"bucket":"b","policy":`+denyAll+`}`), &c); err != nil {
		t.Fatal(err)
	}
	req := Request{Principal: "alice", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}
	if got := c.Policy.Evaluate(req); got != Deny {
		t.Errorf("the deny-all policy from JSON says %v", got)
	}
	if b, _ := json.Marshal(c.Policy); string(b) != denyAll {
		t.Errorf("the policy marshals back to %s", b)
	}
	for _, bad := range []string{
		`{"bucket":"b","policy":{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condtion":{}}]}}`,
		`{"bucket":"b","policy":{}}`,
		`{"bucket":"b","policy":"a string"}`,
	} {
		var c config
		err := json.Unmarshal([]byte(bad), &c)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want the *Error of Parse", bad, err)
		}
	}
	var none config
	if err := json.Unmarshal([]byte(`{"policy":null}`), &none); err != nil || none.Policy != nil {
		t.Errorf("null: %v, %v", none.Policy, err)
	}
}

// TestMessages pins messages that tell the writer what went wrong beyond
// the fault itself.
func TestMessages(t *testing.T) {
	tests := []struct {
		name, doc string
		opts      []Option
		want      string
	}{
		{"size before detection names no dialect", `{"Id":"` + strings.Repeat("x", 20480) + `"}`, nil,
			"no dialect accepts more than 20480"},
		{"size after detection names the dialect", `{"Version":"1","Id":"` + strings.Repeat("x", 16384) + `"}`, nil,
			"the oss limit is 16384"},
		{"an oss document without Version", `{"Statement":[{"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],"Resource":["acs:oss:*:1:b/*"]}]}`, nil,
			`it looks like an oss policy, with acs: resources, which needs "Version": "1"`},
		{"a cos document without version", `{"statement":[{"effect":"allow","principal":{"qcs":["*"]},"action":["name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1:b-1/*"]}]}`, nil,
			`it looks like a cos policy, with qcs: names, which needs "version": "2.0"`},
		{"cos _if_exists", `{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["*"]},"action":["name/cos:GetObject"],"resource":["*"],"condition":{"string_equal_if_exists":{"cos:prefix":"a"}}}]}`, nil,
			`did you mean "string_equal_if_exist"?`},
		{"obs short names belong to obs", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"streq":{"k":"v"}}}]}`, nil,
			`"streq" is OBS's short name for "StringEquals"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
