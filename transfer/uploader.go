package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cosgo/cos"
)

// Uploader uploads objects of any size: small ones in one PUT Object,
// larger ones as concurrent multipart uploads with bounded memory. It is
// safe for concurrent use; each call is independent.
type Uploader struct {
	c     *cos.Client
	cfg   config
	err   error // a bad option, returned by every call
	pools sharedPools
}

// NewUploader returns an Uploader for c's bucket. Options are checked here
// but a bad one is reported by each call (wrapping cos.ErrInvalidArgument),
// so set-up stays one line.
func NewUploader(c *cos.Client, opts ...Option) *Uploader {
	cfg, err := buildConfig(c, opts)
	return &Uploader{c: c, cfg: cfg, err: err}
}

// UploadResult describes the stored object, uploaded or copied
// ([CopyResult] is the same type).
type UploadResult struct {
	// Key is the object key.
	Key string
	// ETag is the entity tag without quotes. For an object written in
	// parts it is "<hex>-<parts>" and is not an MD5 of the content; use
	// CRC64.
	ETag string
	// VersionID is set in versioned buckets.
	VersionID string
	// CRC64 is the CRC-64/ECMA of the whole object, 0 when unknown. For an
	// upload in parts it is combined from the parts' checksums and was
	// compared with the one COS computed, when COS sent one; a copy's was
	// compared with the source's when COS reported both.
	CRC64 uint64
	// Size is the number of bytes uploaded or copied.
	Size int64
	// Parts is the number of parts, 0 when the object went in one request.
	Parts int
	// UploadID is the multipart upload's ID ("" for one request).
	UploadID string
}

// source is what Upload learnt about its reader.
type source struct {
	r     io.Reader
	ra    io.ReaderAt // set only when parts can be read with ReadAt
	start int64       // offset of the first byte for ra
	size  int64       // -1 unknown
}

// inspect finds the reader's size without consuming it, and whether parts
// can be read concurrently with ReadAt (files, bytes and strings readers,
// io.SectionReader): then nothing is buffered.
func inspect(r io.Reader) (source, error) {
	src := source{r: r, size: -1}
	if l, ok := r.(interface{ Len() int }); ok {
		src.size = int64(l.Len()) // bytes.Reader, strings.Reader, bytes.Buffer
	}
	s, ok := r.(io.Seeker)
	if !ok {
		return src, nil
	}
	cur, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return src, nil // a pipe or terminal behind an *os.File: a stream
	}
	if src.size < 0 {
		if f, ok := r.(*os.File); ok {
			st, err := f.Stat()
			if err != nil {
				return src, fmt.Errorf("transfer: stat: %w", err)
			}
			if !st.Mode().IsRegular() {
				return src, nil
			}
			src.size = st.Size() - cur
		} else {
			end, err := s.Seek(0, io.SeekEnd)
			if err != nil {
				return src, nil
			}
			if _, err := s.Seek(cur, io.SeekStart); err != nil {
				return src, fmt.Errorf("transfer: rewinding reader: %w", err)
			}
			src.size = end - cur
		}
	}
	if ra, ok := r.(io.ReaderAt); ok && src.size >= 0 {
		src.ra, src.start = ra, cur
	}
	return src, nil
}

func (u *Uploader) partSize() int64 {
	if u.cfg.partSize > 0 {
		return u.cfg.partSize
	}
	return DefaultPartSize
}

func (u *Uploader) threshold() int64 {
	if u.cfg.thresholdSet {
		return u.cfg.threshold
	}
	return u.partSize()
}

func (u *Uploader) check(ctx context.Context, key string) error { return checkCall(ctx, u.err, key) }

