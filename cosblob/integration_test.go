//go:build integration

package cosblob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"gocloud.dev/blob/drivertest"
)

// TestConformanceOnCOS runs gocloud's conformance suite on a real bucket:
//
//	COS_SECRET_ID=... COS_SECRET_KEY=... COS_REGION=ap-guangzhou \
//	COS_BUCKET=name-1250000000 go test -tags integration ./...   # in cosblob/
//
// Every key lives under "cosgo-cosblob/<run id>/", deleted at the end
// (with any multipart upload left there). The bucket must be private:
// the suite checks that an unsigned GET is refused. COS_SESSION_TOKEN is
// used with temporary keys.
func TestConformanceOnCOS(t *testing.T) {
	region, bucket := os.Getenv("COS_REGION"), os.Getenv("COS_BUCKET")
	if os.Getenv("COS_SECRET_ID") == "" || os.Getenv("COS_SECRET_KEY") == "" || region == "" || bucket == "" {
		t.Skip("cosblob conformance on real COS skipped: set COS_SECRET_ID, COS_SECRET_KEY, COS_REGION and COS_BUCKET")
	}
	id := make([]byte, 4)
	if _, err := rand.Read(id); err != nil {
		t.Fatal(err)
	}
	run := hex.EncodeToString(id)
	prefix := fmt.Sprintf("cosgo-cosblob/%s-%s/", time.Now().UTC().Format("20060102T150405"), run)
	appid := bucket[strings.LastIndex(bucket, "-")+1:]
	newClient := func(b string) (*cos.Client, error) {
		return cos.NewClient(cos.WithRegion(region), cos.WithBucket(b), cos.WithCredentials(cos.EnvCredentials()))
	}
	t.Cleanup(func() { cleanPrefix(t, newClient, bucket, prefix) })
	drivertest.RunConformanceTests(t, func(context.Context, *testing.T) (drivertest.Harness, error) {
		return &harness{prefix: prefix, newClient: newClient, bucket: bucket, missing: "cosgo-missing-" + run + "-" + appid}, nil
	}, []drivertest.AsTest{verifyAs{}})
}

// cleanPrefix deletes every object and multipart upload under prefix.
func cleanPrefix(t *testing.T, newClient func(string) (*cos.Client, error), bucket, prefix string) {
	c, err := newClient(bucket)
	if err != nil {
		t.Error(err)
		return
	}
	ctx := context.Background()
	for obj, err := range c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: prefix}) {
		if err != nil {
			t.Errorf("cleaning %s: %v", prefix, err)
			break
		}
		if _, err := c.Object.Delete(ctx, obj.Key, nil); err != nil {
			t.Errorf("cleaning %s: %v", obj.Key, err)
		}
	}
	for up, err := range c.Bucket.MultipartUploads(ctx, &cos.ListMultipartUploadsOptions{Prefix: prefix}) {
		if err != nil {
			t.Errorf("cleaning uploads under %s: %v", prefix, err)
			break
		}
		if _, err := c.Object.AbortMultipartUpload(ctx, up.Key, up.UploadID); err != nil {
			t.Errorf("aborting %s: %v", up.Key, err)
		}
	}
}
