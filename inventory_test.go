package cos_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bktInventory is the job of the sample on COS's GET Bucket inventory page
// (tencentcloud.com/document/product/436/30623).
func bktInventory(id string) *cos.InventoryConfiguration {
	return &cos.InventoryConfiguration{
		ID:        id,
		IsEnabled: true,
		Destination: cos.InventoryDestination{Bucket: "qcs::cos:ap-guangzhou::examplebucket-1250000000",
			AccountID: "1250000000", Prefix: "list1", Format: cos.InventoryFormatCSV, SSECOS: true},
		Schedule:               cos.InventorySchedule{Frequency: cos.InventoryFrequencyDaily},
		Filter:                 &cos.InventoryFilter{Prefix: "myPrefix"},
		IncludedObjectVersions: cos.InventoryVersionsAll,
		OptionalFields: []cos.InventoryField{cos.InventoryFieldSize, cos.InventoryFieldLastModifiedDate,
			cos.InventoryFieldETag, cos.InventoryFieldStorageClass, cos.InventoryFieldIsMultipartUploaded,
			cos.InventoryFieldReplicationStatus, cos.InventoryFieldTag, cos.InventoryFieldCRC64, cos.InventoryFieldUserMetadata},
	}
}

func TestPutInventory(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, nil)
	cfg := bktInventory("list1")
	cfg.Schedule = cos.InventorySchedule{Frequency: cos.InventoryFrequencyMonthly, MonthlyDate: 5}
	cfg.Filter = &cos.InventoryFilter{And: &cos.InventoryFilterAnd{Prefix: "logs/", Tags: []cos.Tag{{Key: "age", Value: "18"}}},
		Period: &cos.InventoryPeriod{StartTime: 1568688761, EndTime: 1568688762}}
	_, err := s.client(t).Bucket.PutInventory(context.Background(), cfg)
	require.NoError(t, err)
	r := s.requests()[0]
	assert.Equal(t, http.MethodPut, r.Method)
	assert.Equal(t, "id=list1&inventory", r.RawQuery)
	bktAssertXMLBody(t, r)
	bktGolden(t, "inventory_put.request.xml", r.Body)
}

// TestGetInventory decodes the response sample of COS's GET Bucket
// inventory page.
func TestGetInventory(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "inventory_get.response.xml"))
	cfg, _, err := s.client(t).Bucket.GetInventory(context.Background(), "list1")
	require.NoError(t, err)
	assert.Equal(t, "id=list1&inventory", s.requests()[0].RawQuery)
	want := bktInventory("list1")
	want.XMLName = cfg.XMLName
	assert.Equal(t, want, cfg)
}

// TestListInventoryConfigurations decodes the first job of the sample on
// COS's List Bucket Inventory Configurations page
// (tencentcloud.com/document/product/436/30627), which puts <SSE-COS>
// straight into the destination; the sample's paging elements are as
// reproduced in cos-go-sdk-v5's bucket_inventory_test.go.
func TestListInventoryConfigurations(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, bktFile(t, "inventory_list.response.xml"))
	res, _, err := s.client(t).Bucket.ListInventoryConfigurations(context.Background(),
		&cos.ListInventoryConfigurationsOptions{ContinuationToken: "a b/c"})
	require.NoError(t, err)
	assert.Equal(t, "continuation-token=a%20b%2Fc&inventory", s.requests()[0].RawQuery)
	assert.True(t, res.IsTruncated)
	assert.Equal(t, "...", res.ContinuationToken)
	assert.Equal(t, "1ueSDFASDF1Tr/XDAFdadEADadf2J/wm36Hy4vbOwM=", res.NextContinuationToken)
	require.Len(t, res.InventoryConfigurations, 1)
	got := res.InventoryConfigurations[0]
	assert.Equal(t, "list1", got.ID)
	assert.True(t, got.IsEnabled, `"True" is true`)
	assert.Equal(t, cos.InventoryDestination{Bucket: "qcs::cos:ap-beijing::examplebucket-1250000000",
		AccountID: "1250000000", Prefix: "list1", Format: cos.InventoryFormatCSV, SSECOS: true}, got.Destination)
	assert.Equal(t, &cos.InventoryFilter{Prefix: "myPrefix"}, got.Filter)
	assert.Len(t, got.OptionalFields, 6)
}

