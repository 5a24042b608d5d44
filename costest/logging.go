package costest

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// The logging family: where a bucket's access logs go. costest stores the
// configuration; it writes no logs.

// The logging operations.
const (
	// OpPutBucketLogging is PUT Bucket logging.
	OpPutBucketLogging Op = "PutBucketLogging"
	// OpGetBucketLogging is GET Bucket logging.
	OpGetBucketLogging Op = "GetBucketLogging"
)

// loggingTarget is an enabled logging configuration.
type loggingTarget struct{ bucket, prefix string }

type loggingIn struct {
	XMLName        xml.Name `xml:"BucketLoggingStatus"`
	LoggingEnabled *struct {
		TargetBucket string `xml:"TargetBucket"`
		TargetPrefix string `xml:"TargetPrefix"`
	} `xml:"LoggingEnabled"`
}

type loggingEnabledOut struct {
	TargetBucket string `xml:"TargetBucket"`
	TargetPrefix string `xml:"TargetPrefix"`
}

// loggingOut is the GET answer: an empty BucketLoggingStatus when logging
// is off (page 17054: "if there is no child node, logging is disabled").
type loggingOut struct {
	XMLName        xml.Name           `xml:"BucketLoggingStatus"`
	LoggingEnabled *loggingEnabledOut `xml:"LoggingEnabled,omitempty"`
}

// parseLogging reads a BucketLoggingStatus: the target, nil when logging
// is off (an empty body turns it off; see loggingEmptyPutDisables).
func (s *Server) parseLogging(body []byte) (*loggingTarget, *Error) {
	if len(strings.TrimSpace(string(body))) == 0 && loggingEmptyPutDisables {
		return nil, nil
	}
	var in loggingIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return nil, errMalformedXML("BucketLoggingStatus: %v", err)
	}
	le := in.LoggingEnabled
	if le == nil {
		return nil, nil
	}
	name := strings.TrimSpace(le.TargetBucket)
	if name == "" {
		return nil, errMalformedXML("LoggingEnabled needs a TargetBucket.")
	}
	if e := s.bucketExists(name); e != nil {
		return nil, badRequest(codeBadLoggingTarget, "The target bucket %q does not exist.", name)
	}
	return &loggingTarget{bucket: name, prefix: le.TargetPrefix}, nil
}

func (s *Server) putBucketLogging(c *reqCtx) *Error {
	return putConfig(s, c, maxTaggingBody, s.parseLogging, func(b *bucket, t *loggingTarget) *Error { b.logging = t; return nil }, http.StatusOK)
}

func (s *Server) getBucketLogging(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (loggingOut, *Error) {
		var out loggingOut
		if b.logging != nil {
			out.LoggingEnabled = &loggingEnabledOut{TargetBucket: b.logging.bucket, TargetPrefix: b.logging.prefix}
		}
		return out, nil
	})
}
