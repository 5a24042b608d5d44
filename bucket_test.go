package cos_test

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const bktName = "examplebucket-1250000000"

// bktReq is one request as the test server received it.
type bktReq struct {
	Method, Path, RawQuery string
	Query                  url.Values
	Header                 http.Header
	Body                   []byte
}

// bktServer is an httptest server that records every request and answers
// with a handler chosen by the test.
type bktServer struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []bktReq
}

type bktHandler func(w http.ResponseWriter, r *http.Request, n int)

func newBktServer(t *testing.T, h bktHandler) *bktServer {
	t.Helper()
	s := &bktServer{}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, bktReq{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
		n := len(s.reqs)
		s.mu.Unlock()
		if h == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		h(w, r, n)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *bktServer) requests() []bktReq {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]bktReq(nil), s.reqs...)
}

// client builds a client for bktName on the server; retries are fast so
// retry tests do not sleep for long.
func (s *bktServer) client(t *testing.T, opts ...cos.Option) *cos.Client {
	t.Helper()
	base := []cos.Option{
		cos.WithEndpoint(s.srv.URL), cos.WithBucket(bktName),
		cos.WithStaticCredentials("AKIDtest", "secret", ""),
		cos.WithRetryer(&cos.StandardRetryer{Attempts: 3, BaseDelay: time.Millisecond, MaxBackoff: time.Millisecond}),
	}
	c, err := cos.NewClient(append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func bktXML(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("x-cos-request-id", "req-test")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func bktError(w http.ResponseWriter, status int, code string) {
	bktXML(w, status, `<?xml version='1.0' encoding='utf-8' ?><Error><Code>`+code+
		`</Code><Message>test</Message><RequestId>rid</RequestId><TraceId>tid</TraceId></Error>`)
}

// bktFile answers with a testdata file.
func bktFile(t *testing.T, name string) bktHandler {
	body := bktRead(t, name)
	return func(w http.ResponseWriter, _ *http.Request, _ int) { bktXML(w, http.StatusOK, string(body)) }
}

func bktRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// bktGolden compares got with testdata/name byte for byte. Set
// COS_UPDATE_GOLDEN=1 (or -update, when a test file of the package
// registers that flag) to rewrite the file.
func bktGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	update := os.Getenv("COS_UPDATE_GOLDEN") == "1"
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		update = true
	}
	if update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file; run with COS_UPDATE_GOLDEN=1 to create")
	assert.Equal(t, string(want), string(got), "request body differs from %s", path)
}

// bktAssertXMLBody checks the headers the pipeline adds to XML bodies.
func bktAssertXMLBody(t *testing.T, r bktReq) {
	t.Helper()
	sum := md5.Sum(r.Body)
	assert.Equal(t, base64.StdEncoding.EncodeToString(sum[:]), r.Header.Get("Content-MD5"))
	assert.Equal(t, "application/xml", r.Header.Get("Content-Type"))
}

func TestBucketCreate(t *testing.T) {
	t.Parallel()
	t.Run("header form", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, nil)
		_, err := s.client(t).Bucket.Create(context.Background(), &cos.BucketCreateOptions{ACLHeaders: cos.ACLHeaders{
			ACL: cos.ACLPublicRead, GrantRead: `id="qcs::cam::uin/100000000001:uin/100000000011"`,
			GrantWrite: `id="w"`, GrantReadACP: `id="ra"`, GrantWriteACP: `id="wa"`, GrantFullControl: `id="fc"`,
		}})
		require.NoError(t, err)
		reqs := s.requests()
		require.Len(t, reqs, 1)
		r := reqs[0]
		assert.Equal(t, http.MethodPut, r.Method)
		assert.Equal(t, "/"+bktName+"/", r.Path)
		assert.Empty(t, r.RawQuery)
		assert.Empty(t, r.Body)
		assert.Equal(t, "public-read", r.Header.Get("x-cos-acl"))
		assert.Equal(t, `id="qcs::cam::uin/100000000001:uin/100000000011"`, r.Header.Get("x-cos-grant-read"))
		assert.Equal(t, `id="w"`, r.Header.Get("x-cos-grant-write"))
		assert.Equal(t, `id="ra"`, r.Header.Get("x-cos-grant-read-acp"))
		assert.Equal(t, `id="wa"`, r.Header.Get("x-cos-grant-write-acp"))
		assert.Equal(t, `id="fc"`, r.Header.Get("x-cos-grant-full-control"))
		assert.NotEmpty(t, r.Header.Get("Authorization"))
	})
	t.Run("nil options", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, nil)
		_, err := s.client(t).Bucket.Create(context.Background(), nil)
		require.NoError(t, err)
		r := s.requests()[0]
		assert.Empty(t, r.Header.Get("x-cos-acl"))
		assert.Empty(t, r.Body)
		assert.Equal(t, "0", r.Header.Get("Content-Length"))
	})
	t.Run("multi-AZ body", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, nil)
		_, err := s.client(t).Bucket.Create(context.Background(), &cos.BucketCreateOptions{BucketAZConfig: cos.BucketAZMulti})
		require.NoError(t, err)
		r := s.requests()[0]
		bktGolden(t, "bucket_create.request.xml", r.Body)
		bktAssertXMLBody(t, r)
	})
}

