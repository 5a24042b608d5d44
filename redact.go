package cos

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
)

// redacted replaces a secret in anything the client prints.
const redacted = "[REDACTED]"

// signedParams are the query parameters (and header names echoed as
// name=value) whose values are secrets: the signature of a presigned URL
// or Authorization value, the session token, and the form that carries a
// whole Authorization value.
var signedParams = []string{"q-signature", "x-cos-security-token", "sign"}

// RedactURL returns u with the values of its secret query parameters
// (q-signature, x-cos-security-token and sign) replaced by "REDACTED", so
// a presigned URL can be logged: what is left names the object and the
// expiry but cannot be used. Everything else is kept byte for byte. The
// standard library's *url.Error carries the whole URL it failed on, so
// log a failed fetch of a presigned URL through it:
//
//	if ue := (*url.Error)(nil); errors.As(err, &ue) {
//		log.Printf("fetch failed: %s %s: %v", ue.Op, cos.RedactURL(ue.URL), ue.Err)
//	}
func RedactURL(u string) string {
	base, query, ok := strings.Cut(u, "?")
	if !ok {
		return u
	}
	query, frag, hasFrag := strings.Cut(query, "#")
	fields := strings.Split(query, "&")
	for i, f := range fields {
		name, _, hasValue := strings.Cut(f, "=")
		if !hasValue {
			continue
		}
		if n, err := url.QueryUnescape(name); err == nil && isSignedParam(n) {
			fields[i] = name + "=REDACTED"
		}
	}
	out := base + "?" + strings.Join(fields, "&")
	if hasFrag {
		out += "#" + frag
	}
	return out
}

func isSignedParam(name string) bool {
	for _, p := range signedParams {
		if strings.EqualFold(name, p) {
			return true
		}
	}
	return false
}

