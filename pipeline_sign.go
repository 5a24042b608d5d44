package cos

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Signing one attempt: the token, the headers signed and the
// Authorization value, afresh for every attempt.

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
