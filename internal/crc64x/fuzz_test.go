package crc64x

import (
	"hash/crc64"
	"testing"
)

// FuzzUpdate compares Update, every implementation and a split Update with
// hash/crc64.
func FuzzUpdate(f *testing.F) {
	f.Add(uint64(0), []byte(""), uint16(0))
	f.Add(uint64(0), []byte("123456789"), uint16(4))
	f.Add(^uint64(0), randomBytes(31, 15), uint16(7))
	f.Add(uint64(0x0123456789abcdef), randomBytes(32, 64), uint16(16))
	f.Add(uint64(1), randomBytes(33, 127), uint16(100))
	f.Add(uint64(2), randomBytes(34, 513), uint16(512))
	f.Add(uint64(3), randomBytes(35, 1041), uint16(1))
	f.Add(uint64(4), randomBytes(36, 4099), uint16(2048))
	impls := implementations()
	f.Fuzz(func(t *testing.T, crc uint64, p []byte, cut uint16) {
		want := crc64.Update(crc, stdTable, p)
		if got := Update(crc, p); got != want {
			t.Fatalf("Update = %#x, want %#x", got, want)
		}
		for name, up := range impls {
			if got := ^up(^crc, p); got != want {
				t.Fatalf("%s = %#x, want %#x", name, got, want)
			}
		}
		k := int(cut) % (len(p) + 1)
		if got := Update(Update(crc, p[:k]), p[k:]); got != want {
			t.Fatalf("split at %d = %#x, want %#x", k, got, want)
		}
	})
}
