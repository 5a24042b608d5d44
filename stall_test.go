package cos

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// netReader stands in for a transport's body: it returns what is sent on
// data and, as the transport does, fails once the request's context ends.
type netReader struct {
	ctx  context.Context
	data chan []byte
}

func (r *netReader) Read(p []byte) (int, error) {
	select {
	case b, ok := <-r.data:
		if !ok {
			return 0, io.EOF
		}
		return copy(p, b), nil
	case <-r.ctx.Done():
		return 0, r.ctx.Err()
	}
}

func (r *netReader) Close() error { return nil }

func TestStallResponseBodyEnds(t *testing.T) {
	t.Parallel()
	w := newStallWatch(context.Background(), 30*time.Millisecond, "GET", "/k")
	body := w.response(&netReader{ctx: w.ctx, data: make(chan []byte)}, stallMinBytes)
	_, err := body.Read(make([]byte, 10)) // nothing ever arrives
	require.ErrorIs(t, err, ErrStalled)
	assert.Contains(t, err.Error(), "GET /k: the response body moved fewer than 1024 bytes in 30ms")
	assert.ErrorIs(t, context.Cause(w.ctx), ErrStalled, "the attempt's context ends, closing the connection")
	assert.ErrorIs(t, w.stalled(), ErrStalled)
	_, err = body.Read(make([]byte, 10))
	assert.ErrorIs(t, err, ErrStalled, "and stays ended")
	require.NoError(t, body.Close())
}

func TestStallRequestBodyEnds(t *testing.T) {
	t.Parallel()
	w := newStallWatch(context.Background(), 30*time.Millisecond, "PUT", "/k")
	req, err := http.NewRequest(http.MethodPut, "http://h/k", strings.NewReader("0123456789"))
	require.NoError(t, err)
	w.watchRequest(req)
	// The transport reads a first piece, then its write to the network
	// blocks and it reads no more.
	_, err = req.Body.Read(make([]byte, 4))
	require.NoError(t, err)
	<-w.ctx.Done()
	assert.ErrorIs(t, context.Cause(w.ctx), ErrStalled)
	assert.Contains(t, w.stalled().Error(), "PUT /k: the request body moved fewer")
	_, err = req.Body.Read(make([]byte, 4))
	assert.ErrorIs(t, err, ErrStalled)
	w.end()
}

// TestStallRewoundRequestBody checks that a body the transport rewinds
// (GetBody) is watched anew and the abandoned one no longer counts.
func TestStallRewoundRequestBody(t *testing.T) {
	t.Parallel()
	w := newStallWatch(context.Background(), 200*time.Millisecond, "PUT", "/k")
	req, err := http.NewRequest(http.MethodPut, "http://h/k", strings.NewReader("0123456789"))
	require.NoError(t, err)
	w.watchRequest(req)
	_, err = req.Body.Read(make([]byte, 4)) // the clock runs now
	require.NoError(t, err)
	again, err := req.GetBody()
	require.NoError(t, err)
	b, err := io.ReadAll(again)
	require.NoError(t, err)
	assert.Equal(t, "0123456789", string(b))
	w.answered()
	time.Sleep(300 * time.Millisecond) // past the window: nothing may fire
	assert.NoError(t, w.stalled())
	assert.NoError(t, w.ctx.Err())
	w.end()
	assert.ErrorIs(t, w.ctx.Err(), context.Canceled, "end releases the context")
}

// TestStallNotForSlowCaller checks that time the caller spends between
// reads does not count: only waiting on the network does.
func TestStallNotForSlowCaller(t *testing.T) {
	t.Parallel()
	w := newStallWatch(context.Background(), 100*time.Millisecond, "GET", "/k")
	data := make(chan []byte, 4)
	for range 4 {
		data <- []byte("x") // one byte each: ready, never waited for
	}
	close(data)
	body := w.response(&netReader{ctx: w.ctx, data: data}, stallMinBytes)
	n := 0
	for range 10 {
		time.Sleep(150 * time.Millisecond)
		k, err := body.Read(make([]byte, 8))
		n += k
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	assert.Equal(t, 4, n)
	require.NoError(t, body.Close())
	assert.ErrorIs(t, w.ctx.Err(), context.Canceled, "closing the body ends the attempt")
	assert.NoError(t, w.stalled())
}

// TestStallNotForSteadyTrickle checks that a body moving well over 1 KiB
// per window is never a stall, however slowly each read returns.
func TestStallNotForSteadyTrickle(t *testing.T) {
	t.Parallel()
	w := newStallWatch(context.Background(), 200*time.Millisecond, "GET", "/k")
	data := make(chan []byte)
	go func() {
		defer close(data)
		for range 40 {
			time.Sleep(5 * time.Millisecond)
			data <- make([]byte, 512) // about 20 KiB per window
		}
	}()
	body := w.response(&netReader{ctx: w.ctx, data: data}, stallMinBytes)
	n, err := io.Copy(io.Discard, body)
	require.NoError(t, err)
	assert.Equal(t, int64(40*512), n)
	require.NoError(t, body.Close())
}

func TestStallTimeoutOption(t *testing.T) {
	t.Parallel()
	c, err := NewClient(WithBucket(testBucket), WithRegion("ap-guangzhou"))
	require.NoError(t, err)
	assert.Equal(t, 60*time.Second, c.cfg.stallTimeout, "botocore's read timeout by default")
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { io.WriteString(w, "data") })
	for d, watched := range map[time.Duration]bool{0: false, time.Minute: true} {
		c := rec.client(t, WithStallTimeout(d))
		resp, err := c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true, keepBody: true})
		require.NoError(t, err)
		_, isMeter := resp.Body.(*stallMeter)
		assert.Equal(t, watched, isMeter, "stall timeout %v", d)
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		assert.Equal(t, "data", string(b))
		require.NoError(t, resp.Body.Close())
	}
	_, err = NewClient(WithStallTimeout(-time.Second))
	assert.True(t, errors.Is(err, ErrInvalidArgument))
}

// TestStallKeepAliveSpaces checks that an answer COS keeps alive with a
// space now and then (Complete Multipart Upload) is not a stall, while the
// same pace on an ordinary body is.
func TestStallKeepAliveSpaces(t *testing.T) {
	t.Parallel()
	for minBytes, stalls := range map[int64]bool{keepAliveMinBytes: false, stallMinBytes: true} {
		w := newStallWatch(context.Background(), 100*time.Millisecond, "POST", "/k")
		data := make(chan []byte)
		done := make(chan struct{})
		go func() {
			defer close(data)
			for range 12 {
				select {
				case <-time.After(25 * time.Millisecond):
				case <-done:
					return
				}
				select {
				case data <- []byte(" "):
				case <-done:
					return
				}
			}
		}()
		body := w.response(&netReader{ctx: w.ctx, data: data}, minBytes)
		_, err := io.Copy(io.Discard, body)
		close(done)
		if stalls {
			assert.ErrorIs(t, err, ErrStalled)
		} else {
			assert.NoError(t, err)
		}
		body.Close()
	}
}
