package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	tmpSecretID  = "AKIDtmpQUICKSTARTsecrets"
	tmpSecretKey = "tmpSECRETkeyNEVERinLOGS0123456789"
	tmpToken     = "SESSIONtokenNEVERinLOGS-9f8e7d6c5b4a"
)

// quickstartFlow runs the steps of examples/quickstart (bucket, put, list,
// get, head, copy, ACL, presign and fetch, multipart, CORS, lifecycle,
// delete) with c and returns the presigned URLs it made. It fails t on any
// unexpected error.
func quickstartFlow(t *testing.T, ctx context.Context, c *cos.Client, hc *http.Client) []*url.URL {
	t.Helper()
	const prefix = "cosgo-quickstart/"
	b, o := c.Bucket, c.Object
	exists, err := b.Exists(ctx)
	require.NoError(t, err)
	if !exists {
		_, err = b.Create(ctx, &cos.BucketCreateOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}})
		require.NoError(t, err)
	}
	_, _, err = b.Location(ctx)
	require.NoError(t, err)

	files := map[string]string{
		prefix + "hello.txt":      "hello, cos",
		prefix + "docs/a b+c.txt": "a key with a space and a plus",
		prefix + "docs/年度报告.txt":  "unicode keys work too",
	}
	for k, v := range files {
		_, _, err := o.Put(ctx, k, strings.NewReader(v), &cos.ObjectPutOptions{Metadata: map[string]string{"origin": "quickstart"}})
		require.NoError(t, err)
	}
	n := 0
	for _, err := range b.Objects(ctx, &cos.ListObjectsOptions{Prefix: prefix}) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, len(files), n)
	resp, err := o.Get(ctx, prefix+"hello.txt", nil)
	require.NoError(t, err)
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, "hello, cos", string(got))
	_, _, err = o.Head(ctx, prefix+"hello.txt", nil)
	require.NoError(t, err)
	_, _, err = o.Copy(ctx, prefix+"hello-copy.txt", cos.CopySource{Key: prefix + "hello.txt"}, nil)
	require.NoError(t, err)
	_, err = o.PutACL(ctx, prefix+"hello.txt", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}})
	require.NoError(t, err)
	_, _, err = o.GetACL(ctx, prefix+"hello.txt")
	require.NoError(t, err)

	// Presign and fetch with a plain HTTP client.
	var urls []*url.URL
	u, err := o.PresignURL(ctx, http.MethodGet, prefix+"hello.txt", 5*time.Minute, nil)
	require.NoError(t, err)
	urls = append(urls, u)
	presp, err := hc.Get(u.String())
	require.NoError(t, err)
	body, _ := io.ReadAll(presp.Body)
	presp.Body.Close()
	require.Equal(t, http.StatusOK, presp.StatusCode, "%s", body)
	require.Equal(t, "hello, cos", string(body))

	// Multipart, by hand and with the transfer package.
	key := prefix + "big.bin"
	parts := [][]byte{bytes.Repeat([]byte("a"), 1<<20), []byte("and a short last part")}
	init, _, err := o.InitiateMultipartUpload(ctx, key, nil)
	require.NoError(t, err)
	var done []cos.CompletedPart
	for i, p := range parts {
		res, _, err := o.UploadPart(ctx, key, init.UploadID, i+1, bytes.NewReader(p), nil)
		require.NoError(t, err)
		done = append(done, cos.CompletedPart{PartNumber: i + 1, ETag: res.ETag})
	}
	_, _, err = o.CompleteMultipartUpload(ctx, key, init.UploadID, done, nil)
	require.NoError(t, err)
	_, err = transfer.NewUploader(c, transfer.WithPartSize(1<<20)).Upload(ctx, prefix+"big2.bin", bytes.NewReader(bigData), nil)
	require.NoError(t, err)

	// Bucket configuration.
	_, err = b.PutACL(ctx, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}})
	require.NoError(t, err)
	_, _, err = b.GetACL(ctx)
	require.NoError(t, err)
	_, err = b.PutCORS(ctx, &cos.CORSConfiguration{Rules: []cos.CORSRule{{
		ID: "web", AllowedOrigins: []string{"https://example.com"}, AllowedMethods: []string{"GET", "PUT"},
		AllowedHeaders: []string{"*"}, MaxAgeSeconds: 600,
	}}})
	require.NoError(t, err)
	_, _, err = b.GetCORS(ctx)
	require.NoError(t, err)
	_, err = b.PutLifecycle(ctx, &cos.LifecycleConfiguration{Rules: []cos.LifecycleRule{{
		ID: "expire-tmp", Status: cos.LifecycleEnabled, Filter: cos.LifecycleFilter{Prefix: "tmp/"},
		Expiration: &cos.LifecycleExpiration{Days: 7},
	}}})
	require.NoError(t, err)
	_, _, err = b.GetLifecycle(ctx)
	require.NoError(t, err)
	_, err = b.DeleteCORS(ctx)
	require.NoError(t, err)
	_, err = b.DeleteLifecycle(ctx)
	require.NoError(t, err)

	// Clean up.
	var ids []cos.ObjectIdentifier
	for obj, err := range b.Objects(ctx, &cos.ListObjectsOptions{Prefix: prefix}) {
		require.NoError(t, err)
		ids = append(ids, cos.ObjectIdentifier{Key: obj.Key})
	}
	res, _, err := o.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: ids})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	_, err = b.Delete(ctx)
	require.NoError(t, err)
	return urls
}

