package cos_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A log built by appends reads back whole, with the CRC64 of everything
// appended, and Head tells where the next append starts.
func TestAppendBuildsAnAppendableObject(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	chunks := []string{"first line\n", "second line\n", "", "third line\n"}
	var all []byte
	var pos int64
	var crc uint64
	for i, chunk := range chunks {
		opt := &cos.ObjectAppendOptions{Metadata: map[string]string{"run": "1"}}
		if i == 0 {
			opt.ContentType = "text/plain"
		} else {
			opt.PreviousCRC64 = &crc
		}
		res, _, err := c.Object.Append(ctx, "logs/app.log", pos, strings.NewReader(chunk), opt)
		require.NoError(t, err, i)
		all = append(all, chunk...)
		assert.Equal(t, int64(len(all)), res.NextPosition)
		require.True(t, res.HasCRC64)
		assert.Equal(t, cos.CRC64(all), res.CRC64, "whole-object CRC64 after append %d", i)
		pos, crc = res.NextPosition, res.CRC64
	}
	assert.Equal(t, string(all), e2eRead(t, c, "logs/app.log"))

	meta, _, err := c.Object.Head(ctx, "logs/app.log", nil)
	require.NoError(t, err)
	assert.Equal(t, "appendable", meta.ObjectType)
	assert.Equal(t, int64(len(all)), meta.NextAppendPosition)
	assert.Equal(t, cos.CRC64(all), meta.CRC64)
	assert.Equal(t, "text/plain", meta.ContentType, "the first append's type")
	assert.Equal(t, map[string]string{"run": "1"}, meta.Metadata)
}

// A wrong position is a typed error; the caller resumes from Head.
func TestAppendResumesAfterWrongPosition(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	_, _, err := c.Object.Append(ctx, "k", 0, strings.NewReader("abc"), nil)
	require.NoError(t, err)

	// A retry of the first append after a lost answer: position 0 again.
	_, _, err = c.Object.Append(ctx, "k", 0, strings.NewReader("abc"), nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, cos.ErrPositionNotEqualToLength)
	assert.ErrorIs(t, err, cos.ErrConflict)
	assert.Equal(t, "PositionNotEqualToLength", cos.ErrorCode(err))
	var se *cos.ServiceError
	require.True(t, errors.As(err, &se))
	assert.Equal(t, http.StatusConflict, se.StatusCode)

	// A position past the end is refused the same way.
	_, _, err = c.Object.Append(ctx, "k", 99, strings.NewReader("x"), nil)
	assert.ErrorIs(t, err, cos.ErrPositionNotEqualToLength)

	meta, _, err := c.Object.Head(ctx, "k", nil)
	require.NoError(t, err)
	require.Equal(t, int64(3), meta.NextAppendPosition, "the first append took effect exactly once")
	res, _, err := c.Object.Append(ctx, "k", meta.NextAppendPosition, strings.NewReader("def"), nil)
	require.NoError(t, err)
	assert.Equal(t, int64(6), res.NextPosition)
	assert.Equal(t, "abcdef", e2eRead(t, c, "k"))

	// Appending to a fresh key at a non-zero position fails too.
	_, _, err = c.Object.Append(ctx, "fresh", 5, strings.NewReader("x"), nil)
	assert.ErrorIs(t, err, cos.ErrPositionNotEqualToLength)
	ok, err := c.Object.Exists(ctx, "fresh")
	require.NoError(t, err)
	assert.False(t, ok, "a refused append stores nothing")
}

// A Put makes the key a normal object, which refuses appends.
func TestAppendToNormalObjectIsRefused(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	_, _, err := c.Object.Append(ctx, "k", 0, strings.NewReader("abc"), nil)
	require.NoError(t, err)
	_, _, err = c.Object.Put(ctx, "k", strings.NewReader("normal"), nil)
	require.NoError(t, err)
	meta, _, err := c.Object.Head(ctx, "k", nil)
	require.NoError(t, err)
	assert.Equal(t, "normal", meta.ObjectType)
	assert.Zero(t, meta.NextAppendPosition)

	_, _, err = c.Object.Append(ctx, "k", 6, strings.NewReader("more"), nil)
	require.Error(t, err)
	assert.ErrorIs(t, err, cos.ErrObjectNotAppendable)
	assert.ErrorIs(t, err, cos.ErrConflict)
	assert.NotErrorIs(t, err, cos.ErrPositionNotEqualToLength)
	assert.Equal(t, "ObjectNotAppendable", cos.ErrorCode(err))
	assert.Equal(t, "normal", e2eRead(t, c, "k"))
}

// PreviousCRC64 makes Append check the server's whole-object CRC64: a
// wrong previous value is caught.
func TestAppendChecksWholeObjectCRC64(t *testing.T) {
	t.Parallel()
	_, c := e2e(t)
	ctx := context.Background()
	first, _, err := c.Object.Append(ctx, "k", 0, bytes.NewReader([]byte("abc")), nil)
	require.NoError(t, err)
	wrong := first.CRC64 + 1
	_, _, err = c.Object.Append(ctx, "k", 3, strings.NewReader("def"), &cos.ObjectAppendOptions{PreviousCRC64: &wrong})
	require.ErrorIs(t, err, cos.ErrChecksumMismatch)

	// Without PreviousCRC64 the server's value is taken as is.
	res, _, err := c.Object.Append(ctx, "k", 6, strings.NewReader("g"), nil)
	require.NoError(t, err)
	assert.True(t, res.HasCRC64)
	assert.Equal(t, cos.CRC64([]byte("abcdefg")), res.CRC64)
}
