package bucketpolicy

import (
	"strings"
	"unsafe"
)

// This file is the per-evaluation view of a request: what Evaluate derives
// from a Request once (the folded action, the account the principal names),
// and how condition keys and policy variables are looked up in it. It is
// the layer the matchers call down into; it calls nothing above it.

// evaluation is the state of one evaluation: the request and what is
// derived from it once.
type evaluation struct {
	dialect Dialect
	req     *Request
	action  string // folded; see foldAction
	// The caller's account: the one its principal names, else the
	// request's Account, else (a bare principal) the principal itself; its
	// partition (aws, obs: the principal's ARN's, "aws" for a principal
	// that is not an ARN); and whether the caller is that account's root.
	callerAccount   string
	callerPartition string
	callerIsRoot    bool
	// undecided is set when a pattern did not match because a policy
	// variable could not be decided (its key has several values or two
	// spellings) and a value of it could have made the pattern match; the
	// condition or resource that asked is then unknown. Whoever reads it
	// clears it first.
	undecided bool
}

// actionBuf is the size of the stack buffer an action is folded into.
const actionBuf = 128

// newEvaluation prepares the evaluation of req. It returns the evaluation
// by value: storing the pointers through a pointer parameter would make
// them escape to the heap. The folded action lives in buf.
func newEvaluation(d Dialect, req *Request, buf *[actionBuf]byte) evaluation {
	e := evaluation{
		dialect: d,
		req:     req,
		action:  foldAction(d, req.Action, buf[:0]),
	}
	e.callerAccount, e.callerPartition, e.callerIsRoot = callerAccount(d, req.Principal, req.Account)
	return e
}

// foldAction folds an action to the form action patterns are compiled to:
// ASCII lower case, and for cos without the "name/" prefix. An action that
// needs folding is folded into dst (on the caller's stack when the action
// fits; Parse passes nil) and the result aliases it; an action already in
// lower case is returned as it is.
func foldAction(d Dialect, a string, dst []byte) string {
	for i := 0; i < len(a); i++ {
		if c := a[i]; 'A' <= c && c <= 'Z' {
			b := append(dst, a...)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			a = unsafeString(b)
			break
		}
	}
	if d == COS {
		a = strings.TrimPrefix(a, "name/")
	}
	return a
}

// unsafeString returns the bytes of b as a string without copying them.
// It is how a value joined on the caller's stack (a folded action, a
// pattern joined with the values of its variables) is compared without an
// allocation. The caller must not change b while the string is in use, and
// must not keep the string beyond the evaluation.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// condKey is a condition key as a policy names it.
type condKey struct {
	name  string // as written
	fold  bool   // looked up ASCII-case-insensitively (aws, obs, oss)
	canon string // the usual spelling of a well-known key, when it differs from name
}

func newCondKey(name string, fold bool) condKey {
	k := condKey{name: name, fold: fold}
	if fold {
		if c, ok := wellKnownKeys[asciiLower(name)]; ok && c != name {
			k.canon = c
		}
	}
	return k
}

// wellKnownKeys maps the folded names of the condition keys the vendors
// document to their usual spelling, so that a policy that writes
// "aws:sourceip" finds the request's "aws:SourceIp" without a scan.
var wellKnownKeys = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{
		"aws:SourceIp", "aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime", "aws:Referer",
		"aws:UserAgent", "aws:username", "aws:userid", "aws:PrincipalOrgID", "aws:PrincipalArn",
		"aws:PrincipalAccount", "aws:PrincipalType", "aws:SourceVpc", "aws:SourceVpce",
		"aws:SourceArn", "aws:SourceAccount", "aws:MultiFactorAuthPresent", "aws:TokenIssueTime",
		"aws:RequestedRegion", "aws:ViaAWSService", "aws:CalledVia",
		"s3:prefix", "s3:delimiter", "s3:max-keys", "s3:x-amz-acl", "s3:x-amz-content-sha256",
		"s3:x-amz-server-side-encryption", "s3:x-amz-copy-source", "s3:x-amz-metadata-directive",
		"s3:x-amz-storage-class", "s3:VersionId", "s3:signatureversion", "s3:authType",
		"s3:TlsVersion", "s3:ExistingObjectTag", "s3:RequestObjectTagKeys", "s3:object-lock-mode",
		"acs:SourceIp", "acs:SourceVpc", "acs:AccessId", "acs:SecureTransport", "acs:CurrentTime",
		"acs:UserAgent", "acs:Referer", "oss:Prefix", "oss:Delimiter", "oss:x-oss-acl",
		"oss:x-oss-object-acl", "oss:x-oss-storage-class", "oss:x-oss-server-side-encryption",
	} {
		m[asciiLower(k)] = k
	}
	return m
}()

