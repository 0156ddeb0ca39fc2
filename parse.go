package bucketpolicy

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// Parse reads a bucket policy document and compiles it. The dialect is
// detected from the Version element unless [WithDialect] names it; the
// limits are the dialect's unless [WithLimits] changes them.
//
// Every fault is an error, never skipped: see the package documentation.
// The error is an [*Error]; use [errors.As] to read its path, offset and
// vendor code. Parse keeps its own copy of doc; the caller may reuse it.
func Parse(doc []byte, opts ...Option) (*Policy, error) {
	cfg, oerr := applyOptions(opts)
	if oerr != nil {
		return nil, oerr
	}
	ps := &parser{compiler: compiler{dialect: cfg.dialect}, doc: string(doc), given: cfg.limits}
	p, err := ps.parse()
	if err != nil {
		if ps.guessed {
			err.Message += lookalikeHint(ps.doc)
		}
		return nil, err // a typed nil *Error must not become a non-nil error
	}
	if cfg.accept != nil && cfg.accept.bucket != "" {
		if err := ps.accept(p, cfg.accept); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// lookalikeHint explains, for a document read as aws because it has no
// Version, that it looks like a document of another dialect, whose
// Version it lacks.
func lookalikeHint(doc string) string {
	var dialect, sign, version string
	switch {
	case strings.Contains(doc, `"acs:`):
		dialect, sign, version = "an oss", "acs: resources", `"Version": "1"`
	case strings.Contains(doc, `"qcs:`) || strings.Contains(doc, `"name/cos:`):
		dialect, sign, version = "a cos", "qcs: names", `"version": "2.0"`
	case strings.Contains(doc, `"oss:`):
		dialect, sign, version = "an oss", "oss: actions", `"Version": "1"`
	default:
		return ""
	}
	return " (the document has no Version, so it was read as aws; it looks like " + dialect +
		" policy, with " + sign + ", which needs " + version + ")"
}

// parser holds the state of one Parse: the document and where the walk
// stands, and the compiler the element files compile values with.
type parser struct {
	compiler
	doc     string
	given   Limits   // as the caller set them
	shallow bool     // the document's nesting is within the depth bound
	guessed bool     // the dialect is aws because the document has no Version
	scratch []strVal // the values of the list being compiled (see appendList)
}

// compiler carries what compiling one value of an element needs: the
// dialect, the limits, and whether policy variables are substituted. The
// element files (principal.go, action.go, resource.go, condition.go)
// compile from it and report faults as *valueError, which the parser
// places in the document.
type compiler struct {
	dialect   Dialect
	lim       Limits // resolved for the dialect
	variables bool   // policy variables are substituted (aws, 2012-10-17)
	arena     []byte // where folded actions are written (see chunk)
}

// keyFold reports whether condition keys are case-insensitive.
func (c *compiler) keyFold() bool { return c.dialect != COS }

func (ps *parser) parse() (*Policy, *Error) {
	ps.lim = ps.given.resolve(ps.dialect)
	if err := ps.checkSize(); err != nil {
		return nil, err
	}
	doc := ps.doc
	if strings.TrimSpace(doc) == "" {
		return nil, ps.errAt(0, ErrSyntax, "the document is empty")
	}
	if strings.HasPrefix(doc, "\xef\xbb\xbf") {
		return nil, ps.errAt(0, ErrSyntax, "the document starts with a UTF-8 byte-order mark; policies are plain JSON")
	}
	// Depth first: it is a flat scan, and it bounds the recursion of the
	// JSON reader used by everything after it, errAt included.
	if off, path, ok := depthOK(doc, ps.lim.Depth); !ok {
		err := ps.errAt(off, ErrLimit, "arrays and objects nest deeper than "+itoa(ps.lim.Depth)+" levels")
		err.Path = path
		return nil, err
	}
	ps.shallow = true
	if !utf8.ValidString(doc) {
		off := 0
		for off < len(doc) {
			r, w := utf8.DecodeRuneInString(doc[off:])
			if r == utf8.RuneError && w == 1 {
				break
			}
			off += w
		}
		return nil, ps.errAt(off, ErrSyntax, "the document is not valid UTF-8")
	}
	if !gjson.Valid(doc) {
		off, msg := syntaxError(doc)
		return nil, ps.errAt(off, ErrSyntax, msg)
	}
	root := gjson.Parse(doc)
	if !root.IsObject() {
		return nil, ps.errAt(root.Index, nil, "a policy is a JSON object (its first character is '{'); this document is "+jsonKind(root))
	}
	if ps.dialect == 0 {
		if err := ps.detect(root); err != nil {
			return nil, err
		}
		ps.lim = ps.given.resolve(ps.dialect)
		if err := ps.checkSize(); err != nil {
			return nil, err
		}
	}
	return ps.policy(root)
}

func (ps *parser) checkSize() *Error {
	if len(ps.doc) <= ps.lim.DocumentBytes {
		return nil
	}
	limit := "the " + ps.dialect.String() + " limit is "
	if ps.dialect == 0 {
		limit = "no dialect accepts more than "
	}
	return ps.errAt(-1, ErrTooLarge, "policy exceeds the maximum allowed document size: "+
		itoa(len(ps.doc))+" bytes, and "+limit+itoa(ps.lim.DocumentBytes))
}

// detect chooses the dialect from the Version element.
func (ps *parser) detect(root gjson.Result) *Error {
	var version gjson.Result
	key := ""
	root.ForEach(func(k, v gjson.Result) bool {
		if k.Str == "Version" || (key == "" && asciiEqualFold(k.Str, "version")) {
			version, key = v, k.Str
		}
		return true
	})
	if key == "" {
		ps.dialect, ps.guessed = AWS, true
		return nil
	}
	if version.Type != gjson.String {
		return ps.errAt(version.Index, nil, "want a string, got "+jsonKind(version))
	}
	switch {
	case key == "Version" && (version.Str == "2012-10-17" || version.Str == "2008-10-17"):
		ps.dialect = AWS
	case key == "Version" && version.Str == "1":
		ps.dialect = OSS
	case version.Str == "2.0":
		ps.dialect = COS
	default:
		return ps.errAt(version.Index, nil, "cannot tell the dialect from "+key+" "+quote(version.Str)+
			`: want "2012-10-17" or "2008-10-17" (aws), "1" (oss) or "2.0" (cos)`)
	}
	return nil
}

// element is a policy element.
type element uint8

const (
	elVersion element = iota + 1
	elID
	elStatement
	elSid
	elEffect
	elPrincipal
	elNotPrincipal
	elAction
	elNotAction
	elResource
	elNotResource
	elCondition
	numElements
)

var elementNames = [numElements]string{"", "Version", "Id", "Statement", "Sid", "Effect", "Principal",
	"NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

// elementsOf lists the elements the dialect allows at the top level or in
// a statement.
func elementsOf(d Dialect, top bool) []element {
	switch {
	case top && (d == AWS || d == OBS):
		return []element{elVersion, elID, elStatement}
	case top:
		return []element{elVersion, elStatement}
	case d == AWS || d == OBS:
		return []element{elSid, elEffect, elPrincipal, elNotPrincipal, elAction, elNotAction, elResource, elNotResource, elCondition}
	}
	return []element{elEffect, elPrincipal, elAction, elResource, elCondition}
}

// elementName is how the dialect writes an element in messages.
func (ps *parser) elementName(el element) string {
	if ps.dialect == COS {
		return strings.ToLower(elementNames[el])
	}
	return elementNames[el]
}

// element looks up an element name of obj; cos names are
// case-insensitive.
func (ps *parser) element(obj gjson.Result, key string, top bool) (element, string) {
	allowed := elementsOf(ps.dialect, top)
	for _, el := range allowed {
		if key == elementNames[el] || (ps.dialect == COS && asciiEqualFold(key, elementNames[el])) {
			return el, ""
		}
	}
	msg := "unknown element " + quoteKey(key)
	for _, el := range allowed {
		if asciiEqualFold(key, elementNames[el]) {
			if obj.Get(elementNames[el]).Exists() {
				return 0, msg + ": element names are case-sensitive, and this object already has " + quote(elementNames[el])
			}
			return 0, msg + ": element names are case-sensitive; did you mean " + quote(elementNames[el]) + "?"
		}
	}
	for el := elVersion; el < numElements; el++ {
		if key == elementNames[el] || asciiEqualFold(key, elementNames[el]) {
			if slices.Contains(elementsOf(ps.dialect, !top), el) {
				if top {
					return 0, msg + ": " + quote(key) + " belongs in a statement"
				}
				return 0, msg + ": " + quote(key) + " belongs at the top level of the policy"
			}
			return 0, msg + ": " + quote(key) + " is not an element of the " + ps.dialect.String() + " dialect"
		}
	}
	for _, el := range allowed {
		if len(key) > 3 && editDistance(asciiLower(key), strings.ToLower(elementNames[el])) <= 2 {
			return 0, msg + ": did you mean " + quote(ps.elementName(el)) + "?"
		}
	}
	names := make([]string, len(allowed))
	for i, el := range allowed {
		names[i] = ps.elementName(el)
	}
	return 0, msg + "; want one of " + strings.Join(names, ", ")
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// members reads the elements of an object (the policy or a statement):
// each allowed once, in any case for cos.
type members struct {
	val  [numElements]gjson.Result
	key  [numElements]string
	have [numElements]bool
}

func (ps *parser) members(m *members, obj gjson.Result, top bool) *Error {
	return ps.eachKey(obj, func(key string, v gjson.Result, keyOff int) *Error {
		el, msg := ps.element(obj, key, top)
		if msg != "" {
			return ps.errAt(keyOff, nil, msg)
		}
		if m.have[el] {
			// eachKey has already rejected exact duplicates.
			return ps.errAt(keyOff, nil, "keys "+quote(m.key[el])+" and "+quote(key)+
				" differ only in case; cos element names are case-insensitive, so they name the same element")
		}
		m.have[el], m.val[el], m.key[el] = true, v, key
		return nil
	})
}

// policy compiles the document.
func (ps *parser) policy(root gjson.Result) (*Policy, *Error) {
	var m members
	if err := ps.members(&m, root, true); err != nil {
		return nil, err
	}
	p := &Policy{doc: ps.doc, dialect: ps.dialect}
	if m.have[elVersion] {
		v, err := ps.str(m.val[elVersion])
		if err != nil {
			return nil, err
		}
		ok := false
		want := ""
		switch ps.dialect {
		case OSS:
			ok, want = v == "1", `"1"`
		case COS:
			ok, want = v == "2.0", `"2.0"`
		default:
			ok, want = v == "2012-10-17" || v == "2008-10-17", `"2012-10-17" or "2008-10-17"`
		}
		if !ok {
			return nil, ps.errAt(m.val[elVersion].Index, nil, "invalid version "+quote(v)+": the "+ps.dialect.String()+" dialect wants "+want)
		}
		p.version = v
	} else if ps.dialect == OSS || ps.dialect == COS {
		return nil, ps.errAt(0, nil, "missing "+ps.elementName(elVersion)+"; the "+ps.dialect.String()+" dialect requires it")
	}
	ps.variables = ps.dialect == AWS && p.version == "2012-10-17"
	p.variables = ps.variables
	if m.have[elID] {
		if _, err := ps.name(m.val[elID]); err != nil {
			return nil, err
		}
	}
	if !m.have[elStatement] {
		return nil, ps.errAt(0, nil, "missing "+ps.elementName(elStatement))
	}
	sv := m.val[elStatement]
	var list []gjson.Result
	switch {
	case sv.IsArray():
		list = sv.Array()
	case sv.IsObject() && (ps.dialect == AWS || ps.dialect == OBS):
		list = []gjson.Result{sv}
	default:
		want := "an array of statements"
		if ps.dialect == AWS || ps.dialect == OBS {
			want += " or one statement object"
		}
		return nil, ps.errAt(sv.Index, nil, "want "+want+", got "+jsonKind(sv))
	}
	if len(list) == 0 {
		return nil, ps.errAt(sv.Index, nil, "the statement list is empty")
	}
	if len(list) > ps.lim.Statements {
		return nil, ps.errAt(sv.Index, ErrLimit, "has "+itoa(len(list))+" statements; the limit is "+itoa(ps.lim.Statements))
	}
	sids := map[string]int{}
	block := make([]statement, len(list)) // one allocation for all statements
	p.statements = make([]*statement, len(list))
	for i, v := range list {
		if err := ps.statement(&block[i], v, i, sids); err != nil {
			return nil, err
		}
		p.statements[i] = &block[i]
	}
	p.index = buildIndex(p.statements, indexThreshold)
	return p, nil
}

// statement compiles one statement.
func (ps *parser) statement(s *statement, v gjson.Result, idx int, sids map[string]int) *Error {
	if !v.IsObject() {
		return ps.errAt(v.Index, nil, "a statement is a JSON object, got "+jsonKind(v))
	}
	var m members
	if err := ps.members(&m, v, false); err != nil {
		return err
	}
	s.index = idx

	if m.have[elSid] {
		sid, err := ps.name(m.val[elSid])
		if err != nil {
			return err
		}
		if prev, dup := sids[sid]; dup {
			return ps.errAt(m.val[elSid].Index, nil, "duplicate Sid "+quote(sid)+"; statement "+itoa(prev)+" has it too")
		}
		sids[sid] = idx
		s.sid = sid
	}

	if !m.have[elEffect] {
		return ps.errAt(v.Index, nil, "missing "+ps.elementName(elEffect))
	}
	effect, err := ps.str(m.val[elEffect])
	if err != nil {
		return err
	}
	switch {
	case effect == "Allow" || (ps.dialect == COS && asciiEqualFold(effect, "allow")):
		s.effect = Allow
	case effect == "Deny" || (ps.dialect == COS && asciiEqualFold(effect, "deny")):
		s.effect = Deny
	default:
		want := `want "Allow" or "Deny"`
		if ps.dialect == COS {
			want = `want "allow" or "deny" (in any case)`
		}
		return ps.errAt(m.val[elEffect].Index, nil, want+", got "+quote(effect))
	}

	// Principal, Action and Resource: each the element or its Not form.
	for _, pair := range [...][2]element{{elPrincipal, elNotPrincipal}, {elAction, elNotAction}, {elResource, elNotResource}} {
		el, not := pair[0], pair[1]
		if m.have[el] && m.have[not] {
			return ps.errAt(m.val[not].Index, nil, "a statement has "+elementNames[el]+" or "+elementNames[not]+", not both")
		}
		negated := m.have[not]
		if !m.have[el] && !negated {
			if el == elPrincipal && ps.dialect == OSS {
				// OSS accepts a statement without Principal and reports
				// the policy public: it means everyone.
				s.principals = everyoneSet()
				continue
			}
			return ps.errAt(v.Index, nil, "missing "+ps.elementName(el))
		}
		val := m.val[el]
		if negated {
			val = m.val[not]
		}
		var err *Error
		switch el {
		case elPrincipal:
			s.notPrincipal = negated
			s.principals, err = ps.principal(val)
		case elAction:
			s.notAction = negated
			s.actions, err = placed(ps, ps.compileActions, val, names, "action")
		case elResource:
			s.notResource = negated
			s.resources, err = placed(ps, ps.compileResources, val, names, "resource")
		}
		if err != nil {
			return err
		}
	}

	if m.have[elCondition] {
		var err *Error
		s.conditions, err = ps.conditions(m.val[elCondition])
		if err != nil {
			return err
		}
	}
	s.ownerExcluded = ps.dialect == OSS && s.principals.everyone && len(s.conditions) == 0
	s.finish()
	return nil
}

// placed reads a list of the given kind and compiles it, placing a fault
// of a value at the value.
func placed[T any](ps *parser, compile func([]strVal) (T, *valueError), v gjson.Result, kind listKind, what string) (T, *Error) {
	var zero T
	vals, err := ps.appendList(ps.scratch[:0], v, kind, what)
	if err != nil {
		return zero, err
	}
	ps.scratch = vals
	out, ve := compile(vals)
	if ve != nil {
		return zero, ps.valueErr(ve.off, ve)
	}
	return out, nil
}

// principal reads a Principal or NotPrincipal element: for oss a string or
// a list (an empty list means everyone); otherwise "*" or an object of
// principal types, each with a string or a list.
func (ps *parser) principal(v gjson.Result) (principalSet, *Error) {
	var set principalSet
	if ps.dialect == OSS {
		if v.IsArray() && len(v.Array()) == 0 {
			return everyoneSet(), nil
		}
		return placed(ps, func(vals []strVal) (principalSet, *valueError) {
			err := ps.addPrincipals(&set, "", vals)
			return set, err
		}, v, names, "principal")
	}
	if v.Type == gjson.String {
		if v.Str != "*" {
			return set, ps.errAt(v.Index, nil, "a principal given as a string must be \"*\"; name principals in an object such as {\""+
				principalTypes(ps.dialect)[0]+"\": [...]}, got "+quote(v.Str))
		}
		return everyoneSet(), nil
	}
	if !v.IsObject() {
		return set, ps.errAt(v.Index, nil, "want \"*\" or an object of principals, got "+jsonKind(v))
	}
	n := 0
	err := ps.eachKey(v, func(key string, val gjson.Result, keyOff int) *Error {
		n++
		types := principalTypes(ps.dialect)
		if !slices.Contains(types, key) {
			return ps.errAt(keyOff, nil, "unknown principal type "+quoteKey(key)+"; want one of "+strings.Join(quoteAll(types), ", "))
		}
		_, err := placed(ps, func(vals []strVal) (struct{}, *valueError) {
			return struct{}{}, ps.addPrincipals(&set, key, vals)
		}, val, names, "principal")
		return err
	})
	if err != nil {
		return set, err
	}
	if n == 0 {
		return set, ps.errAt(v.Index, nil, "an empty principal object names no one")
	}
	set.entries = slices.Clip(set.entries)
	return set, nil
}

// conditions reads a Condition element: operators, each with an object of
// condition keys, each with its values.
func (ps *parser) conditions(v gjson.Result) ([]condition, *Error) {
	if !v.IsObject() {
		return nil, ps.errAt(v.Index, nil, "want an object of condition operators, got "+jsonKind(v))
	}
	var conds []condition
	n := 0
	err := ps.eachKey(v, func(opName string, block gjson.Result, keyOff int) *Error {
		n++
		spec, msg := parseOperator(ps.dialect, opName)
		if msg != "" {
			return ps.errAt(keyOff, nil, msg)
		}
		if !block.IsObject() {
			return ps.errAt(block.Index, nil, "want an object of condition keys, got "+jsonKind(block))
		}
		keys := 0
		var seen []string
		err := ps.eachKey(block, func(key string, vals gjson.Result, keyOff int) *Error {
			keys++
			if key == "" {
				return ps.errAt(keyOff, nil, "empty condition key")
			}
			if ve := tooLong(key, &ps.lim); ve != nil {
				return ps.valueErr(keyOff, ve)
			}
			if ps.keyFold() {
				for _, k := range seen {
					if asciiEqualFold(k, key) {
						return ps.errAt(keyOff, nil, "keys "+quote(k)+" and "+quote(key)+
							" name the same condition key (key names are case-insensitive)")
					}
				}
				seen = append(seen, key)
			}
			if len(conds) == ps.lim.Conditions {
				return ps.errAt(keyOff, ErrLimit, "the statement has more than "+itoa(ps.lim.Conditions)+" conditions")
			}
			c, err := placed(ps, func(vals []strVal) (condition, *valueError) {
				return ps.compileCondition(spec, key, vals)
			}, vals, scalars, "condition value")
			if err != nil {
				return err
			}
			conds = append(conds, c)
			return nil
		})
		if err != nil {
			return err
		}
		if keys == 0 {
			return ps.errAt(block.Index, nil, "empty operator block: it names no condition key")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ps.errAt(v.Index, nil, "empty "+ps.elementName(elCondition)+": it names no operator (leave the element out for a statement without conditions)")
	}
	return slices.Clip(conds), nil
}
