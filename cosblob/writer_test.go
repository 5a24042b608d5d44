package cosblob

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"strings"
	"testing"

	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gocloud.dev/blob"
	"gocloud.dev/blob/driver"
	"gocloud.dev/gcerrors"
)

// writeChunks writes p through a blob writer in 64 KiB chunks, as a
// program streaming its output would.
func writeChunks(t *testing.T, w *blob.Writer, p []byte) {
	t.Helper()
	for len(p) > 0 {
		n := min(len(p), 64<<10)
		_, err := w.Write(p[:n])
		require.NoError(t, err)
		p = p[n:]
	}
}

func TestWriteSmallIsOnePut(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &Options{PartSize: mib})
	require.NoError(t, e.b.WriteAll(context.Background(), "small.txt", []byte("hello"), nil))
	assert.Equal(t, 1, e.count(costest.OpPutObject))
	assert.Zero(t, e.count(costest.OpInitiateMultipartUpload))
	got, ok := e.srv.Object(testBucket, "small.txt")
	require.True(t, ok)
	assert.Equal(t, "hello", string(got))
}

func TestWriteLargeStreamsMultipart(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &Options{PartSize: mib, Concurrency: 2})
	ctx := context.Background()
	want := data(3*mib+mib/2, 1)
	w, err := e.b.NewWriter(ctx, "big.bin", &blob.WriterOptions{ContentType: "application/x-test", Metadata: map[string]string{"owner": "me", "empty": ""}})
	require.NoError(t, err)
	writeChunks(t, w, want)
	require.NoError(t, w.Close())

	assert.Zero(t, e.count(costest.OpPutObject))
	assert.Equal(t, 1, e.count(costest.OpInitiateMultipartUpload))
	assert.Equal(t, 4, e.count(costest.OpUploadPart))
	got, ok := e.srv.Object(testBucket, "big.bin")
	require.True(t, ok)
	assert.True(t, bytes.Equal(want, got), "stored bytes differ")

	a, err := e.b.Attributes(ctx, "big.bin")
	require.NoError(t, err)
	assert.Nil(t, a.MD5, "a multipart ETag is not an MD5")
	assert.True(t, strings.HasSuffix(a.ETag, `-4"`), a.ETag)
	assert.Equal(t, "application/x-test", a.ContentType)
	assert.Equal(t, map[string]string{"owner": "me", "empty": ""}, a.Metadata, "an empty value survives")
	assert.Equal(t, int64(len(want)), a.Size)
}

func TestWriteBufferSizeSetsPartSize(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil) // the default part size would take 3 MiB in one PUT
	w, err := e.b.NewWriter(context.Background(), "k", &blob.WriterOptions{ContentType: "text/plain", BufferSize: mib, MaxConcurrency: 1})
	require.NoError(t, err)
	writeChunks(t, w, data(3*mib, 2))
	require.NoError(t, w.Close())
	assert.Equal(t, 3, e.count(costest.OpUploadPart))
}

func TestWriteCancelMidMultipartLeavesNothing(t *testing.T) {
	t.Parallel()
	for _, existed := range []bool{false, true} {
		t.Run(map[bool]string{false: "new", true: "existing"}[existed], func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, &Options{PartSize: mib, Concurrency: 1})
			if existed {
				require.NoError(t, e.b.WriteAll(context.Background(), "k", []byte("old"), nil))
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			w, err := e.b.NewWriter(ctx, "k", &blob.WriterOptions{ContentType: "text/plain"})
			require.NoError(t, err)
			writeChunks(t, w, data(2*mib+10, 3)) // the first parts are on the server
			cancel()
			err = w.Close()
			require.Error(t, err)
			assert.Equal(t, gcerrors.Canceled, gcerrors.Code(err), "%v", err)

			assert.GreaterOrEqual(t, e.count(costest.OpUploadPart), 1, "the test must cancel mid-upload")
			assert.Zero(t, e.count(costest.OpCompleteMultipartUpload))
			assert.Empty(t, e.srv.MultipartUploads(testBucket), "the multipart upload is aborted")
			got, ok := e.srv.Object(testBucket, "k")
			assert.Equal(t, existed, ok)
			if existed {
				assert.Equal(t, "old", string(got))
			}
		})
	}
}

