package cosblob

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cosgo/cos"
	"gocloud.dev/blob/driver"
)

// SignedURL presigns a GET, PUT or DELETE of the object for opts.Expiry
// with cos.ObjectService.PresignURL; the method is part of the signature,
// so the URL allows only that method. A PUT URL with a ContentType signs
// the Content-Type header: a PUT with another type, or none, is refused.
// COS cannot refuse a header that a signature leaves out, so
// EnforceAbsentContentType is Unimplemented. BeforeSign sees
// *cos.PresignOptions.
func (b *bucket) SignedURL(ctx context.Context, key string, opts *driver.SignedURLOptions) (string, error) {
	method := opts.Method
	if method == "" {
		method = http.MethodGet
	}
	po := &cos.PresignOptions{}
	switch method {
	case http.MethodGet, http.MethodDelete:
	case http.MethodPut:
		switch {
		case opts.ContentType != "":
			po.Header = http.Header{"Content-Type": {opts.ContentType}}
		case opts.EnforceAbsentContentType:
			return "", fmt.Errorf("%w: a presigned PUT cannot require that no Content-Type is sent", errUnimplemented)
		}
	default:
		return "", invalidArg("SignedURLOptions.Method", "%q is not GET, PUT or DELETE", method)
	}
	if opts.BeforeSign != nil {
		if err := opts.BeforeSign(asOne(&po)); err != nil {
			return "", err
		}
	}
	u, err := b.client.Object.PresignURL(ctx, method, escapeKey(key), opts.Expiry, po)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}
