package costest

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Object lock: the bucket-level configuration (PUT/GET ?object-lock) and
// the retention of one object version (PUT/GET /<key>?retention).
//
// Sources (COS API docs): PUT Bucket ObjectLockConfiguration: the body is
// ObjectLockConfiguration > ObjectLockEnabled ("Enabled" only) and Rule >
// DefaultRetention > Days (1-36500); a Days shorter than the one in force
// is 409 InvalidLockedTime. GET Bucket ObjectLockConfiguration
// (intl.cloud.tencent.com/document/product/436/40134): Rule is optional
// (a bucket may answer ObjectLockEnabled alone), DefaultRetention carries
// Mode, COMPLIANCE only; the lock cannot be switched off. GET Object
// retention (436/40135, 436/58039): Retention > Mode (COMPLIANCE),
// RetainUntilDate such as 2022-12-10T08:34:48.000Z. Object lock guides
// (436/40136, 436/58301): refused for a bucket whose versioning is
// suspended, and versioning cannot be suspended once both are on; a
// retention can only be extended. PUT Object retention's body comes from
// the official Go SDK (bucket_object_lock.go: Retention > RetainUntilDate,
// Mode). Codes the docs do not give for these calls are in choices.go.

// The object lock operations.
const (
	// OpPutBucketObjectLockConfiguration is PUT Bucket ObjectLockConfiguration.
	OpPutBucketObjectLockConfiguration Op = "PutBucketObjectLockConfiguration"
	// OpGetBucketObjectLockConfiguration is GET Bucket ObjectLockConfiguration.
	OpGetBucketObjectLockConfiguration Op = "GetBucketObjectLockConfiguration"
	// OpPutObjectRetention is PUT Object retention.
	OpPutObjectRetention Op = "PutObjectRetention"
	// OpGetObjectRetention is GET Object retention.
	OpGetObjectRetention Op = "GetObjectRetention"
)

// maxLockDays is the longest default retention COS accepts.
const maxLockDays = 36500

// retentionCompliance is the only retention mode costest accepts.
const retentionCompliance = "COMPLIANCE"

// objectLockConfig is a bucket's object lock: enabled, with a default
// retention of days (0: none), always COMPLIANCE.
type objectLockConfig struct {
	days int
}

// retention is the COMPLIANCE lock on one object version; the zero value
// is none.
type retention struct {
	until time.Time
}

// retainUntil is the retention ending at t, kept to the millisecond: the
// precision RetainUntilDate is reported in, so a date read back and put
// again is the same date, not a shorter one.
func retainUntil(t time.Time) retention {
	return retention{until: t.UTC().Truncate(time.Millisecond)}
}

// locked reports whether o may not yet be deleted or overwritten.
func (o *object) locked(now time.Time) bool { return now.Before(o.retention.until) }

func errObjectLocked(key string, until time.Time) *Error {
	return errorf(statusObjectLocked, codeObjectLocked, "The object %q is locked until %s.", key, until.UTC().Format(timeISO))
}

type objectLockIn struct {
	XMLName           xml.Name `xml:"ObjectLockConfiguration"`
	ObjectLockEnabled string   `xml:"ObjectLockEnabled"`
	Rule              *struct {
		DefaultRetention *struct {
			Mode string  `xml:"Mode"`
			Days *string `xml:"Days"`
		} `xml:"DefaultRetention"`
	} `xml:"Rule"`
}

type objectLockOut struct {
	XMLName           xml.Name        `xml:"ObjectLockConfiguration"`
	ObjectLockEnabled string          `xml:"ObjectLockEnabled"`
	Rule              *objectLockRule `xml:"Rule,omitempty"`
}

type objectLockRule struct {
	Mode string `xml:"DefaultRetention>Mode,omitempty"`
	Days int    `xml:"DefaultRetention>Days"`
}

type retentionXML struct {
	XMLName         xml.Name `xml:"Retention"`
	Mode            string   `xml:"Mode,omitempty"`
	RetainUntilDate string   `xml:"RetainUntilDate"`
}

// checkMode accepts no mode or COMPLIANCE, the one COS implements.
func checkMode(mode string) *Error {
	if mode != "" && mode != retentionCompliance {
		return errInvalidArgument("Mode %q is not supported; COS object lock is COMPLIANCE only.", mode)
	}
	return nil
}

