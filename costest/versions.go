package costest

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// How a bucket's versioning state shapes writes and deletes (COS's
// versioning guide, cloud.tencent.com/document/product/436/19883, and
// the GET Bucket Object versions samples, 436/35521):
//   - never enabled: a key has one version, ID "null" inside costest but
//     reported as "" (listings show <VersionId/>, no x-cos-version-id);
//     a write replaces it, a DELETE removes it;
//   - Enabled: every write adds a version with a new ID; a DELETE without
//     versionId adds a delete marker with a new ID;
//   - Suspended: a write replaces the key's "null" version (older
//     versions stay); a DELETE without versionId replaces it by a "null"
//     delete marker;
//   - a DELETE with versionId removes that version, marker or not.
// Objects written before versioning was enabled keep the ID "null".

// Versioning states of a bucket, as PUT Bucket versioning sets them.
const (
	versioningEnabled   = "Enabled"
	versioningSuspended = "Suspended"
	// versionNull is the ID of the version written while versioning was
	// never enabled or is suspended.
	versionNull = "null"
)

// mintVersionID returns a new version ID shaped like COS's: the base64
// (no padding) of a 20-digit decimal that decreases as IDs are minted,
// e.g. "MTg0NDAwMDAwMDAwMDAwMDAwMDA". Decimal digits encode to letters
// and digits only, so the ID needs no escaping in a URL.
func (st *store) mintVersionID() string {
	n := st.seq.Add(1)
	return base64.RawStdEncoding.EncodeToString([]byte(strconv.FormatUint(18440000000000000000-n, 10)))
}

// versionParam reads the version a request names: versionId, or
// VersionId as the official Go SDK's ObjectDeleteOptions sends it.
func (c *reqCtx) versionParam() string {
	if v := c.q.get("versionId"); v != "" {
		return v
	}
	return c.q.get("VersionId")
}

// latest is key's newest version or delete marker (nil when none).
func (b *bucket) latest(key string) *object {
	if vs := b.versions[key]; len(vs) > 0 {
		return vs[0]
	}
	return nil
}

// live is key's current object: the latest version unless that is a
// delete marker (nil then, or when the key has no version).
func (b *bucket) live(key string) *object {
	if o := b.latest(key); o != nil && !o.deleteMarker {
		return o
	}
	return nil
}

// version is the version of key with ID id (nil when none).
func (b *bucket) version(key, id string) *object {
	for _, o := range b.versions[key] {
		if o.versionID == id {
			return o
		}
	}
	return nil
}

// shownID is the version ID COS reports for o: "" while the bucket has
// never had versioning.
func (b *bucket) shownID(o *object) string {
	if b.versioning == "" {
		return ""
	}
	return o.versionID
}

// without returns key's versions minus the one with ID id, as a new slice.
func (b *bucket) without(key, id string) []*object {
	vs := b.versions[key]
	out := make([]*object, 0, len(vs))
	for _, o := range vs {
		if o.versionID != id {
			out = append(out, o)
		}
	}
	return out
}

// setVersions stores key's versions, dropping the key when none is left.
func (b *bucket) setVersions(key string, vs []*object) {
	if len(vs) == 0 {
		delete(b.versions, key)
		return
	}
	b.versions[key] = vs
}

// putObject stores o as the newest version of its key (see write) and
// returns the x-cos-version-id to report.
func (st *store) putObject(bucketName string, o *object, h http.Header, now time.Time) (string, *Error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	b, e := st.bucket(bucketName)
	if e != nil {
		return "", e
	}
	if e := st.write(b, o, h, now); e != nil {
		return "", e
	}
	return b.shownID(o), nil
}

// write stores o (a new version of o.key, modified at now) under b's
// versioning state, setting o.versionID and o.retention; the caller holds
// the lock. h (may be nil) carries x-cos-forbid-overwrite. A write that
// would replace a version still under retention is refused.
func (st *store) write(b *bucket, o *object, h http.Header, now time.Time) *Error {
	key := o.key
	if h != nil && strings.EqualFold(h.Get("x-cos-forbid-overwrite"), "true") && b.live(key) != nil {
		return errorf(statusForbidOverwrite, codeForbidOverwrite, "The object %q already exists.", key)
	}
	if b.versioning != versioningEnabled {
		if old := b.version(key, versionNull); old != nil && old.locked(now) {
			return errObjectLocked(key, old.retention.until)
		}
	}
	o.modified = now
	o.meta.sse = b.withDefault(o.meta.sse) // the bucket's default encryption (encryption.go)
	if lk := b.objectLock; lk != nil && lk.days > 0 {
		o.retention = retainUntil(now.Add(time.Duration(lk.days) * 24 * time.Hour))
	}
	switch b.versioning {
	case versioningEnabled:
		o.versionID = st.mintVersionID()
		b.versions[key] = append([]*object{o}, b.versions[key]...)
	case versioningSuspended:
		o.versionID = versionNull
		b.versions[key] = append([]*object{o}, b.without(key, versionNull)...)
	default:
		o.versionID = versionNull
		b.versions[key] = []*object{o}
	}
	return nil
}

// deletion is what a DELETE did: the version it removed or the delete
// marker it created (versionID, "" when none), and whether that was a
// delete marker.
type deletion struct {
	versionID string
	marker    bool
}

// deleteObject applies DELETE Object (see remove).
func (st *store) deleteObject(bucketName, key, versionID string, now time.Time) (deletion, *Error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	b, e := st.bucket(bucketName)
	if e != nil {
		return deletion{}, e
	}
	return st.remove(b, key, versionID, now)
}

// remove applies a DELETE of key (of one version when versionID is set)
// under b's versioning state; the caller holds the lock. Removing a
// version under retention is refused; a delete marker never is.
func (st *store) remove(b *bucket, key, versionID string, now time.Time) (deletion, *Error) {
	if versionID != "" {
		o := b.version(key, versionID)
		if o == nil {
			return deletion{versionID: versionID}, nil // like a missing key
		}
		if o.locked(now) {
			return deletion{}, errObjectLocked(key, o.retention.until)
		}
		b.setVersions(key, b.without(key, versionID))
		return deletion{versionID: versionID, marker: o.deleteMarker}, nil
	}
	marker := &object{key: key, deleteMarker: true, modified: now}
	switch b.versioning {
	case versioningEnabled:
		marker.versionID = st.mintVersionID()
		b.versions[key] = append([]*object{marker}, b.versions[key]...)
	case versioningSuspended:
		if old := b.version(key, versionNull); old != nil && old.locked(now) {
			return deletion{}, errObjectLocked(key, old.retention.until)
		}
		marker.versionID = versionNull
		b.versions[key] = append([]*object{marker}, b.without(key, versionNull)...)
	default:
		if old := b.latest(key); old != nil && old.locked(now) {
			return deletion{}, errObjectLocked(key, old.retention.until)
		}
		delete(b.versions, key)
		return deletion{}, nil
	}
	return deletion{versionID: marker.versionID, marker: true}, nil
}

// setVersionHeaders reports a version on a write, read or delete answer:
// x-cos-version-id when id is not "" and x-cos-delete-marker when marker.
func (c *reqCtx) setVersionHeaders(id string, marker bool) {
	h := c.w.Header()
	if id != "" {
		h.Set("x-cos-version-id", id)
	}
	if marker {
		h.Set("x-cos-delete-marker", "true")
	}
}
