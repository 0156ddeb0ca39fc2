// Package bucketpolicy parses, checks and evaluates bucket policies: the JSON
// access policies that AWS S3, Huawei OBS, Alibaba Cloud OSS and Tencent COS
// accept on PUT /?policy.
//
// A storage server or gateway calls [Parse] once with the bytes of the
// document and keeps the resulting [Policy]; on every request it calls
// [Policy.Evaluate] (or [Policy.Authorize]) with a [Request] that describes
// the caller, the action, the resource and the condition keys it knows.
//
// # Evaluation
//
// A statement applies to a request when its principal, action and resource
// all match and every one of its conditions holds. Then:
//
//   - if any Deny statement applies, the decision is [Deny] (an explicit
//     deny always wins, whatever the order of the statements);
//   - otherwise, if any Allow statement applies, the decision is [Allow];
//   - otherwise it is [NoDecision], and the host falls back on its other
//     rules (ACLs, identity policies, owner rights). [Policy.Authorize]
//     applies the common fallback: only the bucket owner is let in.
//
// Evaluation never reads the clock: date conditions compare against the
// request's aws:CurrentTime, aws:EpochTime or acs:CurrentTime values, which
// the host fills.
//
// # Dialects
//
// Four dialects are understood; see [Dialect]. [Parse] detects the dialect
// from the document's Version element unless [WithDialect] names it:
//
//	aws  "Version": "2012-10-17" or "2008-10-17", or no Version   (AWS S3)
//	obs  as aws, chosen with WithDialect(OBS)                      (Huawei OBS)
//	oss  "Version": "1"                                            (Alibaba Cloud OSS)
//	cos  "version": "2.0", element names in any case               (Tencent COS)
//
// # Strictness
//
// Parse rejects every document it cannot read exactly: invalid JSON, a
// duplicated key, an unknown element (a misspelt "Condtion" is an error, not
// a statement without conditions), a value of the wrong type, an unknown
// condition operator, a policy value that cannot be read. Rejections are
// reported as an [*Error] that names the place (a JSON path and a byte
// offset), the fault, and the error code the dialect's cloud answers with.
package bucketpolicy

import (
	"errors"
	"strings"
)

// Dialect names a cloud's flavour of the bucket policy language. The zero
// value means "not chosen": [Parse] then detects the dialect.
type Dialect uint8

// The dialects. See the package documentation for how each is recognised.
const (
	// AWS is Amazon S3 and S3-compatible servers.
	AWS Dialect = iota + 1
	// OBS is Huawei Cloud OBS in its S3-compatible form. Documents look like
	// aws ones; policy variables are not substituted and the condition
	// operators are limited to the string, numeric, date, boolean and IP
	// families.
	OBS
	// OSS is Alibaba Cloud OSS, for buckets and vector buckets.
	OSS
	// COS is Tencent Cloud COS.
	COS
)

var dialectNames = [...]string{"", "aws", "obs", "oss", "cos"}

// String returns the dialect's lower-case name ("aws", "obs", "oss", "cos"),
// or "" for the zero value.
func (d Dialect) String() string {
	if int(d) < len(dialectNames) {
		return dialectNames[d]
	}
	return "Dialect(" + itoa(int(d)) + ")"
}

// ParseDialect returns the dialect with the given name ("aws", "obs", "oss"
// or "cos", in any case), as a command-line flag or a configuration file
// names it.
func ParseDialect(name string) (Dialect, error) {
	for d := AWS; d <= COS; d++ {
		if strings.EqualFold(name, dialectNames[d]) {
			return d, nil
		}
	}
	return 0, errors.New("bucketpolicy: unknown dialect " + quote(name) + `; want "aws", "obs", "oss" or "cos"`)
}

// Decision is what a policy says about a request. The zero value is
// [NoDecision], so a Decision that was never set never allows.
type Decision uint8

// The decisions.
const (
	// NoDecision: no statement applies to the request.
	NoDecision Decision = iota
	// Allow: an Allow statement applies and no Deny statement does.
	Allow
	// Deny: a Deny statement applies.
	Deny
)

// String returns "none", "allow" or "deny".
func (d Decision) String() string {
	switch d {
	case NoDecision:
		return "none"
	case Allow:
		return "allow"
	case Deny:
		return "deny"
	}
	return "Decision(" + itoa(int(d)) + ")"
}

