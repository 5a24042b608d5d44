package cos_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/cosgo/cos"
)

// The low-level multipart calls: initiate, upload the parts, complete.
// Package transfer does all of this (concurrently, resumably) for you.
func ExampleObjectService_InitiateMultipartUpload() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	const key = "videos/launch.mp4"

	up, _, err := c.Object.InitiateMultipartUpload(ctx, key, &cos.InitiateMultipartUploadOptions{ContentType: "video/mp4"})
	if err != nil {
		log.Fatal(err)
	}

	// Every part but the last must be at least 1 MiB.
	parts := [][]byte{
		bytes.Repeat([]byte("a"), 1<<20),
		bytes.Repeat([]byte("b"), 1<<20),
		[]byte("the end"),
	}
	var completed []cos.CompletedPart
	var crc uint64 // the whole object's CRC64, combined from the parts'
	for i, p := range parts {
		res, _, err := c.Object.UploadPart(ctx, key, up.UploadID, i+1, bytes.NewReader(p), nil)
		if err != nil {
			// Abort on failure, or the parts stay (and are billed).
			_, _ = c.Object.AbortMultipartUpload(ctx, key, up.UploadID)
			log.Fatal(err)
		}
		completed = append(completed, cos.CompletedPart{PartNumber: i + 1, ETag: res.ETag})
		crc = cos.CRC64Combine(crc, cos.CRC64(p), int64(len(p)))
	}

	done, _, err := c.Object.CompleteMultipartUpload(ctx, key, up.UploadID, completed, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("key:", done.Key)
	fmt.Println("crc64 matches:", done.HasCRC64 && done.CRC64 == crc)

	meta, _, err := c.Object.Head(ctx, key, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(meta.ContentLength, meta.ContentType)
	fmt.Println("open uploads:", len(srv.MultipartUploads(c.BucketName())))
	// Output:
	// key: videos/launch.mp4
	// crc64 matches: true
	// 2097159 video/mp4
	// open uploads: 0
}

func ExampleObjectService_Parts() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	const key = "backups/db.dump"
	up, _, err := c.Object.InitiateMultipartUpload(ctx, key, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Object.AbortMultipartUpload(ctx, key, up.UploadID)
	for n := 1; n <= 3; n++ {
		part := bytes.Repeat([]byte{byte(n)}, n<<20)
		if _, _, err := c.Object.UploadPart(ctx, key, up.UploadID, n, bytes.NewReader(part), nil); err != nil {
			log.Fatal(err)
		}
	}

	// Which parts does the server hold? (For example to resume an upload.)
	// The iterator fetches pages, here of 2 parts, as the loop needs them.
	for p, err := range c.Object.Parts(ctx, key, up.UploadID, &cos.ListPartsOptions{MaxParts: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p.PartNumber, p.Size)
	}
	// Output:
	// 1 1048576
	// 2 2097152
	// 3 3145728
}
