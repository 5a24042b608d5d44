package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/internal/ctxsleep"
)

// Downloader downloads objects as concurrent ranged GETs, pinned to one
// version of the object and verified. It is safe for concurrent use.
type Downloader struct {
	c   *cos.Client
	cfg config
	err error
}

// NewDownloader returns a Downloader for c's bucket. [WithPartSize] sets
// the range size, [WithConcurrency] the ranges in flight,
// [WithCheckpointDir] makes DownloadFile resumable and [WithProgress]
// reports progress. A bad option is reported by each call.
func NewDownloader(c *cos.Client, opts ...Option) *Downloader {
	cfg, err := buildConfig(c, opts)
	return &Downloader{c: c, cfg: cfg, err: err}
}

// DownloadOptions are the optional inputs of [Downloader.Download] and
// [Downloader.DownloadFile].
type DownloadOptions struct {
	// SSECustomerHeaders must be given for an object written with a
	// customer key.
	cos.SSECustomerHeaders
	// VersionID reads one version in a versioned bucket.
	VersionID string
	// RequireCRC64 fails the download when COS has no CRC64 for the
	// object (objects stored before COS computed them), instead of
	// checking the length only.
	RequireCRC64 bool
	// Progress, if set, replaces the Downloader's WithProgress callback
	// for this call.
	Progress func(Progress)
}

// rangeAttempts is how often one range is tried when its body breaks off.
// The client retries a GET that fails before its answer arrives, but a
// body cut midway surfaces to the reader: the range then continues from
// the first byte not yet received.
const rangeAttempts = 4

// copyBufferSize is each worker's buffer between the response body and
// the destination, and so the size of each write (copyAt fills it first).
// On Linux the write size also sets the size of the page-cache folios the
// kernel allocates for a new file (ext4, Linux 6.18: 32 KiB writes get
// 32 KiB folios, 256 KiB writes 256 KiB ones; traced with
// filemap:mm_filemap_add_to_page_cache). On the 2-core VM we measure on,
// filling fresh 256 KiB folios took three to ten times the CPU raw
// net/http spent filling its small ones (perf samples in
// copy_folio_from_iter_atomic). That VM hands free memory back to its
// host; that large free blocks are the ones it takes is our guess, not
// confirmed. Downloading 1 GiB to a new file between other processes'
// downloads, in anchorbench's runner: 32 KiB writes (io.Copy's size) took
// 0.54-0.86 s in two sessions; 128 KiB 0.48-0.58 s in one session and
// 0.89-1.55 s in two others; 256 KiB 0.81-1.41 s; bare net/http, writing
// what each socket read returns, 0.54-1.41 s. When everything is warm,
// 128 KiB is cheaper by a sixth (0.61 s against 0.72).
const copyBufferSize = 32 << 10

func (d *Downloader) partSize() int64 {
	if d.cfg.partSize > 0 {
		return d.cfg.partSize
	}
	return DefaultPartSize
}

func (d *Downloader) check(ctx context.Context, key string) error { return checkCall(ctx, d.err, key) }

// Download writes the object key to w. It HEADs the object, then GETs its
// ranges concurrently, each with If-Match on the ETag from the HEAD, so an
// object replaced meanwhile fails the download with an error matching
// cos.ErrPreconditionFailed instead of mixing two versions. w must accept
// concurrent WriteAt calls on distinct ranges (an *os.File does). Every
// answer must be the range asked for (its Content-Range), of the object
// HEAD saw (its ETag, and its x-cos-hash-crc64ecma when that is the whole
// object's): a proxy or CDN that ignores Range or If-Match cannot slip in
// other bytes. An answer that is not, or whose body breaks off, is
// followed by another GET (for the range again, or for its rest), a few
// times; then the error wraps cos.ErrInvalidResponse or the cut. The
// CRC64s of the ranges are combined and compared with the object's; a
// difference, or a length that does not match, wraps
// cos.ErrChecksumMismatch. Errors from COS: cos.ErrNotFound for a missing
// object, cos.ErrAccessDenied for an archived one that is not restored.
// On failure w may hold part of the object.
func (d *Downloader) Download(ctx context.Context, key string, w io.WriterAt, opt *DownloadOptions) error {
	if err := d.check(ctx, key); err != nil {
		return err
	}
	if w == nil {
		return invalid("writer", "is nil")
	}
	var o DownloadOptions
	if opt != nil {
		o = *opt
	}
	meta, err := d.head(ctx, key, &o)
	if err != nil {
		return err
	}
	dl := d.newDownload(key, &o, meta, d.partSize(), w)
	dl.prog.start(0, 0)
	if err := dl.run(ctx, nil); err != nil {
		return err
	}
	return dl.verify()
}

