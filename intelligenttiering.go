package cos

import (
	"context"
	"encoding/xml"
)

// subIntelligentTiering is the sub-resource of the bucket-level
// INTELLIGENT_TIERING switch (the older, single-rule API; the newer
// ?intelligent-tiering&id= rules are not covered here).
const subIntelligentTiering = "intelligenttiering"

// IntelligentTieringConfiguration is the bucket's INTELLIGENT_TIERING
// switch: objects of that storage class move to the infrequent tier after
// Days without access. A bucket that never had it answers the zero value
// (empty Status).
type IntelligentTieringConfiguration struct {
	XMLName xml.Name `xml:"IntelligentTieringConfiguration"`
	// Status is IntelligentTieringEnabled or IntelligentTieringSuspended.
	Status IntelligentTieringStatus `xml:"Status,omitempty"`
	// Transition says when objects move; required when enabling.
	Transition *IntelligentTieringTransition `xml:"Transition,omitempty"`
}

// IntelligentTieringTransition is the move to the infrequent tier.
type IntelligentTieringTransition struct {
	// Days without access before an object moves: 30, 60 or 90.
	Days int `xml:"Days"`
	// RequestFrequent is the access count below which an object moves
	// (COS documents 1, which PutIntelligentTiering sends when it is 0).
	RequestFrequent int `xml:"RequestFrequent,omitempty"`
}

// IntelligentTieringStatus is Enabled or Suspended.
type IntelligentTieringStatus string

// Values of [IntelligentTieringStatus].
const (
	IntelligentTieringEnabled   IntelligentTieringStatus = "Enabled"
	IntelligentTieringSuspended IntelligentTieringStatus = "Suspended"
)

func (c *IntelligentTieringConfiguration) validate() error {
	if c == nil {
		return invalidArg("IntelligentTieringConfiguration", "is nil")
	}
	switch c.Status {
	case IntelligentTieringEnabled:
		if c.Transition == nil {
			return invalidArg("IntelligentTieringConfiguration.Transition", "is required to enable INTELLIGENT_TIERING")
		}
	case IntelligentTieringSuspended:
	default:
		return invalidArg("IntelligentTieringConfiguration.Status", "%q is not Enabled or Suspended", c.Status)
	}
	if t := c.Transition; t != nil {
		if t.Days != 30 && t.Days != 60 && t.Days != 90 {
			return invalidArg("IntelligentTieringConfiguration.Transition.Days", "%d is not 30, 60 or 90", t.Days)
		}
		if t.RequestFrequent < 0 {
			return invalidArg("IntelligentTieringConfiguration.Transition.RequestFrequent", "is negative (%d)", t.RequestFrequent)
		}
	}
	return nil
}

// PutIntelligentTiering enables or suspends INTELLIGENT_TIERING on the
// bucket (PUT Bucket IntelligentTiering); the body goes with Content-MD5.
// A status other than Enabled or Suspended, enabling without a
// Transition, or Days other than 30, 60 or 90 fails with
// [ErrInvalidArgument] before any request. cfg is not modified.
//
// Setting the switch is idempotent, so it retries on transient failures.
// A missing bucket gives [ErrNotFound].
func (s *BucketService) PutIntelligentTiering(ctx context.Context, cfg *IntelligentTieringConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	doc := *cfg
	if t := cfg.Transition; t != nil && t.RequestFrequent == 0 {
		withDefault := *t
		withDefault.RequestFrequent = 1
		doc.Transition = &withDefault
	}
	return s.client.putConfig(ctx, "PutBucketIntelligentTiering", subIntelligentTiering, onBucket, &doc)
}

// GetIntelligentTiering returns the bucket's INTELLIGENT_TIERING switch
// (GET Bucket IntelligentTiering). A bucket that never had it answers 200
// with an empty document: the zero configuration, not an error. It
// retries like every read.
func (s *BucketService) GetIntelligentTiering(ctx context.Context) (*IntelligentTieringConfiguration, *Response, error) {
	return getConfig[IntelligentTieringConfiguration](ctx, s.client, "GetBucketIntelligentTiering", subIntelligentTiering, onBucket)
}
