package cos

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// The event-stream framing of SELECT Object Content answers. Each message
// is
//
//	total length (uint32) | headers length (uint32) | prelude CRC32 (uint32)
//	headers | payload | message CRC32 (uint32)
//
// big-endian, both CRCs IEEE CRC32, the prelude CRC over the first 8 bytes
// and the message CRC over everything before it. A header is a 1-byte name
// length, the name, a 1-byte value type and a value whose size follows from
// the type (strings and byte arrays carry a 2-byte length).
//
// Sources: the official Go SDK (cos-go-sdk-v5 v0.7.70, object_select.go)
// reads exactly this layout, with headers :message-type ("event" or
// "error"), :event-type (Records, Cont, Progress, Stats, End) and
// :error-code / :error-message; the Python SDK (select_event_stream.py)
// agrees. The framing is AWS's event stream (S3 "Appendix:
// SelectObjectContent Response": 16 bytes of overhead, CRC32 as in gzip);
// the value types other than string (7) are AWS's, not seen from COS.

const (
	esPreludeLen  = 12
	esOverhead    = esPreludeLen + 4
	esMaxHeaders  = 128 << 10 // AWS's limit on the headers section
	esMaxPayload  = 16 << 20  // AWS's limit on one payload
	esMaxMessage  = esOverhead + esMaxHeaders + esMaxPayload
	esTypeString  = 7
	esTypeBytes   = 6
	esHeaderTrue  = 0
	esHeaderFalse = 1
)

// esValueSize is the fixed value size of the header types that have one.
var esValueSize = map[byte]int{2: 1, 3: 2, 4: 4, 5: 8, 8: 8, 9: 16}

// errEventStream marks a message that breaks the framing rules (lengths,
// header encoding); a CRC difference wraps ErrChecksumMismatch instead.
var errEventStream = errors.New("malformed event-stream message")

// esHeader is one message header as sent: its value type and raw bytes.
type esHeader struct {
	name  string
	typ   byte
	value []byte
}

// esMessage is one decoded message. Its payload and header values point
// into the decoder's buffer and are valid until the next call to next.
type esMessage struct {
	headers []esHeader
	payload []byte
}

// header returns the string (or byte-array) value of the header name, ""
// when absent.
func (m *esMessage) header(name string) string {
	for _, h := range m.headers {
		if h.name == name && (h.typ == esTypeString || h.typ == esTypeBytes) {
			return string(h.value)
		}
	}
	return ""
}

// esDecoder reads messages from a stream, checking both CRCs before it
// hands out a byte, so corrupted records never reach the caller.
type esDecoder struct {
	r   io.Reader
	buf bytes.Buffer
	// prelude holds the last prelude read, so a caller can tell a body
	// that is no event stream at all (an XML error document) from a
	// corrupted one.
	prelude [esPreludeLen]byte
	n       int // messages decoded
}

// next reads one message. It returns io.EOF when the stream ends cleanly
// between messages, an error wrapping io.ErrUnexpectedEOF when it ends
// inside one, ErrChecksumMismatch for a CRC difference and errEventStream
// for a malformed message.
func (d *esDecoder) next() (esMessage, error) {
	prelude := &d.prelude
	*prelude = [esPreludeLen]byte{}
	if n, err := io.ReadFull(d.r, prelude[:]); err != nil {
		if err == io.EOF && n == 0 {
			return esMessage{}, io.EOF
		}
		return esMessage{}, fmt.Errorf("event stream: message prelude: %w", noEOF(err))
	}
	total := binary.BigEndian.Uint32(prelude[0:4])
	hlen := binary.BigEndian.Uint32(prelude[4:8])
	// The prelude CRC comes first: a corrupted length must not be trusted,
	// not even to size a read.
	if got, want := crc32.ChecksumIEEE(prelude[:8]), binary.BigEndian.Uint32(prelude[8:12]); got != want {
		return esMessage{}, fmt.Errorf("event stream: prelude CRC32 %08x, want %08x: %w", got, want, ErrChecksumMismatch)
	}
	switch {
	case total < esOverhead || total > esMaxMessage:
		return esMessage{}, fmt.Errorf("event stream: message length %d out of range [%d, %d]: %w", total, esOverhead, esMaxMessage, errEventStream)
	case hlen > esMaxHeaders || hlen > total-esOverhead:
		return esMessage{}, fmt.Errorf("event stream: headers length %d does not fit message length %d: %w", hlen, total, errEventStream)
	}
	// Grow the buffer as bytes arrive rather than trusting the length for
	// one allocation.
	d.buf.Reset()
	d.buf.Write(prelude[:])
	rest := int64(total) - esPreludeLen
	if n, err := io.CopyN(&d.buf, d.r, rest); err != nil {
		return esMessage{}, fmt.Errorf("event stream: message cut after %d of %d bytes: %w", n+esPreludeLen, total, noEOF(err))
	}
	raw := d.buf.Bytes()
	body := raw[:len(raw)-4]
	if got, want := crc32.ChecksumIEEE(body), binary.BigEndian.Uint32(raw[len(raw)-4:]); got != want {
		return esMessage{}, fmt.Errorf("event stream: message CRC32 %08x, want %08x: %w", got, want, ErrChecksumMismatch)
	}
	headers, err := parseESHeaders(body[esPreludeLen : esPreludeLen+hlen])
	if err != nil {
		return esMessage{}, err
	}
	d.n++
	return esMessage{headers: headers, payload: body[esPreludeLen+hlen:]}, nil
}

// parseESHeaders splits the headers section.
func parseESHeaders(b []byte) ([]esHeader, error) {
	var hs []esHeader
	for len(b) > 0 {
		nlen := int(b[0])
		if nlen == 0 || len(b) < 1+nlen+1 {
			return nil, fmt.Errorf("event stream: header name cut or empty: %w", errEventStream)
		}
		h := esHeader{name: string(b[1 : 1+nlen]), typ: b[1+nlen]}
		b = b[2+nlen:]
		var size int
		switch h.typ {
		case esHeaderTrue, esHeaderFalse:
		case esTypeString, esTypeBytes:
			if len(b) < 2 {
				return nil, fmt.Errorf("event stream: header %q: value length cut: %w", h.name, errEventStream)
			}
			size = int(binary.BigEndian.Uint16(b))
			b = b[2:]
		default:
			s, ok := esValueSize[h.typ]
			if !ok {
				return nil, fmt.Errorf("event stream: header %q: unknown value type %d: %w", h.name, h.typ, errEventStream)
			}
			size = s
		}
		if len(b) < size {
			return nil, fmt.Errorf("event stream: header %q: value cut: %w", h.name, errEventStream)
		}
		h.value = b[:size]
		b = b[size:]
		hs = append(hs, h)
	}
	return hs, nil
}

// noEOF turns a bare io.EOF inside a message into io.ErrUnexpectedEOF.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
