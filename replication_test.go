package cos_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bktReplication(dest string) *cos.ReplicationConfiguration {
	return &cos.ReplicationConfiguration{
		Role: "qcs::cam::uin/100000000001:uin/100000000001",
		Rules: []cos.ReplicationRule{
			{ID: "logs", Status: "enabled", Prefix: "logs/", Destination: cos.ReplicationDestination{Bucket: dest, StorageClass: "standard_ia"}},
			{Status: cos.ReplicationRuleDisabled, Prefix: "img/", Destination: cos.ReplicationDestination{Bucket: dest}},
		},
	}
}

func TestPutReplication(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	in := bktReplication(cos.ReplicationBucket("ap-shanghai", "dest-1250000000"))
	_, err := s.client(t).Bucket.PutReplication(context.Background(), in)
	require.NoError(t, err)
	assert.Equal(t, cos.ReplicationRuleStatus("enabled"), in.Rules[0].Status, "the caller's document is not changed")
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "replication", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "replication_put.request.xml", r.Body)
}

// TestGetReplication decodes the answer of COS's GET Bucket replication
// page (436/19222).
func TestGetReplication(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "replication_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetReplication(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "replication", s.requests()[0].RawQuery)
	assert.Equal(t, "qcs::cam::uin/100000000001:uin/100000000001", cfg.Role)
	assert.Equal(t, []cos.ReplicationRule{{
		ID: "RuleId_01", Status: cos.ReplicationRuleEnabled, Prefix: "testPrefix",
		Destination: cos.ReplicationDestination{Bucket: "qcs::cos:ap-guangzhou::destinationbucket-1250000000"},
	}}, cfg.Rules)
}

func TestGetReplicationNotConfigured(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktError(w, http.StatusNotFound, "ReplicationConfigurationNotFoundError")
	})
	cfg, _, err := s.client(t).Bucket.GetReplication(context.Background())
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "ReplicationConfigurationNotFoundError", cos.ErrorCode(err))
	assert.Nil(t, cfg)
}

func TestDeleteReplication(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { w.WriteHeader(http.StatusNoContent) })
	_, err := s.client(t).Bucket.DeleteReplication(context.Background())
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodDelete, r.Method)
	assert.Equal(t, "replication", r.RawQuery)
}

// TestCostestReplicationRoundTrip: refused without versioning, then put,
// get, delete and the typed empty answer; gone with the bucket.
func TestCostestReplicationRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "")
	c = c.ForBucket("replicated-" + srv.AppID())
	_, err := c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	cfg := bktReplication(cos.ReplicationBucket("ap-shanghai", "dest-"+srv.AppID()))

	_, err = c.Bucket.PutReplication(ctx, cfg)
	require.ErrorIs(t, err, cos.ErrConflict, "COS refuses replication without versioning")
	assert.Equal(t, "InvalidBucketState", cos.ErrorCode(err))
	_, err = c.Bucket.PutVersioning(ctx, &cos.VersioningConfiguration{Status: cos.VersioningEnabled})
	require.NoError(t, err)
	_, err = c.Bucket.PutReplication(ctx, cfg)
	require.NoError(t, err)

	got, _, err := c.Bucket.GetReplication(ctx)
	require.NoError(t, err)
	want := *cfg
	want.Rules = []cos.ReplicationRule{cfg.Rules[0], cfg.Rules[1]}
	want.Rules[0].Status, want.Rules[0].Destination.StorageClass = cos.ReplicationRuleEnabled, cos.StorageStandardIA
	assert.Equal(t, want.Role, got.Role)
	assert.Equal(t, want.Rules, got.Rules)

	_, err = c.Bucket.DeleteReplication(ctx)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetReplication(ctx)
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "ReplicationConfigurationNotFoundError", cos.ErrorCode(err))

	_, err = c.Bucket.PutReplication(ctx, cfg)
	require.NoError(t, err)
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	_, err = c.Bucket.Create(ctx, nil)
	require.NoError(t, err)
	_, _, err = c.Bucket.GetReplication(ctx)
	assert.Equal(t, "ReplicationConfigurationNotFoundError", cos.ErrorCode(err), "gone with the bucket")
}
