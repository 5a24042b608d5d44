package cos

import (
	"context"
	"encoding/xml"
	"strings"
)

// subVersioning is the sub-resource of the versioning calls.
const subVersioning = "versioning"

// VersioningStatus is a bucket's versioning state.
type VersioningStatus string

// Versioning states. A bucket that never had versioning reports the empty
// status; once enabled, versioning can be suspended but never switched off.
const (
	// VersioningEnabled keeps every version of every object: an overwrite
	// adds a version, a delete adds a delete marker.
	VersioningEnabled VersioningStatus = "Enabled"
	// VersioningSuspended stops adding versions: writes replace the
	// "null" version; versions made while enabled stay.
	VersioningSuspended VersioningStatus = "Suspended"
)

// VersioningConfiguration is the VersioningConfiguration document of PUT
// and GET Bucket versioning.
type VersioningConfiguration struct {
	XMLName xml.Name `xml:"VersioningConfiguration"`
	// Status is VersioningEnabled or VersioningSuspended; GetVersioning
	// returns "" for a bucket that never had versioning.
	Status VersioningStatus `xml:"Status,omitempty"`
}

// PutVersioning enables or suspends versioning on the bucket (PUT Bucket
// versioning); the body goes with Content-MD5. A Status other than
// Enabled or Suspended (any case) fails with [ErrInvalidArgument] before
// any request: versioning cannot be switched off once enabled, only
// suspended. Setting a state is idempotent, so the call retries on
// transient failures. Errors: [ErrNotFound] for a missing bucket,
// [ErrConflict] (InvalidBucketState) when suspending a bucket under
// object lock.
func (s *BucketService) PutVersioning(ctx context.Context, cfg *VersioningConfiguration) (*Response, error) {
	if cfg == nil {
		return nil, invalidArg("VersioningConfiguration", "is nil")
	}
	doc := VersioningConfiguration{}
	switch strings.ToLower(string(cfg.Status)) {
	case "enabled":
		doc.Status = VersioningEnabled
	case "suspended":
		doc.Status = VersioningSuspended
	default:
		return nil, invalidArg("VersioningConfiguration.Status", "%q is neither Enabled nor Suspended (versioning cannot be switched off, only suspended)", cfg.Status)
	}
	return s.client.putConfig(ctx, "PutBucketVersioning", subVersioning, onBucket, &doc)
}

// GetVersioning returns the bucket's versioning state (GET Bucket
// versioning). A bucket that never had versioning answers an empty
// document: the result's Status is "" and err is nil. It retries like
// every read; a missing bucket gives [ErrNotFound].
func (s *BucketService) GetVersioning(ctx context.Context) (*VersioningConfiguration, *Response, error) {
	return getConfig[VersioningConfiguration](ctx, s.client, "GetBucketVersioning", subVersioning, onBucket)
}
