package costest

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// encodingType reads encoding-type: "" or "url".
func encodingType(q query) (bool, *Error) {
	switch v := q.get("encoding-type"); v {
	case "":
		return false, nil
	case "url":
		return true, nil
	default:
		return false, errInvalidArgument("encoding-type %q is not supported; use url.", v)
	}
}

// encodeIf encodes a listed name for encoding-type=url with the signing
// encoder, keeping "/" literal.
func encodeIf(enc bool, s string) string {
	if enc {
		return cosEscape(s, true)
	}
	return s
}

// listLimit reads max-keys / max-parts: default and cap 1000, 0 allowed.
func listLimit(q query, name string) (int, *Error) {
	v := q.get(name)
	if v == "" {
		return maxListKeys, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, errInvalidArgument("%s %q must be a non-negative integer.", name, v)
	}
	return min(n, maxListKeys), nil
}

// keyListParams reads the parameters both key listings (objects and
// versions) check first: max-keys, then encoding-type.
func keyListParams(q query) (maxKeys int, enc bool, e *Error) {
	if maxKeys, e = listLimit(q, "max-keys"); e != nil {
		return 0, false, e
	}
	enc, e = encodingType(q)
	return maxKeys, enc, e
}

// commonPrefix returns the common prefix that rolls up key under
// delimiter, or "".
func commonPrefix(key, prefix, delim string) string {
	if delim == "" {
		return ""
	}
	if i := strings.Index(key[len(prefix):], delim); i >= 0 {
		return key[:len(prefix)+i+len(delim)]
	}
	return ""
}

func (s *Server) listObjects(c *reqCtx) *Error {
	prefix, delim, marker := c.q.get("prefix"), c.q.get("delimiter"), c.q.get("marker")
	maxKeys, enc, e := keyListParams(c.q)
	if e != nil {
		return e
	}
	res := listBucketResult{Name: c.bucket, Prefix: encodeIf(enc, prefix), Marker: encodeIf(enc, marker),
		MaxKeys: maxKeys, Delimiter: encodeIf(enc, delim)}
	if enc {
		res.EncodingType = "url"
	}
	owner := ownerXML{ID: s.cfg.appID, DisplayName: s.cfg.appID}
	s.store.mu.RLock()
	b, e := s.store.bucket(c.bucket)
	if e != nil {
		s.store.mu.RUnlock()
		return e
	}
	keys := b.sortedKeys()
	count, lastCP, next := 0, "", ""
	for _, k := range keys[sort.SearchStrings(keys, prefix):] {
		if !strings.HasPrefix(k, prefix) {
			break
		}
		o := b.live(k)
		if k <= marker || o == nil {
			continue
		}
		cp := commonPrefix(k, prefix, delim)
		if cp != "" && (cp == lastCP || cp <= marker) {
			continue
		}
		if count == maxKeys {
			res.IsTruncated = maxKeys > 0 || listMaxKeysZeroTruncates
			break
		}
		count++
		if cp != "" {
			res.CommonPrefixes = append(res.CommonPrefixes, commonPrefixXML{Prefix: encodeIf(enc, cp)})
			lastCP, next = cp, cp
			continue
		}
		var restore string
		switch o.restoreStatus(c.now) {
		case "ongoing":
			restore = "ONGOING"
		case "done":
			restore = "DONE"
		}
		res.Contents = append(res.Contents, contentXML{Key: encodeIf(enc, k),
			LastModified: o.modified.UTC().Format(timeISO), ETag: o.etag, Size: int64(len(o.data)),
			Owner: owner, StorageClass: o.meta.storageClass, RestoreStatus: restore})
		next = k
	}
	s.store.mu.RUnlock()
	if res.IsTruncated {
		res.NextMarker = encodeIf(enc, next)
	}
	return c.writeXML(http.StatusOK, res)
}

