package crc64x

import (
	"math/rand/v2"
	"testing"
)

// combineMatrix is zlib's original crc32_combine written for CRC-64/XZ:
// feed crc1 through 8*len2 zero bits by squaring the GF(2) operator of one
// zero bit. Combine must agree with it everywhere.
func combineMatrix(crc1, crc2 uint64, len2 int64) uint64 {
	if len2 <= 0 {
		return crc1
	}
	var even, odd [64]uint64
	odd[0] = poly
	row := uint64(1)
	for n := 1; n < 64; n++ {
		odd[n] = row
		row <<= 1
	}
	square(&even, &odd)
	square(&odd, &even)
	for {
		square(&even, &odd)
		if len2&1 != 0 {
			crc1 = times(&even, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
		square(&odd, &even)
		if len2&1 != 0 {
			crc1 = times(&odd, crc1)
		}
		len2 >>= 1
		if len2 == 0 {
			break
		}
	}
	return crc1 ^ crc2
}

func times(mat *[64]uint64, vec uint64) uint64 {
	var sum uint64
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func square(sq, mat *[64]uint64) {
	for n := range 64 {
		sq[n] = times(mat, mat[n])
	}
}

// TestCombineMatchesMatrixMethod: random CRCs and lengths of every size
// class, up to the largest int64, agree with the matrix method.
func TestCombineMatchesMatrixMethod(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 7))
	lengths := []int64{1, 2, 3, 7, 8, 9, 255, 256, 4096, 1 << 20, 8 << 20, 5<<30 + 3, 1<<62 + 12345, 1<<63 - 1}
	for range 500 {
		lengths = append(lengths, r.Int64N(1<<uint(r.IntN(62)+1)))
	}
	for _, n := range lengths {
		c1, c2 := r.Uint64(), r.Uint64()
		if got, want := Combine(c1, c2, n), combineMatrix(c1, c2, n); got != want {
			t.Fatalf("Combine(%#x, %#x, %d) = %#x, the matrix method says %#x", c1, c2, n, got, want)
		}
	}
}

// TestCombineOfRealData: the CRC of data cut anywhere is the combination
// of its two sides' CRCs.
func TestCombineOfRealData(t *testing.T) {
	t.Parallel()
	data := randomBytes(3, 70000)
	for _, cut := range []int{0, 1, 7, 8, 100, 4095, 4096, 65536, 69999, 70000} {
		a, b := data[:cut], data[cut:]
		if got, want := Combine(Checksum(a), Checksum(b), int64(len(b))), Checksum(data); got != want {
			t.Errorf("cut at %d: Combine = %#x, Checksum = %#x", cut, got, want)
		}
	}
}

func BenchmarkCombine(b *testing.B) {
	for _, n := range []int64{5, 8 << 20, 1<<40 - 1} {
		b.Run(map[int64]string{5: "5B", 8 << 20: "8MiB", 1<<40 - 1: "1TiB-1"}[n], func(b *testing.B) {
			crc := uint64(1)
			for b.Loop() {
				crc = Combine(crc, 42, n)
			}
			_ = crc
		})
		b.Run(map[int64]string{5: "5B", 8 << 20: "8MiB", 1<<40 - 1: "1TiB-1"}[n]+"/matrix", func(b *testing.B) {
			crc := uint64(1)
			for b.Loop() {
				crc = combineMatrix(crc, 42, n)
			}
			_ = crc
		})
	}
}

// FuzzCombine compares Combine with the matrix method, and with the CRC of
// real data cut in two.
func FuzzCombine(f *testing.F) {
	f.Add(uint64(0), uint64(0), int64(0), []byte(""), uint16(0))
	f.Add(uint64(1), ^uint64(0), int64(8<<20), []byte("hello world"), uint16(6))
	f.Add(^uint64(0), uint64(42), int64(1<<62+7), randomBytes(41, 300), uint16(150))
	f.Fuzz(func(t *testing.T, c1, c2 uint64, n int64, p []byte, cut uint16) {
		if got, want := Combine(c1, c2, n), combineMatrix(c1, c2, n); got != want {
			t.Fatalf("Combine(%#x, %#x, %d) = %#x, the matrix method says %#x", c1, c2, n, got, want)
		}
		k := int(cut) % (len(p) + 1)
		if got, want := Combine(Checksum(p[:k]), Checksum(p[k:]), int64(len(p)-k)), Checksum(p); got != want {
			t.Fatalf("split at %d: %#x, want %#x", k, got, want)
		}
	})
}