func TestWriteContentMD5MismatchStoresNothing(t *testing.T) {
	t.Parallel()
	// Through the driver directly: its own check, at the end of the
	// stream, must stop the upload before Complete.
	e := newEnv(t, &Options{PartSize: mib})
	drv, err := openBucket(e.c, &Options{PartSize: mib})
	require.NoError(t, err)
	wrong := md5.Sum([]byte("something else"))
	for _, size := range []int{100, 3 * mib} {
		w, err := drv.NewTypedWriter(context.Background(), "md5", "text/plain", &driver.WriterOptions{ContentMD5: wrong[:]})
		require.NoError(t, err)
		_, err = w.Write(data(size, 4))
		require.NoError(t, err)
		err = w.Close()
		require.ErrorIs(t, err, errContentMD5)
		assert.Equal(t, gcerrors.FailedPrecondition, errorCode(err))
		_, ok := e.srv.Object(testBucket, "md5")
		assert.False(t, ok, "size %d: nothing stored", size)
		assert.Empty(t, e.srv.MultipartUploads(testBucket))
	}
	assert.Zero(t, e.count(costest.OpPutObject))
	assert.Zero(t, e.count(costest.OpCompleteMultipartUpload))

	// And a matching sum stores the object.
	good := data(3*mib, 4)
	sum := md5.Sum(good)
	w, err := drv.NewTypedWriter(context.Background(), "md5", "text/plain", &driver.WriterOptions{ContentMD5: sum[:]})
	require.NoError(t, err)
	_, err = w.Write(good)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	got, ok := e.srv.Object(testBucket, "md5")
	require.True(t, ok)
	assert.True(t, bytes.Equal(good, got))
}

func TestWriteIfNotExistRefusesLargeOverwrite(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &Options{PartSize: mib})
	ctx := context.Background()
	require.NoError(t, e.b.WriteAll(ctx, "k", []byte("first"), nil))
	w, err := e.b.NewWriter(ctx, "k", &blob.WriterOptions{ContentType: "text/plain", IfNotExist: true})
	require.NoError(t, err)
	writeChunks(t, w, data(3*mib, 5))
	err = w.Close()
	require.Error(t, err)
	assert.Equal(t, gcerrors.FailedPrecondition, gcerrors.Code(err), "%v", err)
	got, _ := e.srv.Object(testBucket, "k")
	assert.Equal(t, "first", string(got))
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
	var ue *transfer.UploadError
	assert.True(t, e.b.ErrorAs(err, &ue), "a refused multipart write exposes *transfer.UploadError")
}

func TestUploadReadsReaderAtInPlace(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &Options{PartSize: mib, Concurrency: 3})
	want := data(5*mib, 6)
	require.NoError(t, e.b.Upload(context.Background(), "up", bytes.NewReader(want), &blob.WriterOptions{ContentType: "text/plain"}))
	assert.Equal(t, 5, e.count(costest.OpUploadPart))
	got, ok := e.srv.Object(testBucket, "up")
	require.True(t, ok)
	assert.True(t, bytes.Equal(want, got))
}

func TestWriteFailureReachesWriteAndClose(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &Options{PartSize: mib, Concurrency: 1})
	e.srv.Inject(costest.Fault{Op: costest.OpInitiateMultipartUpload, Status: 403, Code: "AccessDenied"})
	w, err := e.b.NewWriter(context.Background(), "denied", &blob.WriterOptions{ContentType: "text/plain"})
	require.NoError(t, err)
	var werr error
	for i := 0; i < 64 && werr == nil; i++ { // 4 MiB at most: the upload fails after one part
		_, werr = w.Write(data(64<<10, 7))
	}
	require.Error(t, werr, "a Write after the upload failed must fail")
	err = w.Close()
	require.Error(t, err)
	assert.Equal(t, gcerrors.PermissionDenied, gcerrors.Code(err), "%v", err)
	assert.False(t, errors.Is(err, errContentMD5))
}
