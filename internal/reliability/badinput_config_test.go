package reliability

import (
	"context"

	"github.com/cosgo/cos"
)

// Constructors of the bad-input rows of the website, encryption,
// inventory, intelligent tiering, acceleration, domain and origin
// families: each starts from a valid configuration and breaks one field.

func putCall(put func(context.Context, *cos.BucketService) error) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error { return put(ctx, b.c.Bucket) }
}

func website(mod func(*cos.WebsiteConfiguration)) func(context.Context, *badEnv) error {
	cfg := &cos.WebsiteConfiguration{IndexDocument: cos.WebsiteIndexDocument{Suffix: "index.html"},
		RoutingRules: []cos.WebsiteRoutingRule{{Condition: cos.WebsiteCondition{KeyPrefixEquals: "a/"},
			Redirect: cos.WebsiteRedirect{ReplaceKeyPrefixWith: "b/"}}}}
	mod(cfg)
	return putCall(func(ctx context.Context, s *cos.BucketService) error { _, err := s.PutWebsite(ctx, cfg); return err })
}

func encryption(rule cos.ApplyServerSideEncryptionByDefault) func(context.Context, *badEnv) error {
	return putCall(func(ctx context.Context, s *cos.BucketService) error {
		_, err := s.PutEncryption(ctx, &cos.ServerSideEncryptionConfiguration{Rule: rule})
		return err
	})
}

func inventory(mod func(*cos.InventoryConfiguration)) func(context.Context, *badEnv) error {
	cfg := &cos.InventoryConfiguration{ID: "list1", IsEnabled: true,
		Destination:            cos.InventoryDestination{Bucket: "qcs::cos:ap-guangzhou::dest-1250000000", Format: cos.InventoryFormatCSV},
		Schedule:               cos.InventorySchedule{Frequency: cos.InventoryFrequencyDaily},
		IncludedObjectVersions: cos.InventoryVersionsCurrent}
	mod(cfg)
	return putCall(func(ctx context.Context, s *cos.BucketService) error { _, err := s.PutInventory(ctx, cfg); return err })
}

func tiering(cfg *cos.IntelligentTieringConfiguration) func(context.Context, *badEnv) error {
	return putCall(func(ctx context.Context, s *cos.BucketService) error {
		_, err := s.PutIntelligentTiering(ctx, cfg)
		return err
	})
}

func accelerate(cfg *cos.AccelerateConfiguration) func(context.Context, *badEnv) error {
	return putCall(func(ctx context.Context, s *cos.BucketService) error { _, err := s.PutAccelerate(ctx, cfg); return err })
}

func domains(rules ...cos.DomainRule) func(context.Context, *badEnv) error {
	return putCall(func(ctx context.Context, s *cos.BucketService) error {
		_, err := s.PutDomain(ctx, &cos.DomainConfiguration{Rules: rules})
		return err
	})
}

func domainRule(mod func(*cos.DomainRule)) cos.DomainRule {
	r := cos.DomainRule{Status: cos.DomainEnabled, Name: "www.example.com", Type: cos.DomainTypeREST}
	mod(&r)
	return r
}

func origin(mod func(*cos.OriginRule)) func(context.Context, *badEnv) error {
	r := cos.OriginRule{RulePriority: 1, OriginType: cos.OriginTypeMirror,
		OriginCondition: cos.OriginCondition{HTTPStatusCode: "404"},
		OriginParameter: cos.OriginParameter{Protocol: cos.OriginProtocolHTTPS},
		OriginInfo:      cos.OriginInfo{HostInfo: &cos.OriginHostInfo{HostName: "www.example.com"}}}
	mod(&r)
	return putCall(func(ctx context.Context, s *cos.BucketService) error {
		_, err := s.PutOrigin(ctx, &cos.OriginConfiguration{Rules: []cos.OriginRule{r}})
		return err
	})
}
