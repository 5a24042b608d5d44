package cos_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
)

// exampleSetup starts an in-memory COS (package costest) holding one empty
// bucket, examplebucket-1250000000, and returns a client for that bucket
// and the server, which the caller closes. Real code builds its client
// with cos.WithRegion and real credentials instead (see ExampleNewClient).
func exampleSetup() (*cos.Client, *costest.Server) {
	srv := costest.NewServer()
	bucket := "examplebucket-" + srv.AppID()
	if err := srv.CreateBucket(bucket); err != nil {
		log.Fatal(err)
	}
	id, key := srv.Credentials()
	c, err := cos.NewClient(
		cos.WithEndpoint(srv.URL),
		cos.WithRegion(srv.Region()),
		cos.WithBucket(bucket),
		cos.WithStaticCredentials(id, key, ""),
	)
	if err != nil {
		log.Fatal(err)
	}
	return c, srv
}

func ExampleNewClient() {
	// Against real COS a client needs a region, a bucket and credentials:
	//
	//	c, err := cos.NewClient(
	//		cos.WithRegion("ap-guangzhou"),
	//		cos.WithBucket("examplebucket-1250000000"),
	//		cos.WithCredentials(cos.EnvCredentials()), // COS_SECRET_ID, COS_SECRET_KEY
	//	)
	//
	// Here it talks to an in-memory COS instead, reached with WithEndpoint.
	srv := costest.NewServer()
	defer srv.Close()
	id, key := srv.Credentials()
	c, err := cos.NewClient(
		cos.WithEndpoint(srv.URL),
		cos.WithRegion(srv.Region()),
		cos.WithBucket("examplebucket-1250000000"),
		cos.WithStaticCredentials(id, key, ""),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.BucketName(), c.Region())

	// ForBucket derives a client for another bucket; it is cheap and
	// shares the HTTP client, credentials and retry policy.
	logs := c.ForBucket("logs-1250000000")
	exists, err := logs.Bucket.Exists(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(logs.BucketName(), exists)

	// Options are checked up front: a bucket name needs its APPID suffix.
	_, err = cos.NewClient(cos.WithRegion("ap-guangzhou"), cos.WithBucket("examplebucket"))
	fmt.Println(errors.Is(err, cos.ErrInvalidArgument))
	// Output:
	// examplebucket-1250000000 ap-guangzhou
	// logs-1250000000 false
	// true
}

func ExampleServiceService_ListBuckets() {
	srv := costest.NewServer()
	defer srv.Close()
	for _, b := range []string{"photos-1250000000", "backups-1250000000"} {
		if err := srv.CreateBucket(b); err != nil {
			log.Fatal(err)
		}
	}
	// A client for service calls needs no bucket.
	id, key := srv.Credentials()
	c, err := cos.NewClient(cos.WithEndpoint(srv.URL), cos.WithStaticCredentials(id, key, ""))
	if err != nil {
		log.Fatal(err)
	}

	res, _, err := c.Service.ListBuckets(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range res.Buckets {
		fmt.Println(b.Name, b.Location)
	}
	// Output:
	// backups-1250000000 ap-guangzhou
	// photos-1250000000 ap-guangzhou
}

func ExampleClient_Authorization() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	if _, _, err := c.Object.Put(ctx, "docs/hello.txt", strings.NewReader("hello, cos"), nil); err != nil {
		log.Fatal(err)
	}

	// Authorization signs a request that something other than this client
	// will send (the seed SDK's get_auth). The host is signed for you.
	auth, err := c.Authorization(ctx, http.MethodGet, "docs/hello.txt", time.Minute, nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	// The value is a list of q-* fields joined by "&"; print a few, but
	// never log q-signature.
	for field := range strings.SplitSeq(auth, "&") {
		name, value, _ := strings.Cut(field, "=")
		switch name {
		case "q-sign-algorithm", "q-header-list":
			fmt.Println(name, value)
		}
	}

	// Send it with plain net/http (the bucket is path-style on costest).
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/"+c.BucketName()+"/docs/hello.txt", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)
	// Output:
	// q-sign-algorithm sha1
	// q-header-list host
	// 200 OK
}

// Every COS error answer is a *cos.ServiceError. Match the kind of failure
// with errors.Is against the sentinels and read the details with errors.As.
func Example_errors() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()

	_, err := c.Object.Get(ctx, "no/such/key.txt", nil)
	fmt.Println(errors.Is(err, cos.ErrNotFound))
	var se *cos.ServiceError
	if errors.As(err, &se) {
		fmt.Println(se.StatusCode, se.Code)
	}

	// HEAD answers have no body: still ErrNotFound, but with no code.
	_, _, err = c.Object.Head(ctx, "no/such/key.txt", nil)
	if errors.As(err, &se) {
		fmt.Printf("%d %q %v\n", se.StatusCode, se.Code, cos.IsNotFound(err))
	}

	// A second bucket with a taken name is a conflict.
	_, err = c.Bucket.Create(ctx, nil)
	fmt.Println(errors.Is(err, cos.ErrConflict), cos.ErrorCode(err))

	// Bad input fails before anything is sent, wrapping ErrInvalidArgument.
	_, _, err = c.Object.Put(ctx, "", strings.NewReader("x"), nil)
	fmt.Println(errors.Is(err, cos.ErrInvalidArgument), errors.As(err, &se))
	// Output:
	// true
	// 404 NoSuchKey
	// 404 "" true
	// true BucketAlreadyOwnedByYou
	// true false
}

// Breaking out of an iterator's loop stops the listing: no page beyond the
// one being read is fetched, and nothing is left running.
func ExampleBucketService_Objects_earlyBreak() {
	c, srv := exampleSetup()
	defer srv.Close()
	for i := range 10 {
		if err := srv.PutObject(c.BucketName(), fmt.Sprintf("logs/%02d.log", i), []byte("..."), nil); err != nil {
			log.Fatal(err)
		}
	}

	var first []string
	for obj, err := range c.Bucket.Objects(context.Background(), &cos.ListObjectsOptions{Prefix: "logs/", MaxKeys: 3}) {
		if err != nil {
			log.Fatal(err)
		}
		first = append(first, obj.Key)
		if len(first) == 4 {
			break
		}
	}
	fmt.Println(first)

	pages := 0
	for _, r := range srv.Requests() {
		if r.Op == costest.OpListObjects {
			pages++
		}
	}
	fmt.Println("pages fetched:", pages)
	// Output:
	// [logs/00.log logs/01.log logs/02.log logs/03.log]
	// pages fetched: 2
}