func TestBucketCreateConflicts(t *testing.T) {
	t.Parallel()
	t.Run("first attempt conflict is an error", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
			bktError(w, http.StatusConflict, "BucketAlreadyOwnedByYou")
		})
		_, err := s.client(t).Bucket.Create(context.Background(), nil)
		require.ErrorIs(t, err, cos.ErrConflict)
		assert.Equal(t, "BucketAlreadyOwnedByYou", cos.ErrorCode(err))
		assert.Len(t, s.requests(), 1)
	})
	t.Run("owned-by-you after a lost answer is success", func(t *testing.T) {
		t.Parallel()
		s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
			if n == 1 {
				bktError(w, http.StatusServiceUnavailable, "ServiceUnavailable")
				return
			}
			bktError(w, http.StatusConflict, "BucketAlreadyOwnedByYou")
		})
		_, err := s.client(t).Bucket.Create(context.Background(), nil)
		require.NoError(t, err)
		assert.Len(t, s.requests(), 2)
	})
}

func TestBucketDelete(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		switch n {
		case 1:
			w.WriteHeader(http.StatusNoContent)
		case 2:
			bktError(w, http.StatusConflict, "BucketNotEmpty")
		case 3:
			bktError(w, http.StatusInternalServerError, "InternalError")
		default:
			bktError(w, http.StatusNotFound, "NoSuchBucket")
		}
	})
	c := s.client(t)
	resp, err := c.Bucket.Delete(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	r := s.requests()[0]
	assert.Equal(t, http.MethodDelete, r.Method)
	assert.Equal(t, "/"+bktName+"/", r.Path)

	_, err = c.Bucket.Delete(context.Background())
	require.ErrorIs(t, err, cos.ErrConflict)
	assert.Equal(t, "BucketNotEmpty", cos.ErrorCode(err))

	// A 404 after a failed attempt means the first one went through.
	_, err = c.Bucket.Delete(context.Background())
	require.NoError(t, err)
	assert.Len(t, s.requests(), 4)
}

func TestBucketHeadAndExists(t *testing.T) {
	t.Parallel()
	status := map[int]int{1: 200, 2: 200, 3: 404, 4: 404, 5: 403}
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		w.Header().Set("x-cos-bucket-region", "ap-beijing")
		w.WriteHeader(status[n])
	})
	c := s.client(t)
	ctx := context.Background()

	resp, err := c.Bucket.Head(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ap-beijing", resp.Header.Get("x-cos-bucket-region"))
	ok, err := c.Bucket.Exists(ctx)
	require.NoError(t, err)
	assert.True(t, ok)

	_, err = c.Bucket.Head(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	ok, err = c.Bucket.Exists(ctx)
	require.NoError(t, err)
	assert.False(t, ok)

	ok, err = c.Bucket.Exists(ctx)
	require.ErrorIs(t, err, cos.ErrAccessDenied, "403 says nothing about existence")
	assert.False(t, ok)

	for _, r := range s.requests() {
		assert.Equal(t, http.MethodHead, r.Method)
		assert.Equal(t, "/"+bktName+"/", r.Path)
	}
}

func TestBucketLocation(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "bucket_location.response.xml"))
	region, resp, err := s.client(t).Bucket.Location(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ap-guangzhou", region)
	assert.Equal(t, "req-test", resp.RequestID)
	r := s.requests()[0]
	assert.Equal(t, http.MethodGet, r.Method)
	assert.Equal(t, "location", r.RawQuery)
}

