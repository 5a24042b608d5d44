package cos

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cosgo/cos/internal/ctxsleep"
	"github.com/cosgo/cos/internal/xmlutil"
)

// Response is the HTTP response of a call, with the COS request and trace
// IDs pulled out. On error it is still returned whenever a response
// arrived, so RequestID can be logged.
type Response struct {
	*http.Response
	// RequestID is the x-cos-request-id header.
	RequestID string
	// TraceID is the x-cos-trace-id header (sent on failures).
	TraceID string
	// VersionID is the x-cos-version-id header, sent once a bucket has a
	// versioning state: the version a Get or Head read, the version a
	// Delete removed or the delete marker it created ("null" for the null
	// version). It is how Delete, whose signature returns only a
	// Response, reports versions.
	VersionID string
	// DeleteMarker is the x-cos-delete-marker header: a Delete created or
	// removed a delete marker.
	DeleteMarker bool
}

func newResponse(r *http.Response) *Response {
	return &Response{Response: r, RequestID: r.Header.Get("x-cos-request-id"), TraceID: r.Header.Get("x-cos-trace-id"),
		VersionID: r.Header.Get("x-cos-version-id"), DeleteMarker: strings.EqualFold(r.Header.Get("x-cos-delete-marker"), "true")}
}

// op describes one API call for the pipeline. Service methods validate
// input, fill an op and call do; they never loop, sleep, log or sign.
type op struct {
	name    string
	method  string
	service bool   // account-level call (ListBuckets)
	object  bool   // object call: key is validated
	key     string // "" for bucket-level calls
	query   url.Values
	header  http.Header
	opts    []any // option structs with url/header tags

	body    io.Reader // streamed body
	size    int64     // body size; -1 unknown (only used with body)
	xmlBody any       // marshalled, with Content-MD5 and Content-Type
	// wrapBody, when set, wraps the body reader of every attempt (for
	// example to hash the bytes actually sent, for CRC64 checks).
	wrapBody func(io.Reader) io.Reader

	idempotent bool
	out        any // XML document to decode a 2xx body into
	// decode, when set, receives a 2xx body instead of out: for documents
	// that are not XML (a bucket policy is JSON). The body is bounded and
	// an <Error> document in it is still a *ServiceError.
	decode     func(raw []byte) error
	errorIn200 bool // a 200 may carry an <Error> body
	keepBody   bool // hand the open body to the caller (Object.Get)
	// acceptRetry treats an error seen on a repeated attempt as success
	// (RestoreAlreadyInProgress after a lost 202).
	acceptRetry func(*ServiceError) bool
}

