package transfer

import (
	"context"
	"fmt"
	"time"

	"github.com/cosgo/cos"
)

// Limits of COS multipart uploads (cos-protocol.md section 8) and the
// defaults of this package.
const (
	// MaxParts is the largest number of parts in one multipart upload.
	MaxParts = 10000
	// MinPartSize is the smallest part COS accepts (except the last one).
	MinPartSize = 1 << 20
	// MaxPartSize is the largest part COS accepts.
	MaxPartSize = 5 << 30
	// MaxSingleCopySize is the largest source PUT Object - Copy accepts;
	// a [Copier] copies larger objects part by part.
	MaxSingleCopySize = 5 << 30
	// DefaultPartSize is the part size of uploads and the range size of
	// downloads unless [WithPartSize] says otherwise.
	// BenchmarkUploadPartSize chose it: on loopback 5, 8, 16 and 32 MiB
	// parts move bytes equally fast, but with a 30 ms round trip per
	// request 16 MiB parts beat 8 MiB ones (fewer requests) while keeping
	// a stream's ceiling at 4 x 16 MiB = 64 MiB of buffers, where 32 MiB
	// would double it. Files and other io.ReaderAt sources need no
	// buffers at any part size. A stream of unknown size fits 156 GiB.
	DefaultPartSize = 16 << 20
	// DefaultCopyPartSize is the part size of multipart copies. Parts are
	// copied inside COS, so they cost no client memory and larger parts
	// only mean fewer requests.
	DefaultCopyPartSize = 64 << 20
	// DefaultConcurrency is the number of parts or ranges in flight.
	DefaultConcurrency = 4
	// maxConcurrency bounds WithConcurrency; far beyond it a single client
	// gains nothing and risks throttling (429/SlowDown).
	maxConcurrency = 256
)

// abortTimeout bounds the AbortMultipartUpload sent after a failure. It runs
// on a context that survives the caller's cancellation, so it needs its own
// limit.
const abortTimeout = 30 * time.Second

// Option configures an [Uploader], [Downloader] or [Copier]. Options that do
// not concern a kind are ignored by it. A bad value is not reported by the
// constructor (which returns no error, for one-line set-up) but by every
// call of the built value, as an error wrapping [cos.ErrInvalidArgument]
// that names the option.
type Option func(*config) error

// config holds the settings shared by the three kinds; zero fields mean
// "use the kind's default".
type config struct {
	partSize      int64
	concurrency   int
	threshold     int64
	thresholdSet  bool
	leaveParts    bool
	checkpointDir string
	progress      func(Progress)

	// hooks for tests in this package; nil in production.
	hooks *testHooks
}

// testHooks let tests observe internals without exporting them.
type testHooks struct {
	// poolDone reports, when an upload from a stream that took part
	// buffers ends, how many it ever held at once and how many it
	// allocated.
	poolDone func(peak, allocated int)
	// maxParts lowers MaxParts, so the limit can be hit with small data.
	maxParts int
}

func (c *config) maxParts() int {
	if c.hooks != nil && c.hooks.maxParts > 0 {
		return c.hooks.maxParts
	}
	return MaxParts
}

func invalid(field, format string, args ...any) error {
	return fmt.Errorf("%w: transfer: %s: %s", cos.ErrInvalidArgument, field, fmt.Sprintf(format, args...))
}

// WithPartSize sets the part size of uploads (the seed's PartSize, which
// counted MiB: PartSize=8 is WithPartSize(8<<20)), the range size of
// downloads and the part size of multipart copies. It must be between
// [MinPartSize] and [MaxPartSize]. For an upload or copy whose size is
// known, the part size is raised as needed so the object fits in
// [MaxParts] parts. Default: [DefaultPartSize] ([DefaultCopyPartSize] for
// copies).
func WithPartSize(n int64) Option {
	return func(c *config) error {
		if n < MinPartSize || n > MaxPartSize {
			return invalid("PartSize", "%d is outside %d..%d", n, MinPartSize, int64(MaxPartSize))
		}
		c.partSize = n
		return nil
	}
}

