package cos_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/cosgo/cos"
)

// ExampleBucketService_ObjectVersions keeps every version of a report,
// deletes it by mistake and brings the first draft back by copying that
// version over the key.
func ExampleBucketService_ObjectVersions() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}
	_, err := c.Bucket.PutVersioning(ctx, &cos.VersioningConfiguration{Status: cos.VersioningEnabled})
	if err != nil {
		log.Fatal(err)
	}

	first, _, err := c.Object.Put(ctx, "report.txt", strings.NewReader("first draft"), nil)
	if err != nil {
		log.Fatal(err)
	}
	if _, _, err := c.Object.Put(ctx, "report.txt", strings.NewReader("second draft"), nil); err != nil {
		log.Fatal(err)
	}
	resp, err := c.Object.Delete(ctx, "report.txt", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("delete added a marker:", resp.DeleteMarker)
	_, err = c.Object.Get(ctx, "report.txt", nil)
	fmt.Println("gone:", errors.Is(err, cos.ErrNotFound), "behind a delete marker:", cos.IsDeleteMarker(err))

	for v, err := range c.Bucket.ObjectVersions(ctx, &cos.ListObjectVersionsOptions{Prefix: "report"}) {
		if err != nil {
			log.Fatal(err)
		}
		kind := "version"
		if v.IsDeleteMarker {
			kind = "delete marker"
		}
		fmt.Printf("%s %s latest=%t first=%t\n", v.Key, kind, v.IsLatest, v.VersionID == first.VersionID)
	}

	_, _, err = c.Object.Copy(ctx, "report.txt", cos.CopySource{Key: "report.txt", VersionID: first.VersionID}, nil)
	if err != nil {
		log.Fatal(err)
	}
	resp, err = c.Object.Get(ctx, "report.txt", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("restored:", string(body))
	// Output:
	// delete added a marker: true
	// gone: true behind a delete marker: true
	// report.txt delete marker latest=true first=false
	// report.txt version latest=false first=false
	// report.txt version latest=false first=true
	// restored: first draft
}
