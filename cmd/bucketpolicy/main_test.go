package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCmd runs the command with the given arguments and standard input.
func runCmd(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

const testdata = "../../testdata"

func TestCheckCorpus(t *testing.T) {
	code, out, errOut := runCmd(t, "", "check", testdata)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	last := strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	if !strings.HasSuffix(last, " passed, 0 failed") {
		t.Errorf("last line %q", last)
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const twoCases = `# one right, one wrong
{"name": "allow", "policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}, "request": {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}, "expect": "allow"}
{"name": "wrong", "policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}, "request": {"action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}, "expect": "allow"}
{"name": "bad", "policy_text": "{", "expect": "invalid"}
`

func TestCheckFailures(t *testing.T) {
	f := writeFile(t, "cases.jsonl", twoCases)
	code, out, _ := runCmd(t, "", "check", f)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out, ":3: wrong: want allow, got none") || !strings.HasSuffix(out, "2 passed, 1 failed\n") {
		t.Errorf("output:\n%s", out)
	}
}

func TestCheckJSON(t *testing.T) {
	f := writeFile(t, "cases.jsonl", twoCases)
	code, out, _ := runCmd(t, "", "check", "--json", f)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var got []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, m)
	}
	if len(got) != 3 || got[0]["decision"] != "allow" || got[1]["decision"] != "none" ||
		got[2]["decision"] != "invalid" || !strings.Contains(fmt.Sprint(got[2]["error"]), "invalid JSON") || got[0]["error"] != nil {
		t.Errorf("results: %v", got)
	}
	// "public" is the verdict of every policy that parsed.
	if len(got) == 3 && (got[0]["public"] != true || got[2]["public"] != nil) {
		t.Errorf("public: %v, %v", got[0]["public"], got[2]["public"])
	}
}

func TestCheckStdinAndErrors(t *testing.T) {
	if code, out, _ := runCmd(t, twoCases, "check", "-"); code != 1 || !strings.HasSuffix(out, "2 passed, 1 failed\n") {
		t.Errorf("stdin: exit %d, output %q", code, out)
	}
	if code, _, errOut := runCmd(t, "{not json\n", "check", "-"); code != 1 || !strings.Contains(errOut, "line 1") {
		t.Errorf("malformed case file: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCmd(t, "", "check", "no/such/dir"); code != 1 || errOut == "" {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runCmd(t, "", "check"); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
	if code, _, errOut := runCmd(t, "", "check", t.TempDir()); code != 1 || !strings.Contains(errOut, "no *.jsonl") {
		t.Errorf("empty directory: exit %d, stderr %q", code, errOut)
	}
}

func TestLint(t *testing.T) {
	example := testdata + "/lint/example.json"
	code, out, errOut := runCmd(t, "", "lint", example)
	want := example + ":8:18: warning INVALID_ACTION: Policy has invalid action: \"s3:GetObjekt\" is not an action S3 defines; did you mean \"s3:GetObject\"?"
	if code != 1 || errOut != "" || !strings.HasPrefix(out, want) {
		t.Errorf("exit %d, stderr %q, output\n%s\nwant it to start %q", code, errOut, out, want)
	}
	for _, line := range []string{
		example + ":11:39: suggestion IMPROVE_IP_RANGE: ",
		example + ":12:24: error INVALID_GLOBAL_CONDITION_KEY: AWS defines no global condition key \"aws:Referrer\", so no request carries it; did you mean \"aws:Referer\"?\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("output lacks %q:\n%s", line, out)
		}
	}
	// With the bucket, what S3 refuses is an error, and another bucket's
	// resource is one too.
	if code, out, _ := runCmd(t, "", "lint", "--bucket", "other-bucket", example); code != 1 ||
		!strings.Contains(out, ":8:18: error INVALID_ACTION: ") || !strings.Contains(out, ":9:19: error RESOURCE_OUTSIDE_BUCKET: ") {
		t.Errorf("--bucket: exit %d, output\n%s", code, out)
	}

	// A clean policy prints nothing.
	if code, out, errOut := runCmd(t, "", "lint", testdata+"/examples/aws-public-read.json", testdata+"/examples/cos-subaccount.json"); code != 0 || out != "" || errOut != "" {
		t.Errorf("clean: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, out, _ := runCmd(t, "", "lint", "--dialect", "obs", testdata+"/examples/obs-deny-user.json"); code != 0 || out != "" {
		t.Errorf("obs: exit %d, output %q", code, out)
	}

	// A document that does not parse is an error finding at its place.
	bad := "{\n  \"Statement\": [{\"Effect\": \"allow\"}]\n}\n"
	code, out, errOut = runCmd(t, bad, "lint", "-")
	want = "-:2:28: error MalformedPolicy: Statement[0].Effect: want \"Allow\" or \"Deny\", got \"allow\"\n"
	if code != 1 || out != want || errOut != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want stdout %q", code, out, errOut, want)
	}

	// --fail-on: the oss example has warnings only.
	warnings := writeFile(t, "warn.json", `{"Version": "1", "Statement": [{"Effect": "Allow", "Principal": ["20214760404935xxxx"],
  "Action": ["oss:GetObject", "oss:ListObjects"], "Resource": ["acs:oss:*:174649585760xxxx:examplebucket/*"]}]}`)
	if code, out, _ := runCmd(t, "", "lint", warnings); code != 0 || !strings.Contains(out, ":2:31: warning ACTION_APPLIES_TO_NO_RESOURCE: ") {
		t.Errorf("default --fail-on: exit %d, output %q", code, out)
	}
	for _, c := range []struct {
		failOn string
		code   int
	}{{"error", 0}, {"security_warning", 0}, {"warning", 1}, {"suggestion", 1}} {
		if code, _, _ := runCmd(t, "", "lint", "--fail-on", c.failOn, warnings); code != c.code {
			t.Errorf("--fail-on %s: exit %d, want %d", c.failOn, code, c.code)
		}
	}

	// JSON: an object per file, every finding with its place and fix.
	code, out, _ = runCmd(t, "", "lint", "--format", "json", example, testdata+"/examples/aws-public-read.json")
	var files []struct {
		File     string
		Findings []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &files); err != nil || code != 1 || len(files) != 2 {
		t.Fatalf("json: exit %d, %v\n%s", code, err, out)
	}
	if f := files[0].Findings[0]; f["code"] != "INVALID_ACTION" || f["path"] != "Statement[0].Action[0]" || f["line"] != 8.0 ||
		f["column"] != 18.0 || f["fix"] != "s3:GetObject" || f["severity"] != "warning" {
		t.Errorf("json finding %v", f)
	}
	if files[1].Findings == nil || len(files[1].Findings) != 0 {
		t.Errorf("json: a clean file has %v", files[1].Findings)
	}

	// Bad usage.
	for _, args := range [][]string{
		{"lint"},
		{"lint", "--format", "xml", example},
		{"lint", "--fail-on", "fatal", example},
		{"lint", "--dialect", "gcs", example},
		{"lint", "--bucket", "a/b", example},
		{"lint", "no/such/file.json"},
		{"lint", "--nope", example},
	} {
		if code, _, errOut := runCmd(t, "", args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errOut)
		}
	}
}

