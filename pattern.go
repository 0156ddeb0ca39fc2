package bucketpolicy

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// This file holds the wildcard matcher shared by actions, resources and
// string conditions. IAM patterns know two wildcards: '*' matches any run of
// characters (the empty run included) and '?' exactly one character (one
// UTF-8 code point; a byte that is not valid UTF-8 counts as one
// character). Everything else is literal: there are no classes, no
// alternatives and no escapes.
//
// A pattern is compiled once, in Parse, into the cheapest matcher for its
// shape: equality, prefix, suffix, prefix and suffix, substring, or the
// general case. The general case cuts the pattern at its '*'s into
// segments: the first segment must match at the start, the last at the end,
// and every segment between them is found at its leftmost occurrence after
// the previous one. Taking the leftmost occurrence is always right, because
// a '*' on each side of a segment absorbs whatever lies around it, so the
// match never backtracks and costs time linear in the subject: literal
// segments are found with strings.Index, segments with '?' with a
// bit-parallel (shift-and) scan that reads each character once.

// syntax says how a pattern's text is read.
type syntax struct {
	wildcards bool // '*' and '?' are wildcards (StringLike, actions, resources); else literal
	variables bool // ${...} are policy variables (aws, Version 2012-10-17)
	fold      bool // compare with Unicode case folding (StringEqualsIgnoreCase)
}

type itemKind uint8

const (
	itemLit  itemKind = iota // literal text
	itemAny                  // n consecutive '?': n characters
	itemVar                  // policy variable number n, matched literally once resolved
	itemStar                 // '*' (only while compiling)
)

type item struct {
	kind itemKind
	n    int
	lit  string
}

type patKind uint8

const (
	patExact          patKind = iota // s == lit
	patAll                           // "*"
	patPrefix                        // lit*
	patSuffix                        // *suf
	patPrefixSuffix                  // lit*suf
	patContains                      // *lit*
	patPrefixContains                // lit*suf*: suf found after lit
	patVarPrefix                     // lit${var}suf*: the commonest pattern with a variable (home/${aws:username}/*)
	patExactFold                     // strings.EqualFold(s, lit)
	patGeneral                       // head, segments, tail; or variables
)

// pattern is a compiled pattern. The zero value matches only "". It is
// kept small, since a policy holds many: the general case lives behind a
// pointer.
type pattern struct {
	kind     patKind
	lit, suf string
	g        *general
}

// general is the general case of a pattern: head must match at the start,
// tail at the end, and the segments in order between them. star reports
// whether the pattern has a '*' at all (without one, head is the whole
// pattern). With fold, head is compared under Unicode case folding.
type general struct {
	head []item
	mid  []segment
	tail []item
	star bool
	fold bool
	vars []variable
	// relaxed is the pattern with each variable read as '*': what it can
	// match whatever the variables' values. When a variable cannot be
	// decided, a subject relaxed does not match is a plain non-match. nil
	// when it cannot be built (under case folding): then every such
	// subject is undecided.
	relaxed *pattern
}

// segment is a run of the pattern between two '*'s.
type segment struct {
	items []item
	lit   string    // a static segment of literal text only
	skip  int       // a static segment of '?' only: its length in characters
	sa    *shiftAnd // a static segment of '?' and literal text
}

