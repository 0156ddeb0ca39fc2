package bucketpolicy

import (
	"strings"
	"unsafe"
)

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
}

// applies reports whether the statement applies to the request.
func (s *statement) applies(e *evaluation) bool {
	if s.principals.match(e, s.ownerExcluded) == s.notPrincipal {
		return false
	}
	if s.actions.match(e.action) == s.notAction {
		return false
	}
	if s.resources.match(e.req.Resource, e) == s.notResource {
		return false
	}
	for i := range s.conditions {
		if !s.conditions[i].holds(e) {
			return false
		}
	}
	return true
}

// evaluation is the state of one evaluation: the request and what is
// derived from it once.
type evaluation struct {
	p                *Policy
	req              *Request
	action           string // folded; see normalizeAction
	principalAccount string // the account the principal names, if any
}

// actionBuf is the size of the stack buffer an action is folded into.
const actionBuf = 128

// newEvaluation prepares the evaluation of req. It returns the evaluation
// by value: storing the pointers through a pointer parameter would make
// them escape to the heap.
func newEvaluation(p *Policy, req *Request, buf *[actionBuf]byte) evaluation {
	return evaluation{
		p:                p,
		req:              req,
		action:           foldAction(p.dialect, req.Action, buf),
		principalAccount: principalAccount(p.dialect, req.Principal),
	}
}

// foldAction is normalizeAction without allocating for actions that fit
// the buffer. The returned string aliases buf.
func foldAction(d Dialect, a string, buf *[actionBuf]byte) string {
	if len(a) > len(buf) {
		return normalizeAction(d, a)
	}
	if a == "" {
		return ""
	}
	n := copy(buf[:], a)
	for i := range n {
		if c := buf[i]; 'A' <= c && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
		}
	}
	s := unsafe.String(&buf[0], n)
	if d == COS {
		s = strings.TrimPrefix(s, "name/")
	}
	return s
}

// Evaluate returns what the policy says about the request: [Deny] if a Deny
// statement applies, else [Allow] if an Allow statement applies, else
// [NoDecision]. A nil policy returns NoDecision. Evaluate does not
// allocate, unless the action is longer than 128 bytes or a pattern joined
// with the values of its policy variables is longer than 256 bytes; then
// it folds or joins on the heap, with the same answer.
func (p *Policy) Evaluate(req Request) Decision {
	if p == nil {
		return NoDecision
	}
	var buf [actionBuf]byte
	e := newEvaluation(p, &req, &buf)
	return p.decide(&e)
}

// decide checks the statements that the index says may apply.
func (p *Policy) decide(e *evaluation) Decision {
	allowed := false
	var c candidates
	p.index.candidates(e, &c)
	for s := c.next(); s != nil; s = c.next() {
		if allowed && s.effect == Allow {
			continue
		}
		if s.applies(e) {
			if s.effect == Deny {
				return Deny
			}
			allowed = true
		}
	}
	if allowed {
		return Allow
	}
	return NoDecision
}

// Explain returns the decision together with every statement that applied.
// It checks every statement (it does not stop at the first Deny) and may
// allocate; use it for diagnostics and logs, and Evaluate on the hot path.
func (p *Policy) Explain(req Request) Explanation {
	if p == nil {
		return Explanation{}
	}
	var buf [actionBuf]byte
	e := newEvaluation(p, &req, &buf)
	var x Explanation
	for _, s := range p.statements {
		if !s.applies(&e) {
			continue
		}
		x.Statements = append(x.Statements, AppliedStatement{Index: s.index, Sid: s.sid, Effect: s.effect})
		if s.effect == Deny {
			x.Decision = Deny
		} else if x.Decision == NoDecision {
			x.Decision = Allow
		}
	}
	return x
}

// Authorize combines the decision with the bucket owner's rights, the way
// S3 does for a bucket policy alone: an explicit Deny refuses, an Allow
// grants, and without a decision only the bucket owner is let in.
//
// Whatever the policy says, the owner may always read, replace and delete
// the bucket policy itself (GetBucketPolicy, PutBucketPolicy,
// DeleteBucketPolicy), so that no policy can lock the owner out of fixing
// it. A nil policy lets in the owner only.
func (p *Policy) Authorize(req Request) bool {
	if req.Owner && isPolicyAction(p.Dialect(), req.Action) {
		return true
	}
	switch p.Evaluate(req) {
	case Deny:
		return false
	case Allow:
		return true
	}
	return req.Owner
}

// isPolicyAction reports whether action reads, replaces or deletes the
// bucket policy. For a nil policy (d == 0) every dialect's spelling counts.
func isPolicyAction(d Dialect, action string) bool {
	svc, name, ok := strings.Cut(action, ":")
	if !ok {
		return false
	}
	switch {
	case asciiEqualFold(name, "GetBucketPolicy"), asciiEqualFold(name, "PutBucketPolicy"), asciiEqualFold(name, "DeleteBucketPolicy"):
	default:
		return false
	}
	if d == COS || d == 0 {
		if asciiEqualFold(svc, "name/cos") || asciiEqualFold(svc, "cos") {
			return true
		}
	}
	if d == 0 {
		return asciiEqualFold(svc, "s3") || asciiEqualFold(svc, "oss")
	}
	return d != COS && asciiEqualFold(svc, actionService(d))
}

// keyState says what a request context holds for a condition key.
type keyState uint8

const (
	keyAbsent    keyState = iota // no such key, or no values
	keyPresent                   // one entry
	keyAmbiguous                 // several spellings of the key, none exact
)

// lookup finds a condition key in the request context. In the dialects
// where key names are case-insensitive, the key as the policy writes it and
// its usual spelling are tried first, then every key of the context; if two
// spellings other than those are found, the result is ambiguous, and
// conditions on the key do not hold.
func (e *evaluation) lookup(k *condKey) ([]string, keyState) {
	ctx := e.req.Context
	if v, ok := ctx[k.name]; ok {
		return v, present(v)
	}
	if !k.fold {
		return nil, keyAbsent
	}
	if k.canon != "" {
		if v, ok := ctx[k.canon]; ok {
			return v, present(v)
		}
	}
	var found []string
	n := 0
	for name, v := range ctx {
		if asciiEqualFold(name, k.name) {
			found = v
			n++
		}
	}
	switch n {
	case 0:
		return nil, keyAbsent
	case 1:
		return found, present(found)
	}
	return nil, keyAmbiguous
}

func present(v []string) keyState {
	if len(v) == 0 {
		return keyAbsent
	}
	return keyPresent
}

// resolve returns the value of a policy variable: the request's single
// value for its key, or its default when the key is absent.
func (e *evaluation) resolve(v *variable) (string, bool) {
	vals, state := e.lookup(&v.key)
	switch {
	case state == keyAmbiguous:
		return "", false
	case state == keyAbsent:
		return v.def, v.hasDef
	case len(vals) != 1:
		return "", false
	}
	return vals[0], true
}
