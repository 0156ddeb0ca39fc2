package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema compiles the SARIF 2.1.0 schema vendored under testdata
// (see testdata/sarif/SOURCE.md). The schema is draft-04; the compiler
// honours its "$schema" and "id".
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(testdata + "/sarif/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const loc = "sarif-schema-2.1.0.json"
	if err := c.AddResource(loc, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(loc)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, text string) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, text)
	}
	return sch.Validate(inst)
}

// TestLintSARIFValidates produces a SARIF log with the command — findings
// of every severity, a document that does not parse, a clean file, a line
// with characters outside ASCII — and validates it against the schema.
func TestLintSARIFValidates(t *testing.T) {
	sch := sarifSchema(t)
	findings := writeFile(t, "findings policy.json", `{
  "Statement": [{"Sid": "ünïcode", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObjekt", "s3:ListBucket"],
    "Resource": "arn:aws:s3:::example-bucket/*",
    "Condition": {"IpAddress": {"aws:SourceIp": ["10.1.2.3/8"], "aws:UserAgent": "203.0.113.9"},
                  "StringEquals": {"aws:Referrer": "https://example.com/"}}}]
}`)
	broken := writeFile(t, "broken.json", "{\n  \"Statement\": [{\"Effect\": \"allow\"}]\n}\n")
	clean := writeFile(t, "clean.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}`)
	code, out, errOut := runCmd(t, "", "lint", "--format", "sarif", findings, broken, clean)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, errOut)
	}
	if err := validateSARIF(t, sch, out); err != nil {
		t.Fatalf("the SARIF log does not validate: %v\n%s", err, out)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	levels := map[string]bool{}
	byRule := map[string]sarifResult{}
	for _, r := range log.Runs[0].Results {
		levels[r.Level] = true
		byRule[r.RuleID] = r
		if got := log.Runs[0].Tool.Driver.Rules[r.RuleIndex].ID; got != r.RuleID {
			t.Errorf("result %s points at rule %s", r.RuleID, got)
		}
	}
	for _, l := range []string{"error", "warning", "note"} {
		if !levels[l] {
			t.Errorf("no result of level %s in\n%s", l, out)
		}
	}
	if r, ok := byRule["MalformedPolicy"]; !ok || r.Locations[0].PhysicalLocation.Region.StartLine != 2 {
		t.Errorf("the parse error is not a result on line 2: %+v", r)
	}
	if r, ok := byRule["INVALID_GLOBAL_CONDITION_KEY"]; !ok || !strings.HasSuffix(r.Locations[0].PhysicalLocation.ArtifactLocation.URI, "findings%20policy.json") {
		t.Errorf("artifact URI: %+v", r)
	}
	// The Sid holds three two-byte characters before the action on line
	// 2: the SARIF column counts them once each.
	r := byRule["INVALID_ACTION"]
	line2 := strings.Split(mustRead(t, findings), "\n")[1]
	want := len([]rune(line2[:strings.Index(line2, `"s3:GetObjekt"`)])) + 1
	if got := r.Locations[0].PhysicalLocation.Region.StartColumn; got != want {
		t.Errorf("INVALID_ACTION column %d, want %d (UTF-16 units)", got, want)
	}

	// The validator is not a formality: a wrong level fails.
	bad := strings.Replace(out, `"level": "note"`, `"level": "notice"`, 1)
	if err := validateSARIF(t, sch, bad); err == nil {
		t.Error("a SARIF log with level \"notice\" validates")
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
