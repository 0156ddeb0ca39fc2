package bucketpolicy

import (
	"net/netip"
	"slices"
	"strings"
	"sync"
)

// This file holds lint's checks and the list of them. Each check names its
// source: AWS IAM Access Analyzer's check reference for the codes AWS has
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html),
// and the vendors' documents for the oss, cos and obs rules.

// LintCheck describes one check of [Lint].
type LintCheck struct {
	// Code is the code of the check's findings.
	Code string
	// Severity is the severity of its findings; where it depends on the
	// dialect or on WithBucket, Summary says how, and this is the most
	// severe.
	Severity Severity
	// Dialects are the dialects the check applies to.
	Dialects []Dialect
	// Summary says what the check finds, in one or two sentences.
	Summary string
	// Source is where the rule comes from.
	Source string
}

// LintChecks returns every check of [Lint], ordered by code.
func LintChecks() []LintCheck {
	out := slices.Clone(lintChecks)
	for i := range out {
		out[i].Dialects = slices.Clone(out[i].Dialects)
	}
	return out
}

// Where the rules come from.
const (
	srcAA       = "AWS IAM Access Analyzer, IAM policy validation check reference (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)"
	srcS3Accept = "Amazon S3 PutBucketPolicy (\"Policy has invalid action\", \"Policy has invalid resource\", \"Action does not apply to any resource(s) in statement\"); semantics.md §5, §6"
	srcKeys     = "AWS global condition context keys, \"Availability\" of each key (awsdocs/iam-user-guide@651083f4 doc_source/reference_policies_condition-keys.md)"
	srcOSSAuth  = "Alibaba Cloud OSS, authorization syntax and elements (https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements)"
	srcOSSEC8   = "Alibaba Cloud OSS, error 0030-00000008 (https://help.aliyun.com/zh/oss/user-guide/0030-00000008)"
	srcOSSEC7   = "Alibaba Cloud OSS, error 0030-00000007 (https://help.aliyun.com/zh/oss/support/0030-00000007)"
	srcCOSKeys  = "Tencent Cloud COS, Conditions (https://intl.cloud.tencent.com/document/product/436/46205)"
	srcCOSAct   = "Tencent Cloud COS, Working with COS API Authorization Policies (https://www.tencentcloud.com/document/product/436/30580)"
	srcOBS      = "Huawei OBS S3-compatible API, Bucket Policy (opentelekomcloud-docs/object-storage-service@b9835f85 doc/s3api/source/access_control/bucket_policy.rst)"
	srcBPA      = "Block Public Access: AWS \"The meaning of 'public'\", OSS Block Public Access; http.md §3"
	srcOurs     = "bucketpolicy (this project's own check)"
)

var (
	allDialects = []Dialect{AWS, OBS, OSS, COS}
	awsOBS      = []Dialect{AWS, OBS}
	onlyAWS     = []Dialect{AWS}
)

var lintChecks = []LintCheck{
	{"ACTION_APPLIES_TO_NO_RESOURCE", SeverityError, allDialects,
		"An action applies to none of its statement's resources (s3:ListBucket on arn:aws:s3:::b/* only), so the statement never covers it. An error for aws and obs under WithBucket (S3 and OBS refuse the policy), a warning otherwise and for oss and cos (from their catalogues).",
		srcS3Accept + "; " + srcOSSAuth + "; " + srcCOSAct},
	{"ALLOW_WITH_NOT_ACTION", SeveritySecurityWarning, awsOBS,
		"An Allow with NotAction grants every action but the ones it lists, including actions the service adds later.",
		srcOurs},
	{"ALLOW_WITH_NOT_PRINCIPAL", SeveritySecurityWarning, awsOBS,
		"An Allow with NotPrincipal grants every caller but the ones it lists, anonymous callers included.",
		srcAA},
	{"ALLOW_WITH_NOT_RESOURCE", SeveritySecurityWarning, awsOBS,
		"An Allow with NotResource grants on every resource but the ones it lists.",
		srcOurs},
	{"COS_STRING_LIKE_WILDCARD_IN_MIDDLE", SeverityWarning, []Dialect{COS},
		"A string_like value with a '*' in the middle, or a '?': COS documents wildcards only at the start or the end of the value.",
		srcCOSKeys + ": \"Currently, wildcards (*) can be prefixed or suffixed to the string\""},
	{"COS_WILDCARD_ACTION_WITH_CONDITION_KEY", SeverityWarning, []Dialect{COS},
		"A statement with a \"*\" action and a request header or parameter condition key: COS advises against it, as the key is missing from most requests.",
		srcCOSKeys + ": \"avoid using the * wildcard when specifying the actions. Using the wildcard will cause the requests to fail.\""},
	{"DENY_OVERRIDES_ALLOW", SeverityWarning, allDialects,
		"An Allow never grants anything, because a Deny of the same policy without a condition covers all its principals, actions and resources.",
		srcOurs},
	{"FORALLVALUES_WITH_SINGLE_VALUED_KEY", SeveritySecurityWarning, []Dialect{AWS, COS},
		"ForAllValues (for_all_value) on a single-valued key also holds when the key is missing: remove the qualifier.",
		srcAA},
	{"IFEXISTS_ON_ALWAYS_PRESENT_KEY", SeverityWarning, []Dialect{AWS, COS},
		"IfExists on a key the cloud always supplies (aws:SecureTransport, aws:CurrentTime, aws:SourceIp except through VPC endpoints, qcs:ip, ...): it changes nothing there, and on a server that omits the key it makes the condition hold. A warning in an Allow, a suggestion in a Deny.",
		srcKeys + "; " + srcCOSKeys},
	{"IMPROVE_IP_RANGE", SeveritySuggestion, allDialects,
		"A CIDR block with bits set past its mask (10.1.2.3/8): the bits are ignored; write the network (the Fix).",
		srcAA},
	{"INVALID_ACTION", SeverityError, allDialects,
		"An action the service does not define, or a wildcard matching none, with a did-you-mean. An error for aws and obs under WithBucket (S3 refuses the policy), a warning otherwise and for oss and cos (from their catalogues).",
		srcAA + "; " + srcS3Accept + "; " + srcOSSAuth + "; " + srcCOSAct},
	{"INVALID_CONDITION_KEY_FORMAT", SeverityError, allDialects,
		"A condition key without a service prefix (\"SourceIp\" for \"aws:SourceIp\"). A warning for oss and cos.",
		srcAA},
	{"INVALID_GLOBAL_CONDITION_KEY", SeverityError, allDialects,
		"A global condition key the cloud does not define (aws:Referrer for aws:Referer), with a did-you-mean: no request carries it. An error for aws and obs, a warning for oss and cos (from their documented keys).",
		srcAA + "; " + srcOSSAuth + "; " + srcCOSKeys},
	{"INVALID_SERVICE_CONDITION_KEY", SeverityError, allDialects,
		"A service condition key the service does not define (s3:prefixx), with a did-you-mean. An error for aws and obs, a warning for oss and cos.",
		srcAA + "; " + srcOSSAuth + "; " + srcCOSKeys},
	{"MISSING_QUALIFIER", SeverityError, []Dialect{AWS, COS},
		"A multi-valued key (aws:TagKeys, qcs:request_tag) without ForAllValues or ForAnyValue: a request with several values cannot be decided. An error for aws, a warning for cos.",
		srcAA + "; " + srcCOSKeys},
	{"MISSING_VERSION", SeverityWarning, onlyAWS,
		"No Version: the policy is read as 2008-10-17, in which policy variables are literal text.",
		srcAA},
	{"NULL_WITH_QUALIFIER", SeveritySuggestion, onlyAWS,
		"Null with ForAllValues or ForAnyValue: the qualified forms test something other than presence and always hold or never do for one of the values.",
		srcAA},
	{"OBS_UNLISTED_ACTION", SeverityWarning, []Dialect{OBS},
		"An S3 action OBS's bucket-policy documentation does not list: OBS may refuse it or never check it.",
		srcOBS},
	{"OBS_UNSUPPORTED_CONDITION_KEY", SeverityError, []Dialect{OBS},
		"A condition key OBS documents as not supported (an error), or one it does not list (a warning).",
		srcOBS},
	{"OSS_CONSECUTIVE_WILDCARDS", SeverityError, []Dialect{OSS},
		"Consecutive '*' in a condition value (an error: OSS refuses the policy) or in a principal (a warning: OSS's own examples mask UIDs so, and whether it refuses them is not documented).",
		srcOSSEC7},
	{"OSS_SOURCE_IP_WITHOUT_SOURCE_VPC", SeverityError, []Dialect{OSS},
		"acs:SourceIp without acs:SourceVpc in the same statement: OSS refuses it (EC 0030-00000008). An error in an Allow; a warning in a Deny, where OSS's own scenarios use acs:SourceIp alone and the rule's reach is not documented.",
		srcOSSEC8},
	{"PRIVATE_IP_ADDRESS", SeverityError, onlyAWS,
		"IpAddress on aws:SourceIp with only private (RFC 1918, RFC 4193) blocks: AWS sees public addresses there, so the condition never holds.",
		srcAA},
	{"PRIVATE_IP_ADDRESS_SUBSET", SeveritySuggestion, onlyAWS,
		"IpAddress on aws:SourceIp mixing private and public blocks: the private ones never match.",
		srcAA},
	{"PRIVATE_NOT_IP_ADDRESS", SeverityError, onlyAWS,
		"NotIpAddress on aws:SourceIp with only private blocks: the condition always holds.",
		srcAA},
	{"PRIVATE_NOT_IP_ADDRESS_SUBSET", SeveritySuggestion, onlyAWS,
		"NotIpAddress on aws:SourceIp mixing private and public blocks: the private ones have no effect.",
		srcAA},
	{"PUBLIC_POLICY", SeveritySecurityWarning, allDialects,
		"The policy is public by the cloud's Block Public Access rule; each public statement is reported with the reason.",
		srcBPA},
	{"REDUNDANT_ACTION", SeveritySuggestion, allDialects,
		"An action repeated, or covered by a wildcard of the same list.",
		srcAA},
	{"REDUNDANT_CONDITION_VALUE", SeveritySuggestion, allDialects,
		"A condition value (string, date, IP block, boolean) repeated or covered by another value of the same key; for the date comparisons, several values where one does the work.",
		srcOurs},
	{"REDUNDANT_CONDITION_VALUE_NUM", SeveritySuggestion, allDialects,
		"Several values of a numeric comparison, where the greatest (less-than) or least (greater-than) alone does the work (the Fix), or a repeated number.",
		srcAA},
	{"REDUNDANT_RESOURCE", SeveritySuggestion, allDialects,
		"A resource repeated, or covered by a wildcard of the same list.",
		srcAA},
	{"REDUNDANT_STATEMENT", SeveritySuggestion, allDialects,
		"A statement that repeats another, or that another of the same effect covers (its principals, actions and resources, with fewer conditions).",
		srcAA},
	{"RESOURCE_OUTSIDE_BUCKET", SeverityError, allDialects,
		"A resource that cannot name the bucket the policy is put on (under WithBucket): the cloud refuses the policy.",
		srcS3Accept},
	{"TYPE_MISMATCH", SeverityWarning, allDialects,
		"An operator whose type does not fit the key (IpAddress on aws:UserAgent): the condition never holds, or fails closed.",
		srcAA + "; " + srcOSSAuth + "; " + srcCOSKeys + "; " + srcOBS},
	{"UNSUPPORTED_ACTION_FOR_CONDITION_KEY", SeverityError, allDialects,
		"A condition key that some of the statement's named actions do not set (s3:prefix on s3:GetObject): for them the key is missing. Wildcard actions are not judged. An error for aws, a warning for the other dialects (their tables are less complete).",
		srcAA + "; " + srcOBS + "; " + srcOSSAuth + "; " + srcCOSKeys},
	{"VARIABLE_UNSUPPORTED_IN_VERSION", SeverityError, onlyAWS,
		"A policy variable ${...} in a policy without Version 2012-10-17: it is literal text there.",
		srcAA},
	{"WILDCARD_WITHOUT_LIKE_OPERATOR", SeverityWarning, allDialects,
		"A '*' or '?' in a value of an equality operator, where it is literal: use the Like operator if a wildcard was meant.",
		srcAA},
}

