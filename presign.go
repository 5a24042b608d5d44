package cos

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// defaultPresignExpiry is the seed's default lifetime of a signature.
const defaultPresignExpiry = 300 * time.Second

// PresignOptions are the optional inputs of [ObjectService.PresignURL].
type PresignOptions struct {
	// Query parameters are added to the URL and signed, so they cannot be
	// changed (for example response-content-disposition or versionId).
	Query url.Values
	// Header values are signed: whoever uses the URL must send exactly
	// these headers (for example Content-Type on a PUT). The host is
	// always signed.
	Header http.Header
}

// PresignURL returns a URL that lets anyone holding it perform method
// (GET, PUT, HEAD, DELETE or POST) on the object key until expires from
// now, without credentials: the signature travels in q-* query
// parameters. expires 0 means 300 s (the seed's default); a negative value
// is refused. The host and every opt.Query and opt.Header value are
// signed. With temporary credentials the session token is added as the
// x-cos-security-token parameter before signing. The URL addresses the
// bucket as the client does (virtual host, path style or bucket endpoint).
// No request is sent. Errors: ErrInvalidArgument for bad input,
// ErrNoCredentials for an anonymous client, credential provider errors.
//
// The URL is a credential until it expires: do not log it. Note that an
// error from net/http (a *url.Error, from http.Get(u.String()) for
// example) quotes the whole URL, signature and token included, in its
// text; log such an error through [RedactURL], as its example shows.
func (s *ObjectService) PresignURL(ctx context.Context, method, key string, expires time.Duration, opt *PresignOptions) (*url.URL, error) {
	if ctx == nil {
		return nil, invalidArg("ctx", "is nil")
	}
	m, err := presignMethod(method)
	if err != nil {
		return nil, err
	}
	if expires == 0 {
		expires = defaultPresignExpiry
	}
	if expires < 0 {
		return nil, invalidArg("expires", "is negative (%v)", expires)
	}
	if err := validateKey(key); err != nil {
		return nil, err
	}
	cfg := &s.client.cfg
	tgt, err := cfg.objectTarget()
	if err != nil {
		return nil, err
	}
	cred, err := s.client.signingCredentials(ctx, "PresignURL")
	if err != nil {
		return nil, err
	}
	u := tgt.url(key)
	q := url.Values{}
	header := http.Header{}
	if opt != nil {
		for k, vs := range opt.Query {
			if strings.HasPrefix(strings.ToLower(k), "q-") {
				return nil, invalidArg("Query", "parameter %q is reserved for the signature", k)
			}
			q[k] = append([]string(nil), vs...)
		}
		for k, vs := range opt.Header {
			header[k] = append([]string(nil), vs...)
		}
	}
	if cred.SessionToken != "" {
		q.Set("x-cos-security-token", cred.SessionToken)
	}
	header.Del("Host")
	header["host"] = []string{u.Host}
	start := cfg.now()
	auth := Authorization(cred, m, u.Path, q, header, start, start.Add(expires))

	var b strings.Builder
	b.WriteString(encodeQuery(q))
	for field := range strings.SplitSeq(auth, "&") {
		name, value, _ := strings.Cut(field, "=")
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(name)
		b.WriteByte('=')
		b.WriteString(escapeSign(value))
	}
	u.RawQuery = b.String()
	return u, nil
}

// Authorization returns the value of an Authorization header that signs a
// request of method on key (the seed's get_auth), valid for expires from
// now (0 means 300 s). It signs exactly header and params; when header has
// no Host, the host of the client's bucket is added and signed. key "" or
// "/" signs a bucket-level request; any other key is the object key exactly
// as Put, Get and PresignURL take it, so the signed path is the path of
// [ObjectService.URL] (a key "/a" is the object "/a", not "a"). With
// temporary credentials the caller must also send the x-cos-security-token
// header, which is not signed here. No request is sent. Errors:
// ErrInvalidArgument, ErrNoCredentials, credential provider errors.
func (c *Client) Authorization(ctx context.Context, method, key string, expires time.Duration, header http.Header, params url.Values) (string, error) {
	if ctx == nil {
		return "", invalidArg("ctx", "is nil")
	}
	m := strings.ToUpper(strings.TrimSpace(method))
	if m == "" {
		return "", invalidArg("method", "is empty")
	}
	if expires == 0 {
		expires = defaultPresignExpiry
	}
	if expires < 0 {
		return "", invalidArg("expires", "is negative (%v)", expires)
	}
	if key == "/" {
		key = "" // the bucket root, as the seed's get_auth takes it
	}
	if key != "" {
		if err := validateKey(key); err != nil {
			return "", err
		}
	}
	target := c.cfg.bucketTarget
	if key != "" {
		target = c.cfg.objectTarget
	}
	tgt, err := target()
	if err != nil {
		return "", err
	}
	cred, err := c.signingCredentials(ctx, "Authorization")
	if err != nil {
		return "", err
	}
	u := tgt.url(key)
	h := make(http.Header, len(header)+1)
	maps.Copy(h, header)
	hasHost := false
	for k := range h {
		if strings.EqualFold(k, "host") {
			hasHost = true
		}
	}
	if !hasHost {
		h["host"] = []string{u.Host}
	}
	start := c.cfg.now()
	return Authorization(cred, m, u.Path, params, h, start, start.Add(expires)), nil
}

// URL returns the URL the client sends requests for the object key to:
// scheme, host and path exactly as Put, Get and PresignURL build them
// (virtual-host or path-style addressing, WithBucketEndpoint's custom
// domain, WithAccelerate's host, the key escaped per RFC 3986 with "/"
// kept, a leading "/" as %2F), without a query and without signing. It
// is the address of a public-read object, or of one served through a CDN
// that signs on its own. It returns nil when the key is invalid (empty,
// too long, not UTF-8, addressing the bucket root) or the client has no
// usable bucket, the cases in which those calls fail with
// ErrInvalidArgument before sending.
func (s *ObjectService) URL(key string) *url.URL {
	if validateKey(key) != nil {
		return nil
	}
	tgt, err := s.client.cfg.objectTarget() // WithAccelerate moves object calls
	if err != nil {
		return nil
	}
	return tgt.url(key)
}

// signingCredentials fetches signing credentials for a helper that cannot sign
// anonymously.
func (c *Client) signingCredentials(ctx context.Context, name string) (Credentials, error) {
	if c.cfg.creds == nil {
		return Credentials{}, fmt.Errorf("cos: %s: %w: the client is anonymous (use WithStaticCredentials or WithCredentials)", name, ErrNoCredentials)
	}
	cred, err := c.cfg.creds.Credentials(ctx)
	if err != nil {
		return Credentials{}, fmt.Errorf("cos: %s: credentials: %w", name, err)
	}
	if !cred.valid() {
		return Credentials{}, errors.Join(ErrNoCredentials, invalidArg("credentials", "provider returned an empty secret id or key"))
	}
	return cred, nil
}

func presignMethod(method string) (string, error) {
	m := strings.ToUpper(strings.TrimSpace(method))
	switch m {
	case http.MethodGet, http.MethodPut, http.MethodHead, http.MethodDelete, http.MethodPost:
		return m, nil
	}
	return "", invalidArg("method", "%q cannot be presigned (GET, PUT, HEAD, DELETE or POST)", method)
}
