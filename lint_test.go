package bucketpolicy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/casefile"
)

// lintWant is a finding a test expects: its code, severity and place, and
// the fix and a part of the message when given.
type lintWant struct {
	code   string
	sev    bucketpolicy.Severity
	path   string
	fix    string
	substr string
}

func TestLintFindings(t *testing.T) {
	const (
		warn = bucketpolicy.SeverityWarning
		errS = bucketpolicy.SeverityError
		sec  = bucketpolicy.SeveritySecurityWarning
		sugg = bucketpolicy.SeveritySuggestion
	)
	aws := func(stmt string) string {
		return `{"Version": "2012-10-17", "Statement": [` + stmt + `]}`
	}
	tests := []struct {
		name string
		doc  string
		opts []bucketpolicy.Option
		want []lintWant
	}{
		{"did you mean GetObject", aws(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["s3:GetObjekt", "s3:GetObjects"], "Resource": "arn:aws:s3:::b/*"}`), nil,
			[]lintWant{{"INVALID_ACTION", warn, "Statement[0].Action[0]", "s3:GetObject", `did you mean "s3:GetObject"?`},
				{"INVALID_ACTION", warn, "Statement[0].Action[1]", "s3:GetObject", ""}}},
		{"under WithBucket an error", aws(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*"}`),
			[]bucketpolicy.Option{bucketpolicy.WithBucket("b")},
			[]lintWant{{"INVALID_ACTION", errS, "Statement[0].Action", "s3:GetObject", "Policy has invalid action"}}},
		{"WithActions adds an action", aws(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*"}`),
			[]bucketpolicy.Option{bucketpolicy.WithBucket("b"), bucketpolicy.WithActions("s3:GetObjekt")}, nil},
		{"ListBucket on objects", aws(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b/*"}`), nil,
			[]lintWant{{"ACTION_APPLIES_TO_NO_RESOURCE", warn, "Statement[0].Action", "", "add the bucket"}}},
		{"resource of another bucket", aws(`{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::other/*"}`),
			[]bucketpolicy.Option{bucketpolicy.WithBucket("mine")},
			[]lintWant{{"RESOURCE_OUTSIDE_BUCKET", errS, "Statement[0].Resource", "", `names bucket "other"`}}},
		{"resource of another bucket, obs", `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}`,
			[]bucketpolicy.Option{bucketpolicy.WithDialect(bucketpolicy.OBS), bucketpolicy.WithBucket("mine")},
			[]lintWant{{"RESOURCE_OUTSIDE_BUCKET", errS, "Statement[0].Resource", "", `"*" is every resource`}}},
		{"resource of another bucket, oss", `{"Version": "1", "Statement": [{"Effect": "Allow", "Principal": ["1"], "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:1:other/*"]}]}`,
			[]bucketpolicy.Option{bucketpolicy.WithBucket("mine")},
			[]lintWant{{"RESOURCE_OUTSIDE_BUCKET", errS, "Statement[0].Resource[0]", "", ""}}},
		{"resource of another bucket, cos", `{"version": "2.0", "statement": [{"effect": "allow", "principal": {"qcs": ["qcs::cam::uin/1:uin/2"]}, "action": ["name/cos:GetObject"], "resource": ["qcs::cos:ap-guangzhou:uid/1250000000:other-1250000000/*"]}]}`,
			[]bucketpolicy.Option{bucketpolicy.WithBucket("mine-1250000000")},
			[]lintWant{{"RESOURCE_OUTSIDE_BUCKET", errS, "statement[0].resource[0]", "", ""}}},
		{"aws:Referrer", aws(`{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"aws:Referrer": "https://example.com/*"}}}`), nil,
			[]lintWant{{"INVALID_GLOBAL_CONDITION_KEY", errS, "Statement[0].Condition.StringLike.aws:Referrer", "aws:Referer", `did you mean "aws:Referer"?`},
				{"PUBLIC_POLICY", sec, "Statement[0].Principal", "", "makes the policy public"}}},
		{"s3:prefixx", aws(`{"Effect": "Allow", "Principal": {"AWS": "1"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"StringEquals": {"s3:prefixx": "a"}}}`), nil,
			[]lintWant{{"INVALID_SERVICE_CONDITION_KEY", errS, "Statement[0].Condition.StringEquals.s3:prefixx", "s3:prefix", ""}}},
		{"oss key written as aws", `{"Version": "1", "Statement": [{"Effect": "Deny", "Principal": ["*"], "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:1:b/*"], "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}`, nil,
			[]lintWant{{"INVALID_GLOBAL_CONDITION_KEY", warn, "Statement[0].Condition.NotIpAddress.aws:SourceIp", "acs:SourceIp", ""}}},
		{"cos key in the wrong case", `{"version": "2.0", "statement": [{"effect": "allow", "principal": {"qcs": ["qcs::cam::uin/1:uin/2"]}, "action": ["name/cos:GetObject"], "resource": ["qcs::cos:ap-guangzhou:uid/1250000000:b-1250000000/*"], "condition": {"ip_equal": {"qcs:IP": "203.0.113.0/24"}}}]}`, nil,
			[]lintWant{{"INVALID_GLOBAL_CONDITION_KEY", warn, "statement[0].condition.ip_equal.qcs:IP", "qcs:ip", "case-sensitive"}}},
		{"IpAddress on aws:UserAgent", aws(`{"Effect": "Allow", "Principal": {"AWS": "1"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:UserAgent": "203.0.113.9"}}}`), nil,
			[]lintWant{{"TYPE_MISMATCH", warn, "Statement[0].Condition.IpAddress.aws:UserAgent", "", "use a string operator"}}},
		{"host bits", aws(`{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.7/24", "2001:db8::1/32"]}}}`), nil,
			[]lintWant{{"IMPROVE_IP_RANGE", sugg, "Statement[0].Condition.IpAddress.aws:SourceIp[0]", "203.0.113.0/24", ""},
				{"IMPROVE_IP_RANGE", sugg, "Statement[0].Condition.IpAddress.aws:SourceIp[1]", "2001:db8::/32", ""}}},
		{"private addresses", aws(`{"Effect": "Allow", "Principal": {"AWS": "1"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"IpAddress": {"aws:SourceIp": "192.168.0.0/16"}}}`), nil,
			[]lintWant{{"PRIVATE_IP_ADDRESS", errS, "Statement[0].Condition.IpAddress.aws:SourceIp", "", ""}}},
		{"redundant numbers", aws(`{"Effect": "Allow", "Principal": {"AWS": "1"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b", "Condition": {"NumericGreaterThan": {"s3:max-keys": ["100", "10", "50"]}}}`), nil,
			[]lintWant{{"REDUNDANT_CONDITION_VALUE_NUM", sugg, "Statement[0].Condition.NumericGreaterThan.s3:max-keys", "10", "least"}}},
		{"ifexists in an Allow and a Deny", aws(`{"Effect": "Allow", "Principal": {"AWS": "1"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "true"}}},
			{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}}`), nil,
			[]lintWant{{"IFEXISTS_ON_ALWAYS_PRESENT_KEY", warn, "Statement[0].Condition.BoolIfExists.aws:SecureTransport", "", "always includes it"},
				{"IFEXISTS_ON_ALWAYS_PRESENT_KEY", sugg, "Statement[1].Condition.BoolIfExists.aws:SecureTransport", "", ""}}},
		{"Null with a qualifier", aws(`{"Effect": "Allow", "Principal": {"AWS": "1"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"ForAnyValue:Null": {"aws:TagKeys": "true"}}}`), nil,
			[]lintWant{{"NULL_WITH_QUALIFIER", sugg, "Statement[0].Condition.ForAnyValue:Null", "Null", ""}}},
		{"deny overrides", aws(`{"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "1"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/a/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
			{"Sid": "NoReads", "Effect": "Deny", "Principal": "*", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*"}`), nil,
			[]lintWant{{"DENY_OVERRIDES_ALLOW", warn, "Statement[0]", "", `statement 1 (Sid "NoReads")`}}},
		{"oss source ip in an Allow", `{"Version": "1", "Statement": [{"Effect": "Allow", "Principal": ["1"], "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:1:b/*"], "Condition": {"IpAddress": {"acs:SourceIp": "203.0.113.0/24"}}}]}`, nil,
			[]lintWant{{"OSS_SOURCE_IP_WITHOUT_SOURCE_VPC", errS, "Statement[0].Condition.IpAddress.acs:SourceIp", "", "0030-00000008"}}},
		{"oss source ip in a Deny", `{"Version": "1", "Statement": [{"Effect": "Deny", "Principal": ["*"], "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:1:b/*"], "Condition": {"NotIpAddress": {"acs:SourceIp": "203.0.113.0/24"}}}]}`, nil,
			[]lintWant{{"OSS_SOURCE_IP_WITHOUT_SOURCE_VPC", warn, "Statement[0].Condition.NotIpAddress.acs:SourceIp", "", "not documented"}}},
		{"oss did you mean", `{"Version": "1", "Statement": [{"Effect": "Allow", "Principal": ["1"], "Action": ["oss:ListObject"], "Resource": ["acs:oss:*:1:b"]}]}`, nil,
			[]lintWant{{"INVALID_ACTION", warn, "Statement[0].Action[0]", "oss:ListObjects", ""}}},
		{"cos did you mean keeps the prefix", `{"version": "2.0", "statement": [{"effect": "allow", "principal": {"qcs": ["qcs::cam::uin/1:uin/2"]}, "action": ["cos:GetObjekt"], "resource": ["qcs::cos:ap-guangzhou:uid/1250000000:b-1250000000/*"]}]}`, nil,
			[]lintWant{{"INVALID_ACTION", warn, "statement[0].action[0]", "cos:GetObject", ""}}},
		{"obs ${null} referer is quiet", `{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringNotEquals": {"aws:Referer": ["www.example01.com", "${null}"]}}}]}`,
			[]bucketpolicy.Option{bucketpolicy.WithDialect(bucketpolicy.OBS)}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bucketpolicy.Lint([]byte(tc.doc), tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == nil && len(got) > 0 {
				t.Fatalf("want no findings, got %v", got)
			}
			for _, w := range tc.want {
				i := slices.IndexFunc(got, func(f bucketpolicy.Finding) bool { return f.Code == w.code && f.Path == w.path })
				if i < 0 {
					t.Errorf("no %s at %s in %v", w.code, w.path, got)
					continue
				}
				f := got[i]
				if f.Severity != w.sev || f.Fix != w.fix || !strings.Contains(f.Message, w.substr) {
					t.Errorf("got %s %q fix %q, want %s fix %q and %q in the message", f.Severity, f.Message, f.Fix, w.sev, w.fix, w.substr)
				}
				checkPlace(t, tc.doc, f)
			}
		})
	}
}

// checkPlace checks that a finding's line and column are those of its
// offset, counted as Parse's errors count them.
func checkPlace(t *testing.T, doc string, f bucketpolicy.Finding) {
	t.Helper()
	if f.Offset < 0 || f.Offset > len(doc) {
		t.Errorf("%s: offset %d outside the document", f.Code, f.Offset)
		return
	}
	line := 1 + strings.Count(doc[:f.Offset], "\n")
	col := 1 + f.Offset - (strings.LastIndexByte(doc[:f.Offset], '\n') + 1)
	if f.Line != line || f.Column != col {
		t.Errorf("%s at offset %d: %d:%d, want %d:%d", f.Code, f.Offset, f.Line, f.Column, line, col)
	}
}

func TestLintPlaceMatchesParse(t *testing.T) {
	// The same document with one fault more: Parse's error and lint's
	// finding name the same place.
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\",\n    \"Action\": [\"s3:GetObject\", \"s3:GetObjekt\"], \"Resource\": \"arn:aws:s3:::b/*\"}]\n}"
	fs, err := bucketpolicy.Lint([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(fs, func(f bucketpolicy.Finding) bool { return f.Code == "INVALID_ACTION" })
	if i < 0 {
		t.Fatalf("no INVALID_ACTION in %v", fs)
	}
	_, perr := bucketpolicy.Parse([]byte(doc), bucketpolicy.WithBucket("b"))
	var pe *bucketpolicy.Error
	if !errors.As(perr, &pe) {
		t.Fatalf("Parse with WithBucket: %v", perr)
	}
	f := fs[i]
	if f.Path != pe.Path || f.Offset != pe.Offset || f.Line != pe.Line || f.Column != pe.Column {
		t.Errorf("lint %s %d %d:%d, Parse %s %d %d:%d", f.Path, f.Offset, f.Line, f.Column, pe.Path, pe.Offset, pe.Line, pe.Column)
	}
	if f.Line != 4 || f.Path != "Statement[0].Action[1]" {
		t.Errorf("place %s %d:%d", f.Path, f.Line, f.Column)
	}
}

func TestLintErrors(t *testing.T) {
	// A document Parse rejects: Parse's error, no findings.
	doc := []byte(`{"Statement": [{"Effect": "allow"}]}`)
	fs, err := bucketpolicy.Lint(doc)
	_, perr := bucketpolicy.Parse(doc)
	var pe *bucketpolicy.Error
	if fs != nil || !errors.As(err, &pe) || err.Error() != perr.Error() || pe.Path != "Statement[0].Effect" {
		t.Errorf("findings %v, error %v; Parse says %v", fs, err, perr)
	}
	// Misused options.
	for _, opts := range [][]bucketpolicy.Option{
		{bucketpolicy.WithBucket("a/b")},
		{bucketpolicy.WithDialect(bucketpolicy.COS), bucketpolicy.WithBucket("no-appid")},
		{bucketpolicy.WithLimits(bucketpolicy.Limits{Depth: -1})},
	} {
		doc := `{"version": "2.0", "statement": [{"effect": "allow", "principal": {"qcs": ["*"]}, "action": ["name/cos:GetObject"], "resource": ["qcs::cos:ap-guangzhou:uid/1:b-1/*"]}]}`
		if _, err := bucketpolicy.Lint([]byte(doc), opts...); !errors.Is(err, bucketpolicy.ErrOption) {
			t.Errorf("want an option error, got %v", err)
		}
	}
}

func TestSeverity(t *testing.T) {
	for s := bucketpolicy.SeverityError; s <= bucketpolicy.SeveritySuggestion; s++ {
		back, ok := bucketpolicy.ParseSeverity(strings.ToUpper(s.String()))
		if !ok || back != s {
			t.Errorf("%v does not read back: %v %v", s, back, ok)
		}
	}
	if _, ok := bucketpolicy.ParseSeverity("fatal"); ok {
		t.Error("fatal is a severity")
	}
	if s := bucketpolicy.Severity(9).String(); s != "Severity(9)" {
		t.Errorf("got %q", s)
	}
	f := bucketpolicy.Finding{Severity: bucketpolicy.SeverityWarning, Code: "X", Message: "m", Line: 2, Column: 3}
	if f.String() != "2:3: warning X: m" {
		t.Errorf("got %q", f.String())
	}
}

// TestLintChecksList checks the list of checks: codes unique and sorted,
// upper snake case, and every code lint reports on the corpus in it, for
// a dialect it names.
func TestLintChecksList(t *testing.T) {
	checks := bucketpolicy.LintChecks()
	byCode := map[string]bucketpolicy.LintCheck{}
	for i, ch := range checks {
		if i > 0 && checks[i-1].Code >= ch.Code {
			t.Errorf("%s after %s", ch.Code, checks[i-1].Code)
		}
		if strings.Trim(ch.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") != "" || ch.Summary == "" || ch.Source == "" || len(ch.Dialects) == 0 {
			t.Errorf("check %+v", ch)
		}
		byCode[ch.Code] = ch
	}
	seen := map[string]bool{}
	for _, c := range corpusCases() {
		if c.Expect == "invalid" {
			continue
		}
		var opts []bucketpolicy.Option
		if c.Dialect != 0 {
			opts = append(opts, bucketpolicy.WithDialect(c.Dialect))
		}
		fs, err := bucketpolicy.Lint(c.Policy, opts...)
		if err != nil {
			continue // e.g. a case that sets limits the defaults refuse
		}
		p, _ := bucketpolicy.Parse(c.Policy, opts...)
		for _, f := range fs {
			seen[f.Code] = true
			ch, ok := byCode[f.Code]
			if !ok {
				t.Errorf("%s: code %s is not in LintChecks", c.Name, f.Code)
				continue
			}
			if p != nil && !slices.Contains(ch.Dialects, p.Dialect()) {
				t.Errorf("%s: %s reported for %s, which its check does not name", c.Name, f.Code, p.Dialect())
			}
			if f.Severity < ch.Severity {
				t.Errorf("%s: %s is %s, more severe than its check's %s", c.Name, f.Code, f.Severity, ch.Severity)
			}
			checkPlace(t, string(c.Policy), f)
		}
	}
	t.Logf("%d of %d codes seen on the corpus", len(seen), len(checks))
}

// TestLintCasesCoverEveryCheck checks that testdata/lint has a case for
// every check in every dialect it applies to. RESOURCE_OUTSIDE_BUCKET
// cannot be a case: a case with put_bucket is parsed with WithBucket, which
// refuses such a policy; TestLintFindings covers it.
func TestLintCasesCoverEveryCheck(t *testing.T) {
	for _, ch := range bucketpolicy.LintChecks() {
		if ch.Code == "RESOURCE_OUTSIDE_BUCKET" {
			continue
		}
		for _, d := range ch.Dialects {
			cases, err := casefile.ReadFile("testdata/lint/" + d.String() + ".jsonl")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(cases, func(c casefile.Case) bool { return slices.Contains(c.ExpectFindings, ch.Code) }) {
				t.Errorf("testdata/lint/%s.jsonl has no case for %s", d, ch.Code)
			}
		}
	}
}

// TestLintSeedsHaveNoError lints every seed example of the corpus (the
// cases whose source names a seed): none may have an error finding.
func TestLintSeedsHaveNoError(t *testing.T) {
	n := 0
	for _, file := range corpusFiles(t) {
		cases, err := casefile.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if c.Expect == "invalid" || !isSeed(file, c.Line) {
				continue
			}
			n++
			var opts []bucketpolicy.Option
			if c.Dialect != 0 {
				opts = append(opts, bucketpolicy.WithDialect(c.Dialect))
			}
			fs, err := bucketpolicy.Lint(c.Policy, opts...)
			if err != nil {
				t.Errorf("%s:%d: %v", file, c.Line, err)
			}
			for _, f := range fs {
				if f.Severity == bucketpolicy.SeverityError {
					t.Errorf("%s:%d: %s: %v", file, c.Line, c.Name, f)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no seed examples found")
	}
}

// isSeed reports whether the case on a line of a case file names a seed
// as its source (casefile ignores "source", so the line is read again).
func isSeed(file string, line int) bool {
	return seedLines()[fmt.Sprintf("%s:%d", file, line)]
}

// seedLines maps "file:line" to true for every corpus case whose "source"
// starts with "seed".
var seedLines = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	files, err := casefile.Files("testdata")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			var c struct {
				Source string `json:"source"`
			}
			if json.Unmarshal([]byte(line), &c) == nil && strings.HasPrefix(c.Source, "seed") {
				m[fmt.Sprintf("%s:%d", f, i+1)] = true
			}
		}
	}
	return m
})

// TestLintCost lints documents built to make the pairwise checks work
// hardest; the budget keeps each well under a second's work.
func TestLintCost(t *testing.T) {
	big := bucketpolicy.WithLimits(bucketpolicy.Limits{DocumentBytes: 1 << 20})
	var stmts, res strings.Builder
	for i := range 1000 {
		if i > 0 {
			stmts.WriteString(",")
			res.WriteString(",")
		}
		fmt.Fprintf(&stmts, `{"Effect": "Allow", "Principal": "*", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/%d*"}`, i)
		fmt.Fprintf(&res, `"arn:aws:s3:::b/%s*%d*"`, strings.Repeat("a", 50), i)
	}
	for name, doc := range map[string]string{
		"statements": `{"Version": "2012-10-17", "Statement": [` + stmts.String() + `]}`,
		"resources":  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": [` + res.String() + `]}]}`,
	} {
		start := time.Now()
		if _, err := bucketpolicy.Lint([]byte(doc), big); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s: %v", name, d)
		}
	}
}

// TestReadmeListsEveryCheck keeps the README's list of checks complete.
func TestReadmeListsEveryCheck(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range bucketpolicy.LintChecks() {
		if !strings.Contains(string(readme), "| `"+ch.Code+"` |") {
			t.Errorf("README.md does not list %s", ch.Code)
		}
	}
}
