package cos

import (
	"context"
	"encoding/xml"
)

// The logging family: where COS writes a bucket's access logs.
//
// Wire facts (PUT and GET Bucket logging, API pages 17054 and 17053;
// cos-go-sdk-v5 v0.7.70 bucket_logging.go): the sub-resource is
// "logging"; the document is <BucketLoggingStatus> holding, when logging
// is on, <LoggingEnabled><TargetBucket/><TargetPrefix/></LoggingEnabled>;
// a BucketLoggingStatus without children turns logging off, and GET of a
// bucket without logging answers it (unconfirmed); the target bucket must
// belong to the same account and region; Content-MD5 is required.

// subLogging is the sub-resource of the logging calls.
const subLogging = "logging"

// BucketLoggingStatus is the bucket's logging configuration. A nil
// LoggingEnabled means logging is off.
type BucketLoggingStatus struct {
	XMLName        xml.Name        `xml:"BucketLoggingStatus"`
	LoggingEnabled *LoggingEnabled `xml:"LoggingEnabled,omitempty"`
}

// LoggingEnabled says where the logs go: objects named
// <TargetPrefix><YYYY>/<MM>/<DD>/... in TargetBucket.
type LoggingEnabled struct {
	// TargetBucket is a bucket (<name>-<appid>) of the same account and
	// region; it may be the logged bucket itself.
	TargetBucket string `xml:"TargetBucket"`
	// TargetPrefix is the key prefix of the log objects, such as "logs/".
	TargetPrefix string `xml:"TargetPrefix"`
}

func (s *BucketLoggingStatus) validate() error {
	if s == nil {
		return invalidArg("BucketLoggingStatus", "is nil; pass &BucketLoggingStatus{} to turn logging off")
	}
	if le := s.LoggingEnabled; le != nil {
		if le.TargetBucket == "" {
			return invalidArg("BucketLoggingStatus.LoggingEnabled.TargetBucket", "is empty")
		}
		if !bucketRe.MatchString(le.TargetBucket) {
			return invalidArg("BucketLoggingStatus.LoggingEnabled.TargetBucket", "%q must be <name>-<appid>, e.g. examplebucket-1250000000", le.TargetBucket)
		}
	}
	return nil
}

// PutLogging sets the bucket's logging configuration (PUT Bucket
// logging); an empty configuration, &BucketLoggingStatus{}, turns logging
// off. A nil configuration, or LoggingEnabled without a well-formed
// TargetBucket, fails with [ErrInvalidArgument] before any request. COS
// refuses a target bucket of another account or region.
//
// The call replaces the whole configuration, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutLogging(ctx context.Context, cfg *BucketLoggingStatus) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketLogging", subLogging, onBucket, cfg)
}

// GetLogging returns the bucket's logging configuration (GET Bucket
// logging): LoggingEnabled is nil when logging is off, including for a
// bucket that never had it. A missing bucket gives [ErrNotFound]. It
// retries like every read.
func (s *BucketService) GetLogging(ctx context.Context) (*BucketLoggingStatus, *Response, error) {
	return getConfig[BucketLoggingStatus](ctx, s.client, "GetBucketLogging", subLogging, onBucket)
}
