package cos

import (
	"crypto/sha1"
	"hash/maphash"
	"sync/atomic"
)

// signKeyEntry is one derived key: hex(HMAC-SHA1(secretKey, keyTime)) for
// the key-time window [start, end].
type signKeyEntry struct {
	secretKey  string
	start, end int64
	key        [2 * sha1.Size]byte
}

// signKeyCache remembers the last derived key per slot, so that requests
// signed with the same credentials in the same key-time window derive it
// once. A slot is chosen by a seeded hash of the secret key (so that two
// credentials in turn rarely evict each other) and an entry is used only
// when secret key and window both match exactly, so a collision costs a
// derivation, never a wrong key. It holds at most len(signKeyCache)
// entries; each is immutable once published.
var (
	signKeyCache [4]atomic.Pointer[signKeyEntry]
	signKeySeed  = maphash.MakeSeed()
)

// signingKey returns hex(HMAC-SHA1(secretKey, keyTime)); keyTime is the
// "start;end" text of the window [start, end].
func signingKey(secretKey string, start, end int64, keyTime []byte) [2 * sha1.Size]byte {
	slot := &signKeyCache[maphash.String(signKeySeed, secretKey)%uint64(len(signKeyCache))]
	if e := slot.Load(); e != nil && e.start == start && e.end == end && e.secretKey == secretKey {
		return e.key
	}
	e := &signKeyEntry{secretKey: secretKey, start: start, end: end}
	hmacSHA1Hex(e.key[:], secretKey, keyTime)
	slot.Store(e)
	return e.key
}
