package bucketpolicy

import (
	"net/netip"
	"strings"

	"github.com/tidwall/gjson"
)

// PublicVerdict is a policy's Block Public Access verdict: whether the
// policy is public, and which statements make it so and why. It has the
// shape of the answer of AWS IAM Access Analyzer's CheckNoPublicAccess
// (a result and, for each public statement, its index, Sid and a reason).
type PublicVerdict struct {
	// Public reports whether the policy is public: whether one of its
	// statements is.
	Public bool
	// Statements lists the public statements, in document order; empty
	// when the policy is not public.
	Statements []PublicStatement
}

// PublicStatement is a statement that makes a policy public, and why.
type PublicStatement struct {
	// Index is the statement's position in the Statement list, from 0.
	Index int
	// Sid is the statement's Sid, or "" when it has none.
	Sid string
	// Reason says, for a person, why the statement is public: the
	// principal that lets everyone in, and for each condition on a key
	// that could have limited the callers why it does not, as in
	// `Principal "*" is everyone, and none of its conditions fixes a key
	// that limits who can call (StringLike aws:SourceVpc: "vpc-*" has a
	// wildcard)`.
	Reason string
}

// String returns "no", or "yes" and the public statements, as in
// `yes (statement 0 "PublicRead": Principal "*" is everyone, and the
// statement has no condition)`.
func (v PublicVerdict) String() string {
	if !v.Public {
		return "no"
	}
	var b strings.Builder
	b.WriteString("yes (")
	for i, s := range v.Statements {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString("statement " + itoa(s.Index))
		if s.Sid != "" {
			b.WriteString(" " + quote(s.Sid))
		}
		b.WriteString(": " + s.Reason)
	}
	b.WriteString(")")
	return b.String()
}

// Public returns the policy's Block Public Access verdict: the policy is
// public when one of its Allow statements is; a Deny statement never is. A
// nil policy is not public. This is the verdict a host needs to refuse a
// public policy under Block Public Access (S3 and OSS answer PutBucketPolicy
// 403 AccessDenied then), to answer GetBucketPolicyStatus, or to apply
// RestrictPublicBuckets.
//
// aws and obs follow AWS's definition ("The meaning of 'public'", Amazon
// S3 user guide): an Allow statement is not public when it grants only to
// fixed principals — an account, user, role, session, service or
// CanonicalUser; not "*", not a web identity provider such as
// {"Federated": "graph.facebook.com"}, and not NotPrincipal, which grants
// everyone it does not name — or when a condition that is neither negated
// nor IfExists (nor ForAllValues, which holds when the key is absent) fixes
// one of these keys to values without a wildcard or a policy variable:
//
//	aws:SourceIp      every block no broader than /8 (IPv4) or /32 (IPv6)
//	aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
//	aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount,
//	s3:x-amz-server-side-encryption-aws-kms-key-id, s3:DataAccessPointAccount
//	aws:userid        also a role's unique id followed by ":*" (AROA…:*)
//	s3:DataAccessPointArn  also an access point ARN whose account is fixed
//	                  and whose name is a wildcard (…:123456789012:accesspoint/*)
//
// A '*' makes a value unfixed whatever the operator (AWS: a fixed value "doesn't
// contain a wildcard"), '?' under StringLike and the Arn operators. Private
// address blocks count like any other block.
//
// oss follows OSS's definition (Block Public Access, Alibaba Cloud OSS
// user guide): a statement is not public when its principals are fixed
// values without '*' (a statement without Principal, and Principal [],
// mean everyone), or when a condition fixes acs:SourceVpc, acs:SourceVpcId
// or acs:AccessId to values without '*', or acs:SourceIp or acs:SourceVpcIp
// to blocks of mask at least 8 (IPv4) or 32 (IPv6). Action and Resource do
// not count. A UID with '*' in it, as OSS's examples mask them, is
// therefore public.
//
// cos: Tencent defines no such verdict and COS has no Block Public Access;
// this is AWS's rule read for cos: "*", qcs::cam::anyone:anyone and
// qcs::cam::anonymous:anonymous are everyone, and qcs:ip (blocks as for
// aws:SourceIp) and qcs:vpc are the keys that fix the callers. Condition
// keys are compared case-sensitively for cos, and ignoring case otherwise.
//
// Public reads the policy's document again (it costs time linear in its
// size and allocates), so a host calls it when a policy is put, not per
// request.
func (p *Policy) Public() PublicVerdict {
	var v PublicVerdict
	if p == nil {
		return v
	}
	anyAllow := false
	for _, s := range p.statements {
		anyAllow = anyAllow || s.effect == Allow
	}
	if !anyAllow {
		return v
	}
	p.eachStatementJSON(func(i int, m *stmtJSON) bool {
		s := p.statements[i]
		if s.effect != Allow {
			return true
		}
		if reason, public := p.publicStatement(m); public {
			v.Statements = append(v.Statements, PublicStatement{Index: i, Sid: s.sid, Reason: reason})
		}
		return true
	})
	v.Public = len(v.Statements) > 0
	return v
}