func TestInventoriesStopsOnAStuckToken(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		bktXML(w, http.StatusOK, `<ListInventoryConfigurationResult><IsTruncated>true</IsTruncated></ListInventoryConfigurationResult>`)
	})
	var errs int
	for _, err := range s.client(t).Bucket.Inventories(context.Background()) {
		require.Error(t, err)
		errs++
	}
	assert.Equal(t, 1, errs)
	assert.Len(t, s.requests(), 1, "a truncated page without a next token is not fetched again")
}

// A server whose tokens go round in a circle (A, B, A, ...) would keep the
// iterator fetching forever: a token seen before ends it with one error.
func TestInventoriesStopsOnACircleOfTokens(t *testing.T) {
	t.Parallel()
	s := newBktServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		next := "A"
		if r.URL.Query().Get("continuation-token") == "A" {
			next = "B"
		}
		bktXML(w, http.StatusOK, `<ListInventoryConfigurationResult><InventoryConfiguration><Id>j</Id></InventoryConfiguration>`+
			`<IsTruncated>true</IsTruncated><NextContinuationToken>`+next+`</NextContinuationToken></ListInventoryConfigurationResult>`)
	})
	var jobs, errs int
	for _, err := range s.client(t).Bucket.Inventories(context.Background()) {
		if err != nil {
			errs++
			continue
		}
		jobs++
		if jobs > 10 {
			break
		}
	}
	assert.Equal(t, 1, errs, "a token seen before is an error")
	assert.Equal(t, 3, jobs, "pages \"\", A and B, then B names A again")
	assert.Equal(t, 3, len(s.requests()))
}

func TestInventoryRoundTripCostest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "inv-1250000000")
	require.NoError(t, srv.CreateBucket("inv-1250000000"))

	_, _, err := c.Bucket.GetInventory(ctx, "list1")
	require.ErrorIs(t, err, cos.ErrNotFound)
	assert.Equal(t, "NoSuchInventoryConfiguration", cos.ErrorCode(err))
	page, _, err := c.Bucket.ListInventoryConfigurations(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, page.InventoryConfigurations)
	assert.False(t, page.IsTruncated)

	want := bktInventory("list1")
	_, err = c.Bucket.PutInventory(ctx, want)
	require.NoError(t, err)
	got, _, err := c.Bucket.GetInventory(ctx, "list1")
	require.NoError(t, err)
	want.XMLName = got.XMLName
	assert.Equal(t, want, got)

	_, err = c.Bucket.DeleteInventory(ctx, "list1")
	require.NoError(t, err)
	_, _, err = c.Bucket.GetInventory(ctx, "list1")
	assert.Equal(t, "NoSuchInventoryConfiguration", cos.ErrorCode(err))
	_, err = c.Bucket.DeleteInventory(ctx, "list1")
	assert.ErrorIs(t, err, cos.ErrNotFound, "an unknown job cannot be deleted")
}

// 205 jobs come back in ID order over three pages of at most 100, and go
// with their bucket.
func TestInventoriesPagesCostest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv, c := bktFake(t, "inv-1250000000")
	require.NoError(t, srv.CreateBucket("inv-1250000000"))
	const n = 205
	var want []string
	for i := range n {
		id := fmt.Sprintf("job-%03d", i)
		want = append(want, id)
		_, err := c.Bucket.PutInventory(ctx, bktInventory(id))
		require.NoError(t, err)
	}
	var got []string
	for cfg, err := range c.Bucket.Inventories(ctx) {
		require.NoError(t, err)
		got = append(got, cfg.ID)
	}
	assert.Equal(t, want, got)

	srv.ResetRequests()
	page, _, err := c.Bucket.ListInventoryConfigurations(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, page.InventoryConfigurations, 100)
	assert.True(t, page.IsTruncated)
	assert.NotEmpty(t, page.NextContinuationToken)

	for _, id := range want {
		_, err := c.Bucket.DeleteInventory(ctx, id)
		require.NoError(t, err)
	}
	_, err = c.Bucket.PutInventory(ctx, bktInventory("kept"))
	require.NoError(t, err)
	_, err = c.Bucket.Delete(ctx)
	require.NoError(t, err)
	require.NoError(t, srv.CreateBucket("inv-1250000000"))
	page, _, err = c.Bucket.ListInventoryConfigurations(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, page.InventoryConfigurations, "the jobs went with the bucket")
}
