package costest

import (
	"crypto/md5"
	"net/http"
	"sort"
	"strings"

	"github.com/cosgo/cos/internal/crc64x"
)

// CreateBucket creates a bucket directly in the store, with the same name
// rules as the CreateBucket operation. It returns an [*Error] such as
// InvalidBucketName or BucketAlreadyOwnedByYou.
func (s *Server) CreateBucket(name string) error {
	if e := s.checkBucketName(name); e != nil {
		return e
	}
	if e := s.addBucket(name, aclPolicy{canned: "private"}, ""); e != nil {
		return e
	}
	return nil
}

// PutObject stores an object directly, as a PUT Object would. meta holds
// headers by name (case-insensitive): Content-Type, Cache-Control,
// Content-Disposition, Content-Encoding, Content-Language, Expires,
// x-cos-meta-*, x-cos-storage-class and x-cos-acl; any other name is
// taken as user metadata ("author" becomes x-cos-meta-author). data is
// copied. It returns an [*Error] for a missing bucket or invalid input.
func (s *Server) PutObject(bucket, key string, data []byte, meta map[string]string) error {
	if key == "" {
		return errInvalidArgument("The key is empty.")
	}
	if e := checkKey(key); e != nil {
		return e
	}
	h := http.Header{}
	for name, v := range meta {
		lname := strings.ToLower(name)
		switch {
		case lname == "x-cos-storage-class" || lname == "x-cos-acl" || strings.HasPrefix(lname, "x-cos-meta-"):
		case isContentHeader(name):
		default:
			name = "x-cos-meta-" + name
		}
		h.Set(name, v)
	}
	m, e := parseObjectMeta(h)
	if e != nil {
		return e
	}
	p := &payload{data: append([]byte(nil), data...), md5: md5.Sum(data), crc: crc64x.Checksum(data)}
	if _, _, e := s.storeObject(bucket, key, p, m, nil); e != nil {
		return e
	}
	return nil
}

func isContentHeader(name string) bool {
	for _, h := range contentHeaders {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

// Object returns a copy of an object's bytes, and whether it exists.
func (s *Server) Object(bucket, key string) (data []byte, ok bool) {
	o, _, e := s.store.lookupObject(bucket, key, "")
	if e != nil {
		return nil, false
	}
	return append([]byte{}, o.data...), true
}

// ObjectKeys returns the keys of a bucket in byte order (nil if the
// bucket does not exist): the keys a listing shows, not those whose
// latest version is a delete marker.
func (s *Server) ObjectKeys(bucket string) []string {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	b := s.store.buckets[bucket]
	if b == nil {
		return nil
	}
	var keys []string
	for _, k := range b.sortedKeys() {
		if b.live(k) != nil {
			keys = append(keys, k)
		}
	}
	return keys
}

// MultipartUploads returns the IDs of a bucket's open multipart uploads,
// sorted, so tests can assert that no upload was left behind.
func (s *Server) MultipartUploads(bucket string) []string {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	b := s.store.buckets[bucket]
	if b == nil {
		return nil
	}
	ids := make([]string, 0, len(b.uploads))
	for id := range b.uploads {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Buckets returns the names of all buckets, sorted.
func (s *Server) Buckets() []string {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	names := make([]string, 0, len(s.store.buckets))
	for n := range s.store.buckets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
