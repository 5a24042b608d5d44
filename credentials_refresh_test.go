package cos

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCredentialsCacheFailedRefreshFailsWaiters is a regression test: when
// a refresh fails, the callers that waited for it got the stale cached
// credentials while the caller that ran it got the error, so requests
// went out signed with stale keys (found by internal/reliability's STS
// test). Every caller must see the error.
func TestCredentialsCacheFailedRefreshFailsWaiters(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	var fail atomic.Bool
	var calls atomic.Int32
	release := make(chan struct{})
	boom := errors.New("sts down")
	cache := NewCredentialsCache(CredentialsProviderFunc(func(context.Context) (Credentials, error) {
		if calls.Add(1) > 1 {
			<-release
		}
		if fail.Load() {
			return Credentials{}, boom
		}
		return Credentials{SecretID: "id", SecretKey: "k", Expires: clock().Add(time.Hour)}, nil
	}), 5*time.Minute)
	cache.now = clock
	_, err := cache.Credentials(context.Background())
	require.NoError(t, err)

	mu.Lock()
	now = now.Add(56 * time.Minute) // stale, not expired
	mu.Unlock()
	fail.Store(true)
	errs := make([]error, 20)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { _, errs[i] = cache.Credentials(context.Background()) })
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	for _, err := range errs {
		assert.ErrorIs(t, err, boom)
	}
}

// A caller whose own context is fine must not fail because another caller,
// whose fetch it was waiting for, had its context cancelled.
func TestCredentialsCacheWaiterNotFailedByOthersCancel(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	started := make(chan struct{})
	cache := NewCredentialsCache(CredentialsProviderFunc(func(ctx context.Context) (Credentials, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-ctx.Done() // the first fetch is cut by its caller's cancel
			return Credentials{}, ctx.Err()
		}
		return Credentials{SecretID: "id", SecretKey: "k"}, nil
	}), 0)

	ctxA, cancelA := context.WithCancel(context.Background())
	errA := make(chan error, 1)
	go func() { _, err := cache.Credentials(ctxA); errA <- err }()
	<-started

	errB := make(chan error, 1)
	go func() { _, err := cache.Credentials(context.Background()); errB <- err }()
	time.Sleep(20 * time.Millisecond) // B is now waiting on A's fetch
	cancelA()

	require.ErrorIs(t, <-errA, context.Canceled)
	select {
	case err := <-errB:
		require.NoError(t, err, "B's context was never cancelled")
	case <-time.After(5 * time.Second):
		t.Fatal("B hung")
	}
}
