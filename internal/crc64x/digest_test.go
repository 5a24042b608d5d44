package crc64x

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"hash"
	"hash/crc64"
	"testing"
)

// TestDigestStateMatchesStdlib checks the table identifier the way
// hash/crc64 computes it, and that states move both ways between the two
// packages mid-stream.
func TestDigestStateMatchesStdlib(t *testing.T) {
	t.Parallel()
	var tb []byte
	for _, v := range stdTable {
		tb = binary.BigEndian.AppendUint64(tb, v)
	}
	if got := crc64.Checksum(tb, crc64.MakeTable(crc64.ISO)); got != ecmaTableSum {
		t.Fatalf("ecmaTableSum = %#x, hash/crc64 computes %#x", uint64(ecmaTableSum), got)
	}

	data := randomBytes(21, 3000)
	for _, cut := range []int{0, 1, 15, 16, 700, 2999, 3000} {
		ours, std := New(), crc64.New(stdTable)
		_, _ = ours.Write(data[:cut])
		_, _ = std.Write(data[:cut])
		a, err := ours.(encoding.BinaryMarshaler).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := std.(encoding.BinaryMarshaler).MarshalBinary()
		if !bytes.Equal(a, b) {
			t.Fatalf("cut %d: state %x, hash/crc64 has %x", cut, a, b)
		}
		// Resume each in the other package.
		ours2, std2 := New(), crc64.New(stdTable)
		if err := ours2.(encoding.BinaryUnmarshaler).UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if err := std2.(encoding.BinaryUnmarshaler).UnmarshalBinary(a); err != nil {
			t.Fatal(err)
		}
		_, _ = ours2.Write(data[cut:])
		_, _ = std2.Write(data[cut:])
		want := crc64.Checksum(data, stdTable)
		if ours2.Sum64() != want || std2.Sum64() != want {
			t.Fatalf("cut %d: resumed sums %#x and %#x, want %#x", cut, ours2.Sum64(), std2.Sum64(), want)
		}
		app, _ := ours.(encoding.BinaryAppender).AppendBinary([]byte("x"))
		if !bytes.Equal(app, append([]byte("x"), a...)) {
			t.Fatalf("AppendBinary = %x", app)
		}
	}
}

func TestDigestRejectsForeignState(t *testing.T) {
	t.Parallel()
	iso, _ := crc64.New(crc64.MakeTable(crc64.ISO)).(encoding.BinaryMarshaler).MarshalBinary()
	good, _ := New().(encoding.BinaryMarshaler).MarshalBinary()
	for name, b := range map[string][]byte{
		"ISO table": iso,
		"short":     good[:len(good)-1],
		"magic":     append([]byte("crc\x01"), good[4:]...),
		"empty":     nil,
	} {
		d := New()
		_, _ = d.Write([]byte("keep"))
		if err := d.(encoding.BinaryUnmarshaler).UnmarshalBinary(b); err == nil {
			t.Errorf("%s: UnmarshalBinary accepted %x", name, b)
		}
		if d.Sum64() != Checksum([]byte("keep")) {
			t.Errorf("%s: a rejected state changed the digest", name)
		}
	}
}

func TestDigestBehavesLikeStdlib(t *testing.T) {
	t.Parallel()
	ours, std := New(), crc64.New(stdTable)
	if ours.Size() != std.Size() || ours.BlockSize() != std.BlockSize() {
		t.Fatalf("Size/BlockSize %d/%d, hash/crc64 %d/%d", ours.Size(), ours.BlockSize(), std.Size(), std.BlockSize())
	}
	data := randomBytes(22, 1000)
	for i := 0; i < len(data); i += 37 {
		chunk := data[i:min(i+37, len(data))]
		n, err := ours.Write(chunk)
		if n != len(chunk) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		_, _ = std.Write(chunk)
	}
	if !bytes.Equal(ours.Sum([]byte("p")), std.Sum([]byte("p"))) {
		t.Fatalf("Sum = %x, hash/crc64 %x", ours.Sum([]byte("p")), std.Sum([]byte("p")))
	}
	c, err := ours.(hash.Cloner).Clone()
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.Write([]byte("more"))
	if ours.Sum64() != std.Sum64() {
		t.Fatal("writing to a clone changed the original")
	}
	if c.(hash.Hash64).Sum64() != Update(std.Sum64(), []byte("more")) {
		t.Fatal("clone did not continue from the original's state")
	}
	ours.Reset()
	if ours.Sum64() != 0 {
		t.Fatalf("Reset left %#x", ours.Sum64())
	}
}
