package costest

import (
	"encoding/xml"
	"net/http"
	"sort"
	"strings"
)

// GET Bucket Object versions (GET /?versions). Source: the API page and
// its eleven samples (cloud.tencent.com/document/api/436/35521): keys in
// UTF-8 order, each key's versions newest first with Version and
// DeleteMarker elements interleaved; max-keys counts CommonPrefixes,
// Version and DeleteMarker together; NextKeyMarker / NextVersionIdMarker
// (both sent when truncated, the latter empty after a common prefix)
// name the last entry; key-marker alone starts after that key,
// key-marker with version-id-marker starts after that version; a bucket
// that never had versioning shows <VersionId/>.

// OpListObjectVersions is GET Bucket Object versions.
const OpListObjectVersions Op = "ListObjectVersions"

type listVersionsResult struct {
	XMLName             xml.Name          `xml:"ListVersionsResult"`
	EncodingType        string            `xml:"EncodingType,omitempty"`
	Name                string            `xml:"Name"`
	Prefix              string            `xml:"Prefix"`
	KeyMarker           string            `xml:"KeyMarker"`
	VersionIDMarker     string            `xml:"VersionIdMarker"`
	MaxKeys             int               `xml:"MaxKeys"`
	IsTruncated         bool              `xml:"IsTruncated"`
	NextKeyMarker       *string           `xml:"NextKeyMarker,omitempty"`
	NextVersionIDMarker *string           `xml:"NextVersionIdMarker,omitempty"`
	Delimiter           string            `xml:"Delimiter,omitempty"`
	CommonPrefixes      []commonPrefixXML `xml:"CommonPrefixes"`
	Entries             []versionEntryXML `xml:"Version"`
}

// versionEntryXML is a <Version> or a <DeleteMarker> (by XMLName), so the
// two kinds keep their order in one list.
type versionEntryXML struct {
	XMLName      xml.Name
	Key          string   `xml:"Key"`
	VersionID    string   `xml:"VersionId"`
	IsLatest     bool     `xml:"IsLatest"`
	LastModified string   `xml:"LastModified"`
	ETag         string   `xml:"ETag,omitempty"`
	Size         *int64   `xml:"Size,omitempty"`
	StorageClass string   `xml:"StorageClass,omitempty"`
	Owner        ownerXML `xml:"Owner"`
}

func (s *Server) listObjectVersions(c *reqCtx) *Error {
	prefix, delim := c.q.get("prefix"), c.q.get("delimiter")
	keyMarker, idMarker := c.q.get("key-marker"), c.q.get("version-id-marker")
	maxKeys, enc, e := keyListParams(c.q)
	if e != nil {
		return e
	}
	res := listVersionsResult{Name: c.bucket, Prefix: encodeIf(enc, prefix), KeyMarker: encodeIf(enc, keyMarker),
		VersionIDMarker: idMarker, MaxKeys: maxKeys, Delimiter: encodeIf(enc, delim)}
	if enc {
		res.EncodingType = "url"
	}
	owner := ownerXML{ID: s.cfg.appID, DisplayName: s.cfg.appID}
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	b, e := s.store.bucket(c.bucket)
	if e != nil {
		return e
	}
	keys := b.sortedKeys()
	count, lastCP := 0, ""
	var nextKey, nextID string
	full := func() bool {
		if count < maxKeys {
			count++
			return false
		}
		res.IsTruncated = maxKeys > 0 || listMaxKeysZeroTruncates
		return true
	}
keys:
	for _, k := range keys[sort.SearchStrings(keys, prefix):] {
		if !strings.HasPrefix(k, prefix) {
			break
		}
		vs := b.versions[k]
		switch {
		case k < keyMarker:
			continue
		case k == keyMarker:
			vs = after(vs, idMarker)
		}
		if cp := commonPrefix(k, prefix, delim); cp != "" {
			if cp == lastCP || cp <= keyMarker {
				continue
			}
			if full() {
				break keys
			}
			res.CommonPrefixes = append(res.CommonPrefixes, commonPrefixXML{Prefix: encodeIf(enc, cp)})
			lastCP, nextKey, nextID = cp, cp, ""
			continue
		}
		for _, o := range vs {
			if full() {
				break keys
			}
			res.Entries = append(res.Entries, versionEntry(enc, o, b.shownID(o), o == b.latest(k), owner))
			nextKey, nextID = k, b.shownID(o)
		}
	}
	if res.IsTruncated {
		nk := encodeIf(enc, nextKey)
		res.NextKeyMarker, res.NextVersionIDMarker = &nk, &nextID
	}
	return c.writeXML(http.StatusOK, res)
}

// after returns the versions that follow the one with ID id; none when
// id is empty (key-marker alone skips the whole key) or unknown.
func after(vs []*object, id string) []*object {
	if id == "" {
		return nil
	}
	for i, o := range vs {
		if o.versionID == id {
			return vs[i+1:]
		}
	}
	return nil
}

func versionEntry(enc bool, o *object, id string, latest bool, owner ownerXML) versionEntryXML {
	v := versionEntryXML{Key: encodeIf(enc, o.key), VersionID: id, IsLatest: latest,
		LastModified: o.modified.UTC().Format(timeISO), Owner: owner}
	if o.deleteMarker {
		v.XMLName.Local = "DeleteMarker"
		return v
	}
	v.XMLName.Local = "Version"
	size := int64(len(o.data))
	v.ETag, v.Size, v.StorageClass = o.etag, &size, o.meta.storageClass
	return v
}
