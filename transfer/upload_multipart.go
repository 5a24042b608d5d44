package transfer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/cosgo/cos"
)

// partInfo is a part the server has confirmed. It is also the checkpoint's
// record of a part.
type partInfo struct {
	Number int    `json:"number"`
	Size   int64  `json:"size"`
	ETag   string `json:"etag"`
	CRC64  uint64 `json:"crc64,string"`
}

// partJob is one part handed from the producer to a worker.
type partJob struct {
	number  int
	size    int64
	body    io.Reader
	release func() // returns a pooled buffer; nil for ReadAt parts
}

type partResult struct {
	info  partInfo
	noCRC bool // the server sent no CRC64 for the part
	err   error
}

// multipart is one multipart upload or copy in progress: its ID, the parts
// the server confirmed, how to send a part and what to do after each.
type multipart struct {
	c        *cos.Client
	conc     int
	key      string
	uploadID string
	prog     *progress
	parts    map[int]partInfo
	// crcUnknown is set when a part came back without a CRC64 (possible
	// for part copies), so the object's cannot be combined.
	crcUnknown bool
	// send transfers one part.
	send func(context.Context, partJob) partResult
	// onPart runs after each confirmed part, on the caller's goroutine
	// (it writes the checkpoint).
	onPart func() error
	// completeOpt are the headers of CompleteMultipartUpload (nil: none).
	completeOpt *cos.CompleteMultipartUploadOptions
}

// initiate starts a multipart upload. InitiateMultipartUpload is never
// retried by the client (a retry would mint a second, orphaned upload), so
// a failure here leaves nothing to abort that we know of.
func (u *Uploader) initiate(ctx context.Context, key string, o *UploadOptions, prog *progress) (*multipart, error) {
	res, _, err := u.c.Object.InitiateMultipartUpload(ctx, key, o.initiateOptions())
	if err != nil {
		return nil, fmt.Errorf("transfer: upload %q: initiating: %w", key, err)
	}
	return u.newMultipart(key, res.UploadID, o, prog), nil
}

func (u *Uploader) newMultipart(key, uploadID string, o *UploadOptions, prog *progress) *multipart {
	m := &multipart{c: u.c, conc: u.cfg.concurrency, key: key, uploadID: uploadID, prog: prog, parts: map[int]partInfo{},
		completeOpt: o.completeOptions()}
	m.send = func(ctx context.Context, j partJob) partResult { return m.uploadPart(ctx, j, o) }
	return m
}

// multipartUpload runs a whole multipart upload that is not resumable:
// initiate, upload what produce emits, then complete with what finish
// reports (part count and size), aborting on failure unless told to keep
// the parts.
func (u *Uploader) multipartUpload(ctx context.Context, key string, o *UploadOptions, prog *progress,
	produce func(context.Context, func(partJob) error) error, finish func() (int, int64, error),
) (*UploadResult, error) {
	m, err := u.initiate(ctx, key, o, prog)
	if err != nil {
		return nil, err
	}
	prog.start(0, 0)
	err = m.run(ctx, produce)
	var res *UploadResult
	if err == nil {
		var count int
		var size int64
		if count, size, err = finish(); err == nil {
			res, err = m.complete(ctx, count, size)
		}
	}
	if err != nil {
		return nil, m.fail(ctx, err, u.cfg.leaveParts)
	}
	prog.finish(res.Size)
	return res, nil
}

// run uploads the parts produce emits with a fixed pool of workers and
// returns the first error (see workerPool). Confirmed parts are recorded,
// reported to progress and checkpointed on the caller's goroutine.
func (m *multipart) run(ctx context.Context, produce func(context.Context, func(partJob) error) error) error {
	p := &workerPool[partJob]{
		conc:    m.conc,
		produce: produce,
		work:    m.send,
		drop: func(j partJob) {
			if j.release != nil {
				j.release()
			}
		},
		collect: func(r partResult) error {
			m.parts[r.info.Number] = r.info
			m.crcUnknown = m.crcUnknown || r.noCRC
			m.prog.add(r.info.Size)
			if m.onPart != nil {
				return m.onPart()
			}
			return nil
		},
	}
	return p.run(ctx)
}

