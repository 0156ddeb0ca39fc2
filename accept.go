package bucketpolicy

import (
	"slices"
	"strings"
	"sync"

	"github.com/tidwall/gjson"
)

// This file holds the acceptance rules of the clouds' PutBucketPolicy
// (semantics.md §5 and §6): what S3, OBS, OSS and COS refuse in a document
// that a plain Parse accepts because it is well formed and its evaluation
// well defined.
//
//   - Every dialect binds the resources to the bucket the policy is put on:
//     a resource's bucket part must be able to name that bucket. S3 answers
//     "Policy has invalid resource" otherwise (AWS user guide: "confirm that
//     the bucket name in the bucket policy matches your bucket name"), and
//     refuses "*" alone the same way (reported of AWS in
//     noobaa/noobaa-core#10058; the archived S3 guide: "The value for
//     Resource must be prefixed with the bucket name"). OSS and COS accept
//     "*" (OSS's SDK integration tests put "acs:oss:*:*:*").
//   - aws and obs check the S3 catalogue: every action known ("Policy has
//     invalid action"), every wildcard matching a known action, and every
//     action applying to a resource type among the statement's resources
//     ("Action does not apply to any resource(s) in statement"; OBS answers
//     the same, opentelekomcloud/terraform-provider-opentelekomcloud#2329).
//     OBS's catalogue is S3's and five OBS-only bucket actions. OSS and COS
//     document no such check, so for them these are lint warnings, not
//     errors.
//
// The rules read the document again, with the offsets Parse has checked,
// rather than keep in every compiled statement what only acceptance needs:
// a plain Parse pays nothing for them.

// WithBucket makes [Parse] accept the document as the cloud's
// PutBucketPolicy would when it is put on the named bucket, in every
// dialect: each Resource and NotResource value must be able to name that
// bucket or something in it, and for aws and obs every action must be one
// that S3 (or OBS) defines and must apply to one of its statement's
// resources. A document these rules refuse is an [*Error] (Code
// "MalformedPolicy" for aws and obs) placed at the faulty value, whose
// message starts with S3's own ("Policy has invalid resource", "Policy has
// invalid action", "Action does not apply to any resource(s) in
// statement") and goes on to say exactly what is wrong.
//
// The bucket is written as the dialect names it: "example-bucket" for aws,
// obs and oss, "examplebucket-1250000000" (NAME-APPID) for cos. An empty
// name, or one holding '/', ':', '*', '?', a space or a control character,
// is an option error.
//
// What is checked, for each resource:
//
//	aws, obs  arn:PARTITION:s3:::BUCKET[/KEY]; "*" alone is refused
//	oss       acs:oss:REGION:OWNER:BUCKET[/KEY], acs:ossvector:REGION:OWNER:BUCKET[/INDEX];
//	          "*" is accepted
//	cos       qcs::cos:REGION:uid/APPID:BUCKET-APPID/KEY; "*" is accepted
//
// The bucket part (up to its first '/') may hold wildcards when they can
// match the bucket's name ("arn:aws:s3:::example-*/*"); a policy variable
// in it counts as '*'. For acs:ossvector: resources the form
// "…:bucket/NAME/…" that OSS's own examples write (seed 000, the ossutil
// page) is read with NAME as the bucket too.
//
// For aws and obs, an action in Action or NotAction must be an S3 action
// (or one added with [WithActions]), matched without regard to case, and a
// wildcard must match at least one. In a statement with Action and
// Resource, each action — for a wildcard, at least one of the actions it
// matches — must apply to the resource type (bucket, object, ...) of one
// of the statement's resources, as AWS's Service Authorization Reference
// for S3 lists them; "*" applies to every type. A statement with NotAction
// or NotResource is not held to that last rule: it covers every action or
// resource it does not name, and so some action applies to some resource.
func WithBucket(bucket string) Option {
	msg := checkBucketName(bucket)
	return func(c *config) {
		if msg != "" {
			c.err = "WithBucket: " + msg
			return
		}
		c.acceptRules().bucket = bucket
	}
}

