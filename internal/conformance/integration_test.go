//go:build integration

package conformance_test

import (
	"os"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/internal/conformance"
)

// TestConformanceOnCOS runs the suite on a real bucket:
//
//	COS_SECRET_ID=... COS_SECRET_KEY=... COS_REGION=ap-guangzhou \
//	COS_BUCKET=name-1250000000 go test -tags integration ./internal/conformance/
//
// It works under "cosgo-conformance/<run id>/" and deletes what it made.
// The bucket's ACL, CORS and lifecycle configuration are left alone unless
// COS_CONFORMANCE_BUCKET_CONFIG=1 is also set; then those round trips run
// too, adding rules next to the bucket's own (or setting the ACL to
// private) for a few seconds and restoring the original afterwards.
// COS_SESSION_TOKEN is used with temporary keys.
func TestConformanceOnCOS(t *testing.T) {
	region, bucket := os.Getenv("COS_REGION"), os.Getenv("COS_BUCKET")
	if os.Getenv("COS_SECRET_ID") == "" || os.Getenv("COS_SECRET_KEY") == "" || region == "" || bucket == "" {
		t.Skip("conformance on real COS skipped: set COS_SECRET_ID, COS_SECRET_KEY, COS_REGION and COS_BUCKET (and COS_CONFORMANCE_BUCKET_CONFIG=1 to include bucket ACL/CORS/lifecycle writes)")
	}
	newClient := func(t *testing.T) *cos.Client {
		c, err := cos.NewClient(cos.WithRegion(region), cos.WithBucket(bucket), cos.WithCredentials(cos.EnvCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	conformance.Harness{
		NewClient:    newClient,
		BucketConfig: os.Getenv("COS_CONFORMANCE_BUCKET_CONFIG") == "1",
	}.Run(t)
}
