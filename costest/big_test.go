package costest_test

import (
	"bytes"
	"crypto/md5"
	"io"
	"net/http"
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOneGiBObject puts and gets a 1 GiB object and checks that the server
// keeps about one copy of it. It is slow, so it runs only with
// COSTEST_BIG=1.
func TestOneGiBObject(t *testing.T) {
	if os.Getenv("COSTEST_BIG") == "" {
		t.Skip("set COSTEST_BIG=1 to run")
	}
	e := newEnv(t).withBucket()
	const size = 1 << 30
	data := bytes.Repeat([]byte("0123456789abcdef"), size/16)
	sum := md5.Sum(data)
	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "big", Body: data})
	require.Equal(t, 200, r.Status)
	assert.Equal(t, md5hex(data), r.Header.Get("ETag"))

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("heap after PUT: %d MiB (test data itself: 1024 MiB)", ms.HeapAlloc>>20)
	assert.Less(t, ms.HeapAlloc, uint64(2*size+size/4), "the server holds one copy")

	resp, err := e.client.Do(e.newRequest(call{Bucket: testBucket, Key: "big"}))
	require.NoError(t, err)
	h := md5.New()
	n, err := io.Copy(h, resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, int64(size), n)
	assert.Equal(t, sum[:], h.Sum(nil))
	runtime.ReadMemStats(&ms)
	t.Logf("heap after GET: %d MiB", ms.HeapAlloc>>20)
}
