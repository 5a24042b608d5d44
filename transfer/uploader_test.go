package transfer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUploadRoundTrip(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		name string
		wrap func([]byte) (io.Reader, *UploadOptions)
	}{
		{"readerAt", func(b []byte) (io.Reader, *UploadOptions) { return bytes.NewReader(b), nil }},
		{"seekOnly", func(b []byte) (io.Reader, *UploadOptions) { return seekOnly{bytes.NewReader(b)}, nil }},
		{"lenOnly", func(b []byte) (io.Reader, *UploadOptions) { return bytes.NewBuffer(b), nil }},
		{"stream", func(b []byte) (io.Reader, *UploadOptions) { return streamOnly{bytes.NewReader(b)}, nil }},
		{"streamWithSize", func(b []byte) (io.Reader, *UploadOptions) {
			return streamOnly{bytes.NewReader(b)}, &UploadOptions{Size: int64(len(b))}
		}},
	}
	sizes := []struct {
		name  string
		size  int
		parts int
	}{
		{"empty", 0, 0},
		{"tiny", 10, 0},
		{"exactlyThreshold", mib, 0},
		{"thresholdPlusOne", mib + 1, 2},
		{"fewParts", 3*mib + mib/2, 4},
		{"wholeParts", 3 * mib, 3},
	}
	e := newEnv(t)
	u := NewUploader(e.c, WithPartSize(mib), WithConcurrency(3))
	for _, k := range kinds {
		for _, s := range sizes {
			t.Run(k.name+"/"+s.name, func(t *testing.T) {
				t.Parallel()
				data := randomBytes(s.size, uint64(s.size))
				key := "rt/" + k.name + "/" + s.name
				r, opt := k.wrap(data)
				res, err := u.Upload(context.Background(), key, r, opt)
				require.NoError(t, err)
				assert.Equal(t, key, res.Key)
				assert.Equal(t, int64(s.size), res.Size)
				assert.Equal(t, s.parts, res.Parts)
				assert.Equal(t, crcOf(data), res.CRC64)
				assert.NotEmpty(t, res.ETag)
				if s.parts > 0 {
					assert.True(t, strings.HasSuffix(res.ETag, "-"+strconv.Itoa(s.parts)), res.ETag)
					assert.NotEmpty(t, res.UploadID)
				}
				assert.True(t, bytes.Equal(data, e.stored(t, key)), "stored bytes differ")
			})
		}
	}
	t.Cleanup(func() { assert.Empty(t, e.srv.MultipartUploads(testBucket)) })
}

func TestUploadReaderAtKeepsOffsetAndStartsAtIt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(3*mib, 7)
	r := bytes.NewReader(data)
	_, err := r.Seek(mib/2, io.SeekStart)
	require.NoError(t, err)
	res, err := NewUploader(e.c, WithPartSize(mib)).Upload(context.Background(), "offset", r, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)-mib/2), res.Size)
	assert.Equal(t, data[mib/2:], e.stored(t, "offset"))
	assert.Equal(t, int64(len(data)-mib/2), int64(r.Len()), "ReadAt parts must not move the reader")
}

func TestUploadStreamMemoryBound(t *testing.T) {
	t.Parallel()
	for _, conc := range []int{1, 2, 3} {
		t.Run("concurrency="+strconv.Itoa(conc), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			// Slow parts keep the workers busy, so the producer fills
			// every buffer it may and then has to wait for one.
			e.srv.Inject(costest.Fault{Kind: costest.FaultDelay, Op: costest.OpUploadPart, Delay: 20 * time.Millisecond, Times: -1})
			var peak, allocated int
			hooks := &testHooks{poolDone: func(p, a int) { peak, allocated = p, a }}
			u := NewUploader(e.c, WithPartSize(mib), WithConcurrency(conc), withHooks(hooks))
			data := randomBytes(12*mib+5, 3)
			res, err := u.Upload(context.Background(), "bounded", streamOnly{bytes.NewReader(data)}, nil)
			require.NoError(t, err)
			assert.Equal(t, 13, res.Parts)
			// One buffer per worker; with one worker, a second so the next
			// part is read while the last is sent.
			want := max(conc, 2)
			assert.Equal(t, want, peak, "the producer should use, and never exceed, max(concurrency, 2) buffers")
			assert.LessOrEqual(t, allocated, want)
			assert.Equal(t, data, e.stored(t, "bounded"))
		})
	}
}