// Upload stores what r delivers as the object key.
//
// Inputs of at most the threshold (see [WithThreshold]) go in one PUT
// Object; larger ones as a multipart upload with [WithConcurrency] parts in
// flight. r may be anything: an io.ReaderAt of known size (an *os.File, a
// bytes or strings reader, an io.SectionReader) is read part by part with
// ReadAt, without copying and without moving its offset; any other reader
// is read once, in order, into at most max(concurrency, 2) pooled part
// buffers, so memory stays bounded whatever the size. A tiny stream never costs a
// whole part buffer. A stream of unknown size fails, before anything is
// completed, if it needs more than [MaxParts] parts (see
// UploadOptions.Size and [WithPartSize]).
//
// Each part is retried by the client's retry policy (part bodies are
// always replayable), its CRC64 is checked against the one COS returns, and
// the object's CRC64, combined from the parts', is compared with
// Complete's. The first failure cancels the parts in flight; the multipart
// upload is then aborted on a context that outlives ctx (unless
// [WithLeavePartsOnError]), and the error, an [*UploadError] once the
// upload was initiated, wraps the first failure. Upload never closes r.
func (u *Uploader) Upload(ctx context.Context, key string, r io.Reader, opt *UploadOptions) (*UploadResult, error) {
	if err := u.check(ctx, key); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, invalid("reader", "is nil; pass strings.NewReader(\"\") for an empty object")
	}
	var o UploadOptions
	if opt != nil {
		o = *opt
	}
	if o.Size < 0 {
		return nil, invalid("Size", "is negative (%d)", o.Size)
	}
	src, err := inspect(r)
	if err != nil {
		return nil, err
	}
	fn := pick(o.Progress, u.cfg.progress)
	if src.size >= 0 {
		if src.size <= u.threshold() {
			body := src.r
			if src.ra != nil {
				body = io.NewSectionReader(src.ra, src.start, src.size)
			}
			return u.putSingle(ctx, key, body, src.size, &o, newProgress(fn, src.size))
		}
		ps, err := fitPartSize(src.size, u.partSize())
		if err != nil {
			return nil, err
		}
		prog := newProgress(fn, src.size)
		if src.ra != nil {
			return u.uploadReaderAt(ctx, key, src.ra, src.start, src.size, ps, &o, prog)
		}
		return u.uploadStream(ctx, key, src.r, src.size, ps, &o, prog)
	}
	ps, total := u.partSize(), int64(-1)
	if o.Size > 0 {
		if ps, err = fitPartSize(o.Size, ps); err != nil {
			return nil, err
		}
		total = o.Size
	}
	return u.uploadStream(ctx, key, r, total, ps, &o, newProgress(fn, total))
}

// putSingle sends body in one PUT Object.
func (u *Uploader) putSingle(ctx context.Context, key string, body io.Reader, size int64, o *UploadOptions, prog *progress) (*UploadResult, error) {
	prog.start(0, 0)
	po := o.putOptions(size)
	res, _, err := u.c.Object.Put(ctx, key, body, po)
	if err != nil {
		return nil, fmt.Errorf("transfer: upload %q: %w", key, err)
	}
	prog.add(size)
	prog.finish(size)
	return &UploadResult{Key: key, ETag: res.ETag, VersionID: res.VersionID, CRC64: res.CRC64, Size: size}, nil
}

// headSize is how much of a stream of unknown size is read into a small
// buffer before a part buffer is taken, so tiny inputs never cost a part.
const headSize = 64 << 10

