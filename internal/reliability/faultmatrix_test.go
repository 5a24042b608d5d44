package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The fault matrix: every fault of the issue crossed with every operation,
// each cell on a fresh costest server and client. A cell passes when the
// operation either succeeded with byte-identical data or failed with the
// typed error its fault class calls for, and always: no corrupt object
// stored, no partial destination file, no orphan multipart upload unless a
// checkpoint keeps it (and then resuming completes it), no goroutine left
// running, and no request body re-sent empty or short.

type faultClass int

const (
	noFault      faultClass = iota
	transient               // retryable: 5xx, RequestTimeout, lost or cut connections
	slow                    // the server stalls past the caller's deadline
	errorIn200              // 200 whose body is an <Error> document
	denied                  // 403
	noSuchUpload            // 404 NoSuchUpload on a multipart step
)

type matrixFault struct {
	name  string
	class faultClass
	fault costest.Fault // Op, Key and Nth come from the operation
}

// slowDeadline bounds a call in the slow-response row; the server would
// stall for slowDelay.
const (
	slowDeadline = 300 * time.Millisecond
	slowDelay    = 3 * time.Second
)

var matrixFaults = []matrixFault{
	{"no fault (baseline)", noFault, costest.Fault{}},
	{"500 InternalError", transient, costest.Fault{Kind: costest.FaultStatus, Status: 500, Code: "InternalError"}},
	{"503 SlowDown + Retry-After", transient, costest.Fault{Kind: costest.FaultStatus, Status: 503, Code: "SlowDown", RetryAfter: "1"}},
	{"400 RequestTimeout", transient, costest.Fault{Kind: costest.FaultStatus, Status: 400, Code: "RequestTimeout"}},
	{"connection dropped before the response", transient, costest.Fault{Kind: costest.FaultDropResponse}},
	{"connection dropped mid-response body", transient, costest.Fault{Kind: costest.FaultTruncate, Bytes: 100}},
	{"truncated request body", transient, costest.Fault{Kind: costest.FaultDropRequest, Bytes: 1000}},
	{"slow response past the ctx deadline", slow, costest.Fault{Kind: costest.FaultDelay, Delay: slowDelay}},
	{"200 with <Error> body", errorIn200, costest.Fault{Kind: costest.FaultErrorIn200, Code: "InternalError"}},
	{"403 SignatureDoesNotMatch", denied, costest.Fault{Kind: costest.FaultStatus, Status: 403, Code: "SignatureDoesNotMatch"}},
	{"404 NoSuchUpload mid-multipart", noSuchUpload, costest.Fault{Kind: costest.FaultStatus, Status: 404, Code: "NoSuchUpload"}},
}

const (
	partSize = 1 << 20
	bigSize  = 2*partSize + partSize/2 // three parts
)

var (
	smallData = randomBytes(1, 64<<10)
	bigData   = randomBytes(2, bigSize)
	oldData   = []byte("the previous content of the destination")
	// completeData is what the cos-level multipart cell uploads: one full
	// part and a short last one.
	completeData = randomBytes(3, partSize+1024)
)

// cell is one operation run under one fault.
type cell struct {
	t     *testing.T
	e     *env
	ctx   context.Context
	fault matrixFault
	dir   string // scratch directory (local files)
	cpDir string // checkpoint directory
	key   string
	note  string // extra outcome detail (resume, maybe-done)
	gap   string // a known gap this cell reproduces
}

type matrixOp struct {
	name  string
	short string // column header in RELIABILITY.md
	calls string // what the cell does, for RELIABILITY.md
	// target is the operation the fault hits, on the nth matching request;
	// in200 and in404 replace it for those rows (0 means n/a).
	target       costest.Op
	nth          int
	in200, in404 costest.Op
	// transfer marks the transfer columns: several requests in flight, so
	// a failure cuts its siblings' bodies.
	transfer bool
	setup    func(x *cell)
	run      func(x *cell) error
	// check asserts the invariants on the server and the local disk.
	check func(x *cell, err error)
	// size is the whole body a PutObject or UploadPart must declare.
	size func(r costest.Request) (int64, bool)
}