func (s *Server) listMultipartUploads(c *reqCtx) *Error {
	prefix, delim := c.q.get("prefix"), c.q.get("delimiter")
	keyMarker, idMarker := c.q.get("key-marker"), c.q.get("upload-id-marker")
	maxUploads := maxListKeys
	if v := c.q.get("max-uploads"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxListKeys {
			return errInvalidArgument("max-uploads %q must be an integer from 1 to %d.", v, maxListKeys)
		}
		maxUploads = n
	}
	enc, e := encodingType(c.q)
	if e != nil {
		return e
	}
	res := listMultipartUploadsResult{Bucket: c.bucket, KeyMarker: encodeIf(enc, keyMarker),
		UploadIDMarker: encodeIf(enc, idMarker), MaxUploads: maxUploads,
		Prefix: encodeIf(enc, prefix), Delimiter: encodeIf(enc, delim)}
	if enc {
		res.EncodingType = "url"
	}
	owner := s.ownerXML()
	s.store.mu.RLock()
	b, e := s.store.bucket(c.bucket)
	if e != nil {
		s.store.mu.RUnlock()
		return e
	}
	ups := make([]*upload, 0, len(b.uploads))
	for _, u := range b.uploads {
		if strings.HasPrefix(u.key, prefix) {
			ups = append(ups, u)
		}
	}
	s.store.mu.RUnlock()
	sort.Slice(ups, func(i, j int) bool {
		if ups[i].key != ups[j].key {
			return ups[i].key < ups[j].key
		}
		return ups[i].id < ups[j].id
	})
	count, lastCP, nextKey, nextID := 0, "", "", ""
	for _, u := range ups {
		if keyMarker != "" && (u.key < keyMarker || u.key == keyMarker && (idMarker == "" || u.id <= idMarker)) {
			continue
		}
		cp := commonPrefix(u.key, prefix, delim)
		if cp != "" && (cp == lastCP || (keyMarker != "" && cp <= keyMarker)) {
			continue
		}
		if count == maxUploads {
			res.IsTruncated = true
			break
		}
		count++
		if cp != "" {
			res.CommonPrefixes = append(res.CommonPrefixes, commonPrefixXML{Prefix: encodeIf(enc, cp)})
			lastCP, nextKey, nextID = cp, cp, ""
			continue
		}
		res.Uploads = append(res.Uploads, uploadXML{Key: encodeIf(enc, u.key), UploadID: u.id,
			StorageClass: u.meta.storageClass, Initiator: owner, Owner: owner,
			Initiated: u.initiated.UTC().Format(timeISO)})
		nextKey, nextID = u.key, u.id
	}
	res.NextKeyMarker, res.NextUploadIDMarker = encodeIf(enc, nextKey), nextID
	return c.writeXML(http.StatusOK, res)
}

func (s *Server) listParts(c *reqCtx) *Error {
	maxParts, e := listLimit(c.q, "max-parts")
	if e != nil {
		return e
	}
	marker := 0
	if v := c.q.get("part-number-marker"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return errInvalidArgument("part-number-marker %q must be a non-negative integer.", v)
		}
		marker = n
	}
	enc, e := encodingType(c.q)
	if e != nil {
		return e
	}
	s.store.mu.RLock()
	_, u, e := s.store.upload(c.bucket, c.key, c.q.get("uploadId"))
	if e != nil {
		s.store.mu.RUnlock()
		return e
	}
	parts := make([]*part, 0, len(u.parts))
	for _, p := range u.parts {
		if p.number > marker {
			parts = append(parts, p)
		}
	}
	class := u.meta.storageClass
	s.store.mu.RUnlock()
	sort.Slice(parts, func(i, j int) bool { return parts[i].number < parts[j].number })
	res := listPartsResult{Bucket: c.bucket, Key: encodeIf(enc, c.key), UploadID: c.q.get("uploadId"),
		Initiator: s.ownerXML(), Owner: ownerXML{ID: s.cfg.appID, DisplayName: s.cfg.appID},
		StorageClass: class, PartNumberMarker: marker, MaxParts: maxParts}
	if enc {
		res.EncodingType = "url"
	}
	if len(parts) > maxParts {
		res.IsTruncated = maxParts > 0 || listMaxKeysZeroTruncates
		parts = parts[:maxParts]
	}
	for _, p := range parts {
		res.Parts = append(res.Parts, partXML{PartNumber: p.number, LastModified: p.modified.UTC().Format(timeISO),
			ETag: quotedETag(p.md5[:]), Size: int64(len(p.data))})
		res.NextPartNumberMarker = p.number
	}
	return c.writeXML(http.StatusOK, res)
}
