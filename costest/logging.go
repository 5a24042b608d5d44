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

func (s *Server) putBucketLogging(c *reqCtx) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	body, e := c.readDocument(maxTaggingBody)
	if e != nil {
		return e
	}
	var target *loggingTarget
	if len(strings.TrimSpace(string(body))) > 0 || !loggingEmptyPutDisables {
		var in loggingIn
		if err := xml.Unmarshal(body, &in); err != nil {
			return errMalformedXML("BucketLoggingStatus: %v", err)
		}
		if le := in.LoggingEnabled; le != nil {
			name := strings.TrimSpace(le.TargetBucket)
			if name == "" {
				return errMalformedXML("LoggingEnabled needs a TargetBucket.")
			}
			if e := s.bucketExists(name); e != nil {
				return badRequest(codeBadLoggingTarget, "The target bucket %q does not exist.", name)
			}
			target = &loggingTarget{bucket: name, prefix: le.TargetPrefix}
		}
	}
	return s.setBucketConfig(c, func(b *bucket) { b.logging = target }, http.StatusOK)
}

func (s *Server) getBucketLogging(c *reqCtx) *Error {
	s.store.mu.RLock()
	b, e := s.store.bucket(c.bucket)
	var out loggingOut
	if b != nil && b.logging != nil {
		out.LoggingEnabled = &loggingEnabledOut{TargetBucket: b.logging.bucket, TargetPrefix: b.logging.prefix}
	}
	s.store.mu.RUnlock()
	if e != nil {
		return e
	}
	return c.writeXML(http.StatusOK, out)
}