func (d *Downloader) head(ctx context.Context, key string, o *DownloadOptions) (*cos.ObjectMeta, error) {
	meta, _, err := d.c.Object.Head(ctx, key, &cos.ObjectHeadOptions{SSECustomerHeaders: o.SSECustomerHeaders, VersionID: o.VersionID})
	if err != nil {
		return nil, fmt.Errorf("transfer: download %q: %w", key, err)
	}
	if o.RequireCRC64 && !meta.HasCRC64 {
		return nil, fmt.Errorf("transfer: download %q: %w: COS stores no CRC64 for the object and RequireCRC64 is set", key, cos.ErrChecksumMismatch)
	}
	return meta, nil
}

// download is one download in progress.
type download struct {
	d        *Downloader
	key      string
	o        *DownloadOptions
	meta     *cos.ObjectMeta
	partSize int64
	w        io.WriterAt
	prog     *progress
	ranges   map[int]partInfo // finished ranges
	// onRange runs after each finished range on the caller's goroutine.
	onRange func(partInfo) error
}

func (d *Downloader) newDownload(key string, o *DownloadOptions, meta *cos.ObjectMeta, partSize int64, w io.WriterAt) *download {
	return &download{
		d: d, key: key, o: o, meta: meta, partSize: partSize, w: w,
		prog:   newProgress(pick(o.Progress, d.cfg.progress), meta.ContentLength),
		ranges: map[int]partInfo{},
	}
}

func (dl *download) count() int {
	if dl.meta.ContentLength == 0 {
		return 0
	}
	return partCount(dl.meta.ContentLength, dl.partSize)
}

// run fetches the ranges not in done with a fixed pool of workers (see
// workerPool); the first error cancels the rest. Finished ranges are
// recorded, reported and checkpointed on the caller's goroutine.
func (dl *download) run(ctx context.Context, done map[int]partInfo) error {
	conc := dl.d.cfg.concurrency
	bufs := make(chan []byte, conc) // one copy buffer per busy worker
	p := &workerPool[int]{
		conc: conc,
		produce: func(ctx context.Context, emit func(int) error) error {
			for n := 1; n <= dl.count(); n++ {
				if _, ok := done[n]; ok {
					continue
				}
				if err := emit(n); err != nil {
					return err
				}
			}
			return nil
		},
		work: func(ctx context.Context, n int) partResult {
			var buf []byte
			select {
			case buf = <-bufs:
			default:
				buf = make([]byte, copyBufferSize)
			}
			defer func() { bufs <- buf }()
			info, err := dl.fetch(ctx, n, buf)
			return partResult{info: info, err: err}
		},
		collect: func(r partResult) error {
			dl.ranges[r.info.Number] = r.info
			dl.prog.add(r.info.Size)
			if dl.onRange != nil {
				return dl.onRange(r.info)
			}
			return nil
		},
	}
	return p.run(ctx)
}

