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
	bucket string
	key    string
	now    time.Time
	reqID  string
	// signed: the request was signed by a known key, or the server runs
	// WithAnonymous; unsigned requests only get public access.
	signed bool
	// hostRegion is the region named by a cos.<region>.myqcloud.com host.
	hostRegion string
}

type handlerFunc func(s *Server, c *reqCtx) *Error

var handlers = map[Op]handlerFunc{
	OpListBuckets:             (*Server).listBuckets,
	OpCreateBucket:            (*Server).createBucket,
	OpDeleteBucket:            (*Server).deleteBucket,
	OpHeadBucket:              (*Server).headBucket,
	OpGetBucketLocation:       (*Server).getBucketLocation,
	OpListObjects:             (*Server).listObjects,
	OpListMultipartUploads:    (*Server).listMultipartUploads,
	OpPutBucketACL:            (*Server).putBucketACL,
	OpGetBucketACL:            (*Server).getBucketACL,
	OpPutBucketCORS:           (*Server).putBucketCORS,
	OpGetBucketCORS:           (*Server).getBucketCORS,
	OpDeleteBucketCORS:        (*Server).deleteBucketCORS,
	OpPutBucketLifecycle:      (*Server).putBucketLifecycle,
	OpGetBucketLifecycle:      (*Server).getBucketLifecycle,
	OpDeleteBucketLifecycle:   (*Server).deleteBucketLifecycle,
	OpPutObject:               (*Server).putObject,
	OpGetObject:               (*Server).getObject,
	OpHeadObject:              (*Server).getObject,
	OpDeleteObject:            (*Server).deleteObject,
	OpDeleteObjects:           (*Server).deleteObjects,
	OpCopyObject:              (*Server).copyObject,
	OpRestoreObject:           (*Server).restoreObject,
	OpPutObjectACL:            (*Server).putObjectACL,
	OpGetObjectACL:            (*Server).getObjectACL,
	OpInitiateMultipartUpload: (*Server).initiateMultipartUpload,
	OpUploadPart:              (*Server).uploadPart,
	OpUploadPartCopy:          (*Server).uploadPartCopy,
	OpListParts:               (*Server).listParts,
	OpCompleteMultipartUpload: (*Server).completeMultipartUpload,
	OpAbortMultipartUpload:    (*Server).abortMultipartUpload,
	OpOptionsObject:           (*Server).optionsObject,
}

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
	s.corsActualRequest(c)
	handle := handlers[c.op]
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
		if c.r.Method != http.MethodGet {
			return newError(http.StatusMethodNotAllowed, "MethodNotAllowed", "")
		}
		c.op = OpListBuckets
		return nil
	}
	if c.key != "" {
		if e := checkKey(c.key); e != nil {
			return e
		}
	}
	if sub := c.q.unsupported(); sub != "" {
		return errorf(http.StatusNotImplemented, "NotImplemented", "costest does not implement ?%s.", sub)
	}
	if c.key == "" && c.r.Method == http.MethodPost && !c.q.has("delete") {
		return errorf(http.StatusNotImplemented, "NotImplemented", "costest does not implement POST Object (form upload).")
	}
	var ok bool
	if c.key == "" {
		c.op, ok = bucketOp(c.r.Method, c.q)
	} else {
		c.op, ok = objectOp(c.r.Method, c.q, c.r.Header)
	}
	if !ok {
		return newError(http.StatusMethodNotAllowed, "MethodNotAllowed", "")
	}
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

func bucketOp(method string, q query) (Op, bool) {
	switch method {
	case http.MethodGet:
		switch {
		case q.has("acl"):
			return OpGetBucketACL, true
		case q.has("cors"):
			return OpGetBucketCORS, true
		case q.has("lifecycle"):
			return OpGetBucketLifecycle, true
		case q.has("location"):
			return OpGetBucketLocation, true
		case q.has("uploads"):
			return OpListMultipartUploads, true
		}
		return OpListObjects, true
	case http.MethodPut:
		switch {
		case q.has("acl"):
			return OpPutBucketACL, true
		case q.has("cors"):
			return OpPutBucketCORS, true
		case q.has("lifecycle"):
			return OpPutBucketLifecycle, true
		}
		return OpCreateBucket, true
	case http.MethodDelete:
		switch {
		case q.has("cors"):
			return OpDeleteBucketCORS, true
		case q.has("lifecycle"):
			return OpDeleteBucketLifecycle, true
		}
		return OpDeleteBucket, true
	case http.MethodHead:
		return OpHeadBucket, true
	case http.MethodPost:
		if q.has("delete") {
			return OpDeleteObjects, true
		}
	case http.MethodOptions:
		return OpOptionsObject, true
	}
	return "", false
}

func objectOp(method string, q query, h http.Header) (Op, bool) {
	copySource := h.Get("x-cos-copy-source") != ""
	switch method {
	case http.MethodGet:
		switch {
		case q.has("acl"):
			return OpGetObjectACL, true
		case q.has("uploadId"):
			return OpListParts, true
		}
		return OpGetObject, true
	case http.MethodHead:
		return OpHeadObject, true
	case http.MethodPut:
		switch {
		case q.has("acl"):
			return OpPutObjectACL, true
		case q.has("uploadId") && copySource:
			return OpUploadPartCopy, true
		case q.has("uploadId"):
			return OpUploadPart, true
		case copySource:
			return OpCopyObject, true
		}
		return OpPutObject, true
	case http.MethodDelete:
		if q.has("uploadId") {
			return OpAbortMultipartUpload, true
		}
		return OpDeleteObject, true
	case http.MethodPost:
		switch {
		case q.has("uploads"):
			return OpInitiateMultipartUpload, true
		case q.has("uploadId"):
			return OpCompleteMultipartUpload, true
		case q.has("restore"):
			return OpRestoreObject, true
		}
	case http.MethodOptions:
		return OpOptionsObject, true
	}
	return "", false
}
