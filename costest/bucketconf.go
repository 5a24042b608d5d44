package costest

import "net/http"

// bucketConf holds the configurations of the website, default encryption,
// inventory, intelligent tiering, acceleration, custom domain and origin
// families. It lives in the bucket, so deleting the bucket removes them.
type bucketConf struct {
	website    []byte            // normalised WebsiteConfiguration
	encryption *sseDefault       // default encryption of new objects
	inventory  map[string][]byte // normalised InventoryConfiguration by ID
	tiering    []byte            // normalised IntelligentTieringConfiguration
	accelerate string            // "", "Enabled" or "Suspended"
	domains    []domainRule      // custom domains, as sent
	origin     []byte            // normalised OriginConfiguration
}

// maxConfigBody bounds these families' request documents: 64 KB, the
// limit COS's PUT Bucket website page states (taken for all of them).
const maxConfigBody = 64 << 10

// putDocument reads a configuration document, checks it with parse and
// stores it normalised (whitespace, comments and namespaces removed; see
// normalizeXML) with set, answering 200.
func (s *Server) putDocument(c *reqCtx, parse func([]byte) *Error, set func(*bucketConf, []byte)) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	body, e := c.readDocument(maxConfigBody)
	if e != nil {
		return e
	}
	if e := parse(body); e != nil {
		return e
	}
	doc, err := normalizeXML(body)
	if err != nil {
		return errMalformedXML("%v", err)
	}
	return s.setBucketConfig(c, func(b *bucket) { set(&b.conf, doc) }, http.StatusOK)
}

// getDocument answers the document get returns, or the error of missing
// when there is none.
func (s *Server) getDocument(c *reqCtx, get func(*bucketConf) []byte, missing func() *Error) *Error {
	s.store.mu.RLock()
	b, e := s.store.bucket(c.bucket)
	var doc []byte
	if b != nil {
		doc = get(&b.conf)
	}
	s.store.mu.RUnlock()
	if e != nil {
		return e
	}
	if doc == nil {
		return missing()
	}
	return c.writeBytes(http.StatusOK, append([]byte(xmlHeader), doc...))
}

// readConf runs read on the bucket's configurations under the read lock.
func (s *Server) readConf(name string, read func(*bucketConf)) *Error {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	b, e := s.store.bucket(name)
	if e == nil {
		read(&b.conf)
	}
	return e
}
