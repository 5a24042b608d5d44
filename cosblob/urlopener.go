package cosblob

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"

	"github.com/cosgo/cos"
	"gocloud.dev/blob"
)

// Scheme is the URL scheme cosblob registers its [URLOpener] under on
// blob.DefaultURLMux.
const Scheme = "cos"

// init registers the "cos" scheme: gocloud's blob.OpenBucket finds
// drivers only through registrations made when their package is imported.
func init() {
	blob.DefaultURLMux().RegisterBucket(Scheme, new(URLOpener))
}

// URLOpener opens URLs of the form
//
//	cos://<name>-<appid>?region=<region>[&endpoint=<url>][&path_style=true][&prefix=<key prefix>]
//
// The host is the bucket. Query parameters:
//   - region: the bucket's region, e.g. ap-guangzhou (required unless
//     endpoint is given);
//   - endpoint: a service endpoint URL replacing cos.<region>.myqcloud.com,
//     e.g. https://cos.ap-guangzhou.tencentcos.cn, or http://127.0.0.1:9000
//     for a local costest server (cos.WithEndpoint);
//   - path_style: true addresses the bucket as <endpoint>/<bucket>
//     (cos.WithPathStyle);
//   - prefix: a key prefix every key is relative to (blob.PrefixedBucket).
//     blob.OpenBucket handles prefix (and key) itself, for every driver.
//
// Any other parameter, a repeated one, a path or user information in the
// URL is an error. The zero URLOpener, which blob.OpenBucket uses, reads
// credentials from the environment with cos.EnvCredentials
// (COS_SECRET_ID, COS_SECRET_KEY and, for temporary keys,
// COS_SESSION_TOKEN) and fails to open when they are not set.
type URLOpener struct {
	// Credentials, if set, replaces cos.EnvCredentials.
	Credentials cos.CredentialsProvider
	// ClientOptions are added after the options the URL implies (for
	// example cos.WithHTTPClient or cos.WithLogger).
	ClientOptions []cos.Option
	// Options are passed to OpenBucket.
	Options Options
}

// urlParams are the query parameters OpenBucketURL understands.
var urlParams = []string{"endpoint", "path_style", "prefix", "region"}

// OpenBucketURL opens the bucket u names; see [URLOpener].
func (o *URLOpener) OpenBucketURL(ctx context.Context, u *url.URL) (*blob.Bucket, error) {
	opts, prefix, err := o.clientOptions(u)
	if err != nil {
		return nil, fmt.Errorf("cosblob: open %s: %w", redactURL(u), err)
	}
	creds := o.Credentials
	if creds == nil {
		creds = cos.EnvCredentials()
		if _, err := creds.Credentials(ctx); err != nil {
			return nil, fmt.Errorf("cosblob: open %s: credentials from the environment: %w", redactURL(u), err)
		}
	}
	opts = append(opts, cos.WithCredentials(creds))
	c, err := cos.NewClient(append(opts, o.ClientOptions...)...)
	if err != nil {
		return nil, fmt.Errorf("cosblob: open %s: %w", redactURL(u), err)
	}
	b, err := OpenBucket(ctx, c, &o.Options)
	if err != nil {
		return nil, err
	}
	if prefix != "" {
		b = blob.PrefixedBucket(b, prefix)
	}
	return b, nil
}

// clientOptions turns u into client options and the key prefix.
func (o *URLOpener) clientOptions(u *url.URL) ([]cos.Option, string, error) {
	switch {
	case u.Scheme != Scheme:
		return nil, "", invalidArg("URL", "scheme %q is not %q", u.Scheme, Scheme)
	case u.Opaque != "" || u.Host == "":
		return nil, "", invalidArg("URL", "names no bucket; want cos://<name>-<appid>?region=<region>")
	case u.User != nil:
		return nil, "", invalidArg("URL", "holds user information; credentials come from COS_SECRET_ID and COS_SECRET_KEY")
	case u.Path != "" && u.Path != "/":
		return nil, "", invalidArg("URL", "has a path %q; use the prefix parameter for a key prefix", u.Path)
	}
	opts := []cos.Option{cos.WithBucket(u.Host)}
	var prefix string
	hasRegion, hasEndpoint := false, false
	q := u.Query()
	for _, name := range slices.Sorted(maps.Keys(q)) {
		vals := q[name]
		if len(vals) != 1 {
			return nil, "", invalidArg("URL", "parameter %q is given %d times", name, len(vals))
		}
		v := vals[0]
		switch name {
		case "region":
			opts, hasRegion = append(opts, cos.WithRegion(v)), true
		case "endpoint":
			opts, hasEndpoint = append(opts, cos.WithEndpoint(v)), true
		case "path_style":
			on, err := strconv.ParseBool(v)
			if err != nil {
				return nil, "", invalidArg("URL", "path_style=%q is not a boolean", v)
			}
			if on {
				opts = append(opts, cos.WithPathStyle())
			}
		case "prefix":
			prefix = v
		default:
			return nil, "", invalidArg("URL", "unknown parameter %q (known: %v)", name, urlParams)
		}
	}
	if !hasRegion && !hasEndpoint {
		return nil, "", invalidArg("URL", "needs region=<region> (or endpoint=<url>)")
	}
	return opts, prefix, nil
}

// redactURL drops user information, which must never reach a log, and
// the secrets a query may carry: a password in the endpoint, a presigned
// URL's signature and token pasted as the endpoint or as a parameter.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	if q := c.Query(); len(q["endpoint"]) > 0 {
		for i, ep := range q["endpoint"] {
			e, err := url.Parse(ep)
			switch {
			case err != nil:
				ep = "REDACTED"
			case e.User != nil:
				e.User = url.User("REDACTED")
				ep = e.String()
			}
			q["endpoint"][i] = cos.RedactURL(ep)
		}
		c.RawQuery = q.Encode()
	}
	return cos.RedactURL(c.String())
}
