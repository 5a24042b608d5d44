package cos

import (
	"encoding/xml"
	"strings"
)

// Canned ACL values for the x-cos-acl header.
const (
	ACLPrivate           = "private"
	ACLPublicRead        = "public-read"
	ACLPublicReadWrite   = "public-read-write"
	ACLAuthenticatedRead = "authenticated-read"
	// ACLDefault makes an object inherit its bucket's ACL (objects only).
	ACLDefault = "default"
)

// Permissions of an ACL grant.
const (
	PermRead        = "READ"
	PermWrite       = "WRITE"
	PermReadACP     = "READ_ACP"
	PermWriteACP    = "WRITE_ACP"
	PermFullControl = "FULL_CONTROL"
)

// Grantee types, and the URI of the only group (everyone).
const (
	GranteeCanonicalUser = "CanonicalUser"
	GranteeGroup         = "Group"
	AllUsersURI          = "http://cam.qcloud.com/groups/global/AllUsers"
)

const xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

// ACLHeaders are the header form of an ACL: a canned ACL and/or grant
// lists. A grant value is one or more id="qcs::cam::uin/<owner>:uin/<sub>"
// joined by commas.
type ACLHeaders struct {
	ACL              string `header:"x-cos-acl"`
	GrantRead        string `header:"x-cos-grant-read"`
	GrantWrite       string `header:"x-cos-grant-write"`
	GrantReadACP     string `header:"x-cos-grant-read-acp"`
	GrantWriteACP    string `header:"x-cos-grant-write-acp"`
	GrantFullControl string `header:"x-cos-grant-full-control"`
}

func (h ACLHeaders) empty() bool { return h == ACLHeaders{} }

// validate checks the canned value against what the resource accepts.
func (h ACLHeaders) validate(object bool) error {
	switch h.ACL {
	case "", ACLPrivate, ACLPublicRead, ACLPublicReadWrite:
	case ACLAuthenticatedRead:
		if object {
			return invalidArg("ACL", "%q is only valid for buckets", h.ACL)
		}
	case ACLDefault:
		if !object {
			return invalidArg("ACL", "%q is only valid for objects", h.ACL)
		}
	default:
		return invalidArg("ACL", "unknown canned ACL %q", h.ACL)
	}
	return nil
}

// ACLOptions sets an ACL by headers (canned ACL, grants) or by an
// AccessControlPolicy body, never both: COS refuses the mix, so the client
// refuses it before sending.
type ACLOptions struct {
	ACLHeaders
	AccessControlPolicy *AccessControlPolicy `url:"-"`
}

func (o *ACLOptions) validate(object bool) error {
	if o == nil || (o.ACLHeaders.empty() && o.AccessControlPolicy == nil) {
		return invalidArg("ACLOptions", "set a canned ACL, grant headers or an AccessControlPolicy")
	}
	if !o.ACLHeaders.empty() && o.AccessControlPolicy != nil {
		return invalidArg("ACLOptions", "give either ACL/grant headers or an AccessControlPolicy body, not both")
	}
	if o.AccessControlPolicy != nil {
		return o.AccessControlPolicy.validate()
	}
	return o.ACLHeaders.validate(object)
}

// AccessControlPolicy is the ACL document of PUT/GET ?acl.
type AccessControlPolicy struct {
	XMLName           xml.Name `xml:"AccessControlPolicy"`
	Owner             Owner    `xml:"Owner"`
	AccessControlList []Grant  `xml:"AccessControlList>Grant"`
}

// ACL is the ACL returned by GetACL.
type ACL = AccessControlPolicy

// CannedACL recovers the canned ACL a policy expresses: "public-read-write"
// when everyone may read and write, "public-read" when everyone may read,
// else "private".
func (p *AccessControlPolicy) CannedACL() string {
	var read, write bool
	for _, g := range p.AccessControlList {
		if g.Grantee.URI != AllUsersURI {
			continue
		}
		switch g.Permission {
		case PermRead:
			read = true
		case PermWrite:
			write = true
		case PermFullControl:
			read, write = true, true
		}
	}
	switch {
	case read && write:
		return ACLPublicReadWrite
	case read:
		return ACLPublicRead
	}
	return ACLPrivate
}

func (p *AccessControlPolicy) validate() error {
	if p.Owner.ID == "" {
		return invalidArg("AccessControlPolicy.Owner.ID", "is empty")
	}
	for i, g := range p.AccessControlList {
		switch g.Permission {
		case PermRead, PermWrite, PermReadACP, PermWriteACP, PermFullControl:
		default:
			return invalidArg("AccessControlPolicy.AccessControlList", "grant %d: unknown permission %q", i, g.Permission)
		}
		switch g.Grantee.kind() {
		case GranteeCanonicalUser:
			if g.Grantee.ID == "" {
				return invalidArg("AccessControlPolicy.AccessControlList", "grant %d: CanonicalUser grantee needs an ID", i)
			}
		case GranteeGroup:
			if g.Grantee.URI == "" {
				return invalidArg("AccessControlPolicy.AccessControlList", "grant %d: Group grantee needs a URI", i)
			}
		default:
			return invalidArg("AccessControlPolicy.AccessControlList", "grant %d: unknown grantee type %q", i, g.Grantee.Type)
		}
	}
	return nil
}

// Grant gives one grantee one permission.
type Grant struct {
	Grantee    Grantee `xml:"Grantee"`
	Permission string  `xml:"Permission"`
}

// Grantee is a user (Type CanonicalUser, ID) or the everyone group (Type
// Group, URI AllUsersURI). Type may be left empty: it is inferred from ID
// or URI.
type Grantee struct {
	Type        string
	ID          string
	URI         string
	DisplayName string
}

func (g Grantee) kind() string {
	switch {
	case g.Type != "":
		return g.Type
	case g.URI != "":
		return GranteeGroup
	case g.ID != "":
		return GranteeCanonicalUser
	}
	return ""
}

type granteeBody struct {
	ID          string `xml:"ID,omitempty"`
	URI         string `xml:"URI,omitempty"`
	DisplayName string `xml:"DisplayName,omitempty"`
}

// MarshalXML writes the grantee with xmlns:xsi and xsi:type, as COS
// expects. encoding/xml cannot emit a prefixed attribute with its own
// namespace declaration, so the names are written literally.
func (g Grantee) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = []xml.Attr{
		{Name: xml.Name{Local: "xmlns:xsi"}, Value: xsiNamespace},
		{Name: xml.Name{Local: "xsi:type"}, Value: g.kind()},
	}
	return e.EncodeElement(granteeBody{g.ID, g.URI, g.DisplayName}, start)
}

// UnmarshalXML reads xsi:type, a plain type attribute, or none (type then
// inferred from ID or URI).
func (g *Grantee) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var b granteeBody
	if err := d.DecodeElement(&b, &start); err != nil {
		return err
	}
	*g = Grantee{ID: b.ID, URI: b.URI, DisplayName: b.DisplayName}
	for _, a := range start.Attr {
		if a.Name.Local == "type" || strings.HasSuffix(a.Name.Local, ":type") {
			g.Type = a.Value
		}
	}
	if g.Type == "" {
		g.Type = g.kind()
	}
	return nil
}