// WithConcurrency sets how many parts or ranges are transferred at once
// (the seed's MAXThread). An upload from a stream holds at most n+1 part
// buffers. Default: [DefaultConcurrency].
func WithConcurrency(n int) Option {
	return func(c *config) error {
		if n < 1 || n > maxConcurrency {
			return invalid("Concurrency", "%d is outside 1..%d", n, maxConcurrency)
		}
		c.concurrency = n
		return nil
	}
}

// WithThreshold sets the size up to which an upload is one PUT Object and
// a copy is one PUT Object - Copy; anything larger goes part by part.
// Defaults: the part size for uploads, [MaxSingleCopySize] for copies. n
// must be between 0 (only empty inputs go in one request) and 5 GiB. For a
// stream of unknown size the uploader buffers at most one part to decide,
// so the threshold it applies is min(n, part size).
//
// The seed's upload_file used one PUT up to 20 MB; WithThreshold(20<<20)
// restores that for inputs of known size.
func WithThreshold(n int64) Option {
	return func(c *config) error {
		if n < 0 || n > MaxSingleCopySize {
			return invalid("Threshold", "%d is outside 0..%d", n, int64(MaxSingleCopySize))
		}
		c.threshold, c.thresholdSet = n, true
		return nil
	}
}

// WithLeavePartsOnError keeps a failed multipart upload (uploads and
// copies) on the server instead of aborting it. The returned
// [*UploadError] names the upload ID; the parts keep costing storage until
// the upload is completed, aborted, or removed by a lifecycle rule.
func WithLeavePartsOnError() Option {
	return func(c *config) error {
		c.leaveParts = true
		return nil
	}
}

// WithCheckpointDir makes [Uploader.UploadFile] and [Downloader.DownloadFile]
// resumable: they record their progress in a small JSON file in dir, named
// after the bucket, key and local path, and a later call with the same
// arguments continues where an interrupted one stopped (after a crash,
// Ctrl-C or a failure). The directory is created if needed. Without it,
// a failed UploadFile aborts its upload and a failed DownloadFile removes
// its temporary file.
func WithCheckpointDir(dir string) Option {
	return func(c *config) error {
		if dir == "" {
			return invalid("CheckpointDir", "is empty")
		}
		c.checkpointDir = dir
		return nil
	}
}

// WithProgress calls fn as bytes are confirmed by the server; see
// [Progress]. A per-call Progress in the options replaces it.
func WithProgress(fn func(Progress)) Option {
	return func(c *config) error {
		c.progress = fn
		return nil
	}
}

// buildConfig applies opts in order, then checks the client; the first
// error wins and is kept for the calls, so a constructor stays one line.
func buildConfig(client *cos.Client, opts []Option) (config, error) {
	var c config
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&c); err != nil {
			return c, err
		}
	}
	if c.concurrency == 0 {
		c.concurrency = DefaultConcurrency
	}
	if client == nil {
		return c, invalid("client", "is nil")
	}
	return c, nil
}

// checkCall is what every transfer call checks first: the constructor's
// error (a bad option or a nil client), then a nil ctx and an empty key.
func checkCall(ctx context.Context, configErr error, key string) error {
	if configErr != nil {
		return configErr
	}
	if ctx == nil {
		return invalid("ctx", "is nil")
	}
	if key == "" {
		return invalid("key", "is empty")
	}
	return nil
}

// fitPartSize raises partSize so size bytes fit in MaxParts parts, rounding
// up to a whole MiB. It fails when even MaxPartSize parts are too small.
func fitPartSize(size, partSize int64) (int64, error) {
	if size <= partSize*MaxParts {
		return partSize, nil
	}
	ps := (size + MaxParts - 1) / MaxParts
	ps = (ps + MinPartSize - 1) / MinPartSize * MinPartSize
	if ps > MaxPartSize {
		return 0, invalid("size", "%d bytes do not fit in %d parts of at most %d bytes", size, MaxParts, int64(MaxPartSize))
	}
	return ps, nil
}

// partCount is the number of parts of size bytes (at least one: an empty
// object is one empty part).
func partCount(size, partSize int64) int {
	if size <= 0 {
		return 1
	}
	return int((size + partSize - 1) / partSize)
}
