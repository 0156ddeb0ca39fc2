package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/bucketpolicy/bucketpolicy"
)

// lintFile is what lint found in one file.
type lintFile struct {
	name     string
	doc      []byte
	findings []bucketpolicy.Finding
}

// lint runs bucketpolicy.Lint on each file and prints the findings as text,
// JSON or SARIF. The exit status is 1 when a finding is at least as severe
// as --fail-on, 2 for bad usage (a bad flag, an unreadable file), else 0.
func (c *command) lint(args []string) int {
	fs := c.flags("lint")
	dialect := fs.String("dialect", "", "the policies' dialect (aws, obs, oss, cos); default: detected")
	bucket := fs.String("bucket", "", "the bucket the policies are put on: check them as the cloud's PutBucketPolicy would")
	format := fs.String("format", "text", "output format: text, json or sarif")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding is at least this severe: error, security_warning, warning or suggestion")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprint(c.stderr, "bucketpolicy lint: name at least one policy file\n")
		return 2
	}
	threshold, ok := bucketpolicy.ParseSeverity(*failOn)
	if !ok {
		fmt.Fprintf(c.stderr, "bucketpolicy lint: --fail-on %q: want error, security_warning, warning or suggestion\n", *failOn)
		return 2
	}
	if *format != "text" && *format != "json" && *format != "sarif" {
		fmt.Fprintf(c.stderr, "bucketpolicy lint: --format %q: want text, json or sarif\n", *format)
		return 2
	}
	opts, err := c.dialectOption(*dialect)
	if err != nil {
		fmt.Fprintf(c.stderr, "bucketpolicy lint: %v\n", err)
		return 2
	}
	if *bucket != "" {
		opts = append(opts, bucketpolicy.WithBucket(*bucket))
	}
	var files []lintFile
	for _, name := range fs.Args() {
		doc, err := c.read(name)
		if err != nil {
			fmt.Fprintf(c.stderr, "bucketpolicy lint: %v\n", err)
			return 2
		}
		findings, err := bucketpolicy.Lint(doc, opts...)
		if err != nil {
			var pe *bucketpolicy.Error
			if !errors.As(err, &pe) || errors.Is(err, bucketpolicy.ErrOption) {
				fmt.Fprintf(c.stderr, "bucketpolicy lint: %v\n", err)
				return 2
			}
			// A document that does not parse is one error finding.
			findings = []bucketpolicy.Finding{{Severity: bucketpolicy.SeverityError, Code: pe.Code, Message: pe.Error(),
				Path: pe.Path, Offset: pe.Offset, Line: pe.Line, Column: pe.Column}}
		}
		files = append(files, lintFile{name: name, doc: doc, findings: findings})
	}
	switch *format {
	case "json":
		err = writeLintJSON(c.stdout, files)
	case "sarif":
		err = writeSARIF(c.stdout, files)
	default:
		err = writeLintText(c.stdout, files)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "bucketpolicy lint: %v\n", err)
		return 2
	}
	for _, f := range files {
		for _, fd := range f.findings {
			if fd.Severity <= threshold {
				return 1
			}
		}
	}
	return 0
}

