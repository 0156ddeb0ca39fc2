// Command bucketpolicy checks, lints and evaluates bucket policies.
//
// Usage:
//
//	bucketpolicy check [--json] FILE|DIR...
//	bucketpolicy eval --policy FILE [--dialect D] --action A --resource R
//	                  [--principal P] [--account A] [--owner] [--context KEY=VALUE]...
//	bucketpolicy lint [--dialect D] [--bucket B] [--format text|json|sarif]
//	                  [--fail-on error|security_warning|warning|suggestion] FILE...
//
// check runs case files (a directory: every *.jsonl file under it) and ends
// with "N passed, M failed"; eval prints the decision for one request, the
// statements that applied, and the policy's Block Public Access verdict
// ("public: no", or "public: yes (statement 0 "Sid": why)"); lint prints
// the findings of bucketpolicy.Lint for each policy, one "FILE:LINE:COL:
// severity CODE: message" a line (or JSON, or a SARIF 2.1.0 log for code scanning), and
// exits 1 when one is at least as severe as --fail-on (default error). A
// FILE of "-" is standard input. Errors go to standard error, with a
// non-zero exit status (2 for bad usage).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/casefile"
)

const usage = `usage:
  bucketpolicy check [--json] FILE|DIR...
  bucketpolicy eval --policy FILE [--dialect D] --action A --resource R
                    [--principal P] [--account A] [--owner] [--context KEY=VALUE]...
  bucketpolicy lint [--dialect D] [--bucket B] [--format text|json|sarif]
                    [--fail-on error|security_warning|warning|suggestion] FILE...
A FILE of "-" is standard input.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the command, with its streams, so that tests can call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	c := &command{stdin: stdin, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "check":
		return c.check(args[1:])
	case "eval":
		return c.eval(args[1:])
	case "lint":
		return c.lint(args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "bucketpolicy: unknown command %q\n%s", args[0], usage)
	return 2
}

type command struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (c *command) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("bucketpolicy "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	return fs
}

// read returns the contents of a file, or of standard input for "-".
func (c *command) read(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(c.stdin)
	}
	return os.ReadFile(name)
}

// caseFiles expands the arguments: "-" as given, files as given,
// directories into their *.jsonl files, recursively, in lexical order.
func caseFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		if a == "-" {
			files = append(files, a)
			continue
		}
		found, err := casefile.Files(a)
		if err != nil {
			return nil, err
		}
		files = append(files, found...)
	}
	return files, nil
}

// caseResult is the --json form of one case's outcome.
type caseResult struct {
	Name     string           `json:"name"`
	Decision string           `json:"decision,omitempty"`
	Error    string           `json:"error,omitempty"`
	Public   *bool            `json:"public,omitempty"`
	Findings *[]findingResult `json:"findings,omitempty"` // nil when the policy did not parse
	Checks   []checkResult    `json:"checks,omitempty"`   // an HTTP case's checks
}

// checkResult is the --json form of a check an HTTP case's request maps to.
type checkResult struct {
	Action   string              `json:"action"`
	Resource string              `json:"resource"`
	Context  map[string][]string `json:"context"`
}

// findingResult is the --json form of a lint finding.
type findingResult struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

func (c *command) check(args []string) int {
	fs := c.flags("check")
	asJSON := fs.Bool("json", false, "print one JSON object a case instead of failures and a summary")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprint(c.stderr, "bucketpolicy check: name at least one case file or directory\n")
		return 2
	}
	files, err := caseFiles(fs.Args())
	if err != nil {
		fmt.Fprintf(c.stderr, "bucketpolicy check: %v\n", err)
		return 1
	}
	if len(files) == 0 {
		fmt.Fprint(c.stderr, "bucketpolicy check: no *.jsonl case files found\n")
		return 1
	}
	passed, failed := 0, 0
	enc := json.NewEncoder(c.stdout)
	for _, f := range files {
		data, err := c.read(f)
		if err != nil {
			fmt.Fprintf(c.stderr, "bucketpolicy check: %v\n", err)
			return 1
		}
		cases, err := casefile.Read(bytes.NewReader(data))
		if err != nil {
			fmt.Fprintf(c.stderr, "bucketpolicy check: %s: %v\n", f, err)
			return 1
		}
		for i := range cases {
			tc := &cases[i]
			res := tc.Run()
			if *asJSON {
				enc.Encode(jsonResult(tc))
			}
			mismatch := tc.Mismatch(res)
			if mismatch == "" {
				passed++
				continue
			}
			failed++
			if !*asJSON {
				fmt.Fprintf(c.stdout, "FAIL %s:%d: %s: %s\n", f, tc.Line, tc.Name, mismatch)
			}
		}
	}
	if !*asJSON {
		fmt.Fprintf(c.stdout, "%d passed, %d failed\n", passed, failed)
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// jsonResult runs a case for --json: its decision, and for a policy that
// parses its public verdict and its lint findings.
func jsonResult(tc *casefile.Case) caseResult {
	res := tc.RunAll()
	r := caseResult{Name: tc.Name, Decision: res.Decision}
	if res.Err != nil {
		r.Error = res.Err.Error()
	}
	if res.Public != nil {
		r.Public = &res.Public.Public
	}
	if res.Mapping != nil {
		for i := range res.Mapping.Checks {
			chk := &res.Mapping.Checks[i]
			r.Checks = append(r.Checks, checkResult{Action: chk.Action, Resource: chk.Resource, Context: casefile.CheckContext(chk)})
		}
	}
	if res.Policy != nil && res.LintErr == nil {
		fs := []findingResult{}
		for _, f := range res.Findings {
			fs = append(fs, findingResult{Code: f.Code, Severity: f.Severity.String(), Path: f.Path, Line: f.Line, Column: f.Column})
		}
		r.Findings = &fs
	}
	return r
}

// contextFlag collects repeated --context KEY=VALUE flags.
type contextFlag map[string][]string

func (f contextFlag) String() string { return "" }

func (f contextFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return errors.New("want KEY=VALUE")
	}
	f[k] = append(f[k], v)
	return nil
}

func (c *command) dialectOption(name string) ([]bucketpolicy.Option, error) {
	if name == "" {
		return nil, nil
	}
	d, err := bucketpolicy.ParseDialect(name)
	if err != nil {
		return nil, err
	}
	return []bucketpolicy.Option{bucketpolicy.WithDialect(d)}, nil
}

// parse reads and parses a policy file, reporting errors with their place.
func (c *command) parse(name, dialect string) (*bucketpolicy.Policy, bool) {
	opts, err := c.dialectOption(dialect)
	if err != nil {
		fmt.Fprintf(c.stderr, "bucketpolicy: %v\n", err)
		return nil, false
	}
	doc, err := c.read(name)
	if err != nil {
		fmt.Fprintf(c.stderr, "bucketpolicy: %v\n", err)
		return nil, false
	}
	p, err := bucketpolicy.Parse(doc, opts...)
	if err != nil {
		var pe *bucketpolicy.Error
		if errors.As(err, &pe) {
			where := name
			if pos := pe.Position(); pos != "" {
				where += ":" + pos
			}
			fmt.Fprintf(c.stderr, "%s: %v (%s)\n", where, pe, pe.Code)
		} else {
			fmt.Fprintf(c.stderr, "bucketpolicy: %v\n", err)
		}
		return nil, false
	}
	return p, true
}

func (c *command) eval(args []string) int {
	fs := c.flags("eval")
	policy := fs.String("policy", "", "the policy file (- for standard input)")
	dialect := fs.String("dialect", "", "the policy's dialect (aws, obs, oss, cos); default: detected")
	var req bucketpolicy.Request
	fs.StringVar(&req.Action, "action", "", "the action, such as s3:GetObject")
	fs.StringVar(&req.Resource, "resource", "", "the resource, such as arn:aws:s3:::bucket/key")
	fs.StringVar(&req.Principal, "principal", "", "the caller (default: anonymous)")
	fs.StringVar(&req.Account, "account", "", "the caller's account")
	fs.BoolVar(&req.Owner, "owner", false, "the caller is the bucket owner")
	ctx := contextFlag{}
	fs.Var(ctx, "context", "a condition key and value, KEY=VALUE (repeat for more values or keys)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *policy == "" || req.Action == "" || req.Resource == "" || fs.NArg() > 0 {
		fmt.Fprint(c.stderr, "bucketpolicy eval: --policy, --action and --resource are required\n")
		fs.PrintDefaults()
		return 2
	}
	req.Context = ctx
	p, ok := c.parse(*policy, *dialect)
	if !ok {
		return 1
	}
	x := p.Explain(req)
	fmt.Fprintln(c.stdout, x.Decision)
	for _, s := range x.Statements {
		line := fmt.Sprintf("  statement %d %s", s.Index, s.Effect)
		if s.Sid != "" {
			line += fmt.Sprintf(" (Sid %q)", s.Sid)
		}
		if s.Unknown {
			line += " through an undecidable condition: check the request's values for its keys"
		}
		fmt.Fprintln(c.stdout, line)
	}
	if len(x.Statements) == 0 {
		fmt.Fprintln(c.stdout, "  no statement applies")
	}
	fmt.Fprintln(c.stdout, "public:", p.Public())
	return 0
}
