package cosblob

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

func TestReadContinuesCutBodyPinnedToETag(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	want := data(mib, 1)
	require.NoError(t, e.b.WriteAll(ctx, "cut", want, nil))
	for _, tc := range []struct {
		name           string
		offset, length int64
	}{{"whole", 0, -1}, {"range", 1000, 500000}} {
		e.srv.ResetRequests()
		e.srv.Inject(costest.Fault{Kind: costest.FaultTruncate, Op: costest.OpGetObject, Bytes: 100_000})
		r, err := e.b.NewRangeReader(ctx, "cut", tc.offset, tc.length, nil)
		require.NoError(t, err, tc.name)
		got, err := io.ReadAll(r)
		require.NoError(t, err, tc.name)
		require.NoError(t, r.Close())
		end := int64(len(want))
		if tc.length > 0 {
			end = tc.offset + tc.length
		}
		assert.True(t, bytes.Equal(want[tc.offset:end], got), "%s: bytes differ", tc.name)

		gets := e.requests(costest.OpGetObject)
		require.Len(t, gets, 2, tc.name)
		etag := gets[0].Header.Get("If-Match")
		assert.Empty(t, etag, "%s: the first GET is not conditional", tc.name)
		second := gets[1].Header
		assert.Equal(t, "bytes="+strconv.FormatInt(tc.offset+100_000, 10)+"-"+strconv.FormatInt(end-1, 10), second.Get("Range"), tc.name)
		a, err := e.b.Attributes(ctx, "cut")
		require.NoError(t, err)
		assert.Equal(t, a.ETag, second.Get("If-Match"), "%s: the continuation is pinned to the ETag", tc.name)
	}
}

func TestReadFailsWhenObjectChangesMidRead(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	require.NoError(t, e.b.WriteAll(ctx, "moving", data(mib, 1), nil))
	e.srv.Inject(costest.Fault{Kind: costest.FaultTruncate, Op: costest.OpGetObject, Bytes: 100_000})
	r, err := e.b.NewReader(ctx, "moving", nil)
	require.NoError(t, err)
	defer r.Close()
	head := make([]byte, 10)
	_, err = io.ReadFull(r, head)
	require.NoError(t, err)
	require.NoError(t, e.srv.PutObject(testBucket, "moving", data(mib, 2), nil))

	_, err = io.ReadAll(r)
	require.Error(t, err, "two versions must not be mixed")
	assert.Equal(t, gcerrors.FailedPrecondition, gcerrors.Code(err), "%v", err)
	assert.ErrorIs(t, err, cos.ErrPreconditionFailed)
}

// crcTamper rewrites the CRC64 header of GET answers, to play a body that
// differs from what COS stored.
type crcTamper struct{ base http.RoundTripper }

func (c crcTamper) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	if err == nil && req.Method == http.MethodGet && resp.Header.Get("x-cos-hash-crc64ecma") != "" {
		resp.Header.Set("x-cos-hash-crc64ecma", "12345")
	}
	return resp, err
}

func TestReadWholeObjectChecksCRC64(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil, cos.WithHTTPClient(&http.Client{Transport: crcTamper{http.DefaultTransport}}))
	ctx := context.Background()
	require.NoError(t, e.b.WriteAll(ctx, "k", []byte("hello world"), nil))
	_, err := e.b.ReadAll(ctx, "k")
	require.ErrorIs(t, err, cos.ErrChecksumMismatch)
	assert.Equal(t, gcerrors.Internal, gcerrors.Code(err))

	// A range has no whole-object CRC64 to compare with.
	r, err := e.b.NewRangeReader(ctx, "k", 6, -1, nil)
	require.NoError(t, err)
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Equal(t, "world", string(got))
	require.NoError(t, r.Close())
}

func TestReadAtAndPastTheEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	require.NoError(t, e.b.WriteAll(ctx, "five", []byte("12345"), &blob.WriterOptions{ContentType: "text/plain"}))

	r, err := e.b.NewRangeReader(ctx, "five", 5, -1, nil)
	require.NoError(t, err, "reading from the end gives an empty reader")
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	assert.Empty(t, got)
	assert.Equal(t, int64(5), r.Size())
	assert.Equal(t, "text/plain", r.ContentType())
	require.NoError(t, r.Close())

	_, err = e.b.NewRangeReader(ctx, "five", 6, -1, nil)
	require.Error(t, err)
	assert.Equal(t, gcerrors.InvalidArgument, gcerrors.Code(err), "%v", err)

	e.srv.ResetRequests()
	r, err = e.b.NewRangeReader(ctx, "five", 2, 0, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(5), r.Size())
	require.NoError(t, r.Close())
	assert.Equal(t, 1, e.count(costest.OpHeadObject), "a zero-length read is a HEAD")
	assert.Zero(t, e.count(costest.OpGetObject))
}

func TestDownloadAtIsConcurrentAndPinned(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	want := data(3*mib+7, 3)
	require.NoError(t, e.b.WriteAll(ctx, "dl", want, nil))
	e.srv.ResetRequests()

	f, err := os.Create(filepath.Join(t.TempDir(), "dl"))
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, e.b.Download(ctx, "dl", f, &blob.ReaderOptions{AllowParallelDownload: true, BufferSize: mib, MaxConcurrency: 2}))
	got, err := os.ReadFile(f.Name())
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "downloaded bytes differ")

	gets := e.requests(costest.OpGetObject)
	require.Len(t, gets, 4, "one ranged GET per MiB")
	a, err := e.b.Attributes(ctx, "dl")
	require.NoError(t, err)
	for _, g := range gets {
		assert.Equal(t, a.ETag, g.Header.Get("If-Match"))
		assert.NotEmpty(t, g.Header.Get("Range"))
	}
}

func TestDownloadAtEmptyAndMissing(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := context.Background()
	require.NoError(t, e.b.WriteAll(ctx, "empty", nil, nil))
	f, err := os.Create(filepath.Join(t.TempDir(), "f"))
	require.NoError(t, err)
	defer f.Close()
	opts := &blob.ReaderOptions{AllowParallelDownload: true}
	require.NoError(t, e.b.Download(ctx, "empty", f, opts))
	st, err := f.Stat()
	require.NoError(t, err)
	assert.Zero(t, st.Size())
	err = e.b.Download(ctx, "missing", f, opts)
	assert.Equal(t, gcerrors.NotFound, gcerrors.Code(err), "%v", err)
}

// rangeLoser drops Content-Range from answers, to play a server whose
// answer to a ranged GET does not say which bytes it holds.
type rangeLoser struct{ base http.RoundTripper }

func (rl rangeLoser) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := rl.base.RoundTrip(req)
	if err == nil {
		resp.Header.Del("Content-Range")
	}
	return resp, err
}

func TestReadRefusesWholeObjectForRange(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil, cos.WithHTTPClient(&http.Client{Transport: rangeLoser{http.DefaultTransport}}))
	ctx := context.Background()
	require.NoError(t, e.b.WriteAll(ctx, "k", []byte("0123456789"), nil))
	_, err := e.b.NewRangeReader(ctx, "k", 3, 2, nil)
	require.Error(t, err, "the wrong bytes must not be served")
	assert.Contains(t, err.Error(), "Content-Range")
}
