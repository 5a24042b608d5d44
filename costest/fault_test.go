package costest_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	rule := e.srv.Inject(costest.Fault{Op: costest.OpPutObject, Key: "k", Status: 503, RetryAfter: "2"})
	body := []byte("payload")
	r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "k", Body: body})
	assert.Equal(t, 503, r.Status)
	assert.Equal(t, "2", r.Header.Get("Retry-After"))
	assert.Equal(t, "SlowDown", r.errCode())
	assert.NotEmpty(t, r.Header.Get("x-cos-request-id"))
	_, ok := e.srv.Object(testBucket, "k")
	assert.False(t, ok, "a status fault applies nothing")
	assert.Equal(t, 1, rule.Fired())
	reqs := e.srv.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, costest.FaultStatus, last.Fault)
	assert.Equal(t, 503, last.Status)
	assert.Equal(t, int64(len(body)), last.BodySize, "the body was read before answering")

	e.put("other", body, nil) // Key does not match
	e.put("k", body, nil)     // fired once only
	assert.Equal(t, 1, rule.Fired())

	e.srv.Inject(costest.Fault{Op: costest.OpGetObject, Status: 500, Code: "InternalError", Message: "boom"})
	r = e.do(call{Bucket: testBucket, Key: "k"})
	assert.Equal(t, 500, r.Status)
	assert.Contains(t, string(r.Body), "<Message>boom</Message>")
	e.srv.Inject(costest.Fault{Op: costest.OpHeadObject})
	r = e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "k"})
	assert.Equal(t, 500, r.Status)
	assert.Empty(t, r.Body)
}

func TestFaultNthAndTimes(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("k", []byte("x"), nil)
	rule := e.srv.Inject(costest.Fault{Op: costest.OpGetObject, Status: 500, Nth: 2, Times: 2})
	var got []int
	for range 5 {
		got = append(got, e.do(call{Bucket: testBucket, Key: "k"}).Status)
	}
	assert.Equal(t, []int{200, 500, 500, 200, 200}, got)
	assert.Equal(t, 2, rule.Fired())

	forever := e.srv.Inject(costest.Fault{Bucket: testBucket, Status: 429, Times: -1})
	for range 3 {
		r := e.do(call{Bucket: testBucket, Key: "k"})
		assert.Equal(t, 429, r.Status)
		assert.Equal(t, "SlowDown", r.errCode())
	}
	forever.Remove()
	assert.Equal(t, 200, e.do(call{Bucket: testBucket, Key: "k"}).Status)
	assert.Equal(t, 3, forever.Fired())

	e.srv.Inject(costest.Fault{Times: -1})
	assert.Equal(t, 500, e.do(call{Bucket: testBucket, Key: "k"}).Status)
	e.srv.ClearFaults()
	assert.Equal(t, 200, e.do(call{Bucket: testBucket, Key: "k"}).Status)
	assert.Equal(t, "DropResponse", costest.FaultDropResponse.String())
}

