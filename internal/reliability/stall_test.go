package reliability

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stallWindow is the stall timeout of these tests: short, so a stall
// ends quickly; nothing asserts how quickly.
const stallWindow = 150 * time.Millisecond

// trickle is a fault that moves 1 byte every 20 ms: 7 bytes per window,
// far below the 1 KiB a body must move.
func trickle(op costest.Op, times int) costest.Fault {
	return costest.Fault{Kind: costest.FaultTrickle, Op: op, Bytes: 1, Interval: 20 * time.Millisecond, Times: times}
}

// smallSendBuffers is a transport whose connections have a 16 KiB send
// buffer, so a request body the server stops reading fills the socket
// after a few hundred KiB instead of the megabytes a loopback socket can
// hold, and the send visibly stalls.
func smallSendBuffers() *http.Transport {
	tr := newTransport()
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dial(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetWriteBuffer(16 << 10)
		}
		return c, err
	}
	return tr
}

// stallEnv is a costest server and a client with a short stall window on
// a transport with small send buffers.
func stallEnv(t *testing.T) *env {
	e := newEnv(t, nil, cos.WithStallTimeout(stallWindow))
	tr := smallSendBuffers()
	t.Cleanup(tr.CloseIdleConnections)
	id, key := e.srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(e.srv.URL), cos.WithRegion(e.srv.Region()), cos.WithBucket(bucket),
		cos.WithStaticCredentials(id, key, ""), cos.WithHTTPClient(httpClient(tr)), cos.WithRetryer(fastRetryer()),
		cos.WithStallTimeout(stallWindow))
	require.NoError(t, err)
	e.tr, e.c = tr, c
	return e
}

// noLeaks closes the client's idle connections and fails t when a
// goroutine started since before is still running.
func noLeaks(t *testing.T, e *env, before map[string]string) {
	e.tr.CloseIdleConnections()
	if leaks := goroutineLeaks(before, 5*time.Second); len(leaks) > 0 {
		t.Errorf("%d goroutines left running:\n%s", len(leaks), strings.Join(leaks, "\n\n"))
	}
}

