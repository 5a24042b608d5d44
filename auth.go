package cos

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Credentials are the secret pair (and, for temporary keys, the session
// token) used to sign requests. Credentials never print their secrets: the
// String and LogValue methods redact them.
type Credentials struct {
	SecretID     string
	SecretKey    string
	SessionToken string
	// Expires is when temporary credentials stop working; zero means never.
	Expires time.Time
}

// String returns the SecretID with the secret parts redacted, so that a
// Credentials value printed by accident leaks nothing.
func (c Credentials) String() string {
	tok := ""
	if c.SessionToken != "" {
		tok = " token=[REDACTED]"
	}
	return "Credentials{SecretID=" + c.SecretID + " SecretKey=[REDACTED]" + tok + "}"
}

// LogValue implements slog.LogValuer so that logging credentials never
// writes the secret key or token.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(slog.String("secret_id", c.SecretID), slog.Bool("temporary", c.SessionToken != ""))
}

// valid reports whether both halves of the key pair are set.
func (c Credentials) valid() bool { return c.SecretID != "" && c.SecretKey != "" }

// Authorization computes the COS request signature (q-sign-algorithm=sha1)
// for exactly the given params and headers; header and param names are
// lower-cased. path is the unescaped URL path starting with "/" (the path
// actually sent, decoded once). The function is pure: the same inputs
// always give the same output, which is what the signing test vectors check.
func Authorization(cred Credentials, method, path string, params url.Values, header http.Header, start, end time.Time) string {
	keyTime := strconv.FormatInt(start.Unix(), 10) + ";" + strconv.FormatInt(end.Unix(), 10)
	paramText, paramList := signPairs(params)
	headerText, headerList := signPairs(url.Values(header))

	var hs strings.Builder
	hs.Grow(len(method) + len(path) + len(paramText) + len(headerText) + 4)
	hs.WriteString(strings.ToLower(method))
	hs.WriteByte('\n')
	hs.WriteString(path)
	hs.WriteByte('\n')
	hs.WriteString(paramText)
	hs.WriteByte('\n')
	hs.WriteString(headerText)
	hs.WriteByte('\n')
	httpSum := sha1.Sum([]byte(hs.String()))

	signKey := hmacHex([]byte(cred.SecretKey), keyTime)
	stringToSign := "sha1\n" + keyTime + "\n" + hex.EncodeToString(httpSum[:]) + "\n"
	signature := hmacHex([]byte(signKey), stringToSign)

	var b strings.Builder
	b.Grow(200 + len(cred.SecretID) + len(headerList) + len(paramList))
	b.WriteString("q-sign-algorithm=sha1&q-ak=")
	b.WriteString(cred.SecretID)
	b.WriteString("&q-sign-time=")
	b.WriteString(keyTime)
	b.WriteString("&q-key-time=")
	b.WriteString(keyTime)
	b.WriteString("&q-header-list=")
	b.WriteString(headerList)
	b.WriteString("&q-url-param-list=")
	b.WriteString(paramList)
	b.WriteString("&q-signature=")
	b.WriteString(signature)
	return b.String()
}

func hmacHex(key []byte, msg string) string {
	m := hmac.New(sha1.New, key)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// signPairs builds the "name=value&..." text and the "name;name" list of
// the signature: names escaped then lower-cased, names pooled and sorted in
// that form, values sorted raw within a name and escaped.
func signPairs(v url.Values) (text, list string) {
	if len(v) == 0 {
		return "", ""
	}
	pooled := make(map[string][]string, len(v))
	names := make([]string, 0, len(v))
	for name, vals := range v {
		n := strings.ToLower(escapeSign(name))
		if _, seen := pooled[n]; !seen {
			names = append(names, n)
		}
		pooled[n] = append(pooled[n], vals...)
	}
	sort.Strings(names)
	var t, l strings.Builder
	for _, n := range names {
		vals := pooled[n]
		if len(vals) > 1 {
			vals = append([]string(nil), vals...)
			sort.Strings(vals)
		}
		for _, val := range vals {
			if t.Len() > 0 {
				t.WriteByte('&')
				l.WriteByte(';')
			}
			t.WriteString(n)
			t.WriteByte('=')
			t.WriteString(escapeSign(val))
			l.WriteString(n)
		}
	}
	return t.String(), l.String()
}

// escapeSign is the signature's URL encoder: RFC 3986 unreserved bytes stay,
// every other byte becomes %XX with upper-case hex (space is %20).
func escapeSign(s string) string {
	return escapeBytes(s, false)
}

// escapePath encodes an object key for the URL path: like escapeSign, but
// "/" stays literal.
func escapePath(s string) string {
	return escapeBytes(s, true)
}

const upperHex = "0123456789ABCDEF"

func escapeBytes(s string, keepSlash bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i], keepSlash) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	buf := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c, keepSlash) {
			buf = append(buf, c)
			continue
		}
		buf = append(buf, '%', upperHex[c>>4], upperHex[c&15])
	}
	return string(buf)
}

func unreserved(c byte, keepSlash bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case c == '-' || c == '_' || c == '.' || c == '~':
		return true
	case c == '/':
		return keepSlash
	}
	return false
}
