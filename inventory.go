package cos

import (
	"context"
	"encoding/xml"
	"fmt"
	"iter"
	"net/http"
	"regexp"

	"github.com/cosgo/cos/internal/xmlutil"
)

// subInventory is the sub-resource of the inventory calls.
const subInventory = "inventory"

var (
	// inventoryIDRe is the ID alphabet of PUT Bucket inventory: letters,
	// digits, "-", "_" and ".".
	inventoryIDRe = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	// inventoryBucketRe is a destination "qcs::cos:<region>::<bucket>".
	inventoryBucketRe = regexp.MustCompile(`^qcs::cos:[a-z][a-z0-9-]*[a-z0-9]::[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]+$`)
)

// InventoryConfiguration is one inventory job: COS lists the bucket's
// objects on a schedule into CSV files in a destination bucket. A bucket
// holds up to 1,000 jobs, each under its ID.
type InventoryConfiguration struct {
	XMLName xml.Name `xml:"InventoryConfiguration"`
	// ID names the job: letters, digits, "-", "_" and ".".
	ID string `xml:"Id"`
	// IsEnabled turns report generation on.
	IsEnabled bool `xml:"IsEnabled"`
	// Destination is where the reports go.
	Destination InventoryDestination `xml:"Destination>COSBucketDestination"`
	// Schedule is how often a report is made.
	Schedule InventorySchedule `xml:"Schedule"`
	// Filter limits the objects listed (nil: the whole bucket).
	Filter *InventoryFilter `xml:"Filter,omitempty"`
	// IncludedObjectVersions is InventoryVersionsAll or
	// InventoryVersionsCurrent.
	IncludedObjectVersions InventoryVersions `xml:"IncludedObjectVersions"`
	// OptionalFields are the columns listed besides bucket and key.
	OptionalFields InventoryFields `xml:"OptionalFields,omitempty"`
}

// InventoryFields is the OptionalFields list, each a Field element.
type InventoryFields []InventoryField

// MarshalXML writes the fields inside <OptionalFields>.
func (l InventoryFields) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return marshalList(e, start, "Field", l)
}

// UnmarshalXML reads the Field elements of <OptionalFields>.
func (l *InventoryFields) UnmarshalXML(d *xml.Decoder, _ xml.StartElement) error {
	return unmarshalList(d, "Field", (*[]InventoryField)(l))
}

// InventoryDestination is the COS bucket that receives reports.
type InventoryDestination struct {
	// Bucket is "qcs::cos:<region>::<bucket>-<appid>".
	Bucket string
	// AccountID is the destination bucket owner's account (optional).
	AccountID string
	// Prefix is the path before the reports (COS appends "/").
	Prefix string
	// Format is InventoryFormatCSV.
	Format InventoryFormat
	// SSECOS encrypts the reports with SSE-COS.
	SSECOS bool
}

// inventoryDestinationXML is the wire form of InventoryDestination. The
// list sample of COS's documentation puts <SSE-COS> directly in the
// destination rather than in <Encryption>; both are read.
type inventoryDestinationXML struct {
	Format     InventoryFormat      `xml:"Format"`
	AccountID  string               `xml:"AccountId,omitempty"`
	Bucket     string               `xml:"Bucket"`
	Prefix     string               `xml:"Prefix,omitempty"`
	Encryption *inventoryEncryption `xml:"Encryption,omitempty"`
	BareSSECOS *struct{}            `xml:"SSE-COS"`
}

type inventoryEncryption struct {
	SSECOS *struct{} `xml:"SSE-COS"`
}

// MarshalXML writes the destination in COS's element order, SSE-COS inside
// <Encryption>.
func (d InventoryDestination) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	x := inventoryDestinationXML{Format: d.Format, AccountID: d.AccountID, Bucket: d.Bucket, Prefix: d.Prefix}
	if d.SSECOS {
		x.Encryption = &inventoryEncryption{SSECOS: &struct{}{}}
	}
	return e.EncodeElement(x, start)
}

// UnmarshalXML reads either placement of <SSE-COS>.
func (d *InventoryDestination) UnmarshalXML(dec *xml.Decoder, start xml.StartElement) error {
	var x inventoryDestinationXML
	if err := dec.DecodeElement(&x, &start); err != nil {
		return err
	}
	*d = InventoryDestination{Bucket: x.Bucket, AccountID: x.AccountID, Prefix: x.Prefix, Format: x.Format,
		SSECOS: x.BareSSECOS != nil || x.Encryption != nil && x.Encryption.SSECOS != nil}
	return nil
}

// InventorySchedule is the report frequency.
type InventorySchedule struct {
	// Frequency is Daily, Weekly or Monthly.
	Frequency InventoryFrequency `xml:"Frequency"`
	// MonthlyDate is the day of the month of a Monthly report.
	MonthlyDate int `xml:"MonthlyDate,omitempty"`
}

