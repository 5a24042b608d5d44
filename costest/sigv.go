package costest

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// authFields are the q-* fields of an Authorization value or presigned URL.
type authFields struct {
	algorithm, ak, signTime, keyTime, headerList, paramList, signature string
}

// parseAuthString reads "q-sign-algorithm=sha1&q-ak=...&..." (no
// unescaping: the Authorization form is not URL-encoded).
func parseAuthString(s string) (authFields, bool) {
	var a authFields
	for part := range strings.SplitSeq(strings.TrimSpace(s), "&") {
		k, v, _ := strings.Cut(part, "=")
		a.set(strings.ToLower(strings.TrimSpace(k)), v)
	}
	return a, a.complete()
}

func (a *authFields) set(k, v string) {
	switch k {
	case "q-sign-algorithm":
		a.algorithm = v
	case "q-ak":
		a.ak = v
	case "q-sign-time":
		a.signTime = v
	case "q-key-time":
		a.keyTime = v
	case "q-header-list":
		a.headerList = v
	case "q-url-param-list":
		a.paramList = v
	case "q-signature":
		a.signature = v
	}
}

func (a authFields) complete() bool {
	return a.algorithm != "" && a.ak != "" && a.signTime != "" && a.keyTime != "" && a.signature != ""
}

// findAuth locates the signature of a request: the Authorization header,
// else presigned q-* query fields, else the merged sign= parameter.
func findAuth(r *http.Request, q query) (a authFields, present, ok bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		a, ok = parseAuthString(h)
		return a, true, ok
	}
	if q.has("q-signature") || q.has("q-ak") || q.has("q-sign-algorithm") {
		for _, p := range q.params {
			if strings.HasPrefix(p.name, "q-") {
				a.set(p.name, p.value)
			}
		}
		return a, true, a.complete()
	}
	if q.has("sign") {
		a, ok = parseAuthString(q.get("sign"))
		return a, true, ok
	}
	return a, false, false
}

// verifySignature checks the request's signature, if it has one. It
// reports whether the request was signed by a known key; an unsigned
// request is not an error here (access rules decide).
func (s *Server) verifySignature(r *http.Request, q query, now time.Time) (signed bool, e *Error) {
	a, present, ok := findAuth(r, q)
	if !present {
		return false, nil
	}
	if !ok {
		return false, newError(http.StatusForbidden, codeMalformedAuth, "The Authorization you provided is malformed.")
	}
	token := r.Header.Get("x-cos-security-token")
	if token == "" {
		token = q.get("x-cos-security-token")
	}
	if e := s.verifyAuth(a, token, r, q, now); e != nil {
		return false, e
	}
	return true, nil
}

// verifyAuth checks signature fields a against the request, with token
// as the session token sent (header, query or form field).
func (s *Server) verifyAuth(a authFields, token string, r *http.Request, q query, now time.Time) *Error {
	if !strings.EqualFold(a.algorithm, "sha1") {
		return newError(http.StatusForbidden, codeMalformedAuth, "The Authorization you provided is malformed.")
	}
	secretKey, e := s.keyFor(a.ak, token, now)
	if e != nil {
		return e
	}
	if e := checkTimes(a, now); e != nil {
		return e
	}
	headerText, e := selectHeaders(r, a.headerList)
	if e != nil {
		return e
	}
	paramText, e := selectParams(q, a.paramList)
	if e != nil {
		return e
	}
	sig, httpString, sts := signature(secretKey, a.keyTime, r.Method, r.URL.Path, paramText, headerText)
	if sameSig(sig, a.signature) {
		return nil
	}
	if a.signTime != a.keyTime {
		if alt, _, _ := signature(secretKey, a.signTime, r.Method, r.URL.Path, paramText, headerText); sameSig(alt, a.signature) {
			return nil
		}
	}
	return newError(http.StatusForbidden, "SignatureDoesNotMatch", "").
		with("StringToSign", sts).with("FormatString", httpString)
}

func sameSig(want, got string) bool {
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(got))) == 1
}

