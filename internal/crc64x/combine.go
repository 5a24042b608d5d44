package crc64x

// Combine returns the CRC of A||B from crc1 = CRC(A), crc2 = CRC(B) and
// len2 = len(B): crc1 fed through 8*len2 zero bits, XOR crc2. Feeding n
// zero bits multiplies by x^n modulo the polynomial, so this is one
// multiplication by x^(8*len2), built from the precomputed x^(2^k) for the
// set bits of len2, as zlib (1.2.12 on) does: a few hundred nanoseconds
// for any length, where squaring a 64x64 GF(2) matrix per bit of len2
// (zlib's older method, kept in the tests as the reference) took about a
// hundred microseconds for 8 MiB. A len2 <= 0 returns crc1.
func Combine(crc1, crc2 uint64, len2 int64) uint64 {
	if len2 <= 0 {
		return crc1
	}
	return mulMod(xPow8n(uint64(len2)), crc1) ^ crc2
}

// one is the polynomial 1 (x^0) in the reflected order CRC-64/XZ uses:
// the coefficient of x^i is bit 63-i.
const one = uint64(1) << 63

// x2n[k] is x^(2^k) modulo the polynomial, for every k xPow8n can need:
// 8n < 2^66 for any int64 n. (zlib wraps k at 32 for CRC-32; that relies
// on the factors of its polynomial and does not hold for ECMA-182.)
var x2n = func() (t [66]uint64) {
	p := one >> 1 // x^1
	for k := range t {
		t[k] = p
		p = mulMod(p, p)
	}
	return t
}()

// mulMod returns a*b modulo the polynomial, both reflected.
func mulMod(a, b uint64) uint64 {
	var p uint64
	for m := one; a != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
			a ^= m
		}
		// b *= x
		if b&1 != 0 {
			b = b>>1 ^ poly
		} else {
			b >>= 1
		}
	}
	return p
}

// xPow8n returns x^(8n) modulo the polynomial, n < 2^63: the operator
// for n zero bytes.
func xPow8n(n uint64) uint64 {
	p := one
	for k := 3; n != 0; k, n = k+1, n>>1 {
		if n&1 != 0 {
			p = mulMod(x2n[k], p)
		}
	}
	return p
}
