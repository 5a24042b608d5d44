package costest

import (
	"sort"
	"sync"
	"time"
)

// store is the in-memory state. Objects and parts are immutable once
// stored: a change replaces the pointer, so a reader may keep a pointer
// (and serve its bytes) after releasing the lock.
type store struct {
	mu      sync.RWMutex
	buckets map[string]*bucket
}

type bucket struct {
	name      string
	created   time.Time
	azType    string
	acl       aclPolicy
	cors      *corsConfig
	lifecycle []byte // normalised LifecycleConfiguration document
	objects   map[string]*object
	uploads   map[string]*upload
}

// objectMeta is what a PUT, Initiate or Copy sets besides the bytes.
type objectMeta struct {
	content      map[string]string // canonical header name -> value
	user         map[string]string // "x-cos-meta-<suffix>" (lowercase) -> value
	storageClass string
	acl          aclPolicy
}

type object struct {
	key      string
	data     []byte
	etag     string // quoted
	crc      uint64
	modified time.Time
	meta     objectMeta
	restore  *restoreState
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

// bucket returns the named bucket; the caller holds the lock.
func (st *store) bucket(name string) (*bucket, *Error) {
	b := st.buckets[name]
	if b == nil {
		return nil, errNoSuchBucket()
	}
	return b, nil
}

// lookupObject returns a bucket's object under a read lock.
func (st *store) lookupObject(bucketName, key string) (*object, *bucket, *Error) {
	st.mu.RLock()
	defer st.mu.RUnlock()
	b, e := st.bucket(bucketName)
	if e != nil {
		return nil, nil, e
	}
	o := b.objects[key]
	if o == nil {
		return nil, b, errNoSuchKey()
	}
	return o, b, nil
}

// updateObject replaces an object by a modified copy (objects are
// immutable once stored).
func (st *store) updateObject(bucketName, key string, change func(*object)) *Error {
	st.mu.Lock()
	defer st.mu.Unlock()
	b, e := st.bucket(bucketName)
	if e != nil {
		return e
	}
	o := b.objects[key]
	if o == nil {
		return errNoSuchKey()
	}
	no := *o
	change(&no)
	b.objects[key] = &no
	return nil
}

// sortedKeys returns the object keys of b in byte order; the caller holds
// the lock.
func (b *bucket) sortedKeys() []string {
	keys := make([]string, 0, len(b.objects))
	for k := range b.objects {
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
