package cosblob

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"gocloud.dev/blob"
	"gocloud.dev/blob/driver"
	"gocloud.dev/blob/drivertest"
)

const testBucket = "cosblob-1250000000"

// harness serves gocloud's conformance suite from one costest server per
// test, so tests cannot see each other's objects.
type harness struct {
	srv *costest.Server
	// prefix, when set, puts every key under it (used on real COS).
	prefix string
	// newClient builds a client for a bucket.
	newClient func(bucket string) (*cos.Client, error)
	bucket    string
	missing   string
}

// newCostestHarness is a drivertest.HarnessMaker on a fresh costest
// server.
func newCostestHarness(ctx context.Context, t *testing.T) (drivertest.Harness, error) {
	srv := costest.NewServer()
	if err := srv.CreateBucket(testBucket); err != nil {
		srv.Close()
		return nil, err
	}
	id, key := srv.Credentials()
	return &harness{
		srv: srv, bucket: testBucket, missing: "missing-1250000000",
		newClient: func(bucket string) (*cos.Client, error) {
			return cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""))
		},
	}, nil
}

func (h *harness) makeDriver(bucket string) (driver.Bucket, error) {
	c, err := h.newClient(bucket)
	if err != nil {
		return nil, err
	}
	drv, err := openBucket(c, &Options{PartSize: transfer.MinPartSize})
	if err != nil {
		return nil, err
	}
	if h.prefix != "" {
		return driver.NewPrefixedBucket(drv, h.prefix), nil
	}
	return drv, nil
}

func (h *harness) MakeDriver(context.Context) (driver.Bucket, error) { return h.makeDriver(h.bucket) }
func (h *harness) MakeDriverForNonexistentBucket(context.Context) (driver.Bucket, error) {
	return h.makeDriver(h.missing)
}

// HTTPClient is a client without credentials, for presigned URLs.
func (h *harness) HTTPClient() *http.Client         { return &http.Client{} }
func (h *harness) SupportsCopy() bool               { return true }
func (h *harness) SupportsNonSlashDelimiters() bool { return true }
func (h *harness) SkipDownloadAt() bool             { return false }
func (h *harness) Close() {
	if h.srv != nil {
		h.srv.Close()
	}
}

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, newCostestHarness, []drivertest.AsTest{verifyAs{}})
}

func BenchmarkConformance(b *testing.B) {
	srv := costest.NewServer()
	b.Cleanup(srv.Close)
	if err := srv.CreateBucket(testBucket); err != nil {
		b.Fatal(err)
	}
	id, key := srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(testBucket), cos.WithStaticCredentials(id, key, ""))
	if err != nil {
		b.Fatal(err)
	}
	bkt, err := OpenBucket(context.Background(), c, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { bkt.Close() })
	drivertest.RunBenchmarks(b, bkt)
}

// verifyAs checks every type the package documentation promises for As,
// and that the hooks' changes reach COS: BeforeWrite sets Cache-Control,
// which Attributes must show; BeforeRead asks COS to override the
// response's Content-Type, which the reader must show.
type verifyAs struct{}

const (
	asCacheControl = "max-age=42"
	asContentType  = "text/x-cosblob-as"
)

func (verifyAs) Name() string { return "verify As types for cosblob" }

func (verifyAs) BucketCheck(b *blob.Bucket) error {
	var c *cos.Client
	if !b.As(&c) || c == nil {
		return errors.New("Bucket.As(*cos.Client) failed")
	}
	return nil
}

func (verifyAs) ErrorCheck(b *blob.Bucket, err error) error {
	var se *cos.ServiceError
	if !b.ErrorAs(err, &se) {
		return fmt.Errorf("ErrorAs(*cos.ServiceError) failed for %v", err)
	}
	if se.StatusCode != http.StatusNotFound {
		return fmt.Errorf("ServiceError status %d, want 404", se.StatusCode)
	}
	return nil
}

