package bucketpolicy

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
	"go4.org/netipx"
)

// Parse reads a bucket policy document and compiles it. The dialect is
// detected from the Version element unless [WithDialect] names it; the
// limits are the dialect's unless [WithLimits] changes them.
//
// Every fault is an error, never skipped: see the package documentation.
// The error is an [*Error]; use [errors.As] to read its path, offset and
// vendor code. Parse keeps its own copy of doc; the caller may reuse it.
func Parse(doc []byte, opts ...Option) (*Policy, error) {
	var cfg config
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	ps := &parser{doc: string(doc), dialect: cfg.dialect, given: cfg.limits}
	p, err := ps.parse()
	if err != nil {
		return nil, err // a typed nil *Error must not become a non-nil error
	}
	return p, nil
}

// parser holds the state of one Parse.
type parser struct {
	doc       string
	dialect   Dialect
	given     Limits // as the caller set them
	lim       Limits // resolved for the dialect
	variables bool   // policy variables are substituted
	shallow   bool   // the document's nesting is within the depth bound
}

// errAt builds the error for a fault at byte offset off: the offset of the
// faulty value, or of the key when the fault is the key itself. The JSON
// path is worked out from the offset, so that parsing does not keep paths
// while it walks.
func (ps *parser) errAt(off int, sentinel error, msg string) *Error {
	e := &Error{Code: errorCode(ps.dialect), Offset: off, Message: msg, Err: sentinel}
	if ps.shallow && off >= 0 && off < len(ps.doc) && gjson.Valid(ps.doc) {
		e.Path = pathAt(ps.doc, off)
	}
	if off >= 0 && off <= len(ps.doc) {
		e.Line = 1 + strings.Count(ps.doc[:off], "\n")
		e.Column = 1 + off - (strings.LastIndexByte(ps.doc[:off], '\n') + 1)
	} else {
		e.Offset = -1
	}
	return e
}

func (ps *parser) valueErr(off int, pe *valueError) *Error {
	var sentinel error
	if pe.limit {
		sentinel = ErrLimit
	}
	return ps.errAt(off, sentinel, pe.msg)
}

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
	name := ps.dialect.String()
	if name == "" {
		name = "any"
	}
	return ps.errAt(-1, ErrTooLarge, "policy exceeds the maximum allowed document size: "+
		itoa(len(ps.doc))+" bytes, and the "+name+" limit is "+itoa(ps.lim.DocumentBytes))
}

// depthOK reports whether arrays and objects nest at most max levels, and
// where the first too deep array or object starts and its JSON path. It is
// a flat scan, so that no input can make it recurse; it tracks the path
// of the open arrays and objects, which is how the error can name a place
// in a document the JSON reader must not be given.
func depthOK(doc string, max int) (int, string, bool) {
	type frame struct {
		array    bool
		index    int
		key      string // the current key, raw (without quotes)
		expected bool   // an object expects a key next
	}
	var stack []frame
	for i := 0; i < len(doc); i++ {
		switch c := doc[i]; c {
		case '"':
			start := i + 1
			for i++; i < len(doc) && doc[i] != '"'; i++ {
				if doc[i] == '\\' {
					i++
				}
			}
			if n := len(stack) - 1; n >= 0 && !stack[n].array && stack[n].expected {
				stack[n].key, stack[n].expected = doc[start:min(i, len(doc))], false
			}
		case '{', '[':
			if len(stack) == max {
				var b strings.Builder
				for _, f := range stack {
					if f.array {
						b.WriteString("[" + itoa(f.index) + "]")
						continue
					}
					key := f.key
					var unq string
					if json.Unmarshal([]byte(`"`+key+`"`), &unq) == nil {
						key = unq
					}
					writePathKey(&b, key, "")
				}
				return i, b.String(), false
			}
			stack = append(stack, frame{array: c == '[', expected: c == '{'})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if n := len(stack) - 1; n >= 0 {
				if stack[n].array {
					stack[n].index++
				} else {
					stack[n].expected = true
				}
			}
		}
	}
	return 0, "", true
}