// checkDocument runs the checks of the document as a whole.
func (l *linter) checkDocument(m *members) {
	if l.d == AWS && !m.have[elVersion] {
		l.add(SeverityWarning, "MISSING_VERSION", firstByte(l.doc), `the policy has no Version, so it is read as "2008-10-17", in which policy variables such as ${aws:username} are literal text; add "Version": "2012-10-17"`, "")
	}
}

// firstByte returns the offset of the document's first non-space byte.
func firstByte(doc string) int {
	return len(doc) - len(strings.TrimLeft(doc, " \t\r\n"))
}

// checkStatement runs the checks of one statement.
func (l *linter) checkStatement(st *lintStmt) {
	if st.effect == Allow && (l.d == AWS || l.d == OBS) {
		if st.notPrincipal {
			l.add(SeveritySecurityWarning, "ALLOW_WITH_NOT_PRINCIPAL", st.principalOff,
				"an Allow with NotPrincipal grants every caller but the ones it lists, anonymous callers included; name the callers in Principal instead", "")
		}
		if st.notAction {
			l.add(SeveritySecurityWarning, "ALLOW_WITH_NOT_ACTION", st.actionOff,
				"an Allow with NotAction grants every action but the ones it lists, including actions S3 adds later; list the actions to grant in Action instead", "")
		}
		if st.notRes {
			l.add(SeveritySecurityWarning, "ALLOW_WITH_NOT_RESOURCE", st.resOff,
				"an Allow with NotResource grants on every resource but the ones it lists; list the resources in Resource instead", "")
		}
	}
	if l.d == OSS {
		l.checkOSSPrincipals(st)
	}
	l.checkActions(st)
	l.checkRedundantList(st.actions, st.folded, "REDUNDANT_ACTION", "action")
	res := make([]string, len(st.resources))
	for i, r := range st.resources {
		res[i] = r.s
	}
	l.checkRedundantList(st.resources, res, "REDUNDANT_RESOURCE", "resource")
	if l.d == AWS && !l.p.variables {
		for _, r := range st.resources {
			l.checkVariable(r)
		}
	}
	for i := range st.conds {
		l.checkCondition(st, &st.conds[i])
	}
	if l.d == OSS {
		l.checkOSSSourceIP(st)
	}
	if l.d == COS {
		l.checkCOSWildcardAction(st)
	}
}

// checkVariable reports a policy variable in a policy whose Version does
// not substitute them (aws).
func (l *linter) checkVariable(v strVal) {
	if strings.Contains(v.s, "${") {
		l.add(SeverityError, "VARIABLE_UNSUPPORTED_IN_VERSION", v.off,
			quote(v.s)+` holds a policy variable, and without "Version": "2012-10-17" variables are literal text, so it matches only itself`, "")
	}
}

// checkOSSPrincipals reports consecutive '*' in oss principals. Source: OSS
// error 0030-00000007 (https://help.aliyun.com/zh/oss/support/0030-00000007:
// consecutive '*' anywhere in a bucket policy; its examples are a resource
// and a VPC id); seed 001's example 2 writes the UID 20816353761158****, so
// for a principal it is a warning.
func (l *linter) checkOSSPrincipals(st *lintStmt) {
	for _, p := range st.pvals {
		if strings.Contains(p.s, "**") {
			l.add(SeverityWarning, "OSS_CONSECUTIVE_WILDCARDS", p.off,
				"principal "+quote(p.s)+` holds consecutive '*': OSS refuses consecutive wildcards in a bucket policy (EC 0030-00000007), and whether that covers a principal is not documented (OSS's own examples mask UIDs so); write the real UID`, "")
		}
	}
}