// uploadPart sends one part. The client retries it (the body is always
// replayable) and checks its CRC64 against the server's, so the CRC64 in
// the result describes the bytes COS stored.
func (m *multipart) uploadPart(ctx context.Context, j partJob, o *UploadOptions) partResult {
	if j.release != nil {
		defer j.release()
	}
	res, _, err := m.c.Object.UploadPart(ctx, m.key, m.uploadID, j.number, j.body, o.partOptions(j.size))
	if err != nil {
		return partResult{err: fmt.Errorf("transfer: part %d: %w", j.number, err)}
	}
	return partResult{info: partInfo{Number: j.number, Size: j.size, ETag: res.ETag, CRC64: res.CRC64}}
}

// sortedParts returns the confirmed parts in part-number order and the
// CRC64 of their concatenation.
func (m *multipart) sortedParts() ([]partInfo, uint64) {
	list := sortParts(m.parts)
	return list, combineCRC(list)
}

// sortParts returns the parts in part-number order.
func sortParts(m map[int]partInfo) []partInfo {
	list := make([]partInfo, 0, len(m))
	for _, p := range m {
		list = append(list, p)
	}
	slices.SortFunc(list, func(a, b partInfo) int { return a.Number - b.Number })
	return list
}

// combineCRC is the CRC64 of the parts' concatenation, from their own
// CRC64s and sizes: nothing is read again.
func combineCRC(list []partInfo) uint64 {
	var crc uint64
	for _, p := range list {
		crc = cos.CRC64Combine(crc, p.CRC64, p.Size)
	}
	return crc
}

// complete finishes the upload of count parts holding size bytes and
// checks the object's CRC64.
func (m *multipart) complete(ctx context.Context, count int, size int64) (*UploadResult, error) {
	list, crc := m.sortedParts()
	if len(list) != count {
		return nil, fmt.Errorf("transfer: upload %q: %d of %d parts confirmed", m.key, len(list), count)
	}
	completed := make([]cos.CompletedPart, len(list))
	for i, p := range list {
		completed[i] = cos.CompletedPart{PartNumber: p.Number, ETag: p.ETag}
	}
	out := &UploadResult{Key: m.key, Size: size, Parts: count, UploadID: m.uploadID, CRC64: crc}
	res, _, err := m.c.Object.CompleteMultipartUpload(ctx, m.key, m.uploadID, completed, m.completeOpt)
	if err != nil {
		// A retried Complete whose first attempt succeeded answers
		// NoSuchUpload: the object tells whether that happened.
		if cos.ErrorCode(err) == "NoSuchUpload" {
			if ok, herr := m.confirmCompleted(ctx, out); herr == nil && ok {
				return out, nil
			}
		}
		return nil, fmt.Errorf("transfer: upload %q: completing: %w", m.key, err)
	}
	out.ETag, out.VersionID = res.ETag, res.VersionID
	if m.crcUnknown {
		out.CRC64 = 0
		if res.HasCRC64 {
			out.CRC64 = res.CRC64
		}
	} else if res.HasCRC64 && res.CRC64 != crc {
		return nil, fmt.Errorf("transfer: upload %q: %w: parts combine to CRC64 %d, COS computed %d",
			m.key, cos.ErrChecksumMismatch, crc, res.CRC64)
	}
	return out, nil
}

// confirmCompleted checks with HEAD that the object is the one this upload
// would have made: a multipart ETag with our part count, our size and, when
// COS stores one, our CRC64.
func (m *multipart) confirmCompleted(ctx context.Context, out *UploadResult) (bool, error) {
	meta, _, err := m.c.Object.Head(ctx, m.key, nil)
	if err != nil {
		return false, err
	}
	if !strings.HasSuffix(meta.ETag, "-"+strconv.Itoa(out.Parts)) || meta.ContentLength != out.Size {
		return false, nil
	}
	if meta.HasCRC64 && !m.crcUnknown && meta.CRC64 != out.CRC64 {
		return false, nil
	}
	out.ETag, out.VersionID = meta.ETag, meta.VersionID
	if m.crcUnknown {
		out.CRC64 = meta.CRC64
	}
	return true, nil
}

