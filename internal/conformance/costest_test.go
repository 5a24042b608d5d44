package conformance_test

import (
	"context"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/internal/conformance"
)

// TestConformanceOnCostest runs the whole suite on the in-memory server,
// with everything allowed, and then checks that the suite left nothing
// behind: no object, no upload, the bucket's configuration as it was.
func TestConformanceOnCostest(t *testing.T) {
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	const bucket = "conformance-1250000000"
	if err := srv.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	id, key := srv.Credentials()
	newClient := func(t *testing.T) *cos.Client {
		c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Runs after every subtest and its cleanups.
	t.Cleanup(func() {
		if keys := srv.ObjectKeys(bucket); len(keys) > 0 {
			t.Errorf("the suite left %d objects: %q", len(keys), keys)
		}
		if ups := srv.MultipartUploads(bucket); len(ups) > 0 {
			t.Errorf("the suite left %d multipart uploads", len(ups))
		}
		if got := srv.Buckets(); len(got) != 1 {
			t.Errorf("buckets after the suite: %q", got)
		}
		c := newClient(t)
		ctx := context.Background()
		if _, _, err := c.Bucket.GetCORS(ctx); !cos.IsNotFound(err) {
			t.Errorf("CORS configuration left behind (GetCORS: %v)", err)
		}
		if _, _, err := c.Bucket.GetLifecycle(ctx); !cos.IsNotFound(err) {
			t.Errorf("lifecycle configuration left behind (GetLifecycle: %v)", err)
		}
		if acl, _, err := c.Bucket.GetACL(ctx); err != nil || acl.CannedACL() != cos.ACLPrivate {
			t.Errorf("bucket ACL changed: %v, %v", acl, err)
		}
	})
	conformance.Harness{NewClient: newClient, BucketConfig: true, CreateBuckets: true}.Run(t)
}
