package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
)

var day = time.Date(2030, 3, 31, 0, 0, 0, 0, time.UTC)

// newTestArchiver is all the setup a test needs: an in-memory COS server
// (closed when the test ends), a client pointed at it, and a bucket. The
// first three lines are the whole trick; the server checks signatures and
// answers like COS, so the code under test runs unchanged.
func newTestArchiver(t *testing.T) (*Archiver, *costest.Server) {
	srv := costest.NewServer()
	t.Cleanup(srv.Close)
	id, key := srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket("reports-1250000000"), cos.WithStaticCredentials(id, key, ""))
	require.NoError(t, err)
	require.NoError(t, srv.CreateBucket("reports-1250000000"))
	return NewArchiver(c, ""), srv
}

func TestArchiveThenList(t *testing.T) {
	t.Parallel()
	a, srv := newTestArchiver(t)
	ctx := context.Background()

	key, err := a.Archive(ctx, day, "sales.csv", "alice", strings.NewReader("region,total\nsouth,42\n"))
	require.NoError(t, err)
	assert.Equal(t, "reports/2030-03-31/sales.csv", key)
	_, err = a.Archive(ctx, day, "stock.csv", "bob", strings.NewReader("sku,count\n"))
	require.NoError(t, err)
	_, err = a.Archive(ctx, day.AddDate(0, 0, 1), "sales.csv", "carol", strings.NewReader("next day"))
	require.NoError(t, err)

	// The server's store can be inspected directly.
	data, ok := srv.Object("reports-1250000000", "reports/2030-03-31/sales.csv")
	require.True(t, ok)
	assert.Equal(t, "region,total\nsouth,42\n", string(data))

	reports, err := a.List(ctx, day)
	require.NoError(t, err)
	assert.Equal(t, []Report{
		{Key: "reports/2030-03-31/sales.csv", Name: "sales.csv", Size: 22, Author: "alice"},
		{Key: "reports/2030-03-31/stock.csv", Name: "stock.csv", Size: 10, Author: "bob"},
	}, reports)
}

func TestArchiveKeepsExistingReport(t *testing.T) {
	t.Parallel()
	a, srv := newTestArchiver(t)
	ctx := context.Background()

	_, err := a.Archive(ctx, day, "sales.csv", "alice", strings.NewReader("first"))
	require.NoError(t, err)
	_, err = a.Archive(ctx, day, "sales.csv", "mallory", strings.NewReader("second"))
	assert.ErrorIs(t, err, cos.ErrConflict)

	data, _ := srv.Object("reports-1250000000", "reports/2030-03-31/sales.csv")
	assert.Equal(t, "first", string(data))
}

func TestDeleteRemovesOnlyThatDay(t *testing.T) {
	t.Parallel()
	a, srv := newTestArchiver(t)
	ctx := context.Background()
	for _, r := range []struct {
		day  time.Time
		name string
	}{{day, "a.csv"}, {day, "b.csv"}, {day.AddDate(0, 0, 1), "a.csv"}} {
		_, err := a.Archive(ctx, r.day, r.name, "alice", strings.NewReader("x"))
		require.NoError(t, err)
	}

	n, err := a.Delete(ctx, day)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, []string{"reports/2030-04-01/a.csv"}, srv.ObjectKeys("reports-1250000000"))
}

// Faults injected into the server show how the code behaves when COS
// misbehaves: here a transient 503 is retried by the client, so the
// archiver never sees it.
func TestArchiveSurvivesTransientFailure(t *testing.T) {
	t.Parallel()
	a, srv := newTestArchiver(t)
	rule := srv.Inject(costest.Fault{Op: costest.OpPutObject, Status: 503, Code: "ServiceUnavailable"})

	_, err := a.Archive(context.Background(), day, "sales.csv", "alice", strings.NewReader("data"))
	require.NoError(t, err)
	assert.Equal(t, 1, rule.Fired())
	_, ok := srv.Object("reports-1250000000", "reports/2030-03-31/sales.csv")
	assert.True(t, ok)
}

// A failure that is not transient reaches the caller, wrapped, and still
// matches the cos sentinel errors.
func TestListReportsAccessDenied(t *testing.T) {
	t.Parallel()
	a, srv := newTestArchiver(t)
	srv.Inject(costest.Fault{Op: costest.OpListObjects, Status: 403, Code: "AccessDenied"})

	_, err := a.List(context.Background(), day)
	assert.ErrorIs(t, err, cos.ErrAccessDenied)
	assert.Equal(t, "AccessDenied", cos.ErrorCode(err))
}