// uploadStream uploads a reader that must be read in order. total is its
// size when known (a hint or a Seeker without ReaderAt), else -1.
func (u *Uploader) uploadStream(ctx context.Context, key string, r io.Reader, total, partSize int64, o *UploadOptions, prog *progress) (*UploadResult, error) {
	limit := min(u.threshold(), partSize)
	head := make([]byte, min(limit+1, headSize))
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("transfer: upload %q: reading: %w", key, err)
	}
	if err != nil && int64(n) <= limit { // the whole stream is in head
		if err := checkSize(int64(n), o.Size, total); err != nil {
			return nil, err
		}
		return u.putSingle(ctx, key, bytes.NewReader(head[:n]), int64(n), o, prog)
	}
	pool := newBufferPool(partSize, streamBuffers(u.cfg.concurrency), u.pools.get(partSize))
	defer pool.Close()
	if h := u.cfg.hooks; h != nil && h.poolDone != nil {
		defer func() { h.poolDone(pool.stats()) }()
	}
	first, err := pool.Get(ctx)
	if err != nil {
		return nil, err
	}
	buf := *first
	copy(buf, head[:n])
	m, err := io.ReadFull(r, buf[n:])
	filled := n + m
	switch {
	case err == nil: // the buffer is full: peek one byte to learn if more follows
		var one [1]byte
		k, perr := io.ReadFull(r, one[:])
		if perr != nil && perr != io.EOF {
			pool.Put(first)
			return nil, fmt.Errorf("transfer: upload %q: reading: %w", key, perr)
		}
		if k == 1 {
			r = io.MultiReader(bytes.NewReader(one[:]), r)
			break
		}
		fallthrough
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		if int64(filled) <= limit {
			defer pool.Put(first)
			if err := checkSize(int64(filled), o.Size, total); err != nil {
				return nil, err
			}
			return u.putSingle(ctx, key, bytes.NewReader(buf[:filled]), int64(filled), o, prog)
		}
		r = eofReader{} // a single part, already in buf
	default:
		pool.Put(first)
		return nil, fmt.Errorf("transfer: upload %q: reading: %w", key, err)
	}
	st := &streamState{r: r, pool: pool, partSize: partSize, maxParts: u.cfg.maxParts(), first: first, firstLen: filled}
	return u.multipartUpload(ctx, key, o, prog, st.produce, func() (int, int64, error) {
		if err := checkSize(st.read, o.Size, total); err != nil {
			return 0, 0, err
		}
		return st.parts, st.read, nil
	})
}

// streamBuffers is how many part buffers a stream upload may hold: one per
// worker, and two with one worker so the next part is read while the last
// is sent. Reading one more part ahead than there are workers (as this
// package did, and AWS's uploader does) costs a whole part of memory and
// helps only when the reader delivers about as fast as every worker sends
// together, by at most 1/(concurrency+1): measured with 4 workers on a sink
// answering each part after 30 ms (BenchmarkUploadPartSize sink-rtt and
// readers throttled to 0.3-1 GB/s), the difference was 0-5%, within the
// noise; a 1 GiB stream in 8 MiB parts peaked 8 MiB lower in RSS (49 MiB
// against 57).
func streamBuffers(concurrency int) int { return max(concurrency, 2) }

// checkSize fails when a stream ended at another length than announced.
func checkSize(read, hint, total int64) error {
	want := total
	if want < 0 && hint > 0 {
		want = hint
	}
	if want >= 0 && read != want {
		return fmt.Errorf("%w: transfer: Size: the reader delivered %d bytes, %d were expected", cos.ErrInvalidArgument, read, want)
	}
	return nil
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

// streamState is the producer side of a stream upload: it fills pooled
// buffers in order and hands them to the workers.
type streamState struct {
	r        io.Reader
	pool     *bufferPool
	partSize int64
	maxParts int
	first    *[]byte // the first part, read while deciding on one PUT
	firstLen int

	// Written by produce, read after the workers are joined.
	parts int
	read  int64
}

func (s *streamState) produce(ctx context.Context, emit func(partJob) error) error {
	buf, n := s.first, s.firstLen
	s.first = nil
	for {
		if buf == nil {
			var err error
			if buf, err = s.pool.Get(ctx); err != nil {
				return err
			}
			m, err := io.ReadFull(s.r, *buf)
			n = m
			if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
				s.pool.Put(buf)
				return fmt.Errorf("transfer: reading part %d: %w", s.parts+1, err)
			}
		}
		if n == 0 && s.parts > 0 {
			s.pool.Put(buf)
			return nil
		}
		if s.parts == s.maxParts {
			s.pool.Put(buf)
			return fmt.Errorf("%w of %d bytes; set UploadOptions.Size or a larger WithPartSize", ErrTooManyParts, s.partSize)
		}
		s.parts++
		s.read += int64(n)
		g := &guardedBytes{b: (*buf)[:n]}
		pb := buf
		err := emit(partJob{number: s.parts, size: int64(n), body: g, release: func() {
			g.close()
			s.pool.Put(pb)
		}})
		if err != nil {
			return err
		}
		if int64(n) < s.partSize {
			return nil // a short read means the stream ended
		}
		buf = nil
	}
}

// errReleased is what a part body reads after its upload call returned.
var errReleased = errors.New("transfer: part buffer was released")
