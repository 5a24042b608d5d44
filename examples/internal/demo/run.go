package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/transfer"
)

// Run runs an example's body with a context that ends on Ctrl-C (or
// SIGTERM) and, when timeout > 0, after timeout; an error is printed as
// "<name> failed: ..." and exits 1.
func Run(name string, timeout time.Duration, run func(ctx context.Context) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s failed: %v\n", name, err)
		os.Exit(1)
	}
}

// Fetch GETs u with plain net/http, as whoever holds a presigned URL
// would: no SDK, no credentials. Anything but 200 is an error.
func Fetch(ctx context.Context, u *url.URL) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		// net/http's *url.Error quotes the whole URL, signature and
		// token included: log it through cos.RedactURL.
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			return nil, fmt.Errorf("%s %s: %w", ue.Op, cos.RedactURL(ue.URL), ue.Err)
		}
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s://%s%s answered %s", u.Scheme, u.Host, u.Path, resp.Status)
	}
	return body, nil
}

// TransferSetup is what the transfer demos share: a client (real COS or an
// embedded costest), whether it is the fake, and transfer options with the
// given part size and concurrency and a checkpoint directory that survives
// a rerun.
func TransferSetup(bucket string, partSize int64, concurrency int) (*Setup, error) {
	c, fake, closeFn, err := Client(bucket)
	if err != nil {
		return nil, err
	}
	dir, err := CheckpointDir()
	if err != nil {
		closeFn()
		return nil, err
	}
	return &Setup{Client: c, Fake: fake, Close: closeFn, Options: []transfer.Option{
		transfer.WithPartSize(partSize), transfer.WithConcurrency(concurrency), transfer.WithCheckpointDir(dir),
	}}, nil
}

// Interrupted runs a transfer that is interrupted at its first progress
// report, as Ctrl-C would be once some work is done: run gets a context
// cancelled then and the progress callback (drawing a bar labelled "first
// run") that cancels it. The transfer must end with context.Canceled.
func Interrupted(ctx context.Context, run func(ctx context.Context, progress func(transfer.Progress)) error) error {
	first, cancel := context.WithCancel(ctx)
	defer cancel()
	bar := &Bar{Out: os.Stdout, Label: "first run "}
	err := run(first, func(p transfer.Progress) {
		bar.Update(p)
		if p.Done > 0 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		return fmt.Errorf("the interrupted run should end with context.Canceled, got %v", err)
	}
	return nil
}

// ResumeHint returns err, first telling the user how to resume when it is
// an interruption (Ctrl-C).
func ResumeHint(err error) error {
	if errors.Is(err, context.Canceled) {
		fmt.Println("\ninterrupted: run the same command again to resume")
	}
	return err
}
