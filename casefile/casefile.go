// Package casefile reads and runs conformance case files: the JSON-lines
// format in which bucketpolicy's own corpus is written, and in which a host
// can hold the library (or its own server) to a cloud's behaviour.
//
// A case file holds one JSON object a line; blank lines and lines starting
// with '#' are skipped:
//
//	{"name": "public read", "dialect": "aws",
//	 "policy": {"Version": "2012-10-17", "Statement": [...]},
//	 "request": {"principal": "", "action": "s3:GetObject",
//	             "resource": "arn:aws:s3:::bucket/a", "context": {"aws:SourceIp": ["10.1.2.3"]}},
//	 "expect": "allow"}
//
// "policy_text" may stand instead of "policy" for bytes that are not valid
// JSON; "expect" is "allow", "deny", "none" or "invalid" (the policy must be
// rejected). An invalid case may add "error_path", the JSON path the error
// must name, so that it cannot pass for the wrong reason.
//
// A case may also say "put_bucket" (parse as the cloud's PutBucketPolicy
// would accept the policy for that bucket), "expect_public" (the policy's
// Block Public Access verdict), "expect_findings" or "expect_clean" (what
// lint must report). Other fields ("note", "source", ...) are ignored. The
// format is specified in the project's cases.md. The command bucketpolicy
// check runs case files; so can a host's tests, with [ReadFile] and
// [Case.Run].
package casefile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bucketpolicy/bucketpolicy"
	"github.com/bucketpolicy/bucketpolicy/policyhttp"
)

// Case is one conformance case: a policy, a request, and what is expected.
type Case struct {
	// Name says what the case checks; it is unique within its file.
	Name string
	// Dialect is the dialect to parse in, or 0 to detect it.
	Dialect bucketpolicy.Dialect
	// Policy is the document: the text of "policy_text", or the JSON text
	// of "policy" exactly as it stands in the line.
	Policy []byte
	// Request is the request to evaluate, or nil when the case gives none
	// (an invalid case).
	Request *bucketpolicy.Request
	// Expect is "allow", "deny", "none" or "invalid".
	Expect string
	// ErrorPath, when not empty, is the path the error of an invalid case
	// must name ([bucketpolicy.Error].Path).
	ErrorPath string
	// PutBucket, when not empty, names the bucket the policy is put on:
	// the policy is parsed with [bucketpolicy.WithBucket].
	PutBucket string
	// ExpectPublic, when not nil, is the policy's expected Block Public
	// Access verdict.
	ExpectPublic *bool
	// ExpectFindings lists finding codes lint must report (each at least
	// once); ExpectClean says it must report none.
	ExpectFindings []string
	ExpectClean    bool
	// HTTP, when not nil, is the HTTP request of an HTTP case: the mapper
	// turns it into the checks the policy decides (see the policyhttp
	// package). Caller and Endpoint go with it.
	HTTP     *HTTPRequest
	Caller   *Caller
	Endpoint *Endpoint
	// ExpectChecks, when not nil, are the checks the mapper must compute
	// for an HTTP case, in order.
	ExpectChecks []ExpectedCheck
	// Line is the case's line number in its file, from 1.
	Line int
}

// HTTPRequest is the request a server received, as a case writes it.
type HTTPRequest struct {
	Method     string              `json:"method"`
	URL        string              `json:"url"`
	Headers    map[string][]string `json:"headers"`
	Body       string              `json:"body"`
	RemoteAddr string              `json:"remote_addr"`
	TLS        bool                `json:"tls"`
	Time       string              `json:"time"`
	SourceVpc  string              `json:"source_vpc"`
}

// Caller is the caller of an HTTP case as the host authenticated it.
type Caller struct {
	Principal   string            `json:"principal"`
	Account     string            `json:"account"`
	Owner       bool              `json:"owner"`
	AccessKeyID string            `json:"access_key_id"`
	UserID      string            `json:"user_id"`
	Auth        string            `json:"auth"`
	AuthType    string            `json:"auth_type"`
	Tags        map[string]string `json:"tags"`
}

