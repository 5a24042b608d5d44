package costest

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The inventory family: PUT, GET and DELETE Bucket inventory (one job,
// ?inventory&id=) and List Bucket Inventory Configurations (?inventory).
const (
	// OpPutBucketInventory is PUT Bucket inventory.
	OpPutBucketInventory Op = "PutBucketInventory"
	// OpGetBucketInventory is GET Bucket inventory.
	OpGetBucketInventory Op = "GetBucketInventory"
	// OpDeleteBucketInventory is DELETE Bucket inventory.
	OpDeleteBucketInventory Op = "DeleteBucketInventory"
	// OpListBucketInventoryConfigurations is List Bucket Inventory
	// Configurations.
	OpListBucketInventoryConfigurations Op = "ListBucketInventoryConfigurations"
)

const (
	maxInventories       = 1000 // per bucket (PUT Bucket inventory page)
	inventoriesPerPage   = 100  // per list page (List ... Configurations page)
	inventoryTokenPrefix = "inv1:"
)

var (
	inventoryIDRE     = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	inventoryBucketRE = regexp.MustCompile(`^qcs::cos:[a-z][a-z0-9-]*::[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9]+$`)
	// inventoryFields are the documented optional fields, plus
	// IsMultipartUpload, the spelling of the list sample and the Go SDK.
	inventoryFields = map[string]bool{
		"Size": true, "LastModifiedDate": true, "ETag": true, "StorageClass": true,
		"IsMultipartUploaded": true, "IsMultipartUpload": true, "ReplicationStatus": true,
		"Tag": true, "Crc64": true, "x-cos-meta-*": true,
	}
)

type inventoryIn struct {
	XMLName     xml.Name `xml:"InventoryConfiguration"`
	ID          *string  `xml:"Id"`
	IsEnabled   *string  `xml:"IsEnabled"`
	Destination *struct {
		Format string `xml:"Format"`
		Bucket string `xml:"Bucket"`
	} `xml:"Destination>COSBucketDestination"`
	Schedule *struct {
		Frequency   string  `xml:"Frequency"`
		MonthlyDate *string `xml:"MonthlyDate"`
	} `xml:"Schedule"`
	Filter *struct {
		Prefix *string   `xml:"Prefix"`
		And    *struct{} `xml:"And"`
	} `xml:"Filter"`
	Versions *string  `xml:"IncludedObjectVersions"`
	Fields   []string `xml:"OptionalFields>Field"`
}

// parseInventory applies COS's rules to the InventoryConfiguration of job
// id.
func parseInventory(id string, body []byte) *Error {
	var in inventoryIn
	if err := xml.Unmarshal(body, &in); err != nil {
		return errMalformedXML("InventoryConfiguration: %v", err)
	}
	if in.ID == nil || in.IsEnabled == nil || in.Destination == nil || in.Schedule == nil || in.Versions == nil {
		return errMalformedXML("InventoryConfiguration needs Id, IsEnabled, Destination, Schedule and IncludedObjectVersions.")
	}
	if strings.TrimSpace(*in.ID) != id {
		return errInvalidArgument("The Id %q of the document differs from the id %q of the request.", *in.ID, id)
	}
	if _, err := strconv.ParseBool(strings.TrimSpace(*in.IsEnabled)); err != nil {
		return errInvalidArgument("IsEnabled %q must be true or false.", *in.IsEnabled)
	}
	if d := in.Destination; !inventoryBucketRE.MatchString(strings.TrimSpace(d.Bucket)) || strings.TrimSpace(d.Format) != "CSV" {
		return errInvalidArgument("COSBucketDestination needs Format CSV and Bucket qcs::cos:<region>::<bucket>, got %q and %q.", d.Format, d.Bucket)
	}
	sch := in.Schedule
	switch f := strings.TrimSpace(sch.Frequency); {
	case f != "Daily" && f != "Weekly" && f != "Monthly":
		return errInvalidArgument("Frequency %q must be Daily, Weekly or Monthly.", sch.Frequency)
	case sch.MonthlyDate != nil && strings.TrimSpace(*sch.MonthlyDate) != "":
		n, err := strconv.Atoi(strings.TrimSpace(*sch.MonthlyDate))
		if err != nil || n < 1 || n > 31 || f != "Monthly" {
			return errInvalidArgument("MonthlyDate %q must be a day of the month of a Monthly schedule.", *sch.MonthlyDate)
		}
	}
	if v := strings.TrimSpace(*in.Versions); v != "All" && v != "Current" {
		return errInvalidArgument("IncludedObjectVersions %q must be All or Current.", v)
	}
	if f := in.Filter; f != nil && f.Prefix != nil && f.And != nil {
		return errMalformedXML("Filter takes Prefix or And, not both.")
	}
	for _, f := range in.Fields {
		if !inventoryFields[strings.TrimSpace(f)] {
			return errInvalidArgument("OptionalFields: %q is not an inventory field.", f)
		}
	}
	return nil
}

// inventoryID reads and checks the id parameter.
func inventoryID(c *reqCtx) (string, *Error) {
	id := c.q.get("id")
	if !inventoryIDRE.MatchString(id) {
		return "", errInvalidArgument("The inventory id %q must be letters, digits, '-', '_' or '.'.", id)
	}
	return id, nil
}

func errNoSuchInventory() *Error {
	return newError(http.StatusNotFound, codeNoInventory, "The specified inventory configuration does not exist.")
}

func (s *Server) putBucketInventory(c *reqCtx) *Error {
	id, e := inventoryID(c)
	if e != nil {
		return e
	}
	check := func(body []byte) *Error { return parseInventory(id, body) }
	return putConfig(s, c, maxConfigBody, checkedDocument(check), func(b *bucket, doc []byte) *Error {
		inv := b.conf.inventory
		switch {
		case inv[id] == nil && len(inv) >= maxInventories:
			return badRequest(codeTooManyInventories, "A bucket holds at most %d inventory configurations.", maxInventories)
		case inv == nil:
			b.conf.inventory = map[string][]byte{id: doc}
		default:
			inv[id] = doc
		}
		return nil
	}, http.StatusOK)
}

func (s *Server) getBucketInventory(c *reqCtx) *Error {
	id, e := inventoryID(c)
	if e != nil {
		return e
	}
	return s.getDocument(c, func(b *bucket) []byte { return b.conf.inventory[id] }, errNoSuchInventory)
}

func (s *Server) deleteBucketInventory(c *reqCtx) *Error {
	id, e := inventoryID(c)
	if e != nil {
		return e
	}
	return s.updateBucket(c, func(b *bucket) *Error {
		if b.conf.inventory[id] == nil {
			return errNoSuchInventory()
		}
		delete(b.conf.inventory, id)
		return nil
	}, http.StatusNoContent)
}

// listBucketInventoryConfigurations pages the jobs by ID, 100 a page. The
// continuation token is opaque to clients: the last ID of the previous
// page, base64-encoded behind a version prefix.
func (s *Server) listBucketInventoryConfigurations(c *reqCtx) *Error {
	token := c.q.get("continuation-token")
	after := ""
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, inventoryTokenPrefix))
		if !strings.HasPrefix(token, inventoryTokenPrefix) || err != nil {
			return errInvalidArgument("The continuation-token %q is not valid.", token)
		}
		after = string(raw)
	}
	var ids []string
	var docs [][]byte
	e := s.readBucket(c.bucket, func(b *bucket) *Error {
		for id := range b.conf.inventory {
			if id > after {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		if len(ids) > inventoriesPerPage {
			ids = ids[:inventoriesPerPage+1] // one more tells whether a page follows
		}
		for _, id := range ids {
			docs = append(docs, b.conf.inventory[id])
		}
		return nil
	})
	if e != nil {
		return e
	}
	var out bytes.Buffer
	out.WriteString(xmlHeader + "<ListInventoryConfigurationResult>")
	truncated := len(ids) > inventoriesPerPage
	if truncated {
		docs = docs[:inventoriesPerPage]
	}
	for _, d := range docs {
		out.Write(d)
	}
	out.WriteString("<IsTruncated>" + strconv.FormatBool(truncated) + "</IsTruncated>")
	writeElem(&out, "ContinuationToken", token)
	if truncated {
		next := inventoryTokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(ids[inventoriesPerPage-1]))
		writeElem(&out, "NextContinuationToken", next)
	}
	out.WriteString("</ListInventoryConfigurationResult>")
	return c.writeBytes(http.StatusOK, out.Bytes())
}

// writeElem writes <name>text</name> with text escaped, nothing when text
// is empty.
func writeElem(b *bytes.Buffer, name, text string) {
	if text == "" {
		return
	}
	b.WriteString("<" + name + ">")
	_ = xml.EscapeText(b, []byte(text))
	b.WriteString("</" + name + ">")
}