func TestUploadTinyStreamTakesNoPartBuffer(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	called := false
	u := NewUploader(e.c, withHooks(&testHooks{poolDone: func(int, int) { called = true }}))
	res, err := u.Upload(context.Background(), "tiny", streamOnly{strings.NewReader("hello")}, nil)
	require.NoError(t, err)
	assert.Equal(t, uint64(11177612005948864433), res.CRC64)
	assert.False(t, called, "a 5-byte stream must not take a part buffer")
}

func TestUploadCancelAbortsAndLeavesNoGoroutines(t *testing.T) {
	// Not parallel: it counts goroutines.
	e := newEnv(t)
	e.srv.Inject(costest.Fault{Kind: costest.FaultDelay, Op: costest.OpUploadPart, Delay: 50 * time.Millisecond, Times: -1})
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	parts := 0
	u := NewUploader(e.c, WithPartSize(mib), WithConcurrency(3), WithProgress(func(p Progress) {
		if p.Parts > 0 && parts == 0 {
			cancel() // after the first confirmed part
		}
		parts = p.Parts
	}))
	data := randomBytes(10*mib, 11)
	_, err := u.Upload(ctx, "cancelled", streamOnly{bytes.NewReader(data)}, nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	var ue *UploadError
	require.ErrorAs(t, err, &ue)
	assert.NotEmpty(t, ue.UploadID)
	assert.False(t, ue.Kept)
	assert.Empty(t, e.srv.MultipartUploads(testBucket), "the upload must be aborted")
	assert.Equal(t, 1, e.count(costest.OpAbortMultipartUpload))
	_, ok := e.srv.Object(testBucket, "cancelled")
	assert.False(t, ok)
	e.srv.Close()
	assert.Empty(t, settleGoroutines(func(s string) bool {
		return strings.Contains(s, "cosgo/cos/transfer.") &&
			!strings.Contains(s, "transfer.Test") && !strings.Contains(s, "testing.tRunner")
	}, 5*time.Second))
	assert.Eventually(t, func() bool { return runtime.NumGoroutine() <= before }, 5*time.Second, 10*time.Millisecond,
		"goroutines: before %d, now %d", before, runtime.NumGoroutine())
}

func TestUploadRetriesPartAfter500(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	rule := e.srv.Inject(costest.Fault{Op: costest.OpUploadPart, Nth: 2, Status: http.StatusInternalServerError})
	data := randomBytes(4*mib, 5)
	res, err := NewUploader(e.c, WithPartSize(mib)).Upload(context.Background(), "retried", streamOnly{bytes.NewReader(data)}, nil)
	require.NoError(t, err)
	assert.Equal(t, 1, rule.Fired())
	assert.Equal(t, 4, res.Parts)
	assert.Equal(t, 5, e.count(costest.OpUploadPart), "one part sent twice")
	assert.Equal(t, data, e.stored(t, "retried"))
}

func TestUploadNoSuchUploadFailsWithoutOrphan(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.Inject(costest.Fault{Op: costest.OpUploadPart, Nth: 2, Status: http.StatusNotFound, Code: "NoSuchUpload"})
	_, err := NewUploader(e.c, WithPartSize(mib)).Upload(context.Background(), "gone", bytes.NewReader(randomBytes(4*mib, 1)), nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchUpload", cos.ErrorCode(err))
	var ue *UploadError
	require.ErrorAs(t, err, &ue)
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
}

func TestUploadLeavePartsOnError(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.Inject(costest.Fault{Op: costest.OpUploadPart, Nth: 3, Status: http.StatusForbidden, Code: "AccessDenied"})
	_, err := NewUploader(e.c, WithPartSize(mib), WithConcurrency(1), WithLeavePartsOnError()).
		Upload(context.Background(), "kept", bytes.NewReader(randomBytes(4*mib, 1)), nil)
	require.ErrorIs(t, err, cos.ErrAccessDenied)
	var ue *UploadError
	require.ErrorAs(t, err, &ue)
	assert.True(t, ue.Kept)
	assert.Equal(t, []string{ue.UploadID}, e.srv.MultipartUploads(testBucket))
	assert.Contains(t, err.Error(), ue.UploadID)
}

func TestUploadPartCRCMismatchFails(t *testing.T) {
	t.Parallel()
	hc, tp := tamperClient(func(r *http.Request) bool {
		return r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "2"
	})
	e := newEnv(t, cos.WithHTTPClient(hc))
	_, err := NewUploader(e.c, WithPartSize(mib)).Upload(context.Background(), "badpart", bytes.NewReader(randomBytes(3*mib, 2)), nil)
	require.ErrorIs(t, err, cos.ErrChecksumMismatch)
	assert.GreaterOrEqual(t, tp.hits.Load(), int32(1))
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
	_, ok := e.srv.Object(testBucket, "badpart")
	assert.False(t, ok, "nothing may be completed")
}

func TestUploadCompleteCRCMismatchFails(t *testing.T) {
	t.Parallel()
	hc, _ := tamperClient(func(r *http.Request) bool {
		return r.Method == http.MethodPost && r.URL.Query().Has("uploadId")
	})
	e := newEnv(t, cos.WithHTTPClient(hc))
	_, err := NewUploader(e.c, WithPartSize(mib)).Upload(context.Background(), "badobj", bytes.NewReader(randomBytes(3*mib, 2)), nil)
	require.ErrorIs(t, err, cos.ErrChecksumMismatch)
	assert.Contains(t, err.Error(), "COS computed 12345")
}

func TestUploadCompleteLostAnswerIsConfirmedByHead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// The first Complete is applied but its answer lost; the client's
	// retry then meets NoSuchUpload.
	e.srv.Inject(costest.Fault{Kind: costest.FaultDropResponse, Op: costest.OpCompleteMultipartUpload, Times: 2})
	data := randomBytes(3*mib, 9)
	res, err := NewUploader(e.c, WithPartSize(mib)).Upload(context.Background(), "lost", bytes.NewReader(data), nil)
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(res.ETag, "-3"), res.ETag)
	assert.Equal(t, crcOf(data), res.CRC64)
	assert.GreaterOrEqual(t, e.count(costest.OpCompleteMultipartUpload), 2)
	assert.Equal(t, 1, e.count(costest.OpHeadObject))
	assert.Equal(t, data, e.stored(t, "lost"))
}

func TestUploadStreamBeyondMaxPartsFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := NewUploader(e.c, WithPartSize(mib), withHooks(&testHooks{maxParts: 3}))
	_, err := u.Upload(context.Background(), "long", streamOnly{bytes.NewReader(randomBytes(3*mib+1, 1))}, nil)
	require.ErrorIs(t, err, ErrTooManyParts)
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
	_, ok := e.srv.Object(testBucket, "long")
	assert.False(t, ok, "a truncated object must never be completed")
	// Exactly at the limit is fine.
	res, err := u.Upload(context.Background(), "long", streamOnly{bytes.NewReader(randomBytes(3*mib, 1))}, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, res.Parts)
}

func TestUploadSizeHintMismatchFails(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := NewUploader(e.c, WithPartSize(mib))
	for _, n := range []int{10, 3 * mib} {
		_, err := u.Upload(context.Background(), "hint", streamOnly{bytes.NewReader(randomBytes(n, 1))}, &UploadOptions{Size: 2 * mib})
		require.ErrorIs(t, err, cos.ErrInvalidArgument, "size %d", n)
		assert.Contains(t, err.Error(), "Size")
	}
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
}

func TestUploadBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct {
		name  string
		u     *Uploader
		key   string
		r     io.Reader
		field string
	}{
		{"partSizeTooSmall", NewUploader(e.c, WithPartSize(1000)), "k", strings.NewReader("x"), "PartSize"},
		{"partSizeTooLarge", NewUploader(e.c, WithPartSize(6<<30)), "k", strings.NewReader("x"), "PartSize"},
		{"concurrencyZero", NewUploader(e.c, WithConcurrency(0)), "k", strings.NewReader("x"), "Concurrency"},
		{"negativeThreshold", NewUploader(e.c, WithThreshold(-1)), "k", strings.NewReader("x"), "Threshold"},
		{"emptyCheckpointDir", NewUploader(e.c, WithCheckpointDir("")), "k", strings.NewReader("x"), "CheckpointDir"},
		{"nilClient", NewUploader(nil), "k", strings.NewReader("x"), "client"},
		{"emptyKey", NewUploader(e.c), "", strings.NewReader("x"), "key"},
		{"nilReader", NewUploader(e.c), "k", nil, "reader"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := tc.u.Upload(context.Background(), tc.key, tc.r, nil)
			require.ErrorIs(t, err, cos.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.field)
		})
	}
	t.Cleanup(func() { assert.Empty(t, e.srv.Requests(), "bad input must send nothing") })
}