// TestStalledBodiesEnd checks issue 24's problem 6: a body that trickles
// fails with ErrStalled instead of hanging a call without a deadline, in
// both directions and for a body handed to the caller; the stall is
// retried (and resumed by transfer), and no goroutine stays behind. The
// calls have no deadline of their own beyond a generous safety net.
func TestStalledBodiesEnd(t *testing.T) {
	data := randomBytes(24, 64<<10)
	big := randomBytes(25, 4<<20) // more than the socket buffers hold

	t.Run("response body handed to the caller", func(t *testing.T) {
		e := stallEnv(t)
		require.NoError(t, e.srv.PutObject(bucket, "k", data, nil))
		e.srv.Inject(trickle(costest.OpGetObject, 1))
		before := goroutines()
		resp, err := e.c.Object.Get(ctxTimeout(t, 60*time.Second), "k", nil)
		require.NoError(t, err, "the headers arrive at once")
		_, err = io.ReadAll(resp.Body)
		require.ErrorIs(t, err, cos.ErrStalled)
		require.NoError(t, resp.Body.Close())
		noLeaks(t, e, before)
	})

	t.Run("response body read by the client is retried", func(t *testing.T) {
		e := stallEnv(t)
		require.NoError(t, e.srv.PutObject(bucket, "k", data, nil))
		e.srv.Inject(trickle(costest.OpListObjects, 1))
		before := goroutines()
		res, _, err := e.c.Bucket.ListObjects(ctxTimeout(t, 60*time.Second), nil)
		require.NoError(t, err)
		require.Len(t, res.Contents, 1)
		assert.Len(t, e.srv.Requests(), 2, "the stalled attempt was retried")
		noLeaks(t, e, before)
	})

	t.Run("response body stalled on every attempt", func(t *testing.T) {
		e := stallEnv(t)
		e.srv.Inject(trickle(costest.OpListObjects, -1))
		before := goroutines()
		_, _, err := e.c.Bucket.ListObjects(ctxTimeout(t, 60*time.Second), nil)
		require.ErrorIs(t, err, cos.ErrStalled)
		assert.Contains(t, err.Error(), "giving up after 3 attempts")
		assert.Len(t, e.srv.Requests(), 3)
		noLeaks(t, e, before)
	})

	t.Run("request body the server stops reading", func(t *testing.T) {
		e := stallEnv(t)
		rule := e.srv.Inject(trickle(costest.OpPutObject, 1))
		before := goroutines()
		_, _, err := e.c.Object.Put(ctxTimeout(t, 60*time.Second), "big", bytes.NewReader(big), nil)
		require.NoError(t, err, "the stalled send was retried")
		assert.Equal(t, 1, rule.Fired(), "the first send trickled; the second is the retry")
		got, ok := e.srv.Object(bucket, "big")
		require.True(t, ok)
		assert.True(t, bytes.Equal(big, got), "stored whole")
		requestBodiesWhole(t, e.srv.Requests(), func(r costest.Request) bool { return r.Fault == costest.FaultTrickle }, nil)
		noLeaks(t, e, before)
	})

	t.Run("request body stream stalled", func(t *testing.T) {
		e := stallEnv(t)
		e.srv.Inject(trickle(costest.OpPutObject, 1))
		before := goroutines()
		// A plain reader cannot be replayed: one attempt, ErrStalled.
		_, _, err := e.c.Object.Put(ctxTimeout(t, 60*time.Second), "stream", io.MultiReader(bytes.NewReader(big)),
			&cos.ObjectPutOptions{ContentLength: int64(len(big))})
		require.ErrorIs(t, err, cos.ErrStalled)
		assert.Contains(t, err.Error(), "the request body moved fewer than 1024 bytes")
		_, ok := e.srv.Object(bucket, "stream")
		assert.False(t, ok, "nothing stored from a cut send")
		noLeaks(t, e, before)
	})

	t.Run("transfer resumes a stalled range", func(t *testing.T) {
		e := stallEnv(t)
		obj := randomBytes(26, 2<<20+123)
		require.NoError(t, e.srv.PutObject(bucket, "obj", obj, nil))
		f := trickle(costest.OpGetObject, 1)
		f.Nth = 2
		e.srv.Inject(f)
		before := goroutines()
		dst := filepath.Join(t.TempDir(), "out")
		d := transfer.NewDownloader(e.c, transfer.WithPartSize(1<<20), transfer.WithConcurrency(2))
		require.NoError(t, d.DownloadFile(ctxTimeout(t, 60*time.Second), "obj", dst, nil))
		got, err := os.ReadFile(dst)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(obj, got))
		noLeaks(t, e, before)
	})

	t.Run("transfer retries a stalled part", func(t *testing.T) {
		e := stallEnv(t)
		src := filepath.Join(t.TempDir(), "src")
		require.NoError(t, os.WriteFile(src, big, 0o644))
		f := trickle(costest.OpUploadPart, 1)
		f.Nth = 2
		e.srv.Inject(f)
		before := goroutines()
		u := transfer.NewUploader(e.c, transfer.WithPartSize(1<<20), transfer.WithConcurrency(2))
		_, err := u.UploadFile(ctxTimeout(t, 60*time.Second), "up", src, nil)
		require.NoError(t, err)
		got, ok := e.srv.Object(bucket, "up")
		require.True(t, ok)
		assert.True(t, bytes.Equal(big, got))
		noLeaks(t, e, before)
	})

	t.Run("a slow reader is not a stall", func(t *testing.T) {
		e := stallEnv(t)
		require.NoError(t, e.srv.PutObject(bucket, "k", data, nil))
		resp, err := e.c.Object.Get(ctxTimeout(t, 60*time.Second), "k", nil)
		require.NoError(t, err)
		// The caller pauses longer than the window between reads; the
		// network never made it wait.
		var got []byte
		buf := make([]byte, 16<<10)
		for range 8 {
			time.Sleep(stallWindow * 3 / 2)
			n, err := resp.Body.Read(buf)
			got = append(got, buf[:n]...)
			if err == io.EOF {
				break
			}
			require.NoError(t, err)
		}
		resp.Body.Close()
		assert.True(t, bytes.Equal(data, got))
	})
}
