package cos

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A caller whose own context is fine must not fail because another caller,
// whose fetch it was waiting for, had its context cancelled.
func TestReviewCredentialsCacheWaiterNotFailedByOthersCancel(t *testing.T) {
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
