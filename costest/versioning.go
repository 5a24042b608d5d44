package costest

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// Bucket versioning (PUT/GET ?versioning). Sources: PUT Bucket versioning
// and GET Bucket versioning (cloud.tencent.com/document/product/436/19889,
// 436/19888): the document is VersioningConfiguration > Status, Enabled
// or Suspended; once enabled, versioning can only be suspended; a bucket
// that never had versioning answers <VersioningConfiguration/>.

// The versioning operations.
const (
	// OpPutBucketVersioning is PUT Bucket versioning.
	OpPutBucketVersioning Op = "PutBucketVersioning"
	// OpGetBucketVersioning is GET Bucket versioning.
	OpGetBucketVersioning Op = "GetBucketVersioning"
)

type versioningConfiguration struct {
	XMLName xml.Name `xml:"VersioningConfiguration"`
	Status  string   `xml:"Status,omitempty"`
}

func (s *Server) putBucketVersioning(c *reqCtx) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	body, e := c.readDocument(maxXMLBody)
	if e != nil {
		return e
	}
	var in versioningConfiguration
	if err := xml.Unmarshal(body, &in); err != nil {
		return errMalformedXML("VersioningConfiguration: %v", err)
	}
	status := strings.TrimSpace(in.Status)
	if status != versioningEnabled && status != versioningSuspended {
		return errMalformedXML("Status %q must be Enabled or Suspended.", in.Status)
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	b, e := s.store.bucket(c.bucket)
	if e != nil {
		return e
	}
	if status == versioningSuspended && b.versioning == versioningEnabled {
		switch {
		case b.objectLock != nil:
			return errorf(http.StatusConflict, codeBadBucketState, "Versioning cannot be suspended on a bucket with object lock.")
		case b.replication != nil:
			return errorf(http.StatusConflict, codeBadBucketState, "Versioning cannot be suspended while replication is configured.")
		}
	}
	b.versioning = status
	return c.writeEmpty(http.StatusOK)
}

func (s *Server) getBucketVersioning(c *reqCtx) *Error {
	s.store.mu.RLock()
	b, e := s.store.bucket(c.bucket)
	var status string
	if b != nil {
		status = b.versioning
	}
	s.store.mu.RUnlock()
	if e != nil {
		return e
	}
	return c.writeXML(http.StatusOK, versioningConfiguration{Status: status})
}
