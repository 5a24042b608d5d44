package cos_test

import (
	"context"
	"fmt"
	"log"

	"github.com/cosgo/cos"
)

func ExampleBucketService_PutWebsite() {
	c, done := bktExampleClient()
	defer done()
	ctx := context.Background()
	if _, err := c.Bucket.Create(ctx, nil); err != nil {
		log.Fatal(err)
	}

	_, _, err := c.Bucket.GetWebsite(ctx)
	fmt.Println("before:", cos.ErrorCode(err))

	// Serve index.html for "directories", error.html for 4XX errors,
	// everything over HTTPS, and the old docs/ tree under documents/.
	_, err = c.Bucket.PutWebsite(ctx, &cos.WebsiteConfiguration{
		IndexDocument:         cos.WebsiteIndexDocument{Suffix: "index.html"},
		ErrorDocument:         &cos.WebsiteErrorDocument{Key: "error.html"},
		RedirectAllRequestsTo: &cos.WebsiteRedirectAllRequestsTo{Protocol: "https"},
		RoutingRules: []cos.WebsiteRoutingRule{{
			Condition: cos.WebsiteCondition{KeyPrefixEquals: "docs/"},
			Redirect:  cos.WebsiteRedirect{ReplaceKeyPrefixWith: "documents/"},
		}},
	})
	if err != nil {
		log.Fatal(err)
	}
	cfg, _, err := c.Bucket.GetWebsite(ctx)
	if err != nil {
		log.Fatal(err)
	}
	r := cfg.RoutingRules[0]
	fmt.Println("index:", cfg.IndexDocument.Suffix, "error:", cfg.ErrorDocument.Key)
	fmt.Println("rule:", r.Condition.KeyPrefixEquals, "->", r.Redirect.ReplaceKeyPrefixWith)

	if _, err := c.Bucket.DeleteWebsite(ctx); err != nil {
		log.Fatal(err)
	}
	_, _, err = c.Bucket.GetWebsite(ctx)
	fmt.Println("after delete:", cos.IsNotFound(err))
	// Output:
	// before: NoSuchWebsiteConfiguration
	// index: index.html error: error.html
	// rule: docs/ -> documents/
	// after delete: true
}
