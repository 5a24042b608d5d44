package cos

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"

	"github.com/cosgo/cos/internal/xmlutil"
)

// ObjectDeleteOptions are the optional inputs of [ObjectService.Delete].
type ObjectDeleteOptions struct {
	// VersionID deletes one version in a versioned bucket.
	VersionID string `url:"versionId,omitempty"`
}

// Delete removes the object key (DELETE Object). Deleting a key that does
// not exist succeeds (204). It is idempotent and retried.
//
// In a versioned bucket a Delete without opt.VersionID removes nothing: it
// adds a delete marker, reported as resp.DeleteMarker true and
// resp.VersionID the marker's ID (with versioning suspended the marker
// replaces the "null" version). With opt.VersionID it removes that version
// for good, and resp.DeleteMarker tells whether it was a delete marker.
// Delete's signature returns only a Response, so these come as
// [Response] fields.
//
// Errors: ErrInvalidArgument for bad input (an empty key is refused: it
// would address the bucket), ErrNotFound when the bucket does not exist,
// ErrAccessDenied, ErrConflict (ObjectLocked) for a version under an
// object-lock retention.
func (s *ObjectService) Delete(ctx context.Context, key string, opt *ObjectDeleteOptions) (*Response, error) {
	return s.client.do(ctx, &op{
		name: "DeleteObject", method: http.MethodDelete, object: true, key: key,
		opts: []any{opt}, idempotent: true,
	})
}

// maxDeleteKeys is the most keys one Delete Multiple request may carry.
const maxDeleteKeys = 1000

// ObjectIdentifier names an object, or one version of it, to delete.
type ObjectIdentifier struct {
	Key       string `xml:"Key"`
	VersionID string `xml:"VersionId,omitempty"`
}

// DeleteMultiOptions lists the objects of [ObjectService.DeleteMulti].
type DeleteMultiOptions struct {
	// Objects are 1 to 1000 keys.
	Objects []ObjectIdentifier
	// Quiet asks COS to report only the failures.
	Quiet bool
}

// deleteRequest is the <Delete> body.
type deleteRequest struct {
	XMLName xml.Name           `xml:"Delete"`
	Quiet   bool               `xml:"Quiet"`
	Objects []ObjectIdentifier `xml:"Object"`
}

// DeleteMultiResult is the DeleteResult document: one Deleted entry per
// removed key (none in quiet mode) and one Errors entry per failure.
type DeleteMultiResult struct {
	XMLName xml.Name        `xml:"DeleteResult"`
	Deleted []DeletedObject `xml:"Deleted"`
	Errors  []DeleteError   `xml:"Error"`
}

// DeletedObject is one key COS deleted (a missing key counts as deleted).
type DeletedObject struct {
	Key                   string `xml:"Key"`
	VersionID             string `xml:"VersionId,omitempty"`
	DeleteMarker          bool   `xml:"DeleteMarker,omitempty"`
	DeleteMarkerVersionID string `xml:"DeleteMarkerVersionId,omitempty"`
}

// DeleteError is one key COS could not delete.
type DeleteError struct {
	Key       string `xml:"Key"`
	VersionID string `xml:"VersionId,omitempty"`
	Code      string `xml:"Code"`
	Message   string `xml:"Message"`
}

// DeleteMulti removes up to 1000 objects in one request (POST ?delete,
// Delete Multiple Objects), with the Content-MD5 COS requires. A 200 may
// still report per-key failures in Errors; check it. Keys are checked
// before sending: none, more than 1000, or an invalid key is
// ErrInvalidArgument. The call is idempotent and retried (keys already
// gone report as deleted).
func (s *ObjectService) DeleteMulti(ctx context.Context, opt *DeleteMultiOptions) (*DeleteMultiResult, *Response, error) {
	if opt == nil || len(opt.Objects) == 0 {
		return nil, nil, invalidArg("Objects", "no keys to delete")
	}
	if len(opt.Objects) > maxDeleteKeys {
		return nil, nil, invalidArg("Objects", "has %d keys; at most %d per request", len(opt.Objects), maxDeleteKeys)
	}
	for i, o := range opt.Objects {
		if err := validateKey(o.Key); err != nil {
			return nil, nil, fmt.Errorf("cos: DeleteMulti: Objects[%d]: %w", i, err)
		}
		if !xmlSafe(o.Key) {
			return nil, nil, invalidArg(fmt.Sprintf("Objects[%d].Key", i), "%q holds characters XML cannot carry; delete it with Delete", o.Key)
		}
	}
	body := &deleteRequest{Quiet: opt.Quiet, Objects: append([]ObjectIdentifier(nil), opt.Objects...)}
	var res DeleteMultiResult
	resp, err := s.client.do(ctx, &op{
		name: "DeleteMultipleObjects", method: http.MethodPost,
		query: url.Values{"delete": {""}}, xmlBody: body,
		idempotent: true, out: &res,
		// One Deleted or Error per key sent, never more.
		limits: xmlutil.Limits{MaxBytes: xmlutil.MaxListDocument,
			Entries: []xmlutil.Entries{{Paths: []string{"Deleted", "Error"}, Max: len(body.Objects)}}},
	})
	if err != nil {
		return nil, resp, err
	}
	return &res, resp, nil
}

// xmlSafe reports whether every rune of s is allowed in XML 1.0 text, so
// encoding/xml will not replace it (s is valid UTF-8).
func xmlSafe(s string) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE || r == 0xFFFF:
			return false
		}
	}
	return true
}
