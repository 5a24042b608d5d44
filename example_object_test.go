package cos_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
)

func ExampleObjectService_Put() {
	c, srv := exampleSetup()
	defer srv.Close()

	// The body streams; its size comes from the reader. A strings, bytes
	// or file reader can be replayed, so transient failures are retried.
	res, _, err := c.Object.Put(context.Background(), "docs/hello.txt", strings.NewReader("hello, cos"),
		&cos.ObjectPutOptions{
			Metadata: map[string]string{"author": "gopher"},
		})
	if err != nil {
		log.Fatal(err)
	}
	// The CRC64 was checked against the server's while the body streamed.
	fmt.Println("etag:", res.ETag)
	fmt.Println("crc64 matches:", res.CRC64 == cos.CRC64([]byte("hello, cos")))
	// Output:
	// etag: eee93ecfbef850ca0a84dd59d4061428
	// crc64 matches: true
}

func ExampleObjectService_Get() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	if _, _, err := c.Object.Put(ctx, "docs/hello.txt", strings.NewReader("hello, cos"), nil); err != nil {
		log.Fatal(err)
	}

	// The caller reads and closes the body.
	resp, err := c.Object.Get(ctx, "docs/hello.txt", nil)
	if err != nil {
		log.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, string(body))

	// A Range reads part of the object.
	resp, err = c.Object.Get(ctx, "docs/hello.txt", &cos.ObjectGetOptions{Range: "bytes=7-"})
	if err != nil {
		log.Fatal(err)
	}
	body, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, string(body))
	// Output:
	// 200 hello, cos
	// 206 cos
}

func ExampleObjectService_GetToFile() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	if _, _, err := c.Object.Put(ctx, "reports/2030-q1.csv", strings.NewReader("region,total\nsouth,42\n"), nil); err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "cos-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// The file appears only once the whole object arrived and its length
	// and CRC64 checked out; a failed download leaves the path untouched.
	path := filepath.Join(dir, "q1.csv")
	if _, err := c.Object.GetToFile(ctx, "reports/2030-q1.csv", path, nil); err != nil {
		log.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(data))
	// Output:
	// region,total
	// south,42
}

func ExampleObjectService_Head() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	_, _, err := c.Object.Put(ctx, "docs/hello.txt", strings.NewReader("hello, cos"),
		&cos.ObjectPutOptions{Metadata: map[string]string{"author": "gopher"}})
	if err != nil {
		log.Fatal(err)
	}

	meta, _, err := c.Object.Head(ctx, "docs/hello.txt", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(meta.ContentLength, meta.ContentType, meta.StorageClass, meta.Metadata["author"])

	// A missing object is ErrNotFound; Exists turns that into false.
	_, _, err = c.Object.Head(ctx, "docs/missing.txt", nil)
	fmt.Println(errors.Is(err, cos.ErrNotFound))
	ok, err := c.Object.Exists(ctx, "docs/missing.txt")
	fmt.Println(ok, err)
	// Output:
	// 10 text/plain; charset=utf-8 STANDARD gopher
	// true
	// false <nil>
}

func ExampleObjectService_Copy() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	src, _, err := c.Object.Put(ctx, "docs/hello.txt", strings.NewReader("hello, cos"), nil)
	if err != nil {
		log.Fatal(err)
	}

	// The source defaults to the client's bucket and region; set
	// CopySource.Bucket and Region to copy from elsewhere.
	res, _, err := c.Object.Copy(ctx, "archive/hello.txt", cos.CopySource{Key: "docs/hello.txt"},
		&cos.ObjectCopyOptions{StorageClass: cos.StorageStandardIA})
	if err != nil {
		log.Fatal(err)
	}
	meta, _, err := c.Object.Head(ctx, "archive/hello.txt", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.ETag == src.ETag, meta.StorageClass, meta.ContentLength)
	// Output: true STANDARD_IA 10
}