// writeLintText prints "FILE:LINE:COL: severity CODE: message", one finding
// a line ("FILE: ..." for a finding without a place).
func writeLintText(w io.Writer, files []lintFile) error {
	for _, f := range files {
		for _, fd := range f.findings {
			where := f.name
			if fd.Line > 0 {
				where += fmt.Sprintf(":%d:%d", fd.Line, fd.Column)
			}
			if _, err := fmt.Fprintf(w, "%s: %s %s: %s\n", where, fd.Severity, fd.Code, fd.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

// lintJSONFinding is the JSON form of a finding.
type lintJSONFinding struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Offset   int    `json:"offset"`
	Fix      string `json:"fix,omitempty"`
}

// lintJSONFile is the JSON form of one file's findings.
type lintJSONFile struct {
	File     string            `json:"file"`
	Findings []lintJSONFinding `json:"findings"`
}

// writeLintJSON prints one JSON array: an object per file, with its
// findings.
func writeLintJSON(w io.Writer, files []lintFile) error {
	out := make([]lintJSONFile, 0, len(files))
	for _, f := range files {
		jf := lintJSONFile{File: f.name, Findings: []lintJSONFinding{}}
		for _, fd := range f.findings {
			jf.Findings = append(jf.Findings, lintJSONFinding{Severity: fd.Severity.String(), Code: fd.Code, Message: fd.Message,
				Path: fd.Path, Line: fd.Line, Column: fd.Column, Offset: fd.Offset, Fix: fd.Fix})
		}
		out = append(out, jf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// The SARIF 2.1.0 log (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/),
// the subset GitHub code scanning reads: the tool and its rules, and each
// result with its rule, level, message and place.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string         `json:"id"`
		Name                 string         `json:"name"`
		ShortDescription     sarifText      `json:"shortDescription"`
		FullDescription      sarifText      `json:"fullDescription"`
		Help                 sarifText      `json:"help"`
		DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
		Properties           sarifRuleProps `json:"properties"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifRuleProps struct {
		Tags []string `json:"tags"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID     string           `json:"ruleId"`
		RuleIndex  int              `json:"ruleIndex"`
		Level      string           `json:"level"`
		Message    sarifText        `json:"message"`
		Locations  []sarifLocation  `json:"locations"`
		Properties sarifResultProps `json:"properties"`
	}
	sarifResultProps struct {
		Severity string `json:"severity"`
		Path     string `json:"path,omitempty"`
		Fix      string `json:"fix,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
)

// sarifLevel maps a severity to a SARIF level: error, warning or note.
func sarifLevel(s bucketpolicy.Severity) string {
	switch s {
	case bucketpolicy.SeverityError:
		return "error"
	case bucketpolicy.SeveritySuggestion:
		return "note"
	}
	return "warning"
}

// writeSARIF prints the findings as a SARIF 2.1.0 log with one run.
func writeSARIF(w io.Writer, files []lintFile) error {
	checks := map[string]bucketpolicy.LintCheck{}
	for _, ch := range bucketpolicy.LintChecks() {
		checks[ch.Code] = ch
	}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: "bucketpolicy", InformationURI: "https://github.com/bucketpolicy/bucketpolicy",
			Rules: []sarifRule{}}},
		ColumnKind: "utf16CodeUnits",
		Results:    []sarifResult{},
	}
	index := map[string]int{}
	for _, f := range files {
		for _, fd := range f.findings {
			i, ok := index[fd.Code]
			if !ok {
				i = len(run.Tool.Driver.Rules)
				index[fd.Code] = i
				run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(fd, checks))
			}
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: artifactURI(f.name)}}}
			if fd.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: fd.Line, StartColumn: utf16Column(f.doc, fd.Offset, fd.Column)}
			}
			msg := fd.Message
			if fd.Fix != "" {
				msg += " (fix: " + fd.Fix + ")"
			}
			run.Results = append(run.Results, sarifResult{RuleID: fd.Code, RuleIndex: i, Level: sarifLevel(fd.Severity),
				Message: sarifText{msg}, Locations: []sarifLocation{loc},
				Properties: sarifResultProps{Severity: fd.Severity.String(), Path: fd.Path, Fix: fd.Fix}})
		}
	}
	log := sarifLog{
		Schema:  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

// sarifRuleFor describes the rule of a finding's code: lint's check, or
// for a document that does not parse, the parse error.
func sarifRuleFor(fd bucketpolicy.Finding, checks map[string]bucketpolicy.LintCheck) sarifRule {
	r := sarifRule{ID: fd.Code, Name: ruleName(fd.Code), Properties: sarifRuleProps{Tags: []string{"bucket-policy"}}}
	if ch, ok := checks[fd.Code]; ok {
		r.ShortDescription = sarifText{firstSentence(ch.Summary)}
		r.FullDescription = sarifText{ch.Summary}
		r.Help = sarifText{ch.Summary + " Source: " + ch.Source + "."}
		r.DefaultConfiguration.Level = sarifLevel(ch.Severity)
		if ch.Severity == bucketpolicy.SeveritySecurityWarning {
			r.Properties.Tags = append(r.Properties.Tags, "security")
		}
		return r
	}
	text := "The document is not a policy the cloud accepts: the cloud answers PutBucketPolicy with 400 " + fd.Code + "."
	r.ShortDescription = sarifText{"The policy does not parse."}
	r.FullDescription = sarifText{text}
	r.Help = sarifText{text + " The message names the place and the fault."}
	r.DefaultConfiguration.Level = "error"
	return r
}

// ruleName writes a code in the upper camel case SARIF's rule names use:
// INVALID_ACTION → InvalidAction.
func ruleName(code string) string {
	var b strings.Builder
	for _, part := range strings.Split(code, "_") {
		if part == "" {
			continue
		}
		b.WriteString(part[:1])
		b.WriteString(strings.ToLower(part[1:]))
	}
	return b.String()
}

// firstSentence returns the text up to its first ". ", with the period.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// artifactURI writes a file name as a URI reference, relative when the name
// is: forward slashes, with the characters a URI cannot hold escaped.
func artifactURI(name string) string {
	if name == "-" {
		return "stdin"
	}
	return (&url.URL{Path: filepath.ToSlash(name)}).String()
}

// utf16Column converts a finding's byte column to SARIF's default column
// unit, UTF-16 code units, reading the line up to the offset.
func utf16Column(doc []byte, offset, column int) int {
	if offset < 0 || offset > len(doc) || column < 1 || column-1 > offset {
		return column
	}
	line := doc[offset-(column-1) : offset]
	n := 1
	for len(line) > 0 {
		r, size := utf8.DecodeRune(line)
		line = line[size:]
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
