package transfer

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDownloadFile measures DownloadFile end to end on the sink
// target, the final sync and rename included, beside raw net/http GETs
// of the same object into a file: without a sync (what a download costs
// when durability is left to the page cache) and with one fsync at the
// end (the same durability as DownloadFile, paid after the last byte).
// The file goes to the benchmark's temporary directory, so the figures
// depend on that disk.
func BenchmarkDownloadFile(b *testing.B) {
	size := *benchSize
	for _, sync := range []bool{false, true} {
		name := "raw-get-file"
		if sync {
			name += "-sync"
		}
		b.Run("target=sink/"+name, func(b *testing.B) {
			_, url := benchTarget(b, "sink")
			dir := b.TempDir()
			benchUpload(b, func() error { return rawGetFile(url+"/"+testBucket+"/bench", size, filepath.Join(dir, "out"), sync) }, false)
		})
	}
	b.Run("target=sink/download-file", func(b *testing.B) {
		c, _ := benchTarget(b, "sink")
		d := NewDownloader(c)
		path := filepath.Join(b.TempDir(), "out")
		benchUpload(b, func() error {
			// A fresh file each time: overwriting pages of the last one
			// would not measure what a first download costs.
			if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
				return err
			}
			return d.DownloadFile(context.Background(), "bench", path, nil)
		}, false)
	})
}

// rawGetFile GETs the object into a new file at path, synced when sync
// is set.
func rawGetFile(url string, size int64, path string, sync bool) error {
	os.Remove(path)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	resp, err := rawClient.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("raw GET: %s", resp.Status)
	}
	n, err := io.CopyBuffer(f, resp.Body, make([]byte, copyBufferSize))
	if err == nil && n != size {
		err = fmt.Errorf("raw GET: %d of %d bytes", n, size)
	}
	if err != nil {
		return err
	}
	if sync {
		return f.Sync()
	}
	return nil
}
