package cos

import (
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// subLifecycle is the sub-resource of the lifecycle calls.
const subLifecycle = "lifecycle"

// maxLifecycleRules is the most rules COS stores for one bucket.
const maxLifecycleRules = 1000

// LifecycleStatus turns a lifecycle rule on or off.
type LifecycleStatus string

// Lifecycle rule states.
const (
	LifecycleEnabled  LifecycleStatus = "Enabled"
	LifecycleDisabled LifecycleStatus = "Disabled"
)

// LifecycleConfiguration is the bucket's lifecycle configuration: rules
// that move objects to cheaper storage classes or delete them as they age.
type LifecycleConfiguration struct {
	XMLName xml.Name        `xml:"LifecycleConfiguration"`
	Rules   []LifecycleRule `xml:"Rule"`
}

// LifecycleRule applies actions to the objects its filter selects. It
// needs a Status and at least one action. Within one rule, actions are
// timed either all by Days or all by Date.
type LifecycleRule struct {
	// ID names the rule (optional, at most 255 characters, unique).
	ID string `xml:"ID,omitempty"`
	// Filter selects objects; the zero Filter selects the whole bucket.
	Filter LifecycleFilter `xml:"Filter"`
	Status LifecycleStatus `xml:"Status"`

	Transitions                    []LifecycleTransition           `xml:"Transition,omitempty"`
	Expiration                     *LifecycleExpiration            `xml:"Expiration,omitempty"`
	NoncurrentVersionTransitions   []NoncurrentVersionTransition   `xml:"NoncurrentVersionTransition,omitempty"`
	NoncurrentVersionExpiration    *NoncurrentVersionExpiration    `xml:"NoncurrentVersionExpiration,omitempty"`
	AbortIncompleteMultipartUpload *AbortIncompleteMultipartUpload `xml:"AbortIncompleteMultipartUpload,omitempty"`
}

// LifecycleFilter selects objects by at most one of: a key prefix, one
// tag, or a conjunction (And) of a prefix, tags and size bounds.
type LifecycleFilter struct {
	Prefix string              `xml:"Prefix,omitempty"`
	Tag    *Tag                `xml:"Tag,omitempty"`
	And    *LifecycleFilterAnd `xml:"And,omitempty"`
}

// LifecycleFilterAnd selects objects matching all of its conditions.
type LifecycleFilterAnd struct {
	Prefix string `xml:"Prefix,omitempty"`
	Tags   []Tag  `xml:"Tag,omitempty"`
	// ObjectSizeGreaterThan and ObjectSizeLessThan bound the object size
	// in bytes (0 means no bound).
	ObjectSizeGreaterThan int64 `xml:"ObjectSizeGreaterThan,omitempty"`
	ObjectSizeLessThan    int64 `xml:"ObjectSizeLessThan,omitempty"`
}

// LifecycleExpiration deletes objects after Days days, or on Date, or
// (ExpiredObjectDeleteMarker, versioned buckets) removes delete markers
// that no longer hide any version. Exactly one of the three is set.
//
// Date is a calendar day: only its year, month and day (in its own
// location) count. It is sent as midnight Beijing time
// (2018-04-20T00:00:00+08:00), the form COS documents, and read back as
// midnight UTC of that day.
type LifecycleExpiration struct {
	Days                      int
	Date                      time.Time
	ExpiredObjectDeleteMarker bool
}

// LifecycleTransition moves objects to StorageClass after Days days or on
// Date (a calendar day, as for [LifecycleExpiration]). StorageClass is
// sent in upper case.
type LifecycleTransition struct {
	Days         int
	Date         time.Time
	StorageClass StorageClass
}

// NoncurrentVersionExpiration deletes versions NoncurrentDays days after
// they stopped being current (versioned buckets).
type NoncurrentVersionExpiration struct {
	NoncurrentDays int `xml:"NoncurrentDays"`
}

// NoncurrentVersionTransition moves versions to StorageClass
// NoncurrentDays days after they stopped being current.
type NoncurrentVersionTransition struct {
	NoncurrentDays int          `xml:"NoncurrentDays"`
	StorageClass   StorageClass `xml:"StorageClass"`
}

// AbortIncompleteMultipartUpload aborts multipart uploads still open
// DaysAfterInitiation days after they began, freeing their parts.
type AbortIncompleteMultipartUpload struct {
	DaysAfterInitiation int `xml:"DaysAfterInitiation"`
}

// beijing is the zone of COS lifecycle dates (UTC+8, no daylight saving).
var beijing = time.FixedZone("CST", 8*3600)

// lifecycleDate writes the calendar day of t as midnight Beijing time.
func lifecycleDate(t time.Time) string {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, beijing).Format(time.RFC3339)
}