// fetch downloads range n into w and returns its CRC64. An answer that
// breaks off, or is not the range of the object version asked for (see
// check), is followed by another GET, for the rest of the range or for
// the range again, a few times.
func (dl *download) fetch(ctx context.Context, n int, buf []byte) (partInfo, error) {
	start := int64(n-1) * dl.partSize
	end := min(start+dl.partSize, dl.meta.ContentLength) // exclusive
	pos := start
	var crc uint64
	var lastErr error
	for attempt := 1; attempt <= rangeAttempts; attempt++ {
		if attempt > 1 {
			if err := ctxsleep.Sleep(ctx, time.Duration(attempt-1)*50*time.Millisecond); err != nil {
				return partInfo{}, errors.Join(err, lastErr)
			}
		}
		got, err, retry := dl.fetchOnce(ctx, n, pos, end, buf, &crc)
		pos += got
		if err == nil {
			return partInfo{Number: n, Size: end - start, CRC64: crc}, nil
		}
		if !retry {
			return partInfo{}, err
		}
		lastErr = err
		if ctx.Err() != nil {
			return partInfo{}, errors.Join(ctx.Err(), lastErr)
		}
	}
	return partInfo{}, lastErr
}

// fetchOnce sends one GET for bytes [pos, end) of range n, writes what
// arrives and folds it into crc. It returns how many bytes it kept, and an
// error with retry set when another GET may succeed: a body cut off (the
// bytes before the cut are kept) or an answer that is not the one asked
// for (nothing is kept).
func (dl *download) fetchOnce(ctx context.Context, n int, pos, end int64, buf []byte, crc *uint64) (int64, error, bool) {
	fail := func(err error) error { return fmt.Errorf("transfer: download %q: range %d: %w", dl.key, n, err) }
	resp, err := dl.d.c.Object.Get(ctx, dl.key, &cos.ObjectGetOptions{
		SSECustomerHeaders: dl.o.SSECustomerHeaders,
		VersionID:          dl.o.VersionID,
		Range:              "bytes=" + strconv.FormatInt(pos, 10) + "-" + strconv.FormatInt(end-1, 10),
		IfMatch:            quoteETag(dl.meta.ETag),
	})
	if err != nil {
		return 0, fail(err), errors.Is(err, cos.ErrInvalidResponse)
	}
	defer resp.Body.Close()
	hdrCRC, hasCRC, err := dl.check(resp.Response, pos, end)
	if err != nil {
		return 0, fail(err), true
	}
	var part uint64
	got, werr, rerr := copyAt(dl.w, pos, io.LimitReader(resp.Body, end-pos), buf, &part)
	if werr != nil {
		return 0, fmt.Errorf("transfer: download %q: writing: %w", dl.key, werr), false
	}
	if hasCRC && dl.meta.HasCRC64 && hdrCRC != dl.meta.CRC64 && (got != end-pos || hdrCRC != part) {
		// Not the whole object's CRC64 as HEAD saw it, nor (should COS
		// send one) this range's: the bytes are another object's.
		return 0, fail(fmt.Errorf("%w: x-cos-hash-crc64ecma %d is neither the object's (%d) nor the range's", cos.ErrInvalidResponse, hdrCRC, dl.meta.CRC64)), true
	}
	*crc = cos.CRC64Combine(*crc, part, got)
	if got == end-pos {
		return got, nil, false
	}
	if rerr == nil {
		rerr = io.ErrUnexpectedEOF
	}
	return got, fail(fmt.Errorf("body ended at byte %d of %d-%d: %w", pos+got, pos, end-1, rerr)), true
}