// fail wraps cause in an *UploadError and, unless keep, aborts the upload
// on a context that survives the caller's cancellation (the caller's
// cancel is often why we are here) but keeps its values, with a bound of
// its own.
func (m *multipart) fail(ctx context.Context, cause error, keep bool) error {
	ue := &UploadError{Key: m.key, UploadID: m.uploadID, Err: cause, Kept: keep}
	if keep {
		return ue
	}
	if err := abortUpload(ctx, m.c, m.key, m.uploadID); err != nil {
		ue.Err = errors.Join(cause, err)
		ue.Kept = true
	}
	return ue
}

// abortUpload aborts an upload on a fresh, bounded context. An upload that
// is already gone counts as aborted.
func abortUpload(ctx context.Context, c *cos.Client, key, uploadID string) error {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), abortTimeout)
	defer cancel()
	_, err := c.Object.AbortMultipartUpload(actx, key, uploadID)
	if err != nil && !errors.Is(err, cos.ErrNotFound) {
		return fmt.Errorf("transfer: aborting upload %s: %w", uploadID, err)
	}
	return nil
}

// uploadReaderAt uploads size bytes of ra from start, reading each part
// with its own io.SectionReader: no buffer, no shared offset.
func (u *Uploader) uploadReaderAt(ctx context.Context, key string, ra io.ReaderAt, start, size, partSize int64, o *UploadOptions, prog *progress) (*UploadResult, error) {
	count := partCount(size, partSize)
	produce := readerAtParts(ra, start, size, partSize, nil)
	return u.multipartUpload(ctx, key, o, prog, produce, func() (int, int64, error) {
		return count, size, nil
	})
}

// readerAtParts emits the parts of ra that are not in done.
func readerAtParts(ra io.ReaderAt, start, size, partSize int64, done map[int]partInfo) func(context.Context, func(partJob) error) error {
	return func(ctx context.Context, emit func(partJob) error) error {
		count := partCount(size, partSize)
		for n := 1; n <= count; n++ {
			if _, ok := done[n]; ok {
				continue
			}
			off := int64(n-1) * partSize
			sz := min(partSize, size-off)
			if err := emit(partJob{number: n, size: sz, body: io.NewSectionReader(ra, start+off, sz)}); err != nil {
				return err
			}
		}
		return nil
	}
}

// guardedBytes is a part buffer as a request body. The HTTP transport may
// still read a request body after the call returned (when the server
// answered before the body was sent), while the buffer is already being
// refilled with the next part; once closed, reads fail instead of racing.
// It offers Len, Seek and ReadAt so the client knows its size and can
// replay it on a retry.
type guardedBytes struct {
	mu     sync.Mutex
	b      []byte
	off    int64
	closed bool
}

func (g *guardedBytes) Len() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.b) - int(min(g.off, int64(len(g.b))))
}

func (g *guardedBytes) Read(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	n, err := g.readAt(p, g.off)
	g.off += int64(n)
	return n, err
}

func (g *guardedBytes) ReadAt(p []byte, off int64) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.readAt(p, off)
}

func (g *guardedBytes) readAt(p []byte, off int64) (int, error) {
	if g.closed {
		return 0, errReleased
	}
	if off < 0 {
		return 0, errors.New("transfer: negative offset")
	}
	if off >= int64(len(g.b)) {
		return 0, io.EOF
	}
	n := copy(p, g.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (g *guardedBytes) Seek(offset int64, whence int) (int64, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += g.off
	case io.SeekEnd:
		offset += int64(len(g.b))
	default:
		return 0, errors.New("transfer: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("transfer: negative position")
	}
	g.off = offset
	return offset, nil
}

func (g *guardedBytes) close() {
	g.mu.Lock()
	g.closed = true
	g.b = nil
	g.mu.Unlock()
}