// WithActions adds actions to the catalogue that [WithBucket] checks an aws
// or obs document against: actions that the host's server defines beyond
// S3's, each written "s3:Name" (letters and digits, no wildcard; case does
// not matter). A host action applies to every resource, and a wildcard
// action of the policy that matches one is known. The option changes
// nothing without WithBucket, and nothing for oss and cos, whose acceptance
// does not check actions. A name of another form is an option error.
func WithActions(actions ...string) Option {
	var names []string
	msg := ""
	for _, a := range actions {
		name, ok := cutS3Prefix(a)
		if !ok || name == "" || !alnum(name) {
			msg = "WithActions: invalid action " + quote(a) + `: want "s3:Name", a name of letters and digits without wildcards`
			break
		}
		names = append(names, asciiLower(name))
	}
	return func(c *config) {
		if msg != "" {
			c.err = msg
			return
		}
		r := c.acceptRules()
		r.actions = append(r.actions, names...)
	}
}

// acceptRules returns the acceptance rules of the configuration, creating
// them.
func (c *config) acceptRules() *acceptRules {
	if c.accept == nil {
		c.accept = &acceptRules{}
	}
	return c.accept
}

// acceptRules are the PutBucketPolicy rules the options ask for.
type acceptRules struct {
	// bucket is the bucket the policy is put on; "" checks no binding (the
	// catalogue alone, as lint does without a bucket).
	bucket string
	// actions are host-defined S3 actions, without "s3:", in lower case.
	actions []string
}

// hostAction reports whether name (lower case, no prefix) is a host action;
// r.actions is sorted (see acceptIssues).
func (r *acceptRules) hostAction(name string) bool {
	_, found := slices.BinarySearch(r.actions, name)
	return found
}

// checkBucketName returns why a bucket name given to WithBucket is not
// one, or "".
func checkBucketName(b string) string {
	if b == "" {
		return "the bucket name is empty"
	}
	if len(b) > 255 {
		return "the bucket name is " + itoa(len(b)) + " bytes long; no cloud allows more than 255"
	}
	for i := 0; i < len(b); i++ {
		if c := b[i]; c <= ' ' || c == 0x7f || strings.IndexByte("/:*?", c) >= 0 {
			return "invalid bucket name " + quoteKey(b) + ": a bucket name holds no '/', ':', '*', '?', space or control character"
		}
	}
	return ""
}

// checkFor returns why the rules cannot apply to a document of dialect d
// (a cos bucket must be named NAME-APPID), or "".
func (r *acceptRules) checkFor(d Dialect) string {
	if d != COS || r.bucket == "" {
		return ""
	}
	i := strings.LastIndexByte(r.bucket, '-')
	if i <= 0 || i == len(r.bucket)-1 || strings.Trim(r.bucket[i+1:], "0123456789") != "" {
		return "WithBucket: a cos bucket is named NAME-APPID, such as examplebucket-1250000000; got " + quote(r.bucket)
	}
	return ""
}

// accept applies the acceptance rules to a policy Parse has compiled: the
// first problem, in document order, is the error.
func (ps *parser) accept(p *Policy, r *acceptRules) *Error {
	if msg := r.checkFor(p.dialect); msg != "" {
		return &Error{Code: "InvalidArgument", Offset: -1, Message: msg, Err: ErrOption}
	}
	var first *acceptIssue
	p.acceptIssues(r, func(is acceptIssue) bool {
		first = &is
		return false
	})
	if first == nil {
		return nil
	}
	return ps.errAt(first.off, nil, first.msg)
}

// acceptKind says which of the cloud's acceptance rules a problem breaks.
type acceptKind uint8

const (
	// acceptResource: a resource that cannot name the bucket (S3: "Policy
	// has invalid resource").
	acceptResource acceptKind = iota + 1
	// acceptAction: an action the catalogue does not define, or a wildcard
	// that matches none of its actions (S3: "Policy has invalid action").
	acceptAction
	// acceptNoResource: an action that applies to none of its statement's
	// resources (S3: "Action does not apply to any resource(s) in
	// statement").
	acceptNoResource
)

