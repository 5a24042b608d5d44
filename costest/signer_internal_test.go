package costest

import (
	"encoding/json"
	"hash/crc64"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type signingVector struct {
	ID            string              `json:"id"`
	SecretID      string              `json:"secret_id"`
	SecretKey     string              `json:"secret_key"`
	Method        string              `json:"method"`
	Path          string              `json:"path"`
	Params        map[string][]string `json:"params"`
	Headers       map[string][]string `json:"headers"`
	Start         int64               `json:"start"`
	End           int64               `json:"end"`
	Authorization string              `json:"authorization"`
}

func loadVectors(t *testing.T) []signingVector {
	t.Helper()
	// The repository's copy of the protocol's worked examples.
	b, err := os.ReadFile("../testdata/signing-vectors.json")
	require.NoError(t, err)
	var vs []signingVector
	require.NoError(t, json.Unmarshal(b, &vs))
	require.NotEmpty(t, vs)
	return vs
}

// pool merges names equal in signName form and returns the name list.
func pool(in map[string][]string) (map[string][]string, string) {
	out := map[string][]string{}
	for n, vs := range in {
		out[signName(n)] = append(out[signName(n)], vs...)
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	var list []string
	for _, n := range names {
		for range out[n] {
			list = append(list, n)
		}
	}
	return out, strings.Join(list, ";")
}

// TestSignerVectors checks costest's own signer against every vector.
func TestSignerVectors(t *testing.T) {
	t.Parallel()
	for _, v := range loadVectors(t) {
		t.Run(v.ID, func(t *testing.T) {
			keyTime := strconv.FormatInt(v.Start, 10) + ";" + strconv.FormatInt(v.End, 10)
			pv, plist := pool(v.Params)
			hv, hlist := pool(v.Headers)
			sig, _, _ := signature(v.SecretKey, keyTime, v.Method, v.Path, signText(pv), signText(hv))
			got := "q-sign-algorithm=sha1&q-ak=" + v.SecretID + "&q-sign-time=" + keyTime +
				"&q-key-time=" + keyTime + "&q-header-list=" + hlist + "&q-url-param-list=" + plist + "&q-signature=" + sig
			assert.Equal(t, v.Authorization, got)
		})
	}
}

// TestVerifierVectors sends each vector's request, with its
// Authorization, through verifySignature; a tampered copy must fail.
func TestVerifierVectors(t *testing.T) {
	t.Parallel()
	for _, v := range loadVectors(t) {
		t.Run(v.ID, func(t *testing.T) {
			now := time.Unix(v.Start+1, 0)
			s := New(WithCredentials(v.SecretID, v.SecretKey), WithClock(func() time.Time { return now }))
			build := func() (*http.Request, query) {
				target := escapePathForTest(v.Path)
				var qs []string
				for name, vals := range v.Params {
					for _, val := range vals {
						qs = append(qs, cosEscape(name, false)+"="+cosEscape(val, false))
					}
				}
				if len(qs) > 0 {
					target += "?" + strings.Join(qs, "&")
				}
				r := httptest.NewRequest(v.Method, target, nil)
				for name, vals := range v.Headers {
					if strings.EqualFold(name, "host") {
						r.Host = vals[0]
						continue
					}
					r.Header[http.CanonicalHeaderKey(name)] = vals
				}
				r.Header.Set("Authorization", v.Authorization)
				q, e := parseQuery(r.URL.RawQuery)
				require.Nil(t, e)
				return r, q
			}
			r, q := build()
			signed, e := s.verifySignature(r, q, now)
			require.Nil(t, e, "%v", e)
			assert.True(t, signed)

			r, q = build()
			r.Host = "other-1250000000.cos.ap-guangzhou.myqcloud.com"
			_, e = s.verifySignature(r, q, now)
			require.NotNil(t, e)
			assert.Equal(t, "SignatureDoesNotMatch", e.Code)

			r, q = build()
			_, e = s.verifySignature(r, q, time.Unix(v.End+1, 0))
			require.NotNil(t, e)
			assert.Equal(t, "Request has expired", e.Message)
		})
	}
}

func escapePathForTest(p string) string {
	var b strings.Builder
	for seg := range strings.SplitSeq(p, "/") {
		if b.Len() > 0 || strings.HasPrefix(p, "/") {
			b.WriteByte('/')
		}
		b.WriteString(cosEscape(seg, false))
	}
	return strings.TrimPrefix(b.String(), "/")
}

func TestCRCCombine(t *testing.T) {
	t.Parallel()
	crc := func(s string) uint64 { return crc64.Checksum([]byte(s), crc64.MakeTable(crc64.ECMA)) }
	assert.Equal(t, uint64(11051210869376104954), crc("123456789"))
	assert.Equal(t, uint64(11177612005948864433), crc("hello"))
	assert.Equal(t, uint64(5981764153023615706), crcCombine(crc("hello "), crc("world"), 5))
	mib := strings.Repeat("a", 1<<20)
	assert.Equal(t, uint64(6701094182323390671), crc(mib))
	assert.Equal(t, uint64(2346259260961131276), crcCombine(crc(mib), crc("hello"), 5))
	assert.Equal(t, crc("abc"), crcCombine(crc("abc"), crc(""), 0))
	assert.Equal(t, crc("xabc"), crcCombine(crc(""), crc("xabc"), 4))
}

func TestParseQueryKeepsSemicolons(t *testing.T) {
	t.Parallel()
	q, e := parseQuery("q-sign-time=1;2&acl&x=a+b%2Bc&&empty=")
	require.Nil(t, e)
	assert.Equal(t, "1;2", q.get("q-sign-time"))
	assert.True(t, q.has("acl"))
	assert.Equal(t, "a b+c", q.get("x"))
	assert.True(t, q.has("empty"))
	_, e = parseQuery("a=%zz")
	assert.NotNil(t, e)
}

func TestParseRange(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in          string
		size        int64
		first, last int64
		partial     bool
		bad         bool
	}{
		{"", 10, 0, 0, false, false},
		{"bytes=0-4", 10, 0, 4, true, false},
		{"bytes=5-", 10, 5, 9, true, false},
		{"bytes=-3", 10, 7, 9, true, false},
		{"bytes=-30", 10, 0, 9, true, false},
		{"bytes=8-100", 10, 8, 9, true, false},
		{"bytes=10-", 10, 0, 0, false, true},
		{"bytes=-0", 10, 0, 0, false, true},
		{"bytes=0-", 0, 0, 0, false, true},
		{"bytes=0-1,3-4", 10, 0, 0, false, false},
		{"bytes=5-2", 10, 0, 0, false, false},
		{"items=0-1", 10, 0, 0, false, false},
		{"bytes=x-1", 10, 0, 0, false, false},
	}
	for _, tt := range tests {
		first, last, partial, e := parseRange(tt.in, tt.size)
		assert.Equal(t, tt.bad, e != nil, tt.in)
		assert.Equal(t, tt.partial, partial, tt.in)
		if partial {
			assert.Equal(t, [2]int64{tt.first, tt.last}, [2]int64{first, last}, tt.in)
		}
	}
}

func TestParseCopySource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, bucket, key, version string
		bad                      bool
	}{
		{in: "src-1250000000.cos.ap-guangzhou.myqcloud.com/a/b.txt", bucket: "src-1250000000", key: "a/b.txt"},
		{in: "/src-1250000000.cos.ap-guangzhou.myqcloud.com/a%20b.txt", bucket: "src-1250000000", key: "a b.txt"},
		{in: "https://src-1250000000.cos.ap-guangzhou.myqcloud.com/k?versionId=v1", bucket: "src-1250000000", key: "k", version: "v1"},
		{in: "/src-1250000000/dir/k+1", bucket: "src-1250000000", key: "dir/k+1"},
		{in: "127.0.0.1:9000/src-1250000000/k", bucket: "src-1250000000", key: "k"},
		{in: "src-1250000000.cos.ap-guangzhou.myqcloud.com/%E8%85%BE.jpg", bucket: "src-1250000000", key: "腾.jpg"},
		{in: "src-1250000000.cos.ap-guangzhou.myqcloud.com/100%", bucket: "src-1250000000", key: "100%"},
		{in: "src-1250000000.cos.ap-guangzhou.myqcloud.com/", bad: true},
		{in: "nokey", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		cs, e := parseCopySource(tt.in)
		if tt.bad {
			assert.NotNil(t, e, tt.in)
			continue
		}
		require.Nil(t, e, tt.in)
		assert.Equal(t, copySource{tt.bucket, tt.key, tt.version}, cs, tt.in)
	}
}