func TestFaultDelay(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("k", []byte("x"), nil)
	e.srv.Inject(costest.Fault{Op: costest.OpGetObject, Delay: 150 * time.Millisecond})
	start := time.Now()
	r := e.do(call{Bucket: testBucket, Key: "k"})
	assert.Equal(t, 200, r.Status)
	assert.GreaterOrEqual(t, time.Since(start), 150*time.Millisecond)

	// A client that gives up ends the wait; the operation is not applied.
	e.srv.Inject(costest.Fault{Op: costest.OpDeleteObject, Delay: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req := e.newRequest(call{Method: http.MethodDelete, Bucket: testBucket, Key: "k"}).WithContext(ctx)
	_, err := e.client.Do(req)
	require.Error(t, err)
	assert.True(t, errors.Is(err, context.DeadlineExceeded), err)
	require.Eventually(t, func() bool {
		reqs := e.srv.Requests()
		return reqs[len(reqs)-1].Op == costest.OpDeleteObject
	}, 5*time.Second, 10*time.Millisecond)
	_, ok := e.srv.Object(testBucket, "k")
	assert.True(t, ok)
}

func TestFaultDelayEndsOnClose(t *testing.T) {
	t.Parallel()
	srv := costest.NewServer(costest.WithAnonymous())
	require.NoError(t, srv.CreateBucket(testBucket))
	rule := srv.Inject(costest.Fault{Delay: time.Hour})
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPut, srv.URL+"/"+testBucket+"/k", strings.NewReader("x"))
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	require.Eventually(t, func() bool { return rule.Fired() == 1 }, 5*time.Second, 5*time.Millisecond)
	start := time.Now()
	srv.Close()
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Error(t, <-done, "the abandoned request is not answered")
	_, ok := srv.Object(testBucket, "k")
	assert.False(t, ok, "the delayed operation was abandoned")
}

// freshClient uses a new connection per request, so Go's transport cannot
// silently retry a request whose reused connection was cut.
func freshClient(t *testing.T) *http.Client {
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func TestFaultDropRequest(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	rule := e.srv.Inject(costest.Fault{Kind: costest.FaultDropRequest, Op: costest.OpPutObject, Bytes: 1024})
	body := bytes.Repeat([]byte("z"), 256<<10)
	_, err := freshClient(t).Do(e.newRequest(call{Method: http.MethodPut, Bucket: testBucket, Key: "k", Body: body}))
	require.Error(t, err, "the connection is closed before any answer")
	_, ok := e.srv.Object(testBucket, "k")
	assert.False(t, ok)
	assert.Equal(t, 1, rule.Fired())
	require.Eventually(t, func() bool { return len(e.srv.Requests()) == 1 }, time.Second, 5*time.Millisecond)
	req := e.srv.Requests()[0]
	assert.Equal(t, costest.FaultDropRequest, req.Fault)
	assert.Equal(t, int64(1024), req.BodySize)
	assert.Equal(t, 0, req.Status)
}

func TestFaultDropResponse(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.srv.Inject(costest.Fault{Kind: costest.FaultDropResponse, Op: costest.OpPutObject})
	_, err := freshClient(t).Do(e.newRequest(call{Method: http.MethodPut, Bucket: testBucket, Key: "k", Body: []byte("lost")}))
	require.Error(t, err)
	got, ok := e.srv.Object(testBucket, "k")
	assert.True(t, ok, "the operation was applied; only the response was lost")
	assert.Equal(t, "lost", string(got))
	require.Eventually(t, func() bool { return len(e.srv.Requests()) == 1 }, time.Second, 5*time.Millisecond)
	assert.Equal(t, 200, e.srv.Requests()[0].Status)
}

func TestFaultTruncate(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	data := bytes.Repeat([]byte("0123456789"), 100)
	e.put("k", data, nil)
	for _, tt := range []struct {
		bytes int64
		want  int
	}{{100, 100}, {0, 0}, {5000, 999}} {
		e.srv.Inject(costest.Fault{Kind: costest.FaultTruncate, Op: costest.OpGetObject, Bytes: tt.bytes})
		resp, err := freshClient(t).Do(e.newRequest(call{Bucket: testBucket, Key: "k"}))
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		assert.Equal(t, int64(1000), resp.ContentLength)
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		assert.Equal(t, data[:tt.want], b)
	}
	// An XML answer is cut too.
	e.srv.Inject(costest.Fault{Kind: costest.FaultTruncate, Op: costest.OpListObjects, Bytes: 20})
	resp, err := freshClient(t).Do(e.newRequest(call{Bucket: testBucket}))
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Error(t, err)
	assert.Len(t, b, 20)
}

func TestFaultErrorIn200(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	id := e.initiate("mp", nil)
	p := e.uploadPart("mp", id, 1, []byte("x"))
	rule := e.srv.Inject(costest.Fault{Kind: costest.FaultErrorIn200, Op: costest.OpCompleteMultipartUpload})
	r := e.xmlCall(http.MethodPost, "mp", "uploadId="+id, completeBody("1", p.Header.Get("ETag")))
	assert.Equal(t, 200, r.Status)
	assert.True(t, strings.HasPrefix(string(r.Body), "  "), "leading whitespace, as COS keeps the connection alive")
	var doc struct {
		XMLName xml.Name
		Code    string
	}
	require.NoError(t, xml.Unmarshal(bytes.TrimSpace(r.Body), &doc))
	assert.Equal(t, "Error", doc.XMLName.Local)
	assert.Equal(t, "InternalError", doc.Code)
	assert.Equal(t, []string{id}, e.srv.MultipartUploads(testBucket), "the upload was not completed")
	assert.Equal(t, 1, rule.Fired())

	e.srv.Inject(costest.Fault{Kind: costest.FaultErrorIn200, Op: costest.OpCopyObject, Code: "SlowDown"})
	e.put("src", []byte("s"), nil)
	r = e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: "dst",
		Header: map[string]string{"x-cos-copy-source": testBucket + ".cos.ap-guangzhou.myqcloud.com/src"}})
	assert.Equal(t, 200, r.Status)
	assert.Contains(t, string(r.Body), "<Code>SlowDown</Code>")
	_, ok := e.srv.Object(testBucket, "dst")
	assert.False(t, ok)
}

func TestFaultsDoNotHideAuthErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	rule := e.srv.Inject(costest.Fault{Status: 500, Times: -1})
	r := e.do(call{Bucket: testBucket, Key: "k", Unsigned: true})
	assert.Equal(t, 403, r.Status)
	assert.Equal(t, 0, rule.Fired())
}

func TestFaultWrongRange(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	data := []byte("0123456789")
	e.put("k", data, nil)
	for _, tt := range []struct{ asked, cr, body string }{
		{"bytes=4-6", "bytes 0-2/10", "012"},
		{"bytes=0-2", "bytes 1-3/10", "123"},
		{"bytes=7-", "bytes 0-9/10", "0123456789"},
		{"bytes=0-", "bytes 1-9/10", "123456789"},
		{"bytes=-2", "bytes 0-1/10", "01"},
	} {
		e.srv.ResetRequests()
		rule := e.srv.Inject(costest.Fault{Kind: costest.FaultWrongRange, Op: costest.OpGetObject})
		r := e.do(call{Bucket: testBucket, Key: "k", Header: map[string]string{"Range": tt.asked}})
		assert.Equal(t, 206, r.Status, tt.asked)
		assert.Equal(t, tt.cr, r.Header.Get("Content-Range"), tt.asked)
		assert.Equal(t, tt.body, string(r.Body), tt.asked)
		assert.Equal(t, 1, rule.Fired())
		reqs := e.srv.Requests()
		require.Len(t, reqs, 1)
		assert.Equal(t, tt.asked, reqs[0].Header.Get("Range"), "the log keeps the Range the client sent")
		assert.Equal(t, costest.FaultWrongRange, reqs[0].Fault)
	}
	// Without a Range the answer is the object; the next one is right again.
	e.srv.Inject(costest.Fault{Kind: costest.FaultWrongRange, Op: costest.OpGetObject})
	r := e.do(call{Bucket: testBucket, Key: "k"})
	assert.Equal(t, 200, r.Status)
	assert.Equal(t, data, r.Body)
	r = e.do(call{Bucket: testBucket, Key: "k", Header: map[string]string{"Range": "bytes=4-6"}})
	assert.Equal(t, "bytes 4-6/10", r.Header.Get("Content-Range"))
	assert.Equal(t, "WrongRange", costest.FaultWrongRange.String())
}

func TestFaultForeignETag(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.put("k", []byte("data"), nil)
	real := e.do(call{Method: http.MethodHead, Bucket: testBucket, Key: "k"}).Header.Get("ETag")
	require.NotEmpty(t, real)
	require.NotEqual(t, costest.ForeignETag, real)
	e.srv.Inject(costest.Fault{Kind: costest.FaultForeignETag, Op: costest.OpGetObject, Times: 2})
	r := e.do(call{Bucket: testBucket, Key: "k", Header: map[string]string{"Range": "bytes=1-2"}})
	assert.Equal(t, 206, r.Status)
	assert.Equal(t, costest.ForeignETag, r.Header.Get("ETag"))
	assert.Equal(t, "at", string(r.Body), "the bytes are the object's")
	// An error answer keeps its own headers.
	r = e.do(call{Bucket: testBucket, Key: "k", Header: map[string]string{"If-Match": `"nope"`}})
	assert.Equal(t, 412, r.Status)
	assert.Equal(t, real, r.Header.Get("ETag"))
	r = e.do(call{Bucket: testBucket, Key: "k"})
	assert.Equal(t, real, r.Header.Get("ETag"), "the fault fired twice only")
	assert.Equal(t, "ForeignETag", costest.FaultForeignETag.String())
}