// syntaxError locates a JSON syntax error; encoding/json reports where.
func syntaxError(doc string) (int, string) {
	var raw json.RawMessage
	err := json.Unmarshal([]byte(doc), &raw)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := int(se.Offset) - 1
		if off < 0 {
			off = 0
		}
		// encoding/json shows a byte as if it were Latin-1 ('ï' for 0xEF);
		// name bytes outside printable ASCII by their value instead.
		if off < len(doc) && (doc[off] >= 0x80 || doc[off] < 0x20) && !strings.HasPrefix(se.Error(), "unexpected end") {
			return off, "invalid JSON: unexpected byte 0x" + hex4(int(doc[off]))[2:]
		}
		return off, "invalid JSON: " + se.Error()
	}
	return -1, "invalid JSON"
}

// jsonKind names the type of a JSON value for messages.
func jsonKind(v gjson.Result) string {
	switch v.Type {
	case gjson.Null:
		return "null"
	case gjson.False, gjson.True:
		return "a boolean"
	case gjson.Number:
		return "a number"
	case gjson.String:
		return "a string"
	}
	if v.IsArray() {
		return "an array"
	}
	return "an object"
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
		ps.dialect = AWS
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
	var err *Error
	missing := func(el element) *Error {
		return ps.errAt(v.Index, nil, "missing "+ps.elementName(el))
	}
	both := func(a, b element) *Error {
		return ps.errAt(m.val[b].Index, nil, "a statement has "+elementNames[a]+" or "+elementNames[b]+", not both")
	}

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
		return missing(elEffect)
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

	switch {
	case m.have[elPrincipal] && m.have[elNotPrincipal]:
		return both(elPrincipal, elNotPrincipal)
	case m.have[elPrincipal]:
		s.principals, err = ps.compilePrincipal(m.val[elPrincipal])
	case m.have[elNotPrincipal]:
		s.notPrincipal = true
		s.principals, err = ps.compilePrincipal(m.val[elNotPrincipal])
	default:
		return missing(elPrincipal)
	}
	if err != nil {
		return err
	}

	switch {
	case m.have[elAction] && m.have[elNotAction]:
		return both(elAction, elNotAction)
	case m.have[elAction]:
		s.actions, err = ps.compileActions(m.val[elAction])
	case m.have[elNotAction]:
		s.notAction = true
		s.actions, err = ps.compileActions(m.val[elNotAction])
	default:
		return missing(elAction)
	}
	if err != nil {
		return err
	}

	switch {
	case m.have[elResource] && m.have[elNotResource]:
		return both(elResource, elNotResource)
	case m.have[elResource]:
		s.resources, err = ps.compileResources(m.val[elResource])
	case m.have[elNotResource]:
		s.notResource = true
		s.resources, err = ps.compileResources(m.val[elNotResource])
	default:
		return missing(elResource)
	}
	if err != nil {
		return err
	}

	if m.have[elCondition] {
		s.conditions, err = ps.compileConditions(m.val[elCondition])
		if err != nil {
			return err
		}
	}
	s.ownerExcluded = ps.dialect == OSS && s.principals.everyone && len(s.conditions) == 0
	return nil
}

func (ps *parser) compileActions(v gjson.Result) (actionSet, *Error) {
	var as actionSet
	vals, err := ps.stringList(v, "action")
	if err != nil {
		return as, err
	}
	for _, sv := range vals {
		folded, wild, perr := compileAction(ps.dialect, sv.s)
		if perr == nil && wild && folded != "*" {
			var p pattern
			p, perr = compilePattern(folded, syntax{wildcards: true}, &ps.lim, false)
			as.patterns = append(as.patterns, p)
		}
		if perr != nil {
			return as, ps.valueErr(sv.off, perr)
		}
		switch {
		case folded == "*":
			as.all = true
		case !wild:
			as.exact = append(as.exact, folded)
		}
	}
	slices.Sort(as.exact)
	as.exact = slices.Clip(slices.Compact(as.exact))
	as.patterns = slices.Clip(as.patterns)
	return as, nil
}