func TestEval(t *testing.T) {
	policy := testdata + "/examples/aws-public-read.json"
	code, out, errOut := runCmd(t, "", "eval", "--policy", policy,
		"--principal", "arn:aws:iam::111122223333:user/alice", "--action", "s3:PutObject",
		"--resource", "arn:aws:s3:::example-bucket/home/alice/notes.txt",
		"--context", "aws:username=alice", "--context", "aws:SecureTransport=false")
	// The example's anonymous statement is limited to fixed address blocks.
	public := "public: no\n"
	want := "deny\n  statement 1 allow (Sid \"HomeFolders\")\n  statement 2 deny (Sid \"DenyInsecureTransport\")\n" + public
	if code != 0 || out != want {
		t.Errorf("exit %d, output %q, stderr %q; want %q", code, out, errOut, want)
	}
	// An address with its port cannot be read: the Deny applies through
	// it, and eval says so.
	code, out, _ = runCmd(t, "", "eval", "--policy", policy, "--action", "s3:GetObject",
		"--resource", "arn:aws:s3:::example-bucket/public/a", "--context", "aws:SourceIp=203.0.113.9:443",
		"--context", "aws:SecureTransport=yes")
	want = "deny\n  statement 2 deny (Sid \"DenyInsecureTransport\") through an undecidable condition: check the request's values for its keys\n" + public
	if code != 0 || out != want {
		t.Errorf("undecidable: exit %d, output %q; want %q", code, out, want)
	}
	code, out, _ = runCmd(t, "", "eval", "--policy", policy, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::other/x")
	if code != 0 || out != "none\n  no statement applies\n"+public {
		t.Errorf("exit %d, output %q", code, out)
	}
	doc, _ := os.ReadFile(testdata + "/examples/cos-subaccount.json")
	code, out, _ = runCmd(t, string(doc), "eval", "--policy", "-", "--principal", "qcs::cam::uin/100000000001:uin/100000000011",
		"--action", "name/cos:GetBucket", "--resource", "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/")
	if code != 0 || !strings.HasPrefix(out, "allow\n") || !strings.HasSuffix(out, "\npublic: no\n") {
		t.Errorf("cos from stdin: exit %d, output %q", code, out)
	}
	// A public policy: the verdict names the statement and why.
	open := `{"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", ` +
		`"Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringLike": {"aws:SourceVpc": "vpc-*"}}}]}`
	code, out, _ = runCmd(t, open, "eval", "--policy", "-", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k")
	want = "none\n  no statement applies\npublic: yes (statement 0 \"PublicRead\": Principal \"*\" is everyone, " +
		"and none of its conditions fixes a key that limits who can call (StringLike aws:SourceVpc: \"vpc-*\" has a wildcard))\n"
	if code != 0 || out != want {
		t.Errorf("public: exit %d, output %q; want %q", code, out, want)
	}
	if code, _, _ := runCmd(t, "", "eval", "--policy", policy); code != 2 {
		t.Errorf("missing --action: exit %d, want 2", code)
	}
	if code, _, errOut := runCmd(t, "", "eval", "--policy", policy, "--action", "a", "--resource", "r", "--context", "novalue"); code != 2 || !strings.Contains(errOut, "KEY=VALUE") {
		t.Errorf("bad --context: exit %d, stderr %q", code, errOut)
	}
}

func TestUsage(t *testing.T) {
	if code, _, errOut := runCmd(t, ""); code != 2 || !strings.Contains(errOut, "usage:") {
		t.Errorf("no command: exit %d", code)
	}
	if code, _, errOut := runCmd(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, out, _ := runCmd(t, "", "help"); code != 0 || !strings.Contains(out, "usage:") {
		t.Errorf("help: exit %d", code)
	}
}