func (x *cell) seed(key string, data []byte) {
	require.NoError(x.t, x.e.srv.PutObject(bucket, key, data, nil))
}

// objectIs asserts the stored object is want after a success and, after a
// failure, either the previous content or the complete new one.
func (x *cell) objectIs(key string, err error, want, prev []byte) {
	got, ok := x.e.srv.Object(bucket, key)
	if err == nil {
		if assert.True(x.t, ok, "object %s missing after success", key) {
			assert.True(x.t, bytes.Equal(got, want), "object %s differs from what was sent (%d bytes, want %d)", key, len(got), len(want))
		}
		return
	}
	switch {
	case prev == nil && !ok:
	case ok && prev != nil && bytes.Equal(got, prev):
	case ok && bytes.Equal(got, want):
	default:
		x.t.Errorf("object %s is corrupt after a failure: %d bytes (present %v)", key, len(got), ok)
	}
}

// noOrphans asserts the bucket holds no multipart upload (or, for a
// known gap, exactly one, which it then removes).
func (x *cell) noOrphans() {
	ids := x.e.srv.MultipartUploads(bucket)
	if x.gap != "" {
		if assert.Len(x.t, ids, 1, "known gap no longer reproduces: update knownGap()") {
			_, err := x.e.c.Object.AbortMultipartUpload(context.Background(), x.key, ids[0])
			assert.NoError(x.t, err)
			x.note = "orphan upload left"
		}
		return
	}
	assert.Empty(x.t, ids, "orphan multipart upload")
}

// fileIs asserts dir holds only name, with want after a success or prev
// after a failure.
func (x *cell) fileIs(name string, err error, want, prev []byte) {
	assert.Equal(x.t, []string{name}, dirNames(x.t, x.dir), "only the destination file may exist")
	got, rerr := os.ReadFile(filepath.Join(x.dir, name))
	require.NoError(x.t, rerr)
	if err == nil {
		assert.True(x.t, bytes.Equal(got, want), "downloaded file differs (%d bytes, want %d)", len(got), len(want))
	} else {
		assert.True(x.t, bytes.Equal(got, prev), "destination changed by a failed download (%d bytes)", len(got))
	}
}

func putSize(n int) func(costest.Request) (int64, bool) {
	return func(r costest.Request) (int64, bool) {
		if r.Op == costest.OpPutObject {
			return int64(n), true
		}
		return 0, false
	}
}

func partSizes(total int) func(costest.Request) (int64, bool) {
	return func(r costest.Request) (int64, bool) {
		if r.Op != costest.OpUploadPart {
			return 0, false
		}
		n, err := strconv.Atoi(r.Query.Get("partNumber"))
		if err != nil || n < 1 {
			return 0, false
		}
		return int64(min(partSize, total-(n-1)*partSize)), true
	}
}

// onlyReader hides every method but Read: a stream that cannot be
// replayed.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// seekOnly is seekable but not an io.ReaderAt and has no Len.
type seekOnly struct{ io.ReadSeeker }

func putColumn(name, short, calls string, body func() (io.Reader, *cos.ObjectPutOptions)) matrixOp {
	return matrixOp{
		name: name, short: short, calls: calls, target: costest.OpPutObject,
		setup: func(x *cell) { x.seed(x.key, oldData) },
		run: func(x *cell) error {
			r, opt := body()
			_, _, err := x.e.c.Object.Put(x.ctx, x.key, r, opt)
			return err
		},
		check: func(x *cell, err error) { x.objectIs(x.key, err, smallData, oldData) },
		size:  putSize(len(smallData)),
	}
}

var deleteKeys = []string{"del/1", "del/2", "del/3"}

