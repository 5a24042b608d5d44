package cos

import (
	"context"
	"encoding/xml"
	"strings"
	"time"
)

// Object lock: the bucket's configuration (PUT/GET Bucket
// ObjectLockConfiguration) and the retention of one object version
// (PUT/GET Object retention). A version under retention cannot be
// deleted or overwritten until its RetainUntilDate; a retention can be
// extended, never shortened, and object lock cannot be switched off.
// Sources: intl.cloud.tencent.com/document/product/436/40134 (GET
// configuration: Mode COMPLIANCE only, Rule optional), 436/40135 and
// 436/58039 (GET retention), 436/40136 and 436/58301 (rules); PUT Object
// retention's body as the official Go SDK sends it.

const (
	subObjectLock = "object-lock"
	subRetention  = "retention"
	// maxLockDays is the longest default retention COS accepts.
	maxLockDays = 36500
	// retentionTimeLayout is how COS writes RetainUntilDate.
	retentionTimeLayout = "2006-01-02T15:04:05.000Z"
)

// RetentionMode is how a lock holds a version. COS implements COMPLIANCE
// only: nobody, the owner included, can delete the version early.
type RetentionMode string

// RetentionCompliance is the one retention mode COS implements.
const RetentionCompliance RetentionMode = "COMPLIANCE"

// ObjectLockState is the ObjectLockEnabled value of an object lock
// configuration.
type ObjectLockState string

// ObjectLockStateEnabled is the only state: object lock cannot be
// switched off once enabled.
const ObjectLockStateEnabled ObjectLockState = "Enabled"

// ObjectLockConfiguration is the ObjectLockConfiguration document.
type ObjectLockConfiguration struct {
	XMLName xml.Name `xml:"ObjectLockConfiguration"`
	// ObjectLockEnabled is ObjectLockStateEnabled; PutObjectLockConfiguration
	// sends that when it is left empty.
	ObjectLockEnabled ObjectLockState `xml:"ObjectLockEnabled"`
	// Rule sets a default retention for versions written from now on;
	// nil for none.
	Rule *ObjectLockRule `xml:"Rule,omitempty"`
}

// ObjectLockRule holds a bucket's default retention.
type ObjectLockRule struct {
	DefaultRetention DefaultRetention `xml:"DefaultRetention"`
}

// DefaultRetention locks every version written after it is set for Days
// days.
type DefaultRetention struct {
	// Mode is RetentionCompliance or empty (COS's only mode).
	Mode RetentionMode `xml:"Mode,omitempty"`
	// Days is 1 to 36500; it can be raised, never lowered.
	Days int `xml:"Days"`
}

// Retention is the Retention document of one object version: locked
// until RetainUntilDate.
type Retention struct {
	// Mode is RetentionCompliance or empty (COS's only mode).
	Mode RetentionMode
	// RetainUntilDate is when the lock ends; sent as UTC with
	// milliseconds, e.g. 2022-12-10T08:34:48.000Z.
	RetainUntilDate time.Time
}

type retentionWire struct {
	XMLName         xml.Name `xml:"Retention"`
	Mode            string   `xml:"Mode,omitempty"`
	RetainUntilDate string   `xml:"RetainUntilDate"`
}

// MarshalXML writes RetainUntilDate in COS's layout.
func (r Retention) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return e.Encode(retentionWire{Mode: string(r.Mode), RetainUntilDate: r.RetainUntilDate.UTC().Format(retentionTimeLayout)})
}

// UnmarshalXML reads RetainUntilDate as ISO 8601.
func (r *Retention) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var w retentionWire
	if err := d.DecodeElement(&w, &start); err != nil {
		return err
	}
	t, err := parseListTime("RetainUntilDate", w.RetainUntilDate)
	if err != nil {
		return err
	}
	*r = Retention{Mode: RetentionMode(w.Mode), RetainUntilDate: t}
	return nil
}

// RetentionOptions are the optional inputs of the retention calls.
type RetentionOptions struct {
	// VersionID addresses one version in a versioned bucket (COS
	// documents no version parameter for these calls: unconfirmed).
	VersionID string `url:"-"`
}

