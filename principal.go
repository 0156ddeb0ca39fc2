package bucketpolicy

import "strings"

// principalKind says how a principal entry matches a caller.
type principalKind uint8

const (
	pEveryone  principalKind = iota // "*": every caller, anonymous included
	pExact                          // the caller itself: a user, session, federated user or agency ARN, a cos sub-account
	pOpaque                         // a CanonicalUser, Service or Federated value: a caller with exactly that principal
	pAccount                        // an identity of account value (see matchesAccount)
	pRole                           // the role value, or a session of it (prefix)
	pAnonymous                      // an anonymous caller (cos anonymous:anonymous)
)

type principalEntry struct {
	kind  principalKind
	value string
	// partition, for a pAccount entry written as a :root ARN, is the
	// partition the ARN names: the entry covers the account in that
	// partition only. "" covers it in every partition (a bare account id).
	partition string
	prefix    string // pRole: the sessions' common prefix, ending in '/'
}

// principalSet is the compiled Principal (or NotPrincipal) of a statement.
type principalSet struct {
	entries  []principalEntry
	everyone bool // holds a pEveryone entry
}

// match reports whether the caller matches an entry. ownerExcluded applies
// the oss owner rule: the everyone entry does not cover the bucket owner.
func (ps *principalSet) match(e *evaluation, ownerExcluded bool) bool {
	req := e.req
	for i := range ps.entries {
		en := &ps.entries[i]
		switch en.kind {
		case pEveryone:
			if !(ownerExcluded && req.Owner) {
				return true
			}
		case pExact, pOpaque:
			if req.Principal == en.value {
				return true
			}
		case pAccount:
			if e.matchesAccount(en) {
				return true
			}
		case pRole:
			if e.isRoleOrSession(en) {
				return true
			}
		case pAnonymous:
			if req.Principal == "" {
				return true
			}
		}
	}
	return false
}

// matchesAccount reports whether the caller is an identity of the account
// a pAccount entry names: the caller's principal is the entry's value (a
// bare account id or, on S3-compatible servers, a user name), or the
// caller's account is, in the entry's partition.
func (e *evaluation) matchesAccount(en *principalEntry) bool {
	if e.req.Principal == "" {
		return false
	}
	if en.partition == "" && e.req.Principal == en.value {
		return true
	}
	e.caller()
	if en.partition != "" && en.partition != e.callerPartition {
		return false
	}
	return e.req.Principal == en.value || e.callerAccount == en.value
}

// isRoleOrSession reports whether the caller is the role of a pRole entry
// or a session of it.
func (e *evaluation) isRoleOrSession(en *principalEntry) bool {
	p := e.req.Principal
	if p == en.value && en.value != "" {
		return true
	}
	session, ok := strings.CutPrefix(p, en.prefix)
	return ok && session != "" && !strings.Contains(session, "/")
}

// spares applies NotPrincipal in a Deny statement, by AWS's documented
// chain (the caller's account, then its role, then the caller itself): it
// reports whether the Deny leaves the caller alone. That is so when "*" is
// listed; when the caller is exactly a CanonicalUser, Service or Federated
// value listed; or when the caller's account is listed (a bare account id,
// or the :root ARN of its partition) and the caller is that account's root
// or is itself listed (its user, federated-user or agency ARN, its role or
// its session). An anonymous caller is spared only by "*". Everyone else is
// denied: the rule fails closed.
func (ps *principalSet) spares(e *evaluation) bool {
	if ps.everyone {
		return true
	}
	if e.req.Principal == "" {
		return false
	}
	e.caller()
	accountListed, selfListed := false, false
	for i := range ps.entries {
		en := &ps.entries[i]
		switch en.kind {
		case pOpaque:
			if e.req.Principal == en.value {
				return true
			}
		case pExact:
			selfListed = selfListed || e.req.Principal == en.value
		case pAccount:
			selfListed = selfListed || e.req.Principal == en.value
			accountListed = accountListed || (e.callerAccount == en.value &&
				(en.partition == "" || en.partition == e.callerPartition))
		case pRole:
			selfListed = selfListed || e.isRoleOrSession(en)
		}
	}
	return accountListed && (e.callerIsRoot || selfListed)
}

