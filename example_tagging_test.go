package cos_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/cosgo/cos"
)

func ExampleBucketService_PutTagging() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()

	// PUT replaces the whole set: at most 50 tags, unique keys.
	_, err := c.Bucket.PutTagging(ctx, cos.TagSetFromMap(map[string]string{"team": "data", "env": "prod"}))
	if err != nil {
		log.Fatal(err)
	}
	tags, _, err := c.Bucket.GetTagging(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range tags {
		fmt.Printf("%s=%s\n", t.Key, t.Value)
	}

	if _, err := c.Bucket.DeleteTagging(ctx); err != nil {
		log.Fatal(err)
	}
	// A bucket without tags answers 404 NoSuchTagSetError.
	_, _, err = c.Bucket.GetTagging(ctx)
	fmt.Println(errors.Is(err, cos.ErrNotFound), cos.ErrorCode(err))
	// Output:
	// env=prod
	// team=data
	// true NoSuchTagSetError
}

func ExampleObjectService_PutTagging() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()

	// Tags can come with the upload: TagSet.Encode builds the header form.
	opt := &cos.ObjectPutOptions{Tagging: cos.TagSet{{Key: "status", Value: "draft"}}.Encode()}
	if _, _, err := c.Object.Put(ctx, "docs/report.txt", strings.NewReader("q3"), opt); err != nil {
		log.Fatal(err)
	}
	// ... and be replaced later (at most 10 per object).
	_, err := c.Object.PutTagging(ctx, "docs/report.txt", cos.TagSet{{Key: "status", Value: "final"}, {Key: "owner", Value: "ana"}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	meta, _, err := c.Object.Head(ctx, "docs/report.txt", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("tags on HEAD:", meta.TaggingCount)

	// A copy keeps the source's tags unless the directive replaces them.
	_, _, err = c.Object.Copy(ctx, "archive/report.txt", cos.CopySource{Key: "docs/report.txt"}, &cos.ObjectCopyOptions{
		TaggingDirective: cos.TaggingDirectiveReplaced,
		Tagging:          cos.TagSet{{Key: "status", Value: "archived"}}.Encode(),
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, key := range []string{"docs/report.txt", "archive/report.txt"} {
		tags, _, err := c.Object.GetTagging(ctx, key, nil)
		if err != nil {
			log.Fatal(err)
		}
		status, _ := tags.Get("status")
		fmt.Println(key, len(tags), status)
	}
	// Output:
	// tags on HEAD: 2
	// docs/report.txt 2 final
	// archive/report.txt 1 archived
}
