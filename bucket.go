package cos

import (
	"context"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Bucket availability-zone configurations for [BucketCreateOptions].
const (
	// BucketAZMulti creates a multi-AZ bucket (only in regions that offer it).
	BucketAZMulti = "MAZ"
	// BucketAZSingle creates a single-AZ bucket, the default.
	BucketAZSingle = "OAZ"
)

// BucketCreateOptions configures [BucketService.Create]. The zero value
// creates a private, single-AZ bucket.
type BucketCreateOptions struct {
	// ACLHeaders sets a canned ACL (ACLPrivate, ACLPublicRead,
	// ACLPublicReadWrite, ACLAuthenticatedRead) and grant lists.
	ACLHeaders

	// BucketAZConfig is BucketAZMulti for a multi-AZ bucket; empty (or
	// BucketAZSingle) for the default. It is sent as a
	// CreateBucketConfiguration body.
	BucketAZConfig string `url:"-"`
}

func (o *BucketCreateOptions) validate() error {
	if o == nil {
		return nil
	}
	if err := o.ACLHeaders.validate(false); err != nil {
		return err
	}
	switch o.BucketAZConfig {
	case "", BucketAZMulti, BucketAZSingle:
	default:
		return invalidArg("BucketAZConfig", "%q is neither %q nor %q", o.BucketAZConfig, BucketAZMulti, BucketAZSingle)
	}
	return nil
}

// createBucketConfiguration is the optional PUT Bucket body.
type createBucketConfiguration struct {
	XMLName        xml.Name `xml:"CreateBucketConfiguration"`
	BucketAZConfig string   `xml:"BucketAZConfig"`
}

// Create creates the client's bucket (PUT Bucket). A nil opt creates a
// private single-AZ bucket.
//
// Create retries on transient failures: if an earlier attempt may have
// created the bucket before its answer was lost, the 409
// BucketAlreadyOwnedByYou of the repeat counts as success. On a first
// attempt that code, or BucketAlreadyExists (the name belongs to another
// account), is returned as an error matching [ErrConflict].
func (s *BucketService) Create(ctx context.Context, opt *BucketCreateOptions) (*Response, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	o := &op{
		name: "CreateBucket", method: http.MethodPut,
		idempotent:  true,
		acceptRetry: acceptCodeOnRetry("BucketAlreadyOwnedByYou"),
	}
	if opt != nil {
		o.opts = []any{&opt.ACLHeaders}
		if opt.BucketAZConfig != "" {
			o.xmlBody = &createBucketConfiguration{BucketAZConfig: opt.BucketAZConfig}
		}
	}
	return s.client.do(ctx, o)
}

// Delete deletes the client's bucket (DELETE Bucket). COS refuses to
// delete a bucket that still holds objects or incomplete multipart uploads
// with 409 BucketNotEmpty, an error matching [ErrConflict]; a missing bucket
// gives [ErrNotFound].
//
// Delete retries on transient failures; a 404 NoSuchBucket on a repeat
// means an earlier attempt deleted the bucket and counts as success.
func (s *BucketService) Delete(ctx context.Context) (*Response, error) {
	return s.client.do(ctx, &op{
		name: "DeleteBucket", method: http.MethodDelete,
		idempotent:  true,
		acceptRetry: acceptCodeOnRetry("NoSuchBucket"),
	})
}

// Head checks that the bucket exists and that the caller may read it
// (HEAD Bucket). The bucket's region is in the x-cos-bucket-region header
// of the response. A missing bucket gives an error matching [ErrNotFound],
// a bucket of someone else [ErrAccessDenied]; HEAD answers have no body, so
// these errors carry no COS error code. Head retries like every read.
func (s *BucketService) Head(ctx context.Context) (*Response, error) {
	return s.client.do(ctx, &op{name: "HeadBucket", method: http.MethodHead, idempotent: true})
}

// Exists reports whether the bucket exists, using [BucketService.Head]. A
// 404 is (false, nil); any other failure, including 403 (which says
// nothing about existence), is returned as an error. It retries like Head.
func (s *BucketService) Exists(ctx context.Context) (bool, error) {
	_, err := s.Head(ctx)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrNotFound):
		return false, nil
	}
	return false, err
}

// locationConstraint is the GET Bucket location answer.
type locationConstraint struct {
	XMLName xml.Name `xml:"LocationConstraint"`
	Region  string   `xml:",chardata"`
}

// Location returns the region of the bucket, such as "ap-guangzhou" (GET
// Bucket location). Only the bucket owner may call it; others get
// [ErrAccessDenied], a missing bucket [ErrNotFound]. It retries like every
// read.
func (s *BucketService) Location(ctx context.Context) (string, *Response, error) {
	var res locationConstraint
	resp, err := s.client.do(ctx, &op{
		name: "GetBucketLocation", method: http.MethodGet,
		query:      url.Values{"location": {""}},
		idempotent: true, out: &res,
	})
	if err != nil {
		return "", resp, err
	}
	return strings.TrimSpace(res.Region), resp, nil
}

// acceptCodeOnRetry builds an acceptRetry check for one COS error code.
func acceptCodeOnRetry(code string) func(*ServiceError) bool {
	return func(se *ServiceError) bool { return se.Code == code }
}
