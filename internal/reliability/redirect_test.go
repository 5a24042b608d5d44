package reliability

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// foreignHost records every request that reaches it: a redirect target
// that must never see one.
type foreignHost struct {
	mu   sync.Mutex
	seen []string
}

func (f *foreignHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.seen = append(f.seen, r.Method+" "+r.URL.String()+" token="+r.Header.Get("x-cos-security-token")+" body="+string(body))
	f.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (f *foreignHost) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.seen...)
}

// TestRedirectsRefused checks issue 24's problem 11: with the user's own
// http.Client (which follows redirects) as with the default one, a 3xx to
// another host is never followed: no request, token or body reaches that
// host, the call fails with a *ServiceError matching ErrInvalidResponse
// that names the Location (its signature redacted), and the user's client
// is not modified.
func TestRedirectsRefused(t *testing.T) {
	t.Parallel()
	foreign := &foreignHost{}
	elsewhere := newHTTPServer(t, foreign) + "/stolen?x-cos-security-token=" + tmpToken + "&q-signature=abc123"
	srv := costest.NewServer(costest.WithTemporaryCredentials(tmpSecretID, tmpSecretKey, tmpToken, time.Time{}))
	t.Cleanup(srv.Close)
	require.NoError(t, srv.CreateBucket(bucket))
	require.NoError(t, srv.PutObject(bucket, "k", []byte("data"), nil))

	userTransport := newTransport()
	t.Cleanup(userTransport.CloseIdleConnections)
	userClient := &http.Client{Transport: userTransport} // follows redirects, as http.Client does
	base := []cos.Option{cos.WithEndpoint(srv.URL), cos.WithRegion(srv.Region()), cos.WithBucket(bucket),
		cos.WithStaticCredentials(tmpSecretID, tmpSecretKey, tmpToken), cos.WithRetryer(fastRetryer())}
	clients := map[string][]cos.Option{
		"user http.Client": {cos.WithHTTPClient(userClient)},
		"default client":   nil,
	}
	calls := map[string]func(c *cos.Client) error{
		"Put": func(c *cos.Client) error {
			_, _, err := c.Object.Put(ctxTimeout(t, 30*time.Second), "k", bytes.NewReader([]byte("secret body")), nil)
			return err
		},
		"Get": func(c *cos.Client) error {
			resp, err := c.Object.Get(ctxTimeout(t, 30*time.Second), "k", nil)
			if err == nil {
				resp.Body.Close()
			}
			return err
		},
		"Head": func(c *cos.Client) error {
			_, _, err := c.Object.Head(ctxTimeout(t, 30*time.Second), "k", nil)
			return err
		},
		"ListObjects": func(c *cos.Client) error {
			_, _, err := c.Bucket.ListObjects(ctxTimeout(t, 30*time.Second), nil)
			return err
		},
	}
	ops := map[string]costest.Op{"Put": costest.OpPutObject, "Get": costest.OpGetObject, "Head": costest.OpHeadObject, "ListObjects": costest.OpListObjects}
	for cname, extra := range clients {
		c, err := cos.NewClient(append(append([]cos.Option{}, base...), extra...)...)
		require.NoError(t, err)
		for name, call := range calls {
			for _, status := range []int{301, 302, 303, 307, 308} {
				before := len(srv.Requests())
				srv.Inject(costest.Fault{Kind: costest.FaultRedirect, Op: ops[name], Status: status, Location: elsewhere})
				err := call(c)
				require.Error(t, err, "%s %s %d", cname, name, status)
				assert.ErrorIs(t, err, cos.ErrInvalidResponse, "%s %s %d", cname, name, status)
				var se *cos.ServiceError
				if assert.ErrorAs(t, err, &se) {
					assert.Equal(t, status, se.StatusCode)
					assert.Contains(t, se.Header.Get("Location"), "/stolen?")
					assert.NotContains(t, se.Header.Get("Location"), tmpToken, "the token is redacted from the header too")
				}
				assert.Contains(t, err.Error(), "redirect to http://127.0.0.1", "the message names the Location")
				assert.NotContains(t, err.Error(), tmpToken)
				assert.NotContains(t, err.Error(), "abc123")
				assert.Len(t, srv.Requests(), before+1, "%s %s %d: a redirect is not retried", cname, name, status)
			}
		}
	}
	assert.Empty(t, foreign.requests(), "nothing reached the other host")
	assert.Nil(t, userClient.CheckRedirect, "the user's client is not modified")
}
