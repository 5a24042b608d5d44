package cosblob

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
)

const mib = 1 << 20

// TestMain fails the package when an upload goroutine of a writer is
// still running after every test: Close must always wait for it.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := leftoverGoroutines("cosblob.(*writer)", 5*time.Second); leaked != "" {
			fmt.Fprintln(os.Stderr, "goroutines left running by cosblob writers:\n"+leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// leftoverGoroutines waits up to d for no goroutine stack to mention
// marker and returns the stacks that still do.
func leftoverGoroutines(marker string, d time.Duration) string {
	deadline := time.Now().Add(d)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		var bad []string
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, marker) && !strings.Contains(g, "TestMain") {
				bad = append(bad, g)
			}
		}
		if len(bad) == 0 || time.Now().After(deadline) {
			return strings.Join(bad, "\n\n")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// env is a costest server with one bucket, a client and a blob.Bucket
// opened on it.
type env struct {
	srv *costest.Server
	c   *cos.Client
	b   *blob.Bucket
}

func newEnv(t testing.TB, opts *Options, copts ...cos.Option) *env {
	t.Helper()
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(testBucket))
	id, key := srv.Credentials()
	base := []cos.Option{cos.WithEndpoint(srv.URL), cos.WithBucket(testBucket), cos.WithStaticCredentials(id, key, "")}
	c, err := cos.NewClient(append(base, copts...)...)
	require.NoError(t, err)
	b, err := OpenBucket(context.Background(), c, opts)
	require.NoError(t, err)
	t.Cleanup(func() { b.Close() })
	return &env{srv: srv, c: c, b: b}
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

// requests returns the logged requests with op.
func (e *env) requests(op costest.Op) []costest.Request {
	var out []costest.Request
	for _, r := range e.srv.Requests() {
		if r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

// data returns n reproducible bytes that differ per seed.
func data(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31+i/4099) ^ seed
	}
	return b
}
