package cos_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
)

// bktExampleClient starts an in-memory COS and returns a client for a
// bucket there (not yet created). Real code would use WithRegion and real
// credentials instead.
func bktExampleClient() (*cos.Client, func()) {
	srv := costest.NewServer()
	id, key := srv.Credentials()
	c, err := cos.NewClient(
		cos.WithEndpoint(srv.URL),
		cos.WithBucket("examplebucket-"+srv.AppID()),
		cos.WithStaticCredentials(id, key, ""),
	)
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

func ExampleBucketService_Create() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()

	_, err := c.Bucket.Create(ctx, &cos.BucketCreateOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}})
	if err != nil {
		log.Fatal(err)
	}
	exists, err := c.Bucket.Exists(ctx)
	if err != nil {
		log.Fatal(err)
	}
	region, _, err := c.Bucket.Location(ctx)
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.Bucket.Create(ctx, nil)
	fmt.Println(exists, region, errors.Is(err, cos.ErrConflict))
	// Output: true ap-guangzhou true
}

func ExampleBucketService_Objects() {
	srv := costest.NewServer()
	defer srv.Close()
	bucket := "examplebucket-" + srv.AppID()
	_ = srv.CreateBucket(bucket)
	for _, k := range []string{"docs/a.txt", "docs/b c.txt", "docs/报告+final.txt", "img/logo.png"} {
		_ = srv.PutObject(bucket, k, []byte(k), nil)
	}
	id, key := srv.Credentials()
	c, _ := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""))

	// The iterator fetches pages (here of 2 keys) as the loop needs them;
	// keys arrive decoded, whatever characters they hold.
	for obj, err := range c.Bucket.Objects(context.Background(), &cos.ListObjectsOptions{Prefix: "docs/", MaxKeys: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(obj.Key, obj.Size)
	}
	// Output:
	// docs/a.txt 10
	// docs/b c.txt 12
	// docs/报告+final.txt 21
}

func ExampleBucketService_ListObjects() {
	srv := costest.NewServer()
	defer srv.Close()
	bucket := "examplebucket-" + srv.AppID()
	_ = srv.CreateBucket(bucket)
	for _, k := range []string{"docs/a.txt", "img/logo.png", "readme.md"} {
		_ = srv.PutObject(bucket, k, nil, nil)
	}
	id, key := srv.Credentials()
	c, _ := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""))

	// With a delimiter, "directories" come back as common prefixes.
	res, _, err := c.Bucket.ListObjects(context.Background(), &cos.ListObjectsOptions{Delimiter: "/"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.CommonPrefixes, len(res.Contents), res.Contents[0].Key, res.IsTruncated)
	// Output: [docs/ img/] 1 readme.md false
}

func ExampleBucketService_PutACL() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}

	if _, err := c.Bucket.PutACL(ctx, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}}); err != nil {
		log.Fatal(err)
	}
	acl, _, err := c.Bucket.GetACL(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(acl.CannedACL())
	// Output: public-read
}

func ExampleBucketService_PutCORS() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}

	_, _, err := c.Bucket.GetCORS(ctx)
	fmt.Println("before:", cos.IsNotFound(err))

	_, err = c.Bucket.PutCORS(ctx, &cos.CORSConfiguration{Rules: []cos.CORSRule{{
		AllowedOrigins: []string{"https://www.example.com"},
		AllowedMethods: []string{"GET", "PUT"},
		AllowedHeaders: []string{"*"},
		ExposeHeaders:  []string{"ETag"},
		MaxAgeSeconds:  600,
	}}})
	if err != nil {
		log.Fatal(err)
	}
	cfg, _, err := c.Bucket.GetCORS(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("after:", cfg.Rules[0].AllowedOrigins, cfg.Rules[0].AllowedMethods)
	// Output:
	// before: true
	// after: [https://www.example.com] [GET PUT]
}

func ExampleBucketService_PutLifecycle() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}

	_, err := c.Bucket.PutLifecycle(ctx, &cos.LifecycleConfiguration{Rules: []cos.LifecycleRule{
		{
			ID:     "logs",
			Filter: cos.LifecycleFilter{Prefix: "logs/"},
			Status: cos.LifecycleEnabled,
			Transitions: []cos.LifecycleTransition{
				{Days: 30, StorageClass: cos.StorageStandardIA},
				{Days: 180, StorageClass: cos.StorageArchive},
			},
			Expiration:                     &cos.LifecycleExpiration{Days: 365},
			AbortIncompleteMultipartUpload: &cos.AbortIncompleteMultipartUpload{DaysAfterInitiation: 7},
		},
		{
			ID:         "campaign",
			Filter:     cos.LifecycleFilter{Prefix: "campaign-2030/"},
			Status:     cos.LifecycleEnabled,
			Expiration: &cos.LifecycleExpiration{Date: time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)},
		},
	}})
	if err != nil {
		log.Fatal(err)
	}
	cfg, _, err := c.Bucket.GetLifecycle(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range cfg.Rules {
		if e := r.Expiration; e.Days > 0 {
			fmt.Println(r.ID, "expires after", e.Days, "days")
		} else {
			fmt.Println(r.ID, "expires on", e.Date.Format(time.DateOnly))
		}
	}
	// Output:
	// logs expires after 365 days
	// campaign expires on 2031-01-01
}

func ExampleBucketService_MultipartUploads() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}
	if _, _, err := c.Object.InitiateMultipartUpload(ctx, "big/video.mp4", nil); err != nil {
		log.Fatal(err)
	}

	// Abort every upload left behind, freeing its parts.
	for u, err := range c.Bucket.MultipartUploads(ctx, &cos.ListMultipartUploadsOptions{Prefix: "big/"}) {
		if err != nil {
			log.Fatal(err)
		}
		if _, err := c.Object.AbortMultipartUpload(ctx, u.Key, u.UploadID); err != nil {
			log.Fatal(err)
		}
		fmt.Println("aborted", u.Key)
	}
	// Output: aborted big/video.mp4
}
