//go:build purego || !(amd64 || arm64)

package crc64x

// update advances the CRC register s over p with the portable tables.
func update(s uint64, p []byte) uint64 { return updateTable(s, p) }

// implementations lists the update functions this build can run, for tests.
func implementations() map[string]func(uint64, []byte) uint64 {
	return map[string]func(uint64, []byte) uint64{"table": updateTable}
}
