package cos

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seekOnly is a replayable body that is an io.Seeker but not an
// io.ReaderAt. It records a Seek that overlaps a Read on another goroutine
// and reads that happen after the call that was given it returned.
type seekOnly struct {
	r        *bytes.Reader
	inRead   atomic.Int32
	overlap  atomic.Bool
	returned atomic.Bool
	late     atomic.Int32
}

func (s *seekOnly) Read(p []byte) (int, error) {
	s.inRead.Add(1)
	defer s.inRead.Add(-1)
	if s.returned.Load() {
		s.late.Add(1)
	}
	time.Sleep(time.Millisecond) // a slow source keeps the transport busy
	return s.r.Read(p[:min(len(p), 16<<10)])
}

func (s *seekOnly) Seek(off int64, whence int) (int64, error) {
	if s.inRead.Load() > 0 {
		s.overlap.Store(true)
	}
	return s.r.Seek(off, whence)
}

type zeroDelay struct{}

func (zeroDelay) MaxAttempts() int                    { return 3 }
func (zeroDelay) IsRetryable(err error) bool          { return isRetryable(err) }
func (zeroDelay) RetryDelay(int, error) time.Duration { return 0 }

// The transport may go on reading a request body after the answer came
// back (a 503 sent before the body was consumed). A retry must not rewind
// and re-read the same reader while that goroutine still reads it, and
// nothing may read the caller's reader once the call returned.
func TestRetryDoesNotShareBodyWithPreviousAttempt(t *testing.T) {
	t.Parallel()
	payload := bytes.Repeat([]byte("0123456789abcdef"), 256<<10) // 4 MiB
	var n atomic.Int32
	var mu sync.Mutex
	var got []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			// Answer at once, without reading the body.
			w.Header().Set("Connection", "close")
			writeXML(w, http.StatusServiceUnavailable, errorXML("SlowDown", "slow down"))
			return
		}
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = b
		mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(WithEndpoint(srv.URL), WithBucket(testBucket), WithStaticCredentials(testID, testKey, ""), WithRetryer(zeroDelay{}))
	require.NoError(t, err)

	body := &seekOnly{r: bytes.NewReader(payload)}
	_, _, err = c.Object.Put(context.Background(), "a.bin", body, nil)
	body.returned.Store(true)
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond)

	assert.False(t, body.overlap.Load(), "a retry rewound the body while the previous attempt was still reading it")
	assert.Zero(t, body.late.Load(), "the body was read after Put returned")
	mu.Lock()
	defer mu.Unlock()
	assert.True(t, bytes.Equal(payload, got), "the retried attempt sent other bytes")
}