var matrixOps = []matrixOp{
	putColumn("Put (ReaderAt)", "Put ReaderAt", "Object.Put of 64 KiB from a bytes.Reader over an older object", func() (io.Reader, *cos.ObjectPutOptions) { return bytes.NewReader(smallData), nil }),
	putColumn("Put (Seeker only)", "Put Seeker", "Object.Put of 64 KiB from an io.ReadSeeker that is not an io.ReaderAt", func() (io.Reader, *cos.ObjectPutOptions) {
		return seekOnly{bytes.NewReader(smallData)}, nil
	}),
	putColumn("Put (stream)", "Put stream", "Object.Put of 64 KiB from a plain io.Reader with ContentLength", func() (io.Reader, *cos.ObjectPutOptions) {
		return onlyReader{bytes.NewReader(smallData)}, &cos.ObjectPutOptions{ContentLength: int64(len(smallData))}
	}),
	{
		name: "Get", short: "Get", calls: "Object.Get of 64 KiB, body read to the end", target: costest.OpGetObject,
		setup: func(x *cell) { x.seed(x.key, smallData) },
		run: func(x *cell) error {
			resp, err := x.e.c.Object.Get(x.ctx, x.key, nil)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			assert.True(x.t, bytes.Equal(b, smallData), "Get returned %d different bytes", len(b))
			return nil
		},
		check: func(x *cell, err error) { x.objectIs(x.key, nil, smallData, nil) },
	},
	{
		name: "GetToFile", short: "GetToFile", calls: "Object.GetToFile of 64 KiB over an existing file", target: costest.OpGetObject,
		setup: func(x *cell) {
			x.seed(x.key, smallData)
			require.NoError(x.t, os.WriteFile(filepath.Join(x.dir, "dest"), oldData, 0o644))
		},
		run: func(x *cell) error {
			_, err := x.e.c.Object.GetToFile(x.ctx, x.key, filepath.Join(x.dir, "dest"), nil)
			return err
		},
		check: func(x *cell, err error) { x.fileIs("dest", err, smallData, oldData) },
	},
	{
		name: "Head", short: "Head", calls: "Object.Head (length and CRC64 checked)", target: costest.OpHeadObject,
		setup: func(x *cell) { x.seed(x.key, smallData) },
		run: func(x *cell) error {
			m, _, err := x.e.c.Object.Head(x.ctx, x.key, nil)
			if err != nil {
				return err
			}
			assert.EqualValues(x.t, len(smallData), m.ContentLength)
			assert.Equal(x.t, cos.CRC64(smallData), m.CRC64)
			return nil
		},
		check: func(x *cell, err error) { x.objectIs(x.key, nil, smallData, nil) },
	},
	{
		name: "DeleteMulti", short: "DeleteMulti", calls: "Object.DeleteMulti of 3 keys", target: costest.OpDeleteObjects,
		in200: costest.OpDeleteObjects,
		setup: func(x *cell) {
			for _, k := range deleteKeys {
				x.seed(k, smallData)
			}
		},
		run: func(x *cell) error {
			var ids []cos.ObjectIdentifier
			for _, k := range deleteKeys {
				ids = append(ids, cos.ObjectIdentifier{Key: k})
			}
			res, _, err := x.e.c.Object.DeleteMulti(x.ctx, &cos.DeleteMultiOptions{Objects: ids})
			if err != nil {
				return err
			}
			assert.Len(x.t, res.Deleted, len(deleteKeys))
			assert.Empty(x.t, res.Errors)
			return nil
		},
		check: func(x *cell, err error) {
			for _, k := range deleteKeys {
				got, ok := x.e.srv.Object(bucket, k)
				if err == nil {
					assert.False(x.t, ok, "%s survived a successful DeleteMulti", k)
				} else if ok {
					assert.True(x.t, bytes.Equal(got, smallData), "%s corrupted", k)
				}
			}
		},
	},
	{
		name: "Copy", short: "Copy", calls: "Object.Copy of 64 KiB over an older object", target: costest.OpCopyObject, in200: costest.OpCopyObject,
		setup: func(x *cell) {
			x.seed("src", smallData)
			x.seed(x.key, oldData)
		},
		run: func(x *cell) error {
			_, _, err := x.e.c.Object.Copy(x.ctx, x.key, cos.CopySource{Bucket: bucket, Key: "src"}, nil)
			return err
		},
		check: func(x *cell, err error) {
			x.objectIs(x.key, err, smallData, oldData)
			x.objectIs("src", nil, smallData, nil)
		},
	},
	{
		name: "CompleteMultipartUpload", short: "Complete", calls: "InitiateMultipartUpload, 2 UploadParts, CompleteMultipartUpload (the caller aborts on failure)", target: costest.OpCompleteMultipartUpload,
		in200: costest.OpCompleteMultipartUpload, in404: costest.OpCompleteMultipartUpload,
		setup: func(x *cell) { x.seed(x.key, oldData) },
		run: func(x *cell) error {
			o := x.e.c.Object
			init, _, err := o.InitiateMultipartUpload(x.ctx, x.key, nil)
			if err != nil {
				return err
			}
			var parts []cos.CompletedPart
			for i, p := range [][]byte{completeData[:partSize], completeData[partSize:]} {
				res, _, err := o.UploadPart(x.ctx, x.key, init.UploadID, i+1, bytes.NewReader(p), nil)
				if err != nil {
					return err
				}
				parts = append(parts, cos.CompletedPart{PartNumber: i + 1, ETag: res.ETag})
			}
			_, _, err = o.CompleteMultipartUpload(x.ctx, x.key, init.UploadID, parts, nil)
			if err != nil {
				// What a careful caller does: NoSuchUpload after a retry may
				// mean an earlier attempt completed (the doc says check with
				// Head); otherwise abort.
				actx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				if m, _, herr := o.Head(actx, x.key, nil); herr == nil && m.ContentLength == int64(len(completeData)) && m.CRC64 == cos.CRC64(completeData) {
					x.note = "Head shows the object complete"
				}
				_, _ = o.AbortMultipartUpload(actx, x.key, init.UploadID)
			}
			return err
		},
		check: func(x *cell, err error) {
			x.objectIs(x.key, err, completeData, oldData)
			x.noOrphans()
		},
		size: partSizes(len(completeData)),
	},
	{
		name: "transfer Upload (stream)", short: "Upload", calls: "transfer.Uploader.Upload of 2.5 MiB from a plain io.Reader, 1 MiB parts, 2 workers", target: costest.OpUploadPart, nth: 2, transfer: true,
		in200: costest.OpCompleteMultipartUpload, in404: costest.OpUploadPart,
		setup: func(x *cell) { x.seed(x.key, oldData) },
		run: func(x *cell) error {
			u := transfer.NewUploader(x.e.c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2))
			res, err := u.Upload(x.ctx, x.key, onlyReader{bytes.NewReader(bigData)}, nil)
			if err == nil {
				assert.EqualValues(x.t, len(bigData), res.Size)
				assert.Equal(x.t, cos.CRC64(bigData), res.CRC64)
			}
			return err
		},
		check: func(x *cell, err error) {
			x.objectIs(x.key, err, bigData, oldData)
			x.noOrphans()
			x.uploadErrorAborted(err)
		},
		size: partSizes(len(bigData)),
	},
	{
		name: "transfer UploadFile (checkpoint)", short: "UploadFile", calls: "transfer.Uploader.UploadFile of 2.5 MiB with WithCheckpointDir; a kept upload is resumed by a second call", target: costest.OpUploadPart, nth: 2, transfer: true,
		in200: costest.OpCompleteMultipartUpload, in404: costest.OpUploadPart,
		setup: func(x *cell) {
			x.seed(x.key, oldData)
			require.NoError(x.t, os.WriteFile(filepath.Join(x.dir, "src.bin"), bigData, 0o644))
		},
		run: func(x *cell) error {
			u := transfer.NewUploader(x.e.c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2), transfer.WithCheckpointDir(x.cpDir))
			_, err := u.UploadFile(x.ctx, x.key, filepath.Join(x.dir, "src.bin"), nil)
			if err == nil {
				return nil
			}
			x.objectIs(x.key, err, bigData, oldData)
			var ue *transfer.UploadError
			if errors.As(err, &ue) && ue.Kept {
				// The checkpoint keeps the upload: it must be the only one,
				// and the same call, run again, must finish it.
				assert.Equal(x.t, []string{ue.UploadID}, x.e.srv.MultipartUploads(bucket))
				assert.NotEmpty(x.t, dirNames(x.t, x.cpDir), "a kept upload needs its checkpoint")
				x.e.srv.ClearFaults()
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				res, rerr := u.UploadFile(ctx, x.key, filepath.Join(x.dir, "src.bin"), nil)
				if assert.NoError(x.t, rerr, "resuming") {
					assert.Equal(x.t, ue.UploadID, res.UploadID, "resumed the kept upload")
					x.note = "kept by checkpoint, resumed ok"
				}
				x.objectIs(x.key, nil, bigData, nil)
			} else {
				x.uploadErrorAborted(err)
			}
			return err
		},
		check: func(x *cell, err error) {
			if err == nil || x.note != "" {
				x.objectIs(x.key, nil, bigData, nil)
				assert.Empty(x.t, dirNames(x.t, x.cpDir), "checkpoint left after success")
			}
			x.noOrphans()
			assert.Equal(x.t, []string{"src.bin"}, dirNames(x.t, x.dir))
		},
		size: partSizes(len(bigData)),
	},
	{
		name: "transfer DownloadFile", short: "DownloadFile", calls: "transfer.Downloader.DownloadFile of 2.5 MiB over an existing file, 1 MiB ranges, 2 workers", target: costest.OpGetObject, nth: 2, transfer: true,
		setup: func(x *cell) {
			x.seed(x.key, bigData)
			require.NoError(x.t, os.WriteFile(filepath.Join(x.dir, "dest"), oldData, 0o644))
		},
		run: func(x *cell) error {
			d := transfer.NewDownloader(x.e.c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2))
			return d.DownloadFile(x.ctx, x.key, filepath.Join(x.dir, "dest"), nil)
		},
		check: func(x *cell, err error) { x.fileIs("dest", err, bigData, oldData) },
	},
	{
		name: "transfer Copier (multipart)", short: "Copier", calls: "transfer.Copier.Copy of 2.5 MiB as 3 UploadPartCopy parts, 2 workers", target: costest.OpUploadPartCopy, nth: 2, transfer: true,
		in200: costest.OpUploadPartCopy, in404: costest.OpUploadPartCopy,
		setup: func(x *cell) {
			x.seed("src", bigData)
			x.seed(x.key, oldData)
		},
		run: func(x *cell) error {
			cp := transfer.NewCopier(x.e.c, transfer.WithThreshold(partSize), transfer.WithPartSize(partSize), transfer.WithConcurrency(2))
			res, err := cp.Copy(x.ctx, x.key, cos.CopySource{Bucket: bucket, Key: "src"}, nil)
			if err == nil {
				assert.Equal(x.t, 3, res.Parts)
			}
			return err
		},
		check: func(x *cell, err error) {
			x.objectIs(x.key, err, bigData, oldData)
			x.objectIs("src", nil, bigData, nil)
			x.noOrphans()
			x.uploadErrorAborted(err)
		},
	},
}

