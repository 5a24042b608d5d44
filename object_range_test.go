package cos

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rangeServe answers every GET with status, Content-Range cr (if set) and
// body; Content-Length follows the body.
func rangeServe(status int, cr, body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		if cr != "" {
			w.Header().Set("Content-Range", cr)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func TestGetRangeAnswerMustNameTheRangeAskedFor(t *testing.T) {
	t.Parallel()
	const obj = "0123456789" // the object: 10 bytes
	for _, tc := range []struct {
		name, spec string
		status     int
		cr, body   string
		ok         bool
	}{
		{"exact", "bytes=2-5", 206, "bytes 2-5/10", "2345", true},
		{"last clipped to the object", "bytes=8-99", 206, "bytes 8-9/10", "89", true},
		{"open end", "bytes=7-", 206, "bytes 7-9/10", "789", true},
		{"suffix", "bytes=-3", 206, "bytes 7-9/10", "789", true},
		{"suffix longer than the object", "bytes=-30", 206, "bytes 0-9/10", obj, true},
		{"whole object as 200 for a range covering it", "bytes=0-", 200, "", obj, true},
		{"empty object as 200", "bytes=0-9", 200, "", "", true},
		{"another range of the same length", "bytes=4-5", 206, "bytes 0-1/10", "01", false},
		{"a longer range", "bytes=2-5", 206, "bytes 2-9/10", "23456789", false},
		{"a shorter range", "bytes=2-5", 206, "bytes 2-3/10", "23", false},
		{"200 with the whole object for part of it", "bytes=2-5", 200, "", obj, false},
		{"206 without Content-Range", "bytes=2-5", 206, "", "2345", false},
		{"unknown total", "bytes=2-5", 206, "bytes 2-5/*", "2345", false},
		{"malformed Content-Range", "bytes=2-5", 206, "bytes 2-5", "2345", false},
		{"signed numbers", "bytes=2-5", 206, "bytes +2-5/10", "2345", false},
		{"Content-Length disagrees", "bytes=2-5", 206, "bytes 2-5/10", "234", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, rangeServe(tc.status, tc.cr, tc.body))
			c := rec.client(t, WithRetryer(NoRetry))
			resp, err := c.Object.Get(context.Background(), "k", &ObjectGetOptions{Range: tc.spec})
			if tc.ok {
				require.NoError(t, err)
				b, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				require.NoError(t, rerr)
				assert.Equal(t, tc.body, string(b))
				return
			}
			require.ErrorIs(t, err, ErrInvalidResponse)
			assert.NotErrorIs(t, err, ErrInvalidArgument)
			require.NotNil(t, resp)
			_, rerr := resp.Body.Read(make([]byte, 1))
			assert.Error(t, rerr, "the body of a refused answer is closed")

			dir := t.TempDir()
			dst := filepath.Join(dir, "dst")
			require.NoError(t, os.WriteFile(dst, []byte("previous"), 0o600))
			_, err = c.Object.GetToFile(context.Background(), "k", dst, &ObjectGetOptions{Range: tc.spec})
			require.ErrorIs(t, err, ErrInvalidResponse)
			got, _ := os.ReadFile(dst)
			assert.Equal(t, "previous", string(got), "nothing written to the destination")
			assert.Equal(t, []string{"dst"}, objDirEntries(t, dir))
		})
	}
}

func TestGetWithoutRangeTakesAnyAnswer(t *testing.T) {
	t.Parallel()
	// Without a Range nothing is compared: a 200 is the object.
	rec := newRecorder(t, rangeServe(200, "", "whole"))
	resp, err := rec.client(t).Object.Get(context.Background(), "k", nil)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "whole", string(b))
}

func TestGetToFileIntoDirectoryFailsBeforeRequest(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, rangeServe(200, "", "whole"))
	dir := t.TempDir()
	_, err := rec.client(t).Object.GetToFile(context.Background(), "k", dir, nil)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), "path")
	assert.Empty(t, rec.requests())
	assert.Empty(t, objDirEntries(t, dir))
}

func TestParseContentRange(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"bytes 0-9/10":  "0-9/10",
		"bytes 5-5/*":   "5-5/-1",
		" bytes 1-2/3 ": "1-2/3",
		"bytes 2-1/3":   "bad",
		"bytes 0-3/3":   "bad",
		"bytes -1-2/3":  "bad",
		"bytes 1-+2/3":  "bad",
		"bytes */10":    "bad",
		"items 0-1/2":   "bad",
		"":              "bad",
	} {
		f, l, total, ok := parseContentRange(in)
		got := "bad"
		if ok {
			got = fmt.Sprintf("%d-%d/%d", f, l, total)
		}
		assert.Equal(t, want, got, in)
	}
}

