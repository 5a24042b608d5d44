package costest

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// The global acceleration family: PUT and GET Bucket Accelerate, and the
// accelerate host <bucket>.cos.accelerate.myqcloud.com.
const (
	// OpPutBucketAccelerate is PUT Bucket Accelerate.
	OpPutBucketAccelerate Op = "PutBucketAccelerate"
	// OpGetBucketAccelerate is GET Bucket Accelerate.
	OpGetBucketAccelerate Op = "GetBucketAccelerate"
)

// accelerateHostSuffix ends the Host of requests sent through global
// acceleration.
const accelerateHostSuffix = ".cos.accelerate.myqcloud.com"

type accelerateIn struct {
	XMLName xml.Name `xml:"AccelerateConfiguration"`
	Status  string   `xml:"Status"`
	Type    string   `xml:"Type"`
}

type accelerateOut struct {
	XMLName xml.Name `xml:"AccelerateConfiguration"`
	Status  string   `xml:"Status,omitempty"`
	Type    string   `xml:"Type,omitempty"`
}

// parseAccelerate reads an AccelerateConfiguration: its Status.
func parseAccelerate(body []byte) (string, *Error) {
	var in accelerateIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return "", errMalformedXML("AccelerateConfiguration: %v", err)
	}
	status := strings.TrimSpace(in.Status)
	if status != "Enabled" && status != "Suspended" {
		return "", errInvalidArgument("Status %q must be Enabled or Suspended.", in.Status)
	}
	if t := strings.TrimSpace(in.Type); t != "" && t != "COS" {
		return "", errInvalidArgument("Type %q must be COS.", in.Type)
	}
	return status, nil
}

func (s *Server) putBucketAccelerate(c *reqCtx) *Error {
	return putConfig(s, c, maxConfigBody, parseAccelerate,
		func(b *bucket, status string) *Error { b.conf.accelerate = status; return nil }, http.StatusOK)
}

// getBucketAccelerate answers the switch; a bucket that never enabled it
// gets an empty document (COS: "the status will not be returned").
func (s *Server) getBucketAccelerate(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (accelerateOut, *Error) {
		out := accelerateOut{Status: b.conf.accelerate}
		if out.Status != "" {
			out.Type = "COS"
		}
		return out, nil
	})
}

// checkAccelerateHost refuses a request sent through the accelerate host
// to a bucket whose acceleration is not enabled (400
// BucketAccelerateNotEnabled, COS's error code list). A missing bucket is
// left to the handler (404 NoSuchBucket).
func (s *Server) checkAccelerateHost(c *reqCtx) *Error {
	if c.bucket == "" || !strings.HasSuffix(strings.ToLower(hostOnly(c.r.Host)), accelerateHostSuffix) {
		return nil
	}
	status := ""
	if s.readBucket(c.bucket, func(b *bucket) *Error { status = b.conf.accelerate; return nil }) != nil {
		return nil
	}
	if status != "Enabled" {
		return badRequest("BucketAccelerateNotEnabled", "Global acceleration is not enabled for bucket %s.", c.bucket)
	}
	return nil
}
