package reliability

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cutProxy is a TCP proxy in front of a server, as a chaos proxy is: it
// answers the first connections itself with a broken answer (after reading
// the whole request, so the client sees the answer and not a reset) and
// closes them; the others it forwards.
type cutProxy struct {
	ln     net.Listener
	target string
	answer string
	cut    atomic.Int64 // connections still to cut; < 0: all
	conns  atomic.Int64
	wg     sync.WaitGroup
	mu     sync.Mutex
	open   []net.Conn
}

func newCutProxy(t *testing.T, target, answer string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &cutProxy{ln: ln, target: strings.TrimPrefix(target, "http://"), answer: answer}
	p.wg.Go(p.serve)
	t.Cleanup(p.close)
	return p
}

func (p *cutProxy) url() string { return "http://" + p.ln.Addr().String() }

func (p *cutProxy) track(c net.Conn) {
	p.mu.Lock()
	p.open = append(p.open, c)
	p.mu.Unlock()
}

func (p *cutProxy) close() {
	p.ln.Close()
	p.mu.Lock()
	for _, c := range p.open {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.conns.Add(1)
		p.track(c)
		if n := p.cut.Load(); n != 0 {
			if n > 0 {
				p.cut.Add(-1) // count down; negative stays
			}
			p.wg.Go(func() { p.cutConn(c) })
			continue
		}
		p.wg.Go(func() { p.forward(c) })
	}
}

// cutConn reads one request, writes the broken answer and closes.
func (p *cutProxy) cutConn(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	_, _ = io.Copy(io.Discard, req.Body)
	_, _ = io.WriteString(c, p.answer)
}

func (p *cutProxy) forward(c net.Conn) {
	defer c.Close()
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	p.track(up)
	defer up.Close()
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(up, c)
		up.(*net.TCPConn).CloseWrite()
		close(done)
	}()
	_, _ = io.Copy(c, up)
	c.Close()
	<-done
}

// TestCutAnswersRetried checks issue 24's problem 7: an answer cut inside
// its status line (a proxy sent "HTT" and closed), a connection closed
// before any header, and a header cut midway leave no answer, so an
// idempotent call (UploadPart here) is retried; a call that is not
// idempotent is not, and every error given up on wraps a sentinel.
func TestCutAnswersRetried(t *testing.T) {
	t.Parallel()
	part := bytes.Repeat([]byte("p"), 64<<10)
	for _, tc := range []struct {
		name, answer string
		sentinel     error
	}{
		{"status line cut (HTT)", "HTT", cos.ErrInvalidResponse},
		{"malformed status code", "HTTP/1.1 2x0 OK\r\n\r\n", cos.ErrInvalidResponse},
		{"closed before any header", "", io.EOF},
		{"header cut midway", "HTTP/1.1 200 OK\r\nContent-Le", cos.ErrInvalidResponse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, nil)
			p := newCutProxy(t, e.srv.URL, tc.answer)
			id, key := e.srv.Credentials()
			tr := newTransport()
			t.Cleanup(tr.CloseIdleConnections)
			c, err := cos.NewClient(cos.WithEndpoint(p.url()), cos.WithRegion(e.srv.Region()), cos.WithBucket(bucket),
				cos.WithStaticCredentials(id, key, ""), cos.WithHTTPClient(httpClient(tr)), cos.WithRetryer(fastRetryer()))
			require.NoError(t, err)
			ctx := ctxTimeout(t, 30*time.Second)
			init, _, err := c.Object.InitiateMultipartUpload(ctx, "k", nil)
			require.NoError(t, err)

			// One cut: retried, and the part is stored.
			tr.CloseIdleConnections()
			p.cut.Store(1)
			start := p.conns.Load()
			_, _, err = c.Object.UploadPart(ctx, "k", init.UploadID, 1, bytes.NewReader(part), nil)
			require.NoError(t, err)
			assert.Equal(t, int64(2), p.conns.Load()-start, "one cut connection, one retry")

			// Every connection cut: three attempts, then an error that
			// wraps the sentinel.
			tr.CloseIdleConnections()
			p.cut.Store(-1)
			start = p.conns.Load()
			_, _, err = c.Object.UploadPart(ctx, "k", init.UploadID, 2, bytes.NewReader(part), nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.sentinel)
			assert.Contains(t, err.Error(), "giving up after 3 attempts")
			assert.Equal(t, int64(3), p.conns.Load()-start)

			// Initiate is not idempotent: one attempt.
			start = p.conns.Load()
			_, _, err = c.Object.InitiateMultipartUpload(ctx, "k2", nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.sentinel)
			assert.Equal(t, int64(1), p.conns.Load()-start)
			assert.False(t, errors.Is(err, cos.ErrInvalidArgument))
		})
	}
}
