package reliability

import (
	"bytes"
	"context"
	"flag"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/require"
)

// update regenerates RELIABILITY.md instead of comparing with it (also
// COSGO_UPDATE_RELIABILITY=1).
var update = flag.Bool("update", false, "rewrite RELIABILITY.md from the test results")

func updating() bool { return *update || os.Getenv("COSGO_UPDATE_RELIABILITY") == "1" }

const bucket = "reliab-1250000000"

// fastRetryer keeps the default policy's shape with millisecond delays so
// the matrix runs quickly.
func fastRetryer() *cos.StandardRetryer {
	return &cos.StandardRetryer{Attempts: 3, BaseDelay: time.Millisecond, MaxBackoff: 10 * time.Millisecond,
		Rand: rand.New(rand.NewPCG(1, 2))}
}

// env is one costest server and one client with its own transport, so a
// test can close the client's idle connections and count goroutines.
type env struct {
	srv *costest.Server
	tr  *http.Transport
	c   *cos.Client
}

func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       30 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
	}
}

func httpClient(tr http.RoundTripper) *http.Client {
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// newEnv starts a costest server with the bucket and a client for it.
// Extra client options come after the defaults (so they win).
func newEnv(t testing.TB, srvOpts []costest.Option, opts ...cos.Option) *env {
	t.Helper()
	srv := costest.NewServer(srvOpts...)
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(bucket))
	tr := newTransport()
	t.Cleanup(tr.CloseIdleConnections)
	id, key := srv.Credentials()
	base := []cos.Option{
		cos.WithEndpoint(srv.URL), cos.WithRegion(srv.Region()), cos.WithBucket(bucket),
		cos.WithStaticCredentials(id, key, ""), cos.WithHTTPClient(httpClient(tr)),
		cos.WithRetryer(fastRetryer()),
	}
	c, err := cos.NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return &env{srv: srv, tr: tr, c: c}
}

// newHTTPServer serves h on a test server closed at cleanup and returns
// its URL.
func newHTTPServer(t testing.TB, h http.Handler) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// randomBytes returns n deterministic pseudo-random bytes.
func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i < n; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8 && i+j < n; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

// goroutines returns the stacks of the running goroutines by ID, leaving
// out the test runner's and the costest server's (a server handler may
// still be stalled by an injected delay; the server's Close ends it). What
// is left are the goroutines of the code under test: client transports,
// transfer workers and anything they started.
func goroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		head, _, _ := strings.Cut(g, "\n")
		id, ok := strings.CutPrefix(head, "goroutine ")
		if !ok {
			continue
		}
		id, _, _ = strings.Cut(id, " ")
		if serverOrRunner(g) {
			continue
		}
		out[id] = g
	}
	return out
}

func serverOrRunner(stack string) bool {
	for _, s := range []string{
		"testing.tRunner", "testing.(*T).Run", "testing.runTests", "testing.(*M).",
		"created by net/http.(*Server).Serve", "net/http/httptest.(*Server)", "net/http.(*conn).serve",
		"github.com/cosgo/cos/costest.", "os/signal.", "goroutineLeaks",
	} {
		if strings.Contains(stack, s) && !strings.Contains(stack, "net/http.(*persistConn)") {
			return true
		}
	}
	return false
}

// goroutineLeaks waits up to timeout for every goroutine that is not in
// before (and is not the server's or the test runner's) to end, and
// returns the stacks of those still running.
func goroutineLeaks(before map[string]string, timeout time.Duration) []string {
	deadline := time.Now().Add(timeout)
	for {
		var extra []string
		for id, g := range goroutines() {
			if _, old := before[id]; !old {
				extra = append(extra, g)
			}
		}
		if len(extra) == 0 || time.Now().After(deadline) {
			return extra
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// requestBodiesWhole checks the server's log: every PUT and POST carried
// a Content-Length and, unless cutOK allows it for that request (a
// deliberately dropped request, or one the client abandoned), exactly
// that many body bytes arrived. A request cut short must never have been
// accepted. want, when set, gives the full size a PutObject or UploadPart
// must declare (so a replay can never send an empty or short body).
func requestBodiesWhole(t testing.TB, reqs []costest.Request, cutOK func(costest.Request) bool, want func(costest.Request) (int64, bool)) {
	t.Helper()
	for i, r := range reqs {
		if r.Method != http.MethodPut && r.Method != http.MethodPost {
			continue
		}
		cl := r.Header.Get("Content-Length")
		if cl == "" {
			if r.BodySize > 0 {
				t.Errorf("request %d (%s %s): %d body bytes without Content-Length", i, r.Op, r.Key, r.BodySize)
			}
			continue
		}
		n, err := strconv.ParseInt(cl, 10, 64)
		if err != nil {
			t.Errorf("request %d (%s): bad Content-Length %q", i, r.Op, cl)
			continue
		}
		if want != nil {
			if w, ok := want(r); ok && n != w {
				t.Errorf("request %d (%s %s %v): Content-Length %d, want the whole body of %d bytes", i, r.Op, r.Key, r.Query, n, w)
			}
		}
		if r.BodySize == n {
			continue
		}
		if r.Status >= 200 && r.Status < 300 {
			t.Errorf("request %d (%s %s): accepted with %d of %d body bytes", i, r.Op, r.Key, r.BodySize, n)
		}
		if cutOK == nil || !cutOK(r) {
			t.Errorf("request %d (%s %s, fault %v, status %d): body %d bytes, Content-Length %d", i, r.Op, r.Key, r.Fault, r.Status, r.BodySize, n)
		}
	}
}

// dirNames lists a directory's entries, sorted.
func dirNames(t testing.TB, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// secretsIn returns the secrets of list that occur in s.
func secretsIn(s string, list []string) []string {
	var found []string
	for _, x := range list {
		if x != "" && strings.Contains(s, x) {
			found = append(found, x)
		}
	}
	return found
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers (slog
// handlers write from many goroutines).
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// ctxTimeout is a context with a deadline that is cancelled at cleanup.
func ctxTimeout(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
