package transfer

import (
	"context"
	"sync"
)

// workerPool is the shape every transfer runs in: one producer goroutine emits
// jobs in order, conc worker goroutines process them, and the results are
// collected on the caller's goroutine. Collecting there is what lets
// progress callbacks and checkpoint writes run without locks and always on
// the same goroutine. The first error (from the producer, a worker or
// collect) cancels the rest, and is returned once every goroutine has
// ended: nothing outlives the call.
type workerPool[J any] struct {
	conc    int
	produce func(ctx context.Context, emit func(J) error) error
	work    func(ctx context.Context, job J) partResult
	// drop releases a job that was produced but will not be worked on.
	drop func(J)
	// collect handles one successful result.
	collect func(partResult) error
}

type message struct {
	res  partResult
	exit bool // a goroutine of the pool has finished
}

func (p *workerPool[J]) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan J)
	msgs := make(chan message, p.conc+1)
	var wg sync.WaitGroup
	wg.Go(func() {
		err := p.produce(ctx, func(j J) error {
			select {
			case jobs <- j:
				return nil
			case <-ctx.Done():
				if p.drop != nil {
					p.drop(j)
				}
				return ctx.Err()
			}
		})
		close(jobs)
		if err != nil {
			msgs <- message{res: partResult{err: err}}
		}
		msgs <- message{exit: true}
	})
	for range p.conc {
		wg.Go(func() {
			for j := range jobs {
				if err := ctx.Err(); err != nil {
					if p.drop != nil {
						p.drop(j)
					}
					msgs <- message{res: partResult{err: err}}
					continue
				}
				msgs <- message{res: p.work(ctx, j)}
			}
			msgs <- message{exit: true}
		})
	}
	var first firstError
	for live := p.conc + 1; live > 0; {
		m := <-msgs
		switch {
		case m.exit:
			live--
		case m.res.err != nil:
			if first.set(m.res.err) {
				cancel()
			}
		default:
			// A result that arrives after another failed is still
			// collected: a checkpoint keeps it for the next run.
			if err := p.collect(m.res); err != nil && first.set(err) {
				cancel()
			}
		}
	}
	wg.Wait() // every goroutine has sent its exit; this only reaps them
	return first.err
}
