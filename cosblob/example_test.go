package cosblob_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/url"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/cosblob"
	"github.com/cosgo/cos/costest"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// This example opens a bucket of an in-memory costest server; with real
// COS, build the client with cos.WithRegion and cos.EnvCredentials
// instead. The rest is plain gocloud.dev/blob code.
func Example() {
	ctx := context.Background()
	srv := costest.NewServer()
	defer srv.Close()
	if err := srv.CreateBucket("examplebucket-1250000000"); err != nil {
		log.Fatal(err)
	}
	id, key := srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket("examplebucket-1250000000"),
		cos.WithStaticCredentials(id, key, ""))
	if err != nil {
		log.Fatal(err)
	}

	b, err := cosblob.OpenBucket(ctx, c, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()

	err = b.WriteAll(ctx, "docs/hello.txt", []byte("hello, COS"), &blob.WriterOptions{
		ContentType: "text/plain",
		Metadata:    map[string]string{"author": "gopher"},
	})
	if err != nil {
		log.Fatal(err)
	}
	got, err := b.ReadAll(ctx, "docs/hello.txt")
	if err != nil {
		log.Fatal(err)
	}
	attrs, err := b.Attributes(ctx, "docs/hello.txt")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (%s, %d bytes, author %s)\n", got, attrs.ContentType, attrs.Size, attrs.Metadata["author"])

	iter := b.List(&blob.ListOptions{Prefix: "docs/"})
	for {
		obj, err := iter.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("listed:", obj.Key)
	}

	_, err = b.ReadAll(ctx, "docs/missing.txt")
	fmt.Println("missing:", gcerrors.Code(err))
	// Output:
	// hello, COS (text/plain, 10 bytes, author gopher)
	// listed: docs/hello.txt
	// missing: NotFound
}

// Opening by URL: blob.OpenBucket(ctx, "cos://examplebucket-1250000000?region=ap-guangzhou")
// reads credentials from COS_SECRET_ID and COS_SECRET_KEY. Here a
// URLOpener with explicit credentials serves a costest server's endpoint,
// with a key prefix.
func ExampleURLOpener() {
	ctx := context.Background()
	srv := costest.NewServer()
	defer srv.Close()
	if err := srv.CreateBucket("examplebucket-1250000000"); err != nil {
		log.Fatal(err)
	}
	id, key := srv.Credentials()

	mux := new(blob.URLMux)
	mux.RegisterBucket(cosblob.Scheme, &cosblob.URLOpener{Credentials: cos.StaticCredentials(id, key, "")})
	b, err := mux.OpenBucket(ctx, "cos://examplebucket-1250000000?endpoint="+url.QueryEscape(srv.URL)+"&prefix=app/")
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	if err := b.WriteAll(ctx, "config.json", []byte(`{}`), nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(srv.ObjectKeys("examplebucket-1250000000"))
	// Output:
	// [app/config.json]
}
