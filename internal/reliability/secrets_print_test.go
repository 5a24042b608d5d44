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
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plantedSig is a signature no request carried, planted in answers as
// another client's presigned URL would be.
const plantedSig = "0123456789abcdef0123456789abcdef01234567"

// echoServer answers with the secrets of the request it received planted
// in every place an answer can carry them; the last path segment picks
// the answer. It remembers every Authorization value it saw.
type echoServer struct {
	mu    sync.Mutex
	auths []string
}

func (s *echoServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	auth, tok := r.Header.Get("Authorization"), r.Header.Get("x-cos-security-token")
	s.mu.Lock()
	s.auths = append(s.auths, auth)
	s.mu.Unlock()
	echo := fmt.Sprintf("Authorization: %s x-cos-security-token=%s key %s presigned ?q-signature=%s&x-cos-security-token=%s",
		auth, url.QueryEscape(tok), tmpSecretKey, plantedSig, url.QueryEscape(tok))
	errDoc := func(code string) string {
		var m bytes.Buffer
		_ = xmlEscapeTo(&m, echo)
		return "<Error><Code>" + code + "</Code><Message>" + m.String() + "</Message><Resource>/k?sign=" + url.QueryEscape(auth) +
			"</Resource><RequestId>" + tok + "</RequestId><TraceId>" + tmpSecretKey + "</TraceId></Error>"
	}
	h := w.Header()
	h.Set("X-Echo-Authorization", auth)
	h.Set("X-Echo-Token", tok)
	h.Set("X-Echo-Key", tmpSecretKey)
	h.Set("x-cos-request-id", "req-"+tok)
	mode := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	if m := r.URL.Query().Get("prefix"); m != "" {
		mode = m
	}
	switch mode {
	case "select200": // an <Error> where a Select event stream is due
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, errDoc("InternalError"))
	case "in200": // Complete, Copy and UploadPartCopy can answer 200 <Error>
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "  \n"+errDoc("InternalError"))
	case "status500":
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = io.WriteString(w, errDoc("InternalError"))
	case "redirect":
		h.Set("Location", "http://elsewhere.example/o?x-cos-security-token="+url.QueryEscape(tok)+"&q-signature="+plantedSig)
		w.WriteHeader(http.StatusFound)
	case "junk500": // not XML: only Body carries it
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, echo)
	case "baddoc": // a value of the wrong type echoes into the decode error
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, "<ListBucketResult><Contents><Size>"+tok+"</Size></Contents></ListBucketResult>")
	case "statusline": // a status line net/http quotes in its error
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_, _ = io.WriteString(conn, "HTTP/1.1 2"+auth+" "+tok+"\r\n\r\n")
			conn.Close()
		}
	default: // 403, as a SignatureDoesNotMatch that echoes what was signed
		w.WriteHeader(http.StatusForbidden)
		if r.Method != http.MethodHead {
			_, _ = io.WriteString(w, errDoc("SignatureDoesNotMatch"))
		}
	}
}

func xmlEscapeTo(w io.Writer, s string) error {
	_, err := io.WriteString(w, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s))
	return err
}

