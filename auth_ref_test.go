package cos

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// authorizationRef is the straightforward signer the optimized one
// replaced (strings and maps, no cache). It is kept only as the reference
// the differential tests compare Authorization with.
func authorizationRef(cred Credentials, method, path string, params url.Values, header http.Header, start, end time.Time) string {
	var kt [48]byte
	keyTime := strconv.AppendInt(kt[:0], start.Unix(), 10)
	keyTime = append(keyTime, ';')
	keyTime = strconv.AppendInt(keyTime, end.Unix(), 10)
	paramText, paramList := refSignPairs(params)
	headerText, headerList := refSignPairs(url.Values(header))

	h := sha1.New()
	for _, part := range [...]string{refLowerASCII(method), "\n", path, "\n", paramText, "\n", headerText, "\n"} {
		io.WriteString(h, part)
	}
	var httpSum [sha1.Size]byte
	h.Sum(httpSum[:0])

	var signKey [2 * sha1.Size]byte
	refHMACSHA1Hex(signKey[:], []byte(cred.SecretKey), keyTime)
	var sts [128]byte
	stringToSign := append(sts[:0], "sha1\n"...)
	stringToSign = append(stringToSign, keyTime...)
	stringToSign = append(stringToSign, '\n')
	stringToSign = hex.AppendEncode(stringToSign, httpSum[:])
	stringToSign = append(stringToSign, '\n')
	var signature [2 * sha1.Size]byte
	refHMACSHA1Hex(signature[:], signKey[:], stringToSign)

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

// refHMACSHA1Hex writes hex(HMAC-SHA1(key, msg)) into dst with
// crypto/hmac, independent of the hand-written HMAC in auth.go.
func refHMACSHA1Hex(dst, key, msg []byte) {
	m := hmac.New(sha1.New, key)
	m.Write(msg)
	hex.Encode(dst, m.Sum(nil))
}

// refSignPair is one name of the signature with all its values.
type refSignPair struct {
	name string
	vals []string
}

// refSignPairs builds the "name=value&..." text and the "name;name" list of
// the signature: names escaped then lower-cased, names pooled and sorted in
// that form, values sorted raw within a name and escaped.
func refSignPairs(v url.Values) (text, list string) {
	if len(v) == 0 {
		return "", ""
	}
	var stack [16]refSignPair
	pairs := stack[:0]
	size := 0
	for name, vals := range v {
		pairs = append(pairs, refSignPair{refLowerASCII(escapeSign(name)), vals})
		size += (len(name) + 8) * len(vals)
		for _, val := range vals {
			size += len(val)
		}
	}
	slices.SortFunc(pairs, func(a, b refSignPair) int { return strings.Compare(a.name, b.name) })
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
			refWriteEscaped(&t, val)
			l.WriteString(n)
		}
	}
	return t.String(), l.String()
}

