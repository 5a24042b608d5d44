package costest_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noRedirects is a client that hands a 3xx back instead of following it.
func noRedirects(t *testing.T) *http.Client {
	c := freshClient(t)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

func TestFaultRedirect(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	rule := e.srv.Inject(costest.Fault{Kind: costest.FaultRedirect, Op: costest.OpPutObject})
	resp, err := noRedirects(t).Do(e.newRequest(call{Method: http.MethodPut, Bucket: testBucket, Key: "k", Body: []byte("x"), Query: "a=b"}))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusTemporaryRedirect, resp.StatusCode)
	assert.Equal(t, "http://redirect.invalid/"+testBucket+"/k?a=b", resp.Header.Get("Location"))
	_, ok := e.srv.Object(testBucket, "k")
	assert.False(t, ok, "a redirect applies nothing")
	assert.Equal(t, 1, rule.Fired())
	assert.Equal(t, costest.FaultRedirect, e.srv.Requests()[0].Fault)
	assert.Equal(t, "Redirect", costest.FaultRedirect.String())

	e.srv.Inject(costest.Fault{Kind: costest.FaultRedirect, Op: costest.OpGetObject, Status: 302, Location: "http://elsewhere.example/x"})
	resp, err = noRedirects(t).Do(e.newRequest(call{Bucket: testBucket, Key: "k"}))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 302, resp.StatusCode)
	assert.Equal(t, "http://elsewhere.example/x", resp.Header.Get("Location"))
}

func TestFaultTrickle(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	data := []byte("0123456789abcdef")
	e.put("k", data, nil)
	rule := e.srv.Inject(costest.Fault{Kind: costest.FaultTrickle, Op: costest.OpGetObject, Bytes: 3, Interval: time.Millisecond})
	r := e.do(call{Bucket: testBucket, Key: "k"})
	assert.Equal(t, 200, r.Status)
	assert.Equal(t, data, r.Body, "a trickled body arrives whole")
	assert.Equal(t, 1, rule.Fired())

	// A request body is read at the same pace, and the operation applied.
	e.srv.Inject(costest.Fault{Kind: costest.FaultTrickle, Op: costest.OpPutObject, Bytes: 5, Interval: time.Millisecond})
	e.put("slow", data, nil)
	got, ok := e.srv.Object(testBucket, "slow")
	require.True(t, ok)
	assert.Equal(t, data, got)
	assert.Equal(t, "Trickle", costest.FaultTrickle.String())
}

// TestFaultTrickleEndsOnClose checks that a trickle with a long interval
// sends its headers at once and ends when the client goes away (the
// package's TestMain fails on a handler left running).
func TestFaultTrickleEndsOnClose(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("k", bytes.Repeat([]byte("x"), 100), nil)
	e.srv.Inject(costest.Fault{Kind: costest.FaultTrickle, Op: costest.OpGetObject, Interval: time.Hour})
	resp, err := freshClient(t).Do(e.newRequest(call{Bucket: testBucket, Key: "k"}))
	require.NoError(t, err, "headers arrive before the body")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, int64(100), resp.ContentLength)
	require.NoError(t, resp.Body.Close())
}

func TestFaultAmplify(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	rule := e.srv.Inject(costest.Fault{Kind: costest.FaultAmplify, Op: costest.OpListObjects, Repeat: "<Contents/>", Bytes: 115})
	r := e.do(call{Bucket: testBucket})
	assert.Equal(t, 200, r.Status)
	want := "<ListBucketResult>" + strings.Repeat("<Contents/>", 10) + "</ListBucketResult>"
	assert.Equal(t, want, string(r.Body))
	assert.Equal(t, strconv.Itoa(len(want)), r.Header.Get("Content-Length"))
	assert.Equal(t, "application/xml", r.Header.Get("Content-Type"))
	assert.Equal(t, 1, rule.Fired())

	// Head and Tail given; an endless body runs until the client leaves.
	e.srv.Inject(costest.Fault{Kind: costest.FaultAmplify, Op: costest.OpGetBucketACL, Head: "<AccessControlPolicy", Repeat: ` a=""`, Bytes: -1})
	resp, err := freshClient(t).Do(e.newRequest(call{Bucket: testBucket, Query: "acl"}))
	require.NoError(t, err)
	assert.Equal(t, int64(-1), resp.ContentLength)
	head := make([]byte, 30)
	_, err = io.ReadFull(resp.Body, head)
	require.NoError(t, err)
	assert.Equal(t, `<AccessControlPolicy a="" a=""`, string(head))
	n, err := io.CopyN(io.Discard, resp.Body, 1<<20)
	require.NoError(t, err)
	assert.Equal(t, int64(1<<20), n, "the body goes on")
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, "Amplify", costest.FaultAmplify.String())
}
