package costest

import (
	"net/http"
)

// readACL reads the ACL of a PUT ?acl request: headers or a body, never
// both (the body counts only when it has bytes, whatever Content-Type).
func (c *reqCtx) readACL(object bool) (aclPolicy, *Error) {
	hp, present, e := aclHeaders(c.r.Header, object)
	if e != nil {
		return hp, e
	}
	body, e := c.readDocument(maxXMLBody)
	if e != nil {
		return hp, e
	}
	switch {
	case len(body) > 0 && present:
		return hp, badRequest(codeACLConflict, "Send the ACL as headers or as a body, not both.")
	case len(body) > 0:
		return aclFromBody(body)
	case !present:
		return hp, badRequest(codeACLMissing, "Send x-cos-acl, x-cos-grant-* or an AccessControlPolicy body.")
	}
	return hp, nil
}

func (s *Server) putBucketACL(c *reqCtx) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	p, e := c.readACL(false)
	if e != nil {
		return e
	}
	return s.setBucketConfig(c, func(b *bucket) { b.acl = p }, http.StatusOK)
}

func (s *Server) getBucketACL(c *reqCtx) *Error {
	return getConfig(s, c, func(b *bucket) (aclDocOut, *Error) { return s.aclDocument(b.acl), nil })
}

func (s *Server) putObjectACL(c *reqCtx) *Error {
	if e := s.objectExists(c); e != nil {
		return e
	}
	p, e := c.readACL(true)
	if e != nil {
		return e
	}
	return s.setObjectConfig(c, func(o *object) { o.meta.acl = p }, http.StatusOK)
}

func (s *Server) getObjectACL(c *reqCtx) *Error {
	o, _, e := s.store.lookupObject(c.bucket, c.key, c.versionParam())
	if e != nil {
		return e
	}
	if p := o.meta.acl; !p.fromBody && p.canned != "" {
		c.w.Header().Set("x-cos-acl", p.canned)
	}
	return c.writeXML(http.StatusOK, s.aclDocument(o.meta.acl))
}