// everyoneEntries is the one entry of "*", shared by every such set (a
// compiled set is never modified).
var everyoneEntries = []principalEntry{{kind: pEveryone}}

// everyoneSet is the principal set of "*".
func everyoneSet() principalSet {
	return principalSet{entries: everyoneEntries, everyone: true}
}

// addPrincipals compiles the values given under one principal type
// (typ is "" for oss, whose principals are a plain list) into set.
func (c *compiler) addPrincipals(set *principalSet, typ string, vals []strVal) *valueError {
	for _, sv := range vals {
		var en principalEntry
		var err *valueError
		switch {
		case c.dialect == OSS:
			en, err = ossPrincipal(sv.s)
		case c.dialect == COS:
			en, err = cosPrincipal(sv.s)
		case typ == "AWS":
			en, err = awsPrincipal(c.dialect, sv.s)
		default: // CanonicalUser, Service, Federated
			en, err = opaquePrincipal(sv.s)
		}
		if err != nil {
			return err.at(sv.off)
		}
		if en.kind == pEveryone {
			set.everyone = true
		}
		if set.entries == nil {
			set.entries = make([]principalEntry, 0, len(vals))
		}
		set.entries = append(set.entries, en)
	}
	return nil
}

// principalTypes lists the keys of a principal object in the dialect
// (oss principals are a plain list, not an object).
func principalTypes(d Dialect) []string {
	if d == COS {
		return []string{"qcs"}
	}
	return []string{"AWS", "CanonicalUser", "Service", "Federated"}
}

func noWildcards(s string) *valueError {
	if strings.ContainsAny(s, "*?") {
		return &valueError{msg: "invalid principal " + quote(s) + ": a wildcard may only stand alone, as \"*\" (everyone)"}
	}
	return nil
}

