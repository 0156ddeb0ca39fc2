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
//   - an action longer than 128 bytes that holds upper-case letters (it is
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
		if applied, _ := s.applies(e); applied {
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
