package bucketpolicy

import (
	"slices"
	"sort"
	"strings"

	"github.com/tidwall/gjson"
)

// This file holds lint's API and its driver: the options, the walk over
// the document that gathers each statement's values with their offsets,
// and the place of each finding. The checks are in lint_checks.go; the
// catalogues of oss, cos and obs in lint_catalog_*.go (S3's is catalog.go's).

// Severity is how much a lint finding matters. The four values are the
// finding types of AWS IAM Access Analyzer's policy validation (ERROR,
// SECURITY_WARNING, WARNING, SUGGESTION): an error is a part of the policy
// that does not work (or that the cloud refuses), a security warning grants
// more than its author probably meant, a warning is something that does not
// work as it reads, and a suggestion a simplification that changes nothing.
// A smaller value is more severe.
type Severity uint8

// The severities, most severe first.
const (
	SeverityError Severity = iota + 1
	SeveritySecurityWarning
	SeverityWarning
	SeveritySuggestion
)

var severityNames = [...]string{"", "error", "security_warning", "warning", "suggestion"}

// String returns "error", "security_warning", "warning" or "suggestion".
func (s Severity) String() string {
	if s >= SeverityError && s <= SeveritySuggestion {
		return severityNames[s]
	}
	return "Severity(" + itoa(int(s)) + ")"
}

// ParseSeverity returns the severity with the given name, as
// [Severity.String] writes it ("error", "security_warning", "warning",
// "suggestion"; in any case).
func ParseSeverity(name string) (Severity, bool) {
	for s := SeverityError; s <= SeveritySuggestion; s++ {
		if strings.EqualFold(name, severityNames[s]) {
			return s, true
		}
	}
	return 0, false
}

// Finding is one thing [Lint] says about a policy: how much it matters, a
// code naming the check, a message for a person, where it is, and for some
// checks the text that should replace the value at that place.
type Finding struct {
	// Severity is how much the finding matters.
	Severity Severity
	// Code names the check, in upper snake case: AWS IAM Access Analyzer's
	// issue code where AWS has the check ("INVALID_ACTION",
	// "IMPROVE_IP_RANGE"), the project's own in the same style otherwise
	// ("ACTION_APPLIES_TO_NO_RESOURCE"). [LintChecks] lists them all.
	Code string
	// Message says what is wrong and why, for a person.
	Message string
	// Path is the JSON path of the value the finding is about, such as
	// "Statement[0].Action[1]", or "" for the document as a whole.
	Path string
	// Offset is the byte offset of that value in the document (of the key,
	// when the finding is about a key such as a condition key or operator).
	Offset int
	// Line and Column give Offset as a 1-based line and column, in bytes.
	Line, Column int
	// Fix, when not empty, is the text that should replace the value at
	// Path: the action meant, the masked CIDR block, the single value that
	// does the work of several.
	Fix string
}

// String returns the finding as "LINE:COLUMN: severity CODE: message".
func (f Finding) String() string {
	return itoa(f.Line) + ":" + itoa(f.Column) + ": " + f.Severity.String() + " " + f.Code + ": " + f.Message
}

// Lint returns every finding for a policy document, in document order (by
// offset, then code), or none for a policy it has nothing to say about.
//
// The options are Parse's: [WithDialect] and [WithLimits] as for Parse,
// and [WithBucket] (with [WithActions]) when the bucket the policy is put
// on is known. Lint parses the document as Parse does without WithBucket;
// a document Parse rejects is Parse's [*Error] (and no findings). What
// WithBucket would refuse (a resource of another bucket, an action S3 does
// not define, an action that applies to none of its statement's resources)
// is reported as error findings instead. A misused option is an *Error
// wrapping [ErrOption].
//
// Lint costs time linear in the size of the document, plus pairwise
// comparisons within one statement's lists and between the statements of
// the policy, each bounded by [Limits] and by a fixed budget.
func Lint(doc []byte, opts ...Option) ([]Finding, error) {
	cfg, err := applyOptions(opts)
	if err != nil {
		return nil, err
	}
	popts := []Option{WithLimits(cfg.limits)}
	if cfg.dialect != 0 {
		popts = append(popts, WithDialect(cfg.dialect))
	}
	p, err := Parse(doc, popts...)
	if err != nil {
		return nil, err
	}
	rules := cfg.accept
	if rules == nil {
		rules = &acceptRules{}
	}
	if msg := rules.checkFor(p.dialect); msg != "" {
		return nil, &Error{Code: "InvalidArgument", Offset: -1, Message: msg, Err: ErrOption}
	}
	l := &linter{
		p:      p,
		d:      p.dialect,
		doc:    p.doc,
		rules:  rules,
		budget: lintBudget,
		ps: &parser{
			compiler: compiler{dialect: p.dialect, lim: cfg.limits.resolve(p.dialect), variables: p.variables},
			doc:      p.doc,
			shallow:  true,
		},
	}
	if err := l.run(); err != nil {
		return nil, err
	}
	return l.findings(), nil
}

