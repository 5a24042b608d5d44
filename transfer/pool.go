package transfer

import (
	"context"
	"sync"
)

// bufferPool hands out part buffers to one upload. It never has more than
// max buffers out at once: Get blocks (until ctx ends) while all are in
// use, which is what bounds an upload's memory to max x size whatever the
// object's size. The buffers themselves come from a sync.Pool shared by the
// Uploader's calls, so back-to-back uploads reuse memory while an idle
// Uploader lets the garbage collector take it back.
type bufferPool struct {
	size    int
	shared  *sync.Pool
	free    chan *[]byte  // buffers returned by this upload
	permits chan struct{} // one token per buffer out of the shared pool

	mu        sync.Mutex
	inUse     int
	peak      int
	allocated int
}

func newBufferPool(size int64, max int, shared *sync.Pool) *bufferPool {
	return &bufferPool{
		size:    int(size),
		shared:  shared,
		free:    make(chan *[]byte, max),
		permits: make(chan struct{}, max),
	}
}

// Get returns a buffer of the pool's size, waiting while max are out.
func (p *bufferPool) Get(ctx context.Context) (*[]byte, error) {
	select {
	case b := <-p.free:
		p.track(1, false)
		return b, nil
	default:
	}
	select {
	case b := <-p.free:
		p.track(1, false)
		return b, nil
	case p.permits <- struct{}{}:
		var b *[]byte
		if p.shared != nil {
			b, _ = p.shared.Get().(*[]byte)
		}
		fresh := b == nil || cap(*b) < p.size
		if fresh {
			s := make([]byte, p.size)
			b = &s
		}
		*b = (*b)[:p.size]
		p.track(1, fresh)
		return b, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Put gives a buffer back. It never blocks: free holds as many buffers as
// there are permits.
func (p *bufferPool) Put(b *[]byte) {
	p.track(-1, false)
	p.free <- b
}

// Close returns this upload's idle buffers to the shared pool. Buffers
// still out (none, once every worker has been joined) are left to the GC.
func (p *bufferPool) Close() {
	for {
		select {
		case b := <-p.free:
			if p.shared != nil {
				p.shared.Put(b)
			}
		default:
			return
		}
	}
}

func (p *bufferPool) track(delta int, fresh bool) {
	p.mu.Lock()
	p.inUse += delta
	p.peak = max(p.peak, p.inUse)
	if fresh {
		p.allocated++
	}
	p.mu.Unlock()
}

// stats returns the most buffers ever out at once and how many were
// allocated (rather than reused from the shared pool).
func (p *bufferPool) stats() (peak, allocated int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak, p.allocated
}

// sharedPools keeps one sync.Pool per part size, since the part size of a
// call can be raised to fit MaxParts.
type sharedPools struct {
	mu    sync.Mutex
	pools map[int64]*sync.Pool
}

func (s *sharedPools) get(size int64) *sync.Pool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pools == nil {
		s.pools = map[int64]*sync.Pool{}
	}
	p := s.pools[size]
	if p == nil {
		p = &sync.Pool{}
		s.pools[size] = p
	}
	return p
}
