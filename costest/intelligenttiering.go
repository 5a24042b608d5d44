package costest

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// The intelligent tiering family: the bucket-level switch of PUT and GET
// Bucket IntelligentTiering (?intelligenttiering).
const (
	// OpPutBucketIntelligentTiering is PUT Bucket IntelligentTiering.
	OpPutBucketIntelligentTiering Op = "PutBucketIntelligentTiering"
	// OpGetBucketIntelligentTiering is GET Bucket IntelligentTiering.
	OpGetBucketIntelligentTiering Op = "GetBucketIntelligentTiering"
)

type tieringIn struct {
	XMLName    xml.Name `xml:"IntelligentTieringConfiguration"`
	Status     string   `xml:"Status"`
	Transition *struct {
		Days            string  `xml:"Days"`
		RequestFrequent *string `xml:"RequestFrequent"`
	} `xml:"Transition"`
}

// parseTiering applies COS's rules: Status Enabled or Suspended, a
// Transition of 30, 60 or 90 days when enabling.
func parseTiering(body []byte) *Error {
	var in tieringIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return errMalformedXML("IntelligentTieringConfiguration: %v", err)
	}
	switch strings.TrimSpace(in.Status) {
	case "Enabled":
		if in.Transition == nil {
			return errMalformedXML("Enabling INTELLIGENT_TIERING needs a Transition.")
		}
	case "Suspended":
	default:
		return errInvalidArgument("Status %q must be Enabled or Suspended.", in.Status)
	}
	if t := in.Transition; t != nil {
		switch strings.TrimSpace(t.Days) {
		case "30", "60", "90":
		default:
			return errInvalidArgument("Transition Days %q must be 30, 60 or 90.", t.Days)
		}
		if t.RequestFrequent != nil {
			if n, err := strconv.Atoi(strings.TrimSpace(*t.RequestFrequent)); err != nil || n < 1 {
				return errInvalidArgument("RequestFrequent %q must be a positive integer.", *t.RequestFrequent)
			}
		}
	}
	return nil
}

func (s *Server) putBucketIntelligentTiering(c *reqCtx) *Error {
	return s.putDocument(c, parseTiering, func(bc *bucketConf, doc []byte) { bc.tiering = doc })
}

// getBucketIntelligentTiering answers the stored switch, or an empty
// document for a bucket that never had one (COS's GET page).
func (s *Server) getBucketIntelligentTiering(c *reqCtx) *Error {
	return s.getDocument(c, func(b *bucket) []byte {
		if b.conf.tiering == nil {
			return []byte("<IntelligentTieringConfiguration/>")
		}
		return b.conf.tiering
	}, nil)
}
