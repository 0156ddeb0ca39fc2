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
// must name, so that it cannot pass for the wrong reason. Other fields
// ("note", "source", ...) are ignored. The command bucketpolicy check runs
// case files; so can a host's tests, with [ReadFile] and [Case.Run].
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
	// Line is the case's line number in its file, from 1.
	Line int
}

// caseLine is the JSON form of a case.
type caseLine struct {
	Name       *string         `json:"name"`
	Dialect    *string         `json:"dialect"`
	Policy     json.RawMessage `json:"policy"`
	PolicyText *string         `json:"policy_text"`
	Request    json.RawMessage `json:"request"`
	Expect     *string         `json:"expect"`
	ErrorPath  *string         `json:"error_path"`
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
	if cl.Expect == nil {
		return c, fmt.Errorf("case %q: missing \"expect\"", c.Name)
	}
	switch *cl.Expect {
	case "allow", "deny", "none", "invalid":
		c.Expect = *cl.Expect
	default:
		return c, fmt.Errorf("case %q: \"expect\" is %q; want allow, deny, none or invalid", c.Name, *cl.Expect)
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
	default:
		return c, fmt.Errorf("case %q: missing \"policy\" or \"policy_text\"", c.Name)
	}
	if cl.Request == nil {
		if c.Expect != "invalid" {
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
	if c.Dialect == 0 {
		return nil
	}
	return []bucketpolicy.Option{bucketpolicy.WithDialect(c.Dialect)}
}

// Result is the outcome of running a case.
type Result struct {
	// Decision is "allow", "deny", "none" or "invalid", as Expect writes it.
	Decision string
	// Err is the parse error when Decision is "invalid".
	Err error
	// Policy is the parsed policy, or nil.
	Policy *bucketpolicy.Policy
}

// Run parses the case's policy and evaluates its request.
func (c *Case) Run() Result {
	p, err := bucketpolicy.Parse(c.Policy, c.Options()...)
	if err != nil {
		return Result{Decision: "invalid", Err: err}
	}
	r := Result{Policy: p, Decision: "none"}
	if c.Request != nil {
		r.Decision = p.Evaluate(*c.Request).String()
	}
	return r
}

// Mismatch compares a result of Run with the case's expectations. It
// returns "" when they agree, and otherwise says how they differ.
func (c *Case) Mismatch(r Result) string {
	if r.Decision != c.Expect {
		got := r.Decision
		if got == "" {
			got = "a policy that parses"
		}
		msg := "want " + c.Expect + ", got " + got
		if r.Err != nil {
			msg += " (" + r.Err.Error() + ")"
		}
		return msg
	}
	if c.ErrorPath == "" {
		return ""
	}
	var pe *bucketpolicy.Error
	if !errors.As(r.Err, &pe) {
		return fmt.Sprintf("want an error at %s, got %v", c.ErrorPath, r.Err)
	}
	if pe.Path != c.ErrorPath {
		return fmt.Sprintf("want the error at %s, got it at %q (%v)", c.ErrorPath, pe.Path, r.Err)
	}
	return ""
}

// String returns the case's name and line.
func (c *Case) String() string {
	return fmt.Sprintf("line %d: %s", c.Line, c.Name)
}
