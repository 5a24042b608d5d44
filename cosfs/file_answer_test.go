package cosfs_test

import (
	"io"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/cosfs"
	"github.com/cosgo/cos/costest"
)

// TestReadsRefuseAnotherRangeOrVersion answers ranged GETs as a proxy that
// ignores Range or If-Match might: with another range, or with another
// ETag. Read and ReadAt fail with cos.ErrInvalidResponse instead of
// returning those bytes, and the next read, answered properly, works.
func TestReadsRefuseAnotherRangeOrVersion(t *testing.T) {
	t.Parallel()
	for _, kind := range []costest.FaultKind{costest.FaultWrongRange, costest.FaultForeignETag} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			srv, c := setup(t, cos.WithRetryer(cos.NoRetry))
			data := randomBytes(300_000, 9)
			put(t, srv, map[string][]byte{"f": data})
			f, err := cosfs.New(c).Open("f")
			require.NoError(t, err)
			defer f.Close()
			ra := f.(io.ReaderAt)

			srv.Inject(costest.Fault{Kind: kind, Op: costest.OpGetObject})
			buf := make([]byte, 100_000)
			_, err = ra.ReadAt(buf, 150_000)
			require.ErrorIs(t, err, cos.ErrInvalidResponse)
			var pe *fs.PathError
			require.ErrorAs(t, err, &pe)
			n, err := ra.ReadAt(buf, 150_000)
			require.NoError(t, err)
			assert.Equal(t, data[150_000:250_000], buf[:n])

			srv.Inject(costest.Fault{Kind: kind, Op: costest.OpGetObject})
			_, err = f.Read(make([]byte, 10))
			require.ErrorIs(t, err, cos.ErrInvalidResponse)
			head := make([]byte, 10)
			_, err = io.ReadFull(f, head)
			require.NoError(t, err)
			assert.Equal(t, data[:10], head)
		})
	}
}
