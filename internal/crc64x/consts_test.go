package crc64x

import (
	"encoding/binary"
	"hash/crc64"
	"math/big"
	"math/bits"
	"testing"
)

// ecmaNormal is P = x^64 + ecmaNormal in the usual bit order (bit i is
// the coefficient of x^i), as ECMA-182 writes it.
const ecmaNormal = 0x42F0E1EBA9EA3693

// xPowMod returns x^n mod P in the usual bit order, one shift at a time.
func xPowMod(n int) uint64 {
	r := uint64(1)
	for range n {
		carry := r >> 63
		r <<= 1
		if carry != 0 {
			r ^= ecmaNormal
		}
	}
	return r
}

// foldConst returns fold<d> as consts.go defines it.
func foldConst(d int) [2]uint64 {
	return [2]uint64{bits.Reverse64(xPowMod(d + 63)), bits.Reverse64(xPowMod(d - 1))}
}

// barrettConst returns {r64(mu>>1), r64(P>>1)} with mu = floor(x^128 / P)
// by long division over GF(2).
func barrettConst() [2]uint64 {
	p := new(big.Int).SetUint64(ecmaNormal)
	p.SetBit(p, 64, 1)
	rem := new(big.Int).Lsh(big.NewInt(1), 128)
	mu := new(big.Int)
	for i := 128; i >= 64; i-- {
		if rem.Bit(i) == 1 {
			rem.Xor(rem, new(big.Int).Lsh(p, uint(i-64)))
			mu.SetBit(mu, i-64, 1)
		}
	}
	if mu.BitLen() != 65 || rem.BitLen() > 64 {
		panic("bad division")
	}
	return [2]uint64{
		bits.Reverse64(new(big.Int).Rsh(mu, 1).Uint64()),
		bits.Reverse64(new(big.Int).Rsh(p, 1).Uint64()),
	}
}

func TestFoldConstants(t *testing.T) {
	t.Parallel()
	if got := bits.Reverse64(ecmaNormal); got != poly {
		t.Fatalf("reflected polynomial %#x, poly is %#x", got, uint64(poly))
	}
	cases := []struct {
		name      string
		got, want [2]uint64
	}{
		{"fold128", fold128, foldConst(128)},
		{"fold256", fold256, foldConst(256)},
		{"fold384", fold384, foldConst(384)},
		{"fold512", fold512, foldConst(512)},
		{"fold1024", fold1024, foldConst(1024)},
		{"fold2048", fold2048, foldConst(2048)},
		{"fold4096", fold4096, foldConst(4096)},
		{"barrett", barrett, barrettConst()},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %#x, derived %#x", c.name, c.got, c.want)
		}
	}
}

// The rest of this file runs the assembly's algorithm in pure Go with the
// constants above, so the algebra in consts.go is checked on every
// architecture, including ones without assembly.

// block is a 16-byte block as loaded into a vector register.
type block struct{ lo, hi uint64 }

func load(p []byte) block {
	return block{binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[8:])}
}

func (a block) xor(b block) block { return block{a.lo ^ b.lo, a.hi ^ b.hi} }

// clmul is PCLMULQDQ: the carry-less product of a and b.
func clmul(a, b uint64) block {
	var r block
	for i := range 64 {
		if b>>i&1 != 0 {
			r.lo ^= a << i
			if i > 0 {
				r.hi ^= a >> (64 - i)
			}
		}
	}
	return r
}

// fold moves x forward by the distance k was made for.
func fold(x block, k [2]uint64) block { return clmul(x.lo, k[0]).xor(clmul(x.hi, k[1])) }

// pshufb is PSHUFB (and TBL): byte j of the result is x's byte m[j], or
// zero when m[j] is out of range.
func pshufb(x block, m []byte) block {
	var in, out [16]byte
	binary.LittleEndian.PutUint64(in[:], x.lo)
	binary.LittleEndian.PutUint64(in[8:], x.hi)
	for j := range out {
		if m[j] < 16 {
			out[j] = in[m[j]]
		}
	}
	return load(out[:])
}

