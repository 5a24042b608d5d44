package cos

import (
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
	"strings"
	"time"

	"github.com/cosgo/cos/internal/ctxsleep"
	"github.com/cosgo/cos/internal/xmlutil"
)

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
	// limits bound the 2xx document: its size (default
	// xmlutil.MaxSmallDocument) and, for a page, its entries.
	limits xmlutil.Limits
	// decode, when set, receives a 2xx body instead of out: for documents
	// that are not XML (a bucket policy is JSON). The body is bounded and
	// an <Error> document in it is still a *ServiceError.
	decode     func(raw []byte) error
	errorIn200 bool // a 200 may carry an <Error> body
	// keepAlive marks an answer the server may send a byte at a time while
	// it works (the spaces of Complete, Select's progress events): a
	// stall is then a window without any byte. errorIn200 implies it.
	keepAlive bool
	keepBody  bool // hand the open body to the caller (Object.Get)
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
	// auth is the Authorization value the last attempt sent, kept only to
	// redact it.
	auth string
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
		if err != nil {
			err = p.scrubber().error(err)
		}
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

// attempt sends one signed request and checks the answer. With a stall
// timeout its bodies are watched, and a stall ends only this attempt.
func (p *attemptPlan) attempt(ctx context.Context) (*Response, error) {
	sw := (*stallWatch)(nil)
	actx := ctx
	if d := p.c.cfg.stallTimeout; d > 0 {
		sw = newStallWatch(ctx, d, p.o.method, p.u.Path)
		actx = sw.ctx
	}
	resp, err := p.exchange(actx, sw)
	if sw == nil {
		return resp, err
	}
	if stall := sw.stalled(); stall != nil && err != nil && ctx.Err() == nil && !errors.Is(err, ErrStalled) {
		// The transport says only that the attempt's context ended.
		err = stall
	}
	if err != nil || !p.o.keepBody {
		sw.end() // a body handed to the caller ends it when closed
	}
	return resp, err
}

// exchange builds, signs and sends the request and checks the answer.
func (p *attemptPlan) exchange(ctx context.Context, sw *stallWatch) (*Response, error) {
	cfg := &p.c.cfg
	req, err := p.newRequest(ctx)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", cfg.userAgent)
	if err := p.src.attach(req); err != nil {
		return nil, err
	}
	if err := p.sign(ctx, req); err != nil {
		return nil, err
	}
	p.auth = req.Header.Get("Authorization")
	if sw != nil {
		sw.watchRequest(req)
	}
	hr, err := cfg.httpClient.Do(req)
	if err != nil {
		return nil, p.transportError(err)
	}
	if sw != nil {
		sw.answered()
		need := int64(stallMinBytes)
		if p.o.errorIn200 || p.o.keepAlive {
			need = keepAliveMinBytes
		}
		hr.Body = sw.response(hr.Body, need)
	}
	resp := newResponse(hr)
	return resp, p.check(resp)
}

// newRequest is http.NewRequestWithContext for the URL already built,
// without printing it and parsing it back, and with the call's headers.
// They are copied, not cloned: the attempt only ever Sets its own (the
// signature, the user agent), so the call's slices stay untouched for the
// next attempt.
func (p *attemptPlan) newRequest(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, p.o.method, "", nil)
	if err != nil {
		return nil, fmt.Errorf("cos: %s: building request: %w", p.o.name, err)
	}
	*req.URL = *p.u
	req.Host = strings.TrimSuffix(p.u.Host, ":") // as http.NewRequest drops an empty port
	maps.Copy(req.Header, p.h)
	return req, nil
}

// scrubber removes this call's secrets from what it returns and logs.
func (p *attemptPlan) scrubber() *scrubber {
	return newScrubber(append([]string{p.token, p.auth, signatureOf(p.auth)}, p.c.cfg.secrets.secrets()...)...)
}

// signatureOf returns the q-signature field of an Authorization value.
func signatureOf(auth string) string {
	_, sig, _ := strings.Cut(auth, "q-signature=")
	sig, _, _ = strings.Cut(sig, "&")
	return sig
}

// transportError wraps a failure to get any answer. The most common
// first-day mistake, a wrong region or a bucket name without its APPID,
// shows up as a host that does not resolve: say so. An answer that was
// not HTTP (a status line cut inside, a malformed header) wraps
// ErrInvalidResponse. Every such error wraps errNoAnswer: nothing came
// back, so an idempotent request may be sent again.
func (p *attemptPlan) transportError(err error) error {
	if malformedAnswer(err) {
		err = fmt.Errorf("%w: %w", ErrInvalidResponse, err)
	}
	err = &noAnswerError{err}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound && !p.o.service {
		cfg := &p.c.cfg
		return fmt.Errorf("cos: %s %s: bucket host %s was not found: check the region (%q) and that the bucket is named <name>-<appid> (%q): %w",
			p.o.method, p.u.Path, p.u.Hostname(), cfg.region, cfg.bucket, err)
	}
	return fmt.Errorf("cos: %s %s: %w", p.o.method, p.u.Path, err)
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
		// The request ID is the server's text: it could echo anything.
		attrs = append(attrs, slog.Int("status", resp.StatusCode), slog.String("request_id", p.scrubber().string(resp.RequestID)))
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
