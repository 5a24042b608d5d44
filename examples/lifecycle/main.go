// Command lifecycle shows bucket lifecycle rules: it puts a configuration
// with three rules (expire temporary files, move old logs to ARCHIVE, abort
// multipart uploads left unfinished), reads it back, prints it and deletes
// it.
//
// Without COS_SECRET_ID it starts the in-memory costest server in-process,
// so it needs no account and no network. With COS_SECRET_ID,
// COS_SECRET_KEY, COS_REGION and COS_BUCKET set, it runs against real COS.
// A bucket has one lifecycle configuration, which PutLifecycle replaces
// whole, so on a real bucket the program first saves the configuration it
// finds and puts it back at the end; its own rules only name prefixes
// under "cosgo-examples/lifecycle/".
//
//	go run ./examples/lifecycle
package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/examples/internal/demo"
)

const prefix = "cosgo-examples/lifecycle/"

func main() {
	demo.Run("lifecycle", time.Minute, run)
}

func run(ctx context.Context) (err error) {
	c, _, cleanup, err := demo.Client("examples-1250000000")
	if err != nil {
		return err
	}
	defer cleanup()
	b := c.Bucket

	// Keep whatever configuration the bucket already has, to restore it.
	saved, _, err := b.GetLifecycle(ctx)
	switch {
	case cos.IsNotFound(err):
		saved = nil
	case err != nil:
		return err
	default:
		fmt.Printf("the bucket has %d lifecycle rule(s) already; they will be put back\n", len(saved.Rules))
	}
	defer func() {
		// Restore even if ctx was cancelled or a step failed.
		rctx := context.WithoutCancel(ctx)
		var rerr error
		if saved != nil {
			_, rerr = b.PutLifecycle(rctx, saved)
		} else {
			_, rerr = b.DeleteLifecycle(rctx)
		}
		err = errors.Join(err, rerr)
	}()

	cfg := &cos.LifecycleConfiguration{Rules: []cos.LifecycleRule{
		{
			ID:         "expire-tmp",
			Filter:     cos.LifecycleFilter{Prefix: prefix + "tmp/"},
			Status:     cos.LifecycleEnabled,
			Expiration: &cos.LifecycleExpiration{Days: 7},
		},
		{
			ID:     "archive-logs",
			Filter: cos.LifecycleFilter{Prefix: prefix + "logs/"},
			Status: cos.LifecycleEnabled,
			Transitions: []cos.LifecycleTransition{
				{Days: 30, StorageClass: cos.StorageStandardIA},
				{Days: 90, StorageClass: cos.StorageArchive},
			},
		},
		{
			ID:                             "abort-stale-uploads",
			Filter:                         cos.LifecycleFilter{Prefix: prefix + "uploads/"},
			Status:                         cos.LifecycleEnabled,
			AbortIncompleteMultipartUpload: &cos.AbortIncompleteMultipartUpload{DaysAfterInitiation: 3},
		},
	}}
	// PutLifecycle replaces the whole configuration. Mistakes COS would
	// refuse (duplicate IDs, rules without actions, Days and Date mixed)
	// fail here, before anything is sent.
	if _, err := b.PutLifecycle(ctx, cfg); err != nil {
		return err
	}
	fmt.Printf("put %d lifecycle rules on %s\n", len(cfg.Rules), c.BucketName())

	got, _, err := b.GetLifecycle(ctx)
	if err != nil {
		return err
	}
	fmt.Println("read back:")
	for _, r := range got.Rules {
		printRule(r)
	}

	if _, err := b.DeleteLifecycle(ctx); err != nil {
		return err
	}
	_, _, err = b.GetLifecycle(ctx)
	if !cos.IsNotFound(err) {
		return fmt.Errorf("after DeleteLifecycle, GetLifecycle returned %v, want a not-found error", err)
	}
	fmt.Printf("deleted; GetLifecycle now fails with %s (errors.Is(err, cos.ErrNotFound) is true)\n", cos.ErrorCode(err))
	return nil
}

func printRule(r cos.LifecycleRule) {
	fmt.Printf("  rule %q (%s) on prefix %q:\n", r.ID, r.Status, r.Filter.Prefix)
	for _, t := range r.Transitions {
		fmt.Printf("    move to %s after %d days\n", t.StorageClass, t.Days)
	}
	if e := r.Expiration; e != nil {
		if e.Days > 0 {
			fmt.Printf("    delete after %d days\n", e.Days)
		} else {
			fmt.Printf("    delete on %s\n", e.Date.Format(time.DateOnly))
		}
	}
	if a := r.AbortIncompleteMultipartUpload; a != nil {
		fmt.Printf("    abort unfinished multipart uploads after %d days\n", a.DaysAfterInitiation)
	}
}
