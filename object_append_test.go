package cos

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendRequestShape(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("x-cos-next-append-position", "9")
		w.Header().Set("ETag", `"abc"`)
		w.WriteHeader(http.StatusOK)
	})
	c := rec.client(t)
	res, _, err := c.Object.Append(context.Background(), "dir/log", 5, strings.NewReader("four"), &ObjectAppendOptions{
		CacheControl: "no-cache", Metadata: map[string]string{"a": "1"}, ACLHeaders: ACLHeaders{ACL: ACLPrivate},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(9), res.NextPosition)
	assert.Equal(t, "abc", res.ETag)
	assert.False(t, res.HasCRC64, "no server CRC and no PreviousCRC64: unknown")

	got := rec.requests()[0]
	assert.Equal(t, http.MethodPost, got.Method)
	assert.Equal(t, "/"+testBucket+"/dir/log", got.Path)
	assert.Equal(t, "append&position=5", got.RawQuery)
	assert.True(t, got.SigOK)
	f := signFields(got.Header.Get("Authorization"))
	assert.Equal(t, "append;position", f["q-url-param-list"])
	assert.Equal(t, "four", string(got.Body))
	assert.Equal(t, "no-cache", got.Header.Get("Cache-Control"))
	assert.Equal(t, "1", got.Header.Get("x-cos-meta-a"))
	assert.Equal(t, "private", got.Header.Get("x-cos-acl"))
	assert.Empty(t, got.Header.Get("Content-Type"), "no default type after the first append")

	_, _, err = c.Object.Append(context.Background(), "k", 0, strings.NewReader(""), nil)
	require.NoError(t, err)
	assert.Equal(t, "application/octet-stream", rec.requests()[1].Header.Get("Content-Type"), "the first append gets Put's default type")
}

// Append is never retried: a lost answer may have added the bytes.
func TestAppendIsNotRetried(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, http.StatusServiceUnavailable, errorXML("SlowDown", "busy"))
	})
	c := rec.client(t)
	_, _, err := c.Object.Append(context.Background(), "k", 0, strings.NewReader("x"), nil)
	require.Error(t, err)
	assert.Equal(t, "SlowDown", ErrorCode(err))
	assert.Len(t, rec.requests(), 1)
}

func TestAppendAnswers(t *testing.T) {
	t.Parallel()
	body := "hello"
	good := strconv.FormatUint(CRC64([]byte(body)), 10)
	prev := CRC64([]byte("abc"))
	cases := []struct {
		name     string
		position int64
		previous *uint64
		header   map[string]string
		status   int
		xml      string
		check    func(t *testing.T, res *ObjectAppendResult, err error)
	}{
		{name: "crc checked at 0", header: map[string]string{"x-cos-hash-crc64ecma": "12345"},
			check: func(t *testing.T, _ *ObjectAppendResult, err error) { assert.ErrorIs(t, err, ErrChecksumMismatch) }},
		{name: "crc kept at 0", header: map[string]string{"x-cos-hash-crc64ecma": good},
			check: func(t *testing.T, res *ObjectAppendResult, err error) {
				require.NoError(t, err)
				assert.Equal(t, CRC64([]byte(body)), res.CRC64)
			}},
		{name: "crc computed at 0 when absent",
			check: func(t *testing.T, res *ObjectAppendResult, err error) {
				require.NoError(t, err)
				assert.True(t, res.HasCRC64)
				assert.Equal(t, CRC64([]byte(body)), res.CRC64)
			}},
		{name: "combined with previous", position: 3, previous: &prev,
			check: func(t *testing.T, res *ObjectAppendResult, err error) {
				require.NoError(t, err)
				assert.Equal(t, CRC64([]byte("abc"+body)), res.CRC64)
			}},
		{name: "previous disagrees with server", position: 3, previous: &prev, header: map[string]string{"x-cos-hash-crc64ecma": good},
			check: func(t *testing.T, _ *ObjectAppendResult, err error) { assert.ErrorIs(t, err, ErrChecksumMismatch) }},
		{name: "malformed next position", header: map[string]string{"x-cos-next-append-position": "x"},
			check: func(t *testing.T, _ *ObjectAppendResult, err error) {
				assert.ErrorContains(t, err, "x-cos-next-append-position")
			}},
		{name: "old position code", status: http.StatusConflict, xml: errorXML("AppendPositionErr", "bad position"),
			check: func(t *testing.T, _ *ObjectAppendResult, err error) {
				assert.ErrorIs(t, err, ErrPositionNotEqualToLength)
				assert.ErrorContains(t, err, "409 AppendPositionErr: bad position")
			}},
		{name: "not appendable", status: http.StatusConflict, xml: errorXML("ObjectNotAppendable", "normal"),
			check: func(t *testing.T, _ *ObjectAppendResult, err error) {
				assert.ErrorIs(t, err, ErrObjectNotAppendable)
				assert.NotErrorIs(t, err, ErrPositionNotEqualToLength)
			}},
		{name: "other conflict", status: http.StatusConflict, xml: errorXML("Conflict", "x"),
			check: func(t *testing.T, _ *ObjectAppendResult, err error) {
				assert.ErrorIs(t, err, ErrConflict)
				assert.NotErrorIs(t, err, ErrObjectNotAppendable)
				assert.NotErrorIs(t, err, ErrPositionNotEqualToLength)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.Header().Set("x-cos-next-append-position", strconv.FormatInt(tc.position+int64(len(body)), 10))
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				if tc.status != 0 {
					writeXML(w, tc.status, tc.xml)
					return
				}
				w.WriteHeader(http.StatusOK)
			})
			res, _, err := rec.client(t).Object.Append(context.Background(), "k", tc.position, strings.NewReader(body),
				&ObjectAppendOptions{PreviousCRC64: tc.previous})
			tc.check(t, res, err)
		})
	}
}

func TestHeadNextAppendPosition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header map[string]string
		want   int64
	}{
		{map[string]string{"x-cos-object-type": "appendable", "x-cos-next-append-position": "7"}, 7},
		{map[string]string{"x-cos-object-type": "appendable"}, 11}, // from Content-Length
		{map[string]string{"x-cos-object-type": "normal"}, 0},
	} {
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
			for k, v := range tc.header {
				w.Header().Set(k, v)
			}
			w.Header().Set("Content-Length", "11")
			w.WriteHeader(http.StatusOK)
		})
		meta, _, err := rec.client(t).Object.Head(context.Background(), "k", nil)
		require.NoError(t, err)
		assert.Equal(t, tc.want, meta.NextAppendPosition, "%v", tc.header)
	}
}
