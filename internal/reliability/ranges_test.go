package reliability

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/cosfs"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hostile ranges: a proxy or CDN in front of a custom domain answers a
// ranged GET with another range, or with another version of the object
// (it ignored If-Match), for an object COS stores no CRC64 for, so nothing
// downstream would notice. Every reader of ranges must refuse such an
// answer (cos.ErrInvalidResponse) rather than return its bytes; those that
// fetch ranges on their own fetch the range again.

type rangeFault struct {
	name  string
	fault costest.Fault // Op and Key come from the cell
}

var rangeFaults = []rangeFault{
	{"another range, once", costest.Fault{Kind: costest.FaultWrongRange}},
	{"another range, always", costest.Fault{Kind: costest.FaultWrongRange, Times: -1}},
	{"another ETag, once", costest.Fault{Kind: costest.FaultForeignETag}},
	{"another ETag, always", costest.Fault{Kind: costest.FaultForeignETag, Times: -1}},
}

type rangeOp struct {
	name  string
	calls string
	// retries marks readers that fetch a refused range again.
	retries bool
	nth     int // the GET the fault hits
	// run reads through the operation and returns the bytes it got and
	// what it should have got; on failure it checks that nothing partial
	// was left.
	run func(t *testing.T, e *env, etag string) (got, want []byte, err error)
}

const (
	rangeKey  = "ranged.bin"
	rangeSize = 2*partSize + partSize/2
)

var rangeData = randomBytes(4, rangeSize)

var rangeOps = []rangeOp{
	{name: "Get", calls: "Object.Get with Range bytes=1000-60999 and If-Match, body read", nth: 1,
		run: func(t *testing.T, e *env, etag string) ([]byte, []byte, error) {
			resp, err := e.c.Object.Get(context.Background(), rangeKey, &cos.ObjectGetOptions{Range: "bytes=1000-60999", IfMatch: etag})
			if err != nil {
				return nil, nil, err
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			return got, rangeData[1000:61000], err
		}},
	{name: "GetToFile", calls: "Object.GetToFile with the same Range and If-Match over an existing file", nth: 1,
		run: func(t *testing.T, e *env, etag string) ([]byte, []byte, error) {
			dir := t.TempDir()
			path := filepath.Join(dir, "dest")
			require.NoError(t, os.WriteFile(path, oldData, 0o644))
			_, err := e.c.Object.GetToFile(context.Background(), rangeKey, path, &cos.ObjectGetOptions{Range: "bytes=1000-60999", IfMatch: etag})
			got, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			if err != nil {
				assert.Equal(t, oldData, got, "the destination is untouched")
			}
			assert.Equal(t, []string{"dest"}, dirNames(t, dir), "no temporary file left")
			return got, rangeData[1000:61000], err
		}},
	{name: "Download", calls: "transfer.Downloader.Download of 2.5 MiB to an io.WriterAt, 1 MiB ranges, 2 workers", retries: true, nth: 2,
		run: func(t *testing.T, e *env, _ string) ([]byte, []byte, error) {
			var w writerAt
			err := transfer.NewDownloader(e.c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2)).
				Download(context.Background(), rangeKey, &w, nil)
			return w.bytes(), rangeData, err
		}},
	{name: "DownloadFile", calls: "transfer.Downloader.DownloadFile of the same over an existing file", retries: true, nth: 2,
		run: func(t *testing.T, e *env, _ string) ([]byte, []byte, error) {
			dir := t.TempDir()
			path := filepath.Join(dir, "dest")
			require.NoError(t, os.WriteFile(path, oldData, 0o644))
			err := transfer.NewDownloader(e.c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2)).
				DownloadFile(context.Background(), rangeKey, path, nil)
			got, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			if err != nil {
				assert.Equal(t, oldData, got, "the destination is untouched")
			}
			assert.Equal(t, []string{"dest"}, dirNames(t, dir), "no temporary file left")
			return got, rangeData, err
		}},
	{name: "cosfs", calls: "cosfs file ReadAt of 100000 bytes at 150000", nth: 1,
		run: func(t *testing.T, e *env, _ string) ([]byte, []byte, error) {
			f, err := cosfs.New(e.c).Open(rangeKey)
			require.NoError(t, err)
			defer f.Close()
			buf := make([]byte, 100_000)
			n, err := f.(io.ReaderAt).ReadAt(buf, 150_000)
			return buf[:n], rangeData[150_000:250_000], err
		}},
}