// acceptIssue is one problem the acceptance rules find: its kind, the byte
// offset of the faulty value, the message (S3's, then what exactly is
// wrong), and for a misspelt action the action meant ("s3:GetObject").
type acceptIssue struct {
	kind    acceptKind
	off     int
	msg     string
	suggest string
}

// acceptIssues calls report with every problem the rules r find in the
// policy, in document order, until report returns false. With r.bucket ""
// the resources are not bound to a bucket; for oss and cos the catalogue
// is not checked (lint reports those findings as warnings from its own
// tables). Parse stops at the first problem; lint takes them all. The cost
// is linear in the size of the document: each resource is compared with
// the catalogue's 13 resource types once, each wildcard action with its
// 180 actions, and each action with the statement's resources through one
// bit mask.
func (p *Policy) acceptIssues(r *acceptRules, report func(acceptIssue) bool) {
	cat := (*s3Catalog)(nil)
	if p.dialect == AWS || p.dialect == OBS {
		cat = s3Catalogs()[p.dialect == OBS]
	}
	if cat == nil && r.bucket == "" {
		return
	}
	if !slices.IsSorted(r.actions) {
		slices.Sort(r.actions) // r is this Parse's (or Lint's) own
	}
	r.actions = slices.Compact(r.actions)
	masks := map[string]uint32{}   // resource pattern → resource types
	wild := map[string]wildMatch{} // wildcard action → what it matches
	var issues []acceptIssue
	p.eachStatementJSON(func(_ int, m *stmtJSON) bool {
		issues = issues[:0]
		resEl, actEl := elResource, elAction
		if m.have[elNotResource] {
			resEl = elNotResource
		}
		if m.have[elNotAction] {
			actEl = elNotAction
		}
		var union uint32 // the resource types the statement's resources can name
		star := false
		var resTexts []string
		eachString(m.val[resEl], func(v gjson.Result) {
			res := v.Str
			if r.bucket != "" {
				if msg := p.resourceOutsideBucket(res, r.bucket); msg != "" {
					issues = append(issues, acceptIssue{kind: acceptResource, off: v.Index, msg: "Policy has invalid resource: " + msg})
				}
			}
			if cat == nil {
				return
			}
			resTexts = append(resTexts, res)
			if res == "*" {
				star = true
				return
			}
			mask, ok := masks[res]
			if !ok {
				mask = resourceTypesOf(res)
				masks[res] = mask
			}
			union |= mask
		})
		if cat != nil && m.have[actEl] {
			checkApplies := resEl == elResource && actEl == elAction
			eachString(m.val[actEl], func(v gjson.Result) {
				if is, bad := cat.checkAction(v.Str, r, checkApplies, star, union, resTexts, r.bucket, wild); bad {
					is.off = v.Index
					issues = append(issues, is)
				}
			})
		}
		slices.SortStableFunc(issues, func(a, b acceptIssue) int { return a.off - b.off })
		for _, is := range issues {
			if !report(is) {
				return false
			}
		}
		return true
	})
}

// resourceOutsideBucket returns why a resource of the policy cannot name
// the bucket or something in it, or "".
func (p *Policy) resourceOutsideBucket(res, bucket string) string {
	if res == "*" {
		if p.dialect == AWS || p.dialect == OBS {
			return `"*" is every resource, and a bucket policy names only its bucket and the bucket's objects, such as ` +
				"arn:aws:s3:::" + bucket + " and arn:aws:s3:::" + bucket + "/*"
		}
		return ""
	}
	var part, alt string // the bucket part, and for oss vector buckets a second reading
	switch p.dialect {
	case OSS:
		rest, ok := strings.CutPrefix(res, "acs:oss:")
		vector := false
		if !ok {
			rest, vector = strings.CutPrefix(res, "acs:ossvector:")
		}
		f := strings.SplitN(rest, ":", 3)
		if len(f) < 3 {
			return "" // cannot happen after Parse
		}
		part = f[2]
		if vector {
			if after, ok := strings.CutPrefix(part, "bucket/"); ok {
				alt, _, _ = strings.Cut(after, "/")
			}
		}
	case COS:
		f := strings.SplitN(strings.TrimPrefix(res, "qcs::cos:"), ":", 3)
		if len(f) < 3 {
			return ""
		}
		part = f[2]
	default:
		_, name, ok := strings.Cut(res, ":s3:::")
		if !ok {
			return ""
		}
		part = name
	}
	part, _, _ = strings.Cut(part, "/")
	if bucketCanBe(part, bucket, p.variables) || (alt != "" && bucketCanBe(alt, bucket, p.variables)) {
		return ""
	}
	if strings.ContainsAny(part, "*?") || (p.variables && strings.Contains(part, "${")) {
		return quote(res) + " names buckets " + quote(part) + ", none of which is " + quote(bucket) + ", the bucket the policy is put on"
	}
	return quote(res) + " names bucket " + quote(part) + ", and the policy is put on bucket " + quote(bucket)
}