// publicStatement judges one Allow statement and says why it is public.
func (p *Policy) publicStatement(m *stmtJSON) (string, bool) {
	who := p.publicPrincipal(m)
	if who == "" {
		return "", false
	}
	if !m.have[elCondition] {
		return who + ", and the statement has no condition", true
	}
	var misses []string
	fixed := false
	m.val[elCondition].ForEach(func(op, block gjson.Result) bool {
		spec, msg := parseOperator(p.dialect, op.Str)
		if msg != "" {
			return true // cannot happen after Parse
		}
		block.ForEach(func(key, vals gjson.Result) bool {
			fk, ok := p.fixingKey(key.Str)
			if !ok {
				return true
			}
			why := p.fixes(spec, fk, vals)
			if why == "" {
				fixed = true
				return false
			}
			misses = append(misses, op.Str+" "+key.Str+": "+why)
			return true
		})
		return !fixed
	})
	if fixed {
		return "", false
	}
	reason := who + ", and none of its conditions fixes a key that limits who can call"
	if len(misses) > 0 {
		if len(misses) > 3 {
			misses = append(misses[:3], "...")
		}
		reason += " (" + strings.Join(misses, "; ") + ")"
	}
	return reason, true
}

// publicPrincipal returns why the statement's principals let in callers
// that are not fixed values, or "" when they are all fixed.
func (p *Policy) publicPrincipal(m *stmtJSON) string {
	if m.have[elNotPrincipal] {
		return "NotPrincipal in an Allow statement grants everyone it does not name"
	}
	v := m.val[elPrincipal]
	switch p.dialect {
	case OSS:
		if !m.have[elPrincipal] {
			return "the statement has no Principal, which OSS reads as everyone"
		}
		if v.IsArray() && len(v.Array()) == 0 {
			return "Principal [] is everyone"
		}
		why := ""
		eachString(v, func(e gjson.Result) {
			switch {
			case why != "":
			case e.Str == "*":
				why = `Principal "*" is everyone`
			case strings.Contains(e.Str, "*"):
				why = "principal " + quote(e.Str) + ` contains "*", and OSS counts only fixed values without "*" as not public`
			}
		})
		return why
	case COS:
		why := ""
		if v.Type == gjson.String {
			return `Principal "*" is everyone`
		}
		v.ForEach(func(_, vals gjson.Result) bool {
			eachString(vals, func(e gjson.Result) {
				switch {
				case why != "":
				case e.Str == "*", e.Str == "qcs::cam::anyone:anyone":
					why = "principal " + quote(e.Str) + " is everyone"
				case e.Str == "qcs::cam::anonymous:anonymous":
					why = "principal " + quote(e.Str) + " is every anonymous caller"
				}
			})
			return why == ""
		})
		return why
	}
	if v.Type == gjson.String {
		return `Principal "*" is everyone`
	}
	why := ""
	v.ForEach(func(typ, vals gjson.Result) bool {
		eachString(vals, func(e gjson.Result) {
			switch {
			case why != "":
			case e.Str == "*":
				why = "Principal {" + quote(typ.Str) + `: "*"} is everyone`
			case typ.Str == "Federated" && !strings.HasPrefix(e.Str, "arn:"):
				why = `Principal {"Federated": ` + quote(e.Str) + "} is anyone who signs in with that identity provider"
			}
		})
		return why == ""
	})
	return why
}

// fixKind says how a condition must constrain a key to fix the callers.
type fixKind uint8

const (
	fixValue       fixKind = iota + 1 // values without a wildcard or a policy variable
	fixIP                             // blocks no broader than /8 (IPv4) and /32 (IPv6)
	fixUserID                         // fixed, or a role's unique id followed by ":*"
	fixAccessPoint                    // fixed, or an access point ARN of a fixed account
)

type fixingKey struct {
	name string
	kind fixKind
}

