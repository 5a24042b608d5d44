package cos

import (
	"context"
	"net/http"
	"net/url"
)

// PutACL replaces the ACL of the object key (PUT Object acl), either by
// headers (a canned ACL such as ACLDefault or ACLPublicRead, and/or grant
// lists) or by an AccessControlPolicy body, never both: a mix, an empty
// opt or a bucket-only canned ACL is ErrInvalidArgument before sending.
// The call replaces the whole ACL, so it is idempotent and retried.
// Errors: ErrNotFound when the object does not exist, ErrAccessDenied.
func (s *ObjectService) PutACL(ctx context.Context, key string, opt *ACLOptions) (*Response, error) {
	if err := opt.validate(true); err != nil {
		return nil, err
	}
	o := &op{
		name: "PutObjectACL", method: http.MethodPut, object: true, key: key,
		query: url.Values{"acl": {""}}, idempotent: true,
	}
	if opt.AccessControlPolicy != nil {
		o.xmlBody = opt.AccessControlPolicy
	} else {
		o.opts = []any{opt.ACLHeaders}
	}
	return s.client.do(ctx, o)
}

// GetACL returns the ACL of the object key (GET Object acl). An object that
// inherits its bucket's ACL shows the owner's grant only; [ACL.CannedACL]
// recovers a canned value. It retries like every read. Errors: ErrNotFound,
// ErrAccessDenied.
func (s *ObjectService) GetACL(ctx context.Context, key string) (*ACL, *Response, error) {
	var res ACL
	resp, err := s.client.do(ctx, &op{
		name: "GetObjectACL", method: http.MethodGet, object: true, key: key,
		query: url.Values{"acl": {""}}, idempotent: true, out: &res,
	})
	if err != nil {
		return nil, resp, err
	}
	return &res, resp, nil
}
