package ctxsleep

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSleep(t *testing.T) {
	t.Parallel()
	require.NoError(t, Sleep(context.Background(), time.Millisecond))
	require.NoError(t, Sleep(context.Background(), 0))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, Sleep(ctx, 0), context.Canceled, "d <= 0 still reports a cancelled caller")
	require.ErrorIs(t, Sleep(ctx, -time.Second), context.Canceled)
	require.ErrorIs(t, Sleep(ctx, time.Hour), context.Canceled, "an hour's sleep ends with the context")
}
