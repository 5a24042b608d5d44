package costest

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// restoreObject starts (or extends) the restore of an archived object.
// The restore completes after a delay on the server clock; see
// WithRestoreDelay and defaultRestoreDelay.
func (s *Server) restoreObject(c *reqCtx) *Error {
	vid := c.versionParam()
	o, _, e := s.store.lookupObject(c.bucket, c.key, vid)
	if e != nil {
		return e
	}
	body, e := c.readDocument(maxXMLBody)
	if e != nil {
		return e
	}
	var req restoreRequest
	if err := xml.Unmarshal(body, &req); err != nil {
		return errMalformedXML("RestoreRequest: %v", err)
	}
	if req.Days == nil {
		return errMalformedXML("RestoreRequest needs Days.")
	}
	days, err := strconv.Atoi(strings.TrimSpace(*req.Days))
	if err != nil || days < 1 {
		return errInvalidArgument("Days %q must be an integer of at least 1.", *req.Days)
	}
	tier := defaultRestoreTier
	if req.CASJobParameters != nil && strings.TrimSpace(req.CASJobParameters.Tier) != "" {
		tier = strings.TrimSpace(req.CASJobParameters.Tier)
	}
	switch tier {
	case "Expedited", "Standard", "Bulk":
	default:
		return errInvalidArgument("Tier %q must be Expedited, Standard or Bulk.", tier)
	}
	class := o.meta.storageClass
	if !isArchive(class) {
		return newError(http.StatusMethodNotAllowed, "RestoreNonArchiveObject", "")
	}
	if class == "DEEP_ARCHIVE" && tier == "Expedited" {
		return errInvalidArgument("DEEP_ARCHIVE objects cannot be restored with the Expedited tier.")
	}
	delay := defaultRestoreDelay(class, tier)
	if s.cfg.restoreDelaySet {
		delay = s.cfg.restoreDelay
	}
	lifetime := time.Duration(days) * 24 * time.Hour
	status := http.StatusAccepted
	e = s.store.updateObject(c.bucket, c.key, vid, func(o *object) {
		switch o.restoreStatus(c.now) {
		case "ongoing":
			status = http.StatusConflict
		case "done": // extend the restored copy's lifetime
			status = restoreAgainWhenDone
			o.restore = &restoreState{ready: o.restore.ready, expires: c.now.Add(lifetime)}
		default:
			ready := c.now.Add(delay)
			o.restore = &restoreState{ready: ready, expires: ready.Add(lifetime)}
		}
	})
	if e != nil {
		return e
	}
	if status == http.StatusConflict {
		return newError(http.StatusConflict, "RestoreAlreadyInProgress", "")
	}
	return c.writeEmpty(status)
}
