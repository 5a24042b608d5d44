package cos

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCredentialsCacheRefreshesOnceUnderLoad(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	release := make(chan struct{})
	p := CredentialsProviderFunc(func(ctx context.Context) (Credentials, error) {
		n := calls.Add(1)
		<-release // hold every caller at the gate while the others pile up
		return Credentials{SecretID: "AKIDsts", SecretKey: "k", SessionToken: "tok" + string(rune('0'+n)), Expires: clock().Add(time.Hour)}, nil
	})
	cache := NewCredentialsCache(p, 5*time.Minute)
	cache.now = clock

	run := func(n int) []Credentials {
		out := make([]Credentials, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				c, err := cache.Credentials(context.Background())
				assert.NoError(t, err)
				out[i] = c
			})
		}
		time.Sleep(20 * time.Millisecond)
		close(release)
		wg.Wait()
		return out
	}
	first := run(50)
	assert.EqualValues(t, 1, calls.Load(), "one fetch for 50 concurrent callers")
	for _, c := range first {
		assert.Equal(t, "tok1", c.SessionToken)
	}
	// Still fresh: no fetch.
	_, err := cache.Credentials(context.Background())
	require.NoError(t, err)
	assert.EqualValues(t, 1, calls.Load())

	// Inside the refresh window: exactly one more fetch for 100 callers.
	mu.Lock()
	now = now.Add(56 * time.Minute)
	mu.Unlock()
	release = make(chan struct{})
	second := run(100)
	assert.EqualValues(t, 2, calls.Load())
	for _, c := range second {
		assert.Equal(t, "tok2", c.SessionToken)
	}
}

func TestCredentialsCacheError(t *testing.T) {
	t.Parallel()
	boom := errors.New("sts down")
	cache := NewCredentialsCache(CredentialsProviderFunc(func(context.Context) (Credentials, error) {
		return Credentials{}, boom
	}), 0)
	_, err := cache.Credentials(context.Background())
	require.ErrorIs(t, err, boom)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	blocked := NewCredentialsCache(CredentialsProviderFunc(func(ctx context.Context) (Credentials, error) {
		<-ctx.Done()
		return Credentials{}, ctx.Err()
	}), 0)
	_, err = blocked.Credentials(ctx)
	require.ErrorIs(t, err, context.Canceled)
}

func TestEnvCredentials(t *testing.T) {
	t.Setenv("COS_SECRET_ID", "AKIDenv")
	t.Setenv("COS_SECRET_KEY", "envkey")
	t.Setenv("COS_SESSION_TOKEN", "envtok")
	c, err := EnvCredentials().Credentials(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{SecretID: "AKIDenv", SecretKey: "envkey", SessionToken: "envtok"}, c)
	t.Setenv("COS_SECRET_KEY", "")
	_, err = EnvCredentials().Credentials(context.Background())
	require.ErrorIs(t, err, ErrNoCredentials)
}

func TestProviderErrorReachesCaller(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	boom := errors.New("no creds today")
	c := rec.client(t, WithCredentials(CredentialsProviderFunc(func(context.Context) (Credentials, error) { return Credentials{}, boom })))
	_, err := c.do(context.Background(), &op{name: "HeadBucket", method: http.MethodHead, idempotent: true})
	require.ErrorIs(t, err, boom)
	assert.Empty(t, rec.requests())
}

// TestLogsCarryNoSecrets signs requests with a session token at debug
// level, fails some so errors are logged too, and scans every line.
func TestLogsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	const secret, token = "SUPERsecretKEY123", "SESSIONtokenXYZ789"
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&buf, &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var sigs []string
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		mu.Lock()
		sigs = append(sigs, signFields(r.Header.Get("Authorization"))["q-signature"])
		mu.Unlock()
		if n == 1 {
			writeXML(w, 500, errorXML("InternalError", "retry me"))
			return
		}
		writeXML(w, 403, errorXML("SignatureDoesNotMatch", "nope"))
	})
	c, err := NewClient(WithEndpoint(rec.srv.URL), WithBucket(testBucket), WithStaticCredentials("AKIDlogs", secret, token),
		WithLogger(logger), WithRetryer(fastRetryer()))
	require.NoError(t, err)
	_, err = c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true})
	require.Error(t, err)
	reqs := rec.requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, token, reqs[0].Header.Get("x-cos-security-token"))
	assert.Contains(t, reqs[0].Header.Get("Authorization"), "x-cos-security-token", "the token is signed")
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	require.Contains(t, out, "level=DEBUG")
	require.Contains(t, out, "level=WARN")
	assert.Contains(t, out, "request_id=")
	for _, bad := range append([]string{secret, token, "q-signature", "Authorization"}, sigs...) {
		assert.NotContains(t, out, bad)
		assert.NotContains(t, err.Error(), bad)
	}
	assert.False(t, strings.Contains(Credentials{SecretKey: secret, SessionToken: token}.String(), secret))
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestErrorBodyRedactsSessionToken(t *testing.T) {
	t.Parallel()
	const token = "TOKEN/with+chars=="
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 403, `<Error><Code>SignatureDoesNotMatch</Code><Message>m</Message><FormatString>host=h&amp;x-cos-security-token=`+
			escapeSign(token)+`</FormatString><Echo>`+token+`</Echo></Error>`)
	})
	c := rec.client(t, WithStaticCredentials(testID, testKey, token))
	_, err := c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k", idempotent: true})
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "SignatureDoesNotMatch", se.Code)
	assert.NotContains(t, string(se.Body), token)
	assert.NotContains(t, string(se.Body), escapeSign(token))
	assert.Contains(t, string(se.Body), "[REDACTED]")
}
