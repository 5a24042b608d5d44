package cos_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cosgo/cos"
)

func ExampleBucketService_Inventories() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}

	// A weekly CSV listing of the logs/ prefix, and a daily one of every
	// version, both delivered encrypted to another bucket.
	for _, job := range []struct {
		id       string
		freq     cos.InventoryFrequency
		versions cos.InventoryVersions
		filter   *cos.InventoryFilter
	}{
		{"weekly-logs", cos.InventoryFrequencyWeekly, cos.InventoryVersionsCurrent, &cos.InventoryFilter{Prefix: "logs/"}},
		{"daily-all", cos.InventoryFrequencyDaily, cos.InventoryVersionsAll, nil},
	} {
		_, err := c.Bucket.PutInventory(ctx, &cos.InventoryConfiguration{
			ID:        job.id,
			IsEnabled: true,
			Destination: cos.InventoryDestination{
				Bucket: "qcs::cos:ap-guangzhou::reports-1250000000",
				Prefix: "inventory", Format: cos.InventoryFormatCSV, SSECOS: true,
			},
			Schedule:               cos.InventorySchedule{Frequency: job.freq},
			Filter:                 job.filter,
			IncludedObjectVersions: job.versions,
			OptionalFields:         []cos.InventoryField{cos.InventoryFieldSize, cos.InventoryFieldETag},
		})
		if err != nil {
			log.Fatal(err)
		}
	}

	// The iterator follows continuation tokens page by page.
	for job, err := range c.Bucket.Inventories(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(job.ID, job.Schedule.Frequency, job.IncludedObjectVersions, job.OptionalFields)
	}

	one, _, err := c.Bucket.GetInventory(ctx, "weekly-logs")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(one.Filter.Prefix, one.Destination.Bucket, one.Destination.SSECOS)
	// Output:
	// daily-all Daily All [Size ETag]
	// weekly-logs Weekly Current [Size ETag]
	// logs/ qcs::cos:ap-guangzhou::reports-1250000000 true
}