// Endpoint is the host's settings of an HTTP case.
type Endpoint struct {
	VirtualHostSuffixes []string `json:"virtual_host_suffixes"`
	TrustedProxies      []string `json:"trusted_proxies"`
	Region              string   `json:"region"`
	BucketOwner         string   `json:"bucket_owner"`
}

// ExpectedCheck is a check an HTTP case expects: its action, its resource,
// condition keys that must be present with exactly these values (others
// may be present too), and keys that must be absent.
type ExpectedCheck struct {
	Action   string              `json:"action"`
	Resource string              `json:"resource"`
	Context  map[string][]string `json:"context"`
	Absent   []string            `json:"absent"`
}

// caseLine is the JSON form of a case.
type caseLine struct {
	Name           *string         `json:"name"`
	Dialect        *string         `json:"dialect"`
	Policy         json.RawMessage `json:"policy"`
	PolicyText     *string         `json:"policy_text"`
	Request        json.RawMessage `json:"request"`
	Expect         *string         `json:"expect"`
	ErrorPath      *string         `json:"error_path"`
	PutBucket      *string         `json:"put_bucket"`
	ExpectPublic   *bool           `json:"expect_public"`
	ExpectFindings []string        `json:"expect_findings"`
	ExpectClean    *bool           `json:"expect_clean"`
	HTTP           json.RawMessage `json:"http"`
	Caller         json.RawMessage `json:"caller"`
	Endpoint       json.RawMessage `json:"endpoint"`
	ExpectChecks   json.RawMessage `json:"expect_checks"`
}

type caseRequest struct {
	Principal string              `json:"principal"`
	Account   string              `json:"account"`
	Owner     bool                `json:"owner"`
	Action    string              `json:"action"`
	Resource  string              `json:"resource"`
	Context   map[string][]string `json:"context"`
}