func TestGetIfMatchAnswerMustCarryThatETag(t *testing.T) {
	t.Parallel()
	cases := []struct {
		ifMatch, etag string
		ok            bool
	}{
		{`"e1"`, `"e1"`, true},
		{`e1`, `"e1"`, true},
		{`"e1"`, `"e2"`, false},
		{`"e1"`, ``, false},
		{`*`, `"e2"`, true},                 // any version
		{`"e1", "e2"`, `"e2"`, true},        // a list is left to the server
		{`W/"e1"`, `"e2"`, true},            // weak tags never match If-Match; not ours to judge
		{``, `"anything"`, true},            // no condition
		{`"e1"`, `W/"e1"`, false},           // a weak answer is not the strong tag
		{` "e1" `, `"e1"`, true},            // spaces
		{`"e1"`, `"e1-2"`, false},           // a prefix is not the tag
		{`"e1-2"`, `"e1-2"`, true},          // multipart ETags compare whole
		{`"0badc0de"`, `"0BADC0DE"`, false}, // case matters
	}
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		i, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"+testBucket+"/"))
		w.Header().Set("ETag", cases[i].etag)
		_, _ = io.WriteString(w, "body")
	})
	c := rec.client(t, WithRetryer(NoRetry))
	for i, tc := range cases {
		resp, err := c.Object.Get(context.Background(), strconv.Itoa(i), &ObjectGetOptions{IfMatch: tc.ifMatch})
		if tc.ok {
			require.NoError(t, err, "%+v", tc)
			resp.Body.Close()
			continue
		}
		require.ErrorIs(t, err, ErrInvalidResponse, "%+v", tc)
	}
}

// TestGetRangeAnswerOfUnknownLengthHoldsTheRange: a 206 sent chunked has
// no Content-Length to hold its body to, only its Content-Range. A body
// longer or shorter than that range must fail the read (Get) and the call
// (GetToFile), never hand over other bytes with a nil error.
func TestGetRangeAnswerOfUnknownLengthHoldsTheRange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		ok         bool
		want       error
	}{
		{"exact", "2345", true, nil},
		{"longer", "23456789", false, ErrInvalidResponse},
		{"shorter", "23", false, io.ErrUnexpectedEOF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("Content-Range", "bytes 2-5/10")
				w.WriteHeader(http.StatusPartialContent)
				w.(http.Flusher).Flush() // no Content-Length: chunked
				_, _ = io.WriteString(w, tc.body)
			})
			c := rec.client(t, WithRetryer(NoRetry))
			opt := &ObjectGetOptions{Range: "bytes=2-5"}
			resp, err := c.Object.Get(context.Background(), "k", opt)
			require.NoError(t, err)
			b, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			dir := t.TempDir()
			dst := filepath.Join(dir, "dst")
			_, ferr := c.Object.GetToFile(context.Background(), "k", dst, opt)
			if tc.ok {
				require.NoError(t, rerr)
				assert.Equal(t, tc.body, string(b))
				require.NoError(t, ferr)
				got, _ := os.ReadFile(dst)
				assert.Equal(t, tc.body, string(got))
				return
			}
			require.ErrorIs(t, rerr, tc.want, "read %q", b)
			require.Error(t, ferr)
			assert.Empty(t, objDirEntries(t, dir), "GetToFile leaves nothing")
		})
	}
}

// TestGetWithoutRangeRefusesPartialContent: a 206 answers only a request
// with a Range. One to a plain GET (a proxy serving a cached piece) is a
// piece of the object, never the object: Get, and GetToFile (which checks
// the CRC64 of 200 answers only), must not hand it over as the object.
func TestGetWithoutRangeRefusesPartialContent(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, rangeServe(206, "bytes 0-3/10", "0123"))
	c := rec.client(t, WithRetryer(NoRetry))
	for _, opt := range []*ObjectGetOptions{nil, {}} {
		resp, err := c.Object.Get(context.Background(), "k", opt)
		require.ErrorIs(t, err, ErrInvalidResponse)
		require.NotNil(t, resp)
		_, rerr := resp.Body.Read(make([]byte, 1))
		assert.Error(t, rerr, "the body of a refused answer is closed")

		dir := t.TempDir()
		dst := filepath.Join(dir, "dst")
		_, err = c.Object.GetToFile(context.Background(), "k", dst, opt)
		require.ErrorIs(t, err, ErrInvalidResponse)
		assert.Empty(t, objDirEntries(t, dir))
	}
}
