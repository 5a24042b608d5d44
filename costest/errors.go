package costest

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
)

// Error is a COS error answer as costest sends it. The seeding helpers
// ([Server.CreateBucket], [Server.PutObject]) return it too.
type Error struct {
	// Status is the HTTP status code.
	Status int
	// Code is the COS error code, e.g. "NoSuchKey".
	Code string
	// Message is the human-readable message.
	Message string

	extra  []xmlField        // further elements of the error document
	header map[string]string // headers sent with the error answer
}

// Error returns "costest: <status> <code>: <message>".
func (e *Error) Error() string {
	return fmt.Sprintf("costest: %d %s: %s", e.Status, e.Code, e.Message)
}

var defaultMessages = map[string]string{
	"AccessDenied":                          "Access Denied.",
	"BadDigest":                             "The Content-MD5 you specified did not match what we received.",
	"BucketAlreadyOwnedByYou":               "The bucket you tried to create already exists, and you own it.",
	"BucketNotEmpty":                        "The bucket you tried to delete is not empty.",
	"EntityTooLarge":                        "Your proposed upload exceeds the maximum allowed object size.",
	"EntityTooSmall":                        "Your proposed upload is smaller than the minimum allowed object size.",
	"IncompleteBody":                        "You did not provide the number of bytes specified by the Content-Length HTTP header.",
	"InternalError":                         "We encountered an internal error. Please try again.",
	"InvalidAccessKeyId":                    "The SecretId you provided does not exist in our records.",
	"InvalidBucketName":                     "The specified bucket is not valid.",
	"InvalidBucketState":                    "The request is not valid with the current state of the bucket.",
	"InvalidDigest":                         "The Content-MD5 you specified is not valid.",
	"InvalidLockedTime":                     "The retention period cannot be shortened.",
	"InvalidObjectState":                    "The operation is not valid for the object's storage class.",
	"InvalidPart":                           "One or more of the specified parts could not be found.",
	"InvalidPartOrder":                      "The list of parts was not in ascending order.",
	"InvalidRange":                          "The requested range is not satisfiable.",
	"KeyTooLong":                            "Your key is too long.",
	"MalformedXML":                          "The XML you provided was not well-formed or did not validate against our published schema.",
	"MethodNotAllowed":                      "The specified method is not allowed against this resource.",
	"MissingContentLength":                  "You must provide the Content-Length HTTP header.",
	"NoSuchBucket":                          "The specified bucket does not exist.",
	"NoSuchCORSConfiguration":               "The CORS configuration does not exist.",
	"NoSuchKey":                             "The specified key does not exist.",
	"NoSuchLifecycleConfiguration":          "The lifecycle configuration does not exist.",
	"NoSuchObjectLockConfiguration":         "The object lock configuration does not exist.",
	"NoSuchUpload":                          "The specified multipart upload does not exist.",
	"NoSuchVersion":                         "The specified version does not exist.",
	"NotImplemented":                        "A header or parameter you provided implies functionality that is not implemented.",
	"ObjectLocked":                          "The object is locked by its retention.",
	"PreconditionFailed":                    "At least one of the preconditions you specified did not hold.",
	"ReplicationConfigurationNotFoundError": "The replication configuration does not exist.",
	"RequestTimeTooSkewed":                  "The difference between the request time and the server's time is too large.",
	"RestoreAlreadyInProgress":              "Object restore is already in progress.",
	"RestoreNonArchiveObject":               "Only archived objects can be restored.",
	"ServiceUnavailable":                    "Please reduce your request rate.",
	"SignatureDoesNotMatch":                 "The request signature we calculated does not match the signature you provided.",
	"SlowDown":                              "Please reduce your request rate.",
	"TooManyBuckets":                        "You have attempted to create more buckets than allowed.",
}

// newError builds an Error; an empty message takes the code's default.
func newError(status int, code, message string) *Error {
	if message == "" {
		message = defaultMessages[code]
	}
	if message == "" {
		message = code
	}
	return &Error{Status: status, Code: code, Message: message}
}

func errorf(status int, code, format string, args ...any) *Error {
	return newError(status, code, fmt.Sprintf(format, args...))
}

func badRequest(code, format string, args ...any) *Error {
	return errorf(http.StatusBadRequest, code, format, args...)
}

func errNoSuchBucket() *Error { return newError(http.StatusNotFound, "NoSuchBucket", "") }
func errNoSuchKey() *Error    { return newError(http.StatusNotFound, "NoSuchKey", "") }
func errNoSuchUpload() *Error { return newError(http.StatusNotFound, "NoSuchUpload", "") }

// errNoSuchVersion answers a versionId that names no version of the key.
func errNoSuchVersion() *Error { return newError(http.StatusNotFound, "NoSuchVersion", "") }
func errAccessDenied(msg string) *Error {
	return newError(http.StatusForbidden, "AccessDenied", msg)
}
func errMalformedXML(format string, args ...any) *Error {
	return badRequest("MalformedXML", format, args...)
}
func errInvalidArgument(format string, args ...any) *Error {
	return badRequest("InvalidArgument", format, args...)
}

// with adds an element to the error document.
func (e *Error) with(name, value string) *Error {
	e.extra = append(e.extra, xmlField{XMLName: xml.Name{Local: name}, Value: value})
	return e
}

// withHeader adds a header to the error answer (x-cos-delete-marker on
// a 404 for a delete marker).
func (e *Error) withHeader(name, value string) *Error {
	if e.header == nil {
		e.header = map[string]string{}
	}
	e.header[name] = value
	return e
}

// defaultCodeFor names the error code used when a fault gives only a
// status.
func defaultCodeFor(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "InvalidRequest"
	case http.StatusForbidden:
		return "AccessDenied"
	case http.StatusNotFound:
		return "NoSuchKey"
	case http.StatusConflict:
		return "Conflict"
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return "SlowDown"
	case http.StatusNotImplemented:
		return "NotImplemented"
	}
	if status >= 500 {
		return "InternalError"
	}
	return "Error" + strconv.Itoa(status)
}

type errorDoc struct {
	XMLName   xml.Name   `xml:"Error"`
	Code      string     `xml:"Code"`
	Message   string     `xml:"Message"`
	Resource  string     `xml:"Resource"`
	RequestID string     `xml:"RequestId"`
	TraceID   string     `xml:"TraceId"`
	Extra     []xmlField `xml:",any"`
}

// errorBody renders the COS error document.
func errorBody(e *Error, resource, requestID, traceID string) []byte {
	doc := errorDoc{Code: e.Code, Message: e.Message, Resource: resource,
		RequestID: requestID, TraceID: traceID, Extra: e.extra}
	b, err := xml.Marshal(doc)
	if err != nil { // cannot happen: plain strings only
		b = []byte("<Error><Code>InternalError</Code></Error>")
	}
	return append([]byte(xmlHeader), b...)
}