// do runs op: build, sign, send, check, decode, close, retry.
func (c *Client) do(ctx context.Context, o *op) (*Response, error) {
	if ctx == nil {
		return nil, invalidArg("ctx", "is nil")
	}
	cfg := &c.cfg
	var tgt target
	if o.service {
		tgt = cfg.serviceTarget()
	} else {
		target := cfg.bucketTarget
		if o.object {
			target = cfg.objectTarget // WithAccelerate moves object calls
		}
		var err error
		if tgt, err = target(); err != nil {
			return nil, err
		}
	}
	if o.object {
		if err := validateKey(o.key); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	maps.Copy(q, o.query)
	h := http.Header{}
	maps.Copy(h, o.header)
	for _, opt := range o.opts {
		if err := encodeOptions(opt, q, h); err != nil {
			return nil, err
		}
	}
	u := tgt.url(o.key)
	u.RawQuery = encodeQuery(q)

	src, err := newBodySource(o, h)
	if err != nil {
		return nil, err
	}
	defer src.detach()
	p := &attemptPlan{c: c, o: o, u: u, q: q, h: h, src: src}
	return p.run(ctx)
}

type attemptPlan struct {
	c    *Client
	o    *op
	u    *url.URL
	q    url.Values
	h    http.Header
	src  *bodySource
	skew time.Duration
	// token is the session token the last attempt sent, kept only to
	// redact it from error bodies that echo the signed request.
	token string
}

func (p *attemptPlan) run(ctx context.Context) (*Response, error) {
	cfg := &p.c.cfg
	maxAttempts := cfg.retryer.MaxAttempts()
	if !p.o.idempotent || !p.src.replayable {
		maxAttempts = 1
	}
	skewRetried := false
	var lastErr error
	for attempt := 1; ; attempt++ {
		start := cfg.now()
		resp, err := p.attempt(ctx)
		p.log(ctx, attempt, start, resp, err)
		if err == nil {
			return resp, nil
		}
		var se *ServiceError
		if attempt > 1 && p.o.acceptRetry != nil && errors.As(err, &se) && p.o.acceptRetry(se) {
			return resp, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			return resp, errors.Join(ctx.Err(), err)
		}
		if errors.As(err, &se) && se.Code == "RequestTimeTooSkewed" && !skewRetried && p.src.replayable {
			// Correct the clock once from the server's Date and try again.
			if d, e := http.ParseTime(se.Header.Get("Date")); e == nil {
				skewRetried = true
				p.skew = d.Sub(cfg.now())
				attempt--
				continue
			}
		}
		if attempt >= maxAttempts || !cfg.retryer.IsRetryable(err) {
			if attempt > 1 {
				return resp, fmt.Errorf("cos: %s: giving up after %d attempts: %w", p.o.name, attempt, lastErr)
			}
			return resp, lastErr
		}
		delay := cfg.retryer.RetryDelay(attempt, err)
		if cfg.logger.Enabled(ctx, slog.LevelWarn) {
			cfg.logger.LogAttrs(ctx, slog.LevelWarn, "cos: retrying",
				slog.String("op", p.o.name), slog.String("key", p.o.key),
				slog.Int("attempt", attempt), slog.Duration("delay", delay), slog.String("error", err.Error()))
		}
		if err := ctxsleep.Sleep(ctx, delay); err != nil {
			return resp, errors.Join(err, lastErr)
		}
	}
}

// attempt sends one signed request and checks the answer.
func (p *attemptPlan) attempt(ctx context.Context) (*Response, error) {
	cfg := &p.c.cfg
	req, err := http.NewRequestWithContext(ctx, p.o.method, p.u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("cos: %s: building request: %w", p.o.name, err)
	}
	req.Header = p.h.Clone()
	req.Header.Set("User-Agent", cfg.userAgent)
	if err := p.src.attach(req); err != nil {
		return nil, err
	}
	if err := p.sign(ctx, req); err != nil {
		return nil, err
	}
	hr, err := cfg.httpClient.Do(req)
	if err != nil {
		return nil, p.transportError(err)
	}
	resp := newResponse(hr)
	return resp, p.check(resp)
}

// transportError wraps a failure to get any answer. The most common
// first-day mistake, a wrong region or a bucket name without its APPID,
// shows up as a host that does not resolve: say so.
func (p *attemptPlan) transportError(err error) error {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound && !p.o.service {
		cfg := &p.c.cfg
		return fmt.Errorf("cos: %s %s: bucket host %s was not found: check the region (%q) and that the bucket is named <name>-<appid> (%q): %w",
			p.o.method, p.u.Path, p.u.Hostname(), cfg.region, cfg.bucket, err)
	}
	return fmt.Errorf("cos: %s %s: %w", p.o.method, p.u.Path, err)
}

// sign adds the security token and Authorization header, over host, the
// content headers, conditional headers and every x-cos-* header present.
func (p *attemptPlan) sign(ctx context.Context, req *http.Request) error {
	cfg := &p.c.cfg
	if cfg.creds == nil {
		return nil // anonymous
	}
	cred, err := cfg.creds.Credentials(ctx)
	if err != nil {
		return fmt.Errorf("cos: %s: credentials: %w", p.o.name, err)
	}
	if !cred.valid() {
		return invalidArg("credentials", "provider returned an empty secret id or key")
	}
	p.token = cred.SessionToken
	if cred.SessionToken != "" {
		req.Header.Set("x-cos-security-token", cred.SessionToken)
	}
	// Fields in stack arrays, not a map: signing copies no header.
	var fs, ps [16]signField
	fields := signedFields(fs[:0], req)
	now := cfg.now().Add(p.skew)
	auth := authorization(cred, req.Method, p.u.Path, appendFields(ps[:0], p.q), fields, now.Add(-60*time.Second), now.Add(time.Hour))
	req.Header.Set("Authorization", auth)
	return nil
}

var signableHeaders = map[string]bool{
	"Content-Type": true, "Content-Md5": true, "Range": true,
	"If-Match": true, "If-None-Match": true, "If-Modified-Since": true, "If-Unmodified-Since": true,
	"Cache-Control": true, "Content-Disposition": true, "Content-Encoding": true,
	"Content-Language": true, "Expires": true, "Origin": true,
}

// signedFields appends the headers to sign to dst: host, the content and
// conditional headers of signableHeaders, every x-cos-* header, and
// Content-Length when Go will send it (a known length on a body-carrying
// method). The fields share the request's strings; host and content-length
// share one small array for their values.
func signedFields(dst []signField, req *http.Request) []signField {
	extra := new([2]string)
	extra[0] = req.URL.Host
	dst = append(dst, signField{"host", extra[0:1]})
	for k, v := range req.Header {
		ck := http.CanonicalHeaderKey(k)
		if signableHeaders[ck] || hasFoldPrefix(ck, "X-Cos-") {
			dst = append(dst, signField{ck, v})
		}
	}
	if req.ContentLength > 0 || (req.ContentLength == 0 && (req.Method == http.MethodPut || req.Method == http.MethodPost)) {
		extra[1] = strconv.FormatInt(req.ContentLength, 10)
		dst = append(dst, signField{"content-length", extra[1:2]})
	}
	return dst
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFoldASCII(s[:len(prefix)], prefix)
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// check turns non-2xx and 200-with-<Error> answers into *ServiceError,
// decodes the success document, and closes the body unless the caller
// keeps it.
func (p *attemptPlan) check(resp *Response) error {
	body := resp.Body
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer body.Close()
		return p.serviceError(resp, nil)
	}
	if p.o.keepBody {
		return nil
	}
	defer func() {
		// Drain a little so the connection can be reused, then close.
		_, _ = io.CopyN(io.Discard, body, 4<<10)
		body.Close()
	}()
	if p.o.out == nil && p.o.decode == nil && !p.o.errorIn200 {
		return nil
	}
	raw, err := xmlutil.ReadBounded(body, xmlutil.MaxDocument)
	if err != nil {
		return fmt.Errorf("cos: %s %s: reading response: %w", p.o.method, p.u.Path, err)
	}
	if p.o.decode != nil {
		if doc, isErr := xmlutil.ParseError(raw); isErr {
			return p.serviceError(resp, &doc)
		}
		if err := p.o.decode(raw); err != nil {
			return fmt.Errorf("cos: %s %s: %w", p.o.method, p.u.Path, err)
		}
		return nil
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		if p.o.out != nil {
			return fmt.Errorf("cos: %s %s: empty response body: %w", p.o.method, p.u.Path, io.ErrUnexpectedEOF)
		}
		return nil
	}
	doc, isErr, err := xmlutil.Decode(raw, p.o.out)
	if isErr {
		return p.serviceError(resp, &doc)
	}
	if err != nil {
		return fmt.Errorf("cos: %s %s: %w", p.o.method, p.u.Path, err)
	}
	return nil
}

// serviceError builds the error from doc, or from the (bounded) body, or,
// for HEAD and 304 which have none, from the status and headers.
func (p *attemptPlan) serviceError(resp *Response, doc *xmlutil.ErrorDoc) error {
	se := &ServiceError{
		StatusCode: resp.StatusCode,
		RequestID:  resp.RequestID,
		TraceID:    resp.TraceID,
		Header:     resp.Header,
		Method:     p.o.method,
		Path:       p.u.Path,
	}
	if doc == nil && p.o.method != http.MethodHead {
		raw, err := xmlutil.ReadBounded(resp.Body, xmlutil.MaxErrorBody)
		// A SignatureDoesNotMatch body echoes the string that was signed,
		// session token included: never hand that to a caller who logs it.
		raw = redactToken(raw, p.token)
		se.Body = raw
		if d, ok := xmlutil.ParseError(raw); ok {
			doc = &d
		} else if err != nil && !errors.Is(err, xmlutil.ErrDocumentTooLarge) {
			// The error body itself was cut off: keep both errors; whether to
			// retry is the status's call (5xx yes, 4xx no).
			return errors.Join(se, fmt.Errorf("cos: reading error body: %w", err))
		}
	}
	if doc != nil {
		se.Code, se.Message, se.Resource = doc.Code, doc.Message, doc.Resource
		if se.RequestID == "" {
			se.RequestID = doc.RequestID
		}
		if se.TraceID == "" {
			se.TraceID = doc.TraceID
		}
	}
	return se
}

func (p *attemptPlan) log(ctx context.Context, attempt int, start time.Time, resp *Response, err error) {
	l := p.c.cfg.logger
	if !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("op", p.o.name),
		slog.String("method", p.o.method),
		slog.String("host", p.u.Host),
		slog.String("path", p.u.Path),
		slog.String("bucket", p.c.cfg.bucket),
		slog.String("key", p.o.key),
		slog.Int("attempt", attempt),
		slog.Duration("elapsed", p.c.cfg.now().Sub(start)),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", resp.RequestID))
	}
	if err != nil {
		attrs = append(attrs, slog.String("code", ErrorCode(err)), slog.String("error", err.Error()))
	}
	l.LogAttrs(ctx, slog.LevelDebug, "cos: request", attrs...)
}

// contentMD5 is the base64 MD5 COS wants on XML bodies.
func contentMD5(b []byte) string {
	sum := md5.Sum(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// redactToken replaces a session token, raw or escaped, in b.
func redactToken(b []byte, token string) []byte {
	if token == "" {
		return b
	}
	for _, t := range []string{token, escapeSign(token), url.QueryEscape(token)} {
		b = bytes.ReplaceAll(b, []byte(t), []byte("[REDACTED]"))
	}
	return b
}
