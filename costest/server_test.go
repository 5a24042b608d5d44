package costest_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plainWriter can flush but hides http.Hijacker, as a handler served over
// HTTP/2 sees.
type plainWriter struct{ http.ResponseWriter }

func (w plainWriter) Flush() { w.ResponseWriter.(http.Flusher).Flush() }

func TestHandlerMountedElsewhere(t *testing.T) {
	t.Parallel()
	srv := costest.New(costest.WithAnonymous())
	defer srv.Close()
	assert.Empty(t, srv.URL)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.Handler().ServeHTTP(plainWriter{w}, r)
	}))
	defer ts.Close()
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}

	require.NoError(t, srv.CreateBucket(testBucket))
	put := func() error {
		req, _ := http.NewRequest(http.MethodPut, ts.URL+"/"+testBucket+"/k", bytes.NewReader([]byte("v")))
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	require.NoError(t, put())
	// Without Hijack, a dropped response aborts the handler instead.
	srv.Inject(costest.Fault{Kind: costest.FaultDropResponse, Op: costest.OpPutObject})
	assert.Error(t, put())
	srv.Inject(costest.Fault{Kind: costest.FaultTruncate, Op: costest.OpGetObject, Bytes: 0})
	require.NoError(t, srv.PutObject(testBucket, "k", []byte("value"), nil))
	resp, err := client.Get(ts.URL + "/" + testBucket + "/k")
	require.NoError(t, err)
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Error(t, err)
	assert.Len(t, srv.Requests(), 3)
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	id := e.initiate("mp", nil)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				key := fmt.Sprintf("g%d/k%d", g, i)
				data := bytes.Repeat([]byte{byte(g)}, 1000+i)
				r := e.do(call{Method: http.MethodPut, Bucket: testBucket, Key: key, Body: data})
				assert.Equal(t, 200, r.Status)
				r = e.do(call{Bucket: testBucket, Key: key})
				assert.Equal(t, data, r.Body)
				r = e.do(call{Bucket: testBucket, Query: "prefix=g&max-keys=5"})
				assert.Equal(t, 200, r.Status)
				r = e.uploadPart("mp", id, g*10+i+1, data)
				assert.Equal(t, 200, r.Status)
				e.srv.Requests()
				e.srv.ObjectKeys(testBucket)
			}
		})
	}
	wg.Wait()
	r := e.do(call{Bucket: testBucket, Key: "mp", Query: "uploadId=" + id})
	assert.Len(t, decode[listPartsDoc](t, r).Parts, 80)
	assert.Len(t, e.srv.ObjectKeys(testBucket), 80)
}
