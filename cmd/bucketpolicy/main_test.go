package main

import (
	"bytes"
	"encoding/json"
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
	var got []map[string]string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]string
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, m)
	}
	if len(got) != 3 || got[0]["decision"] != "allow" || got[1]["decision"] != "none" ||
		got[2]["decision"] != "invalid" || !strings.Contains(got[2]["error"], "invalid JSON") || got[0]["error"] != "" {
		t.Errorf("results: %v", got)
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
	if code, out, _ := runCmd(t, "", "lint", testdata+"/examples/oss-vpc-only.json"); code != 0 || out != "ok oss\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
	if code, out, _ := runCmd(t, "", "lint", "--dialect", "obs", testdata+"/examples/obs-deny-user.json"); code != 0 || out != "ok obs\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
	bad := "{\n  \"Statement\": [{\"Effect\": \"allow\"}]\n}\n"
	code, out, errOut := runCmd(t, bad, "lint", "-")
	want := "-:2:28: Statement[0].Effect: want \"Allow\" or \"Deny\", got \"allow\" (MalformedPolicy)\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want stderr %q", code, out, errOut, want)
	}
	if code, _, errOut := runCmd(t, "", "lint", "--dialect", "gcs", "-"); code != 1 || !strings.Contains(errOut, "unknown dialect") {
		t.Errorf("bad dialect: exit %d, stderr %q", code, errOut)
	}
}

func TestEval(t *testing.T) {
	policy := testdata + "/examples/aws-public-read.json"
	code, out, errOut := runCmd(t, "", "eval", "--policy", policy,
		"--principal", "arn:aws:iam::111122223333:user/alice", "--action", "s3:PutObject",
		"--resource", "arn:aws:s3:::example-bucket/home/alice/notes.txt",
		"--context", "aws:username=alice", "--context", "aws:SecureTransport=false")
	want := "deny\n  statement 1 allow (Sid \"HomeFolders\")\n  statement 2 deny (Sid \"DenyInsecureTransport\")\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, output %q, stderr %q; want %q", code, out, errOut, want)
	}
	// An address with its port cannot be read: the Deny applies through
	// it, and eval says so.
	code, out, _ = runCmd(t, "", "eval", "--policy", policy, "--action", "s3:GetObject",
		"--resource", "arn:aws:s3:::example-bucket/public/a", "--context", "aws:SourceIp=203.0.113.9:443",
		"--context", "aws:SecureTransport=yes")
	want = "deny\n  statement 2 deny (Sid \"DenyInsecureTransport\") through an undecidable condition: check the request's values for its keys\n"
	if code != 0 || out != want {
		t.Errorf("undecidable: exit %d, output %q; want %q", code, out, want)
	}
	code, out, _ = runCmd(t, "", "eval", "--policy", policy, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::other/x")
	if code != 0 || out != "none\n  no statement applies\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
	doc, _ := os.ReadFile(testdata + "/examples/cos-subaccount.json")
	code, out, _ = runCmd(t, string(doc), "eval", "--policy", "-", "--principal", "qcs::cam::uin/100000000001:uin/100000000011",
		"--action", "name/cos:GetBucket", "--resource", "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/")
	if code != 0 || !strings.HasPrefix(out, "allow\n") {
		t.Errorf("cos from stdin: exit %d, output %q", code, out)
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
