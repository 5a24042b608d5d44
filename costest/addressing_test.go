package costest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVirtualHostAddressing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	host := testBucket + ".cos.ap-guangzhou.myqcloud.com"
	r := e.do(call{Method: http.MethodPut, RawPath: "/", Host: host})
	require.Equal(t, 200, r.Status, string(r.Body))
	r = e.do(call{Method: http.MethodPut, RawPath: "/seed%2Fhello.txt", Host: host, Body: []byte("hi")}) // Go SDK escapes every "/"
	require.Equal(t, 200, r.Status, string(r.Body))
	r = e.do(call{RawPath: "/seed/hello.txt", Host: strings.ToUpper(host[:4]) + host[4:] + ":443"}) // Node SDK keeps "/"; Host with a port
	require.Equal(t, 200, r.Status, string(r.Body))
	assert.Equal(t, "hi", string(r.Body))
	r = e.do(call{RawPath: "/", Host: host, Query: "prefix=seed%2F"})
	require.Equal(t, 200, r.Status)
	assert.Equal(t, []string{"seed/hello.txt"}, decode[listBucketDoc](t, r).names())
	r = e.do(call{RawPath: "/", Host: "service.cos.myqcloud.com"})
	assert.Contains(t, string(r.Body), testBucket)
	r = e.do(call{RawPath: "/", Host: "nope-1250000000.cos.ap-guangzhou.myqcloud.com"})
	assert.Equal(t, "NoSuchBucket", r.errCode())
	// The request log records the routing.
	reqs := e.srv.Requests()
	require.Len(t, reqs, 6)
	assert.Equal(t, "PutObject", string(reqs[1].Op))
	assert.Equal(t, testBucket, reqs[1].Bucket)
	assert.Equal(t, "seed/hello.txt", reqs[1].Key)
	assert.Equal(t, int64(2), reqs[1].BodySize)
	assert.Equal(t, host, reqs[1].Header.Get("Host"))
	assert.Equal(t, "seed/", reqs[3].Query.Get("prefix"))
	assert.Equal(t, "ListBuckets", string(reqs[4].Op))
	e.srv.ResetRequests()
	assert.Empty(t, e.srv.Requests())
}

func TestPathStyleAndUnusualKeys(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	keys := []string{
		"a b.txt", "年度 报告+final.txt", "q?x=1#frag", "100%", "/leading", "//double", "semi;colon",
		"a/../b", "dir/", "tab\there", "~tilde~", "quote\"'<>&.xml", "emoji😀",
	}
	for _, k := range keys {
		e.put(k, []byte(k), map[string]string{"Content-Type": "text/plain"})
	}
	assert.ElementsMatch(t, keys, e.srv.ObjectKeys(testBucket), "keys are stored exactly as decoded")
	for _, k := range keys {
		r := e.do(call{Bucket: testBucket, Key: k})
		require.Equal(t, 200, r.Status, "%q: %s", k, r.Body)
		assert.Equal(t, k, string(r.Body))
	}
	// Every "/" escaped (Go SDK) names the same object.
	r := e.do(call{RawPath: "/" + testBucket + "/dir%2F"})
	assert.Equal(t, "dir/", string(r.Body))
	d := e.list("encoding-type=url&prefix=q%3F")
	assert.Equal(t, []string{"q%3Fx%3D1%23frag"}, d.names())
	// Bucket-level paths: /bucket and /bucket/.
	for _, p := range []string{"/" + testBucket, "/" + testBucket + "/"} {
		r = e.do(call{RawPath: p, Query: "max-keys=1"})
		assert.Equal(t, 200, r.Status, p)
	}
	r = e.do(call{Method: http.MethodPatch, Bucket: testBucket, Key: "k"})
	assert.Equal(t, 405, r.Status)
	r = e.do(call{Bucket: testBucket, Query: "torrent"})
	assert.Equal(t, 501, r.Status)
	assert.Equal(t, "NotImplemented", r.errCode())
	r = e.do(call{Bucket: testBucket, Query: "a=%zz"})
	assert.Equal(t, 400, r.Status)
}

// TestNodeStyleContentLengthZero sends what the Node SDK sends on HEAD and
// DELETE: Content-Length: 0, signed.
func TestNodeStyleContentLengthZero(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("seed/hello.txt", []byte("hi"), nil)
	host := strings.TrimPrefix(e.srv.URL, "http://")
	for _, method := range []string{http.MethodHead, http.MethodDelete} {
		hdr := http.Header{"Host": {host}, "Content-Length": {"0"}}
		auth := cos.Authorization(e.cred, method, "/"+testBucket+"/seed/hello.txt", nil, hdr, time.Now().Add(-time.Minute), time.Now().Add(time.Hour))
		head := rawExchange(t, e, method+" /"+testBucket+"/seed/hello.txt HTTP/1.1\r\nHost: "+host+
			"\r\nContent-Length: 0\r\nAuthorization: "+auth+"\r\nConnection: close\r\n\r\n")
		assert.Regexp(t, `^HTTP/1.1 20[04] `, head, method)
	}
}