// check verifies that resp is the answer to a GET of bytes [pos, end) of
// the object HEAD saw: a 206 whose Content-Range names exactly those bytes
// of an object of that size (or a 200 carrying the whole object, when that
// is what was asked), with HEAD's ETag. It returns the x-cos-hash-crc64ecma
// header, for the caller to compare once it has the bytes. A proxy or CDN
// in front of a custom domain may ignore Range or If-Match, or answer from
// another version; without these checks an object without a CRC64 would
// be assembled from the wrong bytes.
func (dl *download) check(resp *http.Response, pos, end int64) (uint64, bool, error) {
	size := dl.meta.ContentLength
	switch resp.StatusCode {
	case http.StatusPartialContent:
		want := "bytes " + strconv.FormatInt(pos, 10) + "-" + strconv.FormatInt(end-1, 10) + "/" + strconv.FormatInt(size, 10)
		if got := strings.TrimSpace(resp.Header.Get("Content-Range")); got != want {
			return 0, false, fmt.Errorf("%w: asked for %q, got Content-Range %q", cos.ErrInvalidResponse, want, got)
		}
	case http.StatusOK:
		if pos != 0 || end != size || resp.ContentLength != size {
			return 0, false, fmt.Errorf("%w: asked for bytes %d-%d, got the whole object (%d bytes)", cos.ErrInvalidResponse, pos, end-1, resp.ContentLength)
		}
	default:
		return 0, false, fmt.Errorf("%w: status %d for a ranged GET", cos.ErrInvalidResponse, resp.StatusCode)
	}
	if etag := unquoteETag(resp.Header.Get("ETag")); etag != dl.meta.ETag {
		return 0, false, fmt.Errorf("%w: ETag %q, the object HEAD saw has %q", cos.ErrInvalidResponse, etag, dl.meta.ETag)
	}
	v := strings.TrimSpace(resp.Header.Get("x-cos-hash-crc64ecma"))
	if v == "" {
		return 0, false, nil
	}
	crc, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%w: malformed x-cos-hash-crc64ecma %q", cos.ErrInvalidResponse, v)
	}
	return crc, true, nil
}

// copyAt copies r to w at off through buf, folding the bytes into crc. It
// tells write errors (final) from read errors (the range may be
// continued). Each WriteAt gets a full buffer (less only at the end or a
// cut): a socket read returns what has arrived, often a fraction of buf,
// and writing each piece as it came took a fifth more CPU, most of it in
// the file system's per-write work and in writers waiting on the file's
// lock.
func copyAt(w io.WriterAt, off int64, r io.Reader, buf []byte, crc *uint64) (n int64, werr, rerr error) {
	for {
		k := 0
		var err error
		for k < len(buf) && err == nil {
			var m int
			m, err = r.Read(buf[k:])
			k += m
		}
		if k > 0 {
			if _, e := w.WriteAt(buf[:k], off+n); e != nil {
				return n, e, nil
			}
			*crc = cos.UpdateCRC64(*crc, buf[:k])
			n += int64(k)
		}
		if err == io.EOF {
			return n, nil, nil
		}
		if err != nil {
			return n, nil, err
		}
	}
}

// verify combines the ranges' CRC64s in order and compares the result and
// the length with the object's.
func (dl *download) verify() error {
	list := sortParts(dl.ranges)
	crc := combineCRC(list)
	var size int64
	for _, p := range list {
		size += p.Size
	}
	if len(list) != dl.count() || size != dl.meta.ContentLength {
		return fmt.Errorf("transfer: download %q: %w: got %d bytes in %d ranges, the object has %d",
			dl.key, cos.ErrChecksumMismatch, size, len(list), dl.meta.ContentLength)
	}
	if dl.meta.HasCRC64 && crc != dl.meta.CRC64 {
		return fmt.Errorf("transfer: download %q: %w: received CRC64 %d, COS says %d", dl.key, cos.ErrChecksumMismatch, crc, dl.meta.CRC64)
	}
	dl.prog.finish(size)
	return nil
}

// unquoteETag is an ETag header as the cos package hands ETags out:
// without quotes.
func unquoteETag(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return v[1 : len(v)-1]
	}
	return v
}

// quoteETag puts an ETag in the quoted form HTTP conditions use (the cos
// package hands ETags out without quotes): a strict server compares
// If-Match against "<etag>" only.
func quoteETag(etag string) string {
	if etag == "" || strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, `W/"`) {
		return etag
	}
	return `"` + etag + `"`
}