// compilePattern compiles text read with the given syntax. keyFold says how
// the keys of policy variables are looked up (ASCII case-insensitively in
// aws).
func compilePattern(text string, syn syntax, lim *Limits, keyFold bool) (pattern, *valueError) {
	// Most patterns are literal text, or text and one final '*': they need
	// no items.
	if p, ok := simplePattern(text, syn); ok {
		return p, nil
	}
	var (
		items     []item
		vars      []variable
		wildcards int
		// The pending literal is text[litStart:i] while it is a plain
		// substring (so the compiled pattern shares the document's memory),
		// or copy once ${*}, ${?} or ${$} has added a character.
		litStart = -1
		copied   []byte
		copying  bool
	)
	flush := func(end int) {
		switch {
		case copying:
			items = append(items, item{kind: itemLit, lit: string(copied)})
		case litStart >= 0 && end > litStart:
			items = append(items, item{kind: itemLit, lit: text[litStart:end]})
		}
		litStart, copied, copying = -1, nil, false
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case syn.wildcards && c == '*':
			wildcards++
			flush(i)
			if len(items) == 0 || items[len(items)-1].kind != itemStar {
				items = append(items, item{kind: itemStar})
			}
			i++
		case syn.wildcards && c == '?':
			wildcards++
			flush(i)
			if k := len(items) - 1; k >= 0 && items[k].kind == itemAny {
				items[k].n++
			} else {
				items = append(items, item{kind: itemAny, n: 1})
			}
			i++
		case syn.variables && c == '$' && strings.HasPrefix(text[i:], "${"):
			v, literal, n, err := parseVariable(text[i:], keyFold)
			if err != nil {
				return pattern{}, err
			}
			if literal != "" {
				if !copying {
					if litStart >= 0 {
						copied = append(copied, text[litStart:i]...)
					}
					copying = true
				}
				copied = append(copied, literal...)
				i += n
				continue
			}
			if len(vars) == maxVariables {
				return pattern{}, &valueError{msg: "has more than " + itoa(maxVariables) + " policy variables", limit: true}
			}
			flush(i)
			items = append(items, item{kind: itemVar, n: len(vars)})
			vars = append(vars, v)
			i += n
		default:
			if copying {
				copied = append(copied, c)
			} else if litStart < 0 {
				litStart = i
			}
			i++
		}
	}
	flush(len(text))
	if lim.Wildcards > 0 && wildcards > lim.Wildcards {
		return pattern{}, &valueError{msg: "has " + itoa(wildcards) + " wildcards; the limit is " + itoa(lim.Wildcards), limit: true}
	}
	return buildPattern(items, vars, syn.fold)
}

// simplePattern compiles, without building items, a pattern that is
// literal text or literal text followed by one '*' (the commonest forms of
// actions, resources and condition values). It reports false for any other.
func simplePattern(text string, syn syntax) (pattern, bool) {
	special := "*?$"
	switch {
	case !syn.wildcards && !syn.variables:
		special = ""
	case !syn.wildcards:
		special = "$"
	case !syn.variables:
		special = "*?"
	}
	i := strings.IndexAny(text, special)
	switch {
	case special == "" || i < 0:
		if syn.fold {
			return pattern{kind: patExactFold, lit: text}, true
		}
		return pattern{kind: patExact, lit: text}, true
	case syn.fold:
		return pattern{}, false
	case i == len(text)-1 && text[i] == '*' && i > 0:
		return pattern{kind: patPrefix, lit: text[:i]}, true
	case text == "*":
		return pattern{kind: patAll}, true
	}
	return pattern{}, false
}

// buildPattern chooses the matcher for a sequence of items.
func buildPattern(items []item, vars []variable, fold bool) (pattern, *valueError) {
	static := len(vars) == 0
	simple := static // only literals and stars
	stars := 0
	for _, it := range items {
		switch it.kind {
		case itemAny:
			simple = false
		case itemStar:
			stars++
		}
	}
	if fold {
		if static {
			return pattern{kind: patExactFold, lit: concatLits(items)}, nil
		}
		return pattern{kind: patGeneral, g: &general{head: items, fold: true, vars: vars}}, nil
	}
	if simple {
		switch {
		case len(items) == 0:
			return pattern{kind: patExact}, nil
		case stars == 0:
			return pattern{kind: patExact, lit: items[0].lit}, nil
		case len(items) == 1:
			return pattern{kind: patAll}, nil
		case len(items) == 2 && items[1].kind == itemStar:
			return pattern{kind: patPrefix, lit: items[0].lit}, nil
		case len(items) == 2:
			return pattern{kind: patSuffix, suf: items[1].lit}, nil
		case len(items) == 3 && items[1].kind == itemStar:
			return pattern{kind: patPrefixSuffix, lit: items[0].lit, suf: items[2].lit}, nil
		case len(items) == 3:
			return pattern{kind: patContains, lit: items[1].lit}, nil
		case len(items) == 4 && items[1].kind == itemStar && items[3].kind == itemStar:
			// acs:oss:*:UID:bucket/dir/*, the commonest oss resource.
			return pattern{kind: patPrefixContains, lit: items[0].lit, suf: items[2].lit}, nil
		}
	}
	g := &general{star: stars > 0, vars: vars}
	if !static {
		g.relaxed = relax(items)
	}
	p := pattern{kind: patGeneral, g: g}
	if !fold && len(vars) == 1 && len(items) == 4 && items[0].kind == itemLit && items[1].kind == itemVar &&
		items[2].kind == itemLit && items[3].kind == itemStar {
		// lit${var}suf*: matched without the general machinery, but with
		// it at hand for the relaxed pattern.
		p.kind, p.lit, p.suf = patVarPrefix, items[0].lit, items[2].lit
	}
	// Cut at the stars: head before the first, tail after the last.
	first := slices.IndexFunc(items, func(it item) bool { return it.kind == itemStar })
	if first < 0 {
		g.head = items
		return p, nil
	}
	last := len(items) - 1
	for items[last].kind != itemStar {
		last--
	}
	g.head = items[:first]
	g.tail = items[last+1:]
	for i := first + 1; i < last; {
		j := i
		for items[j].kind != itemStar {
			j++
		}
		seg, err := newSegment(items[i:j])
		if err != nil {
			return pattern{}, err
		}
		g.mid = append(g.mid, seg)
		i = j + 1
	}
	return p, nil
}

