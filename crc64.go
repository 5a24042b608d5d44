package cos

import (
	"fmt"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/cosgo/cos/internal/crc64x"
)

// headerCRC64 is the response header carrying a decimal CRC64.
const headerCRC64 = "x-cos-hash-crc64ecma"

// CRC64 returns the CRC-64/XZ checksum of p (ECMA-182 polynomial, reflected,
// initial value and final XOR all ones), the value COS sends in
// x-cos-hash-crc64ecma. It equals hash/crc64's Checksum with the ECMA
// table, computed with carry-less multiplication where the CPU has it.
func CRC64(p []byte) uint64 { return crc64x.Checksum(p) }

// UpdateCRC64 returns the CRC64 of the bytes behind crc followed by p: the
// running form of [CRC64], starting from 0, as crc64.Update with the ECMA
// table.
func UpdateCRC64(crc uint64, p []byte) uint64 { return crc64x.Update(crc, p) }

// NewCRC64 returns a streaming hash computing the same checksum as [CRC64].
// Its marshaled state is interchangeable with hash/crc64's for the ECMA
// table.
func NewCRC64() hash.Hash64 { return crc64x.New() }

// CRC64Combine returns the CRC64 of A followed by B, given crc1 = CRC64(A),
// crc2 = CRC64(B) and len2 = len(B). It runs in O(log len2) time, so part
// checksums of a multipart upload can be combined into the whole object's
// without reading the data again. A len2 <= 0 returns crc1.
func CRC64Combine(crc1, crc2 uint64, len2 int64) uint64 {
	return crc64x.Combine(crc1, crc2, len2)
}

// parseCRC64Header reads x-cos-hash-crc64ecma. ok is false when the header
// is absent; a present but malformed value is an error wrapping
// ErrChecksumMismatch.
func parseCRC64Header(h http.Header) (v uint64, ok bool, err error) {
	s := strings.TrimSpace(h.Get(headerCRC64))
	if s == "" {
		return 0, false, nil
	}
	v, err = strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%w: malformed %s %q", ErrChecksumMismatch, headerCRC64, s)
	}
	return v, true, nil
}

// sentCRC hashes the request body bytes of the most recent attempt. Each
// attempt (and each GetBody rewind by the transport) gets a fresh counter,
// so the value describes exactly the bytes of the send that succeeded. The
// transport reads the body on its own goroutine, hence the mutex.
type sentCRC struct {
	mu  sync.Mutex
	cur *crcCounter
}

type crcCounter struct {
	parent *sentCRC
	r      io.Reader
	crc    uint64
	n      int64
}

// wrap is an op.wrapBody hook.
func (s *sentCRC) wrap(r io.Reader) io.Reader {
	c := &crcCounter{parent: s, r: r}
	s.mu.Lock()
	s.cur = c
	s.mu.Unlock()
	return c
}

func (c *crcCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.parent.mu.Lock()
		c.crc = crc64x.Update(c.crc, p[:n])
		c.n += int64(n)
		c.parent.mu.Unlock()
	}
	return n, err
}

// sum returns the CRC and length of the last attempt's body.
func (s *sentCRC) sum() (crc uint64, n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		return 0, 0
	}
	return s.cur.crc, s.cur.n
}

// verify compares the server's CRC64 (when sent) with the bytes sent.
// size is the declared body length; when fewer bytes were seen (a
// transport that did not read to the end) there is nothing sound to
// compare and verify passes.
func (s *sentCRC) verify(h http.Header, size int64) (server uint64, has bool, err error) {
	server, has, err = parseCRC64Header(h)
	if err != nil || !has {
		return server, has, err
	}
	local, n := s.sum()
	if n != size {
		return server, has, nil
	}
	if local != server {
		return server, has, fmt.Errorf("%w: sent %d bytes with CRC64 %d, server computed %d", ErrChecksumMismatch, n, local, server)
	}
	return server, has, nil
}
