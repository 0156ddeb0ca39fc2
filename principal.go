package bucketpolicy

import "strings"

// principalKind says how a principal entry matches a caller.
type principalKind uint8

const (
	pEveryone  principalKind = iota // "*": every caller, anonymous included
	pExact                          // the caller's principal is value
	pAccount                        // an identity of account value (see matchAccount)
	pRole                           // the role value, or a session of it (prefix)
	pAnonymous                      // an anonymous caller (cos anonymous:anonymous)
)

type principalEntry struct {
	kind   principalKind
	value  string
	prefix string // pRole: the sessions' common prefix, ending in '/'
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
		case pExact:
			if req.Principal == en.value {
				return true
			}
		case pAccount:
			if req.Principal != "" && (req.Principal == en.value || req.Account == en.value || e.principalAccount == en.value) {
				return true
			}
		case pRole:
			if req.Principal == en.value && en.value != "" {
				return true
			}
			if session, ok := strings.CutPrefix(req.Principal, en.prefix); ok && session != "" && !strings.Contains(session, "/") {
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

// everyoneSet is the principal set of "*".
func everyoneSet() principalSet {
	return principalSet{entries: []principalEntry{{kind: pEveryone}}, everyone: true}
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
			en, err = awsPrincipal(sv.s)
		default: // CanonicalUser, Service, Federated
			en, err = opaquePrincipal(sv.s)
		}
		if err != nil {
			return err.at(sv.off)
		}
		if en.kind == pEveryone {
			set.everyone = true
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
func awsPrincipal(s string) (principalEntry, *valueError) {
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
	bad := &valueError{msg: "invalid principal " + quote(s) +
		": want arn:aws:iam::ACCOUNT:root, ...:user/NAME, ...:role/NAME or arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION"}
	if !ok || !knownPartition(parts[1]) || parts[3] != "" || parts[4] == "" {
		return principalEntry{}, bad
	}
	res := parts[5]
	switch parts[2] {
	case "iam":
		switch {
		case res == "root":
			return principalEntry{kind: pAccount, value: parts[4]}, nil
		case strings.HasPrefix(res, "user/") && len(res) > len("user/") && !strings.HasSuffix(res, "/"):
			return principalEntry{kind: pExact, value: s}, nil
		case strings.HasPrefix(res, "role/") && len(res) > len("role/") && !strings.HasSuffix(res, "/"):
			name := res[strings.LastIndexByte(res, '/')+1:]
			return principalEntry{kind: pRole, value: s,
				prefix: "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + name + "/"}, nil
		}
	case "sts":
		if rest, ok := strings.CutPrefix(res, "assumed-role/"); ok {
			role, session, ok := strings.Cut(rest, "/")
			if ok && role != "" && session != "" && !strings.Contains(session, "/") {
				return principalEntry{kind: pExact, value: s}, nil
			}
		}
	}
	return principalEntry{}, bad
}

// opaquePrincipal reads a CanonicalUser, Service or Federated value: a
// caller whose principal is exactly that value.
func opaquePrincipal(s string) (principalEntry, *valueError) {
	if err := noWildcards(s); err != nil {
		return principalEntry{}, err
	}
	return principalEntry{kind: pExact, value: s}, nil
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
	case "qcs::cam::anyone:anyone":
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