// checkActions runs the catalogue checks of oss and cos, and OBS's list.
// Those of aws and obs against the S3 catalogue are accept.go's
// (checkAcceptance).
func (l *linter) checkActions(st *lintStmt) {
	switch l.d {
	case OBS:
		l.checkOBSActions(st)
		return
	case AWS:
		return
	}
	cat := vendorCatalog(l.d)
	var levels resLevel
	if !st.notRes {
		for _, r := range st.resources {
			levels |= resourceLevels(l.d, r.s)
		}
	}
	for i, a := range st.actions {
		f := st.folded[i]
		if f == "*" {
			continue
		}
		_, name, _ := strings.Cut(f, ":")
		var matched []catalogEntry
		if strings.ContainsAny(name, "*?") {
			for _, e := range cat.entries {
				if catalogGlobFold(name, e.name) {
					matched = append(matched, e)
				}
			}
			if matched == nil {
				l.add(SeverityWarning, "INVALID_ACTION", a.off, quote(a.s)+" matches no action "+cat.vendor+" documents", "")
				continue
			}
		} else {
			e, ok := cat.byName[asciiLower(name)]
			if !ok {
				msg, fix := quote(a.s)+" is not an action "+cat.vendor+" documents", ""
				if s := nearestName(asciiLower(name), cat.lower); s >= 0 {
					fix = cat.prefix(a.s) + cat.entries[s].name
					msg += "; did you mean " + quote(fix) + "?"
				}
				l.add(SeverityWarning, "INVALID_ACTION", a.off, msg, fix)
				continue
			}
			matched = []catalogEntry{e}
		}
		if st.notAction || st.notRes {
			continue
		}
		applies := false
		var want resLevel
		for _, e := range matched {
			if e.level == lvUnknown || e.level&lvService != 0 || e.level&levels != 0 {
				applies = true
				break
			}
			want |= e.level
		}
		if !applies {
			l.add(SeverityWarning, "ACTION_APPLIES_TO_NO_RESOURCE", a.off,
				quote(a.s)+" applies to "+levelNames(want)+", and none of the statement's resources names one ("+
					quoteList(st.resources, 3)+"), so the statement never covers it", "")
		}
	}
}

// checkOBSActions reports S3 actions that OBS's list does not have.
// Source: see obsSource.
func (l *linter) checkOBSActions(st *lintStmt) {
	cat := vendorCatalog(OBS)
	for i, a := range st.actions {
		f := st.folded[i]
		if f == "*" {
			continue
		}
		_, name, _ := strings.Cut(f, ":")
		inOBS, inS3 := false, false
		if strings.ContainsAny(name, "*?") {
			for _, e := range cat.entries {
				inOBS = inOBS || catalogGlobFold(name, e.name)
			}
			inS3 = len(catalogS3ActionsMatching(name)) > 0
		} else {
			_, inOBS = cat.byName[name]
			_, inS3 = catalogS3Action(name)
		}
		if !inOBS && inS3 {
			l.add(SeverityWarning, "OBS_UNLISTED_ACTION", a.off,
				quote(a.s)+" is an S3 action that OBS's bucket-policy documentation does not list, so OBS may refuse it or never check it", "")
		}
	}
}

// checkCOSWildcardAction reports a "*" action beside condition keys that
// only some requests carry. Source: COS "Conditions"
// (https://intl.cloud.tencent.com/document/product/436/46205): "avoid using
// the * wildcard when specifying the actions. Using the wildcard will cause
// the requests to fail"; the keys every request carries (qcs:ip, qcs:vpc,
// cos:secure-transport, cos:tls-version) are its table 1.
func (l *linter) checkCOSWildcardAction(st *lintStmt) {
	var key *lintCond
	for i := range st.conds {
		if k := st.conds[i].key; k != "qcs:ip" && k != "qcs:vpc" && k != "vpc:requester_vpc" && k != "cos:secure-transport" && k != "cos:tls-version" {
			key = &st.conds[i]
			break
		}
	}
	if key == nil || st.notAction {
		return
	}
	for i, a := range st.actions {
		if f := st.folded[i]; f == "*" || f == "cos:*" {
			l.add(SeverityWarning, "COS_WILDCARD_ACTION_WITH_CONDITION_KEY", a.off,
				quote(a.s)+" with the condition key "+quote(key.key)+", which only some requests carry: COS advises against \"*\" actions with condition keys (\"Using the wildcard will cause the requests to fail\"); name the actions that carry the key", "")
		}
	}
}

// checkOSSSourceIP reports acs:SourceIp without acs:SourceVpc. Source: OSS
// error 0030-00000008 (https://help.aliyun.com/zh/oss/user-guide/0030-00000008:
// "在Bucket Policy中指定acs:SourceIp作为Condition时,需要同时指定acs:SourceVpc",
// shown with an Allow statement); seed 001's scenarios 8 and 11 use
// acs:SourceIp alone in Deny statements, hence a warning there.
func (l *linter) checkOSSSourceIP(st *lintStmt) {
	var ip *lintCond
	for i := range st.conds {
		switch c := &st.conds[i]; {
		case asciiEqualFold(c.key, "acs:SourceVpc"):
			return
		case ip == nil && asciiEqualFold(c.key, "acs:SourceIp"):
			ip = c
		}
	}
	if ip == nil {
		return
	}
	msg := "the statement's Condition names acs:SourceIp without acs:SourceVpc: OSS refuses such a bucket policy (EC 0030-00000008), since a VPC can reach OSS from a matching address; add acs:SourceVpc (StringEquals with the VPC's id, or StringNotLike \"vpc-*\" for requests from the internet)"
	sev := SeverityError
	if st.effect == Deny {
		sev = SeverityWarning
		msg += "; OSS shows the rule with an Allow, and its own scenarios use acs:SourceIp alone in Deny statements, so whether it refuses this Deny is not documented"
	}
	l.add(sev, "OSS_SOURCE_IP_WITHOUT_SOURCE_VPC", ip.keyOff, msg, "")
}

// checkRedundantList reports values of an Action or Resource list that
// another value of the list already covers: the same (as compared, which
// for actions is folded), or matched by its wildcards.
func (l *linter) checkRedundantList(vals []strVal, cmp []string, code, what string) {
	if len(vals) < 2 {
		return
	}
	first := make(map[string]int, len(vals))
	var wild []int
	for i, s := range cmp {
		if j, dup := first[s]; dup {
			l.add(SeveritySuggestion, code, vals[i].off, "the "+what+" "+quote(vals[i].s)+" repeats "+quote(vals[j].s)+"; remove it", "")
			continue
		}
		first[s] = i
		if strings.ContainsAny(s, "*?") && !(l.p.variables && strings.Contains(s, "${")) {
			wild = append(wild, i)
		}
	}
	for i, s := range cmp {
		if first[s] != i || (l.p.variables && strings.Contains(s, "${")) {
			continue
		}
		for _, w := range wild {
			if w == i || !l.spend(len(s)*len(cmp[w])+1) {
				continue
			}
			if globCovers(cmp[w], s) && !(w > i && globCovers(s, cmp[w])) {
				l.add(SeveritySuggestion, code, vals[i].off, "the "+what+" "+quote(vals[i].s)+" is redundant: "+quote(vals[w].s)+" already covers it; remove it", "")
				break
			}
		}
	}
}

// globCovers reports whether every string that pattern inner matches also
// matches pattern outer ('*' any run, '?' one character). It reads inner's
// wildcards as characters that only a wildcard of outer can match, which
// is exact for these patterns. Time: the product of the lengths.
func globCovers(outer, inner string) bool {
	o, in := []rune(outer), []rune(inner)
	// next[j] is the answer for outer[i+1:] against inner[j:]; cur for outer[i:].
	next := make([]bool, len(in)+1)
	cur := make([]bool, len(in)+1)
	next[len(in)] = true
	for i := len(o) - 1; i >= 0; i-- {
		switch o[i] {
		case '*':
			cur[len(in)] = next[len(in)]
			for j := len(in) - 1; j >= 0; j-- {
				cur[j] = next[j] || cur[j+1]
			}
		case '?':
			cur[len(in)] = false
			for j := len(in) - 1; j >= 0; j-- {
				cur[j] = in[j] != '*' && next[j+1]
			}
		default:
			cur[len(in)] = false
			for j := len(in) - 1; j >= 0; j-- {
				cur[j] = in[j] == o[i] && next[j+1]
			}
		}
		next, cur = cur, next
	}
	return next[0]
}

