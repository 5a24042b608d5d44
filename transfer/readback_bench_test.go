package transfer

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cosgo/cos"
)

// BenchmarkResumeReadBack measures what a resume pays to trust the parts a
// checkpoint records: reading each one back from the file and comparing
// its CRC64 (readBack), for a 256 MiB file of 16 MiB parts, all recorded,
// in the page cache. MB/s is the rate of that pass.
func BenchmarkResumeReadBack(b *testing.B) {
	const size, ps = 256 << 20, DefaultPartSize
	data := randomBytes(size, 91)
	path := filepath.Join(b.TempDir(), "file.bin")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	id, _, err := statFile(f)
	if err != nil {
		b.Fatal(err)
	}
	var parts []partInfo
	for n := 1; n <= partCount(size, ps); n++ {
		off := int64(n-1) * ps
		end := min(off+ps, size)
		parts = append(parts, partInfo{Number: n, Size: end - off, ETag: "e", CRC64: crcOf(data[off:end])})
	}
	r := &resumableUpload{key: "k", src: &sourceFile{f: f, path: path, id: id}}
	b.Run("file", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			kept, err := r.readBack(context.Background(), parts, ps)
			if err != nil || len(kept) != len(parts) {
				b.Fatalf("kept %d of %d parts: %v", len(kept), len(parts), err)
			}
		}
	})
	// The same CRC64s over the bytes in memory: what the pass would cost
	// without reading the file.
	b.Run("crc-only", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, p := range parts {
				off := int64(p.Number-1) * ps
				if cos.CRC64(data[off:off+p.Size]) != p.CRC64 {
					b.Fatal("CRC64 differs")
				}
			}
		}
	})
}