// partial folds the last r (1..15) bytes of a message whose last 16 bytes
// are last into x, the block before them.
func partial(x block, last []byte, r int) block {
	a := pshufb(x, shuffle[r:])
	l := load(last)
	k := load(keepLast[r:])
	b := pshufb(x, shuffle[16+r:]).xor(block{l.lo & k.lo, l.hi & k.hi})
	return fold(a, fold128).xor(b)
}

// reduce is the final reduction of the last block to the CRC register.
func reduce(x block) uint64 {
	t := clmul(x.lo, fold128[1])
	w := block{t.lo ^ x.hi, t.hi}
	q := clmul(w.lo, barrett[0]).lo
	return w.hi ^ q ^ clmul(q, barrett[1]).hi
}

// model128 mirrors foldSSE (and the arm64 code): eight blocks in flight,
// then a 16-byte loop and the partial block. len(p) >= 16.
func model128(s uint64, p []byte) uint64 {
	last := p[len(p)-16:]
	x := load(p)
	x.lo ^= s
	p = p[16:]
	if len(p) >= 112 {
		v := [8]block{x}
		for i := 1; i < 8; i++ {
			v[i] = load(p[16*(i-1):])
		}
		p = p[112:]
		for ; len(p) >= 128; p = p[128:] {
			for i := range v {
				v[i] = fold(v[i], fold1024).xor(load(p[16*i:]))
			}
		}
		for i := range 4 {
			v[i] = fold(v[i], fold512).xor(v[i+4])
		}
		v[0] = fold(v[0], fold256).xor(v[2])
		v[1] = fold(v[1], fold256).xor(v[3])
		x = fold(v[0], fold128).xor(v[1])
	}
	for ; len(p) >= 16; p = p[16:] {
		x = fold(x, fold128).xor(load(p))
	}
	if len(p) > 0 {
		x = partial(x, last, len(p))
	}
	return reduce(x)
}

// model512 mirrors foldAVX512: eight 64-byte vectors in flight, then a
// 64-byte loop, the lanes folded together, the 16-byte loop and the
// partial block. len(p) >= 512.
func model512(s uint64, p []byte) uint64 {
	last := p[len(p)-16:]
	type vec [4]block
	loadVec := func(p []byte) vec { return vec{load(p), load(p[16:]), load(p[32:]), load(p[48:])} }
	foldVec := func(x vec, k [2]uint64, d vec) vec {
		for i := range x {
			x[i] = fold(x[i], k).xor(d[i])
		}
		return x
	}
	var v [8]vec
	for i := range v {
		v[i] = loadVec(p[64*i:])
	}
	v[0][0].lo ^= s
	p = p[512:]
	for ; len(p) >= 512; p = p[512:] {
		for i := range v {
			v[i] = foldVec(v[i], fold4096, loadVec(p[64*i:]))
		}
	}
	for i := range 4 {
		v[i] = foldVec(v[i], fold2048, v[i+4])
	}
	v[0] = foldVec(v[0], fold1024, v[2])
	v[1] = foldVec(v[1], fold1024, v[3])
	z := foldVec(v[0], fold512, v[1])
	for ; len(p) >= 64; p = p[64:] {
		z = foldVec(z, fold512, loadVec(p))
	}
	x := fold(z[0], fold384).xor(z[3])
	x = fold(z[1], fold256).xor(x)
	x = fold(z[2], fold128).xor(x)
	for ; len(p) >= 16; p = p[16:] {
		x = fold(x, fold128).xor(load(p))
	}
	if len(p) > 0 {
		x = partial(x, last, len(p))
	}
	return reduce(x)
}

func TestFoldModel(t *testing.T) {
	t.Parallel()
	buf := randomBytes(11, 3000)
	tab := crc64.MakeTable(crc64.ECMA)
	for n := 16; n <= len(buf); n++ {
		p := buf[:n]
		want := crc64.Update(0x0123456789abcdef, tab, p)
		if got := ^model128(^uint64(0x0123456789abcdef), p); got != want {
			t.Fatalf("model128 length %d: got %#x, want %#x", n, got, want)
		}
		if n < 512 {
			continue
		}
		if got := ^model512(^uint64(0x0123456789abcdef), p); got != want {
			t.Fatalf("model512 length %d: got %#x, want %#x", n, got, want)
		}
	}
}