// checkCondition runs the checks of one (operator, key) pair.
func (l *linter) checkCondition(st *lintStmt, c *lintCond) {
	k := l.keyFacts(st, c)
	if k.known {
		l.checkKeyActions(st, c, &k)
		l.checkOperatorType(c, &k)
		l.checkQualifier(c, &k)
	}
	if c.spec.family == famNull && c.spec.set != setNone {
		l.add(SeveritySuggestion, "NULL_WITH_QUALIFIER", c.opOff,
			quote(c.op)+": avoid Null with ForAllValues or ForAnyValue; the qualified forms do not test whether the key is present (ForAllValues:Null \"false\" always holds, ForAnyValue:Null \"true\" never does); use Null", "Null")
	}
	l.checkIfExists(st, c)
	l.checkValues(c)
}

// keyFacts is what lint knows of a condition key.
type keyFacts struct {
	known   bool
	name    string // as the catalogue spells it
	typ     string // "String", "ARN", "Bool", "Date", "Numeric", "IPAddress", "ArrayOfString"
	multi   bool
	actions []string // the actions that set the key (nil: every action, or not documented)
	s3      bool     // an S3 service key: catalogS3ActionSupportsKey decides
}

// keyFacts looks the key up in the dialect's catalogue, reporting a key
// the catalogue does not define.
func (l *linter) keyFacts(st *lintStmt, c *lintCond) keyFacts {
	key := c.key
	svc, _, ok := strings.Cut(key, ":")
	if !ok {
		sev := SeverityError
		if l.d == OSS || l.d == COS {
			sev = SeverityWarning
		}
		l.add(sev, "INVALID_CONDITION_KEY_FORMAT", c.keyOff, "the condition key "+quote(key)+" has no service prefix; keys are written service:name, such as "+exampleKey(l.d), "")
		return keyFacts{}
	}
	switch l.d {
	case AWS:
		return l.awsKey(c, asciiLower(svc))
	case OBS:
		return l.obsKey(c, asciiLower(svc))
	case OSS:
		return l.ossKey(c)
	}
	return l.cosKey(c)
}

func exampleKey(d Dialect) string {
	switch d {
	case OSS:
		return "acs:SourceIp"
	case COS:
		return "qcs:ip"
	}
	return "aws:SourceIp"
}

// awsKey looks up a key of an aws policy in AWS's global keys and S3's.
func (l *linter) awsKey(c *lintCond, svc string) keyFacts {
	switch svc {
	case "aws":
		if typ, ok := catalogKeyType(c.key); ok {
			return keyFacts{known: true, name: c.key, typ: typ, multi: catalogKeyMultiValued(typ)}
		}
		l.unknownKey(c, SeverityError, "INVALID_GLOBAL_CONDITION_KEY", "AWS defines no global condition key", awsGlobalKeyNames())
	case "s3":
		for _, k := range catalogS3Keys {
			if catalogKeyMatches(k.name, c.key) {
				return keyFacts{known: true, name: k.name, typ: k.typ, multi: catalogKeyMultiValued(k.typ), s3: true}
			}
		}
		l.unknownKey(c, SeverityError, "INVALID_SERVICE_CONDITION_KEY", "Amazon S3 defines no condition key", s3KeyNames())
	default:
		for _, k := range catalogGlobalKeys {
			if catalogKeyMatches(k.name, c.key) {
				return keyFacts{known: true, name: k.name, typ: k.typ, multi: catalogKeyMultiValued(k.typ)}
			}
		}
	}
	return keyFacts{}
}

// obsKey looks up a key of an obs policy in OBS's tables, and AWS's.
func (l *linter) obsKey(c *lintCond, svc string) keyFacts {
	switch svc {
	case "aws":
		for name, typ := range obsGlobalKeys {
			if asciiEqualFold(name, c.key) {
				return keyFacts{known: true, name: name, typ: typ}
			}
		}
		if _, ok := catalogKeyType(c.key); ok {
			l.add(SeverityWarning, "OBS_UNSUPPORTED_CONDITION_KEY", c.keyOff,
				"OBS's bucket policies document the global keys aws:CurrentTime, aws:EpochTime, aws:SecureTransport, aws:SourceIp, aws:UserAgent and aws:Referer, not "+quote(c.key)+", so OBS may never supply it", "")
			return keyFacts{}
		}
		l.unknownKey(c, SeverityError, "INVALID_GLOBAL_CONDITION_KEY", "neither AWS nor OBS defines the condition key", mapKeys(obsGlobalKeys))
	case "s3":
		for _, name := range obsUnsupportedKeys {
			if asciiEqualFold(name, c.key) || (name == "s3:x-amz-grant-permission" && len(c.key) > 15 && asciiEqualFold(c.key[:15], "s3:x-amz-grant-")) {
				l.add(SeverityError, "OBS_UNSUPPORTED_CONDITION_KEY", c.keyOff,
					"OBS documents the condition key "+quote(c.key)+" as not supported, so the condition does not work there", "")
				return keyFacts{}
			}
		}
		for name, info := range obsServiceKeys {
			if asciiEqualFold(name, c.key) {
				return keyFacts{known: true, name: name, typ: info.typ, actions: info.actions}
			}
		}
		for _, k := range catalogS3Keys {
			if catalogKeyMatches(k.name, c.key) {
				l.add(SeverityWarning, "OBS_UNSUPPORTED_CONDITION_KEY", c.keyOff,
					"OBS's bucket policies do not list the condition key "+quote(c.key)+" (its table has s3:x-amz-acl, s3:prefix, s3:delimiter, s3:max-keys, s3:x-amz-copy-source, s3:x-amz-metadata-directive and s3:VersionId), so OBS may never supply it", "")
				return keyFacts{}
			}
		}
		l.unknownKey(c, SeverityError, "INVALID_SERVICE_CONDITION_KEY", "neither Amazon S3 nor OBS defines the condition key", mapKeys(obsServiceKeys))
	}
	return keyFacts{}
}

// ossKey looks up a key of an oss policy in OSS's table.
func (l *linter) ossKey(c *lintCond) keyFacts {
	for name, info := range ossKeys {
		if asciiEqualFold(name, c.key) || (strings.HasSuffix(name, "/") && len(c.key) > len(name) && asciiEqualFold(name, c.key[:len(name)])) {
			return keyFacts{known: true, name: name, typ: info.typ, actions: info.actions}
		}
	}
	code := "INVALID_GLOBAL_CONDITION_KEY"
	if len(c.key) > 4 && asciiEqualFold(c.key[:4], "oss:") {
		code = "INVALID_SERVICE_CONDITION_KEY"
	}
	l.unknownKey(c, SeverityWarning, code, "OSS documents no condition key", mapKeys(ossKeys))
	return keyFacts{}
}

// cosKey looks up a key of a cos policy in COS's table; COS keys are
// case-sensitive.
func (l *linter) cosKey(c *lintCond) keyFacts {
	if info, ok := cosKeys[c.key]; ok {
		return keyFacts{known: true, name: c.key, typ: info.typ, multi: info.multi, actions: info.actions}
	}
	code := "INVALID_GLOBAL_CONDITION_KEY"
	if strings.HasPrefix(asciiLower(c.key), "cos:") {
		code = "INVALID_SERVICE_CONDITION_KEY"
	}
	for name := range cosKeys {
		if asciiEqualFold(name, c.key) {
			l.add(SeverityWarning, code, c.keyOff, "COS condition keys are case-sensitive, and COS documents "+quote(name)+", not "+quote(c.key)+", so no request carries this one", name)
			return keyFacts{}
		}
	}
	l.unknownKey(c, SeverityWarning, code, "COS documents no condition key", mapKeys(cosKeys))
	return keyFacts{}
}

// unknownKey reports a condition key the catalogue does not define, with
// the nearest key it does as a did-you-mean.
func (l *linter) unknownKey(c *lintCond, sev Severity, code, what string, known []string) {
	msg, fix := what+" "+quote(c.key)+", so no request carries it", ""
	if s := nearestKey(c.key, known, l.d != COS); s != "" {
		fix = s
		msg += "; did you mean " + quote(s) + "?"
	}
	l.add(sev, code, c.keyOff, msg, fix)
}