// relax builds the pattern items would be with each variable read as '*'.
func relax(items []item) *pattern {
	out := make([]item, 0, len(items))
	for _, it := range items {
		if it.kind == itemVar {
			it = item{kind: itemStar}
		}
		if it.kind == itemStar && len(out) > 0 && out[len(out)-1].kind == itemStar {
			continue
		}
		out = append(out, it)
	}
	p, err := buildPattern(out, nil, false)
	if err != nil {
		return nil
	}
	return &p
}

func concatLits(items []item) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.lit)
	}
	return b.String()
}

// newSegment prepares the search of one segment between two stars.
func newSegment(items []item) (segment, *valueError) {
	seg := segment{items: items}
	lits, anys, dynamic := 0, 0, false
	chars := 0
	for _, it := range items {
		switch it.kind {
		case itemLit:
			lits++
			chars += utf8.RuneCountInString(it.lit)
		case itemAny:
			anys += it.n
			chars += it.n
		case itemVar:
			dynamic = true
		}
	}
	switch {
	case dynamic && anys > 0:
		// Finding it would mean trying each start against a value the
		// request supplies: quadratic in two request lengths.
		return segment{}, &valueError{msg: "mixes a policy variable with '?' between two '*'; " +
			"such a segment cannot be found in linear time", limit: true}
	case dynamic:
		// Resolved per request; see find.
	case anys == 0:
		seg.lit = items[0].lit // lits == 1: literals are merged while compiling
	case lits == 0:
		seg.skip = anys
	case chars > maxSegmentChars:
		return segment{}, &valueError{msg: "has a segment of " + itoa(chars) +
			" characters mixing '?' and text between two '*'; the limit is " + itoa(maxSegmentChars), limit: true}
	default:
		seg.sa = newShiftAnd(items)
	}
	return seg, nil
}

// match reports whether s matches the pattern. e resolves policy variables;
// it may be nil for a pattern without them.
func (p *pattern) match(s string, e *evaluation) bool {
	switch p.kind {
	case patExact:
		return s == p.lit
	case patAll:
		return true
	case patPrefix:
		return strings.HasPrefix(s, p.lit)
	case patSuffix:
		return strings.HasSuffix(s, p.suf)
	case patPrefixSuffix:
		return len(s) >= len(p.lit)+len(p.suf) && strings.HasPrefix(s, p.lit) && strings.HasSuffix(s, p.suf)
	case patContains:
		return strings.Contains(s, p.lit)
	case patPrefixContains:
		return strings.HasPrefix(s, p.lit) && strings.Contains(s[len(p.lit):], p.suf)
	case patExactFold:
		return strings.EqualFold(s, p.lit)
	case patVarPrefix:
		return p.matchVarPrefix(s, e)
	}
	return p.matchGeneral(s, e)
}

// matchVarPrefix matches lit${var}suf*: the literal head, then the
// variable's value, then the literal after it. An undecidable variable
// leaves e.undecided set (the head matched, so some value could match,
// when the relaxed pattern says so).
func (p *pattern) matchVarPrefix(s string, e *evaluation) bool {
	if e == nil || !strings.HasPrefix(s, p.lit) {
		return false
	}
	v, state := e.resolve(&p.g.vars[0])
	switch state {
	case varAbsent:
		return false
	case varUndecided:
		e.undecided = p.g.relaxed == nil || p.g.relaxed.match(s, nil)
		return false
	}
	rest := s[len(p.lit):]
	return strings.HasPrefix(rest, v) && strings.HasPrefix(rest[len(v):], p.suf)
}

func (p *pattern) matchGeneral(s string, e *evaluation) bool {
	g := p.g
	if len(g.vars) == 0 {
		return g.matchWith(s, nil, false)
	}
	if e == nil {
		return false
	}
	// The literal text before the first variable is compared first: most
	// subjects that fail, fail there, before any variable is looked up.
	headDone := !g.fold && len(g.head) > 0 && g.head[0].kind == itemLit
	if headDone && !strings.HasPrefix(s, g.head[0].lit) {
		return false
	}
	if len(g.vars) <= 4 {
		var vals [4]string
		return g.resolveAndMatch(s, e, vals[:len(g.vars)], headDone)
	}
	var vals [maxVariables]string
	return g.resolveAndMatch(s, e, vals[:len(g.vars)], headDone)
}

