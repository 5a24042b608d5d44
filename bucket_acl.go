package cos

import (
	"context"
	"net/http"
	"net/url"
)

// PutACL replaces the bucket's ACL (PUT Bucket acl), either from headers
// (a canned ACL such as ACLPublicRead, and/or grant lists) or from an
// AccessControlPolicy body. Giving both, neither, an object-only canned
// ACL (ACLDefault) or a malformed policy fails with [ErrInvalidArgument]
// before any request.
//
// The call replaces the whole ACL, so repeating it is harmless and it
// retries on transient failures. A missing bucket gives [ErrNotFound],
// a caller who is not the owner [ErrAccessDenied].
func (s *BucketService) PutACL(ctx context.Context, opt *ACLOptions) (*Response, error) {
	if err := opt.validate(false); err != nil {
		return nil, err
	}
	o := &op{
		name: "PutBucketACL", method: http.MethodPut,
		query:      url.Values{"acl": {""}},
		idempotent: true,
	}
	if opt.AccessControlPolicy != nil {
		o.xmlBody = opt.AccessControlPolicy
	} else {
		h := opt.ACLHeaders
		o.opts = []any{&h}
	}
	return s.client.do(ctx, o)
}

// GetACL returns the bucket's ACL (GET Bucket acl): its owner and grants.
// [AccessControlPolicy.CannedACL] recovers the canned ACL it expresses.
// Only the owner may read it; others get [ErrAccessDenied], a missing
// bucket gives [ErrNotFound]. It retries like every read.
func (s *BucketService) GetACL(ctx context.Context) (*ACL, *Response, error) {
	var res ACL
	resp, err := s.client.do(ctx, &op{
		name: "GetBucketACL", method: http.MethodGet,
		query:      url.Values{"acl": {""}},
		idempotent: true, out: &res,
	})
	if err != nil {
		return nil, resp, err
	}
	return &res, resp, nil
}
