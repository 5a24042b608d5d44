package costest

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"sort"
	"strings"
)

// This file is an independent implementation of the COS request signature
// (q-sign-algorithm=sha1), written from the algorithm in cos-protocol.md
// section 4. It must not share code with package cos: a bug copied into
// both would go unnoticed.

// cosEscape is the signing encoder: RFC 3986 unreserved bytes
// (A-Z a-z 0-9 - _ . ~) stay, every other byte becomes %XX with upper-case
// hex. With keepSlash, "/" also stays (used for encoding-type=url lists).
func cosEscape(s string, keepSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || (keepSlash && c == '/') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0xF])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// signName is the form a header or parameter name takes in the signature:
// escaped first, then lower-cased.
func signName(name string) string { return strings.ToLower(cosEscape(name, false)) }

// signText renders "name=E(value)&..." for the given names (already in
// signName form) with their values: names sorted byte-wise, values sorted
// raw within a name, one pair per value.
func signText(vals map[string][]string) string {
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		vs := append([]string(nil), vals[n]...)
		sort.Strings(vs)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(n)
			b.WriteByte('=')
			b.WriteString(cosEscape(v, false))
		}
	}
	return b.String()
}

func hmacSHA1Hex(key, msg string) string {
	m := hmac.New(sha1.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// signature computes q-signature from the key time and the four parts of
// the HTTP string. It also returns the HTTP string ("FormatString") and
// the string to sign, which costest reports on SignatureDoesNotMatch.
func signature(secretKey, keyTime, method, path, paramText, headerText string) (sig, httpString, stringToSign string) {
	httpString = strings.ToLower(method) + "\n" + path + "\n" + paramText + "\n" + headerText + "\n"
	sum := sha1.Sum([]byte(httpString))
	stringToSign = "sha1\n" + keyTime + "\n" + hex.EncodeToString(sum[:]) + "\n"
	signKey := hmacSHA1Hex(secretKey, keyTime)
	return hmacSHA1Hex(signKey, stringToSign), httpString, stringToSign
}
