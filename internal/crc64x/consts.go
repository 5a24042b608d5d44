package crc64x

// Constants for carry-less-multiplication folding of CRC-64/XZ, shared by
// the amd64 and arm64 code. TestFoldConstants recomputes every value from
// the polynomial, and TestFoldModel runs the whole algorithm in pure Go with
// them, so a wrong constant fails a test rather than a checksum.
//
// Notation: P = x^64 + 0x42F0E1EBA9EA3693 (ECMA-182). The CRC is
// "reflected": the first bit of the stream (bit 0 of byte 0) is the highest
// power of x, so a little-endian 64-bit load holds a polynomial of degree
// < 64 with bit j the coefficient of x^(63-j); r64(c) = bits.Reverse64(c)
// turns a constant from the usual order (bit j = x^j) into that form. A
// 16-byte block loaded little-endian holds the higher-degree half H in its
// low qword and the lower half L in its high qword. The CRC register (the
// complemented CRC) is XORed into the first block's low qword, as if it
// were the message's first eight bytes.
//
// In reflected form a carry-less multiply of two 64-bit values yields the
// product times x (the 127-bit product lands one bit short of the 128-bit
// register's top), so every constant below carries one power of x less
// than the plain algebra asks for.
//
// Folding a block D bits forward: the block H*x^64 + L, followed by D bits
// of message, contributes H*x^(64+D) + L*x^D, which is congruent mod P to
//
//	H*(x^(D+63) mod P)*x + L*(x^(D-1) mod P)*x
//
// a 128-bit value XORed onto the block D bits later. fold<D> holds
// {r64(x^(D+63) mod P), r64(x^(D-1) mod P)}: the low qword multiplies the
// block's low qword, the high qword its high qword.
//
// Final reduction of the last block R = H*x^64 + L: the CRC is R*x^64 mod P.
// First W = H*(x^127 mod P)*x + L*x^64 (fold128's high qword is
// r64(x^127 mod P)), a 128-bit value congruent to R*x^64. Then Barrett,
// with W = Wh*x^64 + Wl and mu = floor(x^128 / P) (65 bits): the quotient
// q = floor(W / P) is exactly floor(Wh*mu / x^64) over GF(2); since
// mu = (mu>>1)*x + 1, that is the upper 64 coefficients of Wh*(mu>>1)*x,
// which land in the low qword of clmul(Wh, r64(mu>>1)). The remainder is
// Wl + (q*P mod x^64) = Wl + q + (the lower 64 coefficients of
// q*(P>>1)*x), the last in the high qword of clmul(q, r64(P>>1)); in the
// register Wl is W's high qword. barrett holds {r64(mu>>1), r64(P>>1)}.
var (
	fold128  = [2]uint64{0xe05dd497ca393ae4, 0xdabe95afc7875f40}
	fold256  = [2]uint64{0x60095b008a9efa44, 0x3be653a30fe1af51}
	fold384  = [2]uint64{0xb5ea1af9c013aca4, 0x69a35d91c3730254}
	fold512  = [2]uint64{0x6ae3efbb9dd441f3, 0x081f6054a7842df4}
	fold1024 = [2]uint64{0x8757d71d4fcc1000, 0xd7d86b2af73de740}
	fold2048 = [2]uint64{0x8260adf2381ad81c, 0xf31fd9271e228b79}
	fold4096 = [2]uint64{0x6b6563c31e5df640, 0x430af18f45bfec70}
	barrett  = [2]uint64{0x9c3e466c172963d5, 0x92d8af2baf0e1e85}
)

// A message whose length is not a multiple of 16 ends with r < 16 bytes
// after the last whole block x. The code loads the message's last 16 bytes
// L (overlapping x, which is why it needs 16 bytes in all) and splits the
// 16+r bytes of x and the tail into two blocks: A, x's first r bytes with
// 16-r zero bytes in front (leading zeros do not change the polynomial), and
// B, x's other 16-r bytes followed by the r new ones. The result is
// fold(A by 128) ^ B. With byte shuffles (PSHUFB, TBL: an index with the
// top bit set or >= 16 gives zero):
//
//	A = shuffle(x, shuffle[r:r+16])
//	B = shuffle(x, shuffle[16+r:32+r]) ^ (L & keepLast[r:r+16])
var (
	shuffle = [48]byte{
		0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
		0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	}
	keepLast = [32]byte{
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	}
)