// nearestKey returns the known key closest to a misspelt one, or "": by
// edit distance between the names after the service prefix, one more for a
// different prefix (so that an oss policy's aws:SourceIp finds
// acs:SourceIp), at most 2 edits or one in five characters. Templates
// (aws:PrincipalTag/tag-key, s3:ExistingObjectTag/<key>) are compared by
// their part before the '/' and suggested with the key's tag.
func nearestKey(key string, known []string, fold bool) string {
	if len(key) > 128 {
		return ""
	}
	low := func(s string) string {
		if fold {
			return asciiLower(s)
		}
		return s
	}
	ksvc, kname, _ := strings.Cut(key, ":")
	kbase, ktag, ktagged := strings.Cut(kname, "/")
	best, bestD := "", max(2, len(kname)/5)+1
	for _, k := range known {
		svc, name, _ := strings.Cut(k, ":")
		base, _, tagged := strings.Cut(name, "/")
		if tagged != ktagged {
			continue
		}
		cand := k
		if tagged {
			cand = svc + ":" + base + "/" + ktag
		}
		if low(cand) == low(key) {
			continue
		}
		d := editDistance(low(kbase), low(base))
		if low(svc) != low(ksvc) {
			d++
		}
		if d < bestD {
			best, bestD = cand, d
		}
	}
	if canon, ok := wellKnownKeys[asciiLower(best)]; ok && fold && best != "" {
		best = canon
	}
	return best
}

// awsGlobalKeyNames lists AWS's global keys (and S3's aws: keys), in their
// usual spelling.
var awsGlobalKeyNames = sync.OnceValue(func() []string {
	var out []string
	for _, k := range catalogGlobalKeys {
		if strings.HasPrefix(k.name, "aws:") {
			out = append(out, k.name)
		}
	}
	for _, k := range catalogS3Keys {
		if strings.HasPrefix(k.name, "aws:") {
			out = append(out, k.name)
		}
	}
	return out
})

// s3KeyNames lists S3's service keys.
var s3KeyNames = sync.OnceValue(func() []string {
	var out []string
	for _, k := range catalogS3Keys {
		if strings.HasPrefix(k.name, "s3:") {
			out = append(out, k.name)
		}
	}
	return out
})

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// checkKeyActions reports a service key that some of the statement's named
// actions do not set (AWS skips wildcard actions, and so does lint).
func (l *linter) checkKeyActions(st *lintStmt, c *lintCond, k *keyFacts) {
	if st.notAction || (!k.s3 && k.actions == nil) {
		return
	}
	var unsupported []string
	judged := 0
	for i, a := range st.actions {
		f := st.folded[i]
		_, name, _ := strings.Cut(f, ":")
		if f == "*" || strings.ContainsAny(name, "*?") {
			continue
		}
		if k.s3 {
			ca, ok := catalogS3Action(name)
			if !ok {
				continue
			}
			judged++
			if !catalogS3ActionSupportsKey(ca, c.key) {
				unsupported = append(unsupported, a.s)
			}
			continue
		}
		if _, ok := vendorCatalog(l.d).byName[name]; !ok {
			continue
		}
		judged++
		if !slices.ContainsFunc(k.actions, func(x string) bool { return asciiEqualFold(x, name) }) {
			unsupported = append(unsupported, a.s)
		}
	}
	if len(unsupported) == 0 {
		return
	}
	sev := SeverityWarning
	if l.d == AWS {
		sev = SeverityError
	}
	what, their := "the action "+quote(unsupported[0])+" does", "its requests never carry it, so the condition is evaluated for it"
	if len(unsupported) > 1 {
		what, their = "the actions "+quoteStrings(unsupported, 5)+" do", "their requests never carry it, so the condition is evaluated for them"
	}
	msg := what + " not support the condition key " + quote(c.key) + ": " + their + " as for a missing key"
	if k.actions != nil {
		msg += " (the key is set for " + strings.Join(k.actions, ", ") + ")"
	}
	l.add(sev, "UNSUPPORTED_ACTION_FOR_CONDITION_KEY", c.keyOff, msg, "")
}

// checkOperatorType reports an operator whose family does not fit the
// key's type.
func (l *linter) checkOperatorType(c *lintCond, k *keyFacts) {
	f := c.spec.family
	if f == famNull || f == famBinary || k.typ == "" {
		return
	}
	ok := false
	switch k.typ {
	case "String", "ArrayOfString":
		ok = f == famString || f == famStringFold || f == famStringLike ||
			(f == famARN && strings.HasSuffix(asciiLower(k.name), "arn"))
	case "ARN", "ArrayOfARN":
		ok = f == famARN || f == famString || f == famStringFold || f == famStringLike
	case "Bool", "ArrayOfBool":
		ok = f == famBool
	case "Date":
		ok = f == famDate || (f == famNumeric && asciiEqualFold(k.name, "aws:EpochTime"))
	case "Numeric", "ArrayOfNumeric":
		ok = f == famNumeric || (f == famDate && asciiEqualFold(k.name, "aws:EpochTime"))
	case "IPAddress", "ArrayOfIPAddress":
		ok = f == famIP
	default:
		ok = true
	}
	if ok {
		return
	}
	l.add(SeverityWarning, "TYPE_MISMATCH", c.keyOff,
		"the condition key "+quote(c.key)+" holds "+typeWords(k.typ)+", and "+quote(c.op)+" compares "+familyWords(f)+
			", so the condition never holds (or fails closed); use "+operatorsFor(l.d, k.typ), "")
}

func typeWords(typ string) string {
	switch strings.TrimPrefix(typ, "ArrayOf") {
	case "ARN":
		return "ARNs"
	case "Bool":
		return "a boolean"
	case "Date":
		return "a date"
	case "Numeric":
		return "a number"
	case "IPAddress":
		return "an IP address"
	}
	return "strings"
}

func familyWords(f family) string {
	switch f {
	case famNumeric:
		return "numbers"
	case famDate:
		return "dates"
	case famBool:
		return "booleans"
	case famIP:
		return "IP addresses"
	case famARN:
		return "ARNs"
	}
	return "strings"
}

// operatorsFor names the operators that fit a key type, in the dialect's
// spelling.
func operatorsFor(d Dialect, typ string) string {
	cos := d == COS
	pick := func(aws, snake string) string {
		if cos {
			return snake
		}
		return aws
	}
	switch strings.TrimPrefix(typ, "ArrayOf") {
	case "ARN":
		return "an ARN operator (ArnEquals, ArnLike, ...) or a string operator"
	case "Bool":
		return pick("Bool", "bool_equal")
	case "Date":
		return pick("a date operator (DateEquals, DateLessThan, ...)", "a date operator (date_equal, date_less_than, ...)")
	case "Numeric":
		return pick("a numeric operator (NumericEquals, NumericLessThan, ...)", "a numeric operator (numeric_equal, numeric_less_than, ...)")
	case "IPAddress":
		return pick("IpAddress or NotIpAddress", "ip_equal or ip_not_equal")
	}
	return pick("a string operator (StringEquals, StringLike, ...)", "a string operator (string_equal, string_like, ...)")
}

// checkQualifier reports a set qualifier that does not fit the key.
func (l *linter) checkQualifier(c *lintCond, k *keyFacts) {
	if c.spec.family == famNull {
		return
	}
	switch {
	case c.spec.set == setForAll && !k.multi && (l.d == AWS || l.d == COS):
		l.add(SeveritySecurityWarning, "FORALLVALUES_WITH_SINGLE_VALUED_KEY", c.keyOff,
			quote(c.op)+" on the single-valued key "+quote(c.key)+" can be overly permissive: ForAllValues also holds when the key is missing; remove the qualifier", "")
	case c.spec.set == setNone && k.multi && (l.d == AWS || l.d == COS):
		sev := SeverityError
		if l.d == COS {
			sev = SeverityWarning
		}
		l.add(sev, "MISSING_QUALIFIER", c.keyOff,
			"the key "+quote(c.key)+" has several values; without ForAllValues or ForAnyValue (for_all_value, for_any_value in cos) a request with more than one value cannot be decided, so the condition fails closed; add the qualifier that says which is meant", "")
	}
}

