package cos

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The generic configuration calls address the bucket or one object (and
// version) with the sub-resource as a bare query parameter, send the
// document with Content-MD5, and are retried as idempotent calls.
func TestConfigCallsRequestShape(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case n == 1:
			writeXML(w, http.StatusServiceUnavailable, errorXML("SlowDown", "retry"))
		case r.Method == http.MethodGet:
			writeXML(w, 200, `<Ping><Value>v1</Value></Ping>`)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	})
	c := rec.client(t, WithRetryer(fastRetryer()))
	ctx := context.Background()

	_, err := c.putConfig(ctx, "PutPing", "ping", onObject("dir/a b.txt", "v7"), &pingResult{Value: "x"})
	require.NoError(t, err)
	got, _, err := getConfig[pingResult](ctx, c, "GetPing", "ping", onBucket)
	require.NoError(t, err)
	assert.Equal(t, "v1", got.Value)
	_, err = c.deleteConfig(ctx, "DeletePing", "ping", onObject("k", ""))
	require.NoError(t, err)

	reqs := rec.requests()
	require.Len(t, reqs, 4, "the first PUT was answered 503 and retried")
	put := reqs[1]
	assert.Equal(t, http.MethodPut, put.Method)
	assert.Equal(t, "/"+testBucket+"/dir/a b.txt", put.Path)
	assert.Equal(t, "ping&versionId=v7", put.RawQuery)
	assert.Equal(t, contentMD5(put.Body), put.Header.Get("Content-MD5"))
	assert.Contains(t, string(put.Body), "<Value>x</Value>")
	assert.True(t, put.SigOK)
	assert.Equal(t, "/"+testBucket+"/", reqs[2].Path)
	assert.Equal(t, "ping", reqs[2].RawQuery)
	assert.Equal(t, http.MethodDelete, reqs[3].Method)
	assert.Equal(t, "ping", reqs[3].RawQuery)
}

// An object-level configuration call refuses a bad key before sending.
func TestConfigCallsValidateKey(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(200) })
	c := rec.client(t)
	_, _, err := getConfig[pingResult](context.Background(), c, "GetPing", "ping", onObject("", ""))
	require.ErrorIs(t, err, ErrInvalidArgument)
	require.Empty(t, rec.requests())
}

// The decode hook receives the body of a 2xx answer (JSON here), and an
// <Error> document in a 200 is still a *ServiceError.
func TestPipelineDecodeHook(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"value":"pong"}`))
			return
		}
		writeXML(w, 200, errorXML("InternalError", "inside a 200"))
	})
	c := rec.client(t, WithRetryer(NoRetry))
	var got struct{ Value string }
	o := onBucket.op("GetJSON", http.MethodGet, "json")
	o.decode = func(raw []byte) error { return json.Unmarshal(raw, &got) }
	_, err := c.do(context.Background(), o)
	require.NoError(t, err)
	assert.Equal(t, "pong", got.Value)

	o = onBucket.op("GetJSON", http.MethodGet, "json")
	o.decode = func(raw []byte) error { t.Error("decode called on an <Error> body"); return nil }
	_, err = c.do(context.Background(), o)
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "InternalError", se.Code)
}
