package transfer_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
)

// exampleSetup starts an in-memory COS (package costest) holding one empty
// bucket and returns a client for it and the server, which the caller
// closes. Real code builds its client with cos.WithRegion and real
// credentials instead.
func exampleSetup() (*cos.Client, *costest.Server) {
	srv := costest.NewServer()
	bucket := "examplebucket-" + srv.AppID()
	if err := srv.CreateBucket(bucket); err != nil {
		log.Fatal(err)
	}
	id, key := srv.Credentials()
	c, err := cos.NewClient(
		cos.WithEndpoint(srv.URL),
		cos.WithRegion(srv.Region()),
		cos.WithBucket(bucket),
		cos.WithStaticCredentials(id, key, ""),
	)
	if err != nil {
		log.Fatal(err)
	}
	return c, srv
}

// sample returns n bytes of deterministic data.
func sample(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/4096)
	}
	return b
}

// Upload takes any io.Reader, even one whose size it cannot know (a pipe,
// an HTTP request body): it reads it once, in order, holding at most
// concurrency+1 parts in memory.
func ExampleUploader_Upload() {
	c, srv := exampleSetup()
	defer srv.Close()
	data := sample(5<<20 + 123)
	stream := io.MultiReader(bytes.NewReader(data)) // hides the size

	u := transfer.NewUploader(c, transfer.WithPartSize(transfer.MinPartSize), transfer.WithConcurrency(3))
	var last transfer.Progress
	res, err := u.Upload(context.Background(), "backups/db.dump", stream, &transfer.UploadOptions{
		Progress: func(p transfer.Progress) { last = p },
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Key, res.Size, "bytes in", res.Parts, "parts")
	fmt.Println("crc64 matches:", res.CRC64 == cos.CRC64(data))
	fmt.Printf("last progress: %d/%d bytes, %d parts\n", last.Done, last.Total, last.Parts)
	// Output:
	// backups/db.dump 5243003 bytes in 6 parts
	// crc64 matches: true
	// last progress: 5243003/5243003 bytes, 6 parts
}

// UploadFile reads a file's parts in place, concurrently. With a
// checkpoint directory an interrupted upload resumes where it stopped
// when the same call is made again.
func ExampleUploader_UploadFile() {
	c, srv := exampleSetup()
	defer srv.Close()
	dir, err := os.MkdirTemp("", "transfer-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "video.mp4")
	if err := os.WriteFile(path, sample(3<<20), 0o644); err != nil {
		log.Fatal(err)
	}

	u := transfer.NewUploader(c,
		transfer.WithPartSize(transfer.MinPartSize),
		transfer.WithCheckpointDir(filepath.Join(dir, "checkpoints")),
	)
	res, err := u.UploadFile(context.Background(), "videos/launch.mp4", path, nil)
	if err != nil {
		log.Fatal(err)
	}
	meta, _, err := c.Object.Head(context.Background(), "videos/launch.mp4", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Parts, "parts,", meta.ContentLength, "bytes,", meta.ContentType)
	// Output: 3 parts, 3145728 bytes, video/mp4
}

// DownloadFile fetches ranges concurrently, all pinned to the ETag seen
// first, verifies the CRC64 and only then renames the file into place.
func ExampleDownloader_DownloadFile() {
	c, srv := exampleSetup()
	defer srv.Close()
	data := sample(4<<20 + 5)
	if err := srv.PutObject(c.BucketName(), "datasets/train.bin", data, nil); err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "transfer-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	d := transfer.NewDownloader(c, transfer.WithPartSize(transfer.MinPartSize), transfer.WithConcurrency(4))
	path := filepath.Join(dir, "train.bin")
	if err := d.DownloadFile(context.Background(), "datasets/train.bin", path, nil); err != nil {
		log.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(got), bytes.Equal(got, data))
	// Output: 4194309 true
}

// Copy copies inside COS: one request up to the threshold (5 GiB by
// default), ranged part copies above it. Here a small threshold forces
// the multipart path.
func ExampleCopier_Copy() {
	c, srv := exampleSetup()
	defer srv.Close()
	data := sample(3<<20 + 1)
	if err := srv.PutObject(c.BucketName(), "photos/raw.tiff", data, map[string]string{"author": "gopher"}); err != nil {
		log.Fatal(err)
	}

	cp := transfer.NewCopier(c, transfer.WithThreshold(transfer.MinPartSize), transfer.WithPartSize(transfer.MinPartSize))
	res, err := cp.Copy(context.Background(), "archive/raw.tiff", cos.CopySource{Key: "photos/raw.tiff"}, nil)
	if err != nil {
		log.Fatal(err)
	}
	got, _ := srv.Object(c.BucketName(), "archive/raw.tiff")
	meta, _, err := c.Object.Head(context.Background(), "archive/raw.tiff", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Parts, "parts,", res.Size, "bytes, same data:", bytes.Equal(got, data))
	fmt.Println("metadata kept:", meta.Metadata["author"])
	// Output:
	// 4 parts, 3145729 bytes, same data: true
	// metadata kept: gopher
}