func TestUploadProgress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	data := randomBytes(5*mib+3, 4)
	for _, tc := range []struct {
		name  string
		r     io.Reader
		total int64
	}{
		{"known", bytes.NewReader(data), int64(len(data))},
		{"unknown", streamOnly{bytes.NewReader(data)}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var log progressLog
			_, err := NewUploader(e.c, WithPartSize(mib), WithConcurrency(3)).
				Upload(context.Background(), "progress/"+tc.name, tc.r, &UploadOptions{Progress: log.fn})
			require.NoError(t, err)
			log.check(t, int64(len(data)), 6+1)
			for _, c := range log.calls[:len(log.calls)-1] {
				assert.Equal(t, tc.total, c.Total)
			}
			assert.Equal(t, 6, log.calls[len(log.calls)-1].Parts)
		})
	}
}

func TestFitPartSize(t *testing.T) {
	t.Parallel()
	ps, err := fitPartSize(10*mib, 8*mib)
	require.NoError(t, err)
	assert.Equal(t, int64(8*mib), ps)
	ps, err = fitPartSize(100<<30, 8*mib) // 100 GiB needs > 8 MiB parts
	require.NoError(t, err)
	assert.Equal(t, int64(11*mib), ps)
	assert.LessOrEqual(t, partCount(100<<30, ps), MaxParts)
	_, err = fitPartSize(MaxParts*int64(MaxPartSize)+1, 8*mib)
	require.ErrorIs(t, err, cos.ErrInvalidArgument)
}

func TestUploadErrorUnwraps(t *testing.T) {
	t.Parallel()
	cause := errors.New("boom")
	err := error(&UploadError{Key: "k", UploadID: "id1", Err: errors.Join(cause, context.Canceled)})
	assert.ErrorIs(t, err, cause)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "id1")
	assert.Contains(t, err.Error(), "aborted")
}

// TestUploadLargeUnknownSizeStream is the acceptance case: 100 MiB of
// unknown size in 5 MiB parts.
func TestUploadLargeUnknownSizeStream(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("100 MiB")
	}
	e := newEnv(t)
	data := randomBytes(100*mib, 100)
	var peak int
	u := NewUploader(e.c, WithPartSize(5*mib), withHooks(&testHooks{poolDone: func(p, _ int) { peak = p }}))
	res, err := u.Upload(context.Background(), "large", streamOnly{bytes.NewReader(data)}, nil)
	require.NoError(t, err)
	assert.Equal(t, 20, res.Parts)
	assert.LessOrEqual(t, peak, DefaultConcurrency)
	assert.True(t, bytes.Equal(data, e.stored(t, "large")))
}

// failingReader delivers n bytes, then fails.
type failingReader struct {
	n   int
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, f.err
	}
	k := min(len(p), f.n)
	clear(p[:k])
	f.n -= k
	return k, nil
}

func TestUploadReaderErrorAborts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	boom := errors.New("disk on fire")
	u := NewUploader(e.c, WithPartSize(mib))
	_, err := u.Upload(context.Background(), "broken", &failingReader{n: 2*mib + 10, err: boom}, nil)
	require.ErrorIs(t, err, boom)
	var ue *UploadError
	require.ErrorAs(t, err, &ue)
	assert.Empty(t, e.srv.MultipartUploads(testBucket))
	// Before any part: no upload was even started.
	_, err = u.Upload(context.Background(), "broken", &failingReader{n: 10, err: boom}, nil)
	require.ErrorIs(t, err, boom)
	assert.Equal(t, 1, e.count(costest.OpInitiateMultipartUpload))
}

func TestUploadForbidOverwrite(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		size int
	}{{"singlePut", 10}, {"multipart", 3 * mib}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			u := NewUploader(e.c, WithPartSize(mib))
			opt := &UploadOptions{ForbidOverwrite: true}
			data := randomBytes(tc.size, 3)
			_, err := u.Upload(context.Background(), "once", streamOnly{bytes.NewReader(data)}, opt)
			require.NoError(t, err, "an absent key is written")
			assert.Equal(t, data, e.stored(t, "once"))

			_, err = u.Upload(context.Background(), "once", streamOnly{bytes.NewReader(randomBytes(tc.size, 4))}, opt)
			require.ErrorIs(t, err, cos.ErrConflict)
			assert.Equal(t, data, e.stored(t, "once"), "the existing object is kept")
			assert.Empty(t, e.srv.MultipartUploads(testBucket), "the refused upload is aborted")
		})
	}
}
