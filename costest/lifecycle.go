package costest

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

type lcAction struct {
	Days                      *string `xml:"Days"`
	Date                      *string `xml:"Date"`
	ExpiredObjectDeleteMarker *string `xml:"ExpiredObjectDeleteMarker"`
	StorageClass              *string `xml:"StorageClass"`
	NoncurrentDays            *string `xml:"NoncurrentDays"`
	DaysAfterInitiation       *string `xml:"DaysAfterInitiation"`
}

type lcRule struct {
	ID      string     `xml:"ID"`
	Status  string     `xml:"Status"`
	Filter  *lcFilter  `xml:"Filter"`
	Prefix  *string    `xml:"Prefix"` // legacy form without Filter
	Expire  *lcAction  `xml:"Expiration"`
	Trans   []lcAction `xml:"Transition"`
	NCExp   *lcAction  `xml:"NoncurrentVersionExpiration"`
	NCTrans []lcAction `xml:"NoncurrentVersionTransition"`
	Abort   *lcAction  `xml:"AbortIncompleteMultipartUpload"`
}

type lcFilter struct {
	Prefix *string    `xml:"Prefix"`
	Tag    []struct{} `xml:"Tag"`
	And    *struct{}  `xml:"And"`
}

type lifecycleIn struct {
	XMLName xml.Name `xml:"LifecycleConfiguration"`
	Rules   []lcRule `xml:"Rule"`
}

// intField parses an optional integer element that must be >= minimum.
func intField(name string, v *string, minimum int) *Error {
	if v == nil {
		return nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(*v))
	if err != nil || n < minimum {
		return errInvalidArgument("%s %q must be an integer of at least %d.", name, *v, minimum)
	}
	return nil
}

// checkWhen validates the Days/Date pair of an Expiration or Transition.
func checkWhen(a *lcAction, minDays int) *Error {
	if a.Days != nil && a.Date != nil {
		return badRequest(codeLifecycleDaysAndDate, "Days and Date may not both be given.")
	}
	if a.Date != nil {
		if _, err := time.Parse(time.RFC3339, strings.TrimSpace(*a.Date)); err != nil {
			return errInvalidArgument("Date %q must be ISO 8601, e.g. 2018-04-20T00:00:00+08:00.", *a.Date)
		}
	}
	return intField("Days", a.Days, minDays)
}

func checkClass(v *string) *Error {
	if v == nil {
		return errMalformedXML("A transition needs StorageClass.")
	}
	if c, e := parseStorageClass(strings.TrimSpace(*v)); e != nil || c == "STANDARD" {
		return badRequest(codeBadStorageClass, "StorageClass %q is not a transition target.", *v)
	}
	return nil
}

func (r *lcRule) check() *Error {
	if len(r.ID) > 255 {
		return errInvalidArgument("Rule ID is longer than 255 characters.")
	}
	if r.Status != "Enabled" && r.Status != "Disabled" {
		return errMalformedXML("Rule Status %q must be Enabled or Disabled.", r.Status)
	}
	if r.Filter == nil && r.Prefix == nil {
		return errMalformedXML("Every Rule needs a Filter.")
	}
	if f := r.Filter; f != nil {
		n := len(f.Tag)
		if f.Prefix != nil {
			n++
		}
		if f.And != nil {
			n++
		}
		if n > 1 {
			return errMalformedXML("A Filter holds one of Prefix, Tag or And.")
		}
	}
	if r.Expire == nil && len(r.Trans) == 0 && r.NCExp == nil && len(r.NCTrans) == 0 && r.Abort == nil {
		return errMalformedXML("Every Rule needs at least one action.")
	}
	if a := r.Expire; a != nil {
		if a.Days == nil && a.Date == nil && a.ExpiredObjectDeleteMarker == nil {
			return errMalformedXML("Expiration needs Days, Date or ExpiredObjectDeleteMarker.")
		}
		if e := checkWhen(a, 1); e != nil {
			return e
		}
	}
	for i := range r.Trans {
		if e := checkWhen(&r.Trans[i], 0); e != nil {
			return e
		}
		if e := checkClass(r.Trans[i].StorageClass); e != nil {
			return e
		}
	}
	for i := range r.NCTrans {
		if e := intField("NoncurrentDays", r.NCTrans[i].NoncurrentDays, 0); e != nil {
			return e
		}
		if e := checkClass(r.NCTrans[i].StorageClass); e != nil {
			return e
		}
	}
	if r.NCExp != nil {
		if e := intField("NoncurrentDays", r.NCExp.NoncurrentDays, 1); e != nil {
			return e
		}
	}
	if r.Abort != nil {
		if r.Abort.DaysAfterInitiation == nil {
			return errMalformedXML("AbortIncompleteMultipartUpload needs DaysAfterInitiation.")
		}
		return intField("DaysAfterInitiation", r.Abort.DaysAfterInitiation, 1)
	}
	return nil
}

// parseLifecycle validates a LifecycleConfiguration and returns it
// normalised: whitespace between elements, namespaces, comments and the
// declaration removed, StorageClass values upper-cased; everything else as
// sent, in the order sent.
func parseLifecycle(body []byte) ([]byte, *Error) {
	var in lifecycleIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return nil, errMalformedXML("LifecycleConfiguration: %v", err)
	}
	if n := len(in.Rules); n == 0 || n > maxLifecycleRule {
		return nil, errMalformedXML("LifecycleConfiguration needs 1 to %d Rule elements, got %d.", maxLifecycleRule, n)
	}
	for i := range in.Rules {
		if e := in.Rules[i].check(); e != nil {
			return nil, e
		}
	}
	out, err := normalizeXML(body)
	if err != nil {
		return nil, errMalformedXML("LifecycleConfiguration: %v", err)
	}
	return out, nil
}

func normalizeXML(body []byte) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			t.Name.Space = ""
			var attrs []xml.Attr
			for _, a := range t.Attr {
				if a.Name.Space != "xmlns" && a.Name.Local != "xmlns" {
					a.Name.Space = ""
					attrs = append(attrs, a)
				}
			}
			t.Attr = attrs
			stack = append(stack, t.Name.Local)
			err = enc.EncodeToken(t)
		case xml.EndElement:
			t.Name.Space = ""
			stack = stack[:len(stack)-1]
			err = enc.EncodeToken(t)
		case xml.CharData:
			if len(bytes.TrimSpace(t)) == 0 {
				continue
			}
			if len(stack) > 0 && stack[len(stack)-1] == "StorageClass" {
				t = bytes.ToUpper(bytes.TrimSpace(t))
			}
			err = enc.EncodeToken(t)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (s *Server) putBucketLifecycle(c *reqCtx) *Error {
	return putConfig(s, c, maxXMLBody, parseLifecycle, func(b *bucket, doc []byte) *Error { b.lifecycle = doc; return nil }, http.StatusOK)
}

func (s *Server) getBucketLifecycle(c *reqCtx) *Error {
	return s.getDocument(c, func(b *bucket) []byte { return b.lifecycle }, func() *Error {
		return newError(http.StatusNotFound, "NoSuchLifecycleConfiguration", "")
	})
}

func (s *Server) deleteBucketLifecycle(c *reqCtx) *Error {
	return s.setBucketConfig(c, func(b *bucket) { b.lifecycle = nil }, http.StatusNoContent)
}
