//go:build !purego

#include "textflag.h"

// CRC-64/XZ by carry-less multiplication folding with PMULL; the same
// algorithm and constants as foldSSE in update_amd64.s (see consts.go).
// A vector's D[0] is the block's low qword, D[1] its high qword.

// FOLD: x = fold(x by k) ^ d, using t as scratch.
#define FOLD(x, k, t, d) \
	VPMULL2 k.D2, x.D2, t.Q1;   \
	VPMULL  k.D1, x.D1, x.Q1;   \
	VEOR    t.B16, x.B16, x.B16; \
	VEOR    d.B16, x.B16, x.B16

// func foldPMULL(s uint64, p []byte) uint64
// len(p) >= 16.
TEXT ·foldPMULL(SB), NOSPLIT, $0-40
	MOVD   s+0(FP), R0
	MOVD   p_base+8(FP), R1
	MOVD   p_len+16(FP), R2
	FMOVD  R0, F9
	VLD1.P 16(R1), [V0.B16]
	VEOR   V9.B16, V0.B16, V0.B16
	SUB    $16, R2
	CMP    $112, R2
	BLO    tail

	// Eight blocks in flight, 128 bytes per round.
	VLD1.P 64(R1), [V1.B16, V2.B16, V3.B16, V4.B16]
	VLD1.P 48(R1), [V5.B16, V6.B16, V7.B16]
	SUB    $112, R2
	MOVD   $·fold1024(SB), R3
	VLD1   (R3), [V8.D2]
	B      cond128

loop128:
	VLD1.P 64(R1), [V16.B16, V17.B16, V18.B16, V19.B16]
	VLD1.P 64(R1), [V20.B16, V21.B16, V22.B16, V23.B16]
	FOLD(V0, V8, V24, V16)
	FOLD(V1, V8, V25, V17)
	FOLD(V2, V8, V26, V18)
	FOLD(V3, V8, V27, V19)
	FOLD(V4, V8, V28, V20)
	FOLD(V5, V8, V29, V21)
	FOLD(V6, V8, V30, V22)
	FOLD(V7, V8, V31, V23)
	SUB    $128, R2

cond128:
	CMP $128, R2
	BHS loop128

	// Reduce eight blocks to one: by 512, 256 and 128 bits.
	MOVD $·fold512(SB), R3
	VLD1 (R3), [V8.D2]
	FOLD(V0, V8, V24, V4)
	FOLD(V1, V8, V25, V5)
	FOLD(V2, V8, V26, V6)
	FOLD(V3, V8, V27, V7)
	MOVD $·fold256(SB), R3
	VLD1 (R3), [V8.D2]
	FOLD(V0, V8, V24, V2)
	FOLD(V1, V8, V25, V3)
	MOVD $·fold128(SB), R3
	VLD1 (R3), [V8.D2]
	FOLD(V0, V8, V24, V1)

tail:
	MOVD $·fold128(SB), R3
	VLD1 (R3), [V8.D2]
	B    cond16

loop16:
	VLD1.P 16(R1), [V16.B16]
	FOLD(V0, V8, V24, V16)
	SUB    $16, R2

cond16:
	CMP $16, R2
	BHS loop16

	// The last R2 < 16 bytes, as consts.go describes; L is read from
	// R1+R2-16, inside p because len(p) >= 16.
	CBZ  R2, reduce
	MOVD $·shuffle(SB), R3
	ADD  R2, R3, R3
	VLD1 (R3), [V1.B16]
	ADD  $16, R3, R3
	VLD1 (R3), [V2.B16]
	VTBL V1.B16, [V0.B16], V3.B16
	VTBL V2.B16, [V0.B16], V4.B16
	ADD  R2, R1, R5
	SUB  $16, R5, R5
	VLD1 (R5), [V5.B16]
	MOVD $·keepLast(SB), R3
	ADD  R2, R3, R3
	VLD1 (R3), [V6.B16]
	VAND V6.B16, V5.B16, V5.B16
	VEOR V5.B16, V4.B16, V4.B16
	FOLD(V3, V8, V24, V4)
	VMOV V3.B16, V0.B16

reduce:

	// W = clmul(x.lo, r64(x^127 mod P)) ^ (x >> 64).
	VDUP   V8.D[1], V9.D2
	VPMULL V9.D1, V0.D1, V10.Q1
	VEOR   V11.B16, V11.B16, V11.B16
	VEXT   $8, V11.B16, V0.B16, V12.B16
	VEOR   V12.B16, V10.B16, V10.B16

	// Barrett: q = clmul(W.lo, r64(mu>>1)).lo, then
	// CRC = W.hi ^ q ^ clmul(q, r64(P>>1)).hi.
	MOVD    $·barrett(SB), R3
	VLD1    (R3), [V8.D2]
	VPMULL  V8.D1, V10.D1, V12.Q1
	VDUP    V12.D[0], V13.D2
	VPMULL2 V8.D2, V13.D2, V14.Q1
	VEOR    V14.B16, V10.B16, V10.B16
	VMOV    V10.D[1], R0
	VMOV    V12.D[0], R4
	EOR     R4, R0
	MOVD    R0, ret+32(FP)
	RET
