package transfer

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBufferPoolBlocksAtMax(t *testing.T) {
	t.Parallel()
	p := newBufferPool(1024, 2, &sync.Pool{})
	a, err := p.Get(context.Background())
	require.NoError(t, err)
	b, err := p.Get(context.Background())
	require.NoError(t, err)
	assert.Len(t, *a, 1024)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = p.Get(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded, "a third buffer must wait")

	p.Put(a)
	c, err := p.Get(context.Background())
	require.NoError(t, err)
	assert.Same(t, a, c, "a returned buffer is reused")
	p.Put(b)
	p.Put(c)
	peak, allocated := p.stats()
	assert.Equal(t, 2, peak)
	assert.Equal(t, 2, allocated)
	p.Close()
}

func TestGuardedBytesFailsAfterRelease(t *testing.T) {
	t.Parallel()
	g := &guardedBytes{b: []byte("hello world")}
	assert.Equal(t, 11, g.Len())
	got, err := io.ReadAll(io.NewSectionReader(g, 6, 5))
	require.NoError(t, err)
	assert.Equal(t, "world", string(got))
	buf := make([]byte, 5)
	n, err := g.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(buf[:n]))
	pos, err := g.Seek(0, io.SeekCurrent)
	require.NoError(t, err)
	assert.Equal(t, int64(5), pos)
	g.close()
	_, err = g.Read(buf)
	require.ErrorIs(t, err, errReleased)
	_, err = g.ReadAt(buf, 0)
	require.ErrorIs(t, err, errReleased)
}
