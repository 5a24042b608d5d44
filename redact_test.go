package cos

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRedactURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a%20b.txt?q-sign-algorithm=sha1&q-ak=AKID&q-sign-time=1%3B2&q-key-time=1%3B2&q-header-list=host&q-url-param-list=&q-signature=abc123&x-cos-security-token=tok%2B1": "https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a%20b.txt?q-sign-algorithm=sha1&q-ak=AKID&q-sign-time=1%3B2&q-key-time=1%3B2&q-header-list=host&q-url-param-list=&q-signature=REDACTED&x-cos-security-token=REDACTED",
		"http://h/k?Q-Signature=x&versionId=v#frag":      "http://h/k?Q-Signature=REDACTED&versionId=v#frag",
		"http://h/k?sign=q-sign-algorithm%3Dsha1%26q-ak": "http://h/k?sign=REDACTED",
		"http://h/k?q%2Dsignature=x":                     "http://h/k?q%2Dsignature=REDACTED",
		"http://h/k?design=1&q-sign-time=1;2":            "http://h/k?design=1&q-sign-time=1;2",
		"http://h/k":                                     "http://h/k",
		"not a url ?q-signature":                         "not a url ?q-signature",
	} {
		assert.Equal(t, want, RedactURL(in), in)
	}
}

func TestMaskSignedValues(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"q-sign-algorithm=sha1&q-ak=AKID&q-sign-time=1;2&q-signature=abc&x": "q-sign-algorithm=sha1&q-ak=AKID&q-sign-time=1;2&q-signature=[REDACTED]&x",
		"<Message>q-signature%3Dabc%26q</Message>":                          "<Message>q-signature%3D[REDACTED]</Message>",
		"X-Cos-Security-Token: tok/+= next":                                 "X-Cos-Security-Token: [REDACTED] next",
		`{"x-cos-security-token":"tok"}`:                                    `{"x-cos-security-token":"tok"}`,
		"a sign: here; design=1; sign=zz":                                   "a sign: here; design=1; sign=[REDACTED]",
		"q-signature=[REDACTED] stays":                                      "q-signature=[REDACTED] stays",
		"nothing secret":                                                    "nothing secret",
	} {
		got := maskSignedValues(in)
		assert.Equal(t, want, got, in)
		assert.Equal(t, got, maskSignedValues(got), "masking twice changes nothing")
	}
}

func TestScrubberForms(t *testing.T) {
	t.Parallel()
	s := newScrubber("tok/+&=", "", "ab")
	assert.Equal(t, "a [REDACTED] b [REDACTED] c [REDACTED] d [REDACTED]",
		s.string("a tok/+&= b tok%2F%2B%26%3D c tok%2F%2B%26%3D d tok/+&amp;="))
	assert.Equal(t, "ab stays: too short to be a secret", s.string("ab stays: too short to be a secret"))
	h := http.Header{"X-Echo": {"tok/+&="}, "Date": {"now"}}
	clean := s.header(h)
	assert.Equal(t, "[REDACTED]", clean.Get("X-Echo"))
	assert.Equal(t, "tok/+&=", h.Get("X-Echo"), "the header given is not changed")
}

// TestScrubberURLError checks that a *url.Error carrying a presigned URL
// comes back with the URL redacted, in its text and for errors.As, and
// still matches what it wrapped.
func TestScrubberURLError(t *testing.T) {
	t.Parallel()
	ue := &url.Error{Op: "Get", URL: "http://h/k?q-signature=deadbeef&x-cos-security-token=tok123", Err: io.ErrUnexpectedEOF}
	for _, err := range []error{ue, &noAnswerError{ue}} {
		got := newScrubber("tok123").error(err)
		assert.NotContains(t, got.Error(), "deadbeef")
		assert.NotContains(t, got.Error(), "tok123")
		assert.ErrorIs(t, got, io.ErrUnexpectedEOF)
		var found *url.Error
		require.ErrorAs(t, got, &found)
		assert.Equal(t, "http://h/k?q-signature=REDACTED&x-cos-security-token=REDACTED", found.URL)
	}
	assert.Nil(t, newScrubber("x").error(nil))
	plain := errors.New("nothing secret")
	assert.Same(t, plain, newScrubber("tok123").error(plain))
}

// TestTransportErrorRedacted sends a request whose query holds a signed
// parameter to a server that is gone: the transport's *url.Error quotes
// the URL, and the call's error must not.
func TestTransportErrorRedacted(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	c, err := NewClient(WithEndpoint(srv.URL), WithBucket(testBucket), WithStaticCredentials(testID, testKey, "tok-SECRET-123"),
		WithRetryer(NoRetry))
	require.NoError(t, err)
	_, err = c.do(context.Background(), &op{name: "GetObject", method: http.MethodGet, object: true, key: "k",
		query: url.Values{"x-cos-security-token": {"tok-SECRET-123"}, "q-signature": {"feedface"}}, idempotent: true})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "tok-SECRET-123")
	assert.NotContains(t, err.Error(), "feedface")
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	assert.NotContains(t, ue.URL, "feedface")
	assert.True(t, isRetryable(err), "a refused connection left no answer")
}

// TestSecretLog checks that the client scrubs the secret key its provider
// handed out, including after a rotation.
func TestSecretLog(t *testing.T) {
	t.Parallel()
	keys := []string{"first-SECRET-key", "second-SECRET-key"}
	n := 0
	p := CredentialsProviderFunc(func(context.Context) (Credentials, error) {
		return Credentials{SecretID: "id", SecretKey: keys[min(n, 1)], SessionToken: "t-" + keys[min(n, 1)]}, nil
	})
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, "<Error><Code>AccessDenied</Code><Message>"+strings.Join(keys, " ")+"</Message></Error>")
	})
	c := rec.client(t, WithCredentials(p), WithRetryer(NoRetry))
	for n = range 2 {
		_, err := c.do(context.Background(), &op{name: "HeadBucket", method: http.MethodGet, idempotent: true})
		require.Error(t, err)
		assert.NotContains(t, err.Error(), keys[n])
		if n == 1 {
			assert.NotContains(t, err.Error(), keys[0], "the key before the rotation is still scrubbed")
		}
	}
	var log secretLog
	for i := range secretsKept {
		log.note(Credentials{SecretKey: strings.Repeat("k", i+4)})
	}
	assert.Len(t, log.secrets(), secretsKept, "bounded")
}