func (ps *parser) compileResources(v gjson.Result) (resourceSet, *Error) {
	var rs resourceSet
	vals, err := ps.stringList(v, "resource")
	if err != nil {
		return rs, err
	}
	rs.patterns = make([]pattern, 0, len(vals))
	for _, sv := range vals {
		perr := checkResource(ps.dialect, sv.s)
		if perr == nil {
			var p pattern
			p, perr = compilePattern(sv.s, syntax{wildcards: true, variables: ps.variables}, &ps.lim, ps.keyFold())
			rs.patterns = append(rs.patterns, p)
		}
		if perr != nil {
			return rs, ps.valueErr(sv.off, perr)
		}
	}
	return rs, nil
}

// keyFold reports whether condition keys are case-insensitive.
func (ps *parser) keyFold() bool { return ps.dialect != COS }

func (ps *parser) compileConditions(v gjson.Result) ([]condition, *Error) {
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
			if len(key) > ps.lim.PatternBytes {
				return ps.errAt(keyOff, ErrLimit, "the condition key is "+itoa(len(key))+" bytes long; the limit is "+itoa(ps.lim.PatternBytes))
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
			c := condition{opSpec: spec, key: newCondKey(key, ps.keyFold())}
			list, err := ps.scalarList(vals)
			if err != nil {
				return err
			}
			var ipb netipx.IPSetBuilder
			for _, sv := range list {
				if len(sv.s) > ps.lim.PatternBytes {
					return ps.errAt(sv.off, ErrLimit, "is "+itoa(len(sv.s))+" bytes long; the limit is "+itoa(ps.lim.PatternBytes))
				}
				if perr := c.addValue(sv.s, ps, &ipb); perr != nil {
					return ps.valueErr(sv.off, perr)
				}
			}
			if c.family == famIP {
				set, err := ipb.IPSet()
				if err != nil {
					return ps.errAt(vals.Index, nil, "cannot build the IP set: "+err.Error())
				}
				c.ips = set
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

// eachKey calls fn for each member of an object, after checking the key
// like any string and rejecting a key that the object already has.
func (ps *parser) eachKey(obj gjson.Result, fn func(key string, v gjson.Result, keyOff int) *Error) *Error {
	var err *Error
	var seen []string
	var seenMap map[string]bool
	obj.ForEach(func(k, v gjson.Result) bool {
		if err = ps.checkString(k); err != nil {
			return false
		}
		dup := false
		if seenMap != nil {
			dup = seenMap[k.Str]
			seenMap[k.Str] = true
		} else {
			dup = slices.Contains(seen, k.Str)
			seen = append(seen, k.Str)
			if len(seen) > 16 {
				seenMap = make(map[string]bool, 2*len(seen))
				for _, s := range seen {
					seenMap[s] = true
				}
			}
		}
		if dup {
			err = ps.errAt(k.Index, nil, "duplicate key "+quote(k.Str))
			return false
		}
		err = fn(k.Str, v, k.Index)
		return err == nil
	})
	return err
}

// checkString applies the rules every JSON string obeys: the field size
// limit, no C0 control characters (U+0000 to U+001F, which JSON allows only
// escaped and which no name, pattern or sensible value holds), no lone
// UTF-16 surrogates.
func (ps *parser) checkString(v gjson.Result) *Error {
	s := v.Str
	if ps.lim.FieldBytes > 0 && len(s) > ps.lim.FieldBytes {
		return ps.errAt(v.Index, ErrLimit, "a field is "+itoa(len(s))+" bytes long; the "+ps.dialect.String()+
			" limit for one field is "+itoa(ps.lim.FieldBytes)+" bytes")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 {
			return ps.errAt(v.Index, nil, "contains the control character U+"+hex4(int(s[i])))
		}
	}
	if strings.Contains(v.Raw, `\u`) && !surrogatesPaired(v.Raw) {
		return ps.errAt(v.Index, nil, "contains an unpaired UTF-16 surrogate escape")
	}
	return nil
}

func hex4(n int) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[n>>12&15], digits[n>>8&15], digits[n>>4&15], digits[n&15]})
}