// bucketCanBe reports whether the bucket part of a resource pattern can
// match the bucket's name: '*' and '?' are wildcards, and a policy
// variable (when variables are substituted) counts as '*'.
func bucketCanBe(part, bucket string, variables bool) bool {
	pat, err := compilePattern(part, syntax{wildcards: true, variables: variables}, &Limits{}, true)
	if err != nil {
		return false
	}
	if pat.g != nil && len(pat.g.vars) > 0 {
		return pat.g.relaxed == nil || pat.g.relaxed.match(bucket, nil)
	}
	return pat.match(bucket, nil)
}

// s3Catalog is the S3 catalogue as acceptance reads it: each action's name
// in lower case and the resource types it applies to as a bit mask (bit i
// for catalogS3ResourceTypes[i]).
type s3Catalog struct {
	names  []string // as the catalogue spells them: "GetObject"
	lower  []string
	masks  []uint32
	byName map[string]int // lower-case name → index
	all    uint32         // every resource type some action applies to
}

// obsOnlyActions are the OBS bucket-policy actions that S3 does not define,
// all on buckets (opentelekomcloud/object-storage-service@b9835f85:
// doc/s3api/source/access_control/bucket_policy.rst, "operations on
// buckets"; checked against the S3 catalogue in /work/scratch/obs.md §1.1).
var obsOnlyActions = []string{"GetBucketQuota", "GetBucketStorage", "GetBucketStoragePolicy", "PutBucketQuota", "PutBucketStoragePolicy"}

// s3Catalogs returns the catalogues of aws (false) and obs (true), built
// once from the generated tables.
var s3Catalogs = sync.OnceValue(func() map[bool]*s3Catalog {
	build := func(obs bool) *s3Catalog {
		c := &s3Catalog{byName: map[string]int{}}
		add := func(name string, types []string) {
			var m uint32
			for _, t := range types {
				for i := range catalogS3ResourceTypes {
					if catalogS3ResourceTypes[i].name == t {
						m |= 1 << i
					}
				}
			}
			c.byName[asciiLower(name)] = len(c.names)
			c.names = append(c.names, name)
			c.lower = append(c.lower, asciiLower(name))
			c.masks = append(c.masks, m)
			c.all |= m
		}
		for i := range catalogS3Actions {
			add(catalogS3Actions[i].name, catalogS3Actions[i].resources)
		}
		if obs {
			for _, name := range obsOnlyActions {
				add(name, []string{"bucket"})
			}
		}
		return c
	}
	return map[bool]*s3Catalog{false: build(false), true: build(true)}
})

// resourceTypesOf returns the resource types a resource pattern of an aws
// or obs policy can name, as a bit mask: bit i is set when
// catalogARNCanMatch(res, catalogS3ResourceTypes[i].arn) holds, so that an
// action applies to the resource (catalogS3AppliesTo) when this mask meets
// the action's. It runs the same intersection as catalogARNCanMatch, a
// pattern position against a set of format positions, with the set as the
// bits of one word: time linear in the pattern's length, no allocation.
func resourceTypesOf(res string) uint32 {
	var m uint32
	for i, a := range formatAutomata() {
		if a == nil {
			if catalogARNCanMatch(res, catalogS3ResourceTypes[i].arn) {
				m |= 1 << i
			}
		} else if a.canMatch(res) {
			m |= 1 << i
		}
	}
	return m
}