// keyFor returns the secret key of ak, enforcing the session token of
// temporary keys.
func (s *Server) keyFor(ak, token string, now time.Time) (string, *Error) {
	if ak == s.cfg.secretID {
		return s.cfg.secretKey, nil
	}
	t, ok := s.cfg.temps[ak]
	if !ok {
		return "", newError(http.StatusForbidden, "InvalidAccessKeyId", "")
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(t.token)) != 1 {
		return "", newError(http.StatusForbidden, codeMissingToken,
			"The temporary SecretId needs its x-cos-security-token.")
	}
	if !t.expires.IsZero() && now.After(t.expires) {
		return "", newError(http.StatusBadRequest, "ExpiredToken", "The provided token has expired.")
	}
	return t.secretKey, nil
}

// parseWindow reads "start;end" in Unix seconds.
func parseWindow(s string) (start, end int64, ok bool) {
	a, b, found := strings.Cut(s, ";")
	if !found {
		return 0, 0, false
	}
	start, err1 := strconv.ParseInt(a, 10, 64)
	end, err2 := strconv.ParseInt(b, 10, 64)
	return start, end, err1 == nil && err2 == nil && start <= end
}

func checkTimes(a authFields, now time.Time) *Error {
	start, end, ok := parseWindow(a.signTime)
	kStart, kEnd, kok := parseWindow(a.keyTime)
	if !ok || !kok {
		return newError(http.StatusForbidden, codeMalformedAuth, "The q-sign-time or q-key-time is malformed.")
	}
	n := now.Unix()
	expired := func() *Error {
		return errAccessDenied("Request has expired").with("ServerTime", now.UTC().Format(timeISOSec))
	}
	if n > end {
		return expired()
	}
	if time.Unix(start, 0).After(now.Add(maxFutureSkew)) {
		return newError(http.StatusForbidden, "RequestTimeTooSkewed", "").
			with("ServerTime", now.UTC().Format(timeISOSec))
	}
	if n > kEnd || time.Unix(kStart, 0).After(now.Add(maxFutureSkew)) {
		return expired()
	}
	return nil
}

// listNames splits a q-header-list or q-url-param-list. A list that still
// holds an escaped ";" was escaped twice (the Node SDK's presigned URLs):
// it is unescaped once more.
func listNames(list string) []string {
	if list == "" {
		return nil
	}
	if !strings.Contains(list, ";") && strings.Contains(strings.ToLower(list), "%3b") {
		if u, err := url.PathUnescape(list); err == nil {
			list = u
		}
	}
	var names []string
	seen := map[string]bool{}
	for n := range strings.SplitSeq(list, ";") {
		n = strings.ToLower(strings.TrimSpace(n))
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
}

// selectHeaders renders the signed header text over exactly the headers
// in the list, with the values received (Host from r.Host).
func selectHeaders(r *http.Request, list string) (string, *Error) {
	have := map[string][]string{}
	for name, vals := range r.Header {
		n := signName(name)
		have[n] = append(have[n], vals...)
	}
	have["host"] = []string{r.Host}
	if _, ok := have["content-length"]; !ok && r.ContentLength > 0 {
		have["content-length"] = []string{strconv.FormatInt(r.ContentLength, 10)}
	}
	if _, ok := have["transfer-encoding"]; !ok && len(r.TransferEncoding) > 0 {
		have["transfer-encoding"] = []string{strings.Join(r.TransferEncoding, ", ")}
	}
	return signListed(have, list, "header", "q-header-list")
}

// selectParams renders the signed parameter text over exactly the
// parameters in the list.
func selectParams(q query, list string) (string, *Error) {
	have := map[string][]string{}
	for _, p := range q.params {
		n := signName(p.name)
		have[n] = append(have[n], p.value)
	}
	return signListed(have, list, "parameter", "q-url-param-list")
}

// signListed renders the signed text over exactly the names in list, from
// the values received in have; a listed name that was not received is
// refused (kind and field name it in the message).
func signListed(have map[string][]string, list, kind, field string) (string, *Error) {
	sel := map[string][]string{}
	for _, n := range listNames(list) {
		vals, ok := have[n]
		if !ok {
			return "", newError(http.StatusForbidden, "SignatureDoesNotMatch",
				"The "+kind+" "+n+" is listed in "+field+" but missing from the request.")
		}
		sel[n] = vals
	}
	return signText(sel), nil
}