// surrogatesPaired reports whether every \uD800-\uDBFF escape of a raw JSON
// string is followed by a \uDC00-\uDFFF escape, and every low surrogate
// escape follows a high one.
func surrogatesPaired(raw string) bool {
	wantLow := false
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			if wantLow {
				return false
			}
			continue
		}
		i++
		if i >= len(raw) || raw[i] != 'u' || i+4 >= len(raw) {
			if wantLow {
				return false
			}
			continue
		}
		v := 0
		for _, c := range []byte(raw[i+1 : i+5]) {
			v <<= 4
			switch {
			case '0' <= c && c <= '9':
				v |= int(c - '0')
			case 'a' <= c && c <= 'f':
				v |= int(c-'a') + 10
			case 'A' <= c && c <= 'F':
				v |= int(c-'A') + 10
			}
		}
		i += 4
		switch {
		case v >= 0xD800 && v <= 0xDBFF:
			if wantLow {
				return false
			}
			wantLow = true
		case v >= 0xDC00 && v <= 0xDFFF:
			if !wantLow {
				return false
			}
			wantLow = false
		default:
			if wantLow {
				return false
			}
		}
	}
	return !wantLow
}

// str reads a JSON string.
func (ps *parser) str(v gjson.Result) (string, *Error) {
	if v.Type != gjson.String {
		return "", ps.errAt(v.Index, nil, "want a string, got "+jsonKind(v))
	}
	if err := ps.checkString(v); err != nil {
		return "", err
	}
	return v.Str, nil
}

// name reads a non-empty string (Sid, Id).
func (ps *parser) name(v gjson.Result) (string, *Error) {
	s, err := ps.str(v)
	if err == nil && s == "" {
		err = ps.errAt(v.Index, nil, "empty string")
	}
	return s, err
}

// strVal is one string of a list, with its offset.
type strVal struct {
	s   string
	off int
}

// stringList reads a string or a non-empty array of non-empty strings
// (actions, resources, principals).
func (ps *parser) stringList(v gjson.Result, what string) ([]strVal, *Error) {
	one := func(e gjson.Result) (strVal, *Error) {
		if e.Type != gjson.String {
			return strVal{}, ps.errAt(e.Index, nil, "want a string ("+what+"), got "+jsonKind(e))
		}
		s, err := ps.str(e)
		if err != nil {
			return strVal{}, err
		}
		if s == "" {
			return strVal{}, ps.errAt(e.Index, nil, "empty "+what)
		}
		if len(s) > ps.lim.PatternBytes {
			return strVal{}, ps.errAt(e.Index, ErrLimit, "the "+what+" is "+itoa(len(s))+" bytes long; the limit is "+itoa(ps.lim.PatternBytes))
		}
		return strVal{s: s, off: e.Index}, nil
	}
	if !v.IsArray() {
		if v.Type != gjson.String {
			return nil, ps.errAt(v.Index, nil, "want a string or an array of strings, got "+jsonKind(v))
		}
		sv, err := one(v)
		if err != nil {
			return nil, err
		}
		return []strVal{sv}, nil
	}
	arr := v.Array()
	if len(arr) == 0 {
		return nil, ps.errAt(v.Index, nil, "empty "+what+" list")
	}
	if len(arr) > ps.lim.ListValues {
		return nil, ps.errAt(v.Index, ErrLimit, "has "+itoa(len(arr))+" entries; the limit is "+itoa(ps.lim.ListValues))
	}
	out := make([]strVal, 0, len(arr))
	for _, e := range arr {
		sv, err := one(e)
		if err != nil {
			return nil, err
		}
		out = append(out, sv)
	}
	return out, nil
}