// formatAutomaton is an ARN format of the catalogue (see catalogFormatToks)
// as bit masks over its token positions: bit j stands for "the format has
// been matched up to token j".
type formatAutomaton struct {
	lit   [256]uint64 // positions of each literal byte
	anyL  uint64      // positions of any literal byte
	v     uint64      // positions of a variable without '/' and ':'
	star  uint64      // positions of ${ObjectName}, any run
	final uint64      // the position after the last token
}

// formatAutomata returns the automaton of each resource type's format, in
// the order of catalogS3ResourceTypes; nil for a format too long for one
// word (none is: the longest has 45 tokens).
var formatAutomata = sync.OnceValue(func() []*formatAutomaton {
	out := make([]*formatAutomaton, len(catalogS3ResourceTypes))
	for i := range catalogS3ResourceTypes {
		toks := catalogFormatToks(catalogS3ResourceTypes[i].arn)
		if len(toks) >= 64 {
			continue
		}
		a := &formatAutomaton{final: 1 << len(toks)}
		for j, t := range toks {
			switch t.kind {
			case 'l':
				a.lit[t.c] |= 1 << j
				a.anyL |= 1 << j
			case 'v':
				a.v |= 1 << j
			case '*':
				a.star |= 1 << j
			}
		}
		out[i] = a
	}
	return out
})

// closure adds the positions reached by ending a variable, which may be
// empty.
func (a *formatAutomaton) closure(s uint64) uint64 {
	for {
		n := s | (s&(a.v|a.star))<<1
		if n == s {
			return s
		}
		s = n
	}
}

// canMatch reports whether some string matches both the resource pattern
// (read as catalogPatternToks reads it) and the format.
func (a *formatAutomaton) canMatch(pattern string) bool {
	s := a.closure(1)
	for i := 0; i < len(pattern) && s != 0; i++ {
		c := pattern[i]
		if c == '$' && strings.HasPrefix(pattern[i:], "${") && strings.IndexByte(pattern[i:], '}') > 0 {
			i += strings.IndexByte(pattern[i:], '}')
			c = '*'
		}
		switch c {
		case '*':
			// A run of any bytes: every position from the first one reached.
			s = a.closure(^(s&-s - 1) & (a.final<<1 - 1))
		case '?':
			s = a.closure((s&a.anyL)<<1 | s&(a.v|a.star))
		default:
			n := (s&a.lit[c])<<1 | s&a.star
			if c != '/' && c != ':' {
				n |= s & a.v
			}
			s = a.closure(n)
		}
	}
	return s&a.final != 0
}

// typeNames lists the resource types of a mask: "bucket, object".
func typeNames(m uint32) string {
	var names []string
	for i := range catalogS3ResourceTypes {
		if m&(1<<i) != 0 {
			names = append(names, catalogS3ResourceTypes[i].name)
		}
	}
	return strings.Join(names, ", ")
}