// Request describes one request to be checked against a policy. It is
// written in the dialect of the policy it is evaluated against.
type Request struct {
	// Principal is the caller as its cloud writes it: for aws and obs an
	// ARN such as "arn:aws:iam::123456789012:user/Bob" or
	// "arn:aws:sts::123456789012:assumed-role/R/session", an account id,
	// or a user name of an S3-compatible server; for oss a UID or
	// "arn:sts::UID:assumed-role/ROLE/SESSION"; for cos
	// "qcs::cam::uin/OWNER:uin/UIN". The empty string is an anonymous
	// caller.
	Principal string
	// Account is the caller's account, where Principal does not carry it
	// (a user name, a RAM user's UID).
	Account string
	// Owner reports whether the caller is the bucket owner. It matters to
	// the oss owner rule and to [Policy.Authorize].
	Owner bool
	// Action is the operation, such as "s3:GetObject", "oss:PutVectors" or
	// "name/cos:GetBucket".
	Action string
	// Resource is the concrete resource, written like the dialect's
	// resource patterns: "arn:aws:s3:::bucket/key",
	// "acs:oss:cn-hangzhou:174649585760xxxx:bucket/key",
	// "qcs::cos:ap-guangzhou:uid/1250000000:bucket-1250000000/key" (a
	// bucket-level cos request names the bucket with a trailing slash).
	Resource string
	// Context maps condition keys to the request's values for them, such
	// as "aws:SourceIp": {"203.0.113.5"}. A key that is absent, or that
	// maps to no values, is a key the request lacks. The host fills every
	// key it knows; a listing without a prefix carries s3:prefix (or
	// oss:Prefix) as the empty string.
	Context map[string][]string
	// Keys holds condition keys as a list, for a host that builds the
	// context afresh for each request and would rather not build a map
	// (the policyhttp mapper fills it). Keys and Context are read as one
	// context: a key that appears twice in them, in the same spelling or in
	// two spellings other than the policy's and its usual one, cannot be
	// decided.
	Keys []Key
}

// Key is a condition key of a request and its values, for [Request.Keys].
type Key struct {
	Name   string
	Values []string
}

// Policy is a parsed and compiled bucket policy. It is immutable and safe
// for concurrent use by any number of goroutines. A nil *Policy is a
// bucket without a policy: it evaluates every request to [NoDecision].
type Policy struct {
	doc        string // the original document, byte for byte
	dialect    Dialect
	version    string
	variables  bool // policy variables are substituted (aws, 2012-10-17)
	statements []*statement
	index      index
}

// Dialect returns the policy's dialect, or 0 for a nil policy.
func (p *Policy) Dialect() Dialect {
	if p == nil {
		return 0
	}
	return p.dialect
}

// Version returns the document's Version value ("" when it has none).
func (p *Policy) Version() string {
	if p == nil {
		return ""
	}
	return p.version
}

// Len returns the number of statements.
func (p *Policy) Len() int {
	if p == nil {
		return 0
	}
	return len(p.statements)
}

// UnmarshalJSON parses a policy document, as [Parse] does with its default
// options (the dialect detected, the dialect's limits), so that a *Policy
// can sit in a host's JSON configuration. A document Parse rejects is an
// error, never an empty policy. The obs dialect, which cannot be detected,
// is read as aws.
func (p *Policy) UnmarshalJSON(doc []byte) error {
	q, err := Parse(doc)
	if err != nil {
		return err
	}
	*p = *q
	return nil
}

// MarshalJSON returns the document the policy was parsed from, byte for
// byte, so that a host can answer GetBucketPolicy with exactly what was put.
// A nil policy marshals to null.
func (p *Policy) MarshalJSON() ([]byte, error) {
	if p == nil {
		return []byte("null"), nil
	}
	return []byte(p.doc), nil
}

// String returns the original document.
func (p *Policy) String() string {
	if p == nil {
		return ""
	}
	return p.doc
}

// statement is a compiled statement.
type statement struct {
	sid                                  string
	principals                           principalSet
	actions                              actionSet
	resources                            resourceSet
	conditions                           []condition
	index                                int
	effect                               Decision // Allow or Deny
	notPrincipal, notAction, notResource bool
	// ownerExcluded applies the oss owner rule: the statement's everyone
	// principal has no Condition, so it does not cover the bucket owner.
	ownerExcluded bool
	// Shortcuts for the common shapes, worked out by finish: the one
	// exact action of an Action list (oneAction set), the one pattern
	// without variables of a Resource list, a Principal of everyone
	// without the owner rule.
	oneAction    string
	hasOneAction bool
	oneResource  *pattern
	anyone       bool
}