// uploadErrorAborted asserts a failed multipart transfer says which upload
// it aborted.
func (x *cell) uploadErrorAborted(err error) {
	var ue *transfer.UploadError
	if err != nil && errors.As(err, &ue) {
		assert.NotEmpty(x.t, ue.UploadID)
		assert.False(x.t, ue.Kept, "upload kept without a checkpoint: %v", err)
	}
}

// targetFor returns the operation a fault row hits in a column ("" when
// the cell does not apply).
func (op *matrixOp) targetFor(f matrixFault) costest.Op {
	switch f.class {
	case errorIn200:
		return op.in200
	case noSuchUpload:
		return op.in404
	}
	return op.target
}

// notApplicable explains the empty cells.
func notApplicable(f matrixFault, op *matrixOp) string {
	switch {
	case f.class == noSuchUpload && op.in404 == "":
		return "Not applicable: the operation involves no multipart upload."
	case f.class == errorIn200 && op.in200 == "":
		return "Not applicable: COS sends a 200 whose body is an <Error> document only for Complete Multipart Upload, " +
			"Copy and Upload Part - Copy; the client sniffs those and every answer it decodes as a document (DeleteMulti " +
			"included). A GET body is object data and is never sniffed, and a HEAD answer has no body; PUT Object and Upload Part " +
			"sniff their (normally empty) answer too, as a precaution."
	}
	return ""
}

