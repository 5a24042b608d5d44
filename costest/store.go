package costest

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// store is the in-memory state. Object versions and parts are immutable
// once stored: a change replaces the pointer, so a reader may keep a
// pointer (and serve its bytes) after releasing the lock.
//
// The store API, for handlers:
//   - bucket(name) finds a bucket (caller holds mu);
//   - lookupObject(bucket, key, versionID) is the one lookup of an object
//     version (the latest when versionID is empty);
//   - updateObject(bucket, key, versionID, change) replaces one version by
//     a changed copy (ACL, restore, retention, tags);
//   - putObject / write store a new version under the bucket's versioning
//     state (versions.go);
//   - deleteObject / remove apply a DELETE (versions.go).
type store struct {
	mu      sync.RWMutex
	buckets map[string]*bucket
	// seq numbers the version IDs minted by mintVersionID.
	seq atomic.Uint64
}

type bucket struct {
	name      string
	created   time.Time
	azType    string
	acl       aclPolicy
	cors      *corsConfig
	lifecycle []byte     // normalised LifecycleConfiguration document
	conf      bucketConf // website, encryption, inventory, ... (bucketconf.go)
	tags      []tag      // nil: no tag set (tagging.go)
	policy    []byte     // JSON policy as sent (policy.go)
	logging   *loggingTarget
	referer   *refererConfig
	// versioning is "" (never enabled), versioningEnabled or
	// versioningSuspended; once set it never returns to "".
	versioning string
	// replication is the normalised ReplicationConfiguration document.
	replication []byte
	// objectLock is the object lock configuration (nil: never enabled).
	objectLock *objectLockConfig
	// versions holds every key's versions and delete markers, newest
	// first; versions[key][0] is the key's latest version. A key with no
	// version left is not in the map.
	versions map[string][]*object
	uploads  map[string]*upload
}

// objectMeta is what a PUT, Initiate or Copy sets besides the bytes.
type objectMeta struct {
	content      map[string]string // canonical header name -> value
	user         map[string]string // "x-cos-meta-<suffix>" (lowercase) -> value
	storageClass string
	acl          aclPolicy
	tags         []tag   // object tags (tagging.go)
	sse          sseInfo // x-cos-server-side-encryption (encryption.go)
}

// object is one version of a key, or a delete marker.
type object struct {
	key string
	// versionID is versionNull for the version written while versioning
	// was never enabled or is suspended; it is reported as "" while the
	// bucket has never had versioning (see bucket.shownID).
	versionID string
	// deleteMarker marks a delete marker: no bytes, no metadata.
	deleteMarker bool
	data         []byte
	etag         string // quoted
	crc          uint64
	modified     time.Time
	meta         objectMeta
	restore      *restoreState
	// retention locks the version against deletion and overwrite until
	// retention.until (object lock).
	retention retention
	// appendable marks an object built by APPEND Object (append.go).
	appendable bool
	// symlink is the target key of a symbolic link (symlink.go); data
	// then holds the target path.
	symlink string
}

type upload struct {
	id        string
	key       string
	initiated time.Time
	meta      objectMeta
	parts     map[int]*part
}

type part struct {
	number   int
	data     []byte
	md5      [16]byte
	crc      uint64
	modified time.Time
}

// restoreState records a restore request on an archived object.
type restoreState struct {
	ready   time.Time // when the restored copy becomes readable
	expires time.Time // when the restored copy goes away again
}

func newStore() *store { return &store{buckets: map[string]*bucket{}} }

func newBucket(name string, created time.Time, acl aclPolicy, az string) *bucket {
	return &bucket{name: name, created: created, azType: az, acl: acl,
		versions: map[string][]*object{}, uploads: map[string]*upload{}}
}

// bucket returns the named bucket; the caller holds the lock.
func (st *store) bucket(name string) (*bucket, *Error) {
	b := st.buckets[name]
	if b == nil {
		return nil, errNoSuchBucket()
	}
	return b, nil
}

// lookupObject is the one lookup of an object version: the latest
// version of key when versionID is empty, else that version. It also
// returns the x-cos-version-id to report ("" in a bucket that never had
// versioning). A delete marker is not an object: it answers 404 NoSuchKey
// with x-cos-delete-marker; an unknown version is 404 NoSuchVersion.
func (st *store) lookupObject(bucketName, key, versionID string) (*object, string, *Error) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	b, e := st.bucket(bucketName)
	if e != nil {
		return nil, "", e
	}
	return b.find(key, versionID)
}

// find is lookupObject with the lock held.
func (b *bucket) find(key, versionID string) (*object, string, *Error) {
	var o *object
	if versionID == "" {
		if o = b.latest(key); o == nil {
			return nil, "", errNoSuchKey()
		}
	} else if o = b.version(key, versionID); o == nil {
		return nil, "", errNoSuchVersion()
	}
	shown := b.shownID(o)
	if o.deleteMarker {
		e := errNoSuchKey().withHeader("x-cos-delete-marker", "true")
		if shown != "" {
			e.withHeader("x-cos-version-id", shown)
		}
		return nil, shown, e
	}
	return o, shown, nil
}

// updateObject replaces one version (the latest when versionID is empty)
// by a changed copy; versions are immutable once stored.
func (st *store) updateObject(bucketName, key, versionID string, change func(*object)) *Error {
	st.mu.Lock()
	defer st.mu.Unlock()
	b, e := st.bucket(bucketName)
	if e != nil {
		return e
	}
	o, _, e := b.find(key, versionID)
	if e != nil {
		return e
	}
	no := *o
	change(&no)
	b.replace(o, &no)
	return nil
}

// replace puts version n where version o was; the caller holds the lock.
func (b *bucket) replace(o, n *object) {
	vs := b.versions[o.key]
	for i := range vs {
		if vs[i] == o {
			vs[i] = n
		}
	}
}

// sortedKeys returns every key of b that has a version or delete marker,
// in byte order; the caller holds the lock.
func (b *bucket) sortedKeys() []string {
	keys := make([]string, 0, len(b.versions))
	for k := range b.versions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// restoreStatus reports where o stands: "" (no restore or expired),
// "ongoing" or "done".
func (o *object) restoreStatus(now time.Time) string {
	if o.restore == nil {
		return ""
	}
	if now.Before(o.restore.ready) {
		return "ongoing"
	}
	if now.Before(o.restore.expires) {
		return "done"
	}
	return ""
}

// readable reports whether GET and copy may read o's bytes.
func (o *object) readable(now time.Time) bool {
	return !isArchive(o.meta.storageClass) || o.restoreStatus(now) == "done"
}

func isArchive(class string) bool { return class == "ARCHIVE" || class == "DEEP_ARCHIVE" }
