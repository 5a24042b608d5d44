package cos

import (
	"context"
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
	// VersionID sets the ACL of one version of an object in a versioned
	// bucket ([ObjectService.PutACL] only; empty: the current version).
	VersionID string `url:"-"`
}

func (o *ACLOptions) validate(object bool) error {
	if o == nil || (o.ACLHeaders.empty() && o.AccessControlPolicy == nil) {
		return invalidArg("ACLOptions", "set a canned ACL, grant headers or an AccessControlPolicy")
	}
	if !object && o.VersionID != "" {
		return invalidArg("VersionID", "applies to object ACLs only")
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
		field := func(name string) string { return elemField("AccessControlPolicy.AccessControlList", i, name) }
		switch g.Permission {
		case PermRead, PermWrite, PermReadACP, PermWriteACP, PermFullControl:
		default:
			return invalidArg(field("Permission"), "unknown permission %q", g.Permission)
		}
		switch g.Grantee.kind() {
		case GranteeCanonicalUser:
			if g.Grantee.ID == "" {
				return invalidArg(field("Grantee.ID"), "a CanonicalUser grantee needs an ID")
			}
		case GranteeGroup:
			if g.Grantee.URI == "" {
				return invalidArg(field("Grantee.URI"), "a Group grantee needs a URI")
			}
		default:
			return invalidArg(field("Grantee.Type"), "unknown grantee type %q", g.Grantee.Type)
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

// PutACL replaces the bucket's ACL (PUT Bucket acl), either from headers
// (a canned ACL such as ACLPublicRead, and/or grant lists) or from an
// AccessControlPolicy body. Giving both, neither, an object-only canned
// ACL (ACLDefault) or a malformed policy fails with [ErrInvalidArgument]
// before any request.
//
// The call replaces the whole ACL, so repeating it is harmless and it
// retries on transient failures. A missing bucket gives [ErrNotFound],
// a caller who is not the owner [ErrAccessDenied].
func (s *BucketService) PutACL(ctx context.Context, opt *ACLOptions) (*Response, error) {
	if err := opt.validate(false); err != nil {
		return nil, err
	}
	return opt.put(ctx, s.client, "PutBucketACL", onBucket)
}

// GetACL returns the bucket's ACL (GET Bucket acl): its owner and grants.
// [AccessControlPolicy.CannedACL] recovers the canned ACL it expresses.
// Only the owner may read it; others get [ErrAccessDenied], a missing
// bucket gives [ErrNotFound]. It retries like every read.
func (s *BucketService) GetACL(ctx context.Context) (*ACL, *Response, error) {
	return getConfig[ACL](ctx, s.client, "GetBucketACL", subACL, onBucket)
}

// PutACL replaces the ACL of the object key (PUT Object acl), by headers
// (a canned ACL such as ACLDefault or ACLPublicRead, and/or grant lists)
// or by an AccessControlPolicy body, never both: a mix, an empty opt or a
// bucket-only canned ACL is ErrInvalidArgument before sending.
// opt.VersionID addresses one version in a versioned bucket. The call
// replaces the whole ACL, so it is idempotent and retried. Errors:
// ErrNotFound when the object (or version) does not exist,
// ErrAccessDenied.
func (s *ObjectService) PutACL(ctx context.Context, key string, opt *ACLOptions) (*Response, error) {
	if err := opt.validate(true); err != nil {
		return nil, err
	}
	return opt.put(ctx, s.client, "PutObjectACL", onObject(key, opt.VersionID))
}

// GetACL returns the ACL of the object key (GET Object acl): of its current
// version; [ObjectService.GetVersionACL] reads one version's. An object
// that inherits its bucket's ACL shows the owner's grant only;
// [ACL.CannedACL] recovers a canned value. It retries like every read.
// Errors: ErrNotFound, ErrAccessDenied.
func (s *ObjectService) GetACL(ctx context.Context, key string) (*ACL, *Response, error) {
	return getConfig[ACL](ctx, s.client, "GetObjectACL", subACL, onObject(key, ""))
}

// GetVersionACL returns the ACL of version versionID of the object key
// (GET Object acl with versionId), like [ObjectService.GetACL] for the
// current version; an empty versionID reads the current version.
// GetACL's signature is fixed, so reading a version's ACL is this
// separate method. Errors: ErrNotFound when the version does not exist
// (code NoSuchVersion) or is a delete marker, ErrAccessDenied.
func (s *ObjectService) GetVersionACL(ctx context.Context, key, versionID string) (*ACL, *Response, error) {
	return getConfig[ACL](ctx, s.client, "GetObjectACL", subACL, onObject(key, versionID))
}

// subACL is the sub-resource of the ACL calls.
const subACL = "acl"

// put sends a validated ACL in the form it was given: the policy as the
// body, or the headers.
func (o *ACLOptions) put(ctx context.Context, c *Client, name string, r resource) (*Response, error) {
	if o.AccessControlPolicy != nil {
		return c.putConfig(ctx, name, subACL, r, o.AccessControlPolicy)
	}
	h := o.ACLHeaders
	return c.putConfig(ctx, name, subACL, r, nil, &h)
}
