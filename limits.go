package bucketpolicy

import (
	"errors"
	"strconv"
)

// Size limits of the vendors, in bytes, inclusive.
const (
	// MaxDocumentBytesAWS is the size limit of an aws or obs document
	// (20 KB), and the default for cos, whose documentation gives no figure.
	MaxDocumentBytesAWS = 20 * 1024
	// MaxDocumentBytesOSS is the size limit of an oss document (16 KB).
	MaxDocumentBytesOSS = 16 * 1024
	// MaxFieldBytesOSS is the size limit of any one string of an oss
	// document, after JSON unescaping.
	MaxFieldBytesOSS = 4095
)

// Structural bounds. They hold in every dialect, whatever the size limit,
// so that the cost of parsing a document and of evaluating a request
// against it stays linear in the sizes of the document and of the request:
//
//   - Parsing reads the document a fixed number of times (a depth scan,
//     the JSON validator, the walk that compiles it). The nesting bound keeps the
//     recursion of the JSON reader shallow; every other step costs a
//     constant per byte, except building CIDR sets and sorting action
//     lists, which cost n log n in a list bounded by DefaultMaxListValues.
//   - Evaluating a request checks each statement at most a few times (once
//     per index list that holds it), each value of each list once per
//     check, and matches each pattern in time linear in
//     the request's string: a pattern is cut at its '*'s into segments that
//     are matched left to right without backtracking, a literal segment by
//     substring search, a segment with '?' by a bit-parallel scan of at most
//     MaxSegmentChars characters. The bounds below keep the constants small.
//
// Each can be changed for one Parse with [WithLimits].
const (
	// DefaultMaxDepth bounds the nesting of arrays and objects. The deepest
	// well-formed policy nests 6 levels (document, Statement, statement,
	// Condition, operator, value list).
	DefaultMaxDepth = 10
	// DefaultMaxStatements bounds the statements of one policy. A 20 KB
	// document holds at most about 300.
	DefaultMaxStatements = 1000
	// DefaultMaxListValues bounds the entries of one list: actions,
	// resources, principals, or the values of one condition key.
	DefaultMaxListValues = 1000
	// DefaultMaxPatternBytes bounds one action, resource, principal,
	// condition key or condition value.
	DefaultMaxPatternBytes = 4096
	// DefaultMaxWildcards bounds the '*' and '?' of one pattern.
	DefaultMaxWildcards = 256
	// DefaultMaxConditions bounds the (operator, key) pairs of one statement.
	DefaultMaxConditions = 100
)

// Fixed bounds of the matcher; they are not configurable because they size
// arrays on the evaluation stack.
const (
	// MaxVariables bounds the policy variables of one pattern.
	MaxVariables = 16
	// MaxSegmentChars bounds the characters of a pattern segment that holds
	// both '?' and literal text and lies between two '*'s (as "*a?c*"):
	// such a segment is found with a 64-bit bit-parallel scan. Segments
	// anchored at either end of the pattern, and segments of only literal
	// text or only '?', have no such bound.
	MaxSegmentChars = 64
)

// Limits bounds what [Parse] accepts. A zero field takes the default: the
// dialect's documented limit for DocumentBytes and FieldBytes, the
// Default... constant for the others. Raise them for documents larger than
// a cloud accepts, lower them to be stricter.
type Limits struct {
	// DocumentBytes bounds the whole document (inclusive). Defaults:
	// MaxDocumentBytesAWS for aws, obs and cos, MaxDocumentBytesOSS for oss.
	DocumentBytes int
	// FieldBytes bounds any one JSON string, keys included, after
	// unescaping. Default: MaxFieldBytesOSS for oss, no bound otherwise.
	FieldBytes int
	// Depth bounds the nesting of arrays and objects. Default: DefaultMaxDepth.
	Depth int
	// Statements bounds the statements. Default: DefaultMaxStatements.
	Statements int
	// ListValues bounds one list. Default: DefaultMaxListValues.
	ListValues int
	// PatternBytes bounds one pattern or value. Default: DefaultMaxPatternBytes.
	PatternBytes int
	// Wildcards bounds the wildcards of one pattern. Default: DefaultMaxWildcards.
	Wildcards int
	// Conditions bounds the (operator, key) pairs of one statement.
	// Default: DefaultMaxConditions.
	Conditions int
}

// Option configures [Parse].
type Option func(*config)

type config struct {
	dialect Dialect
	limits  Limits
	err     error
}

// WithDialect makes Parse read the document in the given dialect instead
// of detecting it. It is the only way to choose [OBS], whose documents look
// like aws ones.
func WithDialect(d Dialect) Option {
	return func(c *config) {
		if d < AWS || d > COS {
			c.err = errors.New("bucketpolicy: WithDialect: unknown dialect " + strconv.Itoa(int(d)))
			return
		}
		c.dialect = d
	}
}

// MaxDepth is the largest nesting bound [WithLimits] accepts: the JSON
// reader recurses once per level, so the bound keeps it far from the
// goroutine's stack limit whatever the document size.
const MaxDepth = 1000

// WithLimits replaces the default bounds by the non-zero fields of l.
// Negative values, and a Depth above MaxDepth, are an error.
func WithLimits(l Limits) Option {
	return func(c *config) {
		for _, v := range [...]int{l.DocumentBytes, l.FieldBytes, l.Depth, l.Statements,
			l.ListValues, l.PatternBytes, l.Wildcards, l.Conditions} {
			if v < 0 {
				c.err = errors.New("bucketpolicy: WithLimits: negative limit")
				return
			}
		}
		if l.Depth > MaxDepth {
			c.err = errors.New("bucketpolicy: WithLimits: Depth above " + strconv.Itoa(MaxDepth))
			return
		}
		c.limits = l
	}
}

// resolve fills the zero fields of l with the defaults of dialect d
// (d may be 0 before detection: the largest default applies).
func (l Limits) resolve(d Dialect) Limits {
	def := func(v, dflt int) int {
		if v == 0 {
			return dflt
		}
		return v
	}
	docDefault := MaxDocumentBytesAWS
	fieldDefault := 0
	if d == OSS {
		docDefault = MaxDocumentBytesOSS
		fieldDefault = MaxFieldBytesOSS
	}
	return Limits{
		DocumentBytes: def(l.DocumentBytes, docDefault),
		FieldBytes:    def(l.FieldBytes, fieldDefault),
		Depth:         def(l.Depth, DefaultMaxDepth),
		Statements:    def(l.Statements, DefaultMaxStatements),
		ListValues:    def(l.ListValues, DefaultMaxListValues),
		PatternBytes:  def(l.PatternBytes, DefaultMaxPatternBytes),
		Wildcards:     def(l.Wildcards, DefaultMaxWildcards),
		Conditions:    def(l.Conditions, DefaultMaxConditions),
	}
}