func TestBucketLocationNotFound(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktError(w, http.StatusNotFound, "NoSuchBucket")
	})
	region, resp, err := s.client(t).Bucket.Location(context.Background())
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Empty(t, region)
	require.NotNil(t, resp, "the response is returned with the error")
	assert.Equal(t, "req-test", resp.RequestID)
}

func TestBucketCreateBadInput(t *testing.T) {
	t.Parallel()
	cases := map[string]*cos.BucketCreateOptions{
		"object-only canned ACL": {ACLHeaders: cos.ACLHeaders{ACL: cos.ACLDefault}},
		"unknown canned ACL":     {ACLHeaders: cos.ACLHeaders{ACL: "world-writable"}},
		"unknown AZ config":      {BucketAZConfig: "TRIPLE"},
	}
	for name, opt := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newBktServer(t, nil)
			_, err := s.client(t).Bucket.Create(context.Background(), opt)
			require.ErrorIs(t, err, cos.ErrInvalidArgument)
			assert.Empty(t, s.requests())
		})
	}
}

// Every bucket call refuses a bad bucket name before sending anything.
func TestBucketCallsRefuseBadBucketName(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	c := s.client(t).ForBucket("Not_A_Bucket")
	ctx := context.Background()
	calls := map[string]func() error{
		"Create":   func() error { _, err := c.Bucket.Create(ctx, nil); return err },
		"Delete":   func() error { _, err := c.Bucket.Delete(ctx); return err },
		"Head":     func() error { _, err := c.Bucket.Head(ctx); return err },
		"Exists":   func() error { _, err := c.Bucket.Exists(ctx); return err },
		"Location": func() error { _, _, err := c.Bucket.Location(ctx); return err },
		"ListObjects": func() error {
			_, _, err := c.Bucket.ListObjects(ctx, nil)
			return err
		},
		"Objects": func() error {
			for _, err := range c.Bucket.Objects(ctx, nil) {
				return err
			}
			return nil
		},
		"ListMultipartUploads": func() error {
			_, _, err := c.Bucket.ListMultipartUploads(ctx, nil)
			return err
		},
		"MultipartUploads": func() error {
			for _, err := range c.Bucket.MultipartUploads(ctx, nil) {
				return err
			}
			return nil
		},
		"PutACL": func() error {
			_, err := c.Bucket.PutACL(ctx, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}})
			return err
		},
		"GetACL":     func() error { _, _, err := c.Bucket.GetACL(ctx); return err },
		"PutCORS":    func() error { _, err := c.Bucket.PutCORS(ctx, bktCORS()); return err },
		"GetCORS":    func() error { _, _, err := c.Bucket.GetCORS(ctx); return err },
		"DeleteCORS": func() error { _, err := c.Bucket.DeleteCORS(ctx); return err },
		"PutLifecycle": func() error {
			_, err := c.Bucket.PutLifecycle(ctx, bktLifecycle())
			return err
		},
		"GetLifecycle":    func() error { _, _, err := c.Bucket.GetLifecycle(ctx); return err },
		"DeleteLifecycle": func() error { _, err := c.Bucket.DeleteLifecycle(ctx); return err },
	}
	for name, call := range calls {
		err := call()
		require.ErrorIs(t, err, cos.ErrInvalidArgument, name)
		assert.Contains(t, err.Error(), "bucket", name)
	}
	assert.Empty(t, s.requests())
}

// A transport failure reaches the caller wrapped, with no response.
func TestBucketTransportFailure(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	url := s.srv.URL
	s.srv.Close()
	c, err := cos.NewClient(cos.WithEndpoint(url), cos.WithBucket(bktName),
		cos.WithStaticCredentials("AKIDtest", "secret", ""), cos.WithRetryer(cos.NoRetry))
	require.NoError(t, err)
	_, resp, err := c.Bucket.ListObjects(context.Background(), nil)
	require.Error(t, err)
	assert.Nil(t, resp)
	assert.NotErrorIs(t, err, cos.ErrInvalidArgument)
	_, err = c.Bucket.Head(context.Background())
	require.Error(t, err)
}
