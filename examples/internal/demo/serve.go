package demo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// Serve serves h on addr (a loopback address, so nothing is exposed by
// default) and returns its base URL, "http://host:port", and stop, which
// shuts the server down gracefully (within 5 s, even after ctx ended) and
// reports a serving error other than the shutdown to standard error.
func Serve(ctx context.Context, addr string, h http.Handler) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	stop = func() {
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "server:", err)
		}
	}
	return "http://" + ln.Addr().String(), stop, nil
}
