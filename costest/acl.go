package costest

import (
	"encoding/xml"
	"net/http"
	"strings"
)

// The ACL model of cos-protocol.md section 11.

const (
	allUsersURI = "http://cam.qcloud.com/groups/global/AllUsers"
	anyoneID    = "qcs::cam::anyone:anyone"
	xsiNS       = "http://www.w3.org/2001/XMLSchema-instance"
)

type grant struct {
	typ         string // CanonicalUser, Group, ... as received or inferred
	id, uri     string
	displayName string
	permission  string
}

// aclPolicy is a bucket's or object's ACL as set: a canned value and/or
// explicit grants (header form), or the grants of a body.
type aclPolicy struct {
	canned   string // x-cos-acl value; "default" = object inherits the bucket
	grants   []grant
	fromBody bool
}

var grantHeaders = []struct{ header, permission string }{
	{"x-cos-grant-read", "READ"},
	{"x-cos-grant-write", "WRITE"},
	{"x-cos-grant-read-acp", "READ_ACP"},
	{"x-cos-grant-write-acp", "WRITE_ACP"},
	{"x-cos-grant-full-control", "FULL_CONTROL"},
}

var permissions = map[string]bool{"READ": true, "WRITE": true, "READ_ACP": true, "WRITE_ACP": true, "FULL_CONTROL": true}

// aclFromHeaders reads x-cos-acl and x-cos-grant-*; present reports
// whether any of them was sent. Without any, buckets are private and
// objects inherit ("default").
func aclFromHeaders(h http.Header, object bool) (aclPolicy, *Error) {
	p, _, e := aclHeaders(h, object)
	return p, e
}

func aclHeaders(h http.Header, object bool) (p aclPolicy, present bool, e *Error) {
	p.canned = h.Get("x-cos-acl")
	switch p.canned {
	case "private", "public-read", "public-read-write":
	case "default":
		if !object {
			return p, true, errInvalidArgument("x-cos-acl default applies to objects only.")
		}
	case "authenticated-read":
		if object {
			return p, true, badRequest(codeUnsupportedCannedACL, "costest does not support x-cos-acl %s on objects.", p.canned)
		}
	case "bucket-owner-read", "bucket-owner-full-control":
		return p, true, badRequest(codeUnsupportedCannedACL, "costest does not support x-cos-acl %s.", p.canned)
	case "":
	default:
		return p, true, errInvalidArgument("x-cos-acl %q is not a canned ACL.", p.canned)
	}
	present = p.canned != ""
	for _, gh := range grantHeaders {
		v := h.Get(gh.header)
		if v == "" {
			continue
		}
		present = true
		for item := range strings.SplitSeq(v, ",") {
			g, ok := parseGrantItem(item, gh.permission)
			if !ok {
				return p, true, errInvalidArgument("%s: %q is not id=\"...\".", gh.header, item)
			}
			p.grants = append(p.grants, g)
		}
	}
	if p.canned == "" && len(p.grants) == 0 {
		p.canned = "private"
		if object {
			p.canned = "default"
		}
	}
	return p, present, nil
}

func parseGrantItem(item, permission string) (grant, bool) {
	k, v, ok := strings.Cut(strings.TrimSpace(item), "=")
	v = strings.Trim(strings.TrimSpace(v), `"`)
	if !ok || v == "" {
		return grant{}, false
	}
	switch strings.ToLower(strings.TrimSpace(k)) {
	case "id":
		return grant{typ: "CanonicalUser", id: v, permission: permission}, true
	case "uri":
		return grant{typ: "Group", uri: v, permission: permission}, true
	}
	return grant{}, false
}

type aclDocIn struct {
	XMLName xml.Name `xml:"AccessControlPolicy"`
	Grants  []struct {
		Grantee *struct {
			Attrs       []xml.Attr `xml:",any,attr"`
			ID          string     `xml:"ID"`
			URI         string     `xml:"URI"`
			DisplayName string     `xml:"DisplayName"`
		} `xml:"Grantee"`
		Permission string `xml:"Permission"`
	} `xml:"AccessControlList>Grant"`
}

