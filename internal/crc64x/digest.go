package crc64x

import (
	"encoding/binary"
	"errors"
	"hash"
)

// The marshaled state is hash/crc64's: magic, the ISO checksum of the
// table's big-endian bytes (identifying the ECMA table), then the CRC, so a
// state saved by one package restores in the other.
const (
	magic         = "crc\x02"
	marshaledSize = len(magic) + 8 + 8
	// ecmaTableSum is hash/crc64's tableSum of the ECMA table;
	// TestDigestStateMatchesStdlib recomputes it.
	ecmaTableSum = 0x60269a52e1b7fe65
)

// digest is the streaming form of Update.
type digest struct{ crc uint64 }

// New returns a hash.Hash64 computing [Checksum], interchangeable with
// crc64.New(crc64.MakeTable(crc64.ECMA)) including its marshaled state.
// It also implements encoding.BinaryMarshaler, encoding.BinaryAppender,
// encoding.BinaryUnmarshaler and hash.Cloner.
func New() hash.Hash64 { return &digest{} }

func (d *digest) Size() int      { return Size }
func (d *digest) BlockSize() int { return 1 }
func (d *digest) Reset()         { d.crc = 0 }
func (d *digest) Sum64() uint64  { return d.crc }

func (d *digest) Write(p []byte) (int, error) {
	d.crc = Update(d.crc, p)
	return len(p), nil
}

func (d *digest) Sum(in []byte) []byte { return binary.BigEndian.AppendUint64(in, d.crc) }

func (d *digest) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, magic...)
	b = binary.BigEndian.AppendUint64(b, ecmaTableSum)
	return binary.BigEndian.AppendUint64(b, d.crc), nil
}

func (d *digest) MarshalBinary() ([]byte, error) {
	return d.AppendBinary(make([]byte, 0, marshaledSize))
}

func (d *digest) UnmarshalBinary(b []byte) error {
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return errors.New("crc64x: invalid hash state identifier")
	}
	if len(b) != marshaledSize {
		return errors.New("crc64x: invalid hash state size")
	}
	if binary.BigEndian.Uint64(b[len(magic):]) != ecmaTableSum {
		return errors.New("crc64x: hash state is not for the ECMA table")
	}
	d.crc = binary.BigEndian.Uint64(b[len(magic)+8:])
	return nil
}

func (d *digest) Clone() (hash.Cloner, error) {
	c := *d
	return &c, nil
}
