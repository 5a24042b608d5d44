//go:build !purego

#include "textflag.h"

// CRC-64/XZ by carry-less multiplication folding. consts.go derives the
// constants and the algebra; in short, a 16-byte block x moves D bits
// forward as clmul(x.lo, k.lo) ^ clmul(x.hi, k.hi) with k = fold<D>, and
// the last block is reduced to 64 bits with Barrett reduction.

// FOLD: x = fold(x by k) ^ d, using t as scratch.
#define FOLD(x, k, t, d) \
	MOVOA     x, t;       \
	PCLMULQDQ $0x00, k, x; \
	PCLMULQDQ $0x11, k, t; \
	PXOR      t, x;       \
	PXOR      d, x

// TAIL16 folds the remaining CX bytes at SI into X0 (whole blocks, then
// the partial one as consts.go describes, reading back up to 15 bytes
// before SI), then reduces X0 to the 64-bit CRC register in AX. Clobbers
// BX, X1, X2, X8, X9.
#define TAIL16 \
	MOVOU  ·fold128(SB), X8; \
	JMP    tail16cond;       \
tail16loop:                  \
	MOVOU  (SI), X9;         \
	FOLD(X0, X8, X1, X9);    \
	ADDQ   $16, SI;          \
	SUBQ   $16, CX;          \
tail16cond:                  \
	CMPQ   CX, $16;          \
	JAE    tail16loop;       \
	TESTQ  CX, CX;           \
	JZ     reduce;           \
	LEAQ   ·shuffle(SB), BX; \
	MOVOU  (BX)(CX*1), X1;   \
	MOVOU  16(BX)(CX*1), X2; \
	MOVOA  X0, X9;           \
	PSHUFB X1, X0;           \
	PSHUFB X2, X9;           \
	MOVOU  -16(SI)(CX*1), X2; \
	LEAQ   ·keepLast(SB), BX; \
	MOVOU  (BX)(CX*1), X1;   \
	PAND   X1, X2;           \
	PXOR   X2, X9;           \
	FOLD(X0, X8, X1, X9);    \
reduce:                      \
	MOVOA     X0, X1;        \
	PCLMULQDQ $0x10, X8, X0; \
	PSRLDQ    $8, X1;        \
	PXOR      X1, X0;        \
	MOVOU     ·barrett(SB), X8; \
	MOVOA     X0, X1;        \
	PCLMULQDQ $0x00, X8, X1; \
	MOVOA     X1, X2;        \
	PCLMULQDQ $0x10, X8, X2; \
	PSLLDQ    $8, X1;        \
	PXOR      X1, X0;        \
	PXOR      X2, X0;        \
	PSRLDQ    $8, X0;        \
	MOVQ      X0, AX

// func foldSSE(s uint64, p []byte) uint64
// len(p) >= 16.
TEXT ·foldSSE(SB), NOSPLIT, $0-40
	MOVQ  s+0(FP), AX
	MOVQ  p_base+8(FP), SI
	MOVQ  p_len+16(FP), CX
	MOVQ  AX, X1
	MOVOU (SI), X0
	PXOR  X1, X0
	ADDQ  $16, SI
	SUBQ  $16, CX
	CMPQ  CX, $112
	JB    tail

	// Eight blocks in flight, 128 bytes per round.
	MOVOU 0(SI), X1
	MOVOU 16(SI), X2
	MOVOU 32(SI), X3
	MOVOU 48(SI), X4
	MOVOU 64(SI), X5
	MOVOU 80(SI), X6
	MOVOU 96(SI), X7
	ADDQ  $112, SI
	SUBQ  $112, CX
	MOVOU ·fold1024(SB), X8
	JMP   cond128

loop128:
	MOVOU 0(SI), X9
	FOLD(X0, X8, X10, X9)
	MOVOU 16(SI), X11
	FOLD(X1, X8, X12, X11)
	MOVOU 32(SI), X9
	FOLD(X2, X8, X10, X9)
	MOVOU 48(SI), X11
	FOLD(X3, X8, X12, X11)
	MOVOU 64(SI), X9
	FOLD(X4, X8, X10, X9)
	MOVOU 80(SI), X11
	FOLD(X5, X8, X12, X11)
	MOVOU 96(SI), X9
	FOLD(X6, X8, X10, X9)
	MOVOU 112(SI), X11
	FOLD(X7, X8, X12, X11)
	ADDQ  $128, SI
	SUBQ  $128, CX

