package crc64x

import "encoding/binary"

// slicing8 holds eight tables: slicing8[k][b] is the register after byte b
// followed by k zero bytes, so eight input bytes cost eight lookups.
var slicing8 = makeSlicing8()

func makeSlicing8() *[8][256]uint64 {
	t := new([8][256]uint64)
	for i := range 256 {
		c := uint64(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ poly
			} else {
				c >>= 1
			}
		}
		t[0][i] = c
	}
	for i := range 256 {
		c := t[0][i]
		for k := 1; k < 8; k++ {
			c = t[0][byte(c)] ^ c>>8
			t[k][i] = c
		}
	}
	return t
}

// updateTable advances the CRC register s (the complemented CRC) over p
// eight bytes at a time, then byte by byte.
func updateTable(s uint64, p []byte) uint64 {
	t := slicing8
	for len(p) >= 8 {
		s ^= binary.LittleEndian.Uint64(p)
		s = t[7][byte(s)] ^ t[6][byte(s>>8)] ^ t[5][byte(s>>16)] ^ t[4][byte(s>>24)] ^
			t[3][byte(s>>32)] ^ t[2][byte(s>>40)] ^ t[1][byte(s>>48)] ^ t[0][s>>56]
		p = p[8:]
	}
	for _, b := range p {
		s = t[0][byte(s)^b] ^ s>>8
	}
	return s
}