// InventoryFilter limits the listed objects: Prefix, or And (a prefix and
// tags), optionally within Period.
type InventoryFilter struct {
	Prefix string              `xml:"Prefix,omitempty"`
	And    *InventoryFilterAnd `xml:"And,omitempty"`
	Period *InventoryPeriod    `xml:"Period,omitempty"`
}

// InventoryFilterAnd combines a prefix with tags.
type InventoryFilterAnd struct {
	Prefix string `xml:"Prefix,omitempty"`
	Tags   []Tag  `xml:"Tag,omitempty"`
}

// InventoryPeriod lists objects created within a time span, in Unix
// seconds (0: open).
type InventoryPeriod struct {
	StartTime int64 `xml:"StartTime,omitempty"`
	EndTime   int64 `xml:"EndTime,omitempty"`
}

// InventoryVersions says whether reports list every version.
type InventoryVersions string

// InventoryFormat is the report file format.
type InventoryFormat string

// InventoryFrequency is how often a report is made.
type InventoryFrequency string

// InventoryField is an optional report column.
type InventoryField string

// Values of the inventory enumerations (COS's PUT Bucket inventory page).
const (
	InventoryVersionsAll      InventoryVersions  = "All"
	InventoryVersionsCurrent  InventoryVersions  = "Current"
	InventoryFormatCSV        InventoryFormat    = "CSV"
	InventoryFrequencyDaily   InventoryFrequency = "Daily"
	InventoryFrequencyWeekly  InventoryFrequency = "Weekly"
	InventoryFrequencyMonthly InventoryFrequency = "Monthly"

	InventoryFieldSize                InventoryField = "Size"
	InventoryFieldLastModifiedDate    InventoryField = "LastModifiedDate"
	InventoryFieldETag                InventoryField = "ETag"
	InventoryFieldStorageClass        InventoryField = "StorageClass"
	InventoryFieldIsMultipartUploaded InventoryField = "IsMultipartUploaded"
	InventoryFieldReplicationStatus   InventoryField = "ReplicationStatus"
	InventoryFieldTag                 InventoryField = "Tag"
	InventoryFieldCRC64               InventoryField = "Crc64"
	InventoryFieldUserMetadata        InventoryField = "x-cos-meta-*"
)

func validateInventoryID(id string) error {
	if !inventoryIDRe.MatchString(id) {
		return invalidArg("InventoryConfiguration.ID", "%q must be letters, digits, '-', '_' or '.'", id)
	}
	return nil
}

func (c *InventoryConfiguration) validate() error {
	if c == nil {
		return invalidArg("InventoryConfiguration", "is nil")
	}
	if err := validateInventoryID(c.ID); err != nil {
		return err
	}
	d := c.Destination
	if !inventoryBucketRe.MatchString(d.Bucket) {
		return invalidArg("InventoryConfiguration.Destination.Bucket", "%q must be qcs::cos:<region>::<bucket>-<appid>", d.Bucket)
	}
	if d.Format != InventoryFormatCSV {
		return invalidArg("InventoryConfiguration.Destination.Format", "%q is not CSV", d.Format)
	}
	switch s := c.Schedule; {
	case s.Frequency != InventoryFrequencyDaily && s.Frequency != InventoryFrequencyWeekly && s.Frequency != InventoryFrequencyMonthly:
		return invalidArg("InventoryConfiguration.Schedule.Frequency", "%q is not Daily, Weekly or Monthly", s.Frequency)
	case s.MonthlyDate != 0 && s.Frequency != InventoryFrequencyMonthly:
		return invalidArg("InventoryConfiguration.Schedule.MonthlyDate", "applies to Monthly reports only")
	case s.MonthlyDate < 0 || s.MonthlyDate > 31:
		return invalidArg("InventoryConfiguration.Schedule.MonthlyDate", "%d is not a day of the month", s.MonthlyDate)
	}
	if v := c.IncludedObjectVersions; v != InventoryVersionsAll && v != InventoryVersionsCurrent {
		return invalidArg("InventoryConfiguration.IncludedObjectVersions", "%q is not All or Current", v)
	}
	if f := c.Filter; f != nil {
		if f.Prefix != "" && f.And != nil {
			return invalidArg("InventoryConfiguration.Filter", "sets both Prefix and And; put the prefix in And")
		}
		if p := f.Period; p != nil && (p.StartTime < 0 || p.EndTime < 0 || p.EndTime != 0 && p.EndTime < p.StartTime) {
			return invalidArg("InventoryConfiguration.Filter.Period", "is not a span of Unix seconds (%d to %d)", p.StartTime, p.EndTime)
		}
	}
	for i, field := range c.OptionalFields {
		if field == "" {
			return invalidArg(elemField("InventoryConfiguration.OptionalFields", i, ""), "is empty")
		}
	}
	return nil
}

// inventoryOp is a configuration call on the job id.
func inventoryOp(name, method, id string) *op {
	o := onBucket.op(name, method, subInventory)
	o.query.Set("id", id)
	return o
}

