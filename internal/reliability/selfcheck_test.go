package reliability

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/cosgo/cos/costest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The checks of the matrix must be able to fail: these tests feed them a
// leak and a short body.

// TestLeakCheckCatchesUnclosedBody leaves a response body open: its
// connection's goroutines must show up as a leak until it is closed.
func TestLeakCheckCatchesUnclosedBody(t *testing.T) {
	// Not parallel: it compares goroutines.
	e := newEnv(t, nil)
	require.NoError(t, e.srv.PutObject(bucket, "k", smallData, nil))
	before := goroutines()
	resp, err := e.c.Object.Get(context.Background(), "k", nil)
	require.NoError(t, err)
	e.tr.CloseIdleConnections()
	assert.NotEmpty(t, goroutineLeaks(before, 100*time.Millisecond), "an open body holds its connection's goroutines")
	resp.Body.Close()
	e.tr.CloseIdleConnections()
	assert.Empty(t, goroutineLeaks(before, 5*time.Second))
}

// recordingTB records Errorf calls instead of failing.
type recordingTB struct {
	testing.TB
	errs []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestRequestBodyCheckCatchesShortBodies(t *testing.T) {
	t.Parallel()
	put := func(cl string, got int64, status int, fault costest.FaultKind) costest.Request {
		return costest.Request{Op: costest.OpPutObject, Method: http.MethodPut, Key: "k",
			Header: http.Header{"Content-Length": {cl}}, BodySize: got, Status: status, Fault: fault}
	}
	want := func(costest.Request) (int64, bool) { return 100, true }
	for _, tc := range []struct {
		name  string
		req   costest.Request
		cutOK bool
		fails int
	}{
		{"whole body", put("100", 100, 200, 0), false, 0},
		{"re-sent empty", put("0", 0, 200, 0), false, 1},
		{"short and accepted", put("100", 10, 200, 0), true, 1},
		{"short, refused, not allowed", put("100", 10, 400, 0), false, 1},
		{"cut by the fault", put("100", 10, 0, costest.FaultDropRequest), true, 0},
	} {
		rec := &recordingTB{TB: t}
		requestBodiesWhole(rec, []costest.Request{tc.req}, func(costest.Request) bool { return tc.cutOK }, want)
		assert.Len(t, rec.errs, tc.fails, "%s: %v", tc.name, rec.errs)
	}
}
