package costest

import "hash/crc64"

// COS's x-cos-hash-crc64ecma is CRC-64/XZ: Go's crc64 with the ECMA table
// (reflected polynomial 0xC96C5795D7870F42, initial value and final XOR all
// ones), written in decimal.
var ecmaTable = crc64.MakeTable(crc64.ECMA)

const crcPoly = 0xC96C5795D7870F42

// crcCombine returns the CRC of A||B from crc(A), crc(B) and len(B), as
// zlib's crc32_combine does: feed crc(A) through 8*len(B) zero bits with
// GF(2) matrix squaring, then XOR crc(B).
func crcCombine(crcA, crcB uint64, lenB int64) uint64 {
	if lenB <= 0 {
		return crcA
	}
	var even, odd [64]uint64
	odd[0] = crcPoly // operator for one zero bit
	row := uint64(1)
	for n := 1; n < 64; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four zero bits
	for {
		gf2Square(&even, &odd) // first pass: one zero byte
		if lenB&1 != 0 {
			crcA = gf2Times(&even, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
		gf2Square(&odd, &even)
		if lenB&1 != 0 {
			crcA = gf2Times(&odd, crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(mat *[64]uint64, vec uint64) uint64 {
	var sum uint64
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[64]uint64) {
	for n := range 64 {
		square[n] = gf2Times(mat, mat[n])
	}
}
