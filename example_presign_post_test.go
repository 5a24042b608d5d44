package cos_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"mime/multipart"
	"net/http"
	"sort"
	"time"

	"github.com/cosgo/cos"
)

// PresignPost gives a web page a form that uploads straight to the
// bucket. Here the "browser" is mime/multipart: the form's fields, then
// the file, posted with no credentials.
func ExampleObjectService_PresignPost() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()

	post, err := c.Object.PresignPost(ctx, &cos.PostPolicy{
		KeyPrefix:   "avatars/user-42/",
		Expires:     15 * time.Minute,
		MaxSize:     1 << 20,
		ContentType: "image/png",
		Metadata:    map[string]string{"user": "42"},
	})
	if err != nil {
		log.Fatal(err)
	}

	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	names := make([]string, 0, len(post.Fields))
	for name := range post.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		_ = form.WriteField(name, post.Fields[name])
	}
	file, _ := form.CreateFormFile("file", "me.png") // the file comes last
	_, _ = file.Write([]byte("\x89PNG..."))
	_ = form.Close()
	resp, err := http.Post(post.URL.String(), form.FormDataContentType(), &body)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status)

	meta, _, err := c.Object.Head(ctx, "avatars/user-42/me.png", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(meta.ContentType, meta.ContentLength, meta.Metadata["user"])
	// Output:
	// 204 No Content
	// image/png 7 42
}

// Options asks COS what a browser's preflight would get: a server can
// check the bucket's CORS rules before handing a page an upload form.
func ExampleObjectService_Options() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()

	_, err := c.Bucket.PutCORS(ctx, &cos.CORSConfiguration{Rules: []cos.CORSRule{{
		AllowedOrigins: []string{"https://app.example.com"},
		AllowedMethods: []string{"POST"},
		ExposeHeaders:  []string{"ETag"},
		MaxAgeSeconds:  600,
	}}})
	if err != nil {
		log.Fatal(err)
	}
	res, _, err := c.Object.Options(ctx, "", &cos.OptionsRequest{Origin: "https://app.example.com", Method: http.MethodPost})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.AllowOrigin, res.AllowMethods, res.MaxAge)

	_, _, err = c.Object.Options(ctx, "", &cos.OptionsRequest{Origin: "https://elsewhere.example", Method: http.MethodPost})
	fmt.Println(errors.Is(err, cos.ErrCORSForbidden))
	// Output:
	// https://app.example.com [POST] 10m0s
	// true
}