// errLabel names the typed error a failed cell returned ("" when the
// error is not typed, which fails the cell).
func errLabel(err error) string {
	var se *cos.ServiceError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "DeadlineExceeded"
	case errors.Is(err, cos.ErrAccessDenied):
		return "ErrAccessDenied"
	case errors.Is(err, cos.ErrNotFound):
		return "ErrNotFound"
	case errors.Is(err, cos.ErrChecksumMismatch):
		return "ErrChecksumMismatch"
	case errors.As(err, &se):
		if se.Code == "" {
			return fmt.Sprintf("%d (no code: %s)", se.StatusCode, http.StatusText(se.StatusCode))
		}
		return fmt.Sprintf("%d %s", se.StatusCode, se.Code)
	}
	var netErr net.Error
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.As(err, &netErr) {
		return "connection error"
	}
	return ""
}

// Reasons for the cells whose outcome is not "ok" although the fault is
// transient; RELIABILITY.md prints them as notes.
const (
	whyStream = "A stream that is neither an io.Seeker nor an io.ReaderAt cannot be replayed, so Put makes one attempt and " +
		"returns the typed error; the stored object is untouched or complete, never partial."
	whyHead = "HEAD answers carry no body, so a 400 RequestTimeout has no code and looks like any 400 Bad Request: " +
		"not retried (a 5xx or a dropped connection on HEAD is)."
	whyComplete = "Complete was applied and its answer lost; the retry then finds NoSuchUpload, which " +
		"CompleteMultipartUpload returns as ErrNotFound, as documented, for the caller to confirm with Head " +
		"(the cell does, and finds the object complete; transfer does the same by itself)."
	whyGet = "Get hands the open body to the caller; a body cut while the caller reads it is returned " +
		"(io.ErrUnexpectedEOF), not retried. transfer.Downloader resumes cut ranges."
	whyGetToFile = "GetToFile detects the short body (length and CRC64), removes its temporary file and leaves the " +
		"destination as it was, but does not retry a body cut midway, as documented; transfer.Downloader resumes cut ranges."
)

