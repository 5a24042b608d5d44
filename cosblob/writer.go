package cosblob

import (
	"bytes"
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/cosgo/cos/transfer"
	"gocloud.dev/blob/driver"
)

// defaultContentType is stored when the caller disables content-type
// detection and gives no type: it claims nothing about the bytes.
const defaultContentType = "application/octet-stream"

// NewTypedWriter returns a writer that streams what is written to
// transfer.Uploader through a pipe: at most one part size in one PUT
// Object, more as a multipart upload, holding at most max(Concurrency, 2)
// part buffers whatever the size. Nothing is visible until Close succeeds: if
// ctx is cancelled, or the bytes do not match WriterOptions.ContentMD5,
// the stream ends with an error instead of EOF, so the single PUT is never
// sent or the multipart upload is aborted rather than completed.
func (b *bucket) NewTypedWriter(ctx context.Context, key, contentType string, opts *driver.WriterOptions) (driver.Writer, error) {
	if contentType == "" && opts.DisableContentTypeDetection {
		contentType = defaultContentType
	}
	md := make(map[string]string, len(opts.Metadata))
	for k, v := range opts.Metadata {
		md[escapeMetaName(k)] = escapeMetaValue(v)
	}
	uo := &transfer.UploadOptions{
		ContentType:        contentType,
		CacheControl:       opts.CacheControl,
		ContentDisposition: opts.ContentDisposition,
		ContentEncoding:    opts.ContentEncoding,
		ContentLanguage:    opts.ContentLanguage,
		Metadata:           md,
		ForbidOverwrite:    opts.IfNotExist,
	}
	u := b.uploader
	if opts.BufferSize != 0 || opts.MaxConcurrency != 0 {
		u = transfer.NewUploader(b.client, b.transferOptions(int64(opts.BufferSize), opts.MaxConcurrency)...)
	}
	if opts.BeforeWrite != nil {
		err := opts.BeforeWrite(func(i any) bool {
			switch p := i.(type) {
			case **transfer.UploadOptions:
				*p = uo
			case **transfer.Uploader:
				*p = u
			default:
				return false
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	w := &writer{ctx: ctx, key: escapeKey(key), u: u, opts: uo, done: make(chan struct{})}
	if len(opts.ContentMD5) > 0 {
		w.wantMD5, w.md5 = opts.ContentMD5, md5.New()
	}
	return w, nil
}

// writer feeds one upload. The upload runs on its own goroutine, started
// by the first Write (or by Close for an empty object), reading the pipe.
type writer struct {
	ctx  context.Context
	key  string
	u    *transfer.Uploader
	opts *transfer.UploadOptions

	wantMD5 []byte
	md5     hash.Hash // of what the upload read, checked at EOF

	pr      *io.PipeReader
	pw      *io.PipeWriter
	started bool
	done    chan struct{} // closed when the upload returns
	err     error         // the upload's error, set before done closes
}

var _ driver.Uploader = (*writer)(nil)

// Write hands p to the upload. It returns when the upload has taken all
// of p into a part buffer, or with the upload's error.
func (w *writer) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	w.start()
	return w.pw.Write(p)
}

func (w *writer) start() {
	if w.started {
		return
	}
	w.started = true
	w.pr, w.pw = io.Pipe()
	go func() {
		defer close(w.done)
		_, err := w.u.Upload(w.ctx, w.key, &checkedStream{w: w, r: w.pr}, w.opts)
		// Unblock a Write waiting on the pipe when the upload failed.
		w.pr.CloseWithError(uploadFailed(err))
		w.err = err
	}()
}

// uploadFailed is what a Write blocked on a finished upload sees.
func uploadFailed(err error) error {
	if err == nil {
		return errors.New("cosblob: the upload has already finished")
	}
	return err
}

// Upload implements driver.Uploader: blob.Bucket.Upload hands over its
// reader, so an io.ReaderAt source (a file, a bytes.Reader) is uploaded in
// concurrent parts read in place, without a pipe or part buffers.
func (w *writer) Upload(r io.Reader) error {
	w.started = true
	_, w.err = w.u.Upload(w.ctx, w.key, r, w.opts)
	close(w.done)
	return w.err
}

// Close ends the stream and waits for the upload. When ctx was cancelled
// the stream ends with ctx's error, so nothing is stored.
func (w *writer) Close() error {
	w.start()
	if w.pw != nil {
		if err := w.ctx.Err(); err != nil {
			w.pw.CloseWithError(err)
		} else {
			w.pw.Close()
		}
	}
	<-w.done
	return w.err
}

// checkedStream is the upload's view of the pipe. At the end of the
// stream it reports ctx's error or a ContentMD5 mismatch instead of EOF,
// which makes the uploader drop the data rather than store it.
type checkedStream struct {
	w *writer
	r io.Reader
}

func (s *checkedStream) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if s.w.md5 != nil {
		s.w.md5.Write(p[:n])
	}
	if err != io.EOF {
		return n, err
	}
	if cerr := s.w.ctx.Err(); cerr != nil {
		return n, cerr
	}
	if s.w.md5 != nil {
		if got := s.w.md5.Sum(nil); !bytes.Equal(got, s.w.wantMD5) {
			return n, fmt.Errorf("%w: ContentMD5 is %x, the bytes written have MD5 %x", errContentMD5, s.w.wantMD5, got)
		}
	}
	return n, io.EOF
}
