package bucketpolicy

import (
	"errors"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// Error is the error [Parse] returns for a document it rejects. It says
// where the fault is, what it is, and which error code the dialect's cloud
// answers a PUT /?policy with for it, so that a server can answer its
// client the way that cloud would.
//
// Errors that come from a limit wrap one of the sentinel errors
// ([ErrTooLarge], [ErrLimit]); a document that is not JSON wraps
// [ErrSyntax]. Test for them with [errors.Is].
type Error struct {
	// Code is the error code the dialect's cloud answers a rejected
	// PUT /?policy with (HTTP 400): "MalformedPolicy" (aws, obs, cos, and a
	// document whose dialect could not be told) or "InvalidPolicyDocument"
	// (oss). A misused [Option] has the code "InvalidArgument" and wraps
	// [ErrOption]: it is the host's fault, not the document's.
	Code string
	// Path is the JSON path of the faulty element, such as
	// "Statement[2].Condition.IpAddress.aws:SourceIp[0]"; "" for the
	// document as a whole.
	Path string
	// Offset is the byte offset of the fault in the document, or -1 when
	// the fault has no place (a document too large as a whole).
	Offset int
	// Line and Column give Offset as a 1-based line and column (in bytes),
	// or 0 when Offset is -1.
	Line, Column int
	// Message says what is wrong, for a person.
	Message string
	// Err is the sentinel error this error wraps, or nil.
	Err error
}

// Error returns the path and the message, as in
// `Statement[2].Effect: want "Allow" or "Deny", got "allow"`.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// Unwrap returns the sentinel error e wraps, if any.
func (e *Error) Unwrap() error { return e.Err }

// Position returns "line:column", or "" when the error has no place.
func (e *Error) Position() string {
	if e.Line == 0 {
		return ""
	}
	return strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column)
}

// Sentinel errors wrapped by [*Error].
var (
	// ErrTooLarge: the document is larger than the dialect's size limit
	// (or the one set with [WithLimits]).
	ErrTooLarge = errors.New("bucketpolicy: policy too large")
	// ErrLimit: the document exceeds one of the structural bounds of
	// [Limits] other than its size (a string too long, too many
	// statements, values, wildcards or conditions, nesting too deep).
	ErrLimit = errors.New("bucketpolicy: policy exceeds a limit")
	// ErrSyntax: the document is not valid JSON (or not UTF-8).
	ErrSyntax = errors.New("bucketpolicy: invalid JSON")
	// ErrOption: an Option passed to Parse is invalid (a negative limit, an
	// unknown dialect); the document was not read.
	ErrOption = errors.New("bucketpolicy: invalid option")
)

// errorCode returns the code the dialect's cloud answers a rejected
// PUT /?policy with. None of the clouds documents a separate code for a
// document that is too large or not JSON: S3 and OBS answer 400
// MalformedPolicy to every fault (S3's message for size is "Policy exceeds
// the maximum allowed document size"), OSS answers 400
// InvalidPolicyDocument ("invalid policy document"), and COS documents no
// policy-specific code, so it answers as S3 does. An undetected dialect
// answers as aws. The wrapped sentinel still tells [ErrTooLarge] and
// [ErrSyntax] apart.
func errorCode(d Dialect) string {
	if d == OSS {
		return "InvalidPolicyDocument"
	}
	return "MalformedPolicy"
}

func itoa(i int) string { return strconv.Itoa(i) }

func quote(s string) string { return strconv.Quote(s) }

// valueError is a fault in one value of a policy: a pattern, an action, a
// resource, a principal or a condition value. The element files report
// faults this way, without knowing where the value stands; the parser
// adds its place.
type valueError struct {
	msg   string
	limit bool // a bound of Limits or of the matcher, rather than a syntax fault
	off   int  // where the value starts, once known (see at)
}

func (e *valueError) Error() string { return e.msg }

// at records where the faulty value starts in the document.
func (e *valueError) at(off int) *valueError {
	e.off = off
	return e
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

// valueErr places a value's fault at the given offset (see
// [valueError.at]).
func (ps *parser) valueErr(off int, ve *valueError) *Error {
	var sentinel error
	if ve.limit {
		sentinel = ErrLimit
	}
	return ps.errAt(off, sentinel, ve.msg)
}

// tooLong is the fault of a pattern, value or condition key longer than
// the limit, in one message wherever it is found.
func tooLong(s string, lim *Limits) *valueError {
	if len(s) <= lim.PatternBytes {
		return nil
	}
	return &valueError{msg: "is " + itoa(len(s)) + " bytes long; the limit for one name, pattern or value is " + itoa(lim.PatternBytes), limit: true}
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

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
	}
	return out
}

func hex4(n int) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[n>>12&15], digits[n>>8&15], digits[n>>4&15], digits[n&15]})
}