// refLowerASCII lower-cases ASCII letters, allocating only when one changes.
func refLowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// refWriteEscaped writes escapeSign(s) to b without an intermediate string.
func refWriteEscaped(b *strings.Builder, s string) {
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

// signedHeadersRef is the map-based header choice the pipeline used before
// it moved to stack fields; TestSignedFieldsMatchReference holds the two
// to the same headers and values.
func signedHeadersRef(req *http.Request) http.Header {
	s := make(http.Header, len(req.Header)+2)
	s["host"] = []string{req.URL.Host}
	for k, v := range req.Header {
		ck := http.CanonicalHeaderKey(k)
		if signableHeaders[ck] || hasFoldPrefix(ck, "X-Cos-") {
			s[ck] = v
		}
	}
	if req.ContentLength > 0 || (req.ContentLength == 0 && (req.Method == http.MethodPut || req.Method == http.MethodPost)) {
		s["content-length"] = []string{strconv.FormatInt(req.ContentLength, 10)}
	}
	return s
}

// refInput is a generated signing input.
type refInput struct {
	cred       Credentials
	method     string
	path       string
	params     url.Values
	header     http.Header
	start, end time.Time
}

// genRefInput builds varied inputs from r: mixed-case and pooled names,
// repeated and empty values, bytes the encoder must escape, more fields
// than the stack arrays hold, values longer than the stack buffers, keys
// longer than an HMAC block and non-ASCII methods.
func genRefInput(r *rand.Rand) refInput {
	const alphabet = "aAbBzZ09-_.~ /%+&=;é\x00\xff"
	str := func(max int) string {
		n := r.IntN(max + 1)
		var b []byte
		for len(b) < n {
			b = append(b, alphabet[r.IntN(len(alphabet))])
		}
		return string(b)
	}
	names := []string{"prefix", "Prefix", "x-cos-meta-a", "X-Cos-Meta-A", "content-type", "a/b", "A-B", "tag", ""}
	fields := func() map[string][]string {
		m := map[string][]string{}
		n := r.IntN(4)
		if r.IntN(8) == 0 {
			n = 16 + r.IntN(20) // spill past the stack arrays
		}
		for range n {
			name := names[r.IntN(len(names))]
			if r.IntN(2) == 0 {
				name = str(12)
			}
			var vals []string
			for range r.IntN(3) {
				v := str(20)
				if r.IntN(16) == 0 {
					v = strings.Repeat(v+"=;&", 200) // spill past the stack buffers
				}
				vals = append(vals, v)
			}
			m[name] = vals
		}
		return m
	}
	methods := []string{"PUT", "get", "Delete", "POST", "PÉT", "é", "\xff", ""}
	key := str(40)
	if r.IntN(4) == 0 {
		key = strings.Repeat("k", 65+r.IntN(80))
	}
	start := time.Unix(r.Int64N(1<<40)-(1<<39), 0)
	return refInput{
		cred:   Credentials{SecretID: "AKID" + str(8), SecretKey: key},
		method: methods[r.IntN(len(methods))],
		path:   "/" + str(30),
		params: url.Values(fields()),
		header: http.Header(fields()),
		start:  start,
		end:    start.Add(time.Duration(r.IntN(7200)) * time.Second),
	}
}

// TestAuthorizationMatchesReference signs generated inputs with both the
// optimized signer and the reference one (strings, maps, crypto/hmac).
func TestAuthorizationMatchesReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		in := genRefInput(r)
		want := authorizationRef(in.cred, in.method, in.path, in.params, in.header, in.start, in.end)
		got := Authorization(in.cred, in.method, in.path, in.params, in.header, in.start, in.end)
		if got != want {
			t.Fatalf("input %d (%+v):\n got %s\nwant %s", i, in, got, want)
		}
	}
}

// FuzzAuthorizationMatchesReference holds the optimized signer to the
// reference one on fuzzed names, values, method, path and key.
func FuzzAuthorizationMatchesReference(f *testing.F) {
	f.Add("PUT", "/dir/photo 001.jpg", "uploadId", "1585130821cbb7df", "X-Cos-Meta-Owner", "anchorbench", "secret", int64(1700000000))
	f.Add("Get", "/", "Prefix", "a/b", "content-md5", "1B2M2Y8AsgTpgAmY7PhCfg==", strings.Repeat("k", 70), int64(-5))
	f.Add("\xff", "", "a%2Fb", "", "", "\x00", "", int64(0))
	f.Fuzz(func(t *testing.T, method, path, pk, pv, hk, hv, key string, start int64) {
		cred := Credentials{SecretID: "AKID", SecretKey: key}
		q := url.Values{pk: {pv, pv + "x"}, "prefix": {pv}, "Prefix": {hv}}
		h := http.Header{hk: {hv}, "host": {"h"}, strings.ToUpper(hk): {pv}}
		s, e := time.Unix(start, 0), time.Unix(start+900, 0)
		want := authorizationRef(cred, method, path, q, h, s, e)
		if got := Authorization(cred, method, path, q, h, s, e); got != want {
			t.Fatalf("got %s\nwant %s", got, want)
		}
	})
}