// parseLifecycleDate reads a wire date (any offset, or a bare day) as the
// Beijing calendar day it names, returned as midnight UTC of that day.
func parseLifecycleDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t, err = time.ParseInLocation(time.DateOnly, s, beijing)
		if err != nil {
			return time.Time{}, fmt.Errorf("lifecycle Date: unrecognised time %q", s)
		}
	}
	y, m, d := t.In(beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// actionWire is the wire form of Expiration and Transition: Date as a
// string in the COS form, StorageClass in upper case. One form serves both
// so their encoding and decoding cannot drift apart.
type actionWire struct {
	Days                      int    `xml:"Days,omitempty"`
	Date                      string `xml:"Date,omitempty"`
	ExpiredObjectDeleteMarker bool   `xml:"ExpiredObjectDeleteMarker,omitempty"`
	StorageClass              string `xml:"StorageClass,omitempty"`
}

func newActionWire(days int, date time.Time, class StorageClass) actionWire {
	w := actionWire{Days: days, StorageClass: strings.ToUpper(string(class))}
	if !date.IsZero() {
		w.Date = lifecycleDate(date)
	}
	return w
}

// decodeAction reads an action element, Date as a calendar day.
func decodeAction(dec *xml.Decoder, start xml.StartElement) (actionWire, time.Time, error) {
	var w actionWire
	if err := dec.DecodeElement(&w, &start); err != nil {
		return w, time.Time{}, err
	}
	date, err := parseLifecycleDate(w.Date)
	w.StorageClass = strings.ToUpper(strings.TrimSpace(w.StorageClass))
	return w, date, err
}

// MarshalXML writes Date in the COS wire form.
func (e LifecycleExpiration) MarshalXML(enc *xml.Encoder, start xml.StartElement) error {
	w := newActionWire(e.Days, e.Date, "")
	w.ExpiredObjectDeleteMarker = e.ExpiredObjectDeleteMarker
	return enc.EncodeElement(w, start)
}

// UnmarshalXML reads Date as a calendar day.
func (e *LifecycleExpiration) UnmarshalXML(dec *xml.Decoder, start xml.StartElement) error {
	w, date, err := decodeAction(dec, start)
	if err != nil {
		return err
	}
	*e = LifecycleExpiration{Days: w.Days, Date: date, ExpiredObjectDeleteMarker: w.ExpiredObjectDeleteMarker}
	return nil
}

// MarshalXML writes Date in the COS wire form and StorageClass in upper
// case (COS samples also show "Standard_IA").
func (t LifecycleTransition) MarshalXML(enc *xml.Encoder, start xml.StartElement) error {
	return enc.EncodeElement(newActionWire(t.Days, t.Date, t.StorageClass), start)
}

// UnmarshalXML reads Date as a calendar day and StorageClass in upper
// case.
func (t *LifecycleTransition) UnmarshalXML(dec *xml.Decoder, start xml.StartElement) error {
	w, date, err := decodeAction(dec, start)
	if err != nil {
		return err
	}
	*t = LifecycleTransition{Days: w.Days, Date: date, StorageClass: StorageClass(w.StorageClass)}
	return nil
}

// PutLifecycle replaces the bucket's lifecycle configuration (PUT Bucket
// lifecycle); the body goes with Content-MD5. What COS would refuse fails
// with [ErrInvalidArgument] before any request: no rules or more than
// 1000, duplicate IDs, a status other than Enabled/Disabled, a rule
// without actions, Days not positive, Days and Date in one rule, an
// unknown storage class, a filter with more than one condition.
//
// The call replaces the whole configuration, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutLifecycle(ctx context.Context, cfg *LifecycleConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return s.client.putConfig(ctx, "PutBucketLifecycle", subLifecycle, onBucket, cfg)
}

// GetLifecycle returns the bucket's lifecycle configuration (GET Bucket
// lifecycle). A bucket without one gives a 404
// NoSuchLifecycleConfiguration error matching [ErrNotFound] (as does a
// missing bucket; tell them apart with [ErrorCode]). It retries like every
// read.
func (s *BucketService) GetLifecycle(ctx context.Context) (*LifecycleConfiguration, *Response, error) {
	return getConfig[LifecycleConfiguration](ctx, s.client, "GetBucketLifecycle", subLifecycle, onBucket)
}

// DeleteLifecycle removes the bucket's lifecycle configuration (DELETE
// Bucket lifecycle). Deleting twice is harmless, so it retries on
// transient failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) DeleteLifecycle(ctx context.Context) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteBucketLifecycle", subLifecycle, onBucket)
}

func (c *LifecycleConfiguration) validate() error {
	if c == nil || len(c.Rules) == 0 {
		return invalidArg("LifecycleConfiguration.Rules", "needs at least one rule; use DeleteLifecycle to remove the configuration")
	}
	if len(c.Rules) > maxLifecycleRules {
		return invalidArg("LifecycleConfiguration.Rules", "has %d rules; COS allows at most %d", len(c.Rules), maxLifecycleRules)
	}
	ids := make(map[string]int, len(c.Rules))
	for i := range c.Rules {
		r := &c.Rules[i]
		if r.ID != "" {
			if j, dup := ids[r.ID]; dup {
				return invalidArg(ruleField(i, "ID"), "%q is also the ID of rule %d", r.ID, j)
			}
			ids[r.ID] = i
		}
		if err := r.validate(i); err != nil {
			return err
		}
	}
	return nil
}

