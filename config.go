package cos

import (
	"context"
	"net/http"
	"net/url"

	"github.com/cosgo/cos/internal/xmlutil"
)

// Configuration calls (ACL, CORS, lifecycle, tagging, ...) all have the same
// shape: PUT, GET or DELETE on a sub-resource of the bucket or of one
// object, a document in or out, idempotent. The helpers below are that
// shape once, so a family file holds only its types, validation and docs.

// resource is what a configuration call addresses: the bucket (the zero
// value) or one object, optionally one version of it.
type resource struct {
	object    bool // so an empty key is refused, never taken for the bucket
	key       string
	versionID string
}

// onBucket addresses the bucket itself.
var onBucket = resource{}

// onObject addresses the object key, or its version versionID when set.
func onObject(key, versionID string) resource {
	return resource{object: true, key: key, versionID: versionID}
}

// op builds the op of one configuration call on sub-resource sub.
func (r resource) op(name, method, sub string) *op {
	q := url.Values{sub: {""}}
	if r.versionID != "" {
		q.Set("versionId", r.versionID)
	}
	return &op{
		name: name, method: method,
		object: r.object, key: r.key,
		query: q, idempotent: true,
	}
}

// putConfig replaces a configuration. doc, when not nil, is sent as the
// XML body with Content-MD5; opts carry header-form inputs (an ACL given
// by headers). Replacing a whole configuration is idempotent, so it is
// retried.
func (c *Client) putConfig(ctx context.Context, name, sub string, r resource, doc any, opts ...any) (*Response, error) {
	o := r.op(name, http.MethodPut, sub)
	o.xmlBody = doc
	o.opts = opts
	return c.do(ctx, o)
}

// getConfig reads a configuration document into a new T.
func getConfig[T any](ctx context.Context, c *Client, name, sub string, r resource) (*T, *Response, error) {
	res := new(T)
	o := r.op(name, http.MethodGet, sub)
	o.out = res
	o.limits.MaxBytes = xmlutil.MaxConfigDocument
	resp, err := c.do(ctx, o)
	if err != nil {
		return nil, resp, err
	}
	return res, resp, nil
}

// deleteConfig removes a configuration; deleting twice is harmless, so it
// is retried.
func (c *Client) deleteConfig(ctx context.Context, name, sub string, r resource) (*Response, error) {
	return c.do(ctx, r.op(name, http.MethodDelete, sub))
}
