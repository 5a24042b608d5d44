// Command download downloads an object to a file with transfer.Downloader:
// concurrent ranged GETs pinned to the object's ETag, CRC64-verified, a
// temporary file renamed into place only when complete, and a progress
// bar. Interrupted downloads resume: run the same command again.
//
//	go run ./examples/download                        # demo on an embedded costest
//	go run ./examples/download -key backups/db.tar db.tar
//
// Without COS_SECRET_ID the demo uploads a 24 MiB object, interrupts its
// download after the first range (as Ctrl-C would), then resumes it and checks the
// bytes.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cosgo/cos/examples/internal/demo"
	"github.com/cosgo/cos/transfer"
)

func main() {
	key := flag.String("key", "", "object key to download")
	rangeMiB := flag.Int64("part-size", 8, "range size in MiB")
	threads := flag.Int("concurrency", 4, "ranges downloaded at once")
	flag.Parse()
	demo.Run("download", 0, func(ctx context.Context) error {
		return run(ctx, *key, flag.Arg(0), *rangeMiB<<20, *threads)
	})
}

func run(ctx context.Context, key, path string, partSize int64, threads int) error {
	set, err := demo.TransferSetup("download-demo-1250000000", partSize, threads)
	if err != nil {
		return err
	}
	defer set.Close()
	c, opts := set.Client, set.Options
	if key == "" {
		if !set.Fake {
			return errors.New("give -key and a destination file")
		}
		// One range at a time makes the demo's interruption land
		// mid-download however fast the machine is.
		return runDemo(ctx, transfer.NewUploader(c), transfer.NewDownloader(c, append(opts, transfer.WithPartSize(4<<20), transfer.WithConcurrency(1))...))
	}
	if path == "" {
		path = filepath.Base(key)
	}
	bar := &demo.Bar{Out: os.Stdout, Label: key}
	d := transfer.NewDownloader(c, append(opts, transfer.WithProgress(bar.Update))...)
	if err := demo.ResumeHint(d.DownloadFile(ctx, key, path, nil)); err != nil {
		return err
	}
	fmt.Printf("downloaded %s to %s\n", key, path)
	return nil
}

func runDemo(ctx context.Context, u *transfer.Uploader, d *transfer.Downloader) error {
	data := make([]byte, 24<<20)
	if _, err := rand.Read(data); err != nil {
		return err
	}
	if _, err := u.Upload(ctx, "demo/demo.bin", bytes.NewReader(data), nil); err != nil {
		return err
	}
	fmt.Println("uploaded a 24 MiB demo object")
	dir, err := os.MkdirTemp("", "cosgo-download-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "demo.bin")

	err = demo.Interrupted(ctx, func(ctx context.Context, progress func(transfer.Progress)) error {
		return d.DownloadFile(ctx, "demo/demo.bin", path, &transfer.DownloadOptions{Progress: progress})
	})
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("an interrupted download must not create %s", path)
	}
	fmt.Println("\ninterrupted after the first range; no partial file at the destination")
	bar := &demo.Bar{Out: os.Stdout, Label: "second run"}
	if err := d.DownloadFile(ctx, "demo/demo.bin", path, &transfer.DownloadOptions{Progress: bar.Update}); err != nil {
		return err
	}
	got, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(got, data) {
		return errors.New("downloaded bytes differ from the upload")
	}
	fmt.Printf("resumed and finished: %d bytes, identical to what was uploaded\n", len(got))
	return nil
}
