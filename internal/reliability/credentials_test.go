package reliability

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stsProvider mimics an STS client: every call mints a new temporary key
// (a new SecretId, key and token), valid for lifetime. The first call of
// each generation waits at the gate so concurrent callers pile up.
type stsProvider struct {
	mu       sync.Mutex
	gate     chan struct{}
	lifetime time.Duration
	calls    atomic.Int32
	fail     atomic.Bool
	issued   time.Time // when the last key was minted (under mu)
}

var errSTSDown = errors.New("sts: service unavailable")

func stsGen(n int) (id, key, token string) {
	return fmt.Sprintf("AKIDsts%02d", n), fmt.Sprintf("stsKey%02d", n), fmt.Sprintf("stsToken%02d", n)
}

func (p *stsProvider) Credentials(ctx context.Context) (cos.Credentials, error) {
	n := int(p.calls.Add(1))
	p.mu.Lock()
	gate := p.gate
	p.mu.Unlock()
	select {
	case <-gate:
	case <-ctx.Done():
		return cos.Credentials{}, ctx.Err()
	}
	if p.fail.Load() {
		return cos.Credentials{}, errSTSDown
	}
	id, key, tok := stsGen(n)
	now := time.Now()
	p.mu.Lock()
	p.issued = now
	p.mu.Unlock()
	return cos.Credentials{SecretID: id, SecretKey: key, SessionToken: tok, Expires: now.Add(p.lifetime)}, nil
}

// lastIssued returns when the current key was minted.
func (p *stsProvider) lastIssued() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.issued
}

func (p *stsProvider) setGate(g chan struct{}) {
	p.mu.Lock()
	p.gate = g
	p.mu.Unlock()
}

// TestCredentialRefreshUnderLoad sends 100 concurrent real requests per
// phase through one client whose credentials come from an STS-like
// provider behind a CredentialsCache: one fetch per expiry however many
// callers, every request signed with the current generation, and when STS
// is down, errors instead of requests signed with stale or expired keys.
func TestCredentialRefreshUnderLoad(t *testing.T) {
	t.Parallel()
	const (
		callers       = 100
		refreshBefore = 500 * time.Millisecond
		lifetime      = refreshBefore + 2*time.Second // fresh for 2 s
	)
	var opts []costest.Option
	for n := 1; n <= 3; n++ {
		id, key, tok := stsGen(n)
		opts = append(opts, costest.WithTemporaryCredentials(id, key, tok, time.Time{}))
	}
	sts := &stsProvider{lifetime: lifetime}
	e := newEnv(t, opts, cos.WithCredentials(cos.NewCredentialsCache(sts, refreshBefore)))
	require.NoError(t, e.srv.PutObject(bucket, "shared.txt", []byte("shared"), nil))

	// phase runs callers concurrent calls once they have all started and
	// returns their errors.
	phase := func() []error {
		gate := make(chan struct{})
		sts.setGate(gate)
		var started sync.WaitGroup
		started.Add(callers)
		errs := make([]error, callers)
		var wg sync.WaitGroup
		ctx := ctxTimeout(t, 30*time.Second)
		for i := range callers {
			wg.Go(func() {
				started.Done()
				var err error
				switch i % 3 {
				case 0:
					_, _, err = e.c.Object.Put(ctx, fmt.Sprintf("k/%d", i), strings.NewReader("v"), nil)
				case 1:
					var resp *cos.Response
					if resp, err = e.c.Object.Get(ctx, "shared.txt", nil); err == nil {
						resp.Body.Close()
					}
				default:
					_, _, err = e.c.Object.Head(ctx, "shared.txt", nil)
				}
				errs[i] = err
			})
		}
		started.Wait()
		time.Sleep(20 * time.Millisecond) // let them reach the cache
		close(gate)
		wg.Wait()
		return errs
	}
	signedBy := func(gen int) {
		t.Helper()
		id, _, tok := stsGen(gen)
		reqs := e.srv.Requests()
		require.Len(t, reqs, callers)
		for _, r := range reqs {
			assert.Contains(t, r.Header.Get("Authorization"), "q-ak="+id+"&")
			assert.Equal(t, tok, r.Header.Get("x-cos-security-token"))
			assert.Less(t, r.Status, 300)
		}
		e.srv.ResetRequests()
	}

	for _, err := range phase() {
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, sts.calls.Load(), "one STS call for %d concurrent callers", callers)
	require.Less(t, time.Since(sts.lastIssued()), lifetime-refreshBefore, "phase 1 ran past the fresh window; the machine is too slow for this test")
	signedBy(1)

	// Into the refresh window: exactly one more fetch, new keys everywhere.
	time.Sleep(time.Until(sts.lastIssued().Add(lifetime - refreshBefore + 50*time.Millisecond)))
	for _, err := range phase() {
		require.NoError(t, err)
	}
	require.EqualValues(t, 2, sts.calls.Load(), "one STS call per expiry")
	signedBy(2)

	// STS goes down while the keys are in their refresh window: the
	// refresh fails for every caller, the one that ran it and the ones
	// that waited for it, and nothing is signed with the stale keys.
	sts.fail.Store(true)
	issued := sts.lastIssued()
	time.Sleep(time.Until(issued.Add(lifetime - refreshBefore + 50*time.Millisecond)))
	calls := sts.calls.Load()
	for _, err := range phase() {
		require.Error(t, err)
		assert.ErrorIs(t, err, errSTSDown)
	}
	assert.Empty(t, e.srv.Requests(), "no request may carry stale keys after a failed refresh")
	assert.Greater(t, sts.calls.Load(), calls, "the refresh was attempted")

	// And once they have expired.
	time.Sleep(time.Until(issued.Add(lifetime + 50*time.Millisecond)))
	for _, err := range phase() {
		require.Error(t, err)
		assert.ErrorIs(t, err, errSTSDown)
	}
	assert.Empty(t, e.srv.Requests(), "no request may carry expired keys")
}
