package bucketpolicy

import (
	"encoding/binary"
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
	// action is the request's action folded as the policy's actions are
	// (see foldAction): ASCII lower case, without cos's "name/" prefix.
	action string
	// The caller's account: the one its principal names, else the
	// request's Account, else (a bare principal) the principal itself; its
	// partition (aws, obs: the principal's ARN's, "aws" for a principal
	// that is not an ARN); and whether the caller is that account's root.
	// Worked out on first use (see caller).
	callerAccount   string
	callerPartition string
	callerIsRoot    bool
	callerKnown     bool
	// undecided is set when a pattern did not match because a policy
	// variable could not be decided (its key has several values or two
	// spellings) and a value of it could have made the pattern match; the
	// condition or resource that asked is then unknown. Whoever reads it
	// clears it first.
	undecided bool
}

// actionBuf is the size of the stack buffer an action is folded into.
const actionBuf = 64

// newEvaluation prepares the evaluation of req. It returns the evaluation
// by value: storing the pointers through a pointer parameter would make
// them escape to the heap. The folded action lives in buf.
func newEvaluation(d Dialect, req *Request, buf *[actionBuf]byte) evaluation {
	return evaluation{dialect: d, req: req, action: foldInto(trimCOSName(d, req.Action), buf)}
}

// trimCOSName drops the "name/" prefix (in any case) that cos actions
// carry, so that "name/cos:GetObject" and "cos:GetObject" are one action.
func trimCOSName(d Dialect, a string) string {
	if d == COS && len(a) >= len("name/") && asciiEqualFold(a[:len("name/")], "name/") {
		return a[len("name/"):]
	}
	return a
}

// foldInto folds an action to ASCII lower case into buf, eight bytes at a
// time, and returns it as a string that aliases buf; an action longer than
// buf is folded on the heap. The last eight bytes are folded as one word
// that may overlap the word before it, so that no byte is folded alone
// (folding a byte twice gives the same byte).
func foldInto(a string, buf *[actionBuf]byte) string {
	n := len(a)
	if n > len(buf) {
		return asciiLower(a)
	}
	if n < 8 {
		for i := 0; i < n; i++ {
			c := a[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		return unsafeString(buf[:n])
	}
	for i := 0; i < n-8; i += 8 {
		store8(buf, i, lower8(load8(a, i)))
	}
	store8(buf, n-8, lower8(load8(a, n-8)))
	return unsafeString(buf[:n])
}

// caller works out the caller's account, partition and rootness on first
// use: most statements never ask.
func (e *evaluation) caller() {
	if !e.callerKnown {
		e.callerAccount, e.callerPartition, e.callerIsRoot = callerAccount(e.dialect, e.req.Principal, e.req.Account)
		e.callerKnown = true
	}
}

// load8 reads the eight bytes of s at i (i+8 <= len(s), which the caller
// ensures) as a number, with one load and no bounds check.
func load8(s string, i int) uint64 {
	b := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i)), 8)
	return binary.LittleEndian.Uint64(b)
}

// store8 writes x as the eight bytes of buf at i (i+8 <= len(buf)).
func store8(buf *[actionBuf]byte, i int, x uint64) {
	binary.LittleEndian.PutUint64(unsafe.Slice(&buf[i], 8), x)
}

// lower8 folds the ASCII capitals among eight bytes to lower case, all at
// once: a byte gets 0x20 when it lies in 'A'..'Z' (bytes of 0x80 and over
// are left alone).
func lower8(x uint64) uint64 {
	const ones = 0x0101010101010101
	low := x & (0x7f * ones)
	geA := low + (0x80-'A')*ones   // high bit: the byte is at least 'A'
	gtZ := low + (0x80-'Z'-1)*ones // high bit: the byte is past 'Z'
	upper := geA &^ gtZ &^ x & (0x80 * ones)
	return x | upper>>2
}

// foldAction folds an action to the form action patterns are compiled to
// (Parse and lint call it; Evaluate folds with foldInto): without cos's
// "name/" prefix, in ASCII lower case. An action that needs folding is
// folded into dst (Parse passes a piece of its arena, lint nil) and the
// result aliases it; an action already in lower case is returned as it is.
func foldAction(d Dialect, a string, dst []byte) string {
	a = trimCOSName(d, a)
	for i := 0; i < len(a); i++ {
		if c := a[i]; 'A' <= c && c <= 'Z' {
			b := append(dst, a...)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return unsafeString(b)
		}
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
		var buf [actionBuf]byte
		if c, ok := wellKnownKeys[foldInto(name, &buf)]; ok && c != name { // the lookup does not keep buf
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
	// The usual request: a map, and the key in the policy's spelling (small
	// enough to be inlined).
	if len(e.req.Keys) == 0 {
		if v := e.req.Context[k.name]; len(v) > 0 {
			return v, keyPresent
		}
	}
	return e.lookupSlow(k)
}

// lookupSlow is lookup past its fast path.
func (e *evaluation) lookupSlow(k *condKey) ([]string, keyState) {
	if len(e.req.Keys) == 0 {
		if !k.fold {
			return nil, keyAbsent
		}
	} else if v, n := e.find(k.name, false); n > 0 || !k.fold {
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
	keys := e.req.Keys
	for i := range keys {
		kv := &keys[i]
		if len(kv.Name) != len(name) { // most keys differ in length: one compare
			continue
		}
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
func (e *evaluation) resolveAll(vars []variable, vals []string) bool {
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