// rangeOutcome is what a cell must end in.
func rangeOutcome(f rangeFault, op rangeOp) string {
	if op.retries && f.fault.Times == 0 {
		return "ok, retried"
	}
	return "ErrInvalidResponse"
}

// TestHostileRanges runs every reader of ranges under each fault, on an
// object served without CRC64, and requires the outcome rangeOutcome
// gives: the right bytes after fetching the range again, or
// cos.ErrInvalidResponse, never other bytes.
func TestHostileRanges(t *testing.T) {
	t.Parallel()
	for _, f := range rangeFaults {
		for _, op := range rangeOps {
			t.Run(f.name+"/"+op.name, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, nil, cos.WithHTTPClient(httpClient(stripCRC{newTransport()})))
				require.NoError(t, e.srv.PutObject(bucket, rangeKey, rangeData, nil))
				meta, _, err := e.c.Object.Head(context.Background(), rangeKey, nil)
				require.NoError(t, err)
				require.False(t, meta.HasCRC64)
				fl := f.fault
				fl.Op, fl.Key, fl.Nth = costest.OpGetObject, rangeKey, op.nth
				rule := e.srv.Inject(fl)
				got, want, err := op.run(t, e, `"`+meta.ETag+`"`)
				assert.GreaterOrEqual(t, rule.Fired(), 1, "the fault never fired")
				outcome := "ok, retried"
				if err != nil {
					outcome = "error: " + err.Error()
					if errors.Is(err, cos.ErrInvalidResponse) {
						outcome = "ErrInvalidResponse"
					}
				} else {
					assert.True(t, bytes.Equal(want, got), "the bytes differ")
				}
				assert.Equal(t, rangeOutcome(f, op), outcome)
			})
		}
	}
}

// stripCRC drops x-cos-hash-crc64ecma from every answer, as COS does for
// objects stored before it computed CRC64s.
type stripCRC struct{ base http.RoundTripper }

func (s stripCRC) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.base.RoundTrip(req)
	if err == nil {
		resp.Header.Del("x-cos-hash-crc64ecma")
	}
	return resp, err
}

// writerAt is an in-memory io.WriterAt safe for concurrent writes.
type writerAt struct {
	mu  sync.Mutex
	buf []byte
}

func (w *writerAt) WriteAt(p []byte, off int64) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if end := int(off) + len(p); end > len(w.buf) {
		w.buf = append(w.buf, make([]byte, end-len(w.buf))...)
	}
	copy(w.buf[off:], p)
	return len(p), nil
}

func (w *writerAt) bytes() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return bytes.Clone(w.buf)
}

// rangeTable renders the outcomes for RELIABILITY.md.
func rangeTable() string {
	var b bytes.Buffer
	b.WriteString("| answer \\ reader |")
	for _, op := range rangeOps {
		b.WriteString(" " + op.name + " |")
	}
	b.WriteString("\n|---|")
	for range rangeOps {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, f := range rangeFaults {
		b.WriteString("| " + f.name + " |")
		for _, op := range rangeOps {
			b.WriteString(" " + rangeOutcome(f, op) + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n| reader | calls | GET the fault hits first |\n|---|---|---|\n")
	for _, op := range rangeOps {
		b.WriteString("| " + op.name + " | " + op.calls + " | " + strconv.Itoa(op.nth) + " |\n")
	}
	return b.String()
}