// lintBudget bounds the pairwise comparisons of one Lint (redundant values,
// redundant statements, a Deny that overrides an Allow): a wildcard
// containment test costs the product of the two patterns' lengths (the
// cells it visits), any other comparison one unit. Past it those checks
// stop, so that no document makes lint quadratic in its size: about half a
// second of work on a 2-core machine, reached only by documents of
// hundreds of wildcard patterns in one list or statement pairs.
const lintBudget = 1 << 26

// linter is one run of Lint.
type linter struct {
	p      *Policy
	d      Dialect
	doc    string
	ps     *parser // walks the document with Parse's readers
	rules  *acceptRules
	stmts  []*lintStmt
	out    []Finding
	lines  []int // offsets where lines start, built on first use
	budget int
}

// lintStmt is one statement as lint reads it: the compiled statement, and
// each value with its offset.
type lintStmt struct {
	index  int
	s      *statement
	off    int // the statement object
	sid    string
	effect Decision

	hasPrincipal bool // Principal or NotPrincipal is present (oss may omit it)
	notPrincipal bool
	principalOff int
	everyone     bool     // the principals include everyone
	principals   []string // "TYPE\x00value" (TYPE is "" for oss), sorted, without everyone
	pvals        []strVal // the principal values with their offsets

	notAction  bool
	actionOff  int
	actions    []strVal
	folded     []string // the actions folded as the engine matches them
	notRes     bool
	resOff     int
	resources  []strVal
	conds      []lintCond
	condOff    int
	hasCond    bool
	canonConds []string // canonical form of each condition, sorted
}

// lintCond is one (operator, key) pair of a statement's Condition.
type lintCond struct {
	op     string
	opOff  int
	spec   opSpec
	key    string
	keyOff int
	valOff int // the value or the array of values
	vals   []strVal
}

// run walks the document and runs every check.
func (l *linter) run() *Error {
	root := gjson.Parse(l.doc)
	var m members
	if err := l.ps.members(&m, root, true); err != nil {
		return err
	}
	sv := m.val[elStatement]
	list := []gjson.Result{sv}
	if sv.IsArray() {
		list = sv.Array()
	}
	if len(list) != len(l.p.statements) {
		return l.ps.errAt(sv.Index, nil, "internal error: lint read "+itoa(len(list))+" statements, Parse "+itoa(len(l.p.statements)))
	}
	for i, v := range list {
		st, err := l.statement(i, v)
		if err != nil {
			return err
		}
		l.stmts = append(l.stmts, st)
	}
	l.checkDocument(&m)
	for _, st := range l.stmts {
		l.checkStatement(st)
	}
	l.checkAcceptance()
	l.checkPublic()
	l.checkStatementPairs()
	return nil
}

// statement reads one statement's values with their offsets.
func (l *linter) statement(i int, v gjson.Result) (*lintStmt, *Error) {
	var m members
	if err := l.ps.members(&m, v, false); err != nil {
		return nil, err
	}
	st := &lintStmt{index: i, s: l.p.statements[i], off: v.Index, sid: l.p.statements[i].sid, effect: l.p.statements[i].effect}

	// Principal.
	pv, pel := m.val[elPrincipal], elPrincipal
	if m.have[elNotPrincipal] {
		pv, pel, st.notPrincipal = m.val[elNotPrincipal], elNotPrincipal, true
	}
	if m.have[pel] {
		st.hasPrincipal, st.principalOff = true, pv.Index
		if err := l.readPrincipals(st, pv); err != nil {
			return nil, err
		}
	} else {
		st.everyone = true // oss: no Principal is everyone
	}
	slices.Sort(st.principals)
	st.principals = slices.Compact(st.principals)

	// Action and Resource.
	av := m.val[elAction]
	if m.have[elNotAction] {
		av, st.notAction = m.val[elNotAction], true
	}
	st.actionOff = av.Index
	vals, err := l.ps.list(av, names, "action")
	if err != nil {
		return nil, err
	}
	st.actions = vals
	for _, a := range vals {
		st.folded = append(st.folded, foldAction(l.d, a.s, nil))
	}
	rv := m.val[elResource]
	if m.have[elNotResource] {
		rv, st.notRes = m.val[elNotResource], true
	}
	st.resOff = rv.Index
	if st.resources, err = l.ps.list(rv, names, "resource"); err != nil {
		return nil, err
	}

	// Condition.
	if m.have[elCondition] {
		cv := m.val[elCondition]
		st.hasCond, st.condOff = true, cv.Index
		err := l.ps.eachKey(cv, func(op string, block gjson.Result, opOff int) *Error {
			spec, _ := parseOperator(l.d, op)
			return l.ps.eachKey(block, func(key string, vv gjson.Result, keyOff int) *Error {
				vals, err := l.ps.list(vv, scalars, "condition value")
				if err != nil {
					return err
				}
				st.conds = append(st.conds, lintCond{op: op, opOff: opOff, spec: spec, key: key, keyOff: keyOff, valOff: vv.Index, vals: vals})
				return nil
			})
		})
		if err != nil {
			return nil, err
		}
	}
	for i := range st.conds {
		st.canonConds = append(st.canonConds, l.canonCond(&st.conds[i]))
	}
	slices.Sort(st.canonConds)
	return st, nil
}

