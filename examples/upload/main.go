// Command upload uploads a file (or standard input) with transfer.Uploader:
// concurrent parts, bounded memory, CRC64-verified, with a live progress
// bar. File uploads are resumable: interrupt one with Ctrl-C and run the
// same command again, and only the missing parts are sent.
//
//	go run ./examples/upload                     # demo on an embedded costest
//	go run ./examples/upload -key backups/db.tar db.tar
//	tar c dir | go run ./examples/upload -key backups/dir.tar -
//
// Without COS_SECRET_ID the demo makes a 24 MiB file, interrupts its
// upload after the first part (as Ctrl-C would), then resumes it.
package main

import (
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
	key := flag.String("key", "", "object key (default: the file's base name)")
	partMiB := flag.Int64("part-size", 8, "part size in MiB")
	threads := flag.Int("concurrency", 4, "parts uploaded at once")
	flag.Parse()
	demo.Run("upload", 0, func(ctx context.Context) error {
		return run(ctx, flag.Arg(0), *key, *partMiB<<20, *threads)
	})
}

func run(ctx context.Context, path, key string, partSize int64, threads int) error {
	set, err := demo.TransferSetup("upload-demo-1250000000", partSize, threads)
	if err != nil {
		return err
	}
	defer set.Close()
	c, opts := set.Client, set.Options
	if path == "" {
		if !set.Fake {
			return errors.New("give a file to upload, or - for standard input")
		}
		// One part at a time makes the demo's interruption land
		// mid-upload however fast the machine is.
		return runDemo(ctx, transfer.NewUploader(c, append(opts, transfer.WithPartSize(4<<20), transfer.WithConcurrency(1))...))
	}
	if key == "" {
		key = filepath.Base(path)
	}
	bar := &demo.Bar{Out: os.Stdout, Label: key}
	u := transfer.NewUploader(c, append(opts, transfer.WithProgress(bar.Update))...)
	var res *transfer.UploadResult
	if path == "-" {
		res, err = u.Upload(ctx, key, os.Stdin, nil)
	} else {
		res, err = u.UploadFile(ctx, key, path, nil)
	}
	if err := demo.ResumeHint(err); err != nil {
		return err
	}
	fmt.Printf("uploaded %s: %d bytes in %d part(s), crc64 %d\n", res.Key, res.Size, res.Parts, res.CRC64)
	return nil
}

// runDemo interrupts an upload after its first part, then resumes it from its
// checkpoint.
func runDemo(ctx context.Context, u *transfer.Uploader) error {
	dir, err := os.MkdirTemp("", "cosgo-upload-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	data := make([]byte, 24<<20)
	if _, err := rand.Read(data); err != nil {
		return err
	}
	path := filepath.Join(dir, "demo.bin")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return err
	}
	err = demo.Interrupted(ctx, func(ctx context.Context, progress func(transfer.Progress)) error {
		_, err := u.UploadFile(ctx, "demo/demo.bin", path, &transfer.UploadOptions{Progress: progress})
		return err
	})
	if err != nil {
		return err
	}
	fmt.Println("\ninterrupted after the first part; the checkpoint keeps the finished parts")
	bar := &demo.Bar{Out: os.Stdout, Label: "second run"}
	res, err := u.UploadFile(ctx, "demo/demo.bin", path, &transfer.UploadOptions{Progress: bar.Update})
	if err != nil {
		return err
	}
	fmt.Printf("resumed and finished: %d bytes in %d parts, crc64 %d\n", res.Size, res.Parts, res.CRC64)
	if res.Size != int64(len(data)) {
		return fmt.Errorf("uploaded %d bytes, want %d", res.Size, len(data))
	}
	return nil
}
