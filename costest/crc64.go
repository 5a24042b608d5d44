package costest

import "github.com/cosgo/cos/internal/crc64x"

// COS's x-cos-hash-crc64ecma is CRC-64/XZ: Go's crc64 with the ECMA table
// (reflected polynomial 0xC96C5795D7870F42, initial value and final XOR all
// ones), written in decimal. The arithmetic is shared with package cos
// through internal/crc64x (costest must not import cos itself); the tests
// check it against hash/crc64.

// crcCombine returns the CRC of A||B from crc(A), crc(B) and len(B).
func crcCombine(crcA, crcB uint64, lenB int64) uint64 { return crc64x.Combine(crcA, crcB, lenB) }