// awsPrincipal reads one value under "AWS" (aws, obs).
func awsPrincipal(d Dialect, s string) (principalEntry, *valueError) {
	if s == "*" {
		return principalEntry{kind: pEveryone}, nil
	}
	if err := noWildcards(s); err != nil {
		return principalEntry{}, err
	}
	if !strings.HasPrefix(s, "arn:") {
		if strings.ContainsAny(s, ": \t") {
			return principalEntry{}, &valueError{msg: "invalid principal " + quote(s) + ": want an account id, a name, or an IAM or STS ARN"}
		}
		return principalEntry{kind: pAccount, value: s}, nil
	}
	parts, ok := splitARN(s, false)
	want := "arn:aws:iam::ACCOUNT:root, ...:user/NAME, ...:role/NAME, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION or ...:federated-user/NAME"
	if d == OBS {
		want = "arn:aws:iam::DOMAIN:root, ...:user/USER, ...:agency/NAME, ...:role/NAME, arn:aws:sts::DOMAIN:assumed-role/ROLE/SESSION or ...:federated-user/NAME"
	}
	bad := &valueError{msg: "invalid principal " + quote(s) + ": want " + want}
	if !ok || !knownPartition(parts[1]) || parts[3] != "" || parts[4] == "" {
		return principalEntry{}, bad
	}
	res := parts[5]
	switch parts[2] {
	case "iam":
		switch {
		case res == "root":
			return principalEntry{kind: pAccount, value: parts[4], partition: parts[1]}, nil
		case namedPath(res, "user/"), d == OBS && namedPath(res, "agency/"):
			return principalEntry{kind: pExact, value: s}, nil
		case namedPath(res, "role/"):
			name := res[strings.LastIndexByte(res, '/')+1:]
			return principalEntry{kind: pRole, value: s,
				prefix: "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + name + "/"}, nil
		}
	case "sts":
		if name, ok := strings.CutPrefix(res, "federated-user/"); ok && name != "" && !strings.Contains(name, "/") {
			return principalEntry{kind: pExact, value: s}, nil
		}
		if rest, ok := strings.CutPrefix(res, "assumed-role/"); ok {
			role, session, ok := strings.Cut(rest, "/")
			if ok && role != "" && session != "" && !strings.Contains(session, "/") {
				return principalEntry{kind: pExact, value: s}, nil
			}
		}
	}
	return principalEntry{}, bad
}

// namedPath reports whether res is kind ("user/") followed by a name,
// with an optional path before it, not ending in '/'.
func namedPath(res, kind string) bool {
	return strings.HasPrefix(res, kind) && len(res) > len(kind) && !strings.HasSuffix(res, "/")
}

// opaquePrincipal reads a CanonicalUser, Service or Federated value: a
// caller whose principal is exactly that value.
func opaquePrincipal(s string) (principalEntry, *valueError) {
	if err := noWildcards(s); err != nil {
		return principalEntry{}, err
	}
	return principalEntry{kind: pOpaque, value: s}, nil
}

// ossPrincipal reads one oss principal: "*", a UID, or an STS role session
// with "*" allowed as the whole session name. UIDs are opaque: the vendor's
// own examples mask digits with '*' and 'x' ("20816353761158****"), so a
// '*' inside a UID is literal text, never a wildcard.
func ossPrincipal(s string) (principalEntry, *valueError) {
	if s == "*" {
		return principalEntry{kind: pEveryone}, nil
	}
	if rest, ok := strings.CutPrefix(s, "arn:sts::"); ok {
		bad := &valueError{msg: "invalid principal " + quote(s) + ": want arn:sts::UID:assumed-role/ROLE/SESSION"}
		uid, res, ok := strings.Cut(rest, ":")
		if !ok || uid == "" {
			return principalEntry{}, bad
		}
		r, ok := strings.CutPrefix(res, "assumed-role/")
		if !ok {
			return principalEntry{}, bad
		}
		role, session, ok := strings.Cut(r, "/")
		if !ok || role == "" || session == "" || strings.Contains(session, "/") || strings.ContainsAny(role, "*?") {
			return principalEntry{}, bad
		}
		if session == "*" {
			return principalEntry{kind: pRole, prefix: "arn:sts::" + uid + ":assumed-role/" + role + "/"}, nil
		}
		if strings.ContainsAny(session, "*?") {
			return principalEntry{}, &valueError{msg: "invalid principal " + quote(s) + ": a wildcard session must be \"*\" alone"}
		}
		return principalEntry{kind: pExact, value: s}, nil
	}
	if strings.ContainsAny(s, ": \t/") {
		return principalEntry{}, &valueError{msg: "invalid principal " + quote(s) + ": want \"*\", a UID or arn:sts::UID:assumed-role/ROLE/SESSION"}
	}
	return principalEntry{kind: pAccount, value: s}, nil
}

// cosPrincipal reads one value under "qcs".
func cosPrincipal(s string) (principalEntry, *valueError) {
	switch s {
	case "*", "qcs::cam::anyone:anyone":
		return principalEntry{kind: pEveryone}, nil
	case "qcs::cam::anonymous:anonymous":
		return principalEntry{kind: pAnonymous}, nil
	}
	bad := &valueError{msg: "invalid principal " + quote(s) +
		": want qcs::cam::uin/OWNER:uin/UIN, qcs::cam::anyone:anyone or qcs::cam::anonymous:anonymous"}
	rest, ok := strings.CutPrefix(s, "qcs::cam::uin/")
	if !ok {
		return principalEntry{}, bad
	}
	owner, sub, ok := strings.Cut(rest, ":uin/")
	if !ok || owner == "" || sub == "" || strings.ContainsAny(owner, ":/") || strings.ContainsAny(sub, ":/") {
		return principalEntry{}, bad
	}
	if err := noWildcards(s); err != nil {
		return principalEntry{}, err
	}
	if owner == sub {
		return principalEntry{kind: pAccount, value: owner}, nil
	}
	return principalEntry{kind: pExact, value: s}, nil
}

// knownPartition reports whether p is an AWS partition this library knows
// (the ones S3 resources name as well).
func knownPartition(p string) bool {
	return p == "aws" || p == "aws-cn" || p == "aws-us-gov"
}
