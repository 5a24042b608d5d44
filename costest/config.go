package costest

import "net/http"

// The shape every configuration handler shares, so that a family's file
// holds only its rules: a PUT reads the document with a cap, checks it,
// then stores it under the bucket lock (where the bucket's state may still
// refuse it) and answers with no body; a GET reads under the read lock and
// answers the document or the family's typed empty answer; a DELETE
// changes the bucket under the lock.

// putConfig is a configuration PUT on a bucket: the bucket must exist,
// the document (at most limit bytes) is read and checked by parse, then
// apply stores the result under the write lock, or refuses it with an
// error when the bucket's state forbids it. The answer is status.
func putConfig[T any](s *Server, c *reqCtx, limit int64, parse func([]byte) (T, *Error), apply func(*bucket, T) *Error, status int) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	body, e := c.readDocument(limit)
	if e != nil {
		return e
	}
	v, e := parse(body)
	if e != nil {
		return e
	}
	return s.updateBucket(c, func(b *bucket) *Error { return apply(b, v) }, status)
}

// getConfig is a configuration GET on a bucket: get builds the document
// from the bucket under the read lock, or returns the family's error for
// a configuration that is absent; the document is answered 200.
func getConfig[T any](s *Server, c *reqCtx, get func(*bucket) (T, *Error)) *Error {
	var doc T
	if e := s.readBucket(c.bucket, func(b *bucket) (e *Error) { doc, e = get(b); return e }); e != nil {
		return e
	}
	return c.writeXML(http.StatusOK, doc)
}

// updateBucket runs change on the bucket under the write lock and, when
// it returns no error, answers status with no body.
func (s *Server) updateBucket(c *reqCtx, change func(*bucket) *Error, status int) *Error {
	s.store.mu.Lock()
	b, e := s.store.bucket(c.bucket)
	if e == nil {
		e = change(b)
	}
	s.store.mu.Unlock()
	if e != nil {
		return e
	}
	return c.writeEmpty(status)
}

// setBucketConfig is updateBucket for a change that is never refused.
func (s *Server) setBucketConfig(c *reqCtx, change func(*bucket), status int) *Error {
	return s.updateBucket(c, func(b *bucket) *Error { change(b); return nil }, status)
}

// readBucket runs read on the bucket under the read lock.
func (s *Server) readBucket(name string, read func(*bucket) *Error) *Error {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	b, e := s.store.bucket(name)
	if e != nil {
		return e
	}
	return read(b)
}

// objectExists checks that the object version a configuration call names
// exists (the latest when no versionId is given; a delete marker answers
// 404).
func (s *Server) objectExists(c *reqCtx) *Error {
	_, _, e := s.store.lookupObject(c.bucket, c.key, c.versionParam())
	return e
}

// setObjectConfig changes one object version (the latest when no
// versionId is given) and answers status with no body.
func (s *Server) setObjectConfig(c *reqCtx, change func(*object), status int) *Error {
	if e := s.store.updateObject(c.bucket, c.key, c.versionParam(), change); e != nil {
		return e
	}
	return c.writeEmpty(status)
}

// checkedDocument is a parse for putConfig that checks a document with
// check and stores it normalised (whitespace, comments and namespaces
// removed; see normalizeXML).
func checkedDocument(check func([]byte) *Error) func([]byte) ([]byte, *Error) {
	return func(body []byte) ([]byte, *Error) {
		if e := check(body); e != nil {
			return nil, e
		}
		doc, err := normalizeXML(body)
		if err != nil {
			return nil, errMalformedXML("%v", err)
		}
		return doc, nil
	}
}

// putDocument is the PUT of a family kept as its normalised document
// (website, origin, intelligent tiering): checked by check, stored by
// set, answered 200.
func (s *Server) putDocument(c *reqCtx, check func([]byte) *Error, set func(*bucketConf, []byte)) *Error {
	return putConfig(s, c, maxConfigBody, checkedDocument(check),
		func(b *bucket, doc []byte) *Error { set(&b.conf, doc); return nil }, http.StatusOK)
}

// getDocument answers the stored document get returns, or the error of
// missing when there is none.
func (s *Server) getDocument(c *reqCtx, get func(*bucket) []byte, missing func() *Error) *Error {
	var doc []byte
	if e := s.readBucket(c.bucket, func(b *bucket) *Error { doc = get(b); return nil }); e != nil {
		return e
	}
	if doc == nil {
		return missing()
	}
	return c.writeBytes(http.StatusOK, append([]byte(xmlHeader), doc...))
}