// alwaysPresent maps the keys the clouds include in every request (or
// nearly) to why. Sources: the "Availability" line of each key on AWS's
// "AWS global condition context keys" page (awsdocs/iam-user-guide@651083f4
// doc_source/reference_policies_condition-keys.md: "This key is always
// included in the request context", "for all requests, including anonymous
// requests", and for aws:SourceIp "except when the requester uses a VPC
// endpoint"); COS "Conditions" table 1 ("all requests").
var alwaysPresent = map[string]string{
	"aws:currenttime":      "AWS always includes it in the request context",
	"aws:epochtime":        "AWS always includes it in the request context",
	"aws:requestedregion":  "AWS always includes it in the request context",
	"aws:securetransport":  "AWS always includes it in the request context",
	"aws:useragent":        "AWS always includes it in the request context",
	"aws:viaawsservice":    "AWS always includes it in the request context",
	"aws:principalaccount": "AWS includes it in every request, anonymous ones included",
	"aws:principaltype":    "AWS includes it in every request, anonymous ones included",
	"aws:userid":           "AWS includes it in every request, anonymous ones included",
	"aws:sourceip":         "AWS includes it in every request except those made through a VPC endpoint, so IfExists makes the condition hold for every request through a VPC endpoint, whatever its address (aws:VpcSourceIp and aws:SourceVpce are the keys for those)",
	"cos:secure-transport": "COS supplies it on every request",
	"qcs:ip":               "COS supplies it on every request",
}

// checkIfExists reports ...IfExists on a key that is always present.
func (l *linter) checkIfExists(st *lintStmt, c *lintCond) {
	if !c.spec.ifExists {
		return
	}
	var why string
	ok := false
	switch l.d {
	case AWS:
		k := asciiLower(c.key)
		why, ok = alwaysPresent[k]
		ok = ok && strings.HasPrefix(k, "aws:")
	case COS:
		why, ok = alwaysPresent[c.key]
		ok = ok && !strings.HasPrefix(c.key, "aws:")
	}
	if !ok {
		return
	}
	sev, tail := SeveritySuggestion, "; in a Deny the suffix only matters on a server that omits the key, where it makes the Deny apply"
	if st.effect == Allow {
		sev, tail = SeverityWarning, "; in an Allow it makes the grant apply without the check on a server that omits the key"
	}
	suffix := "IfExists"
	if l.d == COS {
		suffix = "_if_exist"
	}
	l.add(sev, "IFEXISTS_ON_ALWAYS_PRESENT_KEY", c.keyOff,
		quote(c.op)+" on "+quote(c.key)+": "+why+", so "+suffix+" changes nothing there"+tail, "")
}

// checkValues runs the checks of a condition's values: IP blocks,
// wildcards in equality operators, the vendors' wildcard rules, redundant
// values, policy variables.
func (l *linter) checkValues(c *lintCond) {
	f := c.spec.family
	if l.d == AWS && !l.p.variables {
		for _, v := range c.vals {
			l.checkVariable(v)
		}
	}
	switch f {
	case famIP:
		l.checkIPs(c)
	case famString, famStringFold:
		for _, v := range c.vals {
			s := v.s
			if l.p.variables {
				s = stripVariables(s)
			}
			if strings.ContainsAny(s, "*?") {
				like := "StringLike"
				if l.d == COS {
					like = "string_like"
				}
				l.add(SeverityWarning, "WILDCARD_WITHOUT_LIKE_OPERATOR", v.off,
					quote(v.s)+" holds '*' or '?', which "+quote(c.op)+" compares literally; if a wildcard was meant, use "+like, "")
			}
		}
	case famStringLike:
		// COS "Conditions" (436/46205): "Currently, wildcards (*) can be
		// prefixed or suffixed to the string, for example, image/*."
		if l.d == COS {
			for _, v := range c.vals {
				if mid := strings.Trim(v.s, "*"); strings.ContainsAny(mid, "*?") && v.s != "" {
					l.add(SeverityWarning, "COS_STRING_LIKE_WILDCARD_IN_MIDDLE", v.off,
						quote(v.s)+" has a wildcard in the middle (or a '?'): COS documents string_like wildcards only at the start or the end of the value (\"image/*\")", "")
				}
			}
		}
	}
	if l.d == OSS && f != famStringLike {
		for _, v := range c.vals {
			if strings.Contains(v.s, "**") {
				l.add(SeverityError, "OSS_CONSECUTIVE_WILDCARDS", v.off,
					quote(v.s)+" holds consecutive '*': OSS refuses a bucket policy with consecutive wildcards (EC 0030-00000007), masked ids such as \"vpc-t4nlw426y44rd3iq4****\" included; write the real value", "")
			}
		}
	}
	l.checkRedundantValues(c)
}

// stripVariables removes the policy variables ${...} of a value.
func stripVariables(s string) string {
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+1:]
	}
}

// privateBlocks are the private address ranges: RFC 1918 and RFC 4193
// (netip.Addr.IsPrivate's).
var privateBlocks = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
}

