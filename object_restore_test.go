package cos

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRestore(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusAccepted) })
	c := rec.client(t)
	opt := &RestoreOptions{Days: 3, Tier: "expedited", VersionID: "v1"}
	resp, err := c.Object.Restore(context.Background(), "cold/a.bin", opt)
	require.NoError(t, err)
	assert.Equal(t, 202, resp.StatusCode)
	assert.Equal(t, RestoreTier("expedited"), opt.Tier, "options untouched")
	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "restore&versionId=v1", r.RawQuery)
	assert.Equal(t, contentMD5(r.Body), r.Header.Get("Content-MD5"))
	objGolden(t, "object_restore.request.xml", r.Body)

	_, err = c.Object.Restore(context.Background(), "cold/a.bin", &RestoreOptions{Days: 1})
	require.NoError(t, err)
	assert.Contains(t, string(rec.requests()[1].Body), "<Tier>Standard</Tier>")
}

func TestRestoreConflict(t *testing.T) {
	t.Parallel()
	// A 409 on the first attempt is the caller's to see.
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, 409, errorXML("RestoreAlreadyInProgress", "busy"))
	})
	_, err := rec.client(t).Object.Restore(context.Background(), "a", &RestoreOptions{Days: 1})
	require.ErrorIs(t, err, ErrConflict)
	assert.Equal(t, "RestoreAlreadyInProgress", ErrorCode(err))

	// After a lost answer, the retry's 409 means the first got through.
	rec2 := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeXML(w, 503, errorXML("ServiceUnavailable", "busy"))
			return
		}
		writeXML(w, 409, errorXML("RestoreAlreadyInProgress", "busy"))
	})
	_, err = rec2.client(t, objFastRetry()).Object.Restore(context.Background(), "a", &RestoreOptions{Days: 1})
	require.NoError(t, err)
	assert.Len(t, rec2.requests(), 2)
}

func TestRestoreBadInput(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	c := rec.client(t)
	for name, opt := range map[string]*RestoreOptions{
		"nil":       nil,
		"zero days": {Tier: TierBulk},
		"negative":  {Days: -1},
		"tier":      {Days: 1, Tier: "Fast"},
	} {
		_, err := c.Object.Restore(context.Background(), "a", opt)
		require.ErrorIs(t, err, ErrInvalidArgument, name)
	}
	_, err := c.Object.Restore(context.Background(), "", &RestoreOptions{Days: 1})
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Empty(t, rec.requests())
}
