package cos_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/cosgo/cos"
)

func ExampleBucketService_PutEncryption() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}

	// Encrypt every new object with SSE-COS unless its upload says
	// otherwise.
	_, err := c.Bucket.PutEncryption(ctx, &cos.ServerSideEncryptionConfiguration{
		Rule: cos.ApplyServerSideEncryptionByDefault{SSEAlgorithm: cos.SSEAlgorithmAES256},
	})
	if err != nil {
		log.Fatal(err)
	}
	res, _, err := c.Object.Put(ctx, "report.csv", strings.NewReader("a,b\n"), nil)
	if err != nil {
		log.Fatal(err)
	}
	meta, _, err := c.Object.Head(ctx, "report.csv", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("put:", res.ServerSideEncryption, "head:", meta.ServerSideEncryption)
	// Output: put: AES256 head: AES256
}
