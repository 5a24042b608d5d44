package cosfs

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cosgo/cos"
)

const (
	// firstWindow is the span of the first GET after Open or a Seek: a
	// reader that stops early (an HTTP Range answer, content sniffing)
	// costs no more than this; one that goes on gets the rest in one GET.
	firstWindow = 64 << 10
	// atWindow is what a small ReadAt fetches and keeps for the next ones.
	atWindow = 64 << 10
	// atSmall is the largest ReadAt served through the window.
	atSmall = 16 << 10
	// bufSize buffers a stream so that tiny reads do not each reach the
	// HTTP body.
	bufSize = 32 << 10
)

// file is an open object. Read and Seek share an offset and are not safe
// for concurrent use; ReadAt is.
type file struct {
	fsys *FS
	name string
	key  string
	info *fileInfo
	size int64
	etag string

	off    int64   // offset of the next Read
	s      *stream // the GET being read, nil when none
	follow bool    // the last stream ended at off: stream the rest
	closed atomic.Bool
	win    atomic.Pointer[window] // last ReadAt window
}

var (
	_ fs.File     = (*file)(nil)
	_ io.Seeker   = (*file)(nil)
	_ io.ReaderAt = (*file)(nil)
)

// window is an immutable span of the object kept for small ReadAt calls.
type window struct {
	off  int64
	data []byte
}

func (f *file) Stat() (fs.FileInfo, error) {
	if f.closed.Load() {
		return nil, f.errClosed("stat")
	}
	return f.info, nil
}

// Read reads from the current offset, streaming from one GET until it
// ends or the offset moves.
func (f *file) Read(p []byte) (int, error) {
	if f.closed.Load() {
		return 0, f.errClosed("read")
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if f.off >= f.size {
			f.dropStream()
			return 0, io.EOF
		}
		if f.s == nil {
			end := f.size
			if !f.follow {
				end = min(f.off+firstWindow, f.size)
			}
			s, err := f.openStream(f.off, end)
			if err != nil {
				return 0, f.fsys.pathError("read", f.name, err)
			}
			f.s = s
		}
		n, err := f.s.read(p)
		f.off += int64(n)
		switch {
		case err == nil && f.off < f.s.end:
			return n, nil
		case err == nil || err == io.EOF:
			short := f.off < f.s.end
			f.dropStream()
			if short {
				return n, f.fsys.pathError("read", f.name, io.ErrUnexpectedEOF)
			}
			f.follow = true
			if n > 0 {
				return n, nil
			}
		default:
			f.dropStream()
			return n, f.fsys.pathError("read", f.name, err)
		}
	}
}

// Seek sets the offset of the next Read. Moving it ends the current GET;
// the next Read starts a new one there.
func (f *file) Seek(offset int64, whence int) (int64, error) {
	if f.closed.Load() {
		return 0, f.errClosed("seek")
	}
	abs := offset
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		abs += f.off
	case io.SeekEnd:
		abs += f.size
	default:
		return 0, &fs.PathError{Op: "seek", Path: f.name, Err: fs.ErrInvalid}
	}
	if abs < 0 {
		return 0, &fs.PathError{Op: "seek", Path: f.name, Err: fs.ErrInvalid}
	}
	if abs != f.off {
		f.dropStream()
		f.follow = false
		f.off = abs
	}
	return abs, nil
}

