package crc64x

import (
	"hash/crc64"
	"math/rand/v2"
	"testing"
)

var stdTable = crc64.MakeTable(crc64.ECMA)

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestKnownValues(t *testing.T) {
	t.Parallel()
	cases := map[string]uint64{
		"":          0,
		"123456789": 0x995DC9BBDF1939FA, // the CRC-64/XZ check value
		"hello":     11177612005948864433,
	}
	for in, want := range cases {
		if got := Checksum([]byte(in)); got != want {
			t.Errorf("Checksum(%q) = %#x, want %#x", in, got, want)
		}
	}
}

// TestEveryLengthAndAlignment compares every implementation this CPU runs
// with hash/crc64 for lengths 0..4096 at offsets 0..15, from two starting
// CRCs. hash/crc64's value grows one byte at a time.
func TestEveryLengthAndAlignment(t *testing.T) {
	t.Parallel()
	const maxLen = 4096
	buf := randomBytes(1, maxLen+16)
	impls := implementations()
	for _, crc := range []uint64{0, 0x0123456789abcdef} {
		for off := range 16 {
			want := crc
			for n := 0; n <= maxLen; n++ {
				p := buf[off : off+n]
				if n > 0 {
					want = crc64.Update(want, stdTable, p[n-1:])
				}
				for name, up := range impls {
					if got := ^up(^crc, p); got != want {
						t.Fatalf("%s: crc %#x, offset %d, length %d: got %#x, want %#x", name, crc, off, n, got, want)
					}
				}
			}
		}
	}
}

func TestUpdateMatchesStdlib(t *testing.T) {
	t.Parallel()
	buf := randomBytes(2, 5000)
	for n := range len(buf) {
		if got, want := Update(7, buf[:n]), crc64.Update(7, stdTable, buf[:n]); got != want {
			t.Fatalf("Update length %d: got %#x, want %#x", n, got, want)
		}
		if got, want := Checksum(buf[:n]), crc64.Checksum(buf[:n], stdTable); got != want {
			t.Fatalf("Checksum length %d: got %#x, want %#x", n, got, want)
		}
	}
}

// TestRandomChaining splits buffers at random points and feeds the pieces
// one Update at a time; the result must not depend on the split.
func TestRandomChaining(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	buf := randomBytes(3, 200_000)
	for name, up := range implementations() {
		for round := range 200 {
			p := buf[:r.IntN(len(buf)+1)]
			want := crc64.Checksum(p, stdTable)
			s := ^uint64(0)
			for rest := p; len(rest) > 0; {
				var k int
				switch r.IntN(3) {
				case 0:
					k = r.IntN(32)
				case 1:
					k = r.IntN(2048)
				default:
					k = r.IntN(len(rest) + 1)
				}
				k = min(k, len(rest))
				s = up(s, rest[:k])
				rest = rest[k:]
			}
			if got := ^s; got != want {
				t.Fatalf("%s round %d, length %d: got %#x, want %#x", name, round, len(p), got, want)
			}
		}
	}
}

// TestLargeBuffers covers the long loops and their exits with sizes just
// around the round lengths, from an odd offset.
func TestLargeBuffers(t *testing.T) {
	t.Parallel()
	big := randomBytes(5, 9<<20+1031)
	sizes := []int{9<<20 + 1021, 1 << 20, 1<<20 + 1, 1<<20 - 1, 3*maxChunk + 7, 2*maxChunk + 500, maxChunk + 16, 512*3 + 16*5 + 3, 64*7 + 15, 127, 128, 129, 511, 512, 513}
	for name, up := range implementations() {
		for _, n := range sizes {
			p := big[3 : 3+n]
			if got, want := ^up(^uint64(0), p), crc64.Checksum(p, stdTable); got != want {
				t.Errorf("%s length %d: got %#x, want %#x", name, n, got, want)
			}
		}
	}
}