func (verifyAs) BeforeRead(as func(any) bool) error {
	var o *cos.ObjectGetOptions
	if !as(&o) || o == nil {
		return errors.New("BeforeRead As(*cos.ObjectGetOptions) failed")
	}
	o.ResponseContentType = asContentType
	return nil
}

func (verifyAs) BeforeWrite(as func(any) bool) error {
	var o *transfer.UploadOptions
	if !as(&o) || o == nil {
		return errors.New("BeforeWrite As(*transfer.UploadOptions) failed")
	}
	var u *transfer.Uploader
	if !as(&u) || u == nil {
		return errors.New("BeforeWrite As(*transfer.Uploader) failed")
	}
	o.CacheControl = asCacheControl
	return nil
}

func (verifyAs) BeforeCopy(as func(any) bool) error {
	var src *cos.CopySource
	if !as(&src) || src == nil || src.Key == "" {
		return errors.New("BeforeCopy As(*cos.CopySource) failed")
	}
	var o *transfer.CopyOptions
	if !as(&o) || o == nil {
		return errors.New("BeforeCopy As(*transfer.CopyOptions) failed")
	}
	var cp *transfer.Copier
	if !as(&cp) || cp == nil {
		return errors.New("BeforeCopy As(*transfer.Copier) failed")
	}
	return nil
}

func (verifyAs) BeforeDelete(as func(any) bool) error {
	var o *cos.ObjectDeleteOptions
	if !as(&o) || o == nil {
		return errors.New("BeforeDelete As(*cos.ObjectDeleteOptions) failed")
	}
	return nil
}

func (verifyAs) BeforeList(as func(any) bool) error {
	var o *cos.ListObjectsOptions
	if !as(&o) || o == nil || o.Prefix == "" {
		return errors.New("BeforeList As(*cos.ListObjectsOptions) failed")
	}
	return nil
}

func (verifyAs) BeforeSign(as func(any) bool) error {
	var o *cos.PresignOptions
	if !as(&o) || o == nil {
		return errors.New("BeforeSign As(*cos.PresignOptions) failed")
	}
	return nil
}

func (verifyAs) AttributesCheck(attrs *blob.Attributes) error {
	var m cos.ObjectMeta
	if !attrs.As(&m) {
		return errors.New("Attributes.As(cos.ObjectMeta) failed")
	}
	if m.CacheControl != asCacheControl {
		return fmt.Errorf("ObjectMeta.CacheControl %q, want %q set by BeforeWrite", m.CacheControl, asCacheControl)
	}
	return nil
}

func (verifyAs) ReaderCheck(r *blob.Reader) error {
	var resp *cos.Response
	if !r.As(&resp) || resp == nil {
		return errors.New("Reader.As(*cos.Response) failed")
	}
	if got := resp.Header.Get("Content-Type"); got != asContentType || r.ContentType() != asContentType {
		return fmt.Errorf("Content-Type %q (reader %q), want %q asked by BeforeRead", got, r.ContentType(), asContentType)
	}
	return nil
}

func (verifyAs) ListObjectCheck(o *blob.ListObject) error {
	var page *cos.ListObjectsResult
	if !o.As(&page) || page == nil {
		return errors.New("ListObject.As(*cos.ListObjectsResult) failed")
	}
	if o.IsDir {
		return nil
	}
	var obj cos.Object
	if !o.As(&obj) || obj.Size != o.Size {
		return errors.New("ListObject.As(cos.Object) failed")
	}
	return nil
}

// TestConformanceUnderPrefix runs the suite again with every key under a
// prefix, as the run on real COS does, so that set-up is proven here.
func TestConformanceUnderPrefix(t *testing.T) {
	drivertest.RunConformanceTests(t, func(ctx context.Context, t *testing.T) (drivertest.Harness, error) {
		h, err := newCostestHarness(ctx, t)
		if err != nil {
			return nil, err
		}
		h.(*harness).prefix = "run/0001/"
		return h, nil
	}, []drivertest.AsTest{verifyAs{}})
}