// TestSecretsNeverPrint checks issue 24's problems 8 to 10: whatever the
// answer echoes (the Authorization header, the session token, the secret
// key, another URL's signature), in an error document of any status, a
// 200 carrying <Error>, a body that is not XML, a decode error, a
// redirect, a broken status line or response headers, no secret reaches
// an error's text under any fmt verb, the *ServiceError's fields, or a log
// line; and Credentials, providers and Client print no secret under any
// verb or slog handler.
func TestSecretsNeverPrint(t *testing.T) {
	t.Parallel()
	echo := &echoServer{}
	srvURL := newHTTPServer(t, echo)
	logs := &lockedBuffer{}
	text := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	jsonLogs := &lockedBuffer{}
	jsonl := slog.New(slog.NewJSONHandler(jsonLogs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tr := newTransport()
	t.Cleanup(tr.CloseIdleConnections)
	newClient := func(l *slog.Logger) *cos.Client {
		c, err := cos.NewClient(cos.WithEndpoint(srvURL), cos.WithRegion("ap-guangzhou"), cos.WithBucket(bucket),
			cos.WithStaticCredentials(tmpSecretID, tmpSecretKey, tmpToken), cos.WithHTTPClient(httpClient(tr)),
			cos.WithRetryer(fastRetryer()), cos.WithLogger(l))
		require.NoError(t, err)
		return c
	}
	ctx := ctxTimeout(t, 60*time.Second)
	paths := []struct {
		name string
		call func(c *cos.Client) error
	}{
		{"403 error document (Put)", func(c *cos.Client) error {
			_, _, err := c.Object.Put(ctx, "echo", strings.NewReader("x"), nil)
			return err
		}},
		{"403 on HEAD, headers only", func(c *cos.Client) error {
			_, _, err := c.Object.Head(ctx, "echo", nil)
			return err
		}},
		{"200 with <Error> (Complete)", func(c *cos.Client) error {
			_, _, err := c.Object.CompleteMultipartUpload(ctx, "in200", "u", []cos.CompletedPart{{PartNumber: 1, ETag: "e"}}, nil)
			return err
		}},
		{"200 with <Error> (Copy)", func(c *cos.Client) error {
			_, _, err := c.Object.Copy(ctx, "in200", cos.CopySource{Key: "src"}, nil)
			return err
		}},
		{"200 with <Error> for a Select stream", func(c *cos.Client) error {
			res, _, err := c.Object.Select(ctx, "select200", &cos.SelectRequest{
				Expression:          "SELECT * FROM COSObject",
				InputSerialization:  cos.SelectInputSerialization{CSV: &cos.CSVInput{}},
				OutputSerialization: cos.SelectOutputSerialization{CSV: &cos.CSVOutput{}},
			})
			if err != nil {
				return err
			}
			defer res.Close()
			_, err = io.ReadAll(res)
			return err
		}},
		{"500 retried, then given up", func(c *cos.Client) error {
			_, _, err := c.Object.Put(ctx, "status500", strings.NewReader("x"), nil)
			return err
		}},
		{"503 body that is not XML", func(c *cos.Client) error {
			_, _, err := c.Object.Head(ctx, "junk500", nil)
			if err == nil {
				return errors.New("no error")
			}
			_, _, err = c.Object.Put(ctx, "junk500", strings.NewReader("x"), nil)
			return err
		}},
		{"decode error quoting a value", func(c *cos.Client) error {
			_, _, err := c.Bucket.ListObjects(ctx, &cos.ListObjectsOptions{Prefix: "baddoc"})
			if err != nil {
				return err
			}
			return errors.New("no error")
		}},
		{"redirect with a signed Location", func(c *cos.Client) error {
			resp, err := c.Object.Get(ctx, "redirect", nil)
			if err == nil {
				resp.Body.Close()
			}
			return err
		}},
		{"broken status line quoting the request", func(c *cos.Client) error {
			_, _, err := c.Object.Head(ctx, "statusline", nil)
			return err
		}},
		{"transfer upload failing on a part", func(c *cos.Client) error {
			_, err := transfer.NewUploader(c, transfer.WithPartSize(1<<20)).Upload(ctx, "echo", bytes.NewReader(bigData), nil)
			return err
		}},
	}
	var errs []error
	for _, l := range []*slog.Logger{text, jsonl} {
		c := newClient(l)
		for _, p := range paths {
			err := p.call(c)
			require.Error(t, err, p.name)
			if !strings.Contains(p.name, "HEAD") {
				// The echo reached the error, and was scrubbed there.
				assert.Contains(t, err.Error(), "REDACTED", p.name)
			}
			t.Logf("%s: %v", p.name, err)
			errs = append(errs, fmt.Errorf("%s: %w", p.name, err))
		}
	}
	secrets := []string{tmpSecretKey, tmpToken, url.QueryEscape(tmpToken), plantedSig}
	echo.mu.Lock()
	for _, a := range echo.auths {
		secrets = append(secrets, a, sigOf(a))
	}
	echo.mu.Unlock()
	require.Greater(t, len(secrets), 20)

	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x"}
	for _, err := range errs {
		outs := []string{err.Error()}
		for _, v := range verbs {
			outs = append(outs, fmt.Sprintf(v, err))
		}
		var se *cos.ServiceError
		if errors.As(err, &se) {
			for _, v := range verbs {
				outs = append(outs, fmt.Sprintf(v, se), fmt.Sprintf(v, *se))
			}
			outs = append(outs, string(se.Body), fmt.Sprint(se.Header), se.Message, se.Resource, se.RequestID, se.TraceID)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			outs = append(outs, ue.URL, ue.Error(), fmt.Sprintf("%#v", ue))
		}
		for _, o := range outs {
			assert.Empty(t, secretsIn(o, secrets), "a secret printed by %q:\n%s", err, o)
		}
	}
	out := logs.String() + jsonLogs.String()
	require.Contains(t, out, "level=WARN", "retries were logged")
	require.Contains(t, out, "SignatureDoesNotMatch")
	assert.Empty(t, secretsIn(out, secrets), "secrets in the logs")

	// Values that hold secrets, under every verb and handler.
	cache := cos.NewCredentialsCache(cos.StaticCredentials(tmpSecretID, tmpSecretKey, tmpToken), 0)
	_, err := cache.Credentials(context.Background())
	require.NoError(t, err)
	c := newClient(text)
	cred := cos.Credentials{SecretID: tmpSecretID, SecretKey: tmpSecretKey, SessionToken: tmpToken}
	// A user's struct: fmt cannot call methods on values in unexported
	// fields and prints them raw, so what the library holds there must
	// print nothing secret raw either. (A Credentials value in a user's
	// unexported field is the user's to guard: its fields are plain.)
	type holder struct {
		c     *cos.Client
		cache *cos.CredentialsCache
		p     cos.CredentialsProvider
		Cred  cos.Credentials
	}
	values := []any{cred, &cred, cos.StaticCredentials(tmpSecretID, tmpSecretKey, tmpToken), cache, c, *c, c.Object, c.Bucket,
		c.Service, []any{cred, c}, map[string]any{"c": c}, holder{c, cache, cos.StaticCredentials(tmpSecretID, tmpSecretKey, tmpToken), cred},
		&holder{c, cache, cos.StaticCredentials(tmpSecretID, tmpSecretKey, tmpToken), cred}}
	var printed []string
	for _, v := range values {
		for _, verb := range append(verbs, "%d", "%T") {
			printed = append(printed, fmt.Sprintf(verb, v))
		}
		if g, ok := v.(fmt.GoStringer); ok {
			printed = append(printed, g.GoString())
		}
		if s, ok := v.(fmt.Stringer); ok {
			printed = append(printed, s.String())
		}
	}
	// slog: every value through the text handler (which formats with
	// fmt); the library's own values through the JSON handler too. (The
	// JSON handler encodes a Credentials inside a user's slice or struct
	// with encoding/json, which must keep every field: credentials cached
	// to disk are written that way.)
	var slogs bytes.Buffer
	textHandler := slog.New(slog.NewTextHandler(&slogs, nil))
	for i, v := range values {
		textHandler.Info("value", "i", i, "v", v)
	}
	jsonHandler := slog.New(slog.NewJSONHandler(&slogs, nil))
	for i, v := range values[:9] {
		jsonHandler.Info("value", "i", i, "v", v)
	}
	printed = append(printed, slogs.String())
	for _, p := range printed {
		assert.Empty(t, secretsIn(p, []string{tmpSecretKey, tmpToken}), "printed: %s", p)
	}
	assert.Contains(t, fmt.Sprintf("%#v", cred), tmpSecretID, "the secret id is not a secret")
}