// resolveAndMatch resolves the variables into vals and matches. A variable
// whose key is absent matches nothing. One that cannot be decided leaves
// e.undecided set when some value of it could make the pattern match (the
// relaxed pattern matches), and clears it otherwise.
func (g *general) resolveAndMatch(s string, e *evaluation, vals []string, headDone bool) bool {
	if !e.resolveAll(g.vars, vals) {
		if e.undecided && g.relaxed != nil && !g.relaxed.match(s, nil) {
			e.undecided = false
		}
		return false
	}
	return g.matchWith(s, vals, headDone)
}

// matchWith matches s with the variables' values in vals. headDone says
// that the head's first item, literal text, was already found at the start
// of s.
func (g *general) matchWith(s string, vals []string, headDone bool) bool {
	if g.fold {
		return matchFold(g.head, vals, s)
	}
	head := g.head
	if headDone {
		s, head = s[len(head[0].lit):], head[1:]
	}
	n, ok := matchHead(head, vals, s)
	if !ok {
		return false
	}
	s = s[n:]
	if !g.star {
		return len(s) == 0
	}
	if len(g.tail) > 0 {
		n, ok := matchTail(g.tail, vals, s)
		if !ok {
			return false
		}
		s = s[:len(s)-n]
	}
	for i := range g.mid {
		end, ok := g.mid[i].find(s, vals)
		if !ok {
			return false
		}
		s = s[end:]
	}
	return true
}

// text returns the literal text of a literal or variable item.
func (it *item) text(vals []string) string {
	if it.kind == itemVar {
		return vals[it.n]
	}
	return it.lit
}

// matchHead matches items at the start of s and returns the bytes consumed.
func matchHead(items []item, vals []string, s string) (int, bool) {
	i := 0
	for k := range items {
		it := &items[k]
		if it.kind == itemAny {
			for range it.n {
				if i >= len(s) {
					return 0, false
				}
				i += charLen(s[i:])
			}
			continue
		}
		t := it.text(vals)
		if !strings.HasPrefix(s[i:], t) {
			return 0, false
		}
		i += len(t)
	}
	return i, true
}

// matchTail matches items at the end of s and returns the bytes consumed.
func matchTail(items []item, vals []string, s string) (int, bool) {
	j := len(s)
	for k := len(items) - 1; k >= 0; k-- {
		it := &items[k]
		if it.kind == itemAny {
			for range it.n {
				if j == 0 {
					return 0, false
				}
				_, w := utf8.DecodeLastRuneInString(s[:j])
				j -= w
			}
			continue
		}
		t := it.text(vals)
		if !strings.HasSuffix(s[:j], t) {
			return 0, false
		}
		j -= len(t)
	}
	return len(s) - j, true
}

// matchFold compares s with the concatenation of items (literals and
// variables) under Unicode case folding.
func matchFold(items []item, vals []string, s string) bool {
	var buf [joinBuf]byte
	return strings.EqualFold(s, joinItems(buf[:0], items, vals))
}

// joinBuf is the size of the stack buffer a pattern's literal text and
// variable values are joined into.
const joinBuf = 256

// joinItems appends the texts of literal and variable items to dst (a
// buffer on the caller's stack) and returns them as a string that aliases
// it; a text longer than dst's capacity is joined on the heap.
func joinItems(dst []byte, items []item, vals []string) string {
	for k := range items {
		dst = append(dst, items[k].text(vals)...)
	}
	return unsafeString(dst)
}

// charLen returns the length in bytes of the first character of s (not
// empty): a UTF-8 sequence, or one byte that does not start a valid one.
func charLen(s string) int {
	if s[0] < utf8.RuneSelf {
		return 1
	}
	_, w := utf8.DecodeRuneInString(s)
	return w
}

// find returns the end of the leftmost occurrence of the segment in s.
// For segments with '?' the occurrence that ends first is also the one that
// starts first, since every item consumes a fixed number of characters.
func (seg *segment) find(s string, vals []string) (int, bool) {
	switch {
	case seg.lit != "":
		i := strings.Index(s, seg.lit)
		if i < 0 {
			return 0, false
		}
		return i + len(seg.lit), true
	case seg.skip > 0:
		i := 0
		for range seg.skip {
			if i >= len(s) {
				return 0, false
			}
			i += charLen(s[i:])
		}
		return i, true
	case seg.sa != nil:
		return seg.sa.find(s)
	}
	return findDynamic(seg.items, vals, s)
}

