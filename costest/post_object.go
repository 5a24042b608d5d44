package costest

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cosgo/cos/internal/crc64x"
)

// OpPostObject is POST Object: a browser form upload (POST / with
// multipart/form-data).
const OpPostObject Op = "PostObject"

// POST Object, from COS's page (product/436/14690):
//   - the body is multipart/form-data; "key" names the object (with
//     ${filename} replaced by the file's name), "file" is the content and
//     comes last (fields after it are ignored); Content-Type,
//     Cache-Control, Content-Disposition, Content-Encoding, Expires,
//     x-cos-meta-*, acl, x-cos-grant-*, x-cos-storage-class and
//     Content-MD5 fields are the object's headers (the browser's own type
//     for the file is not used);
//   - authorization is in the fields, since browsers send the form
//     unsigned: "policy" (base64 JSON) with q-sign-algorithm, q-ak,
//     q-key-time, q-signature and, for temporary keys,
//     x-cos-security-token (post_policy.go); or a request signature in a
//     "Signature" field, as the cos-js-sdk-v5 demos send it; or none, for
//     a bucket whose ACL grants public write;
//   - success answers 204 by default, success_action_status 200 or 201,
//     or 303 to success_action_redirect with bucket, key and etag added;
//     ETag and Location (the object's URL) are sent.
//
// Error codes COS's error-code page lists are used where they fit;
// choices.go holds the rest. Nothing is stored unless every check passes.

// postForm is the form fields before the file, names lower-cased.
type postForm map[string]string

func (s *Server) postObject(c *reqCtx) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	mediaType, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" || params["boundary"] == "" {
		return badRequest("RequestIsNotMultiPartContent", "Bucket POST must be of the enclosure-type multipart/form-data.")
	}
	mr := multipart.NewReader(c.body, params["boundary"])
	form, file, e := readPostForm(mr)
	if e != nil {
		return e
	}
	if form["key"] == "" {
		return badRequest("UserKeyMustBeSpecified", "The bucket POST must contain a key field.")
	}
	key := strings.ReplaceAll(form["key"], "${filename}", file.FileName())
	if e := checkKey(key); e != nil {
		return e
	}
	c.key = key
	meta, e := parseObjectMeta(form.objectHeaders())
	if e != nil {
		return e
	}
	policy, e := s.authorizePost(c, form, key)
	if e != nil {
		return e
	}
	// Read no more of the file than the policy allows: a form limited to
	// a few bytes must not make costest hold gigabytes before refusing.
	limit := int64(maxObjectSize)
	if policy != nil {
		limit = min(limit, policy.maxSize())
	}
	p, e := readPostFile(file, form["content-md5"], limit)
	if e != nil {
		return e
	}
	if policy != nil {
		if e := policy.checkSize(int64(len(p.data))); e != nil {
			return e
		}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(c.body, maxPostFieldsBytes)) // the closing boundary
	o, vid, e := s.storeObject(c.bucket, key, p, meta, nil)
	if e != nil {
		return e
	}
	if vid != "" {
		c.w.Header().Set("x-cos-version-id", vid)
	}
	return c.postAnswer(form, key, o)
}

// readPostForm reads the fields up to the file part.
func readPostForm(mr *multipart.Reader) (postForm, *multipart.Part, *Error) {
	form := postForm{}
	size := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, nil, badRequest("IncorrectNumberOfFilesInPostRequest", "POST requires exactly one file upload per request.")
		}
		if err != nil {
			return nil, nil, badRequest("MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data: %v", err)
		}
		name := strings.ToLower(part.FormName())
		if name == "file" {
			return form, part, nil
		}
		v, err := io.ReadAll(io.LimitReader(part, maxPostFieldsBytes+1))
		size += len(name) + len(v)
		if err != nil {
			return nil, nil, badRequest("MalformedPOSTRequest", "Reading field %q: %v", name, err)
		}
		if size > maxPostFieldsBytes {
			return nil, nil, badRequest("MaxPostPreDataLengthExceededError", "The POST fields before the file exceed %d bytes.", maxPostFieldsBytes)
		}
		if _, dup := form[name]; !dup && name != "" {
			form[name] = string(v)
		}
	}
}

// objectHeaders maps the form's object fields to the headers PUT Object
// takes.
func (f postForm) objectHeaders() http.Header {
	h := http.Header{}
	for name, v := range f {
		switch {
		case name == "acl":
			h.Set("x-cos-acl", v)
		case strings.HasPrefix(name, "x-cos-meta-"), strings.HasPrefix(name, "x-cos-grant-"), name == "x-cos-storage-class":
			h.Set(name, v)
		case isContentHeader(name):
			h.Set(name, v)
		}
	}
	return h
}

