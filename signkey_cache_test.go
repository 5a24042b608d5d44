package cos

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wantSignKey is hex(HMAC-SHA1(secretKey, "start;end")) by crypto/hmac.
func wantSignKey(secretKey string, start, end int64) string {
	var dst [40]byte
	refHMACSHA1Hex(dst[:], []byte(secretKey), []byte(strconv.FormatInt(start, 10)+";"+strconv.FormatInt(end, 10)))
	return string(dst[:])
}

func keyFor(secretKey string, start, end int64) string {
	kt := strconv.FormatInt(start, 10) + ";" + strconv.FormatInt(end, 10)
	k := signingKey(secretKey, start, end, []byte(kt))
	return string(k[:])
}

// TestSigningKeyNeverMixesCredentials derives keys for more secrets than
// the cache has slots, so that several share a slot, all in one window,
// interleaved from concurrent goroutines (run with -race): every answer is
// the key of the secret asked for, and so is every full signature.
func TestSigningKeyNeverMixesCredentials(t *testing.T) {
	const start, end = 1700000000, 1700003600
	secrets := make([]string, 4*len(signKeyCache))
	want := make([]string, len(secrets))
	for i := range secrets {
		secrets[i] = fmt.Sprintf("secret-%02d", i)
		want[i] = wantSignKey(secrets[i], start, end)
	}
	q := url.Values{"uploadId": {"u"}}
	h := http.Header{"Content-Type": {"text/plain"}}
	st, en := time.Unix(start, 0), time.Unix(end, 0)

	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Go(func() {
			for n := range 300 {
				i := (g + n*(g+1)) % len(secrets)
				if got := keyFor(secrets[i], start, end); got != want[i] {
					errs <- fmt.Sprintf("secret %d: key %s, want %s", i, got, want[i])
					return
				}
				cred := Credentials{SecretID: "AKID", SecretKey: secrets[i]}
				if got, ref := Authorization(cred, "PUT", "/k", q, h, st, en), authorizationRef(cred, "PUT", "/k", q, h, st, en); got != ref {
					errs <- fmt.Sprintf("secret %d: signature %s, want %s", i, got, ref)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestSigningKeyNewWindow: a new window (either end) gives that window's
// key, and going back gives the old one again.
func TestSigningKeyNewWindow(t *testing.T) {
	const secret = "window-secret"
	a := keyFor(secret, 1700000000, 1700003600)
	b := keyFor(secret, 1700000001, 1700003601)
	c := keyFor(secret, 1700000001, 1700003602)
	assert.Equal(t, wantSignKey(secret, 1700000000, 1700003600), a)
	assert.Equal(t, wantSignKey(secret, 1700000001, 1700003601), b)
	assert.Equal(t, wantSignKey(secret, 1700000001, 1700003602), c)
	assert.NotEqual(t, a, b)
	assert.NotEqual(t, b, c)
	assert.Equal(t, a, keyFor(secret, 1700000000, 1700003600))
	// Same window, another secret of the same length: its own key.
	assert.Equal(t, wantSignKey("window-secreu", 1700000000, 1700003600), keyFor("window-secreu", 1700000000, 1700003600))
}

// TestSigningKeyReused: signing twice in one window derives the key once;
// the second call answers from the entry the first one published.
func TestSigningKeyReused(t *testing.T) {
	const secret, start, end = "reuse-secret", 1800000000, 1800003600
	cred := Credentials{SecretID: "AKID", SecretKey: secret}
	first := Authorization(cred, "GET", "/", nil, nil, time.Unix(start, 0), time.Unix(end, 0))
	e := findEntry(secret, start, end)
	require.NotNil(t, e, "no cache entry after signing")
	assert.Equal(t, wantSignKey(secret, start, end), string(e.key[:]))
	second := Authorization(cred, "GET", "/", nil, nil, time.Unix(start, 0), time.Unix(end, 0))
	assert.Equal(t, first, second)
	assert.Same(t, e, findEntry(secret, start, end), "the second signature derived the key again")
}

// findEntry returns the cached entry for secret and window, if any. Tests
// that run in parallel may evict it, so this test runs alone.
func findEntry(secret string, start, end int64) *signKeyEntry {
	for i := range signKeyCache {
		if e := signKeyCache[i].Load(); e != nil && e.secretKey == secret && e.start == start && e.end == end {
			return e
		}
	}
	return nil
}
