// Package crc64x is the CRC-64 COS sends in x-cos-hash-crc64ecma
// (CRC-64/XZ: Go's hash/crc64 with the ECMA table) and the combination of
// two checksums, shared by package cos and by the costest server.
//
// Long inputs are folded with carry-less multiplication (PCLMULQDQ or
// VPCLMULQDQ on amd64, PMULL on arm64) when the CPU has it, short ones and
// other CPUs use slicing-by-8 tables. The purego build tag forces the
// tables everywhere.
package crc64x

import "hash/crc64"

// Table is the ECMA-182 table in the reflected form COS uses; it is
// read-only.
var Table = crc64.MakeTable(crc64.ECMA)

// poly is the reflected ECMA-182 polynomial.
const poly = 0xC96C5795D7870F42

// maxChunk bounds one call into assembly, which the scheduler cannot
// preempt: 256 KiB takes well under 100 µs even in the 128-bit loop, and
// the extra reduction per chunk costs nothing measurable.
const maxChunk = 256 << 10

// Size is the length in bytes of a CRC-64 checksum.
const Size = 8

// Update returns the result of adding the bytes in p to crc; it equals
// crc64.Update(crc, crc64.MakeTable(crc64.ECMA), p).
func Update(crc uint64, p []byte) uint64 { return ^update(^crc, p) }

// Checksum returns the CRC-64/XZ checksum of p, the value COS sends in
// x-cos-hash-crc64ecma.
func Checksum(p []byte) uint64 { return ^update(^uint64(0), p) }
