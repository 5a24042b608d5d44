package cos_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/cosgo/cos"
)

func ExampleBucketService_PutPolicy() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()

	// Let one sub-account read the objects under public/, from one network.
	policy := &cos.BucketPolicy{Statement: []cos.PolicyStatement{{
		Principal: cos.PolicyPrincipal{"qcs": {"qcs::cam::uin/100000000001:uin/100000000011"}},
		Effect:    cos.PolicyAllow,
		Action:    cos.PolicyList{"name/cos:GetObject", "name/cos:HeadObject"},
		Resource:  cos.PolicyList{"qcs::cos:" + srv.Region() + ":uid/" + srv.AppID() + ":" + c.BucketName() + "/public/*"},
		Condition: map[string]map[string]any{"ip_equal": {"qcs:ip": []string{"10.0.0.0/8"}}},
	}}}
	if _, err := c.Bucket.PutPolicy(ctx, policy); err != nil {
		log.Fatal(err)
	}
	got, _, err := c.Bucket.GetPolicy(ctx)
	if err != nil {
		log.Fatal(err)
	}
	st := got.Statement[0]
	fmt.Println(got.Version, st.Effect, st.Action, st.Condition["ip_equal"]["qcs:ip"])

	// The raw form is the document as COS keeps it.
	raw, _, err := c.Bucket.GetPolicyJSON(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(raw[:30]))

	if _, err := c.Bucket.DeletePolicy(ctx); err != nil {
		log.Fatal(err)
	}
	_, _, err = c.Bucket.GetPolicy(ctx)
	fmt.Println(errors.Is(err, cos.ErrNotFound))
	// Output:
	// 2.0 allow [name/cos:GetObject name/cos:HeadObject] [10.0.0.0/8]
	// {"version":"2.0","statement":[
	// true
}
