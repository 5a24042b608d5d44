package reliability

import (
	"context"
	"strings"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/transfer"
)

// Bad inputs of the tagging, policy, logging and hotlink-protection
// families, appended to badInputs.

func bucketTags(ts cos.TagSet) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Bucket.PutTagging(ctx, ts)
		return err
	}
}

func objectTags(key string, ts cos.TagSet) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Object.PutTagging(ctx, key, ts, nil)
		return err
	}
}

func policy(p *cos.BucketPolicy) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Bucket.PutPolicy(ctx, p)
		return err
	}
}

func logging(cfg *cos.BucketLoggingStatus) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Bucket.PutLogging(ctx, cfg)
		return err
	}
}

func referer(mod func(*cos.RefererConfiguration)) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		cfg := &cos.RefererConfiguration{Status: cos.RefererEnabled, RefererType: cos.RefererWhiteList, DomainList: []string{"*.example.com"}}
		if mod == nil {
			cfg = nil
		} else {
			mod(cfg)
		}
		_, err := b.c.Bucket.PutReferer(ctx, cfg)
		return err
	}
}

func tags(n int) cos.TagSet {
	ts := make(cos.TagSet, n)
	for i := range ts {
		ts[i] = cos.Tag{Key: "k" + strings.Repeat("x", i), Value: "v"}
	}
	return ts
}

func statement(mod func(*cos.PolicyStatement)) *cos.BucketPolicy {
	st := cos.PolicyStatement{Effect: cos.PolicyAllow, Action: cos.PolicyList{"name/cos:GetObject"}, Resource: cos.PolicyList{"*"}}
	mod(&st)
	return &cos.BucketPolicy{Statement: []cos.PolicyStatement{st}}
}

func bucketConfigBadInputs() []badInput {
	one := func(k, v string) cos.TagSet { return cos.TagSet{{Key: k, Value: v}} }
	return []badInput{
		// Tags.
		{"tags", "empty bucket set", "TagSet", bucketTags(nil)},
		{"tags", "51 bucket tags", "TagSet", bucketTags(tags(51))},
		{"tags", "11 object tags", "TagSet", objectTags("k", tags(11))},
		{"tags", "empty key", "TagSet[0].Key", objectTags("k", one("", "v"))},
		{"tags", "key of 129 characters", "TagSet[0].Key", bucketTags(one(strings.Repeat("k", 129), "v"))},
		{"tags", "value of 257 characters", "TagSet[0].Value", objectTags("k", one("k", strings.Repeat("v", 257)))},
		{"tags", "character outside the alphabet", "TagSet[0].Key", objectTags("k", one("a&b", "v"))},
		{"tags", "repeated key", "TagSet[1].Key", bucketTags(cos.TagSet{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}})},
		{"tags", "reserved qcs: key", "TagSet[0].Key", bucketTags(one("qcs:x", "v"))},
		{"tags", "empty object key", "key", objectTags("", one("k", "v"))},
		{"tags", "11 tags on Put", "Tagging", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{Tagging: tags(11).Encode()})},
		{"tags", "bad escape on Initiate", "Tagging", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.InitiateMultipartUpload(ctx, "k", &cos.InitiateMultipartUploadOptions{Tagging: "a=%G1"})
			return err
		}},
		{"tags", "Tagging without Replaced (Copy)", "TaggingDirective", copyObject("dst", cos.CopySource{Key: "src"}, &cos.ObjectCopyOptions{Tagging: "a=b"})},
		{"tags", "unknown tagging directive", "TaggingDirective", copyObject("dst", cos.CopySource{Key: "src"}, &cos.ObjectCopyOptions{TaggingDirective: "Merge"})},
		{"tags", "Tagging without Replaced (transfer Copier)", "TaggingDirective", func(ctx context.Context, b *badEnv) error {
			_, err := transfer.NewCopier(b.c).Copy(ctx, "dst", cos.CopySource{Key: "src"}, &transfer.CopyOptions{Tagging: "a=b"})
			return err
		}},

		// Bucket policies.
		{"bucket policies", "nil policy", "BucketPolicy", policy(nil)},
		{"bucket policies", "no statements", "BucketPolicy.Statement", policy(&cos.BucketPolicy{})},
		{"bucket policies", "version 1.0", "BucketPolicy.Version", policy(&cos.BucketPolicy{Version: "1.0", Statement: statement(func(*cos.PolicyStatement) {}).Statement})},
		{"bucket policies", "effect permit", "Effect", policy(statement(func(s *cos.PolicyStatement) { s.Effect = "permit" }))},
		{"bucket policies", "no action", "Action", policy(statement(func(s *cos.PolicyStatement) { s.Action = nil }))},
		{"bucket policies", "blank resource", "Resource", policy(statement(func(s *cos.PolicyStatement) { s.Resource = cos.PolicyList{""} }))},
		{"bucket policies", "principal without IDs", "Principal", policy(statement(func(s *cos.PolicyStatement) { s.Principal = cos.PolicyPrincipal{"qcs": {}} }))},
		{"bucket policies", "raw document not an object", "policy", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Bucket.PutPolicyJSON(ctx, []byte(`["statement"]`))
			return err
		}},
		{"bucket policies", "raw document not JSON", "policy", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Bucket.PutPolicyJSON(ctx, []byte(`{"statement":`))
			return err
		}},

		// Logging and hotlink protection.
		{"logging and referer", "nil logging configuration", "BucketLoggingStatus", logging(nil)},
		{"logging and referer", "logging without target", "TargetBucket", logging(&cos.BucketLoggingStatus{LoggingEnabled: &cos.LoggingEnabled{TargetPrefix: "logs/"}})},
		{"logging and referer", "logging target without APPID", "TargetBucket", logging(&cos.BucketLoggingStatus{LoggingEnabled: &cos.LoggingEnabled{TargetBucket: "logs"}})},
		{"logging and referer", "nil referer configuration", "RefererConfiguration", referer(nil)},
		{"logging and referer", "referer status On", "Status", referer(func(c *cos.RefererConfiguration) { c.Status = "On" })},
		{"logging and referer", "referer type Gray-List", "RefererType", referer(func(c *cos.RefererConfiguration) { c.RefererType = "Gray-List" })},
		{"logging and referer", "enabled referer without domains", "DomainList", referer(func(c *cos.RefererConfiguration) { c.DomainList = nil })},
		{"logging and referer", "blank referer domain", "DomainList[0]", referer(func(c *cos.RefererConfiguration) { c.DomainList = []string{" "} })},
		{"logging and referer", "empty-referer Maybe", "EmptyReferConfiguration", referer(func(c *cos.RefererConfiguration) { c.EmptyReferConfiguration = "Maybe" })},
	}
}
