package cosfs_test

import (
	"io"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
)

const bucket = "cosfs-1250000000"

// setup starts a costest server with one bucket and returns a client for
// it; extra client options come after the defaults.
func setup(t *testing.T, opts ...cos.Option) (*costest.Server, *cos.Client) {
	t.Helper()
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(bucket))
	id, key := srv.Credentials()
	c, err := cos.NewClient(append([]cos.Option{
		cos.WithEndpoint(srv.URL), cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""),
	}, opts...)...)
	require.NoError(t, err)
	return srv, c
}

// put seeds objects directly in the store.
func put(t *testing.T, srv *costest.Server, objects map[string][]byte) {
	t.Helper()
	for k, v := range objects {
		require.NoError(t, srv.PutObject(bucket, k, v, nil), k)
	}
}

// randomBytes returns n deterministic pseudo-random bytes.
func randomBytes(n int, seed uint64) []byte {
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

// requests returns the logged requests of one operation.
func requests(srv *costest.Server, op costest.Op) []costest.Request {
	var out []costest.Request
	for _, r := range srv.Requests() {
		if r.Op == op {
			out = append(out, r)
		}
	}
	return out
}

// bodyCounter is a transport that counts response bodies not yet closed.
type bodyCounter struct {
	base http.RoundTripper
	open atomic.Int64
}

func (b *bodyCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := b.base.RoundTrip(req)
	if err == nil && resp.Body != nil {
		b.open.Add(1)
		resp.Body = &countedBody{ReadCloser: resp.Body, c: b}
	}
	return resp, err
}

type countedBody struct {
	io.ReadCloser
	c      *bodyCounter
	closed atomic.Bool
}

func (b *countedBody) Close() error {
	if !b.closed.Swap(true) {
		b.c.open.Add(-1)
	}
	return b.ReadCloser.Close()
}
