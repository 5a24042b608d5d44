// Command quickstart runs cosgo's main job end to end: create (or find) a
// bucket, upload, list, download, presign, multipart upload, ACL, CORS,
// lifecycle, and clean up.
//
// Without COS_SECRET_ID it starts the in-memory costest server in-process,
// so it needs no account and no network. With COS_SECRET_ID,
// COS_SECRET_KEY, COS_REGION and COS_BUCKET set, it runs against real COS,
// touching only keys under "cosgo-quickstart/" and leaving the bucket's
// own configuration (CORS, lifecycle, ACL) alone.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/examples/internal/demo"
)

func main() {
	demo.Run("quickstart", 2*time.Minute, run)
}

// env is where the quickstart runs: a real bucket or the embedded fake.
type env struct {
	client *cos.Client
	fake   bool
	say    func(format string, args ...any)
}

func setup() (*env, func(), error) {
	say := func(format string, args ...any) { fmt.Printf(format+"\n", args...) }
	if os.Getenv("COS_SECRET_ID") == "" {
		srv := costest.NewServer()
		id, key := srv.Credentials()
		c, err := cos.NewClient(
			cos.WithEndpoint(srv.URL),
			cos.WithRegion(srv.Region()), // names the region in copy sources
			cos.WithBucket("quickstart-1250000000"),
			cos.WithStaticCredentials(id, key, ""),
		)
		if err != nil {
			srv.Close()
			return nil, nil, err
		}
		say("COS_SECRET_ID is not set: using an embedded costest server at %s", srv.URL)
		return &env{client: c, fake: true, say: say}, srv.Close, nil
	}
	for _, v := range []string{"COS_SECRET_KEY", "COS_REGION", "COS_BUCKET"} {
		if os.Getenv(v) == "" {
			return nil, nil, fmt.Errorf("COS_SECRET_ID is set, so %s must be set too", v)
		}
	}
	c, err := cos.NewClient(
		cos.WithRegion(os.Getenv("COS_REGION")),
		cos.WithBucket(os.Getenv("COS_BUCKET")),
		cos.WithCredentials(cos.EnvCredentials()),
	)
	if err != nil {
		return nil, nil, err
	}
	say("using real COS: bucket %s in %s", c.BucketName(), c.Region())
	return &env{client: c, say: say}, func() {}, nil
}

func run(ctx context.Context) error {
	e, cleanup, err := setup()
	if err != nil {
		return err
	}
	defer cleanup()
	steps := []struct {
		name string
		fn   func(context.Context, *env) error
	}{
		{"bucket", stepBucket},
		{"objects", stepObjects},
		{"presign", stepPresign},
		{"multipart", stepMultipart},
		{"bucket configuration", stepBucketConfig},
		{"cleanup", stepCleanup},
	}
	for _, s := range steps {
		if err := s.fn(ctx, e); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	e.say("done: every step succeeded")
	return nil
}
