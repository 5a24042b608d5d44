package cos

import (
	"context"
	"net/http"
	"net/url"
)

// ObjectPutSymlinkOptions are the optional headers of
// [ObjectService.PutSymlink]: the link's own ACL and metadata (a link is a
// small object of its own; reads through it return the target's).
type ObjectPutSymlinkOptions struct {
	ACLHeaders
	// Metadata becomes x-cos-meta-<name> headers on the link itself.
	Metadata map[string]string `header:"x-cos-meta-,prefix"`
}

// PutSymlink makes the object key a symbolic link to the object target in
// the same bucket (PUT Object symlink, x-cos-symlink-target). A GET or
// HEAD of key then returns the target's bytes and metadata; the link has
// its own ETag, Last-Modified, ACL and metadata, and deleting it leaves the
// target alone. COS does not check that target exists: a GET through a
// link whose target is missing is ErrNotFound. An existing object at key
// is replaced. The target travels URL-encoded, as cos-go-sdk-v5 sends it.
// PutSymlink is retried like any PUT. Errors: ErrInvalidArgument for a bad
// key, target or option, ErrNotFound when the bucket does not exist.
func (s *ObjectService) PutSymlink(ctx context.Context, key, target string, opt *ObjectPutSymlinkOptions) (*Response, error) {
	if err := validateKeyField("target", target); err != nil {
		return nil, err
	}
	if opt != nil {
		if err := opt.ACLHeaders.validate(true); err != nil {
			return nil, err
		}
		if err := validateMetadata(opt.Metadata); err != nil {
			return nil, err
		}
	}
	hdr := http.Header{}
	hdr.Set("x-cos-symlink-target", escapeSign(target))
	return s.client.do(ctx, &op{
		name: "PutSymlink", method: http.MethodPut, object: true, key: key,
		query: url.Values{"symlink": {""}}, header: hdr, opts: []any{opt},
		errorIn200: true, idempotent: true,
	})
}

// GetSymlink returns the target key of the symbolic link key (GET Object
// symlink, the x-cos-symlink-target header, URL-decoded). It retries like
// every read. Errors: ErrNotFound when key does not exist, a
// *ServiceError when key is not a link, ErrInvalidArgument for a bad key.
func (s *ObjectService) GetSymlink(ctx context.Context, key string) (string, *Response, error) {
	resp, err := s.client.do(ctx, &op{
		name: "GetSymlink", method: http.MethodGet, object: true, key: key,
		query: url.Values{"symlink": {""}}, idempotent: true,
	})
	if err != nil {
		return "", resp, err
	}
	raw := resp.Header.Get("x-cos-symlink-target")
	if target, err := url.PathUnescape(raw); err == nil {
		return target, resp, nil
	}
	return raw, resp, nil // not escaped after all: take it as sent
}