// finish works out a compiled statement's shortcuts.
func (s *statement) finish() {
	as := &s.actions
	if !s.notAction && !as.all && len(as.exact) == 1 && len(as.patterns) == 0 {
		s.oneAction, s.hasOneAction = as.exact[0], true
	}
	if !s.notResource && len(s.resources.patterns) == 1 {
		if p := &s.resources.patterns[0]; p.g == nil || len(p.g.vars) == 0 {
			s.oneResource = p
		}
	}
	s.anyone = !s.notPrincipal && !s.ownerExcluded && s.principals.everyone
}

// applies reports whether the statement applies to the request, and
// whether it does so through an unknown condition. A statement whose
// conditions include an unknown one and no false one applies if it is a
// Deny and not if it is an Allow: no value the engine cannot decide may
// switch a Deny off or an Allow on. A Resource or NotResource that can only
// be decided through an undecidable policy variable counts as such a
// condition.
func (s *statement) applies(e *evaluation) (applied, unknown bool) {
	// The action first: it is the cheapest test and the most selective;
	// then the resource (mostly a prefix), the principal, the conditions.
	if s.hasOneAction {
		if s.oneAction != e.action {
			return false, false
		}
	} else if s.actions.match(e) == s.notAction {
		return false, false
	}
	if s.oneResource != nil {
		if !s.oneResource.match(e.req.Resource, nil) {
			return false, false
		}
	} else {
		rt := s.resources.match(e.req.Resource, e)
		if s.notResource {
			rt = rt.not()
		}
		switch rt {
		case isFalse:
			return false, false
		case isUnknown:
			unknown = true
		}
	}
	if !s.anyone && !s.principalMatches(e) {
		return false, false
	}
	for i := range s.conditions {
		switch s.conditions[i].holds(e) {
		case isFalse:
			return false, false
		case isUnknown:
			unknown = true
		}
	}
	if unknown {
		return s.effect == Deny, true
	}
	return true, false
}

// principalMatches applies Principal, or NotPrincipal: in an Allow it
// covers every caller none of its entries names, in a Deny every caller it
// does not spare (see principalSet.spares).
func (s *statement) principalMatches(e *evaluation) bool {
	switch {
	case !s.notPrincipal:
		return s.principals.match(e, s.ownerExcluded)
	case s.effect == Deny:
		return !s.principals.spares(e)
	}
	return !s.principals.match(e, false)
}

// Explanation is a decision together with the statements that led to it.
type Explanation struct {
	// Decision is what Evaluate returns for the same request.
	Decision Decision
	// Statements lists every statement that applied, Allow and Deny alike,
	// in document order.
	Statements []AppliedStatement
}

// AppliedStatement identifies a statement that applied to a request.
type AppliedStatement struct {
	// Index is the statement's position in the Statement list, from 0.
	Index int
	// Sid is the statement's Sid, or "" when it has none.
	Sid string
	// Effect is Allow or Deny.
	Effect Decision
	// Unknown reports that the statement (a Deny) applied because one of
	// its conditions could not be decided: a request value that cannot be
	// read as the operator's type (an IP address with a port, a date in an
	// unknown format), several values under an operator without a set
	// qualifier, a key in two spellings, or a policy variable on such a
	// key. It usually means the host passes a condition key wrongly.
	Unknown bool
}

// String returns a one-line description, such as
// `deny (statement 0 "DenyDelete" deny; statement 2 allow)`.
func (e Explanation) String() string {
	var b strings.Builder
	b.WriteString(e.Decision.String())
	if len(e.Statements) == 0 {
		b.WriteString(" (no statement applies)")
		return b.String()
	}
	b.WriteString(" (")
	for i, s := range e.Statements {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString("statement ")
		b.WriteString(itoa(s.Index))
		if s.Sid != "" {
			b.WriteString(" ")
			b.WriteString(quote(s.Sid))
		}
		b.WriteString(" ")
		b.WriteString(s.Effect.String())
		if s.Unknown {
			b.WriteString(" through an undecidable condition")
		}
	}
	b.WriteString(")")
	return b.String()
}
