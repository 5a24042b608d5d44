package transfer

import (
	"bytes"
	"fmt"
	"hash/crc64"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/require"
)

const (
	testBucket = "transfer-1250000000"
	mib        = 1 << 20
)

// TestMain fails the package when a goroutine started by this package is
// still running after every test: workers, producers and collectors must
// all be joined before a call returns.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := settleGoroutines(func(stack string) bool {
			return strings.Contains(stack, "cosgo/cos/transfer.") && !strings.Contains(stack, "transfer.TestMain")
		}, 5*time.Second); leaked != "" {
			fmt.Fprintln(os.Stderr, "goroutines left running by package transfer:\n"+leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// settleGoroutines waits until no goroutine stack matches, and returns the
// matching stacks if some remain after d.
func settleGoroutines(match func(string) bool, d time.Duration) string {
	deadline := time.Now().Add(d)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var bad []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if match(g) {
				bad = append(bad, g)
			}
		}
		if len(bad) == 0 || time.Now().After(deadline) {
			return strings.Join(bad, "\n\n")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// env is a costest server with a bucket and a client for it.
type env struct {
	srv *costest.Server
	c   *cos.Client
}

func newEnv(t testing.TB, opts ...cos.Option) *env {
	t.Helper()
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(testBucket))
	id, key := srv.Credentials()
	base := []cos.Option{
		cos.WithEndpoint(srv.URL), cos.WithRegion(srv.Region()), cos.WithBucket(testBucket),
		cos.WithStaticCredentials(id, key, ""),
	}
	c, err := cos.NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return &env{srv: srv, c: c}
}

// stored returns the object's bytes on the server.
func (e *env) stored(t testing.TB, key string) []byte {
	t.Helper()
	data, ok := e.srv.Object(testBucket, key)
	require.True(t, ok, "object %q not stored", key)
	return data
}

// count returns how many logged requests had op.
func (e *env) count(op costest.Op) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Op == op {
			n++
		}
	}
	return n
}

// partsSent counts the UploadPart requests of one upload.
func (e *env) partsSent(uploadID string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Op == costest.OpUploadPart && r.Query.Get("uploadId") == uploadID {
			n++
		}
	}
	return n
}

// randomBytes returns n reproducible bytes that differ per seed and per
// 64 KiB block (so misplaced parts show): a random block repeated, each
// copy stamped with its index. Repeating keeps large inputs cheap under
// the race detector.
func randomBytes(n int, seed uint64) []byte {
	const block = 64 << 10
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	pattern := make([]byte, block)
	for i := range pattern {
		pattern[i] = byte(r.Uint32())
	}
	b := make([]byte, n)
	for off := 0; off < n; off += block {
		copy(b[off:], pattern)
		idx := uint64(off / block)
		for k := 0; k < 8 && off+k < n; k++ {
			b[off+k] ^= byte(idx >> (8 * k))
		}
	}
	return b
}

// crcOf is hash/crc64's CRC64, independent of the code under test.
func crcOf(b []byte) uint64 { return crc64.Checksum(b, crc64.MakeTable(crc64.ECMA)) }

// streamOnly hides every interface but io.Reader: a pipe, a socket.
type streamOnly struct{ r io.Reader }

func (s streamOnly) Read(p []byte) (int, error) { return s.r.Read(p) }

// seekOnly is a reader of known size without io.ReaderAt.
type seekOnly struct{ r *bytes.Reader }

func (s seekOnly) Read(p []byte) (int, error)                { return s.r.Read(p) }
func (s seekOnly) Seek(off int64, whence int) (int64, error) { return s.r.Seek(off, whence) }

// memWriterAt is an in-memory io.WriterAt safe for concurrent WriteAt.
type memWriterAt struct {
	mu  sync.Mutex
	buf []byte
}

func (w *memWriterAt) WriteAt(p []byte, off int64) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if end := int(off) + len(p); end > len(w.buf) {
		w.buf = append(w.buf, make([]byte, end-len(w.buf))...)
	}
	copy(w.buf[off:], p)
	return len(p), nil
}

func (w *memWriterAt) bytes() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return bytes.Clone(w.buf)
}

// progressLog records progress calls and checks their invariants.
type progressLog struct {
	calls []Progress
}

func (p *progressLog) fn(pr Progress) { p.calls = append(p.calls, pr) }

func (p *progressLog) check(t *testing.T, total int64, minCalls int) {
	t.Helper()
	require.GreaterOrEqual(t, len(p.calls), minCalls)
	for i := 1; i < len(p.calls); i++ {
		require.GreaterOrEqual(t, p.calls[i].Done, p.calls[i-1].Done, "progress went backwards: %v", p.calls)
	}
	last := p.calls[len(p.calls)-1]
	require.Equal(t, total, last.Done)
	require.Equal(t, total, last.Total)
}

// tamper is a RoundTripper that rewrites the CRC64 header of chosen
// responses, to play a server that stored other bytes than were sent.
type tamper struct {
	base  http.RoundTripper
	match func(*http.Request) bool
	hits  atomic.Int32
}

func (tp *tamper) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := tp.base.RoundTrip(req)
	if err == nil && tp.match(req) && resp.Header.Get("x-cos-hash-crc64ecma") != "" {
		tp.hits.Add(1)
		resp.Header.Set("x-cos-hash-crc64ecma", "12345")
	}
	return resp, err
}

func tamperClient(match func(*http.Request) bool) (*http.Client, *tamper) {
	tp := &tamper{base: http.DefaultTransport.(*http.Transport).Clone(), match: match}
	return &http.Client{Transport: tp}, tp
}

// withHooks installs test hooks.
func withHooks(h *testHooks) Option {
	return func(c *config) error {
		c.hooks = h
		return nil
	}
}