// ReadAt reads len(p) bytes at off with ranged GETs, without touching the
// Read offset. Small reads go through a cached 64 KiB window, so a run of
// them costs one request per window.
func (f *file) ReadAt(p []byte, off int64) (int, error) {
	if f.closed.Load() {
		return 0, f.errClosed("read")
	}
	if off < 0 {
		return 0, &fs.PathError{Op: "read", Path: f.name, Err: fmt.Errorf("negative offset %d: %w", off, fs.ErrInvalid)}
	}
	if len(p) == 0 {
		return 0, nil
	}
	if off >= f.size {
		return 0, io.EOF
	}
	want := p[:min(int64(len(p)), f.size-off)]
	var n int
	var err error
	if len(want) <= atSmall {
		n, err = f.readAtWindow(want, off)
	} else {
		n, err = f.fetch(want, off)
	}
	if err != nil {
		return n, f.fsys.pathError("read", f.name, err)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *file) readAtWindow(p []byte, off int64) (int, error) {
	w := f.win.Load()
	if w == nil || off < w.off || off+int64(len(p)) > w.off+int64(len(w.data)) {
		buf := make([]byte, min(atWindow, f.size-off))
		if _, err := f.fetch(buf, off); err != nil {
			return 0, err
		}
		w = &window{off: off, data: buf}
		f.win.Store(w)
	}
	return copy(p, w.data[off-w.off:]), nil
}

// fetch fills dst with the bytes at off, with as many ranged GETs as the
// server needs (one, normally).
func (f *file) fetch(dst []byte, off int64) (int, error) {
	n := 0
	for n < len(dst) {
		m, err := f.fetchOnce(dst[n:], off+int64(n))
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (f *file) fetchOnce(dst []byte, off int64) (int, error) {
	ctx, cancel := f.fsys.callCtx()
	defer cancel()
	body, end, err := f.get(ctx, off, off+int64(len(dst)))
	if err != nil {
		return 0, err
	}
	defer body.Close()
	n, err := io.ReadFull(body, dst[:min(int64(len(dst)), end-off)])
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// Close ends any GET in progress, releasing its connection. Later calls
// fail with fs.ErrClosed.
func (f *file) Close() error {
	if f.closed.Swap(true) {
		return f.errClosed("close")
	}
	f.dropStream()
	f.win.Store(nil)
	return nil
}

func (f *file) errClosed(op string) error {
	return &fs.PathError{Op: op, Path: f.name, Err: fs.ErrClosed}
}

func (f *file) dropStream() {
	if f.s != nil {
		f.s.close()
		f.s = nil
	}
}

// get sends a GET for bytes [start, end) pinned to the ETag of Open and
// returns the body positioned at start and the end of what it carries.
func (f *file) get(ctx context.Context, start, end int64) (io.ReadCloser, int64, error) {
	opt := &cos.ObjectGetOptions{Range: fmt.Sprintf("bytes=%d-%d", start, end-1)}
	if f.etag != "" {
		opt.IfMatch = `"` + f.etag + `"`
	}
	resp, err := f.fsys.c.Object.Get(ctx, f.key, opt)
	if err != nil {
		if errors.Is(err, cos.ErrPreconditionFailed) {
			err = fmt.Errorf("cosfs: object changed since it was opened (ETag was %q): %w", f.etag, err)
		}
		return nil, 0, err
	}
	// cos.Object.Get has checked that the answer is the range asked for
	// (a 200 only when that is the whole object); this checks it is of
	// the object that was opened: its size and, when Open saw one, its
	// ETag (a proxy may ignore If-Match).
	if etag := strings.Trim(strings.TrimSpace(resp.Header.Get("ETag")), `"`); f.etag != "" && etag != f.etag {
		resp.Body.Close()
		return nil, 0, fmt.Errorf("cosfs: %w: answer for ETag %q, the object opened has %q", cos.ErrInvalidResponse, etag, f.etag)
	}
	switch resp.StatusCode {
	case http.StatusPartialContent:
		first, last, total, ok := parseContentRange(resp.Header.Get("Content-Range"))
		if !ok || first != start || last < first || last >= end || total != f.size {
			resp.Body.Close()
			return nil, 0, fmt.Errorf("cosfs: %w: asked for bytes %d-%d of %d, got Content-Range %q",
				cos.ErrInvalidResponse, start, end-1, f.size, resp.Header.Get("Content-Range"))
		}
		return resp.Body, last + 1, nil
	case http.StatusOK: // the whole object, which is what was asked
		if start != 0 || resp.ContentLength != f.size {
			resp.Body.Close()
			return nil, 0, fmt.Errorf("cosfs: %w: asked for bytes %d-%d, got a whole object of %d bytes, %d at open",
				cos.ErrInvalidResponse, start, end-1, resp.ContentLength, f.size)
		}
		return resp.Body, f.size, nil
	default:
		resp.Body.Close()
		return nil, 0, fmt.Errorf("cosfs: %w: unexpected status %s for a ranged GET", cos.ErrInvalidResponse, resp.Status)
	}
}

// parseContentRange reads "bytes first-last/total".
func parseContentRange(v string) (first, last, total int64, ok bool) {
	spec, found := strings.CutPrefix(v, "bytes ")
	r, t, found2 := strings.Cut(spec, "/")
	a, b, found3 := strings.Cut(r, "-")
	if !found || !found2 || !found3 {
		return 0, 0, 0, false
	}
	var err1, err2, err3 error
	first, err1 = strconv.ParseInt(a, 10, 64)
	last, err2 = strconv.ParseInt(b, 10, 64)
	total, err3 = strconv.ParseInt(t, 10, 64)
	return first, last, total, err1 == nil && err2 == nil && err3 == nil
}

// stream is an open ranged GET read by Read.
type stream struct {
	body     io.ReadCloser
	br       *bufio.Reader
	end      int64 // offset just past the last byte the body carries
	cancel   context.CancelFunc
	timer    *time.Timer // fires after the timeout while waiting for data
	timeout  time.Duration
	timedOut atomic.Bool
}

// openStream starts a GET of [start, end).
func (f *file) openStream(start, end int64) (*stream, error) {
	ctx, cancel := context.WithCancel(f.fsys.ctx)
	s := &stream{cancel: cancel, timeout: f.fsys.timeout}
	if s.timeout > 0 {
		s.timer = time.AfterFunc(s.timeout, func() { s.timedOut.Store(true); cancel() })
	}
	body, end, err := f.get(ctx, start, end)
	if err != nil {
		s.close()
		return nil, s.wrap(err)
	}
	s.body, s.end = body, end
	var r io.Reader = body
	if s.timer != nil {
		s.timer.Stop()
		r = timedReader{s}
	}
	s.br = bufio.NewReaderSize(r, bufSize)
	return s, nil
}

func (s *stream) read(p []byte) (int, error) {
	n, err := s.br.Read(p)
	if err != nil && err != io.EOF {
		err = s.wrap(err)
	}
	return n, err
}

// wrap names a timeout for what it is rather than a cancellation.
func (s *stream) wrap(err error) error {
	if s.timedOut.Load() {
		return fmt.Errorf("cosfs: no data within %v: %w (%w)", s.timeout, context.DeadlineExceeded, err)
	}
	return err
}

func (s *stream) close() {
	if s.timer != nil {
		s.timer.Stop()
	}
	if s.body != nil {
		s.body.Close()
	}
	s.cancel()
}

// timedReader arms the stream's timer around each read of the body.
type timedReader struct{ s *stream }

func (t timedReader) Read(p []byte) (int, error) {
	t.s.timer.Reset(t.s.timeout)
	n, err := t.s.body.Read(p)
	t.s.timer.Stop()
	return n, err
}