// TestSecretsNeverLogged runs the quickstart flow with temporary
// credentials (a session token) and a debug logger, then deliberately
// failing calls, and scans every log line and error string for the secret
// key, the token, any Authorization value and any signature.
func TestSecretsNeverLogged(t *testing.T) {
	t.Parallel()
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	jsonLogs := &lockedBuffer{}
	jsonLogger := slog.New(slog.NewJSONHandler(jsonLogs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	srv := costest.NewServer(costest.WithTemporaryCredentials(tmpSecretID, tmpSecretKey, tmpToken, time.Time{}))
	t.Cleanup(srv.Close)
	tr := newTransport()
	t.Cleanup(tr.CloseIdleConnections)
	hc := httpClient(tr)
	newClient := func(l *slog.Logger, key string) *cos.Client {
		c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithRegion(srv.Region()), cos.WithBucket("quickstart-1250000000"),
			cos.WithStaticCredentials(tmpSecretID, key, tmpToken), cos.WithLogger(l), cos.WithHTTPClient(hc),
			cos.WithRetryer(fastRetryer()))
		require.NoError(t, err)
		return c
	}
	c := newClient(logger, tmpSecretKey)
	ctx := ctxTimeout(t, 60*time.Second)

	urls := quickstartFlow(t, ctx, c, hc)
	// The same flow again, logged as JSON.
	urls = append(urls, quickstartFlow(t, ctx, newClient(jsonLogger, tmpSecretKey), hc)...)

	// Deliberate failures, so error paths are logged and returned.
	var errs []error
	collect := func(err error) {
		require.Error(t, err)
		errs = append(errs, err)
	}
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Object.Head(ctx, "missing.txt", nil)
	collect(err)
	resp, err := c.Object.Get(ctx, "missing.txt", nil)
	if err == nil {
		resp.Body.Close()
	}
	collect(err)
	srv.Inject(costest.Fault{Op: costest.OpPutObject, Status: 500, Code: "InternalError", Times: -1})
	_, _, err = c.Object.Put(ctx, "retried.txt", strings.NewReader("x"), nil)
	collect(err)
	srv.ClearFaults()
	wrong := newClient(logger, "a-wrong-secret-key-XYZ")
	_, _, err = wrong.Object.Put(ctx, "denied.txt", strings.NewReader("x"), nil)
	collect(err)
	assert.ErrorIs(t, err, cos.ErrAccessDenied)
	srv.Inject(costest.Fault{Op: costest.OpUploadPart, Status: 403, Code: "SignatureDoesNotMatch"})
	_, err = transfer.NewUploader(c, transfer.WithPartSize(1<<20)).Upload(ctx, "up.bin", bytes.NewReader(bigData), nil)
	collect(err)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = c.Object.Put(cctx, "cancelled.txt", strings.NewReader("x"), nil)
	collect(err)
	closed := costest.NewServer(costest.WithTemporaryCredentials(tmpSecretID, tmpSecretKey, tmpToken, time.Time{}))
	closed.Close()
	gone, err := cos.NewClient(cos.WithEndpoint(closed.URL), cos.WithBucket("quickstart-1250000000"),
		cos.WithStaticCredentials(tmpSecretID, tmpSecretKey, tmpToken), cos.WithLogger(logger), cos.WithRetryer(fastRetryer()))
	require.NoError(t, err)
	_, _, err = gone.Object.Put(ctx, "unreachable.txt", strings.NewReader("x"), nil)
	collect(err)
	auth, err := c.Authorization(ctx, http.MethodGet, "k", time.Minute, nil, nil)
	require.NoError(t, err)
	logger.Debug("credentials value", "cred", cos.Credentials{SecretID: tmpSecretID, SecretKey: tmpSecretKey, SessionToken: tmpToken})

	// Everything that must never appear.
	secrets := []string{tmpSecretKey, tmpToken, "a-wrong-secret-key-XYZ", auth, sigOf(auth)}
	for _, r := range srv.Requests() {
		if a := r.Header.Get("Authorization"); a != "" {
			secrets = append(secrets, a, sigOf(a))
		}
	}
	for _, u := range urls {
		secrets = append(secrets, u.RawQuery, u.Query().Get("q-signature"), u.String())
	}
	require.Greater(t, len(secrets), 50, "the flow signed many requests")

	out := logs.String() + jsonLogs.String()
	require.Contains(t, out, "level=DEBUG", "debug lines were written")
	require.Contains(t, out, "level=WARN", "retry warnings were written")
	require.Contains(t, out, "SignatureDoesNotMatch", "failures were logged")
	assert.Empty(t, secretsIn(out, secrets), "secrets in the logs")
	for _, bad := range []string{"q-signature", "q-key-time", "x-cos-security-token="} {
		assert.NotContains(t, out, bad)
	}
	for _, err := range errs {
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			assert.Empty(t, secretsIn(s, secrets), "secrets in the error %q:\n%s", err, s)
			assert.NotContains(t, s, "q-signature")
		}
		// ServiceError.Body is the server's answer and is never printed
		// by Error. COS's (and costest's) SignatureDoesNotMatch body echoes
		// the FormatString, signed header values included: the token is
		// scrubbed from it too, so a caller may log it.
		var se *cos.ServiceError
		if errors.As(err, &se) && len(se.Body) > 0 {
			assert.NotContains(t, err.Error(), string(se.Body))
			assert.Empty(t, secretsIn(string(se.Body), secrets), "secrets in ServiceError.Body")
		}
	}
}

// sigOf returns the q-signature field of an Authorization value.
func sigOf(auth string) string {
	for _, kv := range strings.Split(auth, "&") {
		if v, ok := strings.CutPrefix(kv, "q-signature="); ok {
			return v
		}
	}
	return ""
}