// maskSignedValues replaces the value after every "q-signature=",
// "x-cos-security-token=" or "sign=" (also with "=" escaped as %3D, or
// written "name: value" as a header) in s, whatever produced it: an echoed
// Authorization header, a presigned URL, a signed string.
func maskSignedValues(s string) string {
	lower := strings.ToLower(s)
	var b strings.Builder
	last := 0
	for i := 0; i < len(lower); {
		name, sepLen := signedAt(lower, i)
		if name == 0 {
			i++
			continue
		}
		start := i + name + sepLen
		if strings.HasPrefix(s[start:], redacted) || strings.HasPrefix(s[start:], "REDACTED") {
			i = start + len("REDACTED")
			continue // masked already, here or by RedactURL
		}
		end := start
		for end < len(s) && !valueEnds(s[end]) {
			end++
		}
		if end > start {
			b.WriteString(s[last:start])
			b.WriteString(redacted)
			last = end
		}
		i = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// signedAt reports whether a secret parameter name and its separator start
// at lower[i] (lower-cased text), and their lengths.
func signedAt(lower string, i int) (name, sep int) {
	for _, p := range signedParams {
		if !strings.HasPrefix(lower[i:], p) {
			continue
		}
		if p == "sign" && i > 0 && isNameByte(lower[i-1]) {
			continue // "q-sign-time=", "design=": not the sign parameter
		}
		rest := lower[i+len(p):]
		seps := []string{"=", "%3d", ": ", ":"} // query, escaped, header
		if p == "sign" {
			seps = seps[:2] // "sign: " is English
		}
		for _, s := range seps {
			if strings.HasPrefix(rest, s) {
				return len(p), len(s)
			}
		}
	}
	return 0, 0
}

func isNameByte(c byte) bool {
	return c == '-' || c == '_' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

// valueEnds reports a byte that cannot be part of a signature or token as
// it appears in a query, a header or a document.
func valueEnds(c byte) bool {
	switch c {
	case '&', ' ', '\t', '\r', '\n', '"', '\'', '<', '>', ',', ';', ')', ']', '}', '\\':
		return true
	}
	return false
}

// scrubber removes the secrets of one call from what the call returns and
// logs: known values (key, token, Authorization, signature) in the forms
// they travel in, and any signed parameter value.
type scrubber struct {
	values []string
}

func newScrubber(secrets ...string) *scrubber {
	s := &scrubber{}
	for _, v := range secrets {
		if len(v) < 4 {
			continue // too short to be a secret; masking it would garble text
		}
		for _, f := range []string{v, escapeSign(v), url.QueryEscape(v), xmlEscape(v)} {
			if !containsString(s.values, f) {
				s.values = append(s.values, f)
			}
		}
	}
	return s
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

func (s *scrubber) string(v string) string {
	for _, x := range s.values {
		if strings.Contains(v, x) {
			v = strings.ReplaceAll(v, x, redacted)
		}
	}
	return maskSignedValues(v)
}

func (s *scrubber) bytes(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	if v := string(b); s.string(v) != v {
		return []byte(s.string(v))
	}
	return b
}

// header returns h with secrets scrubbed from its values (a copy when
// anything changed).
func (s *scrubber) header(h http.Header) http.Header {
	var out http.Header
	for k, vs := range h {
		for i, v := range vs {
			if c := s.string(v); c != v {
				if out == nil {
					out = h.Clone()
				}
				out[k][i] = c
			}
		}
	}
	if out == nil {
		return h
	}
	return out
}

// serviceError scrubs every text field of se in place.
func (s *scrubber) serviceError(se *ServiceError) {
	se.Code, se.Message, se.Resource = s.string(se.Code), s.string(se.Message), s.string(se.Resource)
	se.RequestID, se.TraceID = s.string(se.RequestID), s.string(se.TraceID)
	se.Body = s.bytes(se.Body)
	se.Header = s.header(se.Header)
}

// error returns err, or when its text holds a secret, an error with the
// scrubbed text that still unwraps to err for errors.Is and errors.As. A
// *url.Error inside is replaced by a copy with a redacted URL, so what
// errors.As finds is safe to print too.
func (s *scrubber) error(err error) error {
	if err == nil {
		return nil
	}
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil && (s.string(ue.URL) != ue.URL || RedactURL(ue.URL) != ue.URL || s.string(ue.Err.Error()) != ue.Err.Error()) {
		clean := &url.Error{Op: ue.Op, URL: s.string(RedactURL(ue.URL)), Err: s.error(ue.Err)}
		if ue == err {
			return clean
		}
		err = &replacedError{outer: err, old: ue, new: clean}
	}
	msg := err.Error()
	if c := s.string(msg); c != msg {
		return &redactedError{msg: c, err: err}
	}
	return err
}

// redactedError is an error whose text had secrets removed.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// replacedError is outer with one error of its chain (old) replaced by
// new, in its text and for errors.As.
type replacedError struct {
	outer, old, new error
}

func (e *replacedError) Error() string {
	return strings.ReplaceAll(e.outer.Error(), e.old.Error(), e.new.Error())
}

// Unwrap gives the clean error first, so errors.As finds it before the
// outer chain reaches the old one.
func (e *replacedError) Unwrap() []error { return []error{e.new, e.outer} }

// secretLog remembers the last few key pairs a client's provider handed
// out, so the pipeline can scrub them from what it prints (an answer can
// only echo what the client sent, but the secret key never travels, and
// an answer that has it must not reach a log).
type secretLog struct {
	mu   sync.Mutex
	last atomic.Pointer[[]string] // secret keys and tokens, newest first
}

// secretsKept is how many credentials back a client scrubs: enough for a
// rotation racing in-flight calls.
const secretsKept = 8

func (l *secretLog) note(c Credentials) {
	if cur := l.last.Load(); cur != nil && len(*cur) >= 2 && (*cur)[0] == c.SecretKey && (*cur)[1] == c.SessionToken {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	next := []string{c.SecretKey, c.SessionToken}
	if cur := l.last.Load(); cur != nil {
		next = append(next, (*cur)[:min(len(*cur), secretsKept-2)]...)
	}
	l.last.Store(&next)
}

func (l *secretLog) secrets() []string {
	if l == nil {
		return nil
	}
	if cur := l.last.Load(); cur != nil {
		return *cur
	}
	return nil
}

// notingProvider is the provider a Client signs with: the user's, with
// every answer noted in the client's secret log.
type notingProvider struct {
	p   CredentialsProvider
	log *secretLog
}

func (n notingProvider) Credentials(ctx context.Context) (Credentials, error) {
	c, err := n.p.Credentials(ctx)
	if err == nil {
		n.log.note(c)
	}
	return c, err
}
