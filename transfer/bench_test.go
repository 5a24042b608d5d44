package transfer

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
)

// benchSize is the object size of the transfer benchmarks. The default
// keeps a run short; -transfer.size=1073741824 measures a 1 GiB object.
var benchSize = flag.Int64("transfer.size", 128<<20, "object size of the transfer benchmarks, in bytes")

// Run them with, for example:
//
//	go test -run '^$' -bench . -benchmem ./transfer/
//
// Targets: "costest" is the in-memory COS (it hashes and stores every
// byte, so its heap is not the client's); "sink" is a plain httptest server
// that speaks just enough of the protocol and discards uploads, so the
// peak-heap metric measures the client alone. "raw" rows are one
// net/http PUT or GET of the same bytes, the baseline.

// BenchmarkUploadPartSize uploads a stream of unknown size with different
// part sizes; it chose DefaultPartSize.
func BenchmarkUploadPartSize(b *testing.B) {
	for _, target := range []string{"costest", "sink", "sink-rtt"} {
		for _, ps := range []int64{5 << 20, 8 << 20, 16 << 20, 32 << 20} {
			b.Run(fmt.Sprintf("target=%s/part=%dMiB", target, ps>>20), func(b *testing.B) {
				c, _ := benchTarget(b, target)
				u := NewUploader(c, WithPartSize(ps))
				benchUpload(b, func() error {
					_, err := u.Upload(context.Background(), "bench", newPatternReader(*benchSize), nil)
					return err
				}, target != "costest")
			})
		}
	}
}

// BenchmarkUpload compares the default Uploader with one raw net/http PUT
// of the same bytes.
func BenchmarkUpload(b *testing.B) {
	size := *benchSize
	data := newPatternReader(size).bytes()
	for _, target := range []string{"costest", "sink"} {
		b.Run("target="+target+"/raw-put", func(b *testing.B) {
			_, url := benchTarget(b, target)
			benchUpload(b, func() error { return rawPut(url+"/"+testBucket+"/bench", newPatternReader(size), size) }, target == "sink")
		})
		b.Run("target="+target+"/raw-put-crc", func(b *testing.B) {
			_, url := benchTarget(b, target)
			benchUpload(b, func() error {
				h := cos.NewCRC64()
				return rawPut(url+"/"+testBucket+"/bench", io.TeeReader(newPatternReader(size), h), size)
			}, target == "sink")
		})
		b.Run("target="+target+"/stream", func(b *testing.B) {
			c, _ := benchTarget(b, target)
			u := NewUploader(c)
			benchUpload(b, func() error {
				_, err := u.Upload(context.Background(), "bench", newPatternReader(size), nil)
				return err
			}, target == "sink")
		})
		b.Run("target="+target+"/readerAt", func(b *testing.B) {
			c, _ := benchTarget(b, target)
			u := NewUploader(c)
			benchUpload(b, func() error {
				_, err := u.Upload(context.Background(), "bench", bytes.NewReader(data), nil)
				return err
			}, target == "sink")
		})
	}
}

// BenchmarkDownload compares the default Downloader with one raw net/http
// GET of the same object.
func BenchmarkDownload(b *testing.B) {
	size := *benchSize
	for _, target := range []string{"costest", "sink"} {
		b.Run("target="+target+"/raw-get", func(b *testing.B) {
			_, url := benchTarget(b, target)
			benchUpload(b, func() error { return rawGet(url+"/"+testBucket+"/bench", size, io.Discard) }, false)
		})
		b.Run("target="+target+"/raw-get-crc", func(b *testing.B) {
			_, url := benchTarget(b, target)
			benchUpload(b, func() error { return rawGet(url+"/"+testBucket+"/bench", size, cos.NewCRC64()) }, false)
		})
		b.Run("target="+target+"/download", func(b *testing.B) {
			c, _ := benchTarget(b, target)
			d := NewDownloader(c)
			benchUpload(b, func() error { return d.Download(context.Background(), "bench", discardAt{}, nil) }, false)
		})
	}
}

func benchUpload(b *testing.B, run func() error, heap bool) {
	b.SetBytes(*benchSize)
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		var hp *heapPeak
		if heap {
			b.StopTimer() // the GC that sets the baseline is not part of the upload
			hp = startHeapPeak()
			b.StartTimer()
		}
		if err := run(); err != nil {
			b.Fatal(err)
		}
		if hp != nil {
			peak = max(peak, hp.stop())
		}
	}
	if heap {
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	}
}