// scalarList reads condition values: a string, number or boolean, or a
// non-empty array of them. Numbers and booleans count as their JSON text.
func (ps *parser) scalarList(v gjson.Result) ([]strVal, *Error) {
	one := func(e gjson.Result) (strVal, *Error) {
		switch e.Type {
		case gjson.String:
			if err := ps.checkString(e); err != nil {
				return strVal{}, err
			}
			return strVal{s: e.Str, off: e.Index}, nil
		case gjson.Number, gjson.True, gjson.False:
			if ps.lim.FieldBytes > 0 && len(e.Raw) > ps.lim.FieldBytes {
				return strVal{}, ps.errAt(e.Index, ErrLimit, "a field is "+itoa(len(e.Raw))+" bytes long; the "+ps.dialect.String()+
					" limit for one field is "+itoa(ps.lim.FieldBytes)+" bytes")
			}
			return strVal{s: e.Raw, off: e.Index}, nil
		}
		return strVal{}, ps.errAt(e.Index, nil, "want a string, number or boolean, got "+jsonKind(e))
	}
	if !v.IsArray() {
		sv, err := one(v)
		if err != nil {
			return nil, err
		}
		return []strVal{sv}, nil
	}
	arr := v.Array()
	if len(arr) == 0 {
		return nil, ps.errAt(v.Index, nil, "empty value list")
	}
	if len(arr) > ps.lim.ListValues {
		return nil, ps.errAt(v.Index, ErrLimit, "has "+itoa(len(arr))+" values; the limit is "+itoa(ps.lim.ListValues))
	}
	out := make([]strVal, 0, len(arr))
	for _, e := range arr {
		sv, err := one(e)
		if err != nil {
			return nil, err
		}
		out = append(out, sv)
	}
	return out, nil
}

// pathAt returns the JSON path of the member or element of doc (valid
// JSON) that starts at byte offset off, or that contains it: the path of a
// key when off is the key's offset, as in
// Statement[2].Condition.IpAddress.aws:SourceIp[0].
func pathAt(doc string, off int) string {
	var b strings.Builder
	cur := gjson.Parse(doc)
	for cur.Index != off && (cur.IsObject() || cur.IsArray()) {
		var next gjson.Result
		done, found := false, false
		arr := cur.IsArray()
		i := 0
		cur.ForEach(func(k, v gjson.Result) bool {
			if !arr && off >= k.Index && off < k.Index+len(k.Raw) {
				writePathKey(&b, k.Str, k.Raw)
				done, found = true, true
				return false
			}
			if off >= v.Index && off < v.Index+len(v.Raw) {
				if arr {
					b.WriteString("[" + itoa(i) + "]")
				} else {
					writePathKey(&b, k.Str, k.Raw)
				}
				next, found = v, true
				return false
			}
			i++
			return true
		})
		if done || !found {
			break
		}
		cur = next
	}
	return b.String()
}

// writePathKey appends a key to a path: .key, or ["key"] for a key that
// would not read back or would mislead: empty, holding '.', '[', ']', '"',
// or anything but printable ASCII. A key whose escapes did not decode (a
// lone surrogate) is written as it stands in the document (raw, with
// its quotes).
func writePathKey(b *strings.Builder, key, raw string) {
	if strings.Contains(key, "\uFFFD") && strings.Contains(raw, `\u`) {
		b.WriteString("[" + raw + "]")
		return
	}
	plain := key != ""
	for i := 0; i < len(key); i++ {
		if c := key[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(".[]\"", c) >= 0 {
			plain = false
			break
		}
	}
	if !plain {
		b.WriteString("[" + strconv.QuoteToASCII(key) + "]")
		return
	}
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.WriteString(key)
}

// quoteKey quotes a key for a message, in ASCII when it holds anything
// else, so that a look-alike ("\u0415ffect") does not pass for a real name.
func quoteKey(key string) string {
	for i := 0; i < len(key); i++ {
		if key[i] < ' ' || key[i] >= 0x7f {
			return strconv.QuoteToASCII(key)
		}
	}
	return quote(key)
}
