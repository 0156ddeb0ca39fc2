package bucketpolicy

// Hooks into the package's internals for its external tests (package
// bucketpolicy_test), which cannot import them otherwise: they import the
// casefile package, which imports this one.

// Indexed returns a copy of p that uses the statement index whatever its
// size, so that tests can compare indexed and linear evaluation.
func Indexed(p *Policy) *Policy {
	c := *p
	c.index = buildIndex(p.statements, 0)
	return &c
}

// IsPolicyAction reports whether action reads, replaces or deletes the
// bucket policy (see Authorize).
var IsPolicyAction = isPolicyAction
