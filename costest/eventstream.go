package costest

import (
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"strconv"
)

// The event stream of SELECT Object Content answers, written here without
// package cos (whose decoder it checks). Each message:
//
//	total length | headers length | CRC32(first 8 bytes)   (uint32 big-endian)
//	headers: name length (1 byte) | name | type 7 (string) | value length (2 bytes) | value
//	payload | CRC32(everything before)
//
// Sources: cos-go-sdk-v5 v0.7.70 object_select.go (its decoder and the
// frames its tests build: string headers :message-type, :event-type,
// :error-code, :error-message; events Cont, Records, Progress, Stats, End;
// error messages with an empty payload); S3's "Appendix:
// SelectObjectContent Response" for the same framing. :content-type on
// Records (application/octet-stream) and on Stats/Progress (text/xml) is
// S3's, not confirmed for COS.

// esHeader is one string header of a message.
type esHeader struct{ name, value string }

// encodeEvent builds one message.
func encodeEvent(headers []esHeader, payload []byte) []byte {
	hlen := 0
	for _, h := range headers {
		hlen += 1 + len(h.name) + 1 + 2 + len(h.value)
	}
	total := 12 + hlen + len(payload) + 4
	b := make([]byte, 0, total)
	b = binary.BigEndian.AppendUint32(b, uint32(total))
	b = binary.BigEndian.AppendUint32(b, uint32(hlen))
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[:8]))
	for _, h := range headers {
		b = append(b, byte(len(h.name)))
		b = append(b, h.name...)
		b = append(b, 7)
		b = binary.BigEndian.AppendUint16(b, uint16(len(h.value)))
		b = append(b, h.value...)
	}
	b = append(b, payload...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
}

func event(eventType, contentType string, payload []byte) []byte {
	hs := []esHeader{{":message-type", "event"}, {":event-type", eventType}}
	if contentType != "" {
		hs = append(hs, esHeader{":content-type", contentType})
	}
	return encodeEvent(hs, payload)
}

func errorEvent(code, message string) []byte {
	return encodeEvent([]esHeader{{":message-type", "error"}, {":error-code", code}, {":error-message", message}}, nil)
}

// selectCounts are the byte counts of a Select so far.
type selectCounts struct{ scanned, processed, returned int64 }

func (n selectCounts) xml(root string) []byte {
	return []byte("<" + root + "><BytesScanned>" + strconv.FormatInt(n.scanned, 10) +
		"</BytesScanned><BytesProcessed>" + strconv.FormatInt(n.processed, 10) +
		"</BytesProcessed><BytesReturned>" + strconv.FormatInt(n.returned, 10) +
		"</BytesReturned></" + root + ">")
}

// selectStream sends the records of a Select as Records events of
// selectRecordsChunk bytes (cut anywhere, records may span events), each
// followed by a Progress event when asked for, then Stats and End. Until
// the first event is written, a failure can still be an HTTP error answer.
type selectStream struct {
	c        *reqCtx
	buf      []byte
	progress bool
	counts   func() selectCounts // scanned and processed so far
	returned int64
	started  bool
	// fault, when set, replaces the rest of the stream by an error event
	// after fault.Bytes record bytes (FaultEventError).
	fault *Fault
	// stopped is set once an error event went out: nothing follows it.
	stopped bool
}

// write queues record bytes; it reports false once the stream stopped.
func (s *selectStream) write(p []byte) bool {
	if s.stopped {
		return false
	}
	s.buf = append(s.buf, p...)
	for len(s.buf) >= selectRecordsChunk && !s.stopped {
		s.send(s.buf[:selectRecordsChunk])
		s.buf = s.buf[selectRecordsChunk:]
	}
	return !s.stopped
}

// send writes one Records event (and Progress), honouring the fault.
func (s *selectStream) send(chunk []byte) {
	if s.fault != nil && s.returned+int64(len(chunk)) >= s.fault.Bytes {
		chunk = chunk[:max(s.fault.Bytes-s.returned, 0)]
		if len(chunk) > 0 {
			s.emit(event("Records", "application/octet-stream", chunk))
			s.returned += int64(len(chunk))
		}
		s.failEvent(s.fault.Code, s.fault.Message)
		return
	}
	s.emit(event("Records", "application/octet-stream", chunk))
	s.returned += int64(len(chunk))
	if s.progress {
		s.emit(event("Progress", "text/xml", s.now().xml("Progress")))
	}
}

func (s *selectStream) now() selectCounts {
	n := s.counts()
	n.returned = s.returned
	return n
}

func (s *selectStream) emit(msg []byte) {
	if !s.started {
		s.started = true
		h := s.c.w.Header()
		h.Set("Content-Type", "application/octet-stream")
		s.c.w.WriteHeader(http.StatusOK)
	}
	_, _ = s.c.w.Write(msg)
	s.c.w.Flush()
}

func (s *selectStream) failEvent(code, message string) {
	if message == "" {
		message = "costest: injected error event"
	}
	s.emit(errorEvent(code, message))
	s.stopped = true
}

// drain sends the queued records; it reports false once the stream has
// stopped (a fault may fire while they go out).
func (s *selectStream) drain() bool {
	if len(s.buf) > 0 && !s.stopped {
		s.send(s.buf)
		s.buf = nil
	}
	return !s.stopped
}

// finish sends what is queued, then Stats and End (or the pending fault).
func (s *selectStream) finish() {
	if !s.drain() {
		return
	}
	if s.fault != nil {
		s.failEvent(s.fault.Code, s.fault.Message)
		return
	}
	s.emit(event("Stats", "text/xml", s.now().xml("Stats")))
	s.emit(event("End", "", nil))
}

// fail ends the Select with e: as an HTTP error answer if no event went
// out yet (queued records are dropped), else as an error event after the
// records already queued.
func (s *selectStream) fail(e *Error) {
	switch {
	case s.stopped:
	case !s.started:
		s.c.fail(e)
		s.stopped = true
	case s.drain():
		s.failEvent(e.Code, e.Message)
	}
}