func parseObjectLock(body []byte) (objectLockConfig, *Error) {
	var in objectLockIn
	var cfg objectLockConfig
	if err := xml.Unmarshal(body, &in); err != nil {
		return cfg, errMalformedXML("ObjectLockConfiguration: %v", err)
	}
	if v := strings.TrimSpace(in.ObjectLockEnabled); v != "Enabled" {
		return cfg, errInvalidArgument("ObjectLockEnabled %q must be Enabled.", v)
	}
	if in.Rule == nil {
		return cfg, nil
	}
	dr := in.Rule.DefaultRetention
	if dr == nil || dr.Days == nil {
		return cfg, errMalformedXML("Rule needs DefaultRetention with Days.")
	}
	days, err := strconv.Atoi(strings.TrimSpace(*dr.Days))
	if err != nil || days < 1 || days > maxLockDays {
		return cfg, errInvalidArgument("Days %q must be an integer from 1 to %d.", *dr.Days, maxLockDays)
	}
	cfg.days = days
	return cfg, checkMode(strings.TrimSpace(dr.Mode))
}

func (s *Server) putObjectLockConfiguration(c *reqCtx) *Error {
	return putConfig(s, c, maxXMLBody, parseObjectLock, func(b *bucket, cfg objectLockConfig) *Error {
		if b.versioning == versioningSuspended {
			return errorf(http.StatusConflict, codeBadBucketState, "Object lock cannot be enabled while versioning is suspended.")
		}
		if old := b.objectLock; old != nil && cfg.days < old.days {
			return errorf(http.StatusConflict, "InvalidLockedTime", "The default retention cannot be shortened from %d days.", old.days)
		}
		b.objectLock = &cfg
		return nil
	}, http.StatusOK)
}

func (s *Server) getObjectLockConfiguration(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (objectLockOut, *Error) {
		out := objectLockOut{ObjectLockEnabled: "Enabled"}
		cfg := b.objectLock
		if cfg == nil {
			return out, newError(http.StatusNotFound, codeNoObjectLock, "")
		}
		if cfg.days > 0 {
			out.Rule = &objectLockRule{Mode: retentionCompliance, Days: cfg.days}
		}
		return out, nil
	})
}

func (s *Server) putObjectRetention(c *reqCtx) *Error {
	body, e := c.readDocument(maxXMLBody)
	if e != nil {
		return e
	}
	var in retentionXML
	if err := xml.Unmarshal(body, &in); err != nil {
		return errMalformedXML("Retention: %v", err)
	}
	v := strings.TrimSpace(in.RetainUntilDate)
	if v == "" {
		return errMalformedXML("Retention needs RetainUntilDate.")
	}
	until, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return errInvalidArgument("RetainUntilDate %q must be an ISO 8601 time such as 2022-12-10T08:34:48.000Z.", v)
	}
	if !until.After(c.now) {
		return errInvalidArgument("RetainUntilDate %q is not in the future.", v)
	}
	r := retainUntil(until)
	if e := checkMode(strings.TrimSpace(in.Mode)); e != nil {
		return e
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	b, e := s.store.bucket(c.bucket)
	if e != nil {
		return e
	}
	o, shown, e := b.find(c.key, c.versionParam())
	if e != nil {
		return e
	}
	if b.objectLock == nil {
		return errorf(http.StatusConflict, codeBadBucketState, "Object lock is not enabled for the bucket.")
	}
	if o.retention.until.After(r.until) {
		return errorf(http.StatusConflict, "InvalidLockedTime", "A retention can only be extended; it runs until %s.", o.retention.until.UTC().Format(timeISO))
	}
	no := *o
	no.retention = r
	b.replace(o, &no)
	c.setVersionHeaders(shown, false)
	return c.writeEmpty(http.StatusOK)
}

func (s *Server) getObjectRetention(c *reqCtx) *Error {
	o, _, e := s.store.lookupObject(c.bucket, c.key, c.versionParam())
	if e != nil {
		return e
	}
	if o.retention.until.IsZero() {
		return newError(http.StatusNotFound, codeNoObjectLock, "The object has no retention.")
	}
	return c.writeXML(http.StatusOK, retentionXML{Mode: retentionCompliance,
		RetainUntilDate: o.retention.until.UTC().Format(timeISO)})
}
