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

// parseVersioning reads a VersioningConfiguration: its Status.
func parseVersioning(body []byte) (string, *Error) {
	var in versioningConfiguration
	if err := xml.Unmarshal(body, &in); err != nil {
		return "", errMalformedXML("VersioningConfiguration: %v", err)
	}
	status := strings.TrimSpace(in.Status)
	if status != versioningEnabled && status != versioningSuspended {
		return "", errMalformedXML("Status %q must be Enabled or Suspended.", in.Status)
	}
	return status, nil
}

func (s *Server) putBucketVersioning(c *reqCtx) *Error {
	return putConfig(s, c, maxXMLBody, parseVersioning, func(b *bucket, status string) *Error {
		if status == versioningSuspended && b.versioning == versioningEnabled {
			switch {
			case b.objectLock != nil:
				return errorf(http.StatusConflict, codeBadBucketState, "Versioning cannot be suspended on a bucket with object lock.")
			case b.replication != nil:
				return errorf(http.StatusConflict, codeBadBucketState, "Versioning cannot be suspended while replication is configured.")
			}
		}
		b.versioning = status
		return nil
	}, http.StatusOK)
}

func (s *Server) getBucketVersioning(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (versioningConfiguration, *Error) {
		return versioningConfiguration{Status: b.versioning}, nil
	})
}
