package cos

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"

	"github.com/cosgo/cos/internal/xmlutil"
)

// bodySource hands each attempt a body that starts at the same byte. A
// body is replayable when it can be re-read from its start without
// buffering: nil, an io.ReaderAt of known size (read through a fresh
// io.SectionReader each time, so the caller's offset is never shared), or
// an io.Seeker rewound to where it was. Anything else is sent once.
type bodySource struct {
	size       int64 // -1 unknown
	replayable bool
	open       func() (io.Reader, error) // a reader for one attempt
	wrap       func(io.Reader) io.Reader
	used       bool

	mu  sync.Mutex
	cur *guardedReader // the reader handed out last
}

func newBodySource(o *op, h http.Header) (*bodySource, error) {
	if o.xmlBody != nil {
		raw, err := xmlutil.Marshal(o.xmlBody)
		if err != nil {
			return nil, fmt.Errorf("cos: %s: encoding XML body: %w", o.name, err)
		}
		h.Set("Content-Type", "application/xml")
		h.Set("Content-MD5", contentMD5(raw))
		return bytesSource(raw), nil
	}
	if o.body == nil {
		return &bodySource{size: 0, replayable: true}, nil
	}
	src, err := readerSource(o.body, o.size)
	if err != nil {
		return nil, err
	}
	src.wrap = o.wrapBody
	return src, nil
}

func bytesSource(b []byte) *bodySource {
	return &bodySource{size: int64(len(b)), replayable: true, open: func() (io.Reader, error) {
		return bytes.NewReader(b), nil
	}}
}

// readerSource inspects r. want, when >= 0, is the number of bytes to send
// (it must not exceed what a sized reader holds).
func readerSource(r io.Reader, want int64) (*bodySource, error) {
	start, size, known := int64(0), int64(-1), false
	seeker, isSeeker := r.(io.Seeker)
	switch v := r.(type) {
	case interface{ Len() int }:
		// bytes.Reader, strings.Reader, bytes.Buffer: Len is what is left.
		size, known = int64(v.Len()), true
	}
	if isSeeker {
		cur, err := seeker.Seek(0, io.SeekCurrent)
		if err == nil {
			start = cur
			if !known {
				if f, ok := r.(*os.File); ok {
					if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
						size, known = st.Size()-cur, true
					}
				} else if end, err := seeker.Seek(0, io.SeekEnd); err == nil {
					if _, err := seeker.Seek(cur, io.SeekStart); err != nil {
						return nil, fmt.Errorf("cos: rewinding body: %w", err)
					}
					size, known = end-cur, true
				}
			}
		} else {
			isSeeker = false // e.g. a pipe behind an *os.File
		}
	}
	if want >= 0 {
		if known && want > size {
			return nil, invalidArg("ContentLength", "is %d but the body holds %d bytes", want, size)
		}
		size, known = want, true
	}
	if !known {
		size = -1
	}
	src := &bodySource{size: size}
	ra, isReaderAt := r.(io.ReaderAt)
	switch {
	case known && isReaderAt && isSeeker:
		src.replayable = true
		src.open = func() (io.Reader, error) { return io.NewSectionReader(ra, start, size), nil }
	case known && isSeeker:
		src.replayable = true
		src.open = func() (io.Reader, error) {
			if _, err := seeker.Seek(start, io.SeekStart); err != nil {
				return nil, fmt.Errorf("cos: rewinding body: %w", err)
			}
			return io.LimitReader(r, size), nil
		}
	default:
		src.open = func() (io.Reader, error) {
			if known {
				return io.LimitReader(r, size), nil
			}
			return r, nil
		}
	}
	return src, nil
}

// errBodyConsumed guards against re-sending a stream that was read.
var errBodyConsumed = errors.New("cos: request body is a stream that was already sent and cannot be replayed")

// attach sets the attempt's body, length and GetBody on req. The body is
// wrapped so the transport never closes the caller's reader.
func (s *bodySource) attach(req *http.Request) error {
	if s.open == nil {
		if req.Method == http.MethodPut || req.Method == http.MethodPost {
			req.ContentLength = 0
			req.Body = http.NoBody
		}
		return nil
	}
	if !s.replayable && s.used {
		return errBodyConsumed
	}
	s.used = true
	r, err := s.reader()
	if err != nil {
		return err
	}
	req.ContentLength = s.size
	if s.size == 0 {
		req.Body = http.NoBody
		return nil
	}
	req.Body = io.NopCloser(r)
	if s.replayable {
		req.GetBody = func() (io.ReadCloser, error) {
			r, err := s.reader()
			if err != nil {
				return nil, err
			}
			return io.NopCloser(r), nil
		}
	}
	return nil
}

// reader opens the body for one send, wrapped by the op's hook. The
// transport may go on reading a body after it answered (a server that
// replied before reading it all), so the reader handed out before is
// detached first: a rewind never races a read of the previous send, and
// that send cannot pull bytes meant for this one.
func (s *bodySource) reader() (io.Reader, error) {
	s.detach()
	r, err := s.open()
	if err != nil {
		return nil, err
	}
	if s.wrap != nil {
		r = s.wrap(r)
	}
	g := &guardedReader{r: r}
	s.mu.Lock()
	s.cur = g
	s.mu.Unlock()
	return g, nil
}

// detach stops the last reader handed out, so nothing reads the caller's
// body once the call returned. For a replayable body it also waits for a
// read in progress (reads of memory, files and seekers end promptly); a
// stream's read may block indefinitely, so it is not waited for.
func (s *bodySource) detach() {
	s.mu.Lock()
	g := s.cur
	s.cur = nil
	s.mu.Unlock()
	if g != nil {
		g.detach(s.replayable)
	}
}

// errBodyDetached is what a request body reads once its attempt is over.
var errBodyDetached = errors.New("cos: request body read after its attempt ended")

// guardedReader is one attempt's view of the body; see bodySource.reader.
type guardedReader struct {
	mu     sync.Mutex // held during a read of r
	r      io.Reader
	closed atomic.Bool
}

func (g *guardedReader) Read(p []byte) (int, error) {
	if g.closed.Load() {
		return 0, errBodyDetached
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed.Load() {
		return 0, errBodyDetached
	}
	return g.r.Read(p)
}

func (g *guardedReader) detach(wait bool) {
	g.closed.Store(true)
	if wait {
		g.mu.Lock()
		g.mu.Unlock() //nolint:staticcheck // waits for a read in progress
	}
}