// documented returns why a transient-fault cell fails by design ("" when
// it must succeed).
func documented(f matrixFault, op *matrixOp) string {
	if f.class != transient {
		return ""
	}
	switch {
	case op.name == "Put (stream)" && f.name != "connection dropped mid-response body":
		return whyStream
	case op.name == "Head" && f.name == "400 RequestTimeout":
		return whyHead
	case op.name == "CompleteMultipartUpload" && (f.name == "connection dropped before the response" || f.name == "connection dropped mid-response body"):
		return whyComplete
	case op.name == "Get" && f.name == "connection dropped mid-response body":
		return whyGet
	case op.name == "GetToFile" && f.name == "connection dropped mid-response body":
		return whyGetToFile
	}
	return ""
}

// knownGap returns the reason a cell is allowed to break an invariant
// today ("" for none). Each is reported; fixing it makes the cell fail
// until the entry is removed.
func knownGap(f matrixFault, op *matrixOp) string {
	return ""
}

func TestFaultMatrix(t *testing.T) {
	// Not parallel: each cell compares the running goroutines before and
	// after, so nothing else may run meanwhile (the package's parallel
	// tests wait until the sequential ones are done).
	results := map[string]map[string]string{}
	ran := 0
	for _, f := range matrixFaults {
		results[f.name] = map[string]string{}
		for i := range matrixOps {
			op := &matrixOps[i]
			t.Run(f.name+"/"+op.name, func(t *testing.T) {
				if na := notApplicable(f, op); na != "" {
					results[f.name][op.name] = "n/a"
					ran++
					return
				}
				results[f.name][op.name] = runCell(t, f, op)
				ran++
			})
		}
	}
	if t.Failed() || ran != len(matrixFaults)*len(matrixOps) {
		return // a filtered or failing run says nothing about the document
	}
	checkDoc(t, results)
}

