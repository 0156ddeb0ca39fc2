package bucketpolicy

import "strconv"

// Limits bounds what [Parse] accepts. [DefaultLimits] gives each dialect's
// bounds; [WithLimits] changes them for one Parse.
//
// The size bounds are the vendors' own. The structural bounds hold in every
// dialect, whatever the size, so that the cost of parsing a document and of
// evaluating a request against it stays linear in the sizes of the document
// and of the request:
//
//   - Parsing reads the document a fixed number of times (a depth scan,
//     the JSON validator, the walk that compiles it). The nesting bound
//     keeps the recursion of the JSON reader shallow; every other step
//     costs a constant per byte, except building CIDR sets and sorting
//     action lists, which cost n log n in a list bounded by ListValues.
//   - Evaluating a request checks each statement at most a few times (once
//     per index list that holds it), each value of each list once per
//     check, and matches each pattern in time linear in the request's
//     string: a pattern is cut at its '*'s into segments that are matched
//     left to right without backtracking, a literal segment by substring
//     search, a segment with '?' by a bit-parallel scan.
//
// Two bounds of the matcher are fixed, because they size arrays on the
// evaluation stack: a pattern holds at most 16 policy variables, and a
// segment between two '*'s that mixes '?' with literal text holds at most
// 64 characters (segments anchored at either end of the pattern, and
// segments of only literal text or only '?', have no such bound).
type Limits struct {
	// DocumentBytes bounds the whole document (inclusive): 20,480 bytes for
	// aws, obs and cos (cos documents no figure), 16,384 for oss.
	DocumentBytes int
	// FieldBytes bounds any one JSON string, keys included, after
	// unescaping, and the text of a number: 4,095 for oss; 0 (no bound)
	// otherwise.
	FieldBytes int
	// Depth bounds the nesting of arrays and objects: 10 by default (the
	// deepest well-formed policy nests 6: document, Statement, statement,
	// Condition, operator, value list). WithLimits accepts at most 1,000.
	Depth int
	// Statements bounds the statements of one policy: 1,000 (a 20 KB
	// document holds about 300).
	Statements int
	// ListValues bounds one list: actions, resources, principals, or the
	// values of one condition key: 1,000.
	ListValues int
	// PatternBytes bounds one action, resource, principal, condition key or
	// condition value: 4,096.
	PatternBytes int
	// Wildcards bounds the '*' and '?' of one pattern: 256.
	Wildcards int
	// Conditions bounds the (operator, key) pairs of one statement: 100.
	Conditions int
}

// The fixed bounds described in the documentation of [Limits].
const (
	maxDepth        = 1000 // the largest Depth WithLimits accepts
	maxSegmentChars = 64   // a '?' segment between two '*'s; one 64-bit word
)

// DefaultLimits returns the bounds Parse applies to a document of dialect
// d when [WithLimits] does not change them. For the zero Dialect (not yet
// detected) it returns the largest of each.
func DefaultLimits(d Dialect) Limits {
	l := Limits{
		DocumentBytes: 20 * 1024,
		Depth:         10,
		Statements:    1000,
		ListValues:    1000,
		PatternBytes:  4096,
		Wildcards:     256,
		Conditions:    100,
	}
	if d == OSS {
		l.DocumentBytes = 16 * 1024
		l.FieldBytes = 4095
	}
	return l
}

// Option configures [Parse].
type Option func(*config)

type config struct {
	dialect Dialect
	limits  Limits
	err     string // a misused option: Parse reports it as an *Error wrapping ErrOption
	// accept holds the PutBucketPolicy rules of WithBucket and WithActions
	// (accept.go); nil when neither is given.
	accept *acceptRules
}

// applyOptions applies Parse's and Lint's options; a misused one is an
// *Error wrapping ErrOption.
func applyOptions(opts []Option) (config, error) {
	var cfg config
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.err != "" {
		return cfg, &Error{Code: "InvalidArgument", Offset: -1, Message: cfg.err, Err: ErrOption}
	}
	return cfg, nil
}

// WithDialect makes Parse read the document in the given dialect instead
// of detecting it. It is the only way to choose [OBS], whose documents look
// like aws ones.
func WithDialect(d Dialect) Option {
	return func(c *config) {
		if d < AWS || d > COS {
			c.err = "WithDialect: unknown dialect " + strconv.Itoa(int(d)) + "; want AWS, OBS, OSS or COS"
			return
		}
		c.dialect = d
	}
}

// WithLimits replaces the default bounds by the non-zero fields of l.
// Negative values, and a Depth above 1,000 (the JSON reader recurses once
// per level), are an error.
func WithLimits(l Limits) Option {
	return func(c *config) {
		for _, v := range [...]int{l.DocumentBytes, l.FieldBytes, l.Depth, l.Statements,
			l.ListValues, l.PatternBytes, l.Wildcards, l.Conditions} {
			if v < 0 {
				c.err = "WithLimits: negative limit " + strconv.Itoa(v)
				return
			}
		}
		if l.Depth > maxDepth {
			c.err = "WithLimits: Depth " + strconv.Itoa(l.Depth) + " is above " + strconv.Itoa(maxDepth)
			return
		}
		c.limits = l
	}
}

// resolve fills the zero fields of l with the defaults of dialect d.
func (l Limits) resolve(d Dialect) Limits {
	def := DefaultLimits(d)
	pick := func(v, dflt int) int {
		if v == 0 {
			return dflt
		}
		return v
	}
	return Limits{
		DocumentBytes: pick(l.DocumentBytes, def.DocumentBytes),
		FieldBytes:    pick(l.FieldBytes, def.FieldBytes),
		Depth:         pick(l.Depth, def.Depth),
		Statements:    pick(l.Statements, def.Statements),
		ListValues:    pick(l.ListValues, def.ListValues),
		PatternBytes:  pick(l.PatternBytes, def.PatternBytes),
		Wildcards:     pick(l.Wildcards, def.Wildcards),
		Conditions:    pick(l.Conditions, def.Conditions),
	}
}
