package cos_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"
)

// A symbolic link is a small object whose reads return its target.
func ExampleObjectService_PutSymlink() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()

	if _, _, err := c.Object.Put(ctx, "releases/v1.2.3/app.tar.gz", strings.NewReader("release bytes"), nil); err != nil {
		log.Fatal(err)
	}
	if _, err := c.Object.PutSymlink(ctx, "releases/latest", "releases/v1.2.3/app.tar.gz", nil); err != nil {
		log.Fatal(err)
	}
	target, _, err := c.Object.GetSymlink(ctx, "releases/latest")
	if err != nil {
		log.Fatal(err)
	}
	resp, err := c.Object.Get(ctx, "releases/latest", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(target)
	fmt.Println(string(body))
	// Output:
	// releases/v1.2.3/app.tar.gz
	// release bytes
}

// URL is the address the client uses for a key, unsigned: the link to a
// public-read object.
func ExampleObjectService_URL() {
	c, srv := exampleSetup()
	defer srv.Close()
	u := c.Object.URL("photos/summer 2024/#1.jpg")
	fmt.Println(u.EscapedPath())
	// Output: /examplebucket-1250000000/photos/summer%202024/%231.jpg
}
