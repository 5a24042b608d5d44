package conformance

import (
	"errors"
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/cosgo/cos"
)

// testBucket: the bucket under test exists and answers Head, Exists,
// Location and ListBuckets; a bucket that does not exist is ErrNotFound.
func (s *suite) testBucket(t *testing.T, e *env) {
	ctx := e.ctx(t)
	_, err := e.c.Bucket.Head(ctx)
	must(t, err, "Head")
	ok, err := e.c.Bucket.Exists(ctx)
	must(t, err, "Exists")
	equal(t, ok, true, "Exists")

	loc, _, err := e.c.Bucket.Location(ctx)
	must(t, err, "Location")
	if r := e.c.Region(); r != "" {
		equal(t, loc, r, "Location")
	} else if loc == "" {
		t.Error("Location: empty region")
	}

	missing := e.c.ForBucket(missingBucket(e.c.BucketName()))
	_, err = missing.Bucket.Head(ctx)
	missingBucketErr(t, err, "Head of a missing bucket")
	ok, err = missing.Bucket.Exists(ctx)
	if !isDNSNotFound(err) {
		must(t, err, "Exists of a missing bucket")
		equal(t, ok, false, "Exists of a missing bucket")
	}
	_, _, err = missing.Object.Head(ctx, "x", nil)
	missingBucketErr(t, err, "Object.Head in a missing bucket")

	res, _, err := e.c.Service.ListBuckets(ctx, nil)
	if errors.Is(err, cos.ErrAccessDenied) {
		t.Log("ListBuckets: access denied for these credentials; not checked")
		return
	}
	must(t, err, "ListBuckets")
	if !slices.ContainsFunc(res.Buckets, func(b cos.BucketInfo) bool { return b.Name == e.c.BucketName() }) {
		t.Errorf("ListBuckets does not list %s", e.c.BucketName())
	}
}

// testScratchBucket creates a bucket, refuses to delete it while it holds
// an object, and deletes it.
func (s *suite) testScratchBucket(t *testing.T, e *env) {
	if !e.h.CreateBuckets {
		t.Skip("Harness.CreateBuckets is off: not creating buckets on this service")
	}
	ctx := e.ctx(t)
	b := e.c.ForBucket(missingBucket(e.c.BucketName()))
	_, err := b.Bucket.Create(ctx, nil)
	must(t, err, "Create")
	t.Cleanup(func() { // after a failure midway; ctx is done by now
		ctx, cancel := freshCtx()
		defer cancel()
		for o, err := range b.Bucket.Objects(ctx, nil) {
			if err == nil {
				_, _ = b.Object.Delete(ctx, o.Key, nil)
			}
		}
		_, _ = b.Bucket.Delete(ctx)
	})
	_, err = b.Bucket.Create(ctx, nil)
	errIs(t, err, cos.ErrConflict, "second Create")
	_, err = b.Bucket.Head(ctx)
	must(t, err, "Head")
	_, _, err = b.Object.Put(ctx, "k", strings.NewReader("v"), nil)
	must(t, err, "Put")
	_, err = b.Bucket.Delete(ctx)
	errIs(t, err, cos.ErrConflict, "Delete of a bucket that is not empty")
	_, err = b.Object.Delete(ctx, "k", nil)
	must(t, err, "Delete object")
	_, err = b.Bucket.Delete(ctx)
	must(t, err, "Delete")
	_, err = b.Bucket.Head(ctx)
	errIs(t, err, cos.ErrNotFound, "Head after Delete")
}

// missingBucket returns a fresh bucket name with the APPID of bucket.
func missingBucket(bucket string) string {
	appID := bucket[strings.LastIndex(bucket, "-")+1:]
	return "nx" + randomHex(4) + "-" + appID // short: the host must stay under 60 characters
}

// missingBucketErr accepts ErrNotFound or a bucket host that does not
// resolve (a service without wildcard DNS for unknown buckets).
func missingBucketErr(t *testing.T, err error, what string) {
	t.Helper()
	if isDNSNotFound(err) {
		t.Logf("%s: bucket host does not resolve: %v", what, err)
		return
	}
	errIs(t, err, cos.ErrNotFound, "%s", what)
}

func isDNSNotFound(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}