// readPrincipals reads a Principal or NotPrincipal value.
func (l *linter) readPrincipals(st *lintStmt, v gjson.Result) *Error {
	add := func(typ string, sv strVal) {
		st.pvals = append(st.pvals, sv)
		val := sv.s
		switch {
		case val == "*" && (l.d != OSS || typ == ""),
			l.d == COS && val == "qcs::cam::anyone:anyone":
			st.everyone = true
		default:
			st.principals = append(st.principals, typ+"\x00"+val)
		}
	}
	switch {
	case l.d == OSS:
		if v.IsArray() && len(v.Array()) == 0 {
			st.everyone = true
			return nil
		}
		vals, err := l.ps.list(v, names, "principal")
		if err != nil {
			return err
		}
		for _, sv := range vals {
			add("", sv)
		}
	case v.Type == gjson.String:
		add("", strVal{s: v.Str, off: v.Index})
	default:
		return l.ps.eachKey(v, func(typ string, vv gjson.Result, _ int) *Error {
			vals, err := l.ps.list(vv, names, "principal")
			if err != nil {
				return err
			}
			for _, sv := range vals {
				add(typ, sv)
			}
			return nil
		})
	}
	return nil
}

// canonCond writes a condition in a form in which two conditions that
// test the same thing are equal: the operator, the key as the dialect
// compares it, and the sorted values.
func (l *linter) canonCond(c *lintCond) string {
	key := c.key
	if l.d != COS {
		key = asciiLower(key)
	}
	vals := make([]string, len(c.vals))
	for i, v := range c.vals {
		vals[i] = v.s
	}
	slices.Sort(vals)
	return c.op + "\x00" + key + "\x00" + strings.Join(slices.Compact(vals), "\x01")
}

// add records a finding about the value (or key) at offset off.
func (l *linter) add(sev Severity, code string, off int, msg, fix string) {
	f := Finding{Severity: sev, Code: code, Message: msg, Offset: off, Fix: fix}
	if off >= 0 && off < len(l.doc) {
		f.Path = pathAt(l.doc, off)
	}
	if off >= 0 && off <= len(l.doc) {
		f.Line, f.Column = l.position(off)
	} else {
		f.Offset = -1
	}
	l.out = append(l.out, f)
}

// position returns the 1-based line and column (in bytes) of an offset,
// as Parse's errors give them.
func (l *linter) position(off int) (int, int) {
	if l.lines == nil {
		l.lines = []int{0}
		for i := 0; i < len(l.doc); i++ {
			if l.doc[i] == '\n' {
				l.lines = append(l.lines, i+1)
			}
		}
	}
	n := sort.SearchInts(l.lines, off+1) // lines[n-1] <= off
	return n, off - l.lines[n-1] + 1
}

// spend takes n units of the pairwise budget, reporting whether there were
// enough.
func (l *linter) spend(n int) bool {
	if l.budget < n {
		l.budget = 0
		return false
	}
	l.budget -= n
	return true
}

// findings returns the findings in document order, each once.
func (l *linter) findings() []Finding {
	slices.SortStableFunc(l.out, func(a, b Finding) int {
		if a.Offset != b.Offset {
			return a.Offset - b.Offset
		}
		return strings.Compare(a.Code, b.Code)
	})
	return slices.CompactFunc(l.out, func(a, b Finding) bool {
		return a.Offset == b.Offset && a.Code == b.Code && a.Message == b.Message
	})
}
