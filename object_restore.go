package cos

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
)

// RestoreTier is how fast COS restores an archived object.
type RestoreTier string

// Restore tiers. ARCHIVE objects accept all three; DEEP_ARCHIVE objects
// only Standard and Bulk.
const (
	// TierExpedited restores ARCHIVE objects in 1-5 minutes.
	TierExpedited RestoreTier = "Expedited"
	// TierStandard restores in 3-5 hours (DEEP_ARCHIVE: 12-24 hours).
	TierStandard RestoreTier = "Standard"
	// TierBulk restores in 5-12 hours (DEEP_ARCHIVE: 24-48 hours).
	TierBulk RestoreTier = "Bulk"
)

// RestoreOptions are the inputs of [ObjectService.Restore].
type RestoreOptions struct {
	// Days is how long the restored copy stays readable (required, >= 1).
	Days int `url:"-"`
	// Tier defaults to TierStandard, valid for both archive classes.
	Tier RestoreTier `url:"-"`
	// VersionID restores one version in a versioned bucket.
	VersionID string `url:"versionId,omitempty"`
}

type restoreRequest struct {
	XMLName xml.Name `xml:"RestoreRequest"`
	Days    int      `xml:"Days"`
	Tier    string   `xml:"CASJobParameters>Tier"`
}

// Restore asks COS to make a readable copy of an ARCHIVE or DEEP_ARCHIVE
// object for opt.Days days (POST Object restore). COS answers 202 when the
// restore starts and 200 when a restored copy's lifetime is extended;
// watch progress with [ObjectService.Head] (ObjectMeta.Restore). The call
// is retried; a 409 RestoreAlreadyInProgress on a retry means the earlier
// attempt got through and counts as success, while on the first attempt it
// is returned (it matches ErrConflict). Other errors: ErrNotFound,
// ErrInvalidArgument for bad input (Days < 1, unknown Tier), a
// *ServiceError with code RestoreNonArchiveObject for objects that are
// not archived.
func (s *ObjectService) Restore(ctx context.Context, key string, opt *RestoreOptions) (*Response, error) {
	if opt == nil || opt.Days < 1 {
		return nil, invalidArg("Days", "must be at least 1")
	}
	tier := TierStandard
	switch strings.ToLower(string(opt.Tier)) {
	case "", "standard":
	case "expedited":
		tier = TierExpedited
	case "bulk":
		tier = TierBulk
	default:
		return nil, invalidArg("Tier", "unknown restore tier %q (Expedited, Standard or Bulk)", opt.Tier)
	}
	return s.client.do(ctx, &op{
		name: "RestoreObject", method: http.MethodPost, object: true, key: key,
		query: url.Values{"restore": {""}}, opts: []any{opt},
		xmlBody:    &restoreRequest{Days: opt.Days, Tier: string(tier)},
		idempotent: true,
		acceptRetry: func(se *ServiceError) bool {
			return se.StatusCode == http.StatusConflict && se.Code == "RestoreAlreadyInProgress"
		},
	})
}
