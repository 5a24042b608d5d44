// Command presign shows presigned URLs: it uploads an object, makes a GET
// URL that works for five minutes without credentials, and fetches it with
// plain net/http, as a browser or another service would.
//
// A presigned URL is a bearer credential: whoever holds it may use it until
// it expires. So this program never prints one whole; it prints where the
// URL points and the names of its q-* signature parameters, not their
// values.
//
// Without COS_SECRET_ID it starts the in-memory costest server in-process,
// so it needs no account and no network. With COS_SECRET_ID,
// COS_SECRET_KEY, COS_REGION and COS_BUCKET set, it runs against real COS,
// writing and then deleting one object under "cosgo-examples/presign/".
//
//	go run ./examples/presign
package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cosgo/cos/examples/internal/demo"
)

const key = "cosgo-examples/presign/hello.txt"

func main() {
	demo.Run("presign", time.Minute, run)
}

func run(ctx context.Context) error {
	c, _, cleanup, err := demo.Client("examples-1250000000")
	if err != nil {
		return err
	}
	defer cleanup()

	if _, _, err := c.Object.Put(ctx, key, strings.NewReader("hello from a presigned URL"), nil); err != nil {
		return err
	}
	defer c.Object.Delete(context.WithoutCancel(ctx), key, nil)

	u, err := c.Object.PresignURL(ctx, http.MethodGet, key, 5*time.Minute, nil)
	if err != nil {
		return err
	}
	// Print where the URL points and which parameters carry the
	// signature, but not the signature itself.
	var params []string
	for name := range u.Query() {
		params = append(params, name)
	}
	slices.Sort(params)
	fmt.Printf("presigned GET URL (valid 5m): %s://%s%s\n", u.Scheme, u.Host, u.Path)
	fmt.Printf("  query parameters (values redacted): %s\n", strings.Join(params, ", "))

	// Whoever holds the URL needs no SDK and no credentials.
	body, err := demo.Fetch(ctx, u)
	if err != nil {
		return err
	}
	fmt.Printf("fetched with net/http: 200 OK, body %q\n", body)

	// The same path without the signature is refused: the bucket is private.
	plain := *u
	plain.RawQuery = ""
	resp2, err := http.Get(plain.String())
	if err != nil {
		return err
	}
	resp2.Body.Close()
	fmt.Printf("same URL without the signature: %s\n", resp2.Status)
	return nil
}
