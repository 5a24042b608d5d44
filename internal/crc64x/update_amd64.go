//go:build !purego

package crc64x

import "golang.org/x/sys/cpu"

// CPU features, read once at start-up. The AVX-512 path also uses VEX
// encoded 128-bit PCLMULQDQ, which AVX-512 implies.
var (
	hasPCLMUL = cpu.X86.HasPCLMULQDQ && cpu.X86.HasSSSE3
	hasAVX512 = hasPCLMUL && cpu.X86.HasAVX512F && cpu.X86.HasAVX512VL &&
		cpu.X86.HasAVX512VPCLMULQDQ
)

// Below foldMin bytes the tables win over a call into assembly; from
// avx512Min on the 512-bit loop beats the 128-bit one. Both measured with
// BenchmarkUpdate.
const (
	foldMin   = 16
	avx512Min = 512
)

// foldSSE returns the CRC register after folding p with PCLMULQDQ from
// register s; len(p) >= 16.
//
//go:noescape
func foldSSE(s uint64, p []byte) uint64

// foldAVX512 is foldSSE with 512-bit VPCLMULQDQ; len(p) >= 512.
//
//go:noescape
func foldAVX512(s uint64, p []byte) uint64

// update advances the CRC register s over p with the fastest code for its
// length on this CPU.
func update(s uint64, p []byte) uint64 {
	if len(p) >= foldMin {
		switch {
		case hasAVX512 && len(p) >= avx512Min:
			return updateAVX512(s, p)
		case hasPCLMUL:
			return updatePCLMUL(s, p)
		}
	}
	return updateTable(s, p)
}

func updatePCLMUL(s uint64, p []byte) uint64 {
	for len(p) > maxChunk {
		s = foldSSE(s, p[:maxChunk])
		p = p[maxChunk:]
	}
	if len(p) < 16 {
		return updateTable(s, p)
	}
	return foldSSE(s, p)
}

func updateAVX512(s uint64, p []byte) uint64 {
	for len(p) > maxChunk {
		s = foldAVX512(s, p[:maxChunk])
		p = p[maxChunk:]
	}
	if len(p) < avx512Min {
		return updatePCLMUL(s, p)
	}
	return foldAVX512(s, p)
}

// implementations lists the update functions this CPU can run, for tests.
func implementations() map[string]func(uint64, []byte) uint64 {
	m := map[string]func(uint64, []byte) uint64{"table": updateTable, "dispatch": update}
	if hasPCLMUL {
		m["pclmul"] = updatePCLMUL
	}
	if hasAVX512 {
		m["avx512"] = updateAVX512
	}
	return m
}
