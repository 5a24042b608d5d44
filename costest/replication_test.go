package costest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goSDKReplication is the body the official Go SDK v0.7.70 sends for a
// rule with its optional Priority, Filter and DeleteMarkerReplication
// (bucket_replication.go field order).
const goSDKReplication = `<ReplicationConfiguration><Role>qcs::cam::uin/100000000001:uin/100000000001</Role>` +
	`<Rule><ID>r1</ID><Status>Enabled</Status><Priority>1</Priority><Filter><Prefix>logs/</Prefix></Filter>` +
	`<Destination><Bucket>qcs::cos:ap-shanghai::dest-1250000000</Bucket><StorageClass>Standard_IA</StorageClass></Destination>` +
	`<DeleteMarkerReplication><Status>Enabled</Status></DeleteMarkerReplication></Rule></ReplicationConfiguration>`

func replicationRule(prefix, dest string) string {
	return `<Rule><Status>Enabled</Status><Prefix>` + prefix + `</Prefix><Destination><Bucket>` + dest + `</Bucket></Destination></Rule>`
}

func withID(rule, id string) string {
	return strings.Replace(rule, "<Rule>", "<Rule><ID>"+id+"</ID>", 1)
}

func TestReplicationNeedsVersioning(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	r := e.do(call{Bucket: testBucket, Query: "replication"})
	assert.Equal(t, http.StatusNotFound, r.Status)
	assert.Equal(t, "ReplicationConfigurationNotFoundError", r.errCode())

	r = e.xmlCall(http.MethodPut, "", "replication", goSDKReplication)
	assert.Equal(t, http.StatusConflict, r.Status, "refused while versioning is off")
	assert.Equal(t, "InvalidBucketState", r.errCode())
	e.setVersioning("Suspended")
	assert.Equal(t, "InvalidBucketState", e.xmlCall(http.MethodPut, "", "replication", goSDKReplication).errCode(), "and while suspended")

	e.setVersioning("Enabled")
	require.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "", "replication", goSDKReplication).Status)
	r = e.do(call{Bucket: testBucket, Query: "replication"})
	require.Equal(t, http.StatusOK, r.Status)
	body := string(r.Body)
	for _, want := range []string{"<Priority>1</Priority>", "<Filter><Prefix>logs/</Prefix></Filter>", "<StorageClass>STANDARD_IA</StorageClass>", "<DeleteMarkerReplication>"} {
		assert.Contains(t, body, want, "the SDK's elements come back")
	}
	assert.Equal(t, "InvalidBucketState", e.setVersioning("Suspended").errCode(), "versioning stays on under replication")

	r = e.do(call{Method: http.MethodDelete, Bucket: testBucket, Query: "replication"})
	assert.Equal(t, http.StatusNoContent, r.Status)
	assert.Equal(t, http.StatusNotFound, e.do(call{Bucket: testBucket, Query: "replication"}).Status)
}

func TestReplicationRulesChecked(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.setVersioning("Enabled")
	dest := "qcs::cos:ap-beijing::dest-1250000000"
	role := "<Role>qcs::cam::uin/1:uin/1</Role>"
	for name, body := range map[string]string{
		"no role":            replicationRule("a/", dest),
		"no rule":            role,
		"overlapping":        role + replicationRule("a/", dest) + replicationRule("a/b", dest),
		"whole bucket twice": role + replicationRule("", dest) + replicationRule("x", dest),
		"two destinations":   role + replicationRule("a/", dest) + replicationRule("b/", "qcs::cos:ap-beijing::other-1250000000"),
		"bad destination":    role + replicationRule("a/", "dest-1250000000"),
		"bad status":         role + strings.Replace(replicationRule("a/", dest), "Enabled", "On", 1),
		"bad storage class":  role + strings.Replace(replicationRule("a/", dest), "</Bucket>", "</Bucket><StorageClass>COLD</StorageClass>", 1),
		"duplicate rule IDs": role + withID(replicationRule("a/", dest), "x") + withID(replicationRule("b/", dest), "x"),
	} {
		r := e.xmlCall(http.MethodPut, "", "replication", "<ReplicationConfiguration>"+body+"</ReplicationConfiguration>")
		assert.Equal(t, http.StatusBadRequest, r.Status, name)
		assert.Equal(t, "InvalidArgument", r.errCode(), name)
	}
	ok := "<ReplicationConfiguration>" + role + replicationRule("a/", dest) + replicationRule("b/", dest) + "</ReplicationConfiguration>"
	assert.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "", "replication", ok).Status)
}

// TestBucketConfigGoesWithBucket deletes a bucket with versioning,
// replication and object lock, and finds none on the bucket created again
// under the same name.
func TestBucketConfigGoesWithBucket(t *testing.T) {
	t.Parallel()
	e := newEnv(t).withBucket()
	e.setVersioning("Enabled")
	require.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "", "replication", goSDKReplication).Status)
	require.Equal(t, http.StatusOK, e.xmlCall(http.MethodPut, "", "object-lock", lockConfig(1)).Status)
	require.Equal(t, http.StatusNoContent, e.do(call{Method: http.MethodDelete, Bucket: testBucket}).Status)
	require.NoError(t, e.srv.CreateBucket(testBucket))
	r := e.do(call{Bucket: testBucket, Query: "versioning"})
	assert.Empty(t, decode[struct{ Status string }](t, r).Status)
	assert.Equal(t, http.StatusNotFound, e.do(call{Bucket: testBucket, Query: "replication"}).Status)
	assert.Equal(t, http.StatusNotFound, e.do(call{Bucket: testBucket, Query: "object-lock"}).Status)
}
