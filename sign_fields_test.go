package cos

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSignedFieldsMatchReference: the pipeline's stack fields sign exactly
// what the map of the previous signedHeaders signed, for requests with and
// without bodies, with headers that are signed and headers that never are.
func TestSignedFieldsMatchReference(t *testing.T) {
	t.Parallel()
	cred := Credentials{SecretID: "AKID", SecretKey: "secret"}
	start, end := time.Unix(1700000000, 0), time.Unix(1700003600, 0)
	q := url.Values{"partNumber": {"3"}, "uploadId": {"u1"}}
	cases := []struct {
		method string
		body   []byte
		length int64
	}{
		{http.MethodPut, []byte("hello"), 5},
		{http.MethodPut, nil, 0},
		{http.MethodPost, []byte{}, 0},
		{http.MethodGet, nil, 0},
		{http.MethodHead, nil, 0},
		{http.MethodDelete, nil, 0},
		{http.MethodPut, []byte("x"), -1},
	}
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, "http://b-1250000000.cos.ap-guangzhou.myqcloud.com:8080/dir/a%20b.txt", bytes.NewReader(tc.body))
		require.NoError(t, err)
		req.ContentLength = tc.length
		for k, v := range map[string]string{
			"Content-Type": "text/plain", "Content-MD5": "XrY7u+Ae7tCTyyK7j1rNww==", "Range": "bytes=0-9",
			"If-None-Match": `"e"`, "Cache-Control": "no-cache", "Origin": "https://x",
			"X-Cos-Meta-Owner": "Zhang San", "x-cos-storage-class": "STANDARD_IA", "X-Cos-Security-Token": "tok",
			"User-Agent": "cosgo", "Authorization": "old", "Accept-Encoding": "gzip", "Expect": "100-continue",
		} {
			req.Header.Set(k, v)
		}
		want := Authorization(cred, req.Method, req.URL.Path, q, signedHeadersRef(req), start, end)
		got := authorization(cred, req.Method, req.URL.Path, appendFields(nil, q), signedFields(nil, req), start, end)
		assert.Equal(t, want, got, "%s length %d", tc.method, tc.length)
	}
}

// TestSignedFieldsList pins the header list of a typical signed upload.
func TestSignedFieldsList(t *testing.T) {
	t.Parallel()
	req, err := http.NewRequest(http.MethodPut, "http://b-1250000000.cos.ap-guangzhou.myqcloud.com/k", strings.NewReader("hello"))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "text/plain")
	req.Header.Set("User-Agent", "cosgo")
	req.Header.Set("x-cos-meta-a", "1")
	auth := authorization(Credentials{SecretID: "AKID", SecretKey: "k"}, req.Method, "/k", nil, signedFields(nil, req), time.Unix(0, 0), time.Unix(1, 0))
	assert.Contains(t, auth, "&q-header-list=content-length;content-type;host;x-cos-meta-a&q-url-param-list=&")
}
