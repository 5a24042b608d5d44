package cos_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cosgo/cos"
)

func ExampleBucketService_PutVersioning() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}

	cfg, _, err := c.Bucket.GetVersioning(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("new bucket: %q\n", cfg.Status)

	_, err = c.Bucket.PutVersioning(ctx, &cos.VersioningConfiguration{Status: cos.VersioningEnabled})
	if err != nil {
		log.Fatal(err)
	}
	cfg, _, err = c.Bucket.GetVersioning(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("now:", cfg.Status)

	// Versioning cannot be switched off again, only suspended.
	_, err = c.Bucket.PutVersioning(ctx, &cos.VersioningConfiguration{Status: cos.VersioningSuspended})
	if err != nil {
		log.Fatal(err)
	}
	cfg, _, err = c.Bucket.GetVersioning(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("then:", cfg.Status)
	// Output:
	// new bucket: ""
	// now: Enabled
	// then: Suspended
}
