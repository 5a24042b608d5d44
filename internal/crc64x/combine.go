package crc64x

// Combine returns the CRC of A||B from crc1 = CRC(A), crc2 = CRC(B) and
// len2 = len(B) in O(log len2) steps, as zlib's crc32_combine does: feed
// crc1 through 8*len2 zero bits with GF(2) matrix squaring, then XOR crc2.
// A len2 <= 0 returns crc1.
func Combine(crc1, crc2 uint64, len2 int64) uint64 {
	if len2 <= 0 {
		return crc1
	}
	// odd is the operator for one zero bit, squared into even (two bits),
	// odd (four bits), ... and applied for every set bit of len2 in bytes.
	var even, odd [64]uint64
	odd[0] = poly
	row := uint64(1)
	for n := 1; n < 64; n++ {
		odd[n] = row
		row <<= 1
	}
	square(&even, &odd) // two zero bits
	square(&odd, &even) // four zero bits
	for {
		square(&even, &odd) // first pass: one zero byte
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
