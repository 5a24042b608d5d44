package cos

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrCORSForbidden matches COS's 403 AccessForbidden answer to a CORS
// preflight: the bucket has no CORS rules, or none allows the origin,
// method and headers asked for. It wraps the *ServiceError and also
// matches ErrAccessDenied.
var ErrCORSForbidden = errors.New("cos: CORS request not allowed")

// OptionsRequest is the cross-origin request a browser is about to make,
// as its preflight describes it.
type OptionsRequest struct {
	// Origin is the page's origin, e.g. "https://www.example.com".
	Origin string `header:"Origin"`
	// Method is the method of the actual request: GET, PUT, POST, DELETE
	// or HEAD (the methods a COS CORS rule can allow).
	Method string `header:"Access-Control-Request-Method"`
	// Headers are the request headers the page will send beyond the
	// simple ones (for example "content-type", "x-cos-meta-author").
	Headers []string `url:"-"`
}

// ObjectOptionsResult is the Access-Control-* answer COS gives to an
// allowed preflight.
type ObjectOptionsResult struct {
	// AllowOrigin is "*" or the request's origin.
	AllowOrigin string
	// AllowMethods are the methods of the matching rule.
	AllowMethods []string
	// AllowHeaders are the request headers allowed (COS echoes those
	// asked for).
	AllowHeaders []string
	// ExposeHeaders are the response headers a page may read.
	ExposeHeaders []string
	// MaxAge is how long a browser may cache the answer; 0 when COS sent
	// no Access-Control-Max-Age.
	MaxAge time.Duration
	// AllowCredentials is Access-Control-Allow-Credentials: true (sent
	// with an echoed origin).
	AllowCredentials bool
}

var corsRequestMethods = map[string]bool{"GET": true, "PUT": true, "POST": true, "DELETE": true, "HEAD": true}

func (r *OptionsRequest) validate() error {
	if r == nil {
		return invalidArg("OptionsRequest", "is nil; a preflight needs Origin and Method")
	}
	if strings.TrimSpace(r.Origin) == "" {
		return invalidArg("OptionsRequest.Origin", "is empty")
	}
	if strings.ContainsAny(r.Origin, "\r\n") {
		return invalidArg("OptionsRequest.Origin", "holds a line break")
	}
	if !corsRequestMethods[r.Method] {
		return invalidArg("OptionsRequest.Method", "%q is not GET, PUT, POST, DELETE or HEAD", r.Method)
	}
	for i, h := range r.Headers {
		if h == "" || !isToken(h) {
			return invalidArg(elemField("OptionsRequest.Headers", i, ""), "%q is not a header name", h)
		}
	}
	return nil
}

// isToken reports whether s is an RFC 9110 token, the form of a header
// name.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// Options sends the CORS preflight a browser would send before req against
// the object key (OPTIONS Object), and returns what COS allows. key ""
// asks about the bucket itself. COS answers from the bucket's CORS rules
// (Bucket.PutCORS); a preflight that no rule allows, or one to a bucket
// without rules, is an error matching ErrCORSForbidden (403
// AccessForbidden). It lets a server check, before handing a page a
// presigned URL or a POST form, that the browser will be allowed to use
// it. Options is retried like every read. Errors: ErrInvalidArgument for
// bad input, ErrCORSForbidden, ErrNotFound when the bucket does not exist.
func (s *ObjectService) Options(ctx context.Context, key string, req *OptionsRequest) (*ObjectOptionsResult, *Response, error) {
	if err := req.validate(); err != nil {
		return nil, nil, err
	}
	hdr := http.Header{}
	if len(req.Headers) > 0 {
		hdr.Set("Access-Control-Request-Headers", strings.Join(req.Headers, ","))
	}
	resp, err := s.client.do(ctx, &op{
		name: "OptionsObject", method: http.MethodOptions, object: key != "", key: key,
		header: hdr, opts: []any{req}, idempotent: true,
	})
	if err != nil {
		return nil, resp, withCodeSentinel(err, ErrCORSForbidden, "AccessForbidden")
	}
	h := resp.Header
	res := &ObjectOptionsResult{
		AllowOrigin:      h.Get("Access-Control-Allow-Origin"),
		AllowMethods:     splitHeaderList(h.Values("Access-Control-Allow-Methods")),
		AllowHeaders:     splitHeaderList(h.Values("Access-Control-Allow-Headers")),
		ExposeHeaders:    splitHeaderList(h.Values("Access-Control-Expose-Headers")),
		AllowCredentials: strings.EqualFold(strings.TrimSpace(h.Get("Access-Control-Allow-Credentials")), "true"),
	}
	if v := strings.TrimSpace(h.Get("Access-Control-Max-Age")); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
			res.MaxAge = time.Duration(n) * time.Second
		}
	}
	return res, resp, nil
}

// splitHeaderList splits comma-separated header values into trimmed,
// non-empty items.
func splitHeaderList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for item := range strings.SplitSeq(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}
