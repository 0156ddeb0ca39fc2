package bucketpolicy

import "strings"

// Evaluate returns what the policy says about the request: [Deny] if a Deny
// statement applies, else [Allow] if an Allow statement applies, else
// [NoDecision]. A nil policy returns NoDecision.
//
// A condition that cannot be decided (see [AppliedStatement].Unknown) makes
// a Deny statement apply and an Allow statement not apply.
//
// Evaluate does not allocate, except in these cases, where it builds a
// string on the heap instead of its stack, with the same answer:
//   - an action longer than 64 bytes that holds upper-case letters (it is
//     folded to lower case);
//   - text with policy variables, joined with their values, longer than
//     256 bytes, where it must be compared as a whole: a
//     StringEqualsIgnoreCase value, or the part between two '*'s of a
//     StringLike value or a resource;
//   - a Bool value with policy variables whose joined text is longer than
//     16 bytes.
func (p *Policy) Evaluate(req Request) Decision {
	if p == nil {
		return NoDecision
	}
	var buf [actionBuf]byte
	e := newEvaluation(p.dialect, &req, &buf)
	if p.index.byAction == nil { // a small policy: every statement, in order
		return p.runAll(&e)
	}
	return p.decide(&e)
}

// decide checks the statements that the index says may apply: those of
// the dimension with the fewest for the request. The principal's lists come
// first (often one or two statements: those for everyone and those naming
// the caller), then the action's, then the resource's; each dimension's
// lists live in an array of its own size on this stack.
func (p *Policy) decide(e *evaluation) Decision {
	ix := &p.index
	var priArr [5]span
	pri := ix.principalLists(e, spans{list: priArr[:0]})
	if pri.size <= 1 {
		return p.run(e, pri.list)
	}
	var actArr [2]span
	act := spans{list: actArr[:0]}.add(ix.byAction[e.action]).add(ix.actionFallback)
	best := pri
	if act.size < best.size {
		best = act
	}
	if best.size > 1 {
		var resArr [maxLists]span
		if res, ok := ix.resourceLists(e.req.Resource, spans{list: resArr[:0]}); ok && res.size < best.size {
			return p.run(e, res.list)
		}
	}
	return p.run(e, best.list)
}

// runAll checks every statement, in order: Deny on the first Deny that
// applies, else Allow if an Allow applies, else NoDecision.
func (p *Policy) runAll(e *evaluation) Decision {
	var t tally
	for _, s := range p.statements {
		if t.deny(s, e) {
			return Deny
		}
	}
	return t.decision()
}

// run checks the statements of the lists, in order, as runAll does. A
// statement in two lists is checked twice, which cannot change the
// decision.
func (p *Policy) run(e *evaluation, lists []span) Decision {
	var t tally
	ix := &p.index
	for _, sp := range lists {
		for _, n := range ix.arena[sp.lo:sp.hi] {
			if t.deny(ix.all[n], e) {
				return Deny
			}
		}
	}
	return t.decision()
}

// tally combines the statements run and runAll check.
type tally struct{ allowed bool }

// deny checks s (an Allow only while none has applied) and reports whether
// it is a Deny that applies.
func (t *tally) deny(s *statement, e *evaluation) bool {
	if t.allowed && s.effect == Allow {
		return false
	}
	applied, _ := s.applies(e)
	if applied && s.effect == Deny {
		return true
	}
	t.allowed = t.allowed || applied
	return false
}

func (t *tally) decision() Decision {
	if t.allowed {
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
	e := newEvaluation(p.dialect, &req, &buf)
	var x Explanation
	for _, s := range p.statements {
		applied, unknown := s.applies(&e)
		if !applied {
			continue
		}
		x.Statements = append(x.Statements, AppliedStatement{Index: s.index, Sid: s.sid, Effect: s.effect, Unknown: unknown})
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