// benchTarget returns a client and the server URL of a target holding the
// object "bench" of benchSize bytes.
func benchTarget(b *testing.B, target string) (*cos.Client, string) {
	b.Helper()
	var url string
	switch target {
	case "costest":
		srv := costest.NewServer(costest.WithAnonymous())
		b.Cleanup(srv.Close)
		if err := srv.CreateBucket(testBucket); err != nil {
			b.Fatal(err)
		}
		if err := srv.PutObject(testBucket, "bench", newPatternReader(*benchSize).bytes(), nil); err != nil {
			b.Fatal(err)
		}
		url = srv.URL
	case "sink", "sink-rtt":
		var delay time.Duration
		if target == "sink-rtt" {
			delay = sinkRTT
		}
		s := httptest.NewServer(newSink(newPatternReader(*benchSize).bytes(), delay))
		b.Cleanup(s.Close)
		url = s.URL
	}
	c, err := cos.NewClient(cos.WithEndpoint(url), cos.WithRegion("ap-guangzhou"), cos.WithBucket(testBucket),
		cos.WithStaticCredentials("AKIDbench", "benchSecret", ""))
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	return c, url
}

var rawClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}

func rawPut(url string, body io.Reader, size int64) error {
	req, err := http.NewRequest(http.MethodPut, url, body)
	if err != nil {
		return err
	}
	req.ContentLength = size
	resp, err := rawClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("raw PUT: %s", resp.Status)
	}
	return nil
}

// rawGet reads the object into w: io.Discard, or a CRC64 hash for the
// baseline that verifies as much as the Downloader does.
func rawGet(url string, size int64, w io.Writer) error {
	resp, err := rawClient.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, err := io.Copy(w, resp.Body)
	if err == nil && n != size {
		err = fmt.Errorf("raw GET: %d of %d bytes", n, size)
	}
	return err
}

// patternReader delivers size bytes of a repeating 1 MiB pattern, as a
// stream of unknown size, without holding the object in memory.
type patternReader struct {
	left int64
	off  int
}

var pattern = randomBytes(1<<20, 42)

func newPatternReader(size int64) *patternReader { return &patternReader{left: size} }

func (p *patternReader) Read(b []byte) (int, error) {
	if p.left == 0 {
		return 0, io.EOF
	}
	n := copy(b[:min(int64(len(b)), p.left)], pattern[p.off:])
	p.off = (p.off + n) % len(pattern)
	p.left -= int64(n)
	return n, nil
}

func (p *patternReader) bytes() []byte {
	b := make([]byte, p.left)
	_, _ = io.ReadFull(p, b)
	return b
}

// discardAt is an io.WriterAt that drops what it gets.
type discardAt struct{}

func (discardAt) WriteAt(p []byte, _ int64) (int, error) { return len(p), nil }

// heapPeak samples the heap (runtime/metrics, no stop-the-world) while an
// operation runs and reports its peak above the level before it.
type heapPeak struct {
	base  uint64
	peak  uint64
	stopc chan struct{}
	done  chan struct{}
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func readHeap(s []metrics.Sample) uint64 {
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapPeak() *heapPeak {
	runtime.GC()
	s := []metrics.Sample{{Name: heapMetric}}
	h := &heapPeak{base: readHeap(s), stopc: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			h.peak = max(h.peak, readHeap(s))
			select {
			case <-h.stopc:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) stop() uint64 {
	close(h.stopc)
	<-h.done
	if h.peak < h.base {
		return 0
	}
	return h.peak - h.base
}

// sinkRTT is the delay target "sink-rtt" adds before answering each PUT,
// standing in for a round trip and the server's work on a real network,
// where every part costs a request's latency on top of its bytes.
const sinkRTT = 30 * time.Millisecond

// newSink answers just enough of COS for the transfer package: multipart
// initiation and completion, parts and PUTs (discarded, answered after
// delay), and ranged GET and HEAD of data.
func newSink(data []byte, delay time.Duration) http.Handler {
	const etag = `"0123456789abcdef0123456789abcdef"`
	modified := time.Unix(1700000000, 0)
	crc := strconv.FormatUint(crcOf(data), 10)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch {
		case r.Method == http.MethodPost && q.Has("uploads"):
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/xml")
			_, _ = io.WriteString(w, `<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>sink</UploadId></InitiateMultipartUploadResult>`)
		case r.Method == http.MethodPost && q.Has("uploadId"):
			_, _ = io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", "application/xml")
			_, _ = io.WriteString(w, `<CompleteMultipartUploadResult><Location>l</Location><Bucket>b</Bucket><Key>k</Key><ETag>"0123456789abcdef0123456789abcdef-1"</ETag></CompleteMultipartUploadResult>`)
		case r.Method == http.MethodPut:
			_, _ = io.Copy(io.Discard, r.Body)
			if delay > 0 {
				t := time.NewTimer(delay)
				select {
				case <-t.C:
				case <-r.Context().Done():
				}
				t.Stop()
			}
			w.Header().Set("ETag", etag)
		case r.Method == http.MethodGet || r.Method == http.MethodHead:
			w.Header().Set("ETag", etag)
			w.Header().Set("x-cos-hash-crc64ecma", crc)
			http.ServeContent(w, r, "", modified, bytes.NewReader(data))
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		default:
			http.Error(w, "sink: "+r.Method+" "+strings.TrimPrefix(r.URL.RawQuery, "?"), http.StatusNotImplemented)
		}
	})
}
