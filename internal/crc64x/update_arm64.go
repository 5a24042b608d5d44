//go:build !purego

package crc64x

import "golang.org/x/sys/cpu"

// hasPMULL is read once at start-up: 64-bit polynomial multiply (PMULL,
// part of the ARMv8 Crypto Extension).
var hasPMULL = cpu.ARM64.HasPMULL

// Below foldMin bytes the tables win over a call into assembly.
const foldMin = 16

// foldPMULL returns the CRC register after folding p with PMULL from
// register s; len(p) >= 16.
//
//go:noescape
func foldPMULL(s uint64, p []byte) uint64

// update advances the CRC register s over p with the fastest code for its
// length on this CPU.
func update(s uint64, p []byte) uint64 {
	if len(p) >= foldMin && hasPMULL {
		return updatePMULL(s, p)
	}
	return updateTable(s, p)
}

func updatePMULL(s uint64, p []byte) uint64 {
	for len(p) > maxChunk {
		s = foldPMULL(s, p[:maxChunk])
		p = p[maxChunk:]
	}
	if len(p) < 16 {
		return updateTable(s, p)
	}
	return foldPMULL(s, p)
}

// implementations lists the update functions this CPU can run, for tests.
func implementations() map[string]func(uint64, []byte) uint64 {
	m := map[string]func(uint64, []byte) uint64{"table": updateTable, "dispatch": update}
	if hasPMULL {
		m["pmull"] = updatePMULL
	}
	return m
}
