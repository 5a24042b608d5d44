// Command browserupload serves a web page whose HTML form uploads a file
// straight to the bucket: the page's server signs a POST policy with
// Object.PresignPost (one file, at most 10 MiB, under
// "cosgo-examples/browserupload/", with metadata, valid 15 minutes), and
// the browser posts the file to COS, which stores it and redirects the
// browser back to the page. The file never passes through the page's
// server, and the browser never holds the secret key.
//
// Without COS_SECRET_ID it uses an embedded costest server. With
// COS_SECRET_ID, COS_SECRET_KEY, COS_REGION and COS_BUCKET set, the form
// posts to real COS (a plain HTML form needs no CORS rule; a page posting
// with fetch would, see Object.Options).
//
// By default it checks itself and exits: it fetches its own page, submits
// the form as a browser would, shows the stored object and deletes it.
// With -serve it keeps serving the page on 127.0.0.1 until Ctrl-C, for a
// real browser:
//
//	go run ./examples/browserupload
//	go run ./examples/browserupload -serve -addr 127.0.0.1:8080
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/cosgo/cos/examples/internal/demo"
)

const keyPrefix = "cosgo-examples/browserupload/"

func main() {
	serve := flag.Bool("serve", false, "keep serving the page until Ctrl-C (default: check itself and exit)")
	addr := flag.String("addr", "127.0.0.1:0", "address of the page's server")
	flag.Parse()
	timeout := time.Minute
	if *serve {
		timeout = 0
	}
	demo.Run("browserupload", timeout, func(ctx context.Context) error { return run(ctx, *serve, *addr) })
}

func run(ctx context.Context, serve bool, addr string) error {
	c, _, cleanup, err := demo.Client("examples-1250000000")
	if err != nil {
		return err
	}
	defer cleanup()

	page := &Page{Client: c, KeyPrefix: keyPrefix, MaxSize: 10 << 20,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))}
	base, stop, err := demo.Serve(ctx, addr, page)
	if err != nil {
		return err
	}
	defer stop()
	pageURL := base + "/"
	fmt.Printf("upload page: %s\n", pageURL)
	if serve {
		fmt.Println("open it in a browser and pick a file; Ctrl-C stops the server")
		<-ctx.Done()
		return nil
	}
	return selfTest(ctx, page, pageURL)
}

// selfTest does what a user's browser would, then checks the result.
func selfTest(ctx context.Context, page *Page, pageURL string) error {
	hc := &http.Client{Timeout: 30 * time.Second}
	form, err := FetchForm(ctx, hc, pageURL)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(form.Fields))
	for _, kv := range form.Fields {
		names = append(names, kv[0])
	}
	// The fields hold a signature: show their names, not their values.
	fmt.Printf("the form posts to %s with fields %v and the file\n", form.Action, names)

	content := []byte("hello from an HTML form\n")
	status, result, err := form.Submit(ctx, hc, "hello.txt", "text/plain", content)
	if err != nil {
		return err
	}
	key := ResultKey(result)
	if status != http.StatusOK || key == "" {
		return fmt.Errorf("upload answered %d:\n%s", status, result)
	}
	fmt.Printf("COS stored the file and sent the browser back to the page: %s\n", key)
	defer page.Client.Object.Delete(context.WithoutCancel(ctx), key, nil)

	meta, _, err := page.Client.Object.Head(ctx, key, nil)
	if err != nil {
		return err
	}
	fmt.Printf("object %s: %d bytes, metadata uploaded-by=%s\n", key, meta.ContentLength, meta.Metadata["uploaded-by"])
	if meta.ContentLength != int64(len(content)) {
		return fmt.Errorf("stored %d bytes, sent %d", meta.ContentLength, len(content))
	}
	return nil
}
