package bucketpolicy

import (
	"errors"
	"strconv"
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
	// Code is the vendor error code, such as "MalformedPolicy" (aws, obs),
	// "InvalidPolicyDocument" (oss) or "PolicyTooLarge".
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
