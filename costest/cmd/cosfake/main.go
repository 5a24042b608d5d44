// Command cosfake serves the costest in-memory COS server on a TCP
// address, so that tests in any language (or the official SDKs) can talk
// to a local, disposable COS.
//
// Usage:
//
//	cosfake [-addr 127.0.0.1:9000] [-secret-id ID] [-secret-key KEY]
//	        [-appid 1250000000] [-region ap-guangzhou] [-anonymous]
//	        [-restore-delay 1m]
//
// Point a client at http://127.0.0.1:9000 with path-style addressing, or
// keep real COS host names (<bucket>.cos.<region>.myqcloud.com) in the
// Host header and dial the address. The credentials are fake: never use
// real secrets with cosfake. Stop it with Ctrl-C (SIGINT) or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cosgo/cos/costest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cosfake:", err)
		os.Exit(1)
	}
}

// run parses args, serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("cosfake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "cosfake serves an in-memory Tencent COS (costest) for local tests.")
		fmt.Fprintln(fs.Output(), "Its credentials are fake; never give it real secrets.")
		fmt.Fprintln(fs.Output(), "\nUsage: cosfake [flags]")
		fs.PrintDefaults()
	}
	addr := fs.String("addr", "127.0.0.1:9000", "TCP address to listen on")
	secretID := fs.String("secret-id", costest.DefaultSecretID, "SecretId the server accepts")
	secretKey := fs.String("secret-key", costest.DefaultSecretKey, "SecretKey the server accepts")
	appID := fs.String("appid", costest.DefaultAppID, "account APPID (bucket names end in -<appid>)")
	region := fs.String("region", costest.DefaultRegion, "region of every bucket")
	anonymous := fs.Bool("anonymous", false, "accept requests without checking signatures")
	restoreDelay := fs.String("restore-delay", "", "time an archive restore stays ongoing, e.g. 30s (0 = immediate; default: the tier's shortest documented time)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	opts := []costest.Option{
		costest.WithCredentials(*secretID, *secretKey),
		costest.WithAppID(*appID),
		costest.WithRegion(*region),
	}
	if *anonymous {
		opts = append(opts, costest.WithAnonymous())
	}
	if *restoreDelay != "" {
		d, err := time.ParseDuration(*restoreDelay)
		if err != nil || d < 0 {
			return fmt.Errorf("-restore-delay %q is not a non-negative duration", *restoreDelay)
		}
		opts = append(opts, costest.WithRestoreDelay(d))
	}
	srv := costest.New(opts...)
	defer srv.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	fmt.Fprintf(stdout, "cosfake: serving COS on http://%s (region %s, APPID %s)\n", ln.Addr(), *region, *appID)
	if *anonymous {
		fmt.Fprintln(stdout, "cosfake: signatures are not checked")
	} else {
		fmt.Fprintf(stdout, "cosfake: fake credentials SecretId=%s SecretKey=%s\n", *secretID, *secretKey)
	}

	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Close() // ends fault delays so Shutdown does not wait for them
	err = hs.Shutdown(sctx)
	<-errc
	fmt.Fprintln(stdout, "cosfake: stopped")
	return err
}
