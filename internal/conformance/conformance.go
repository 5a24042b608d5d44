// Package conformance is one suite of behaviour tests for the cos client
// that runs both on costest and on real COS, so the fake cannot drift from
// the service (the idea of gocloud's drivertest, run on memblob and on each
// cloud).
//
// costest_test.go runs it on an in-memory server in every go test ./...;
// integration_test.go (build tag integration) runs it on the bucket named by
// COS_SECRET_ID, COS_SECRET_KEY, COS_REGION and COS_BUCKET:
//
//	go test ./internal/conformance/
//	go test -tags integration ./internal/conformance/
//
// Every subtest works under its own key prefix,
// <Root><run id>/<subtest>/, and deletes every object and multipart upload it
// made there in t.Cleanup. Bucket-level configuration (ACL, CORS,
// lifecycle) is only written when [Harness.BucketConfig] is set, and is
// restored afterwards.
package conformance

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/cosgo/cos"
)

// Harness describes the service under test and what the suite may do to it.
type Harness struct {
	// NewClient returns a client for the bucket under test. It is called
	// once per subtest, possibly concurrently.
	NewClient func(t *testing.T) *cos.Client
	// Root is the key prefix all subtests work under; default
	// "cosgo-conformance/".
	Root string
	// BucketConfig allows the bucket-level ACL, CORS and lifecycle round
	// trips. They change the bucket's configuration for a few seconds:
	// CORS and lifecycle rules are added next to the existing ones, the ACL
	// is set to private (never wider), and everything is put back as it was
	// in t.Cleanup. The bucket's own rules are written back as package cos
	// decodes them, so settings it does not model would be lost. Off,
	// those subtests skip.
	BucketConfig bool
	// CreateBuckets allows creating and deleting scratch buckets (fine on
	// costest; on a real account bucket creation is slow and counted
	// against a quota). Off, that subtest skips.
	CreateBuckets bool
	// HTTPClient fetches presigned URLs and sends CORS preflights; default
	// http.DefaultClient.
	HTTPClient *http.Client
}

// Run runs the suite with the default Harness around newClient: no
// bucket-level configuration writes, no scratch buckets.
func Run(t *testing.T, newClient func(t *testing.T) *cos.Client) {
	Harness{NewClient: newClient}.Run(t)
}

// Run runs every subtest of the suite, in parallel.
func (h Harness) Run(t *testing.T) {
	if h.NewClient == nil {
		t.Fatal("conformance: Harness.NewClient is nil")
	}
	if h.Root == "" {
		h.Root = "cosgo-conformance/"
	}
	if h.HTTPClient == nil {
		h.HTTPClient = http.DefaultClient
	}
	s := &suite{h: h, run: fmt.Sprintf("%s%s-%s/", h.Root, time.Now().UTC().Format("20060102T150405"), randomHex(4))}
	t.Logf("conformance: working under %s", s.run)
	tests := []struct {
		name string
		fn   func(*testing.T, *env)
	}{
		{"Bucket", s.testBucket},
		{"ScratchBucket", s.testScratchBucket},
		{"ObjectRoundTrip", s.testObjectRoundTrip},
		{"ObjectErrors", s.testObjectErrors},
		{"DeleteMulti", s.testDeleteMulti},
		{"ConditionalGet", s.testConditionalGet},
		{"RangedGet", s.testRangedGet},
		{"ListOddKeys", s.testListOddKeys},
		{"ListPaging", s.testListPaging},
		{"Multipart", s.testMultipart},
		{"MultipartAbort", s.testMultipartAbort},
		{"Copy", s.testCopy},
		{"ObjectACL", s.testObjectACL},
		{"ObjectTagging", s.testObjectTagging},
		{"BucketACL", s.testBucketACL},
		{"CORS", s.testCORS},
		{"Lifecycle", s.testLifecycle},
		{"Presign", s.testPresign},
		{"PostForm", s.testPostForm},
		{"AppendAndSymlink", s.testAppendAndSymlink},
		{"FS", s.testFS},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, s.env(t))
		})
	}
}

// suite is one run of the suite.
type suite struct {
	h   Harness
	run string // prefix of this run, ending in "/"
}

// env is what a subtest works with: a client and its own key prefix.
type env struct {
	c      *cos.Client
	prefix string
	h      Harness
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// env makes a subtest's client and prefix and registers the deletion of
// everything under the prefix.
func (s *suite) env(t *testing.T) *env {
	t.Helper()
	c := s.h.NewClient(t)
	if c == nil {
		t.Fatal("conformance: NewClient returned nil")
	}
	e := &env{c: c, prefix: s.run + unsafeName.ReplaceAllString(t.Name(), "_") + "/", h: s.h}
	t.Cleanup(func() { e.removeAll(t) })
	return e
}

// removeAll deletes every object and aborts every upload under the prefix.
// The test's context is already cancelled when cleanups run.
func (e *env) removeAll(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for u, err := range e.c.Bucket.MultipartUploads(ctx, &cos.ListMultipartUploadsOptions{Prefix: e.prefix}) {
		if err != nil {
			t.Errorf("cleanup: list uploads: %v", err)
			break
		}
		if _, err := e.c.Object.AbortMultipartUpload(ctx, u.Key, u.UploadID); err != nil && !errors.Is(err, cos.ErrNotFound) {
			t.Errorf("cleanup: abort %s: %v", u.Key, err)
		}
	}
	var batch []cos.ObjectIdentifier
	flush := func() {
		if len(batch) == 0 {
			return
		}
		res, _, err := e.c.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: batch, Quiet: true})
		if err != nil {
			t.Errorf("cleanup: delete %d objects: %v", len(batch), err)
		} else {
			for _, de := range res.Errors {
				t.Errorf("cleanup: delete %q: %s %s", de.Key, de.Code, de.Message)
			}
		}
		batch = batch[:0]
	}
	for o, err := range e.c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: e.prefix}) {
		if err != nil {
			t.Errorf("cleanup: list %s: %v", e.prefix, err)
			break
		}
		if batch = append(batch, cos.ObjectIdentifier{Key: o.Key}); len(batch) == 1000 {
			flush()
		}
	}
	flush()
}

// ctx is the context of one subtest's calls.
func (e *env) ctx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// put stores data at key (a plain Put), failing the test on an error.
func (e *env) put(t *testing.T, ctx context.Context, key string, data []byte) {
	t.Helper()
	_, _, err := e.c.Object.Put(ctx, key, bytes.NewReader(data), nil)
	must(t, err, "Put %q", key)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