// checkAction checks one action of an aws or obs statement against the
// catalogue and the host's actions. With checkApplies, the action must also
// apply to one of the statement's resources: to "*" (star) or to one of the
// resource types in union. It returns the problem, if any, without its
// offset.
func (c *s3Catalog) checkAction(text string, r *acceptRules, checkApplies, star bool, union uint32, resources []string, bucket string,
	wild map[string]wildMatch) (acceptIssue, bool) {
	applies := func(m uint32) bool { return star || m&union != 0 }
	if text == "*" {
		if !checkApplies || applies(c.all) {
			return acceptIssue{}, false
		}
		return acceptIssue{kind: acceptNoResource, msg: "Action does not apply to any resource(s) in statement: " +
			`"*" names every S3 action, and none applies to ` + describeResources(resources, union)}, true
	}
	name, _ := cutS3Prefix(text)
	lname := asciiLower(name)
	if !strings.ContainsAny(lname, "*?") {
		if r.hostAction(lname) {
			return acceptIssue{}, false
		}
		i, ok := c.byName[lname]
		if !ok {
			is := acceptIssue{kind: acceptAction, msg: "Policy has invalid action: " + quote(text) + " is not an action S3 defines"}
			if api, ok := s3APINames[lname]; ok {
				is.msg += "; " + name + " is the name of an API operation, which S3 authorizes with " + api
				is.suggest = strings.SplitN(api, " ", 2)[0]
			} else if s := c.nearest(lname, r); s != "" {
				is.msg += "; did you mean " + quote("s3:"+s) + "?"
				is.suggest = "s3:" + s
			}
			return is, true
		}
		if !checkApplies || applies(c.masks[i]) {
			return acceptIssue{}, false
		}
		msg := "Action does not apply to any resource(s) in statement: " + quote(text)
		if c.masks[i] == 0 {
			msg += " applies to no resource type, so only Resource \"*\" can grant it, and a bucket policy cannot name \"*\""
		} else {
			msg += " applies to resources of type " + typeNames(c.masks[i]) + ", and the statement's resources are " +
				describeResources(resources, union) + addHint(c.masks[i], bucket)
		}
		return acceptIssue{kind: acceptNoResource, msg: msg}, true
	}
	w, ok := wild[lname]
	if !ok {
		w = c.matchWildcard(lname, r)
		wild[lname] = w
	}
	mask, n, host := w.mask, w.n, w.host
	if n == 0 {
		return acceptIssue{kind: acceptAction, msg: "Policy has invalid action: " + quote(text) + " matches no action S3 defines"}, true
	}
	if !checkApplies || host || applies(mask) {
		return acceptIssue{}, false
	}
	what := "the action it matches applies"
	if n > 1 {
		what = "none of the " + itoa(n) + " actions it matches applies"
	}
	msg := "Action does not apply to any resource(s) in statement: " + quote(text) + " matches S3 actions on resources of type " +
		typeNames(mask) + ", and " + what + " to the statement's resources, which are " + describeResources(resources, union) + addHint(mask, bucket)
	if mask == 0 {
		msg = "Action does not apply to any resource(s) in statement: " + quote(text) +
			" matches only actions that apply to no resource type, which only Resource \"*\" can grant"
	}
	return acceptIssue{kind: acceptNoResource, msg: msg}, true
}

// wildMatch is what a wildcard action matches: how many actions, the
// resource types they apply to, and whether a host action is among them.
type wildMatch struct {
	mask uint32
	n    int
	host bool
}

// matchWildcard matches a wildcard action name (lower case, without "s3:")
// against the catalogue and the host's actions, with the engine's
// linear-time matcher.
func (c *s3Catalog) matchWildcard(name string, r *acceptRules) wildMatch {
	var w wildMatch
	pat, err := compilePattern(name, syntax{wildcards: true}, &Limits{}, false)
	if err != nil {
		return w // cannot happen after Parse
	}
	for i, a := range c.lower {
		if pat.match(a, nil) {
			w.mask |= c.masks[i]
			w.n++
		}
	}
	for _, a := range r.actions {
		if pat.match(a, nil) {
			w.host = true
			w.n++
		}
	}
	return w
}

// describeResources says what a statement's resources are, for a message:
// `"arn:aws:s3:::b/*" (of type object)`.
func describeResources(resources []string, union uint32) string {
	var b strings.Builder
	for i, r := range resources {
		if i == 3 {
			b.WriteString(", ...")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(r))
	}
	if union == 0 {
		b.WriteString(" (of no S3 resource type)")
	} else {
		b.WriteString(" (of type " + typeNames(union) + ")")
	}
	return b.String()
}

// addHint suggests the resource to add for an action on buckets or on
// objects.
func addHint(m uint32, bucket string) string {
	if bucket == "" {
		bucket = "BUCKET"
	}
	has := func(name string) bool {
		for i := range catalogS3ResourceTypes {
			if catalogS3ResourceTypes[i].name == name && m&(1<<i) != 0 {
				return true
			}
		}
		return false
	}
	switch {
	case has("bucket"):
		return "; add the bucket, arn:aws:s3:::" + bucket
	case has("object"):
		return "; add its objects, arn:aws:s3:::" + bucket + "/*"
	}
	return ""
}