// aclFromBody parses an AccessControlPolicy document. The grantee type
// comes from xsi:type, a plain type attribute, or is inferred.
func aclFromBody(body []byte) (aclPolicy, *Error) {
	var doc aclDocIn
	if err := xml.Unmarshal(body, &doc); err != nil {
		return aclPolicy{}, errMalformedXML("AccessControlPolicy: %v", err)
	}
	p := aclPolicy{fromBody: true}
	for _, g := range doc.Grants {
		if g.Grantee == nil {
			return p, errMalformedXML("A Grant has no Grantee.")
		}
		perm := strings.TrimSpace(g.Permission)
		if !permissions[perm] {
			return p, errMalformedXML("Permission %q is not valid.", g.Permission)
		}
		ng := grant{id: strings.TrimSpace(g.Grantee.ID), uri: strings.TrimSpace(g.Grantee.URI),
			displayName: g.Grantee.DisplayName, permission: perm}
		for _, a := range g.Grantee.Attrs {
			if a.Name.Local == "type" {
				ng.typ = a.Value
			}
		}
		if ng.typ == "" {
			ng.typ = "CanonicalUser"
			if ng.id == "" && ng.uri != "" {
				ng.typ = "Group"
			}
		}
		if (ng.typ == "Group" && ng.uri == "") || (ng.typ != "Group" && ng.id == "") {
			return p, errMalformedXML("A %s grantee needs an %s.", ng.typ, map[bool]string{true: "URI", false: "ID"}[ng.typ == "Group"])
		}
		p.grants = append(p.grants, ng)
	}
	return p, nil
}

// effective returns the grants a GET ACL shows: the owner's FULL_CONTROL,
// the canned ACL's expansion and the explicit grants.
func (p aclPolicy) effective(ownerID string) []grant {
	owner := grant{typ: "CanonicalUser", id: ownerID, displayName: ownerID, permission: "FULL_CONTROL"}
	var out []grant
	hasOwner := false
	for _, g := range p.grants {
		if g.id == ownerID && g.permission == "FULL_CONTROL" {
			hasOwner = true
		}
	}
	if !hasOwner {
		out = append(out, owner)
	}
	all := grant{typ: "Group", uri: allUsersURI}
	switch p.canned {
	case "public-read":
		all.permission = "READ"
		out = append(out, all)
	case "public-read-write":
		all.permission = "READ"
		out = append(out, all)
		all.permission = "WRITE"
		out = append(out, all)
	}
	return append(out, p.grants...)
}

// allows reports whether the ACL grants everyone the permission (READ or
// WRITE; FULL_CONTROL implies both).
func (p aclPolicy) allows(permission string) bool {
	for _, g := range p.effective("") {
		if (g.uri == allUsersURI || g.id == anyoneID) && (g.permission == permission || g.permission == "FULL_CONTROL") {
			return true
		}
	}
	return false
}

type aclDocOut struct {
	XMLName xml.Name      `xml:"AccessControlPolicy"`
	Owner   ownerXML      `xml:"Owner"`
	Grants  []aclGrantOut `xml:"AccessControlList>Grant"`
}

type aclGrantOut struct {
	Grantee struct {
		XSI         string `xml:"xmlns:xsi,attr"`
		Type        string `xml:"xsi:type,attr"`
		ID          string `xml:"ID,omitempty"`
		DisplayName string `xml:"DisplayName,omitempty"`
		URI         string `xml:"URI,omitempty"`
	} `xml:"Grantee"`
	Permission string `xml:"Permission"`
}

func (s *Server) ownerID() string { return "qcs::cam::uin/" + s.cfg.owner + ":uin/" + s.cfg.owner }

func (s *Server) aclDocument(p aclPolicy) aclDocOut {
	id := s.ownerID()
	doc := aclDocOut{Owner: ownerXML{ID: id, DisplayName: id}}
	for _, g := range p.effective(id) {
		var out aclGrantOut
		out.Grantee.XSI, out.Grantee.Type = xsiNS, g.typ
		out.Grantee.ID, out.Grantee.URI = g.id, g.uri
		if g.id != "" {
			out.Grantee.DisplayName = g.displayName
			if out.Grantee.DisplayName == "" {
				out.Grantee.DisplayName = g.id
			}
		}
		out.Permission = g.permission
		doc.Grants = append(doc.Grants, out)
	}
	return doc
}

// publicAccess decides whether an unsigned request is allowed by the
// ACLs: reads need everyone-READ on the object (or, for objects that
// inherit, on the bucket), object writes need everyone-WRITE on the
// bucket. Configuration calls are owner-only.
func (s *Server) publicAccess(c *reqCtx) bool {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	b := s.store.buckets[c.bucket]
	if b == nil {
		return false
	}
	switch c.op {
	case OpGetObject, OpHeadObject:
		for _, p := range c.q.params {
			if strings.HasPrefix(p.name, "response-") {
				return false // response-* overrides need a signature
			}
		}
		if o, _, _ := b.find(c.key, c.versionParam()); o != nil && o.meta.acl.canned != "default" {
			return o.meta.acl.allows("READ")
		}
		return b.acl.allows("READ")
	case OpListObjects, OpHeadBucket:
		return b.acl.allows("READ")
	case OpPutObject, OpDeleteObject, OpInitiateMultipartUpload, OpUploadPart,
		OpListParts, OpCompleteMultipartUpload, OpAbortMultipartUpload, OpPostObject:
		return b.acl.allows("WRITE")
	}
	return false
}
