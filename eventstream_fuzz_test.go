package cos

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"
)

// FuzzEventStreamDecoder feeds arbitrary bytes to the Select event-stream
// decoder and to a SelectResult reading them (Read and WriteTo): no panic,
// every accepted message re-encodes to exactly the bytes it consumed (both
// CRC32s checked), failures are only the documented errors, and a
// complete read needs an End event.
func FuzzEventStreamDecoder(f *testing.F) {
	stream := bytes.Join([][]byte{
		esEvent("Cont", nil),
		esEvent("Records", []byte("id,name\n1,ann\n")),
		esStats("Progress", 10, 10, 14),
		esEvent("Records", []byte("2,bob\n")),
		esStats("Stats", 20, 20, 20),
		esEvent("End", nil),
	}, nil)
	f.Add(stream)
	f.Add(stream[:len(stream)-20])
	f.Add(append(esEvent("Records", []byte("x")), esError("InternalError", "boom")...))
	f.Add(esFrame([]esHeader{{name: "n", typ: 4, value: []byte{0, 0, 0, 1}}, {name: "u", typ: 9, value: make([]byte, 16)}}, []byte{1}))
	f.Add([]byte{0, 0, 0, 16, 0, 0, 0, 0, 0x1d, 0x4b, 0x2b, 0x8f})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		d := esDecoder{r: bytes.NewReader(data)}
		off := 0
		for range 1000 {
			m, err := d.next()
			if err != nil {
				if err != io.EOF && !errors.Is(err, ErrChecksumMismatch) && !errors.Is(err, errEventStream) && !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Fatalf("unexpected error kind: %v", err)
				}
				if err == io.EOF && off != len(data) {
					t.Fatalf("io.EOF at offset %d of %d", off, len(data))
				}
				break
			}
			re := esFrame(m.headers, m.payload)
			if !bytes.Equal(re, data[off:off+len(re)]) {
				t.Fatalf("message at %d does not re-encode to its bytes", off)
			}
			off += len(re)
		}

		u, _ := url.Parse("http://127.0.0.1/b/k")
		for _, viaWriteTo := range []bool{false, true} {
			resp := &Response{Response: &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(data)),
				Request: &http.Request{Method: http.MethodPost, URL: u}}}
			r := newSelectResult(resp, http.MethodPost, "/k")
			var err error
			if viaWriteTo {
				_, err = r.WriteTo(io.Discard)
			} else {
				_, err = io.Copy(io.Discard, io.LimitReader(r, 64<<20))
			}
			if err == nil && !bytes.Contains(data, []byte("End")) {
				t.Fatal("a complete read without an End event")
			}
			if r.Close() != nil {
				t.Fatal("Close failed")
			}
		}
	})
}
