package crc64x

import (
	"fmt"
	"hash/crc64"
	"testing"
)

var benchSizes = []int{15, 64, 1 << 10, 64 << 10, 8 << 20}

// BenchmarkUpdate measures Update against hash/crc64 with the ECMA table on
// the same buffers; compare the MB/s columns of the two sub-benchmarks.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range benchSizes {
		p := randomBytes(9, n)
		b.Run(fmt.Sprintf("size=%d/crc64x", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			crc := uint64(0)
			for b.Loop() {
				crc = Update(crc, p)
			}
		})
		b.Run(fmt.Sprintf("size=%d/stdlib", n), func(b *testing.B) {
			b.SetBytes(int64(n))
			crc := uint64(0)
			for b.Loop() {
				crc = crc64.Update(crc, stdTable, p)
			}
		})
	}
}

// BenchmarkImplementations measures each code path this CPU can run.
func BenchmarkImplementations(b *testing.B) {
	for _, n := range []int{16, 32, 48, 63, 128, 256, 512, 1 << 10, 4 << 10, 8 << 20} {
		p := randomBytes(9, n)
		for name, up := range implementations() {
			b.Run(fmt.Sprintf("size=%d/%s", n, name), func(b *testing.B) {
				b.SetBytes(int64(n))
				s := uint64(0)
				for b.Loop() {
					s = up(s, p)
				}
			})
		}
	}
}
