package cos

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
// It is safe for concurrent use.
func Authorization(cred Credentials, method, path string, params url.Values, header http.Header, start, end time.Time) string {
	var ps, hs [16]signField
	return authorization(cred, method, path, appendFields(ps[:0], params), appendFields(hs[:0], header), start, end)
}

// signField is one param or header as given: raw name, all its values.
type signField struct {
	name string
	vals []string
}

// appendFields appends m's entries to dst, usually a caller's stack array,
// so that signing needs no map of its own.
func appendFields(dst []signField, m map[string][]string) []signField {
	for name, vals := range m {
		dst = append(dst, signField{name, vals})
	}
	return dst
}

// authorization is Authorization over fields in any order. The canonical
// strings are built in stack buffers and the only allocation left is the
// returned string (plus spills for unusually large requests).
func authorization(cred Credentials, method, path string, params, headers []signField, start, end time.Time) string {
	from, to := start.Unix(), end.Unix()
	var kt [48]byte
	keyTime := strconv.AppendInt(kt[:0], from, 10)
	keyTime = append(keyTime, ';')
	keyTime = strconv.AppendInt(keyTime, to, 10)

	// HttpString = method \n path \n params \n headers \n, hashed in one go.
	var hb [2048]byte
	var pl, hl [256]byte
	httpString := appendMethod(hb[:0], method)
	httpString = append(httpString, '\n')
	httpString = append(httpString, path...)
	httpString = append(httpString, '\n')
	httpString, paramList := appendCanonical(httpString, pl[:0], params)
	httpString = append(httpString, '\n')
	httpString, headerList := appendCanonical(httpString, hl[:0], headers)
	httpString = append(httpString, '\n')
	httpSum := sha1.Sum(httpString)

	var sts [128]byte
	stringToSign := append(sts[:0], "sha1\n"...)
	stringToSign = append(stringToSign, keyTime...)
	stringToSign = append(stringToSign, '\n')
	stringToSign = hex.AppendEncode(stringToSign, httpSum[:])
	stringToSign = append(stringToSign, '\n')
	signKey := signingKey(cred.SecretKey, from, to, keyTime)
	var signature [2 * sha1.Size]byte
	hmacSHA1Hex(signature[:], signKey[:], stringToSign)

	var b strings.Builder
	b.Grow(len(authPrefix) + len(cred.SecretID) + 2*len(keyTime) + len(headerList) + len(paramList) + 80 + len(signature))
	b.WriteString(authPrefix)
	b.WriteString(cred.SecretID)
	b.WriteString("&q-sign-time=")
	b.Write(keyTime)
	b.WriteString("&q-key-time=")
	b.Write(keyTime)
	b.WriteString("&q-header-list=")
	b.Write(headerList)
	b.WriteString("&q-url-param-list=")
	b.Write(paramList)
	b.WriteString("&q-signature=")
	b.Write(signature[:])
	return b.String()
}

const authPrefix = "q-sign-algorithm=sha1&q-ak="

// appendMethod appends the lower-cased method. Non-ASCII methods keep the
// historical strings.ToLower rule (lowerASCII), so no signature changes.
func appendMethod(dst []byte, method string) []byte {
	for i := 0; i < len(method); i++ {
		if method[i] >= utf8.RuneSelf {
			return append(dst, lowerASCII(method)...)
		}
	}
	for i := 0; i < len(method); i++ {
		dst = append(dst, toLowerASCII(method[i]))
	}
	return dst
}

// hmacSHA1Hex writes hex(HMAC-SHA1(key, msg)) into dst (40 bytes). It is
// HMAC written out over sha1.Sum, which keeps signing free of the
// allocations hmac.New makes.
func hmacSHA1Hex[K string | []byte](dst []byte, key K, msg []byte) {
	const block = 64
	var ipad, opad [block]byte
	if len(key) > block {
		sum := sha1.Sum([]byte(key))
		copy(ipad[:], sum[:])
	} else {
		copy(ipad[:], key)
	}
	opad = ipad
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

// canonField is a field whose signing name (escaped, then lower-cased)
// sits at names[off:end] of appendCanonical's scratch buffer.
type canonField struct {
	off, end int
	vals     []string
}

// appendCanonical appends the "name=value&..." text to text and the
// "name;name" list to list: names escaped then lower-cased, names pooled
// and sorted in that form, values sorted raw within a name and escaped.
func appendCanonical(text, list []byte, fields []signField) ([]byte, []byte) {
	if len(fields) == 0 {
		return text, list
	}
	var nb [512]byte
	var cb [16]canonField
	names, sorted := nb[:0], cb[:0]
	for _, f := range fields {
		off := len(names)
		names = appendSignName(names, f.name)
		sorted = append(sorted, canonField{off, len(names), f.vals})
	}
	slices.SortFunc(sorted, func(a, b canonField) int {
		return bytes.Compare(names[a.off:a.end], names[b.off:b.end])
	})
	first := true
	for i := 0; i < len(sorted); {
		name := names[sorted[i].off:sorted[i].end]
		vals := sorted[i].vals
		j := i + 1
		same := func(k int) bool { return k < len(sorted) && bytes.Equal(names[sorted[k].off:sorted[k].end], name) }
		if same(j) || len(vals) > 1 {
			// Pool equal names (Prefix and prefix) and sort their values,
			// in a copy: the caller's slices are not ours to reorder.
			var vb [8]string
			pooled := append(vb[:0], vals...)
			for ; same(j); j++ {
				pooled = append(pooled, sorted[j].vals...)
			}
			slices.Sort(pooled)
			vals = pooled
		}
		i = j
		for _, val := range vals {
			if !first {
				text = append(text, '&')
				list = append(list, ';')
			}
			first = false
			text = append(text, name...)
			text = append(text, '=')
			text = appendEscaped(text, val)
			list = append(list, name...)
		}
	}
	return text, list
}

// appendSignName appends lowerASCII(escapeSign(name)): the escape's hex
// digits come out lower-case too, as lower-casing after escaping gives.
func appendSignName(dst []byte, name string) []byte {
	const lowerHex = "0123456789abcdef"
	for i := 0; i < len(name); i++ {
		c := name[i]
		if signEscapes[c]>>24 == 1 {
			dst = append(dst, toLowerASCII(c))
			continue
		}
		dst = append(dst, '%', lowerHex[c>>4], lowerHex[c&15])
	}
	return dst
}

// appendEscaped appends escapeSign(s) without an intermediate string.
// Runs of unreserved bytes (most of a value: IDs, tokens, dates) are
// copied in one append; only the other bytes are written one by one.
func appendEscaped(dst []byte, s string) []byte {
	for len(s) > 0 {
		i := 0
		for i < len(s) && signEscapes[s[i]]>>24 == 1 {
			i++
		}
		dst = append(dst, s[:i]...)
		if i == len(s) {
			break
		}
		c := s[i]
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
		s = s[i+1:]
	}
	return dst
}

// signEscapes holds, per byte, what the signing encoder writes for it:
// bytes 0-2 the text (the byte itself if RFC 3986 unreserved, else %XX
// with upper-case hex), byte 3 its length.
var signEscapes = func() (t [256]uint32) {
	for c := range t {
		if unreserved(byte(c), false) {
			t[c] = 1<<24 | uint32(c)
		} else {
			t[c] = 3<<24 | uint32(upperHex[c&15])<<16 | uint32(upperHex[c>>4])<<8 | '%'
		}
	}
	return t
}()

func toLowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
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
