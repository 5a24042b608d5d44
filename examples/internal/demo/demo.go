// Package demo holds what the transfer examples share: choosing real COS or
// an embedded costest server, and a plain-ANSI progress bar.
package demo

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
)

// Client returns a client for real COS when COS_SECRET_ID is set (with
// COS_SECRET_KEY, COS_REGION and COS_BUCKET), else for an in-process
// costest server with bucket already created. fake reports which; close
// stops the embedded server.
func Client(bucket string) (c *cos.Client, fake bool, closeFn func(), err error) {
	if os.Getenv("COS_SECRET_ID") == "" {
		srv := costest.NewServer()
		id, key := srv.Credentials()
		if err := srv.CreateBucket(bucket); err != nil {
			srv.Close()
			return nil, false, nil, err
		}
		c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithRegion(srv.Region()),
			cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""))
		if err != nil {
			srv.Close()
			return nil, false, nil, err
		}
		fmt.Printf("COS_SECRET_ID is not set: using an embedded costest server at %s\n", srv.URL)
		return c, true, srv.Close, nil
	}
	for _, v := range []string{"COS_SECRET_KEY", "COS_REGION", "COS_BUCKET"} {
		if os.Getenv(v) == "" {
			return nil, false, nil, fmt.Errorf("COS_SECRET_ID is set, so %s must be set too", v)
		}
	}
	c, err = cos.NewClient(cos.WithRegion(os.Getenv("COS_REGION")), cos.WithBucket(os.Getenv("COS_BUCKET")),
		cos.WithCredentials(cos.EnvCredentials()))
	if err != nil {
		return nil, false, nil, err
	}
	fmt.Printf("using real COS: bucket %s in %s\n", c.BucketName(), c.Region())
	return c, false, func() {}, nil
}

// Bar draws a one-line progress bar with carriage returns; it is called
// from one goroutine by the transfer package.
type Bar struct {
	Out   io.Writer
	Label string
	start time.Time
	last  time.Time
	base  int64 // bytes already done when this run started (resume)
	ended bool
}

// Update draws p; it redraws at most ten times a second, and always at the
// end.
func (b *Bar) Update(p transfer.Progress) {
	now := time.Now()
	if b.start.IsZero() {
		b.start, b.base = now, p.Done
	}
	final := p.Total >= 0 && p.Done == p.Total
	if b.ended || (!final && now.Sub(b.last) < 100*time.Millisecond) {
		return
	}
	b.ended = final
	b.last = now
	const width = 30
	frac := 0.0
	if p.Total > 0 {
		frac = float64(p.Done) / float64(p.Total)
	}
	filled := int(frac * width)
	rate := float64(p.Done-b.base) / max(now.Sub(b.start).Seconds(), 1e-3) / (1 << 20)
	total := "?"
	if p.Total >= 0 {
		total = fmt.Sprintf("%.1f", float64(p.Total)/(1<<20))
	}
	fmt.Fprintf(b.Out, "\r%s [%s%s] %5.1f%% %.1f/%s MiB %6.1f MiB/s parts %d",
		b.Label, strings.Repeat("#", filled), strings.Repeat(" ", width-filled), 100*frac,
		float64(p.Done)/(1<<20), total, rate, p.Parts)
	if final {
		fmt.Fprintln(b.Out)
	}
}

// Setup is a client and the transfer options a demo uses; see
// TransferSetup.
type Setup struct {
	Client  *cos.Client
	Fake    bool
	Close   func()
	Options []transfer.Option
}

// CheckpointDir is where the examples keep resumable transfer state: under
// the user's cache directory, so a rerun after Ctrl-C finds it.
func CheckpointDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "cosgo", "checkpoints")
	return dir, os.MkdirAll(dir, 0o700)
}
