// Package ctxsleep is the one context-aware sleep shared by the cos retry
// loop and transfer's range retries.
package ctxsleep

import (
	"context"
	"time"
)

// Sleep waits d or until ctx ends, on a timer (never time.Sleep, which a
// cancelled caller could not interrupt). It returns ctx.Err() when ctx
// ended first, nil otherwise. A d <= 0 does not wait: it returns
// ctx.Err(), so a cancelled caller still stops at once.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