// Read reads a case file. A malformed line is an error that names the
// line; so is a name used twice.
func Read(r io.Reader) ([]Case, error) {
	var cases []Case
	names := map[string]int{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		c, err := parseCase(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if prev, dup := names[c.Name]; dup {
			return nil, fmt.Errorf("line %d: case %q is already on line %d", n, c.Name, prev)
		}
		names[c.Name] = n
		c.Line = n
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return cases, nil
}

// ReadFile reads the case file with the given name.
func ReadFile(name string) ([]Case, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cases, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return cases, nil
}

// Files expands paths into case files: a file as given, a directory into
// its *.jsonl files, recursively, in lexical order.
func Files(paths ...string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(q, ".jsonl") {
				found = append(found, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		slices.Sort(found)
		files = append(files, found...)
	}
	return files, nil
}

func parseCase(line []byte) (Case, error) {
	var cl caseLine
	if err := json.Unmarshal(line, &cl); err != nil {
		return Case{}, fmt.Errorf("not a case object: %w", err)
	}
	var c Case
	if cl.Name == nil || *cl.Name == "" {
		return c, errors.New(`missing "name"`)
	}
	c.Name = *cl.Name
	if cl.PutBucket != nil {
		if *cl.PutBucket == "" {
			return c, fmt.Errorf("case %q: \"put_bucket\" is empty", c.Name)
		}
		c.PutBucket = *cl.PutBucket
	}
	c.ExpectPublic = cl.ExpectPublic
	c.ExpectFindings = cl.ExpectFindings
	if cl.ExpectFindings != nil && len(cl.ExpectFindings) == 0 {
		return c, fmt.Errorf("case %q: \"expect_findings\" is empty; say \"expect_clean\": true for none", c.Name)
	}
	if cl.ExpectClean != nil {
		if !*cl.ExpectClean {
			return c, fmt.Errorf("case %q: \"expect_clean\" can only be true", c.Name)
		}
		if cl.ExpectFindings != nil {
			return c, fmt.Errorf("case %q: has both \"expect_findings\" and \"expect_clean\"", c.Name)
		}
		c.ExpectClean = true
	}
	if err := parseHTTP(&c, &cl); err != nil {
		return c, fmt.Errorf("case %q: %w", c.Name, err)
	}
	if cl.Expect == nil {
		if c.ExpectPublic == nil && c.ExpectFindings == nil && !c.ExpectClean && c.ExpectChecks == nil {
			return c, fmt.Errorf("case %q: missing \"expect\" (or \"expect_public\", \"expect_findings\", \"expect_clean\", \"expect_checks\")", c.Name)
		}
		if cl.Request != nil {
			return c, fmt.Errorf("case %q: has a \"request\" but no \"expect\"", c.Name)
		}
	} else {
		switch *cl.Expect {
		case "allow", "deny", "none", "invalid":
			c.Expect = *cl.Expect
		case "unmapped":
			if c.HTTP == nil {
				return c, fmt.Errorf("case %q: \"expect\": \"unmapped\" belongs to HTTP cases", c.Name)
			}
			c.Expect = *cl.Expect
		default:
			return c, fmt.Errorf("case %q: \"expect\" is %q; want allow, deny, none, invalid or unmapped", c.Name, *cl.Expect)
		}
	}
	if cl.ErrorPath != nil {
		if c.Expect != "invalid" {
			return c, fmt.Errorf("case %q: \"error_path\" belongs to invalid cases only", c.Name)
		}
		c.ErrorPath = *cl.ErrorPath
	}
	if cl.Dialect != nil {
		d, err := bucketpolicy.ParseDialect(*cl.Dialect)
		if err != nil {
			return c, fmt.Errorf("case %q: %w", c.Name, err)
		}
		c.Dialect = d
	}
	switch {
	case cl.Policy != nil && cl.PolicyText != nil:
		return c, fmt.Errorf("case %q: has both \"policy\" and \"policy_text\"", c.Name)
	case cl.Policy != nil:
		c.Policy = []byte(cl.Policy)
	case cl.PolicyText != nil:
		c.Policy = []byte(*cl.PolicyText)
	case c.HTTP != nil && (c.Expect == "" || c.Expect == "unmapped"):
		// A mapping-only case.
		if c.Dialect == 0 {
			return c, fmt.Errorf("case %q: an HTTP case without a policy names its \"dialect\"", c.Name)
		}
		return c, nil
	default:
		return c, fmt.Errorf("case %q: missing \"policy\" or \"policy_text\"", c.Name)
	}
	if c.HTTP != nil {
		if cl.Request != nil {
			return c, fmt.Errorf("case %q: has both \"http\" and \"request\"", c.Name)
		}
		return c, nil
	}
	if c.Expect == "invalid" && (c.ExpectPublic != nil || c.ExpectFindings != nil || c.ExpectClean) {
		return c, fmt.Errorf("case %q: an invalid policy has no public verdict or findings", c.Name)
	}
	if cl.Request == nil {
		if c.Expect != "invalid" && c.Expect != "" {
			return c, fmt.Errorf("case %q: missing \"request\"", c.Name)
		}
		return c, nil
	}
	dec := json.NewDecoder(bytes.NewReader(cl.Request))
	dec.DisallowUnknownFields()
	var req caseRequest
	if err := dec.Decode(&req); err != nil {
		return c, fmt.Errorf("case %q: request: %w", c.Name, err)
	}
	c.Request = &bucketpolicy.Request{Principal: req.Principal, Account: req.Account, Owner: req.Owner,
		Action: req.Action, Resource: req.Resource, Context: req.Context}
	return c, nil
}

// Options returns the parse options the case asks for.
func (c *Case) Options() []bucketpolicy.Option {
	var opts []bucketpolicy.Option
	if c.Dialect != 0 {
		opts = append(opts, bucketpolicy.WithDialect(c.Dialect))
	}
	if c.PutBucket != "" {
		opts = append(opts, bucketpolicy.WithBucket(c.PutBucket))
	}
	return opts
}

// Result is the outcome of running a case.
type Result struct {
	// Decision is "allow", "deny", "none" or "invalid", as Expect writes
	// it; "" when the case has no request and its policy parsed.
	Decision string
	// Err is the parse error when Decision is "invalid".
	Err error
	// Policy is the parsed policy, or nil.
	Policy *bucketpolicy.Policy
	// Public is the policy's Block Public Access verdict, when computed.
	Public *bucketpolicy.PublicVerdict
	// Findings are lint's findings for the policy, when computed.
	Findings []bucketpolicy.Finding
	// LintErr is lint's error, when it could not lint the policy.
	LintErr error
	// Mapping is what the mapper made of an HTTP case's request.
	Mapping *policyhttp.Mapping
}

// Run parses the case's policy and computes what its expectations need:
// the decision for its request, the public verdict, the lint findings.
func (c *Case) Run() Result {
	return c.run(c.ExpectPublic != nil, c.ExpectFindings != nil || c.ExpectClean)
}

// RunAll is Run, and also computes the public verdict and the lint
// findings of every policy that parses, for reports.
func (c *Case) RunAll() Result {
	return c.run(true, true)
}

func (c *Case) run(public, findings bool) Result {
	var r Result
	if c.Policy == nil { // a mapping-only HTTP case
		c.runHTTP(&r)
		return r
	}
	p, err := bucketpolicy.Parse(c.Policy, c.Options()...)
	if err != nil {
		r = Result{Decision: "invalid", Err: err}
		// Lint reports what PutBucketPolicy's rules refuse as findings:
		// a lint case under put_bucket needs them whether it parses or not.
		if findings && c.PutBucket != "" {
			r.Findings, r.LintErr = bucketpolicy.Lint(c.Policy, c.Options()...)
		}
		return r
	}
	r.Policy = p
	switch {
	case c.HTTP != nil:
		c.runHTTP(&r)
	case c.Request != nil:
		r.Decision = p.Evaluate(*c.Request).String()
	}
	if public {
		v := p.Public()
		r.Public = &v
	}
	if findings {
		r.Findings, r.LintErr = bucketpolicy.Lint(c.Policy, c.Options()...)
	}
	return r
}

// Mismatch compares a result of Run with the case's expectations. It
// returns "" when they agree, and otherwise says how they differ.
func (c *Case) Mismatch(r Result) string {
	if c.Expect == "" && r.Decision == "invalid" && (c.ExpectPublic != nil || c.PutBucket == "") {
		return "want the policy to parse, got invalid (" + r.Err.Error() + ")"
	}
	if c.Expect != "" && r.Decision != c.Expect {
		got := r.Decision
		switch {
		case got == "" && c.HTTP != nil:
			got = "a request that maps"
		case got == "":
			got = "a policy that parses"
		}
		msg := "want " + c.Expect + ", got " + got
		if r.Err != nil {
			msg += " (" + r.Err.Error() + ")"
		}
		return msg
	}
	if c.ErrorPath != "" {
		var pe *bucketpolicy.Error
		if !errors.As(r.Err, &pe) {
			return fmt.Sprintf("want an error at %s, got %v", c.ErrorPath, r.Err)
		}
		if pe.Path != c.ErrorPath {
			return fmt.Sprintf("want the error at %s, got it at %q (%v)", c.ErrorPath, pe.Path, r.Err)
		}
	}
	if c.ExpectChecks != nil {
		if r.Decision == "unmapped" {
			return "want checks, got unmapped (" + r.Err.Error() + ")"
		}
		if m := c.checksMismatch(r.Mapping); m != "" {
			return m
		}
	}
	if c.ExpectPublic != nil && r.Public != nil && r.Public.Public != *c.ExpectPublic {
		return fmt.Sprintf("want public %v, got %v %v", *c.ExpectPublic, r.Public.Public, r.Public.Statements)
	}
	if c.ExpectFindings != nil || c.ExpectClean {
		if r.LintErr != nil {
			return "lint failed: " + r.LintErr.Error()
		}
		got := make(map[string]bool, len(r.Findings))
		var codes []string
		for _, f := range r.Findings {
			got[f.Code] = true
			codes = append(codes, f.Code)
		}
		if c.ExpectClean && len(r.Findings) > 0 {
			return fmt.Sprintf("want no findings, got %v", codes)
		}
		var missing []string
		for _, code := range c.ExpectFindings {
			if !got[code] {
				missing = append(missing, code)
			}
		}
		if missing != nil {
			return fmt.Sprintf("want findings %v, got %v", missing, codes)
		}
	}
	return ""
}

// String returns the case's name and line.
func (c *Case) String() string {
	return fmt.Sprintf("line %d: %s", c.Line, c.Name)
}
