package costest

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"strings"
)

// Cross-region replication (PUT/GET/DELETE ?replication). Sources: PUT,
// GET and DELETE Bucket replication
// (cloud.tencent.com/document/product/436/19223, /19222, /19221): Role
// qcs::cam::uin/<OwnerUin>:uin/<SubUin>; 1 to 1000 Rule elements with
// Status Enabled/Disabled, ID, Prefix (rules' prefixes may not overlap)
// and Destination > Bucket qcs::cos:<region>::<bucket>, all rules naming
// one destination bucket, optional StorageClass; refused with 409
// InvalidBucketState while the bucket's versioning is not enabled. The
// official Go SDK (bucket_replication.go) may also send Priority, Filter
// (Prefix, And > Prefix + Tag) and DeleteMarkerReplication: accepted and
// returned as sent.

// The replication operations.
const (
	// OpPutBucketReplication is PUT Bucket replication.
	OpPutBucketReplication Op = "PutBucketReplication"
	// OpGetBucketReplication is GET Bucket replication.
	OpGetBucketReplication Op = "GetBucketReplication"
	// OpDeleteBucketReplication is DELETE Bucket replication.
	OpDeleteBucketReplication Op = "DeleteBucketReplication"
)

// maxReplicationRules is the most rules one configuration may hold.
const maxReplicationRules = 1000

// replicationBucketRE is the destination resource form,
// qcs::cos:<region>::<bucket-appid>.
var replicationBucketRE = regexp.MustCompile(`^qcs::cos:[a-z0-9-]+::[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]+$`)

type replicationIn struct {
	XMLName xml.Name `xml:"ReplicationConfiguration"`
	Role    string   `xml:"Role"`
	Rules   []struct {
		ID          string             `xml:"ID"`
		Status      string             `xml:"Status"`
		Prefix      *string            `xml:"Prefix"`
		Filter      *replicationFilter `xml:"Filter"`
		Destination *struct {
			Bucket       string `xml:"Bucket"`
			StorageClass string `xml:"StorageClass"`
		} `xml:"Destination"`
	} `xml:"Rule"`
}

// replicationFilter is the official Go SDK's form of a rule's prefix.
type replicationFilter struct {
	Prefix *string `xml:"Prefix"`
	And    *struct {
		Prefix *string `xml:"Prefix"`
	} `xml:"And"`
}

// parseReplication validates a ReplicationConfiguration and returns it
// normalised (see normalizeXML).
func parseReplication(body []byte) ([]byte, *Error) {
	var in replicationIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return nil, errMalformedXML("ReplicationConfiguration: %v", err)
	}
	if strings.TrimSpace(in.Role) == "" {
		return nil, errInvalidArgument("Role is required: qcs::cam::uin/<OwnerUin>:uin/<SubUin>.")
	}
	if n := len(in.Rules); n == 0 || n > maxReplicationRules {
		return nil, errInvalidArgument("ReplicationConfiguration needs 1 to %d Rule elements, got %d.", maxReplicationRules, n)
	}
	var dest string
	var prefixes []string
	ids := map[string]bool{}
	for i, r := range in.Rules {
		if r.Status != "Enabled" && r.Status != "Disabled" {
			return nil, errInvalidArgument("Rule %d: Status %q must be Enabled or Disabled.", i+1, r.Status)
		}
		if r.ID != "" {
			if ids[r.ID] {
				return nil, errInvalidArgument("Rule ID %q is used twice.", r.ID)
			}
			ids[r.ID] = true
		}
		if r.Destination == nil || !replicationBucketRE.MatchString(strings.TrimSpace(r.Destination.Bucket)) {
			return nil, errInvalidArgument("Rule %d: Destination Bucket must be qcs::cos:<region>::<bucket>.", i+1)
		}
		d := strings.TrimSpace(r.Destination.Bucket)
		if dest != "" && d != dest {
			return nil, errInvalidArgument("All rules must replicate to one bucket (%s and %s).", dest, d)
		}
		dest = d
		if sc := strings.TrimSpace(r.Destination.StorageClass); sc != "" {
			if _, e := parseStorageClass(sc); e != nil {
				return nil, e
			}
		}
		p := rulePrefix(r.Prefix, r.Filter)
		for _, q := range prefixes {
			if strings.HasPrefix(p, q) || strings.HasPrefix(q, p) {
				return nil, errInvalidArgument("Rule prefixes %q and %q overlap.", q, p)
			}
		}
		prefixes = append(prefixes, p)
	}
	out, err := normalizeXML(body)
	if err != nil {
		return nil, errMalformedXML("ReplicationConfiguration: %v", err)
	}
	return out, nil
}

// rulePrefix is a rule's prefix, from Prefix or the SDK's Filter form.
func rulePrefix(prefix *string, f *replicationFilter) string {
	switch {
	case prefix != nil:
		return *prefix
	case f == nil:
		return ""
	case f.Prefix != nil:
		return *f.Prefix
	case f.And != nil && f.And.Prefix != nil:
		return *f.And.Prefix
	}
	return ""
}

func (s *Server) putBucketReplication(c *reqCtx) *Error {
	return putConfig(s, c, maxXMLBody, parseReplication, func(b *bucket, doc []byte) *Error {
		if b.versioning != versioningEnabled {
			return errorf(http.StatusConflict, codeBadBucketState, "Replication needs versioning enabled on the bucket.")
		}
		b.replication = doc
		return nil
	}, http.StatusOK)
}

func (s *Server) getBucketReplication(c *reqCtx) *Error {
	return s.getDocument(c, func(b *bucket) []byte { return b.replication }, func() *Error {
		return newError(http.StatusNotFound, codeNoReplication, "")
	})
}

func (s *Server) deleteBucketReplication(c *reqCtx) *Error {
	return s.setBucketConfig(c, func(b *bucket) { b.replication = nil }, http.StatusNoContent) // 204 [doc]
}
