package cos

import (
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
)

// TestStandardRetryerRandConcurrent is a regression test: a retryer with a
// fixed Rand is shared by every goroutine using the Client, and *rand.Rand
// is not safe for concurrent use (-race reported it from
// internal/reliability's 64-goroutine test).
func TestStandardRetryerRandConcurrent(t *testing.T) {
	t.Parallel()
	r := &StandardRetryer{Attempts: 3, BaseDelay: time.Millisecond, MaxBackoff: 10 * time.Millisecond, Rand: rand.New(rand.NewPCG(1, 2))}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range 100 {
				if d := r.RetryDelay(1+i%3, errors.New("x")); d < 0 || d > 10*time.Millisecond {
					t.Errorf("delay %v out of range", d)
				}
			}
		})
	}
	wg.Wait()
}