// PutInventory creates or replaces the inventory job cfg.ID (PUT Bucket
// inventory, ?inventory&id=); the body goes with Content-MD5. A bad ID,
// a destination not of the form qcs::cos:<region>::<bucket>, a format
// other than CSV, an unknown frequency or version choice, a filter with
// both Prefix and And, or an empty optional field fails with
// [ErrInvalidArgument] before any request.
//
// Replacing a job is idempotent, so it retries on transient failures. A
// missing bucket gives [ErrNotFound].
func (s *BucketService) PutInventory(ctx context.Context, cfg *InventoryConfiguration) (*Response, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	o := inventoryOp("PutBucketInventory", http.MethodPut, cfg.ID)
	o.xmlBody = cfg
	return s.client.do(ctx, o)
}

// GetInventory returns the inventory job id (GET Bucket inventory). An
// unknown job gives a 404 NoSuchInventoryConfiguration error matching
// [ErrNotFound]. It retries like every read.
func (s *BucketService) GetInventory(ctx context.Context, id string) (*InventoryConfiguration, *Response, error) {
	if err := validateInventoryID(id); err != nil {
		return nil, nil, err
	}
	res := new(InventoryConfiguration)
	o := inventoryOp("GetBucketInventory", http.MethodGet, id)
	o.out = res
	o.limits.MaxBytes = xmlutil.MaxConfigDocument
	resp, err := s.client.do(ctx, o)
	if err != nil {
		return nil, resp, err
	}
	return res, resp, nil
}

// DeleteInventory removes the inventory job id (DELETE Bucket inventory).
// It retries on transient failures; an unknown job gives [ErrNotFound].
func (s *BucketService) DeleteInventory(ctx context.Context, id string) (*Response, error) {
	if err := validateInventoryID(id); err != nil {
		return nil, err
	}
	return s.client.do(ctx, inventoryOp("DeleteBucketInventory", http.MethodDelete, id))
}

// ListInventoryConfigurationsOptions selects a page of inventory jobs.
type ListInventoryConfigurationsOptions struct {
	// ContinuationToken is the previous page's NextContinuationToken.
	ContinuationToken string `url:"continuation-token,omitempty"`
}

// ListInventoryConfigurationsResult is one page of inventory jobs (up to
// 100).
type ListInventoryConfigurationsResult struct {
	XMLName                 xml.Name                 `xml:"ListInventoryConfigurationResult"`
	InventoryConfigurations []InventoryConfiguration `xml:"InventoryConfiguration"`
	IsTruncated             bool                     `xml:"IsTruncated"`
	ContinuationToken       string                   `xml:"ContinuationToken"`
	NextContinuationToken   string                   `xml:"NextContinuationToken"`
}

// ListInventoryConfigurations returns one page of the bucket's inventory
// jobs (List Bucket Inventory Configurations, GET ?inventory). A bucket
// without jobs gives an empty page. It retries like every read. Prefer
// [BucketService.Inventories], which follows the pages.
func (s *BucketService) ListInventoryConfigurations(ctx context.Context, opt *ListInventoryConfigurationsOptions) (*ListInventoryConfigurationsResult, *Response, error) {
	res := new(ListInventoryConfigurationsResult)
	o := onBucket.op("ListBucketInventoryConfigurations", http.MethodGet, subInventory)
	if opt != nil {
		o.opts = []any{opt}
	}
	o.out = res
	// A page holds up to 100 jobs (S3's rule; COS's is [unconfirmed]):
	// bound it as generously as any listing page.
	o.limits = xmlutil.Limits{MaxBytes: xmlutil.MaxConfigDocument,
		Entries: []xmlutil.Entries{xmlutil.PageLimits(0, "InventoryConfiguration")}}
	resp, err := s.client.do(ctx, o)
	if err != nil {
		return nil, resp, err
	}
	return res, resp, nil
}

// Inventories iterates over every inventory job of the bucket, fetching
// pages as the loop needs them. An error (including a truncated page
// without a new continuation token) is yielded once and ends the loop.
// Tokens are opaque, so "new" means not seen before in this loop: a
// server whose tokens go round in a circle cannot keep it fetching.
func (s *BucketService) Inventories(ctx context.Context) iter.Seq2[InventoryConfiguration, error] {
	return paginate(func() func() ([]InventoryConfiguration, bool, error) {
		var o ListInventoryConfigurationsOptions
		seen := map[string]bool{"": true}
		return func() ([]InventoryConfiguration, bool, error) {
			res, _, err := s.ListInventoryConfigurations(ctx, &o)
			if err != nil {
				return nil, false, err
			}
			if !res.IsTruncated {
				return res.InventoryConfigurations, false, nil
			}
			next := res.NextContinuationToken
			if seen[next] {
				return res.InventoryConfigurations, false, fmt.Errorf("cos: ListBucketInventoryConfigurations: truncated page did not advance (token %q, next %q)", o.ContinuationToken, next)
			}
			seen[next] = true
			o.ContinuationToken = next
			return res.InventoryConfigurations, true, nil
		}
	})
}
