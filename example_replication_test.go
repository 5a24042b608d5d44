package cos_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/cosgo/cos"
)

func ExampleBucketService_PutReplication() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}
	cfg := &cos.ReplicationConfiguration{
		Role: "qcs::cam::uin/100000000001:uin/100000000001",
		Rules: []cos.ReplicationRule{{
			ID: "logs", Status: cos.ReplicationRuleEnabled, Prefix: "logs/",
			Destination: cos.ReplicationDestination{
				Bucket:       cos.ReplicationBucket("ap-shanghai", "backup-1250000000"),
				StorageClass: cos.StorageStandardIA,
			},
		}},
	}

	// COS replicates only from a bucket with versioning enabled.
	_, err := c.Bucket.PutReplication(ctx, cfg)
	fmt.Println("without versioning:", errors.Is(err, cos.ErrConflict), cos.ErrorCode(err))

	_, err = c.Bucket.PutVersioning(ctx, &cos.VersioningConfiguration{Status: cos.VersioningEnabled})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.Bucket.PutReplication(ctx, cfg); err != nil {
		log.Fatal(err)
	}
	got, _, err := c.Bucket.GetReplication(ctx)
	if err != nil {
		log.Fatal(err)
	}
	r := got.Rules[0]
	fmt.Println(r.ID, r.Status, r.Prefix, r.Destination.Bucket, r.Destination.StorageClass)

	if _, err := c.Bucket.DeleteReplication(ctx); err != nil {
		log.Fatal(err)
	}
	_, _, err = c.Bucket.GetReplication(ctx)
	fmt.Println("after delete:", errors.Is(err, cos.ErrNotFound))
	// Output:
	// without versioning: true InvalidBucketState
	// logs Enabled logs/ qcs::cos:ap-shanghai::backup-1250000000 STANDARD_IA
	// after delete: true
}