// nearest returns the catalogue or host action closest to a misspelt name
// (lower case) by edit distance, when it is close enough to be the one
// meant: at most 2 edits, or one in five characters for longer names.
func (c *s3Catalog) nearest(name string, r *acceptRules) string {
	if len(name) > 64 {
		return ""
	}
	best, bestD := "", max(2, len(name)/5)+1
	for i, a := range c.lower {
		if d := editDistance(name, a); d < bestD {
			best, bestD = c.names[i], d
		}
	}
	for _, a := range r.actions {
		if d := editDistance(name, a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

// s3APINames maps S3 API operation names that are not actions, as people
// write them by mistake, to the action S3 authorizes the operation with
// (awsdocs/amazon-s3-developer-guide doc_source/using-with-s3-actions.md
// @038ef11c and AWS's "Required permissions for Amazon S3 API operations",
// as summarised in http-sources.md §A.2).
var s3APINames = map[string]string{
	"listobjects":             "s3:ListBucket",
	"listobjectsv2":           "s3:ListBucket",
	"headbucket":              "s3:ListBucket",
	"listobjectversions":      "s3:ListBucketVersions",
	"listmultipartuploads":    "s3:ListBucketMultipartUploads",
	"listparts":               "s3:ListMultipartUploadParts",
	"headobject":              "s3:GetObject",
	"selectobjectcontent":     "s3:GetObject",
	"copyobject":              "s3:PutObject (and s3:GetObject on the source)",
	"uploadpart":              "s3:PutObject",
	"uploadpartcopy":          "s3:PutObject (and s3:GetObject on the source)",
	"createmultipartupload":   "s3:PutObject",
	"completemultipartupload": "s3:PutObject",
	"postobject":              "s3:PutObject",
	"deleteobjects":           "s3:DeleteObject",
	"listbuckets":             "s3:ListAllMyBuckets",
}

// cutS3Prefix removes the "s3:" prefix (in any case) of an action.
func cutS3Prefix(a string) (string, bool) {
	if len(a) >= 3 && asciiEqualFold(a[:3], "s3:") {
		return a[3:], true
	}
	return a, false
}

// alnum reports whether s holds only ASCII letters and digits.
func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// stmtJSON holds the elements of one statement of a policy's document, as
// the acceptance rules and the public verdict read them again.
type stmtJSON struct {
	val  [numElements]gjson.Result
	have [numElements]bool
}

// eachStatementJSON calls fn with each statement of the policy's document,
// in order, until fn returns false. The document is one Parse has
// accepted, so its shape is known: fn's i is the index of the compiled
// statement p.statements[i].
func (p *Policy) eachStatementJSON(fn func(i int, m *stmtJSON) bool) {
	root := gjson.Parse(p.doc)
	var list gjson.Result
	root.ForEach(func(k, v gjson.Result) bool {
		if p.isElement(k.Str, elStatement) {
			list = v
			return false
		}
		return true
	})
	var m stmtJSON
	read := func(i int, st gjson.Result) bool {
		m = stmtJSON{}
		st.ForEach(func(k, v gjson.Result) bool {
			for el := elSid; el < numElements; el++ {
				if p.isElement(k.Str, el) {
					m.val[el], m.have[el] = v, true
					break
				}
			}
			return true
		})
		return fn(i, &m)
	}
	if list.IsObject() {
		read(0, list)
		return
	}
	i := 0
	list.ForEach(func(_, st gjson.Result) bool {
		ok := read(i, st)
		i++
		return ok
	})
}

// isElement reports whether key names the element in the policy's
// dialect: exactly, or in any case for cos.
func (p *Policy) isElement(key string, el element) bool {
	return key == elementNames[el] || (p.dialect == COS && asciiEqualFold(key, elementNames[el]))
}

// eachString calls fn for a string value, or for each value of an array.
func eachString(v gjson.Result, fn func(gjson.Result)) {
	if v.IsArray() {
		v.ForEach(func(_, e gjson.Result) bool {
			fn(e)
			return true
		})
		return
	}
	if v.Exists() {
		fn(v)
	}
}
