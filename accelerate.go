package cos

import (
	"context"
	"encoding/xml"
)

// subAccelerate is the sub-resource of the global acceleration calls.
const subAccelerate = "accelerate"

// accelerateHostSuffix follows the bucket in the global acceleration host
// (cos-protocol.md, section 1).
const accelerateHostSuffix = ".cos.accelerate.myqcloud.com"

// AccelerateConfiguration is the bucket's global acceleration switch. A
// bucket that never had it enabled answers the zero value (empty Status).
// Once enabled it can be suspended but not removed.
type AccelerateConfiguration struct {
	XMLName xml.Name `xml:"AccelerateConfiguration"`
	// Status is AccelerateEnabled or AccelerateSuspended.
	Status AccelerateStatus `xml:"Status,omitempty"`
	// Type is "COS", the only documented type; empty lets COS choose.
	Type string `xml:"Type,omitempty"`
}

// AccelerateStatus is Enabled or Suspended.
type AccelerateStatus string

// Values of [AccelerateStatus].
const (
	AccelerateEnabled   AccelerateStatus = "Enabled"
	AccelerateSuspended AccelerateStatus = "Suspended"
)

func (c *AccelerateConfiguration) validate() error {
	if c == nil {
		return invalidArg("AccelerateConfiguration", "is nil")
	}
	if c.Status != AccelerateEnabled && c.Status != AccelerateSuspended {
		return invalidArg("AccelerateConfiguration.Status", "%q is not Enabled or Suspended", c.Status)
	}
	if c.Type != "" && c.Type != "COS" {
		return invalidArg("AccelerateConfiguration.Type", "%q is not COS", c.Type)
	}
	return nil
}

// PutAccelerate enables or suspends global acceleration of the bucket
// (PUT Bucket Accelerate); the body goes with Content-MD5. Use
// [WithAccelerate] to send object requests through it. A status other
// than Enabled or Suspended, or a type other than COS, fails with
// [ErrInvalidArgument] before any request.
//
// Setting the switch is idempotent, so it retries on transient failures.
// A missing bucket gives [ErrNotFound].
func (s *BucketService) PutAccelerate(ctx context.Context, cfg *AccelerateConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketAccelerate", subAccelerate, onBucket, cfg)
}

// GetAccelerate returns the bucket's global acceleration switch (GET
// Bucket Accelerate). A bucket that never enabled it answers an empty
// document: the zero configuration, not an error. It retries like every
// read.
func (s *BucketService) GetAccelerate(ctx context.Context) (*AccelerateConfiguration, *Response, error) {
	return getConfig[AccelerateConfiguration](ctx, s.client, "GetBucketAccelerate", subAccelerate, onBucket)
}

// WithAccelerate sends object requests (Put, Get, Head, Delete, Copy,
// multipart calls, presigned URLs) to the global acceleration host
// https://<bucket>.cos.accelerate.myqcloud.com, signed for that host.
// Bucket-level calls (listings, configuration, Delete Multiple) stay on
// the regional host, which COS requires for several of them
// (ActionAccelerateNotSupported), so WithRegion is still needed for those.
// The bucket must have acceleration enabled ([BucketService.PutAccelerate]),
// else COS answers 400 BucketAccelerateNotEnabled.
//
// The accelerate host is fixed, so NewClient refuses WithAccelerate
// together with WithEndpoint, WithBucketEndpoint or WithPathStyle. To
// reach a local fake, keep the host and dial the fake from the
// http.Client's transport (WithHTTPClient).
func WithAccelerate() Option {
	return func(c *config) error {
		c.accelerate = true
		return nil
	}
}

// checkAccelerate refuses option combinations that contradict the fixed
// accelerate host.
func (c *config) checkAccelerate() error {
	if !c.accelerate {
		return nil
	}
	switch {
	case c.endpoint != nil:
		return invalidArg("accelerate", "WithAccelerate addresses the fixed host <bucket>%s and cannot be combined with WithEndpoint", accelerateHostSuffix)
	case c.bucketEndpoint != nil:
		return invalidArg("accelerate", "WithAccelerate cannot be combined with WithBucketEndpoint, which already fixes the bucket's host")
	case c.pathStyle:
		return invalidArg("accelerate", "WithAccelerate needs virtual-host addressing; it cannot be combined with WithPathStyle")
	}
	return nil
}

// objectTarget addresses object requests: the accelerate host under
// WithAccelerate, else the bucket's usual target.
func (c *config) objectTarget() (target, error) {
	if !c.accelerate {
		return c.bucketTarget()
	}
	if c.bucketErr != nil {
		return target{}, c.bucketErr
	}
	if err := c.validateBucket(c.bucket); err != nil {
		return target{}, err
	}
	return target{"https", c.bucket + accelerateHostSuffix, ""}, nil
}