func ExampleObjectService_DeleteMulti() {
	c, srv := exampleSetup()
	defer srv.Close()
	for _, k := range []string{"tmp/a", "tmp/b", "keep/c"} {
		if err := srv.PutObject(c.BucketName(), k, []byte(k), nil); err != nil {
			log.Fatal(err)
		}
	}

	res, _, err := c.Object.DeleteMulti(context.Background(), &cos.DeleteMultiOptions{
		Objects: []cos.ObjectIdentifier{{Key: "tmp/a"}, {Key: "tmp/b"}, {Key: "tmp/never-existed"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	// A 200 answer can still carry per-key failures: always check Errors.
	for _, e := range res.Errors {
		fmt.Println("failed:", e.Key, e.Code)
	}
	for _, d := range res.Deleted {
		fmt.Println("deleted:", d.Key)
	}
	fmt.Println("left:", srv.ObjectKeys(c.BucketName()))
	// Output:
	// deleted: tmp/a
	// deleted: tmp/b
	// deleted: tmp/never-existed
	// left: [keep/c]
}

func ExampleObjectService_PutACL() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	if _, _, err := c.Object.Put(ctx, "public/logo.txt", strings.NewReader("logo"), nil); err != nil {
		log.Fatal(err)
	}

	// Make one object readable by everyone, whatever the bucket's ACL.
	if _, err := c.Object.PutACL(ctx, "public/logo.txt", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}}); err != nil {
		log.Fatal(err)
	}
	acl, _, err := c.Object.GetACL(ctx, "public/logo.txt")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(acl.CannedACL())

	// Anyone can now read it without signing.
	resp, err := http.Get(srv.URL + "/" + c.BucketName() + "/public/logo.txt")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println("anonymous GET:", resp.Status)

	// ACLDefault makes the object inherit its bucket's (private) ACL again.
	if _, err := c.Object.PutACL(ctx, "public/logo.txt", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLDefault}}); err != nil {
		log.Fatal(err)
	}
	resp, err = http.Get(srv.URL + "/" + c.BucketName() + "/public/logo.txt")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println("anonymous GET:", resp.Status)
	// Output:
	// public-read
	// anonymous GET: 200 OK
	// anonymous GET: 403 Forbidden
}

func ExampleObjectService_Restore() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	_, _, err := c.Object.Put(ctx, "cold/2019.tar", strings.NewReader("old data"),
		&cos.ObjectPutOptions{StorageClass: cos.StorageArchive})
	if err != nil {
		log.Fatal(err)
	}

	// An archived object cannot be read until it is restored.
	_, err = c.Object.Get(ctx, "cold/2019.tar", nil)
	fmt.Println("read before restore:", errors.Is(err, cos.ErrAccessDenied))

	if _, err := c.Object.Restore(ctx, "cold/2019.tar", &cos.RestoreOptions{Days: 1, Tier: cos.TierExpedited}); err != nil {
		log.Fatal(err)
	}
	// Head reports the progress; poll it until the restore is done.
	meta, _, err := c.Object.Head(ctx, "cold/2019.tar", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(meta.StorageClass, "restore ongoing:", meta.Restore.Ongoing, "readable:", meta.IsReadable())

	// Asking again while it runs is a conflict.
	_, err = c.Object.Restore(ctx, "cold/2019.tar", &cos.RestoreOptions{Days: 1})
	fmt.Println(errors.Is(err, cos.ErrConflict), cos.ErrorCode(err))
	// Output:
	// read before restore: true
	// ARCHIVE restore ongoing: true readable: false
	// true RestoreAlreadyInProgress
}

func ExampleObjectService_PresignURL() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	if _, _, err := c.Object.Put(ctx, "docs/hello.txt", strings.NewReader("hello, cos"), nil); err != nil {
		log.Fatal(err)
	}

	// Anyone holding the URL may GET the object for 10 minutes, with no
	// credentials. The URL carries a signature: do not log it whole.
	u, err := c.Object.PresignURL(ctx, http.MethodGet, "docs/hello.txt", 10*time.Minute, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Path)

	resp, err := http.Get(u.String())
	if err != nil {
		log.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Status, string(body))
	// Output:
	// /examplebucket-1250000000/docs/hello.txt
	// 200 OK hello, cos
}

// A presigned PUT lets a browser or another service upload one object. The
// headers given in PresignOptions are signed, so the uploader must send
// them unchanged.
func ExampleObjectService_PresignURL_put() {
	srv := costest.NewServer()
	defer srv.Close()
	_ = srv.CreateBucket("examplebucket-1250000000")
	id, key := srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket("examplebucket-1250000000"), cos.WithStaticCredentials(id, key, ""))
	if err != nil {
		log.Fatal(err)
	}

	u, err := c.Object.PresignURL(context.Background(), http.MethodPut, "uploads/avatar.png", time.Hour,
		&cos.PresignOptions{Header: http.Header{"Content-Type": {"image/png"}}})
	if err != nil {
		log.Fatal(err)
	}

	// What the uploader does, with no SDK and no credentials:
	req, err := http.NewRequest(http.MethodPut, u.String(), strings.NewReader("\x89PNG..."))
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Content-Type", "image/png")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	data, _ := srv.Object("examplebucket-1250000000", "uploads/avatar.png")
	fmt.Println(resp.Status, len(data))
	// Output: 200 OK 7
}