// authorizePost checks the form's signature and policy (all but the size
// condition, which needs the file); it returns the policy, if any.
func (s *Server) authorizePost(c *reqCtx, form postForm, key string) (*postPolicy, *Error) {
	if raw, ok := form["policy"]; ok {
		return s.checkPostPolicy(c, form, key, raw)
	}
	if sig, ok := form["signature"]; ok && !c.signed {
		a, ok := parseAuthString(sig)
		if !ok {
			return nil, newError(http.StatusForbidden, codeMalformedAuth, "The Signature field is malformed.")
		}
		return nil, s.verifyAuth(a, form["x-cos-security-token"], c.r, c.q, c.now)
	}
	if c.signed || s.publicAccess(c) {
		return nil, nil
	}
	return nil, errAccessDenied("A POST upload to this bucket needs a policy and signature.")
}

func (s *Server) checkPostPolicy(c *reqCtx, form postForm, key, raw string) (*postPolicy, *Error) {
	doc, err := base64.StdEncoding.DecodeString(strings.TrimSpace(raw))
	if err != nil {
		return nil, errPolicy("The policy field is not base64.")
	}
	if !s.cfg.anonymous {
		a := authFields{algorithm: form["q-sign-algorithm"], ak: form["q-ak"], keyTime: form["q-key-time"],
			signTime: form["q-key-time"], signature: form["q-signature"]}
		if !a.complete() || !strings.EqualFold(a.algorithm, "sha1") {
			return nil, newError(http.StatusForbidden, codeMalformedAuth,
				"A policy needs q-sign-algorithm=sha1, q-ak, q-key-time and q-signature fields.")
		}
		secretKey, e := s.keyFor(a.ak, form["x-cos-security-token"], c.now)
		if e != nil {
			return nil, e
		}
		if e := checkTimes(a, c.now); e != nil {
			return nil, e
		}
		if !sameSig(postPolicySignature(secretKey, a.keyTime, doc), a.signature) {
			return nil, newError(http.StatusForbidden, "SignatureDoesNotMatch", "")
		}
	}
	p, e := parsePostPolicy(doc)
	if e != nil {
		return nil, e
	}
	if c.now.After(p.expiration) {
		return nil, errAccessDenied("Invalid according to Policy: Policy expired.")
	}
	e = p.checkFields(func(field string) (string, bool) {
		switch field {
		case "bucket":
			return c.bucket, true
		case "key":
			return key, true
		case "q-sign-time":
			v, ok := form["q-key-time"]
			return v, ok
		}
		v, ok := form[field]
		return v, ok
	})
	return p, e
}

// readPostFile reads the file part, up to limit bytes, with its digests
// and checks the Content-MD5 field when sent.
func readPostFile(file *multipart.Part, contentMD5 string, limit int64) (*payload, *Error) {
	md := md5.New()
	crc := crc64x.New()
	data, err := io.ReadAll(io.TeeReader(io.LimitReader(file, limit+1), io.MultiWriter(md, crc)))
	if err != nil {
		return nil, badRequest("IncompleteBody", "Reading the file: %v", err)
	}
	if int64(len(data)) > limit {
		return nil, badRequest("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size (%d bytes).", limit)
	}
	p := &payload{data: data, crc: crc.Sum64()}
	md.Sum(p.md5[:0])
	if contentMD5 != "" {
		want, err := base64.StdEncoding.DecodeString(contentMD5)
		if err != nil || len(want) != md5.Size {
			return nil, badRequest("InvalidDigest", "")
		}
		if !bytes.Equal(want, p.md5[:]) {
			return nil, badRequest("BadDigest", "")
		}
	}
	return p, nil
}

// postAnswer writes the success answer the form asked for.
func (c *reqCtx) postAnswer(form postForm, key string, o *object) *Error {
	h := c.w.Header()
	h.Set("ETag", o.etag)
	h.Set("x-cos-hash-crc64ecma", strconv.FormatUint(o.crc, 10))
	if r := form["success_action_redirect"]; r != "" {
		if u, err := url.Parse(r); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			sep := "?"
			if u.RawQuery != "" {
				sep = "&"
			}
			h.Set("Location", r+sep+"bucket="+url.QueryEscape(c.bucket)+"&key="+url.QueryEscape(key)+
				"&etag="+url.QueryEscape(o.etag))
			return c.writeEmpty(http.StatusSeeOther)
		}
	}
	h.Set("Location", c.objectURL(key))
	switch form["success_action_status"] {
	case "200":
		return c.writeEmpty(http.StatusOK)
	case "201":
		return c.writeEmpty(http.StatusCreated)
	}
	return c.writeEmpty(http.StatusNoContent)
}

// objectURL is the URL of key as this request addressed the bucket.
func (c *reqCtx) objectURL(key string) string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	prefix := ""
	if pathStyleHost(hostOnly(c.r.Host)) {
		prefix = "/" + c.bucket
	}
	return scheme + "://" + c.r.Host + prefix + "/" + cosEscape(key, true)
}