// findDynamic finds a segment of literal text and policy variables (never
// '?': see newSegment): it is joined into one string, on the stack when it
// fits, and found with strings.Index.
func findDynamic(items []item, vals []string, s string) (int, bool) {
	var buf [joinBuf]byte
	t := joinItems(buf[:0], items, vals)
	i := strings.Index(s, t)
	if i < 0 {
		return 0, false
	}
	return i + len(t), true
}

// shiftAnd finds a segment of at most 64 characters, some of them '?', with
// the shift-and algorithm: bit i of the state is set when the last i+1
// characters read match the first i+1 characters of the segment.
type shiftAnd struct {
	final uint64   // the bit of the segment's last character
	any   uint64   // the bits of the '?' positions
	runes []rune   // the segment's distinct literal characters, sorted
	masks []uint64 // masks[i]: the positions holding runes[i]
}

func newShiftAnd(items []item) *shiftAnd {
	sa := &shiftAnd{}
	pos := uint(0)
	set := func(r rune) {
		i, found := slices.BinarySearch(sa.runes, r)
		if !found {
			sa.runes = slices.Insert(sa.runes, i, r)
			sa.masks = slices.Insert(sa.masks, i, 0)
		}
		sa.masks[i] |= 1 << pos
	}
	for _, it := range items {
		if it.kind == itemAny {
			for range it.n {
				sa.any |= 1 << pos
				pos++
			}
			continue
		}
		for _, r := range it.lit {
			set(r)
			pos++
		}
	}
	sa.final = 1 << (pos - 1)
	return sa
}

func (sa *shiftAnd) mask(r rune) uint64 {
	lo, hi := 0, len(sa.runes)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if sa.runes[m] < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(sa.runes) && sa.runes[lo] == r {
		return sa.masks[lo]
	}
	return 0
}

func (sa *shiftAnd) find(s string) (int, bool) {
	var d uint64
	for i := 0; i < len(s); {
		r, w := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && w == 1 {
				r = -1 // an invalid byte equals no literal character
			}
		}
		i += w
		d = (d<<1 | 1) & (sa.any | sa.mask(r))
		if d&sa.final != 0 {
			return i, true
		}
	}
	return 0, false
}

// parseVariable reads a policy variable at the start of s (which begins
// with "${"): ${key} or ${key, 'default'}, with spaces allowed around the
// key and the quoted default. It returns either the variable or, for ${*},
// ${?} and ${$}, the literal character, and the bytes consumed.
func parseVariable(s string, keyFold bool) (variable, string, int, *valueError) {
	i := 2
	j := strings.IndexAny(s[i:], ",}")
	if j < 0 {
		return variable{}, "", 0, &valueError{msg: "has an unterminated policy variable " + quote(s)}
	}
	key := strings.TrimSpace(s[i : i+j])
	i += j
	if s[i] == '}' {
		switch body := s[2:i]; body {
		case "*", "?", "$":
			return variable{}, body, i + 1, nil
		}
		if err := checkVariableKey(key, s[:i+1]); err != nil {
			return variable{}, "", 0, err
		}
		return variable{key: newCondKey(key, keyFold)}, "", i + 1, nil
	}
	i++ // the comma
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != '\'' {
		return variable{}, "", 0, &valueError{msg: "has a policy variable whose default is not in single quotes: " + quote(s)}
	}
	i++
	q := strings.IndexByte(s[i:], '\'')
	if q < 0 {
		return variable{}, "", 0, &valueError{msg: "has a policy variable with an unterminated default: " + quote(s)}
	}
	def := s[i : i+q]
	i += q + 1
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != '}' {
		return variable{}, "", 0, &valueError{msg: "has a malformed policy variable " + quote(s) + ": want ${key} or ${key, 'default'}"}
	}
	if err := checkVariableKey(key, s[:i+1]); err != nil {
		return variable{}, "", 0, err
	}
	return variable{key: newCondKey(key, keyFold), def: def, hasDef: true}, "", i + 1, nil
}

func checkVariableKey(key, whole string) *valueError {
	if key == "" {
		return &valueError{msg: "has a policy variable without a key: " + quote(whole)}
	}
	for _, r := range key {
		if r <= ' ' || strings.ContainsRune("${}'*?,", r) {
			return &valueError{msg: "has a policy variable with an invalid key: " + quote(whole)}
		}
	}
	return nil
}
