package costest

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

// reqCtx is the state of one request as it passes through the server.
type reqCtx struct {
	s      *Server
	w      *respWriter
	r      *http.Request
	body   *countingBody
	q      query
	op     Op
	rt     *route
	bucket string
	key    string
	now    time.Time
	reqID  string
	// signed: the request was signed by a known key, or the server runs
	// WithAnonymous; unsigned requests only get public access.
	signed bool
	// hostRegion is the region named by a cos.<region>.myqcloud.com host.
	hostRegion string
	// eventFault is a FaultEventError for an event-stream answer (Select).
	eventFault *Fault
}

type handlerFunc func(s *Server, c *reqCtx) *Error

type rawQueryKey struct{}

// handler wraps serveHTTP so that a raw ";" in the query neither makes
// net/http log a warning nor gets rewritten: the original raw query is
// kept in the context before AllowQuerySemicolons rewrites it.
func (s *Server) newHandler() http.Handler {
	inner := http.AllowQuerySemicolons(http.HandlerFunc(s.serveHTTP))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.RawQuery, ";") {
			r = r.WithContext(context.WithValue(r.Context(), rawQueryKey{}, r.URL.RawQuery))
		}
		inner.ServeHTTP(w, r)
	})
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	// Count body bytes on a shallow copy: net/http inspects the type of
	// the original Request.Body after the handler to decide whether it
	// may discard an unread body.
	if r.Body == nil {
		r.Body = http.NoBody
	}
	body := &countingBody{rc: r.Body}
	r = r.WithContext(r.Context())
	r.Body = body
	c := &reqCtx{s: s, r: r, body: body, now: s.now(), reqID: s.ids.requestID()}
	c.w = &respWriter{ResponseWriter: w, limit: -1}
	var fired FaultKind
	logged := false
	logOnce := func(int) {
		if !logged {
			logged = true
			s.logRequest(c, fired)
		}
	}
	// Log when the answer is about to go out, so a client that saw it
	// finds it in Requests(); requests cut before any answer log at the end.
	c.w.onHeader = logOnce
	defer logOnce(0)

	h := c.w.Header()
	h.Set("x-cos-request-id", c.reqID)
	h.Set("Server", "tencent-cos")
	h.Set("Date", c.now.UTC().Format(http.TimeFormat))

	raw := r.URL.RawQuery
	if v, ok := r.Context().Value(rawQueryKey{}).(string); ok {
		raw = v
	}
	var e *Error
	if c.q, e = parseQuery(raw); e != nil {
		c.fail(e)
		return
	}
	if e := c.route(); e != nil {
		c.fail(e)
		return
	}
	if c.op.bucketLevel() {
		h.Set("x-cos-bucket-region", s.cfg.region)
	}
	if e := s.authorize(c); e != nil {
		c.fail(e)
		return
	}
	if e := s.checkAccelerateHost(c); e != nil {
		c.fail(e)
		return
	}
	s.corsActualRequest(c)
	handle := c.rt.handle
	if f, ok := s.faults.match(c); ok {
		fired = f.Kind
		s.applyFault(c, f, handle)
		return
	}
	if e := handle(s, c); e != nil {
		c.fail(e)
	}
}

func (s *Server) logRequest(c *reqCtx, fired FaultKind) {
	hdr := c.r.Header.Clone()
	hdr.Set("Host", c.r.Host)
	s.reqlog.add(Request{
		Op: c.op, Method: c.r.Method, Bucket: c.bucket, Key: c.key,
		Query: c.q.values, Header: hdr, BodySize: c.body.count(),
		Status: c.w.status, Fault: fired, Time: c.now,
	})
	s.cfg.logger.LogAttrs(c.r.Context(), slog.LevelDebug, "costest request",
		slog.String("op", string(c.op)), slog.String("method", c.r.Method),
		slog.String("bucket", c.bucket), slog.String("key", c.key),
		slog.Int("status", c.w.status), slog.String("request_id", c.reqID))
}

// authorize verifies the signature; an unsigned request must be allowed
// by the bucket's or object's ACL.
func (s *Server) authorize(c *reqCtx) *Error {
	if s.cfg.anonymous {
		c.signed = true
		return nil
	}
	if c.op == OpOptionsObject { // browsers send preflights unsigned
		return nil
	}
	if c.op == OpPostObject && c.r.Header.Get("Authorization") == "" && !c.q.has("q-signature") && !c.q.has("sign") {
		return nil // a browser form carries its authorization in its fields (post_object.go)
	}
	signed, e := s.verifySignature(c.r, c.q, c.now)
	if e != nil {
		return e
	}
	if signed {
		c.signed = true
		return nil
	}
	if s.publicAccess(c) {
		return nil
	}
	return errAccessDenied("")
}

// hostOnly strips the port from a Host value.
func hostOnly(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return strings.Trim(host, "[]")
}

func pathStyleHost(host string) bool {
	return host == "" || strings.EqualFold(host, "localhost") || net.ParseIP(host) != nil
}

// route finds bucket, key and operation. Keys come from the decoded path
// (r.URL.Path), never from RawPath, and the path is not cleaned.
func (c *reqCtx) route() *Error {
	p := c.r.URL.Path
	if !strings.HasPrefix(p, "/") {
		return badRequest("InvalidURI", "The request path must start with /.")
	}
	rest := p[1:]
	host := hostOnly(c.r.Host)
	lower := strings.ToLower(host)
	switch {
	case pathStyleHost(host):
		c.bucket, c.key, _ = strings.Cut(rest, "/")
	case strings.HasPrefix(lower, "service."):
		c.key = rest
	case strings.HasPrefix(lower, "cos."):
		c.key = rest
		if labels := strings.Split(lower, "."); len(labels) > 2 {
			c.hostRegion = labels[1]
		}
	default:
		c.bucket, _, _ = strings.Cut(lower, ".") // DNS names are case-insensitive
		c.key = rest
	}
	if c.bucket == "" {
		if c.key != "" {
			return badRequest("InvalidURI", "An object request needs a bucket.")
		}
		r, e := findRoute(levelService, c.r.Method, c.q, c.r.Header)
		if e != nil {
			return e
		}
		c.rt, c.op = r, r.op
		return nil
	}
	if c.key != "" {
		if e := checkKey(c.key); e != nil {
			return e
		}
	}
	lv := levelObject
	if c.key == "" {
		lv = levelBucket
	}
	r, e := findRoute(lv, c.r.Method, c.q, c.r.Header)
	if e != nil {
		return e
	}
	c.rt, c.op = r, r.op
	return nil
}

// checkKey applies the key rules of cos-protocol.md section 2.
func checkKey(key string) *Error {
	if len(key) > maxKeyBytes {
		return badRequest(codeKeyTooLong, "The key is %d bytes long; at most %d are allowed.", len(key), maxKeyBytes)
	}
	if strings.ContainsAny(key, "\x18\x19\x1a\x1b") {
		return badRequest(codeBadKey, "The key holds a forbidden control character.")
	}
	if path.Clean("/"+key) == "/" {
		return badRequest(codeBadKey, "The key %q would address the bucket root.", key)
	}
	return nil
}
