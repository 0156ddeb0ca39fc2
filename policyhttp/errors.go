package policyhttp

import (
	"net/http"
	"strconv"
)

// Error is why a request could not be mapped, with the reply its cloud
// gives: 501 NotImplemented for an operation the mapper does not know, 400
// for a request whose own values it cannot read (InvalidArgument,
// InvalidURI, InvalidBucketName, MalformedXML, InvalidRequest). Write it
// with [WriteError].
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string {
	return "policyhttp: " + e.Code + ": " + e.Message
}

func badRequest(code, msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: code, Message: msg}
}

func notImplemented(msg string) *Error {
	return &Error{Status: http.StatusNotImplemented, Code: "NotImplemented", Message: msg}
}

func itoa(i int) string { return strconv.Itoa(i) }