func ruleField(i int, name string) string { return elemField("LifecycleConfiguration.Rules", i, name) }

func (r *LifecycleRule) validate(i int) error {
	if len(r.ID) > 255 {
		return invalidArg(ruleField(i, "ID"), "is %d characters; COS allows at most 255", len(r.ID))
	}
	if r.Status != LifecycleEnabled && r.Status != LifecycleDisabled {
		return invalidArg(ruleField(i, "Status"), "%q is neither %q nor %q", r.Status, LifecycleEnabled, LifecycleDisabled)
	}
	if err := r.Filter.validate(i); err != nil {
		return err
	}
	if len(r.Transitions) == 0 && r.Expiration == nil && len(r.NoncurrentVersionTransitions) == 0 &&
		r.NoncurrentVersionExpiration == nil && r.AbortIncompleteMultipartUpload == nil {
		return invalidArg(ruleField(i, "actions"), "rule has no action (Transitions, Expiration, NoncurrentVersion*, AbortIncompleteMultipartUpload)")
	}
	var byDays, byDate bool
	timing := func(field string, days int, date time.Time) error {
		switch {
		case days < 0:
			return invalidArg(ruleField(i, field), "Days is %d; it must be positive", days)
		case days > 0 && !date.IsZero():
			return invalidArg(ruleField(i, field), "sets both Days and Date")
		}
		byDays = byDays || days > 0
		byDate = byDate || !date.IsZero()
		return nil
	}
	for j, t := range r.Transitions {
		field := fmt.Sprintf("Transitions[%d]", j)
		if t.Days == 0 && t.Date.IsZero() {
			return invalidArg(ruleField(i, field), "needs Days (positive) or Date")
		}
		if err := timing(field, t.Days, t.Date); err != nil {
			return err
		}
		if err := requireClass(ruleField(i, field+".StorageClass"), t.StorageClass); err != nil {
			return err
		}
	}
	if e := r.Expiration; e != nil {
		set := 0
		for _, b := range []bool{e.Days != 0, !e.Date.IsZero(), e.ExpiredObjectDeleteMarker} {
			if b {
				set++
			}
		}
		if set != 1 {
			return invalidArg(ruleField(i, "Expiration"), "needs exactly one of Days (positive), Date and ExpiredObjectDeleteMarker")
		}
		if err := timing("Expiration", e.Days, e.Date); err != nil {
			return err
		}
	}
	if byDays && byDate {
		return invalidArg(ruleField(i, "actions"), "mixes Days and Date; COS wants one or the other within a rule")
	}
	for j, t := range r.NoncurrentVersionTransitions {
		field := ruleField(i, fmt.Sprintf("NoncurrentVersionTransitions[%d]", j))
		if t.NoncurrentDays <= 0 {
			return invalidArg(field, "NoncurrentDays is %d; it must be positive", t.NoncurrentDays)
		}
		if err := requireClass(field+".StorageClass", t.StorageClass); err != nil {
			return err
		}
	}
	if e := r.NoncurrentVersionExpiration; e != nil && e.NoncurrentDays <= 0 {
		return invalidArg(ruleField(i, "NoncurrentVersionExpiration"), "NoncurrentDays is %d; it must be positive", e.NoncurrentDays)
	}
	if a := r.AbortIncompleteMultipartUpload; a != nil && a.DaysAfterInitiation <= 0 {
		return invalidArg(ruleField(i, "AbortIncompleteMultipartUpload"), "DaysAfterInitiation is %d; it must be positive", a.DaysAfterInitiation)
	}
	return nil
}

func (f *LifecycleFilter) validate(i int) error {
	n := 0
	for _, b := range []bool{f.Prefix != "", f.Tag != nil, f.And != nil} {
		if b {
			n++
		}
	}
	if n > 1 {
		return invalidArg(ruleField(i, "Filter"), "set only one of Prefix, Tag and And; combine conditions with And")
	}
	if f.Tag != nil && f.Tag.Key == "" {
		return invalidArg(ruleField(i, "Filter.Tag"), "Key is empty")
	}
	if a := f.And; a != nil {
		for j, t := range a.Tags {
			if t.Key == "" {
				return invalidArg(ruleField(i, fmt.Sprintf("Filter.And.Tags[%d]", j)), "Key is empty")
			}
		}
		if a.ObjectSizeGreaterThan < 0 || a.ObjectSizeLessThan < 0 {
			return invalidArg(ruleField(i, "Filter.And"), "object size bounds must not be negative")
		}
	}
	return nil
}

// requireClass checks a storage class that must be given.
func requireClass(field string, s StorageClass) error {
	if s == "" {
		return invalidArg(field, "is empty")
	}
	_, err := normalizeStorageClass(field, s)
	return err
}
