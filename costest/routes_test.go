package costest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An unknown sub-resource is refused by name and changes nothing: PUT
// /key?symlink must not store an empty object.
func TestUnknownSubresourceIsNotImplemented(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	for _, q := range []string{"torrent", "torrent=", "x-unknown-flag"} {
		r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "link", Query: q, Body: []byte("x")})
		require.Equal(t, http.StatusNotImplemented, r.Status, q)
		assert.Equal(t, "NotImplemented", r.errCode())
		name, _, _ := strings.Cut(q, "=")
		assert.Contains(t, string(r.Body), "?"+name, "the refusal names the sub-resource")
	}
	r := e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "link"})
	assert.Equal(t, http.StatusNotFound, r.Status, "nothing was stored")

	// A parameter with a value is not a sub-resource: COS ignores it.
	e.put("k", []byte("v"), nil)
	r = e.do(call{Bucket: testBucket, Key: "k", Query: "my-tracking-id=42"})
	assert.Equal(t, http.StatusOK, r.Status)
	// A known sub-resource with a method it has no row for.
	r = e.do(call{Method: http.MethodPost, Bucket: testBucket, Query: "cors"})
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
}
