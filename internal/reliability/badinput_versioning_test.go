package reliability

import (
	"context"
	"strings"
	"time"

	"github.com/cosgo/cos"
)

// The bad inputs of versioning, version listings, replication and object
// lock; badInputs appends them.

func versioning(status cos.VersioningStatus) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Bucket.PutVersioning(ctx, &cos.VersioningConfiguration{Status: status})
		return err
	}
}

func listVersions(opt *cos.ListObjectVersionsOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Bucket.ListObjectVersions(ctx, opt)
		return err
	}
}

const replDest = "qcs::cos:ap-shanghai::dest-1250000000"

// replication puts a configuration of one valid rule changed by mod, plus
// the rules of more.
func replication(mod func(c *cos.ReplicationConfiguration), more ...cos.ReplicationRule) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		cfg := &cos.ReplicationConfiguration{Role: "qcs::cam::uin/100000000001:uin/100000000001", Rules: append([]cos.ReplicationRule{
			{ID: "r", Status: cos.ReplicationRuleEnabled, Prefix: "logs/", Destination: cos.ReplicationDestination{Bucket: replDest}},
		}, more...)}
		mod(cfg)
		_, err := b.c.Bucket.PutReplication(ctx, cfg)
		return err
	}
}

func replRule(prefix, dest string) cos.ReplicationRule {
	return cos.ReplicationRule{Status: cos.ReplicationRuleEnabled, Prefix: prefix, Destination: cos.ReplicationDestination{Bucket: dest}}
}

func objectLock(cfg *cos.ObjectLockConfiguration) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Bucket.PutObjectLockConfiguration(ctx, cfg)
		return err
	}
}

func lockDays(days int, mode cos.RetentionMode) *cos.ObjectLockConfiguration {
	return &cos.ObjectLockConfiguration{Rule: &cos.ObjectLockRule{DefaultRetention: cos.DefaultRetention{Mode: mode, Days: days}}}
}

func retention(key string, r *cos.Retention) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Object.PutRetention(ctx, key, r, nil)
		return err
	}
}

func versioningBadInputs() []badInput {
	future := time.Now().Add(24 * time.Hour)
	none := func(*cos.ReplicationConfiguration) {}
	return []badInput{
		{"versioning", "nil configuration", "VersioningConfiguration", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Bucket.PutVersioning(ctx, nil)
			return err
		}},
		{"versioning", "empty status", "VersioningConfiguration.Status", versioning("")},
		{"versioning", "status Off", "VersioningConfiguration.Status", versioning("Off")},

		{"version listings", "MaxKeys above 1000", "MaxKeys", listVersions(&cos.ListObjectVersionsOptions{MaxKeys: 1001})},
		{"version listings", "negative MaxKeys", "MaxKeys", listVersions(&cos.ListObjectVersionsOptions{MaxKeys: -1})},
		{"version listings", "unknown encoding", "EncodingType", listVersions(&cos.ListObjectVersionsOptions{EncodingType: "gzip"})},
		{"version listings", "version marker without key marker", "VersionIDMarker", listVersions(&cos.ListObjectVersionsOptions{VersionIDMarker: "MTIz"})},
		{"version IDs", "version ACL of an empty key", "key", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.GetVersionACL(ctx, "", "MTIz")
			return err
		}},
		{"version IDs", "version ID on a bucket ACL", "VersionID", bucketACL(&cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}, VersionID: "MTIz"})},

		{"replication", "nil configuration", "ReplicationConfiguration.Rules", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Bucket.PutReplication(ctx, nil)
			return err
		}},
		{"replication", "no rules", "ReplicationConfiguration.Rules", replication(func(c *cos.ReplicationConfiguration) { c.Rules = nil })},
		{"replication", "1001 rules", "ReplicationConfiguration.Rules", replication(func(c *cos.ReplicationConfiguration) {
			c.Rules = make([]cos.ReplicationRule, 1001)
		})},
		{"replication", "empty role", "ReplicationConfiguration.Role", replication(func(c *cos.ReplicationConfiguration) { c.Role = "" })},
		{"replication", "role not a CAM identity", "ReplicationConfiguration.Role", replication(func(c *cos.ReplicationConfiguration) { c.Role = "100000000001" })},
		{"replication", "unknown status", "ReplicationConfiguration.Rules[0].Status", replication(func(c *cos.ReplicationConfiguration) { c.Rules[0].Status = "On" })},
		{"replication", "destination without qcs prefix", "ReplicationConfiguration.Rules[0].Destination.Bucket", replication(func(c *cos.ReplicationConfiguration) {
			c.Rules[0].Destination.Bucket = "dest-1250000000"
		})},
		{"replication", "destination without APPID", "ReplicationConfiguration.Rules[0].Destination.Bucket", replication(func(c *cos.ReplicationConfiguration) {
			c.Rules[0].Destination.Bucket = "qcs::cos:ap-shanghai::dest"
		})},
		{"replication", "destination with a bad region", "ReplicationConfiguration.Rules[0].Destination.Bucket", replication(func(c *cos.ReplicationConfiguration) {
			c.Rules[0].Destination.Bucket = "qcs::cos:AP_SHANGHAI::dest-1250000000"
		})},
		{"replication", "two destinations", "ReplicationConfiguration.Rules[1].Destination.Bucket", replication(none, replRule("img/", "qcs::cos:ap-beijing::other-1250000000"))},
		{"replication", "overlapping prefixes", "ReplicationConfiguration.Rules[1].Prefix", replication(none, replRule("logs/2024/", replDest))},
		{"replication", "whole bucket beside a prefix", "ReplicationConfiguration.Rules[1].Prefix", replication(none, replRule("", replDest))},
		{"replication", "duplicate rule IDs", "ReplicationConfiguration.Rules[1].ID", replication(func(c *cos.ReplicationConfiguration) { c.Rules[1].ID = "r" }, replRule("img/", replDest))},
		{"replication", "unknown storage class", "ReplicationConfiguration.Rules[0].Destination.StorageClass", replication(func(c *cos.ReplicationConfiguration) {
			c.Rules[0].Destination.StorageClass = "COLD"
		})},

		{"object lock", "nil configuration", "ObjectLockConfiguration", objectLock(nil)},
		{"object lock", "disabled", "ObjectLockConfiguration.ObjectLockEnabled", objectLock(&cos.ObjectLockConfiguration{ObjectLockEnabled: "Disabled"})},
		{"object lock", "zero days", "ObjectLockConfiguration.Rule.DefaultRetention.Days", objectLock(lockDays(0, ""))},
		{"object lock", "days above 36500", "ObjectLockConfiguration.Rule.DefaultRetention.Days", objectLock(lockDays(36501, ""))},
		{"object lock", "governance mode", "ObjectLockConfiguration.Rule.DefaultRetention.Mode", objectLock(lockDays(1, "GOVERNANCE"))},
		{"object lock", "nil retention", "Retention", retention("k", nil)},
		{"object lock", "zero retain-until date", "Retention.RetainUntilDate", retention("k", &cos.Retention{})},
		{"object lock", "retain-until date in the past", "Retention.RetainUntilDate", retention("k", &cos.Retention{RetainUntilDate: time.Now().Add(-time.Hour)})},
		{"object lock", "retention mode governance", "Retention.Mode", retention("k", &cos.Retention{Mode: "GOVERNANCE", RetainUntilDate: future})},
		{"object lock", "retention of an empty key", "key", retention("", &cos.Retention{RetainUntilDate: future})},
		{"object lock", "retention of a key over 850 bytes", "key", retention(strings.Repeat("k", 851), &cos.Retention{RetainUntilDate: future})},
	}
}