// readBlock reads an IP condition value as a block (a bare address is a
// /32 or /128), unmasked.
func readBlock(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p, err == nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// checkIPs runs the checks of an IP condition's values.
func (l *linter) checkIPs(c *lintCond) {
	var private, public []string
	for _, v := range c.vals {
		p, ok := readBlock(v.s)
		if !ok {
			continue
		}
		if m := p.Masked(); m != p {
			l.add(SeveritySuggestion, "IMPROVE_IP_RANGE", v.off,
				"the bits of "+quote(v.s)+" after the first "+itoa(p.Bits())+" are ignored: it means "+quote(m.String())+"; write that", m.String())
		}
		m := p.Masked()
		isPrivate := false
		for _, b := range privateBlocks {
			if b.Bits() <= m.Bits() && b.Contains(m.Addr().Unmap()) && (m.Addr().Is4() || m.Addr().Is4In6()) == b.Addr().Is4() {
				isPrivate = true
			}
		}
		if isPrivate {
			private = append(private, v.s)
		} else {
			public = append(public, v.s)
		}
	}
	if l.d != AWS || !asciiEqualFold(c.key, "aws:SourceIp") || len(private) == 0 {
		return
	}
	neg := c.spec.negated
	switch {
	case len(public) == 0 && !neg:
		l.add(SeverityError, "PRIVATE_IP_ADDRESS", c.keyOff,
			"aws:SourceIp works only for public addresses, and "+quoteStrings(private, 5)+" are private, so the condition never holds; for requests through a VPC endpoint use aws:VpcSourceIp or aws:SourceVpce", "")
	case len(public) == 0:
		l.add(SeverityError, "PRIVATE_NOT_IP_ADDRESS", c.keyOff,
			"aws:SourceIp works only for public addresses, and "+quoteStrings(private, 5)+" are private, so the condition always holds; for requests through a VPC endpoint use aws:VpcSourceIp or aws:SourceVpce", "")
	case !neg:
		l.add(SeveritySuggestion, "PRIVATE_IP_ADDRESS_SUBSET", c.keyOff,
			"the values of aws:SourceIp mix public and private addresses, and the private ones ("+quoteStrings(private, 5)+") never match: aws:SourceIp works only for public addresses", "")
	default:
		l.add(SeveritySuggestion, "PRIVATE_NOT_IP_ADDRESS_SUBSET", c.keyOff,
			"the values of aws:SourceIp mix public and private addresses, and the private ones ("+quoteStrings(private, 5)+") have no effect: aws:SourceIp works only for public addresses", "")
	}
}

// checkRedundantValues reports values of one key that another value makes
// redundant.
func (l *linter) checkRedundantValues(c *lintCond) {
	if len(c.vals) < 2 {
		return
	}
	dup := func(i, j int) {
		code := "REDUNDANT_CONDITION_VALUE"
		if c.spec.family == famNumeric {
			code = "REDUNDANT_CONDITION_VALUE_NUM"
		}
		l.add(SeveritySuggestion, code, c.vals[i].off, "the value "+quote(c.vals[i].s)+" of "+quote(c.key)+" repeats "+quote(c.vals[j].s)+"; remove it", "")
	}
	switch f := c.spec.family; f {
	case famNumeric, famDate:
		var nums []decimal
		var times []instant
		for _, v := range c.vals {
			if f == famNumeric {
				x, _ := parseDecimal(v.s)
				nums = append(nums, x)
			} else {
				t, _ := parseInstant(v.s)
				times = append(times, t)
			}
		}
		cmp := func(i, j int) int {
			if f == famNumeric {
				return cmpDecimal(nums[i], nums[j])
			}
			return cmpInstant(times[i], times[j])
		}
		if c.spec.cmp != cmpEq {
			// x < a or x < b is x < max(a, b); x > a or x > b is x > min(a, b).
			best := 0
			for i := 1; i < len(c.vals); i++ {
				if r := cmp(i, best); (r > 0) == (c.spec.cmp == cmpLt || c.spec.cmp == cmpLe) && r != 0 {
					best = i
				}
			}
			code, which := "REDUNDANT_CONDITION_VALUE_NUM", "greatest"
			if f == famDate {
				code = "REDUNDANT_CONDITION_VALUE"
			}
			if c.spec.cmp == cmpGt || c.spec.cmp == cmpGe {
				which = "least"
			}
			l.add(SeveritySuggestion, code, c.keyOff,
				"several values under "+quote(c.op)+" are redundant: any value holds exactly when the "+which+" one does; replace them with "+quote(c.vals[best].s), c.vals[best].s)
			return
		}
		for i := 1; i < len(c.vals); i++ {
			for j := 0; j < i; j++ {
				if !l.spend(1) {
					return
				}
				if cmp(i, j) == 0 {
					dup(i, j)
					break
				}
			}
		}
	case famIP:
		blocks := make([]netip.Prefix, len(c.vals))
		for i, v := range c.vals {
			p, _ := readBlock(v.s)
			blocks[i] = p.Masked()
		}
		for i := range blocks {
			for j := range blocks {
				if i == j || !l.spend(1) {
					continue
				}
				bi, bj := blocks[i], blocks[j]
				if bi.IsValid() && bj.IsValid() && bj.Bits() <= bi.Bits() && bj.Contains(bi.Addr()) && !(bi == bj && j > i) {
					if bi == bj {
						dup(i, j)
					} else {
						l.add(SeveritySuggestion, "REDUNDANT_CONDITION_VALUE", c.vals[i].off,
							"the block "+quote(c.vals[i].s)+" lies within "+quote(c.vals[j].s)+"; remove it", "")
					}
					break
				}
			}
		}
	case famBool, famNull, famBinary:
		for i := 1; i < len(c.vals); i++ {
			for j := 0; j < i; j++ {
				if c.vals[i].s == c.vals[j].s || (f != famBinary && asciiEqualFold(c.vals[i].s, c.vals[j].s)) {
					dup(i, j)
					break
				}
			}
		}
	case famString, famStringFold, famStringLike, famARN:
		eq := func(a, b string) bool { return a == b }
		if f == famStringFold {
			eq = strings.EqualFold
		}
		for i := 1; i < len(c.vals); i++ {
			for j := 0; j < i; j++ {
				if !l.spend(1) {
					return
				}
				if eq(c.vals[i].s, c.vals[j].s) {
					dup(i, j)
					break
				}
			}
		}
		if f == famStringLike {
			l.checkRedundantLike(c)
		}
	}
}

// checkRedundantLike reports StringLike values that another value's
// wildcards already cover (exact repeats are reported by the caller).
func (l *linter) checkRedundantLike(c *lintCond) {
	vals := c.vals
	for i, v := range vals {
		s := v.s
		if l.p.variables && strings.Contains(s, "${") {
			continue
		}
		for w, u := range vals {
			t := u.s
			if w == i || s == t || !strings.ContainsAny(t, "*?") || (l.p.variables && strings.Contains(t, "${")) {
				continue
			}
			if !l.spend(len(s)*len(t) + 1) {
				return
			}
			if globCovers(t, s) && !(w > i && globCovers(s, t)) {
				l.add(SeveritySuggestion, "REDUNDANT_CONDITION_VALUE", vals[i].off,
					"the value "+quote(vals[i].s)+" of "+quote(c.key)+" is redundant: "+quote(vals[w].s)+" already matches everything it does; remove it", "")
				break
			}
		}
	}
}

// checkAcceptance reports what the cloud's PutBucketPolicy refuses
// (accept.go): with WithBucket as errors, as Parse would refuse them; for
// aws and obs without a bucket, the catalogue's findings as warnings.
func (l *linter) checkAcceptance() {
	sev := SeverityWarning
	if l.rules.bucket != "" {
		sev = SeverityError
	}
	l.p.acceptIssues(l.rules, func(is acceptIssue) bool {
		code := "RESOURCE_OUTSIDE_BUCKET"
		switch is.kind {
		case acceptAction:
			code = "INVALID_ACTION"
		case acceptNoResource:
			code = "ACTION_APPLIES_TO_NO_RESOURCE"
		}
		msg := is.msg
		if sev == SeverityWarning {
			msg += " (S3 refuses this policy on PutBucketPolicy; an S3-compatible server may accept it)"
		}
		l.add(sev, code, is.off, msg, is.suggest)
		return true
	})
}

// checkPublic reports each statement that makes the policy public, with
// the reason the public verdict (public.go) gives.
func (l *linter) checkPublic() {
	for _, ps := range l.p.Public().Statements {
		st := l.stmts[ps.Index]
		off := st.off
		if st.hasPrincipal {
			off = st.principalOff
		}
		l.add(SeveritySecurityWarning, "PUBLIC_POLICY", off,
			"statement "+itoa(ps.Index)+sidNote(st)+" makes the policy public ("+publicRule(l.d)+"): "+ps.Reason, "")
	}
}

// publicRule names the rule the public verdict applies in the dialect.
func publicRule(d Dialect) string {
	switch d {
	case OSS:
		return "OSS's Block Public Access rule; OSS refuses it on a bucket that blocks public access"
	case COS:
		return "AWS's Block Public Access rule read for COS, which defines none"
	case OBS:
		return "AWS's Block Public Access rule, which OBS follows; OBS refuses it on a bucket that blocks public policies"
	}
	return "AWS's Block Public Access rule; S3 refuses it on a bucket that blocks public policies"
}

// checkStatementPairs reports statements that repeat or are covered by
// another of the same effect, and Allows that a Deny always overrides.
func (l *linter) checkStatementPairs() {
	seen := map[string]int{}
	redundant := make([]bool, len(l.stmts))
	for _, st := range l.stmts {
		key := l.canonStatement(st)
		if j, dup := seen[key]; dup {
			redundant[st.index] = true
			l.add(SeveritySuggestion, "REDUNDANT_STATEMENT", st.off,
				"statement "+itoa(st.index)+sidNote(st)+" repeats statement "+itoa(j)+sidNote(l.stmts[j])+"; remove one", "")
			continue
		}
		seen[key] = st.index
	}
	for _, in := range l.stmts {
		if redundant[in.index] {
			continue
		}
		for _, out := range l.stmts {
			if out == in || out.effect != in.effect || redundant[out.index] {
				continue
			}
			if !l.spend(1) {
				return
			}
			if l.covers(out, in, false) && !(out.index > in.index && l.covers(in, out, false)) {
				redundant[in.index] = true
				l.add(SeveritySuggestion, "REDUNDANT_STATEMENT", in.off,
					"statement "+itoa(in.index)+sidNote(in)+" adds nothing: statement "+itoa(out.index)+sidNote(out)+
						" has the same effect and covers its principals, actions and resources with no more conditions; remove it", "")
				break
			}
		}
	}
	for _, a := range l.stmts {
		if a.effect != Allow {
			continue
		}
		for _, d := range l.stmts {
			if d.effect != Deny || d.hasCond {
				continue
			}
			if !l.spend(1) {
				return
			}
			if l.covers(d, a, true) {
				l.add(SeverityWarning, "DENY_OVERRIDES_ALLOW", a.off,
					"statement "+itoa(a.index)+sidNote(a)+" never grants anything: statement "+itoa(d.index)+sidNote(d)+
						" denies, without a condition, every principal, action and resource it allows, and an explicit Deny always wins", "")
				break
			}
		}
	}
}

func sidNote(st *lintStmt) string {
	if st.sid == "" {
		return ""
	}
	return " (Sid " + quote(st.sid) + ")"
}

// canonStatement writes a statement so that two that say the same thing
// (whatever their Sid and the order of their values) are equal.
func (l *linter) canonStatement(st *lintStmt) string {
	var b strings.Builder
	flag := func(v bool) {
		if v {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	b.WriteString(st.effect.String())
	flag(st.notPrincipal)
	flag(st.everyone)
	flag(st.s.ownerExcluded)
	b.WriteString(strings.Join(st.principals, "\x01"))
	b.WriteByte(0)
	flag(st.notAction)
	acts := slices.Clone(st.folded)
	slices.Sort(acts)
	b.WriteString(strings.Join(slices.Compact(acts), "\x01"))
	b.WriteByte(0)
	flag(st.notRes)
	res := make([]string, len(st.resources))
	for i, r := range st.resources {
		res[i] = r.s
	}
	slices.Sort(res)
	b.WriteString(strings.Join(slices.Compact(res), "\x01"))
	b.WriteByte(0)
	b.WriteString(strings.Join(st.canonConds, "\x02"))
	return b.String()
}

// covers reports whether statement out provably applies to every request
// statement in applies to: its principals, actions and resources cover
// in's, and its conditions are a subset of in's (or, with ignoreConds, it
// has none and in's do not matter).
func (l *linter) covers(out, in *lintStmt, ignoreConds bool) bool {
	if !ignoreConds && !subsetSorted(out.canonConds, in.canonConds) {
		return false
	}
	// Principals. The oss owner rule: an everyone statement without a
	// Condition does not bind the bucket owner, so it covers the owner
	// only if in does not either.
	if out.notPrincipal {
		return false
	}
	if out.s.ownerExcluded && !in.s.ownerExcluded {
		return false
	}
	if !out.everyone && (in.notPrincipal || in.everyone || !subsetSorted(in.principals, out.principals)) {
		return false
	}
	// Actions.
	if !l.listCovers(out.notAction, out.folded, in.notAction, in.folded) {
		return false
	}
	outRes, inRes := make([]string, len(out.resources)), make([]string, len(in.resources))
	for i, r := range out.resources {
		outRes[i] = r.s
	}
	for i, r := range in.resources {
		inRes[i] = r.s
	}
	return l.listCovers(out.notRes, outRes, in.notRes, inRes)
}

// listCovers reports whether an Action (or Resource) list covers another:
// each value of in matched by a value of out; a NotAction list covers
// another NotAction list whose values include all of its own.
func (l *linter) listCovers(outNot bool, out []string, inNot bool, in []string) bool {
	if !outNot && slices.Contains(out, "*") {
		return true
	}
	if outNot || inNot {
		if !outNot || !inNot {
			return false
		}
		for _, o := range out {
			if !slices.Contains(in, o) {
				return false
			}
		}
		return true
	}
next:
	for _, i := range in {
		for _, o := range out {
			if i == o {
				continue next
			}
			if strings.ContainsAny(o, "*?") && !(l.p.variables && (strings.Contains(o, "${") || strings.Contains(i, "${"))) {
				if !l.spend(len(o)*len(i) + 1) {
					return false
				}
				if globCovers(o, i) {
					continue next
				}
			}
		}
		return false
	}
	return true
}

// subsetSorted reports whether every element of a (sorted) is in b (sorted).
func subsetSorted(a, b []string) bool {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
	}
	return true
}

// catalogEntry is an action of a vendor catalogue.
type catalogEntry struct {
	name  string // without the service prefix, as the vendor spells it
	level resLevel
}

// vendorActions is the catalogue of oss, cos or obs, ready for lookups.
type vendorActions struct {
	vendor  string // "OSS", "COS", "OBS"
	entries []catalogEntry
	lower   []string // the entries' names in lower case
	byName  map[string]catalogEntry
}

// prefix returns the service prefix as the policy's action writes it
// ("oss:", "name/cos:", "cos:", "s3:").
func (v *vendorActions) prefix(action string) string {
	i := strings.IndexByte(action, ':')
	return action[:i+1]
}

var vendorCatalogs = sync.OnceValue(func() map[Dialect]*vendorActions {
	build := func(vendor string, m map[string]resLevel) *vendorActions {
		v := &vendorActions{vendor: vendor, byName: map[string]catalogEntry{}}
		for _, name := range mapKeys(m) {
			e := catalogEntry{name: name, level: m[name]}
			v.entries = append(v.entries, e)
			v.lower = append(v.lower, asciiLower(name))
			v.byName[asciiLower(name)] = e
		}
		return v
	}
	return map[Dialect]*vendorActions{OSS: build("OSS", ossActions), COS: build("COS", cosActions), OBS: build("OBS", obsActions)}
})

func vendorCatalog(d Dialect) *vendorActions { return vendorCatalogs()[d] }

// nearestName returns the index of the name closest to a misspelt one (all
// lower case), or -1: at most 2 edits, or one in five characters.
func nearestName(name string, names []string) int {
	if len(name) > 64 {
		return -1
	}
	best, bestD := -1, max(2, len(name)/5)+1
	for i, n := range names {
		if d := editDistance(name, n); d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// resourceLevels returns the levels of resource a resource pattern of the
// dialect can name (see the catalogues' resLevel).
func resourceLevels(d Dialect, res string) resLevel {
	if res == "*" {
		return lvService | lvBucket | lvObject | lvVectorBucket | lvVector
	}
	switch d {
	case OSS:
		rest, ok := strings.CutPrefix(res, "acs:oss:")
		bucket, object := lvBucket, lvObject
		if !ok {
			rest = strings.TrimPrefix(res, "acs:ossvector:")
			bucket, object = lvVectorBucket, lvVector
		}
		f := strings.SplitN(rest, ":", 3)
		path := f[len(f)-1]
		name, _, hasSlash := strings.Cut(path, "/")
		switch {
		case strings.ContainsAny(name, "*?"):
			return bucket | object
		case hasSlash:
			return object
		}
		return bucket
	case COS:
		f := strings.SplitN(strings.TrimPrefix(res, "qcs::cos:"), ":", 3)
		path := f[len(f)-1]
		name, tail, hasSlash := strings.Cut(path, "/")
		switch {
		case strings.ContainsAny(name, "*?"):
			return lvBucket | lvObject
		case !hasSlash:
			return 0
		case tail == "":
			return lvBucket
		case strings.Trim(tail, "*") == "":
			return lvBucket | lvObject
		}
		return lvObject
	}
	var lv resLevel
	if catalogARNCanMatch(res, "arn:${Partition}:s3:::${BucketName}") {
		lv |= lvBucket
	}
	if catalogARNCanMatch(res, "arn:${Partition}:s3:::${BucketName}/${ObjectName}") {
		lv |= lvObject
	}
	return lv
}

// levelNames says which resources a set of levels means.
func levelNames(lv resLevel) string {
	var parts []string
	for _, x := range []struct {
		lv   resLevel
		name string
	}{{lvService, "the service (no bucket)"}, {lvBucket, "the bucket"}, {lvObject, "objects"},
		{lvVectorBucket, "the vector bucket"}, {lvVector, "vector indexes"}} {
		if lv&x.lv != 0 {
			parts = append(parts, x.name)
		}
	}
	if len(parts) == 0 {
		return "no resource"
	}
	return strings.Join(parts, " and ")
}

// quoteList quotes the first n values of a list, for a message.
func quoteList(vals []strVal, n int) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = v.s
	}
	return quoteStrings(s, n)
}

func quoteStrings(s []string, n int) string {
	var b strings.Builder
	for i, v := range s {
		if i == n {
			b.WriteString(", ...")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(v))
	}
	return b.String()
}