// PutObjectLockConfiguration enables object lock on the bucket, with an
// optional default retention (PUT Bucket ObjectLockConfiguration); the
// body goes with Content-MD5. Bad input fails with [ErrInvalidArgument]
// before any request: an ObjectLockEnabled other than Enabled, Days
// outside 1..36500, a mode other than COMPLIANCE. Errors from COS:
// [ErrConflict] with code InvalidLockedTime when Days is lower than the
// one in force, InvalidBucketState while versioning is suspended;
// [ErrNotFound] for a missing bucket. Setting the same configuration
// again is harmless, so it retries on transient failures.
func (s *BucketService) PutObjectLockConfiguration(ctx context.Context, cfg *ObjectLockConfiguration) (*Response, error) {
	if cfg == nil {
		return nil, invalidArg("ObjectLockConfiguration", "is nil")
	}
	doc := ObjectLockConfiguration{ObjectLockEnabled: ObjectLockStateEnabled}
	if cfg.ObjectLockEnabled != "" && !strings.EqualFold(string(cfg.ObjectLockEnabled), string(ObjectLockStateEnabled)) {
		return nil, invalidArg("ObjectLockConfiguration.ObjectLockEnabled", "%q: Enabled is the only state (object lock cannot be switched off)", cfg.ObjectLockEnabled)
	}
	if r := cfg.Rule; r != nil {
		dr := r.DefaultRetention
		if dr.Days < 1 || dr.Days > maxLockDays {
			return nil, invalidArg("ObjectLockConfiguration.Rule.DefaultRetention.Days", "is %d; COS accepts 1 to %d", dr.Days, maxLockDays)
		}
		mode, err := retentionMode("ObjectLockConfiguration.Rule.DefaultRetention.Mode", dr.Mode)
		if err != nil {
			return nil, err
		}
		doc.Rule = &ObjectLockRule{DefaultRetention: DefaultRetention{Mode: mode, Days: dr.Days}}
	}
	return s.client.putConfig(ctx, "PutBucketObjectLockConfiguration", subObjectLock, onBucket, &doc)
}

// GetObjectLockConfiguration returns the bucket's object lock
// configuration (GET Bucket ObjectLockConfiguration); Rule is nil when no
// default retention is set. A bucket that never enabled object lock gives
// a 404 (costest: NoSuchObjectLockConfiguration) matching [ErrNotFound].
// It retries like every read.
func (s *BucketService) GetObjectLockConfiguration(ctx context.Context) (*ObjectLockConfiguration, *Response, error) {
	return getConfig[ObjectLockConfiguration](ctx, s.client, "GetBucketObjectLockConfiguration", subObjectLock, onBucket)
}

// PutRetention locks the object key (its current version, or
// opt.VersionID) until r.RetainUntilDate (PUT Object retention); the
// body goes with Content-MD5. The bucket must have object lock enabled.
// Bad input fails with [ErrInvalidArgument] before any request: a nil r,
// a RetainUntilDate that is zero or not in the future, a mode other than
// COMPLIANCE. A retention can only be extended: an earlier date than the
// one in force is refused by COS ([ErrConflict], InvalidLockedTime), as
// is a bucket without object lock ([ErrConflict], InvalidBucketState).
// Setting the same date again is harmless, so it retries on transient
// failures.
func (s *ObjectService) PutRetention(ctx context.Context, key string, r *Retention, opt *RetentionOptions) (*Response, error) {
	if r == nil {
		return nil, invalidArg("Retention", "is nil")
	}
	if r.RetainUntilDate.IsZero() {
		return nil, invalidArg("Retention.RetainUntilDate", "is zero")
	}
	if !r.RetainUntilDate.After(s.client.cfg.now()) {
		return nil, invalidArg("Retention.RetainUntilDate", "%s is not in the future", r.RetainUntilDate.UTC().Format(time.RFC3339))
	}
	mode, err := retentionMode("Retention.Mode", r.Mode)
	if err != nil {
		return nil, err
	}
	doc := &Retention{Mode: mode, RetainUntilDate: r.RetainUntilDate}
	return s.client.putConfig(ctx, "PutObjectRetention", subRetention, onObject(key, opt.versionID()), doc)
}

// GetRetention returns the retention of the object key (its current
// version, or opt.VersionID) (GET Object retention). A version without
// one gives a 404 (costest: NoSuchObjectLockConfiguration) matching
// [ErrNotFound]. It retries like every read.
func (s *ObjectService) GetRetention(ctx context.Context, key string, opt *RetentionOptions) (*Retention, *Response, error) {
	return getConfig[Retention](ctx, s.client, "GetObjectRetention", subRetention, onObject(key, opt.versionID()))
}

func (o *RetentionOptions) versionID() string {
	if o == nil {
		return ""
	}
	return o.VersionID
}

// retentionMode accepts no mode or COMPLIANCE in any case.
func retentionMode(field string, m RetentionMode) (RetentionMode, error) {
	switch {
	case m == "":
		return "", nil
	case strings.EqualFold(string(m), string(RetentionCompliance)):
		return RetentionCompliance, nil
	}
	return "", invalidArg(field, "%q is not supported; COS object lock is COMPLIANCE only", m)
}