cond128:
	CMPQ CX, $128
	JAE  loop128

	// Reduce eight blocks to one: 4 -> 4 by 512 bits, 2 -> 2 by 256,
	// 1 -> 1 by 128.
	MOVOU ·fold512(SB), X8
	FOLD(X0, X8, X10, X4)
	FOLD(X1, X8, X11, X5)
	FOLD(X2, X8, X12, X6)
	FOLD(X3, X8, X13, X7)
	MOVOU ·fold256(SB), X8
	FOLD(X0, X8, X10, X2)
	FOLD(X1, X8, X11, X3)
	MOVOU ·fold128(SB), X8
	FOLD(X0, X8, X10, X1)

tail:
	TAIL16
	MOVQ AX, ret+32(FP)
	RET

// FOLDZ: x = fold(x by k) ^ m for four blocks at once, t scratch.
#define FOLDZ(x, k, t, m) \
	VPCLMULQDQ $0x00, k, x, t; \
	VPCLMULQDQ $0x11, k, x, x; \
	VPTERNLOGQ $0x96, m, t, x

// FOLDX: x = fold(x by k) ^ d for one block with VEX encoding, t scratch.
#define FOLDX(x, k, t, d) \
	VPCLMULQDQ $0x00, k, x, t; \
	VPCLMULQDQ $0x11, k, x, x; \
	VPXOR      t, x, x;        \
	VPXOR      d, x, x

// func foldAVX512(s uint64, p []byte) uint64
// len(p) >= 512.
TEXT ·foldAVX512(SB), NOSPLIT, $0-40
	MOVQ      s+0(FP), AX
	MOVQ      p_base+8(FP), SI
	MOVQ      p_len+16(FP), CX
	VMOVQ     AX, X9
	VMOVDQU64 0(SI), Z0
	VPXORQ    Z9, Z0, Z0
	VMOVDQU64 64(SI), Z1
	VMOVDQU64 128(SI), Z2
	VMOVDQU64 192(SI), Z3
	VMOVDQU64 256(SI), Z4
	VMOVDQU64 320(SI), Z5
	VMOVDQU64 384(SI), Z6
	VMOVDQU64 448(SI), Z7
	ADDQ      $512, SI
	SUBQ      $512, CX
	VBROADCASTI32X4 ·fold4096(SB), Z16
	JMP       cond512

	// Eight 64-byte vectors in flight, 512 bytes per round.
loop512:
	FOLDZ(Z0, Z16, Z17, 0(SI))
	FOLDZ(Z1, Z16, Z18, 64(SI))
	FOLDZ(Z2, Z16, Z19, 128(SI))
	FOLDZ(Z3, Z16, Z20, 192(SI))
	FOLDZ(Z4, Z16, Z21, 256(SI))
	FOLDZ(Z5, Z16, Z22, 320(SI))
	FOLDZ(Z6, Z16, Z23, 384(SI))
	FOLDZ(Z7, Z16, Z24, 448(SI))
	ADDQ $512, SI
	SUBQ $512, CX

cond512:
	CMPQ CX, $512
	JAE  loop512

	// Reduce eight vectors to one: by 2048, 1024 and 512 bits.
	VBROADCASTI32X4 ·fold2048(SB), Z16
	FOLDZ(Z0, Z16, Z17, Z4)
	FOLDZ(Z1, Z16, Z18, Z5)
	FOLDZ(Z2, Z16, Z19, Z6)
	FOLDZ(Z3, Z16, Z20, Z7)
	VBROADCASTI32X4 ·fold1024(SB), Z16
	FOLDZ(Z0, Z16, Z17, Z2)
	FOLDZ(Z1, Z16, Z18, Z3)
	VBROADCASTI32X4 ·fold512(SB), Z16
	FOLDZ(Z0, Z16, Z17, Z1)
	JMP cond64

loop64:
	FOLDZ(Z0, Z16, Z17, 0(SI))
	ADDQ $64, SI
	SUBQ $64, CX

cond64:
	CMPQ CX, $64
	JAE  loop64

	// Reduce the four lanes of Z0 to X0: by 384, 256 and 128 bits onto
	// the last lane.
	VEXTRACTI32X4 $1, Z0, X1
	VEXTRACTI32X4 $2, Z0, X2
	VEXTRACTI32X4 $3, Z0, X3
	VMOVDQU       ·fold384(SB), X8
	FOLDX(X0, X8, X9, X3)
	VMOVDQU       ·fold256(SB), X8
	FOLDX(X1, X8, X9, X0)
	VMOVDQU       ·fold128(SB), X8
	FOLDX(X2, X8, X9, X1)
	VMOVDQA       X2, X0
	VZEROUPPER

	TAIL16
	MOVQ AX, ret+32(FP)
	RET
