package cos

import (
	"context"
	"encoding/xml"
	"strings"
)

// Cross-region replication (PUT, GET and DELETE Bucket replication,
// cloud.tencent.com/document/product/436/19223, /19222, /19221).

// subReplication is the sub-resource of the replication calls.
const subReplication = "replication"

// maxReplicationRules is the most rules COS accepts in one configuration.
const maxReplicationRules = 1000

// ReplicationRuleStatus switches one replication rule on or off.
type ReplicationRuleStatus string

// Replication rule states.
const (
	ReplicationRuleEnabled  ReplicationRuleStatus = "Enabled"
	ReplicationRuleDisabled ReplicationRuleStatus = "Disabled"
)

// ReplicationConfiguration is the ReplicationConfiguration document: who
// replicates, and which objects go to which bucket.
type ReplicationConfiguration struct {
	XMLName xml.Name `xml:"ReplicationConfiguration"`
	// Role is the identity COS replicates as,
	// "qcs::cam::uin/<OwnerUin>:uin/<SubUin>".
	Role string `xml:"Role"`
	// Rules are 1 to 1000 rules with prefixes that do not overlap, all
	// replicating to one destination bucket.
	Rules []ReplicationRule `xml:"Rule"`
}

// ReplicationRule replicates the objects under Prefix.
type ReplicationRule struct {
	Status ReplicationRuleStatus `xml:"Status"`
	// ID names the rule (optional, unique).
	ID string `xml:"ID,omitempty"`
	// Prefix selects the keys to replicate; "" is the whole bucket.
	Prefix      string                 `xml:"Prefix"`
	Destination ReplicationDestination `xml:"Destination"`
}

// ReplicationDestination is where a rule's objects go.
type ReplicationDestination struct {
	// Bucket is the destination's resource name,
	// "qcs::cos:<region>::<bucket>-<appid>"; [ReplicationBucket] builds it.
	Bucket string `xml:"Bucket"`
	// StorageClass of the replicas; empty keeps the source's class.
	StorageClass StorageClass `xml:"StorageClass,omitempty"`
}

// ReplicationBucket returns the resource name of a destination bucket,
// qcs::cos:<region>::<bucket>, for [ReplicationDestination].Bucket.
func ReplicationBucket(region, bucket string) string {
	return "qcs::cos:" + region + "::" + bucket
}

// PutReplication replaces the bucket's cross-region replication
// configuration (PUT Bucket replication); the body goes with Content-MD5.
// What COS would refuse fails with [ErrInvalidArgument] before any
// request: no rules or more than 1000, an empty Role or one that is not
// qcs::cam::uin/..., a status other than Enabled/Disabled, a destination
// not of the form qcs::cos:<region>::<bucket>, rules naming different
// destinations, overlapping prefixes, duplicate IDs, an unknown storage
// class.
//
// COS refuses replication while the bucket's versioning is not enabled:
// 409 InvalidBucketState, matching [ErrConflict]; enable it first with
// [BucketService.PutVersioning]. The call replaces the whole
// configuration, so it retries on transient failures. A missing bucket
// gives [ErrNotFound].
func (s *BucketService) PutReplication(ctx context.Context, cfg *ReplicationConfiguration) (*Response, error) {
	doc, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketReplication", subReplication, onBucket, doc)
}

// GetReplication returns the bucket's replication configuration (GET
// Bucket replication). A bucket without one gives a 404
// ReplicationConfigurationNotFoundError matching [ErrNotFound] (as does a
// missing bucket; tell them apart with [ErrorCode]). It retries like
// every read.
func (s *BucketService) GetReplication(ctx context.Context) (*ReplicationConfiguration, *Response, error) {
	return getConfig[ReplicationConfiguration](ctx, s.client, "GetBucketReplication", subReplication, onBucket)
}

// DeleteReplication removes the bucket's replication configuration
// (DELETE Bucket replication, 204); replicas already made stay. Deleting
// twice is harmless, so it retries on transient failures. A missing
// bucket gives [ErrNotFound].
func (s *BucketService) DeleteReplication(ctx context.Context) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteBucketReplication", subReplication, onBucket)
}

func replicationField(i int, name string) string {
	return elemField("ReplicationConfiguration.Rules", i, name)
}

// normalized validates c and returns a copy with canonical status and
// storage-class spellings.
func (c *ReplicationConfiguration) normalized() (*ReplicationConfiguration, error) {
	if c == nil || len(c.Rules) == 0 {
		return nil, invalidArg("ReplicationConfiguration.Rules", "needs at least one rule; use DeleteReplication to remove the configuration")
	}
	if len(c.Rules) > maxReplicationRules {
		return nil, invalidArg("ReplicationConfiguration.Rules", "has %d rules; COS allows at most %d", len(c.Rules), maxReplicationRules)
	}
	if !strings.HasPrefix(c.Role, "qcs::cam::uin/") {
		return nil, invalidArg("ReplicationConfiguration.Role", "%q must be qcs::cam::uin/<OwnerUin>:uin/<SubUin>", c.Role)
	}
	doc := &ReplicationConfiguration{Role: c.Role, Rules: append([]ReplicationRule(nil), c.Rules...)}
	ids := map[string]int{}
	for i := range doc.Rules {
		r := &doc.Rules[i]
		switch strings.ToLower(string(r.Status)) {
		case "enabled":
			r.Status = ReplicationRuleEnabled
		case "disabled":
			r.Status = ReplicationRuleDisabled
		default:
			return nil, invalidArg(replicationField(i, "Status"), "%q is neither Enabled nor Disabled", r.Status)
		}
		if r.ID != "" {
			if j, dup := ids[r.ID]; dup {
				return nil, invalidArg(replicationField(i, "ID"), "%q is also the ID of rule %d", r.ID, j)
			}
			ids[r.ID] = i
		}
		if err := checkReplicationBucket(i, r.Destination.Bucket); err != nil {
			return nil, err
		}
		if first := doc.Rules[0].Destination.Bucket; r.Destination.Bucket != first {
			return nil, invalidArg(replicationField(i, "Destination.Bucket"), "%q differs from rule 0's %q; all rules replicate to one bucket", r.Destination.Bucket, first)
		}
		sc, err := normalizeStorageClass(replicationField(i, "Destination.StorageClass"), r.Destination.StorageClass)
		if err != nil {
			return nil, err
		}
		r.Destination.StorageClass = sc
		for j := range i {
			p, q := doc.Rules[j].Prefix, r.Prefix
			if strings.HasPrefix(p, q) || strings.HasPrefix(q, p) {
				return nil, invalidArg(replicationField(i, "Prefix"), "%q overlaps rule %d's prefix %q", q, j, p)
			}
		}
	}
	return doc, nil
}

// checkReplicationBucket checks the qcs::cos:<region>::<bucket> form.
func checkReplicationBucket(i int, v string) error {
	rest, ok := strings.CutPrefix(v, "qcs::cos:")
	region, bucket, ok2 := strings.Cut(rest, "::")
	if !ok || !ok2 || !regionRe.MatchString(region) || !bucketRe.MatchString(bucket) {
		return invalidArg(replicationField(i, "Destination.Bucket"), "%q must be qcs::cos:<region>::<bucket>-<appid> (see ReplicationBucket)", v)
	}
	return nil
}
