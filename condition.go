package bucketpolicy

import (
	"encoding/base64"
	"net/netip"
	"strings"

	"go4.org/netipx"
)

// family is a family of condition operators: what the values are and how
// they compare.
type family uint8

const (
	famString     family = iota + 1 // StringEquals: exact, case-sensitive
	famStringFold                   // StringEqualsIgnoreCase
	famStringLike                   // StringLike: '*' and '?'
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

// cmpOp is how a numeric or date request value compares with a policy value.
type cmpOp uint8

const (
	cmpEq cmpOp = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

// setQual is a set qualifier: ForAllValues, ForAnyValue, or none.
type setQual uint8

const (
	setNone setQual = iota
	setForAll
	setForAny
)

// operator is a base operator: a family, a comparison, and whether it is
// negated (StringNotEquals, NotIpAddress, ...).
type operator struct {
	family  family
	cmp     cmpOp
	negated bool
}

// awsOperators are the base operators of aws. obs and oss have the string,
// numeric, date, boolean and IP families of them (the "all" ones).
var awsOperators = map[string]operator{
	"StringEquals":              {famString, cmpEq, false},
	"StringNotEquals":           {famString, cmpEq, true},
	"StringEqualsIgnoreCase":    {famStringFold, cmpEq, false},
	"StringNotEqualsIgnoreCase": {famStringFold, cmpEq, true},
	"StringLike":                {famStringLike, cmpEq, false},
	"StringNotLike":             {famStringLike, cmpEq, true},
	"NumericEquals":             {famNumeric, cmpEq, false},
	"NumericNotEquals":          {famNumeric, cmpEq, true},
	"NumericLessThan":           {famNumeric, cmpLt, false},
	"NumericLessThanEquals":     {famNumeric, cmpLe, false},
	"NumericGreaterThan":        {famNumeric, cmpGt, false},
	"NumericGreaterThanEquals":  {famNumeric, cmpGe, false},
	"DateEquals":                {famDate, cmpEq, false},
	"DateNotEquals":             {famDate, cmpEq, true},
	"DateLessThan":              {famDate, cmpLt, false},
	"DateLessThanEquals":        {famDate, cmpLe, false},
	"DateGreaterThan":           {famDate, cmpGt, false},
	"DateGreaterThanEquals":     {famDate, cmpGe, false},
	"Bool":                      {famBool, cmpEq, false},
	"BinaryEquals":              {famBinary, cmpEq, false},
	"IpAddress":                 {famIP, cmpEq, false},
	"NotIpAddress":              {famIP, cmpEq, true},
	"ArnEquals":                 {famARN, cmpEq, false},
	"ArnLike":                   {famARN, cmpEq, false},
	"ArnNotEquals":              {famARN, cmpEq, true},
	"ArnNotLike":                {famARN, cmpEq, true},
	"Null":                      {famNull, cmpEq, false},
}

// obsShortNames are the short names OBS documents for its string, numeric
// and date operators; only the obs dialect accepts them, as written (no
// qualifier, no suffix).
var obsShortNames = map[string]string{
	"streq": "StringEquals", "strneq": "StringNotEquals", "streqi": "StringEqualsIgnoreCase",
	"strneqi": "StringNotEqualsIgnoreCase", "strl": "StringLike", "strnl": "StringNotLike",
	"numeq": "NumericEquals", "numneq": "NumericNotEquals", "numlt": "NumericLessThan",
	"numlteq": "NumericLessThanEquals", "numgt": "NumericGreaterThan", "numgteq": "NumericGreaterThanEquals",
	"dateeq": "DateEquals", "dateneq": "DateNotEquals", "datelt": "DateLessThan",
	"datelteq": "DateLessThanEquals", "dategt": "DateGreaterThan", "dategteq": "DateGreaterThanEquals",
}

// cosOperators are the snake-case operators of cos.
var cosOperators = map[string]operator{
	"string_equal":                 {famString, cmpEq, false},
	"string_not_equal":             {famString, cmpEq, true},
	"string_equal_ignore_case":     {famStringFold, cmpEq, false},
	"string_not_equal_ignore_case": {famStringFold, cmpEq, true},
	"string_like":                  {famStringLike, cmpEq, false},
	"string_not_like":              {famStringLike, cmpEq, true},
	"numeric_equal":                {famNumeric, cmpEq, false},
	"numeric_not_equal":            {famNumeric, cmpEq, true},
	"numeric_less_than":            {famNumeric, cmpLt, false},
	"numeric_less_than_equal":      {famNumeric, cmpLe, false},
	"numeric_greater_than":         {famNumeric, cmpGt, false},
	"numeric_greater_than_equal":   {famNumeric, cmpGe, false},
	"date_equal":                   {famDate, cmpEq, false},
	"date_not_equal":               {famDate, cmpEq, true},
	"date_less_than":               {famDate, cmpLt, false},
	"date_less_than_equal":         {famDate, cmpLe, false},
	"date_greater_than":            {famDate, cmpGt, false},
	"date_greater_than_equal":      {famDate, cmpGe, false},
	"bool_equal":                   {famBool, cmpEq, false},
	"ip_equal":                     {famIP, cmpEq, false},
	"ip_not_equal":                 {famIP, cmpEq, true},
	"null_equal":                   {famNull, cmpEq, false},
}

// opSpec is a parsed operator name: qualifier, base operator, suffix.
type opSpec struct {
	operator
	set      setQual
	ifExists bool
}

// parseOperator reads an operator name of the dialect. Names are
// case-sensitive; anything not in the dialect's table is an error.
func parseOperator(d Dialect, name string) (opSpec, string) {
	var spec opSpec
	base := name
	unknown := func() string { return "unknown condition operator " + quote(name) }
	switch d {
	case COS:
		if b, ok := strings.CutPrefix(base, "for_all_value:"); ok {
			spec.set, base = setForAll, b
		} else if b, ok := strings.CutPrefix(base, "for_any_value:"); ok {
			spec.set, base = setForAny, b
		}
		if b, ok := strings.CutSuffix(base, "_if_exist"); ok {
			spec.ifExists, base = true, b
		}
		op, ok := cosOperators[base]
		if !ok {
			if _, camel := awsOperators[base]; camel {
				return spec, unknown() + ": cos operators are written in snake case, such as \"string_equal\""
			}
			if b, ok := strings.CutSuffix(base, "_if_exists"); ok {
				if _, known := cosOperators[b]; known {
					return spec, unknown() + ": did you mean " + quote(strings.TrimSuffix(name, "_if_exists")+"_if_exist") + "?"
				}
			}
			return spec, unknown()
		}
		spec.operator = op
	default:
		if b, ok := strings.CutPrefix(base, "ForAllValues:"); ok {
			spec.set, base = setForAll, b
		} else if b, ok := strings.CutPrefix(base, "ForAnyValue:"); ok {
			spec.set, base = setForAny, b
		}
		if b, ok := strings.CutSuffix(base, "IfExists"); ok {
			spec.ifExists, base = true, b
		}
		op, ok := awsOperators[base]
		if long, alias := obsShortNames[base]; !ok && alias && d == OBS {
			op, ok, base = awsOperators[long], true, long
		}
		if !ok {
			if long, alias := obsShortNames[base]; alias {
				return spec, unknown() + ": " + quote(name) + " is OBS's short name for " + quote(long) + ", which only the obs dialect accepts"
			}
			for known := range awsOperators {
				if strings.EqualFold(known, base) {
					return spec, unknown() + ": operator names are case-sensitive; did you mean " + quote(known) + "?"
				}
			}
			return spec, unknown()
		}
		spec.operator = op
		if d != AWS {
			switch {
			case spec.set != setNone:
				return spec, quote(name) + ": the " + d.String() + " dialect has no ForAllValues or ForAnyValue qualifiers"
			case spec.ifExists:
				return spec, quote(name) + ": the " + d.String() + " dialect has no IfExists operators"
			case op.family == famNull || op.family == famBinary || op.family == famARN:
				return spec, quote(base) + " is not a condition operator of the " + d.String() + " dialect"
			}
		}
	}
	if spec.family == famNull && spec.ifExists {
		return spec, quote(name) + ": the Null operator takes no IfExists suffix"
	}
	if spec.family == famNull && spec.set != setNone && d == COS {
		return spec, quote(name) + ": null_equal takes no for_all_value or for_any_value qualifier"
	}
	return spec, ""
}

// condition is one compiled (operator, key) pair of a Condition block.
type condition struct {
	opSpec
	bools uint8 // bool and null: bit 1 "true" listed, bit 2 "false" listed
	key   condKey
	pats  []pattern // string families; bool values with variables
	ips   *netipx.IPSet
	v4    []v4Range    // the IPv4 ranges of ips, for requests read by parseIPv4
	typed *typedValues // the values of the other families
}

// typedValues are the policy values of the numeric, date, binary and ARN
// families.
type typedValues struct {
	arns  [][6]pattern
	nums  []decimal
	times []instant
	strs  []string // binary
}

func (c *condition) values() *typedValues {
	if c.typed == nil {
		c.typed = &typedValues{}
	}
	return c.typed
}

const (
	boolTrue  = 1
	boolFalse = 2
)

// truth is what a condition says about a request: it holds, it does not,
// or it cannot be decided.
type truth uint8

const (
	isFalse truth = iota
	isTrue
	isUnknown
)

// not negates a truth; unknown stays unknown.
func (t truth) not() truth {
	switch t {
	case isFalse:
		return isTrue
	case isTrue:
		return isFalse
	}
	return isUnknown
}

// holds evaluates the condition for the request, by the rules the README's
// fail-closed register lists: a missing key by the dialect's rule; a key in two spellings, several values under an
// operator without a set qualifier, or a value that cannot be read as the
// operator's type is unknown; Null tests presence only and is never
// unknown.
func (c *condition) holds(e *evaluation) truth {
	vals, state := e.lookup(&c.key)
	if c.family == famNull {
		return c.holdsNull(state != keyAbsent)
	}
	switch state {
	case keyAmbiguous:
		return isUnknown
	case keyAbsent:
		switch {
		case c.ifExists:
			return isTrue
		case e.dialect == COS:
			return isFalse // cos: a missing key fails every operator
		case c.set == setForAll:
			return isTrue
		case c.set == setForAny:
			return isFalse
		}
		if c.negated {
			return isTrue
		}
		return isFalse
	}
	switch c.set {
	case setForAll:
		// False if a readable value fails, else unknown if one could not
		// be read, else true.
		t := isTrue
		for _, v := range vals {
			switch c.matchValue(v, e) {
			case isUnknown:
				t = isUnknown
			case isTrue:
				if c.negated {
					return isFalse
				}
			case isFalse:
				if !c.negated {
					return isFalse
				}
			}
		}
		return t
	case setForAny:
		// True if a readable value matches, else unknown if one could not
		// be read, else false.
		t := isFalse
		for _, v := range vals {
			switch c.matchValue(v, e) {
			case isUnknown:
				t = isUnknown
			case isTrue:
				if !c.negated {
					return isTrue
				}
			case isFalse:
				if c.negated {
					return isTrue
				}
			}
		}
		return t
	}
	if len(vals) != 1 {
		return isUnknown // several values under a single-value operator
	}
	t := c.matchValue(vals[0], e)
	if c.negated {
		return t.not()
	}
	return t
}

// holdsNull evaluates Null, and ForAllValues:Null and ForAnyValue:Null as
// set operators over the key's values, each present value counting as not
// null: ForAllValues holds when the key is absent (no value fails) or when
// "false" is listed; ForAnyValue holds when the key is present and "false"
// is listed.
func (c *condition) holdsNull(present bool) truth {
	var ok bool
	switch {
	case c.set == setForAll:
		ok = !present || c.bools&boolFalse != 0
	case c.set == setForAny:
		ok = present && c.bools&boolFalse != 0
	case present:
		ok = c.bools&boolFalse != 0
	default:
		ok = c.bools&boolTrue != 0
	}
	if ok {
		return isTrue
	}
	return isFalse
}

// matchValue reports whether the request value v matches at least one of
// the policy values: isUnknown when v cannot be read as the operator's
// type, or when no policy value matches and one holds a policy variable
// that cannot be decided.
func (c *condition) matchValue(v string, e *evaluation) truth {
	switch c.family {
	case famString, famStringFold, famStringLike:
		undecided := false
		for i := range c.pats {
			e.undecided = false
			if c.pats[i].match(v, e) {
				return isTrue
			}
			undecided = undecided || e.undecided
		}
		return unknownIf(undecided)
	case famARN:
		parts, ok := splitARN(v, false)
		if !ok {
			return isUnknown
		}
		undecided := false
		arns := c.typed.arns
	next:
		for i := range arns {
			for j := range arns[i] {
				e.undecided = false
				if !arns[i][j].match(parts[j], e) {
					undecided = undecided || e.undecided
					continue next
				}
			}
			return isTrue
		}
		return unknownIf(undecided)
	case famNumeric:
		x, ok := parseDecimal(v)
		if !ok {
			return isUnknown
		}
		for _, y := range c.typed.nums {
			if compares(cmpDecimal(x, y), c.cmp) {
				return isTrue
			}
		}
		return isFalse
	case famDate:
		x, ok := parseInstant(v)
		if !ok {
			return isUnknown
		}
		for _, y := range c.typed.times {
			if compares(cmpInstant(x, y), c.cmp) {
				return isTrue
			}
		}
		return isFalse
	case famBool:
		b, ok := parseBool(v)
		if !ok {
			return isUnknown
		}
		if (b && c.bools&boolTrue != 0) || (!b && c.bools&boolFalse != 0) {
			return isTrue
		}
		undecided := false
		for i := range c.pats { // values with policy variables
			e.undecided = false
			if pb, ok := c.pats[i].boolValue(e); ok && pb == b {
				return isTrue
			}
			undecided = undecided || e.undecided
		}
		return unknownIf(undecided)
	case famBinary:
		for _, s := range c.typed.strs {
			if s == v {
				return isTrue
			}
		}
		return isFalse
	case famIP:
		if a, ok := parseIPv4(v); ok {
			if inRanges(c.v4, a) {
				return isTrue
			}
			return isFalse
		}
		a, ok := parseIP(v)
		if !ok {
			return isUnknown
		}
		if c.ips.Contains(a) {
			return isTrue
		}
		return isFalse
	}
	return isUnknown
}

// unknownIf is isUnknown when undecided, else isFalse.
func unknownIf(undecided bool) truth {
	if undecided {
		return isUnknown
	}
	return isFalse
}

// parseIP reads a request's IP address: an IPv4 or IPv6 address, without
// a port or a zone; an IPv4-mapped IPv6 address counts as its IPv4 address.
func parseIP(v string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(v)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// compares reports whether a comparison result c (a against b) satisfies op.
func compares(c int, op cmpOp) bool {
	switch op {
	case cmpEq:
		return c == 0
	case cmpLt:
		return c < 0
	case cmpLe:
		return c <= 0
	case cmpGt:
		return c > 0
	case cmpGe:
		return c >= 0
	}
	return false
}

// compileCondition compiles one (operator, key) pair of a Condition block
// and its values.
func (cc *compiler) compileCondition(spec opSpec, key string, vals []strVal) (condition, *valueError) {
	c := condition{opSpec: spec, key: newCondKey(key, cc.keyFold())}
	var ipb netipx.IPSetBuilder
	for _, sv := range vals {
		if err := c.addValue(cc, sv.s, &ipb); err != nil {
			return c, err.at(sv.off)
		}
	}
	if c.family == famIP {
		set, err := ipb.IPSet()
		if err != nil {
			return c, (&valueError{msg: "cannot build the IP set: " + err.Error()}).at(vals[0].off)
		}
		c.ips = set
		for _, r := range set.Ranges() {
			if r.From().Is4() {
				lo, hi := r.From().As4(), r.To().As4()
				c.v4 = append(c.v4, v4Range{be32(lo), be32(hi)})
			}
		}
	}
	return c, nil
}

// v4Range is a range of IPv4 addresses, as numbers, both ends included.
type v4Range struct{ lo, hi uint32 }

// inRanges reports whether a lies in one of rs (sorted, disjoint).
func inRanges(rs []v4Range, a uint32) bool {
	lo, hi := 0, len(rs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case rs[m].hi < a:
			lo = m + 1
		case rs[m].lo > a:
			hi = m
		default:
			return true
		}
	}
	return false
}

func be32(b [4]byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// parseIPv4 reads a request's address when it is IPv4 in the form netip
// reads it: four decimal numbers of 0 to 255, without leading zeros,
// between dots. Anything else (IPv6, a port, a zone, an unreadable value)
// is left to parseIP.
func parseIPv4(s string) (uint32, bool) {
	if len(s) < 7 || len(s) > 15 {
		return 0, false
	}
	var a uint32
	part, digits, val := 0, 0, uint32(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			if digits == 1 && val == 0 {
				return 0, false // a leading zero
			}
			val = val*10 + uint32(c-'0')
			digits++
			if digits > 3 || val > 255 {
				return 0, false
			}
		case c == '.' && digits > 0 && part < 3:
			a = a<<8 | val
			part, digits, val = part+1, 0, 0
		default:
			return 0, false
		}
	}
	if part != 3 || digits == 0 {
		return 0, false
	}
	return a<<8 | val, true
}

// addValue compiles one policy value of the condition. It returns a message
// when the value cannot be read as the operator's type.
func (c *condition) addValue(cc *compiler, text string, ipb *netipx.IPSetBuilder) *valueError {
	switch c.family {
	case famString, famStringFold, famStringLike:
		syn := syntax{wildcards: c.family == famStringLike, variables: cc.variables, fold: c.family == famStringFold}
		if syn.wildcards && cc.dialect == OSS && strings.Contains(text, "**") {
			return &valueError{msg: "oss rejects consecutive wildcards \"**\" in " + quote(text)}
		}
		p, err := compilePattern(text, syn, &cc.lim, cc.keyFold())
		if err != nil {
			return err
		}
		c.pats = append(c.pats, p)
	case famARN:
		var arn [6]pattern
		if text == "*" {
			for j := range arn {
				arn[j] = pattern{kind: patAll}
			}
		} else {
			parts, ok := splitARN(text, cc.variables)
			if !ok {
				return &valueError{msg: "invalid ARN " + quote(text) + ": want six parts, arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"}
			}
			for j, part := range parts {
				p, err := compilePattern(part, syntax{wildcards: true, variables: cc.variables}, &cc.lim, cc.keyFold())
				if err != nil {
					return err
				}
				arn[j] = p
			}
		}
		c.values().arns = append(c.values().arns, arn)
	case famNumeric:
		x, ok := parseDecimal(text)
		if !ok {
			return &valueError{msg: "invalid number " + quote(text) + ": want a decimal in plain notation, such as 10, -3 or 2.5"}
		}
		c.values().nums = append(c.values().nums, x)
	case famDate:
		if ambiguousDate(text) {
			iso := text + "-01-01"
			if len(text) == 8 {
				iso = text[0:4] + "-" + text[4:6] + "-" + text[6:8]
			}
			return &valueError{msg: "ambiguous date " + quote(text) + ": it reads as epoch seconds (in 1970) and as an ISO 8601 date; write " +
				quote(iso) + " for the date, or more digits for epoch seconds"}
		}
		t, ok := parseInstant(text)
		if !ok {
			return &valueError{msg: "invalid date " + quote(text) + ": want ISO 8601, such as 2026-01-01 or 2026-01-01T00:00:00Z, or epoch seconds"}
		}
		c.values().times = append(c.values().times, t)
	case famBool:
		if cc.variables && strings.Contains(text, "${") {
			p, err := compilePattern(text, syntax{variables: true}, &cc.lim, cc.keyFold())
			if err != nil {
				return err
			}
			if p.g != nil {
				c.pats = append(c.pats, p)
				return nil
			}
			// Only ${*}, ${?} and ${$}: a literal value like any other.
			text = p.lit
		}
		b, ok := parseBool(text)
		if !ok {
			return &valueError{msg: "invalid boolean " + quote(text) + ": want \"true\" or \"false\""}
		}
		c.bools |= boolBit(b)
	case famNull:
		b, ok := parseBool(text)
		if !ok {
			return &valueError{msg: "invalid Null value " + quote(text) + ": want \"true\" (the key is absent) or \"false\" (present)"}
		}
		c.bools |= boolBit(b)
	case famBinary:
		if text == "" {
			return &valueError{msg: "empty binary value"}
		}
		if _, err := base64.StdEncoding.DecodeString(text); err != nil {
			return &valueError{msg: "invalid binary value " + quote(text) + ": want base64"}
		}
		c.values().strs = append(c.values().strs, text)
	case famIP:
		return addIP(ipb, text)
	}
	return nil
}

func boolBit(b bool) uint8 {
	if b {
		return boolTrue
	}
	return boolFalse
}

// addIP adds a CIDR block or a bare address to the set. A block with host
// bits set ("10.1.2.3/8") means its network ("10.0.0.0/8"), as AWS, MinIO
// and Ceph read it. IPv4-mapped IPv6 blocks are stored as IPv4, since
// request addresses are compared in that form.
func addIP(b *netipx.IPSetBuilder, text string) *valueError {
	if strings.Contains(text, "%") {
		return &valueError{msg: "invalid IP address " + quote(text) + ": zones are not allowed"}
	}
	if strings.Contains(text, "/") {
		p, err := netip.ParsePrefix(text)
		if err != nil {
			return &valueError{msg: "invalid CIDR block " + quote(text)}
		}
		p = p.Masked()
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		b.AddPrefix(p)
		return nil
	}
	a, err := netip.ParseAddr(text)
	if err != nil {
		return &valueError{msg: "invalid IP address " + quote(text) + ": want an address or a CIDR block"}
	}
	b.Add(a.Unmap())
	return nil
}

// boolValue resolves a Bool value that holds policy variables and reads it
// as a boolean.
func (p *pattern) boolValue(e *evaluation) (value, ok bool) {
	if p.g == nil {
		return parseBool(p.lit)
	}
	var vals [maxVariables]string
	if !e.resolveAll(p.g.vars, vals[:len(p.g.vars)]) {
		return false, false
	}
	var buf [16]byte
	return parseBool(joinItems(buf[:0], p.g.head, vals[:len(p.g.vars)]))
}
