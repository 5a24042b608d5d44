package cos

import (
	"crypto/sha1"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
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
	var kt [48]byte
	keyTime := strconv.AppendInt(kt[:0], start.Unix(), 10)
	keyTime = append(keyTime, ';')
	keyTime = strconv.AppendInt(keyTime, end.Unix(), 10)
	paramText, paramList := signPairs(params)
	headerText, headerList := signPairs(url.Values(header))

	h := sha1.New()
	for _, part := range [...]string{lowerASCII(method), "\n", path, "\n", paramText, "\n", headerText, "\n"} {
		io.WriteString(h, part)
	}
	var httpSum [sha1.Size]byte
	h.Sum(httpSum[:0])

	var signKey [2 * sha1.Size]byte
	hmacSHA1Hex(signKey[:], []byte(cred.SecretKey), keyTime)
	var sts [128]byte
	stringToSign := append(sts[:0], "sha1\n"...)
	stringToSign = append(stringToSign, keyTime...)
	stringToSign = append(stringToSign, '\n')
	stringToSign = hex.AppendEncode(stringToSign, httpSum[:])
	stringToSign = append(stringToSign, '\n')
	var signature [2 * sha1.Size]byte
	hmacSHA1Hex(signature[:], signKey[:], stringToSign)

	var b strings.Builder
	b.Grow(150 + len(cred.SecretID) + 2*len(keyTime) + len(headerList) + len(paramList))
	b.WriteString("q-sign-algorithm=sha1&q-ak=")
	b.WriteString(cred.SecretID)
	b.WriteString("&q-sign-time=")
	b.Write(keyTime)
	b.WriteString("&q-key-time=")
	b.Write(keyTime)
	b.WriteString("&q-header-list=")
	b.WriteString(headerList)
	b.WriteString("&q-url-param-list=")
	b.WriteString(paramList)
	b.WriteString("&q-signature=")
	b.Write(signature[:])
	return b.String()
}

// hmacSHA1Hex writes hex(HMAC-SHA1(key, msg)) into dst (40 bytes). It is
// HMAC written out over sha1.Sum, which keeps signing free of the
// allocations hmac.New makes.
func hmacSHA1Hex(dst, key, msg []byte) {
	const block = 64
	if len(key) > block {
		sum := sha1.Sum(key)
		key = sum[:]
	}
	var ipad, opad [block]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	var buf [block + 160]byte
	in := append(append(buf[:0], ipad[:]...), msg...)
	inner := sha1.Sum(in)
	out := append(append(buf[:0], opad[:]...), inner[:]...)
	sum := sha1.Sum(out)
	hex.Encode(dst, sum[:])
}

// signPair is one name of the signature with all its values.
type signPair struct {
	name string
	vals []string
}

// signPairs builds the "name=value&..." text and the "name;name" list of
// the signature: names escaped then lower-cased, names pooled and sorted in
// that form, values sorted raw within a name and escaped.
func signPairs(v url.Values) (text, list string) {
	if len(v) == 0 {
		return "", ""
	}
	var stack [16]signPair
	pairs := stack[:0]
	size := 0
	for name, vals := range v {
		pairs = append(pairs, signPair{lowerASCII(escapeSign(name)), vals})
		size += (len(name) + 8) * len(vals)
		for _, val := range vals {
			size += len(val)
		}
	}
	slices.SortFunc(pairs, func(a, b signPair) int { return strings.Compare(a.name, b.name) })
	var t, l strings.Builder
	t.Grow(size)
	l.Grow(size / 2)
	for i := 0; i < len(pairs); {
		n := pairs[i].name
		vals := pairs[i].vals
		j := i + 1
		if j < len(pairs) && pairs[j].name == n || len(vals) > 1 {
			// Pool equal names (Prefix and prefix) and sort their values.
			vals = append([]string(nil), vals...)
			for ; j < len(pairs) && pairs[j].name == n; j++ {
				vals = append(vals, pairs[j].vals...)
			}
			slices.Sort(vals)
		}
		i = j
		for _, val := range vals {
			if t.Len() > 0 {
				t.WriteByte('&')
				l.WriteByte(';')
			}
			t.WriteString(n)
			t.WriteByte('=')
			writeEscaped(&t, val)
			l.WriteString(n)
		}
	}
	return t.String(), l.String()
}

// lowerASCII lower-cases ASCII letters, allocating only when one changes.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
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

// writeEscaped writes escapeSign(s) to b without an intermediate string.
func writeEscaped(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c, false) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
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