func runCell(t *testing.T, f matrixFault, op *matrixOp) string {
	e := newEnv(t, nil)
	x := &cell{t: t, e: e, fault: f, dir: t.TempDir(), cpDir: t.TempDir(), key: "dir/object.bin", gap: knownGap(f, op)}
	op.setup(x)
	before := goroutines()
	var rule *costest.FaultRule
	if f.class != noFault {
		fl := f.fault
		fl.Op, fl.Key = op.targetFor(f), x.key
		if fl.Op == op.target {
			fl.Nth = op.nth
		}
		if fl.Op == costest.OpDeleteObjects {
			fl.Key = ""
		}
		rule = e.srv.Inject(fl)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	if f.class == slow {
		ctx, cancel = context.WithTimeout(context.Background(), slowDeadline)
	}
	x.ctx = ctx
	start := time.Now()
	err := op.run(x)
	cancel()
	elapsed := time.Since(start)
	if rule != nil {
		assert.GreaterOrEqual(t, rule.Fired(), 1, "the fault never fired")
	}
	op.check(x, err)

	// Bodies: whole on every send, cut only where the fault or the
	// caller's deadline cut them.
	requestBodiesWhole(t, e.srv.Requests(), func(r costest.Request) bool {
		return r.Fault == costest.FaultDropRequest || r.Fault == costest.FaultDelay || f.class == slow || op.transfer
	}, op.size)

	// Goroutines: once the client's idle connections are closed, every
	// goroutine started during the call must end.
	e.tr.CloseIdleConnections()
	if leaks := goroutineLeaks(before, 5*time.Second); len(leaks) > 0 {
		t.Errorf("%d goroutines left running:\n%s", len(leaks), strings.Join(leaks, "\n\n"))
	}
	if f.class == slow {
		assert.Less(t, elapsed, slowDeadline+2*time.Second, "the deadline did not stop the call")
	}

	// The outcome and whether the fault class allows it.
	label := "ok"
	if err != nil {
		label = errLabel(err)
		if label == "" {
			t.Errorf("untyped error: %v", err)
			label = "untyped: " + err.Error()
		}
		var ue *transfer.UploadError
		if errors.As(err, &ue) {
			label += ", UploadError"
		}
	} else if f.class != noFault && len(e.srv.Requests()) > baselineRequests(op) {
		label = "ok, retried"
	}
	if x.note != "" {
		label += " (" + x.note + ")"
	}
	if f.class == noFault {
		baselineCounts[op.name] = len(e.srv.Requests())
	}
	checkAllowed(t, f, op, err)
	return label
}

// baselineCounts holds the number of requests each operation needs without
// faults (the first row fills it).
var baselineCounts = map[string]int{}

func baselineRequests(op *matrixOp) int { return baselineCounts[op.name] }

// checkAllowed asserts the outcome fits the fault class.
func checkAllowed(t *testing.T, f matrixFault, op *matrixOp, err error) {
	switch f.class {
	case noFault:
		assert.NoError(t, err)
	case transient, errorIn200:
		if documented(f, op) != "" {
			assert.Error(t, err, "a documented failure now succeeds: update documented()")
			return
		}
		assert.NoError(t, err, "a transient fault must be retried away")
	case slow:
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	case denied:
		assert.ErrorIs(t, err, cos.ErrAccessDenied)
	case noSuchUpload:
		assert.ErrorIs(t, err, cos.ErrNotFound)
	}
}
