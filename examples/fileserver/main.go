// Command fileserver serves a bucket prefix over HTTP with the standard
// library's http.FileServer, through the io/fs view of package cosfs, and
// shows an HTTP Range request being answered from a few ranged GETs rather
// than a full download.
//
// Without COS_SECRET_ID it starts the in-memory costest server in-process
// and seeds it with a small site, so it needs no account and no network.
// With COS_SECRET_ID, COS_SECRET_KEY, COS_REGION and COS_BUCKET set it
// serves real COS: the prefix given with -prefix as it is, or by default a
// demo site it uploads under "cosgo-fileserver/" and deletes again on exit.
//
//	go run ./examples/fileserver                  # demo, then exit
//	go run ./examples/fileserver -serve -addr 127.0.0.1:8080   # keep serving until Ctrl-C
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/cosfs"
	"github.com/cosgo/cos/examples/internal/demo"
)

// demoPrefix is where the demo site lives in a real bucket.
const demoPrefix = "cosgo-fileserver/"

func main() {
	serve := flag.Bool("serve", false, "keep serving until interrupted (Ctrl-C)")
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on (loopback only by default)")
	prefix := flag.String("prefix", "", "key prefix to serve on real COS (default: a demo site under "+demoPrefix+")")
	flag.Parse()

	demo.Run("fileserver", 0, func(ctx context.Context) error { return run(ctx, *addr, *prefix, *serve) })
}

// demoSite is the content seeded into costest, or uploaded to real COS.
func demoSite() map[string][]byte {
	video := make([]byte, 256<<10) // stands in for a large media file
	for i := range video {
		video[i] = byte(i % 251)
	}
	return map[string][]byte{
		"index.html":      []byte("<!doctype html><title>cosgo</title><h1>Served from COS</h1><a href=\"docs/\">docs</a>\n"),
		"docs/readme.txt": []byte("This file lives in a COS bucket and is served by http.FileServer.\n"),
		"docs/年报.txt":     []byte("unicode names work too\n"),
		"media/clip.bin":  video,
	}
}

func run(ctx context.Context, addr, prefix string, serve bool) error {
	c, root, sample, cleanup, err := setup(ctx, prefix)
	if err != nil {
		return err
	}
	defer cleanup()

	fsys := cosfs.New(c, cosfs.WithPrefix(root), cosfs.WithContext(ctx), cosfs.WithTimeout(30*time.Second))
	base, stop, err := demo.Serve(ctx, addr, http.FileServer(http.FS(fsys)))
	if err != nil {
		return err
	}
	defer stop()
	fmt.Printf("serving %q at %s\n", root, base)

	if err := listFiles(fsys); err != nil {
		return err
	}
	if sample == "" {
		fmt.Println("no file under the prefix to demonstrate a Range request on")
	} else if err := demoRange(ctx, base, sample); err != nil {
		return err
	}
	if !serve {
		fmt.Println("done (run with -serve to keep serving)")
		return nil
	}
	fmt.Printf("serving until interrupted: open %s/ in a browser\n", base)
	<-ctx.Done()
	fmt.Println("interrupted, shutting down")
	return nil
}

// setup returns the client, the prefix to serve, a file to ask a Range of,
// and a cleanup function.
func setup(ctx context.Context, prefix string) (c *cos.Client, root, sample string, cleanup func(), err error) {
	c, fake, closeFn, err := demo.Client("fileserver-1250000000")
	if err != nil {
		return nil, "", "", nil, err
	}
	if prefix != "" && !fake {
		sample, err := firstFile(cosfs.New(c, cosfs.WithPrefix(prefix), cosfs.WithContext(ctx)))
		return c, prefix, sample, closeFn, err
	}
	site := demoSite()
	cleanup = func() {
		defer closeFn()
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		for name := range site {
			if _, err := c.Object.Delete(dctx, demoPrefix+name, nil); err != nil {
				fmt.Fprintln(os.Stderr, "cleanup:", err)
			}
		}
	}
	for name, data := range site {
		if _, _, err := c.Object.Put(ctx, demoPrefix+name, strings.NewReader(string(data)), nil); err != nil {
			cleanup()
			return nil, "", "", nil, err
		}
	}
	return c, demoPrefix, "media/clip.bin", cleanup, nil
}

// firstFile finds a file of at least 2,000 bytes to ask a Range of.
func firstFile(fsys fs.FS) (string, error) {
	var found string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if info, err := d.Info(); err == nil && info.Size() >= 2000 {
			found = p
			return fs.SkipAll
		}
		return nil
	})
	return found, err
}

func listFiles(fsys fs.FS) error {
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if n++; n <= 20 {
			info, err := d.Info()
			if err != nil {
				return err
			}
			fmt.Printf("  %-24s %8d bytes\n", p, info.Size())
		}
		return nil
	})
	if n > 20 {
		fmt.Printf("  ... and %d more\n", n-20)
	}
	return err
}

// demoRange asks the file server for bytes 1000-1999 of name, as a video
// player seeking would.
func demoRange(ctx context.Context, base, name string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/"+name, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Range", "bytes=1000-1999")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return err
	}
	fmt.Printf("GET /%s with Range: bytes=1000-1999\n  status: %s\n  Content-Range: %s\n  body: %d bytes\n",
		name, resp.Status, resp.Header.Get("Content-Range"), n)
	if resp.StatusCode != http.StatusPartialContent || n != 1000 {
		return errors.New("the Range request was not answered with 206 and 1000 bytes")
	}
	return nil
}
