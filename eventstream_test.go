package cos

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// esFrame encodes one message the way the AWS-style event stream lays it
// out, written here from the format description rather than from the
// decoder: a header value of type 7 (string) or 6 (bytes) carries a 2-byte
// length, other types their fixed size.
func esFrame(headers []esHeader, payload []byte) []byte {
	var hb bytes.Buffer
	for _, h := range headers {
		hb.WriteByte(byte(len(h.name)))
		hb.WriteString(h.name)
		hb.WriteByte(h.typ)
		if h.typ == esTypeString || h.typ == esTypeBytes {
			_ = binary.Write(&hb, binary.BigEndian, uint16(len(h.value)))
		}
		hb.Write(h.value)
	}
	total := uint32(12 + hb.Len() + len(payload) + 4)
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, total)
	_ = binary.Write(&b, binary.BigEndian, uint32(hb.Len()))
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(b.Bytes()))
	b.Write(hb.Bytes())
	b.Write(payload)
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(b.Bytes()))
	return b.Bytes()
}

func strHeader(name, value string) esHeader {
	return esHeader{name: name, typ: esTypeString, value: []byte(value)}
}

// esEvent builds an event message as COS sends it.
func esEvent(eventType string, payload []byte) []byte {
	return esFrame([]esHeader{strHeader(":message-type", "event"), strHeader(":event-type", eventType)}, payload)
}

func esError(code, message string) []byte {
	return esFrame([]esHeader{strHeader(":message-type", "error"), strHeader(":error-code", code), strHeader(":error-message", message)}, nil)
}

func esStats(root string, scanned, processed, returned int) []byte {
	return esEvent(root, []byte("<"+root+"><BytesScanned>"+itoa(scanned)+"</BytesScanned><BytesProcessed>"+
		itoa(processed)+"</BytesProcessed><BytesReturned>"+itoa(returned)+"</BytesReturned></"+root+">"))
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestEventStreamDecodesMessages(t *testing.T) {
	t.Parallel()
	typed := []esHeader{
		strHeader(":message-type", "event"), strHeader(":event-type", "Records"),
		{name: "t", typ: esHeaderTrue}, {name: "f", typ: esHeaderFalse},
		{name: "b", typ: 2, value: []byte{7}}, {name: "s", typ: 3, value: []byte{1, 2}},
		{name: "i", typ: 4, value: []byte{1, 2, 3, 4}}, {name: "l", typ: 5, value: bytes.Repeat([]byte{9}, 8)},
		{name: "raw", typ: esTypeBytes, value: []byte{0, 255}}, {name: "ts", typ: 8, value: bytes.Repeat([]byte{1}, 8)},
		{name: "id", typ: 9, value: bytes.Repeat([]byte{2}, 16)},
	}
	stream := append(esFrame(typed, []byte("a,b\n")), esEvent("End", nil)...)
	d := esDecoder{r: bytes.NewReader(stream)}
	m, err := d.next()
	require.NoError(t, err)
	assert.Equal(t, "a,b\n", string(m.payload))
	assert.Equal(t, "Records", m.header(":event-type"))
	assert.Equal(t, "\x00\xff", m.header("raw"))
	assert.Equal(t, "", m.header("i"), "only string and byte-array values read as text")
	require.Len(t, m.headers, len(typed))
	for i, h := range typed {
		assert.Equal(t, h.name, m.headers[i].name)
		assert.Equal(t, h.typ, m.headers[i].typ)
		assert.Equal(t, string(h.value), string(m.headers[i].value), h.name)
	}
	m, err = d.next()
	require.NoError(t, err)
	assert.Equal(t, "End", m.header(":event-type"))
	assert.Empty(t, m.payload)
	_, err = d.next()
	assert.Equal(t, io.EOF, err, "a stream ending between messages is a clean EOF")
}

func TestEventStreamRejectsBrokenFrames(t *testing.T) {
	t.Parallel()
	good := esEvent("Records", []byte("1,2,3\n"))
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x40
		return b
	}
	// prelude builds a prelude with a correct CRC for the given lengths.
	prelude := func(total, hlen uint32) []byte {
		var b bytes.Buffer
		_ = binary.Write(&b, binary.BigEndian, total)
		_ = binary.Write(&b, binary.BigEndian, hlen)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(b.Bytes()))
		return b.Bytes()
	}
	withCRC := func(b []byte) []byte {
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	}
	cases := []struct {
		name   string
		stream []byte
		want   error
	}{
		{"bad prelude CRC (length changed)", flip(2), ErrChecksumMismatch},
		{"bad prelude CRC (CRC changed)", flip(9), ErrChecksumMismatch},
		{"bad message CRC (payload changed)", flip(len(good) - 6), ErrChecksumMismatch},
		{"bad message CRC (header changed)", flip(14), ErrChecksumMismatch},
		{"bad message CRC (CRC changed)", flip(len(good) - 1), ErrChecksumMismatch},
		{"prelude cut", good[:7], io.ErrUnexpectedEOF},
		{"message cut", good[:len(good)-3], io.ErrUnexpectedEOF},
		{"total below 16", prelude(15, 0), errEventStream},
		{"total above the limit", prelude(esMaxMessage+1, 0), errEventStream},
		{"headers longer than the message", prelude(20, 5), errEventStream},
		{"unknown header type", withCRC(append(prelude(16+5, 5), 2, 'a', 'b', 42, 0)), errEventStream},
		{"header value cut", withCRC(append(prelude(16+5, 5), 1, 'a', 7, 0, 9)), errEventStream},
		{"empty header name", withCRC(append(prelude(16+2, 2), 0, 0)), errEventStream},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := esDecoder{r: bytes.NewReader(tc.stream)}
			_, err := d.next()
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

// A length field claiming the maximum must not make the decoder allocate
// it before the bytes arrive.
func TestEventStreamDoesNotTrustLengthForAllocation(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, uint32(esMaxMessage))
	_ = binary.Write(&b, binary.BigEndian, uint32(0))
	_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(b.Bytes()))
	b.WriteString("short")
	d := esDecoder{r: bytes.NewReader(b.Bytes())}
	_, err := d.next()
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Less(t, d.buf.Cap(), 64<<10, "the buffer grew with the bytes received, not with the claimed length")
}