// keyState says what a request context holds for a condition key.
type keyState uint8

const (
	keyAbsent    keyState = iota // no such key, or no values
	keyPresent                   // one entry
	keyAmbiguous                 // several spellings of the key, none exact
)

// lookup finds a condition key in the request context (Keys and Context
// together). In the dialects where key names are case-insensitive, the key
// as the policy writes it and its usual spelling are tried first, then
// every spelling; if two entries are found at the same step, the key is
// ambiguous, and conditions on it cannot be decided. An entry with no
// values is absent: it is skipped.
func (e *evaluation) lookup(k *condKey) ([]string, keyState) {
	if v, n := e.find(k.name, false); n > 0 || !k.fold {
		return oneOf(v, n)
	}
	if k.canon != "" {
		if v, n := e.find(k.canon, false); n > 0 {
			return oneOf(v, n)
		}
	}
	return oneOf(e.find(k.name, true))
}

// find returns the values of name in Keys and Context, and how many
// entries with values hold it (ASCII-case-insensitively with fold).
func (e *evaluation) find(name string, fold bool) ([]string, int) {
	var found []string
	n := 0
	for i := range e.req.Keys {
		kv := &e.req.Keys[i]
		if len(kv.Values) > 0 && (kv.Name == name || (fold && asciiEqualFold(kv.Name, name))) {
			found = kv.Values
			n++
		}
	}
	if !fold {
		if v := e.req.Context[name]; len(v) > 0 {
			found = v
			n++
		}
		return found, n
	}
	for key, v := range e.req.Context {
		if len(v) > 0 && asciiEqualFold(key, name) {
			found = v
			n++
		}
	}
	return found, n
}

func oneOf(v []string, n int) ([]string, keyState) {
	switch n {
	case 0:
		return nil, keyAbsent
	case 1:
		return v, keyPresent
	}
	return nil, keyAmbiguous
}

// variable is a policy variable: ${key} or ${key, 'default'}.
type variable struct {
	key    condKey
	def    string
	hasDef bool
}

// maxVariables bounds the policy variables of one pattern; their values are
// resolved into an array of this size on the evaluation stack.
const maxVariables = 16

// varValues holds the resolved values of a pattern's variables.
type varValues [maxVariables]string

// varState is what the request says of a policy variable.
type varState uint8

const (
	varResolved  varState = iota // one value, or the default of an absent key
	varAbsent                    // the key is absent and there is no default
	varUndecided                 // the key has several values or two spellings
)

// resolve returns the value of a policy variable: the request's single
// value for its key, or its default when the key is absent.
func (e *evaluation) resolve(v *variable) (string, varState) {
	vals, state := e.lookup(&v.key)
	switch {
	case state == keyAbsent && v.hasDef:
		return v.def, varResolved
	case state == keyAbsent:
		return "", varAbsent
	case state == keyAmbiguous || len(vals) != 1:
		return "", varUndecided
	}
	return vals[0], varResolved
}

// resolveAll resolves the variables of a pattern into vals. It reports
// false when one cannot be resolved; then e.undecided tells whether that
// is because one cannot be decided while none is absent (an absent
// variable makes its pattern match nothing, whatever the others say).
func (e *evaluation) resolveAll(vars []variable, vals *varValues) bool {
	undecided := false
	for i := range vars {
		v, state := e.resolve(&vars[i])
		switch state {
		case varAbsent:
			return false
		case varUndecided:
			undecided = true
		}
		vals[i] = v
	}
	e.undecided = undecided
	return !undecided
}