// The keys that can make a statement not public, per dialect (see
// [Policy.Public] for the sources).
var (
	awsFixingKeys = []fixingKey{
		{"aws:SourceIp", fixIP}, {"aws:SourceArn", fixValue}, {"aws:SourceVpc", fixValue},
		{"aws:SourceVpce", fixValue}, {"aws:SourceOwner", fixValue}, {"aws:SourceAccount", fixValue},
		{"aws:PrincipalOrgID", fixValue}, {"aws:PrincipalAccount", fixValue},
		{"s3:x-amz-server-side-encryption-aws-kms-key-id", fixValue}, {"aws:userid", fixUserID},
		{"s3:DataAccessPointArn", fixAccessPoint}, {"s3:DataAccessPointAccount", fixValue},
	}
	ossFixingKeys = []fixingKey{
		{"acs:SourceIp", fixIP}, {"acs:SourceVpcIp", fixIP}, {"acs:SourceVpc", fixValue},
		{"acs:SourceVpcId", fixValue}, {"acs:AccessId", fixValue},
	}
	cosFixingKeys = []fixingKey{{"qcs:ip", fixIP}, {"qcs:vpc", fixValue}}
)

// fixingKey looks a condition key up among the dialect's fixing keys.
func (p *Policy) fixingKey(key string) (fixingKey, bool) {
	keys := awsFixingKeys
	switch p.dialect {
	case OSS:
		keys = ossFixingKeys
	case COS:
		keys = cosFixingKeys
	}
	for _, k := range keys {
		if key == k.name || (p.dialect != COS && asciiEqualFold(key, k.name)) {
			return k, true
		}
	}
	return fixingKey{}, false
}

// fixes returns "" when the condition (operator spec, values vals) fixes
// the key, and otherwise why it does not.
func (p *Policy) fixes(spec opSpec, fk fixingKey, vals gjson.Result) string {
	switch {
	case spec.negated:
		return "a negated operator admits every value but those listed"
	case spec.ifExists:
		return "it holds when the key is absent"
	case spec.set == setForAll:
		return "a for-all-values operator holds when the key is absent"
	case spec.family == famNull:
		return "Null tests only whether the key is present"
	case fk.kind == fixIP && spec.family != famIP:
		return "not an IP address operator"
	case fk.kind != fixIP && spec.family != famString && spec.family != famStringFold &&
		spec.family != famStringLike && spec.family != famARN:
		return "not a string or ARN operator"
	}
	wild := "*"
	if spec.family == famStringLike || spec.family == famARN {
		wild = "*?"
	}
	why := ""
	eachString(vals, func(e gjson.Result) {
		if why != "" {
			return
		}
		text := e.Str
		if e.Type != gjson.String {
			text = e.Raw
		}
		switch fk.kind {
		case fixIP:
			why = ipBroaderThanFixed(text)
		case fixUserID:
			if !roleSessions(text) {
				why = p.unfixed(text, wild)
			}
		case fixAccessPoint:
			if !accessPointsOfAccount(text, p.variables) {
				why = p.unfixed(text, wild)
			}
		default:
			why = p.unfixed(text, wild)
		}
	})
	return why
}

// unfixed returns why a condition value is not a fixed value, or "".
func (p *Policy) unfixed(text, wild string) string {
	switch {
	case strings.ContainsAny(text, wild):
		return quote(text) + " has a wildcard"
	case p.variables && strings.Contains(text, "${"):
		return quote(text) + " holds a policy variable"
	}
	return ""
}

// ipBroaderThanFixed returns why an address block is broader than the
// public rules allow (/8 for IPv4, /32 for IPv6), or "". A bare address is
// one host. An IPv4-mapped IPv6 block counts as its IPv4 block, as Parse
// stores it.
func ipBroaderThanFixed(text string) string {
	if !strings.Contains(text, "/") {
		return ""
	}
	pfx, err := netip.ParsePrefix(text)
	if err != nil {
		return "" // cannot happen after Parse
	}
	a, bits := pfx.Addr(), pfx.Bits()
	if a.Is4In6() && bits >= 96 {
		a, bits = a.Unmap(), bits-96
	}
	switch {
	case a.Is4() && bits < 8:
		return quote(text) + " is broader than /8"
	case !a.Is4() && bits < 32:
		return quote(text) + " is broader than /32"
	}
	return ""
}

// roleSessions reports whether an aws:userid value is a role's unique id
// followed by ":*" (AROAEXAMPLEID:*), which names that role's sessions.
func roleSessions(text string) bool {
	id, ok := strings.CutSuffix(text, ":*")
	return ok && strings.HasPrefix(id, "AROA") && len(id) > len("AROA") && alnum(id)
}

// accessPointsOfAccount reports whether an s3:DataAccessPointArn value
// names access points of a fixed account, as in
// arn:aws:s3:us-west-2:123456789012:accesspoint/*.
func accessPointsOfAccount(text string, variables bool) bool {
	f := strings.SplitN(text, ":", 6)
	if len(f) != 6 || f[0] != "arn" || f[4] == "" || strings.ContainsAny(f[4], "*?") ||
		(variables && strings.Contains(f[4], "${")) {
		return false
	}
	return strings.HasPrefix(f[5], "accesspoint/")
}
