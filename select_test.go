package cos

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func csvQuery(expr string) *SelectRequest {
	return &SelectRequest{
		Expression:          expr,
		InputSerialization:  SelectInputSerialization{CSV: &CSVInput{}},
		OutputSerialization: SelectOutputSerialization{CSV: &CSVOutput{}},
	}
}

// streamAnswer answers every request with the given event-stream body.
func streamAnswer(body ...[]byte) func(w http.ResponseWriter, r *http.Request, n int) {
	return func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("x-cos-request-id", "rid-select")
		w.WriteHeader(http.StatusOK)
		for _, b := range body {
			_, _ = w.Write(b)
		}
	}
}

func TestSelectRequestShape(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, streamAnswer(esEvent("Records", []byte("1\n")), esEvent("End", nil)))
	req := &SelectRequest{
		Expression: "SELECT _1 FROM COSObject WHERE _2 = 'x'",
		InputSerialization: SelectInputSerialization{CompressionType: "gzip", CSV: &CSVInput{
			FileHeaderInfo: "use", RecordDelimiter: "\r\n", FieldDelimiter: "|", QuoteCharacter: "'",
			QuoteEscapeCharacter: `\`, Comments: "#", AllowQuotedRecordDelimiter: true,
		}},
		OutputSerialization: SelectOutputSerialization{CSV: &CSVOutput{QuoteFields: QuoteFieldsAlways, FieldDelimiter: "\t"}},
		RequestProgress:     true,
	}
	res, _, err := rec.client(t).Object.Select(context.Background(), "data/年度 report.csv", req)
	require.NoError(t, err)
	defer res.Close()
	b, err := io.ReadAll(res)
	require.NoError(t, err)
	assert.Equal(t, "1\n", string(b))

	r := rec.requests()[0]
	assert.True(t, r.SigOK)
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/"+testBucket+"/data/%E5%B9%B4%E5%BA%A6%20report.csv", r.RawPath)
	assert.Equal(t, "select&select-type=2", r.RawQuery)
	assert.Equal(t, "application/xml", r.Header.Get("Content-Type"))
	assert.Equal(t, contentMD5(r.Body), r.Header.Get("Content-MD5"))
	objGolden(t, "select_object.request.xml", r.Body)
	assert.Equal(t, FileHeaderInfo("use"), req.InputSerialization.CSV.FileHeaderInfo, "the request is not modified")
}

func TestSelectRequestDefaults(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, streamAnswer(esEvent("End", nil)))
	c := rec.client(t)
	res, _, err := c.Object.Select(context.Background(), "a.json", &SelectRequest{
		Expression:          "SELECT * FROM COSObject",
		InputSerialization:  SelectInputSerialization{JSON: &JSONInput{}},
		OutputSerialization: SelectOutputSerialization{JSON: &JSONOutput{}},
	})
	require.NoError(t, err)
	n, err := io.Copy(io.Discard, res)
	require.NoError(t, err)
	assert.Zero(t, n, "an empty result is a clean empty read")
	require.NoError(t, res.Close())
	assert.Equal(t, `<SelectRequest><Expression>SELECT * FROM COSObject</Expression><ExpressionType>SQL</ExpressionType>`+
		`<InputSerialization><CompressionType>NONE</CompressionType><JSON><Type>DOCUMENT</Type></JSON></InputSerialization>`+
		`<OutputSerialization><JSON></JSON></OutputSerialization><RequestProgress><Enabled>FALSE</Enabled></RequestProgress></SelectRequest>`,
		string(rec.requests()[0].Body))
}

func TestSelectBadInput(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	c := rec.client(t)
	mod := func(f func(r *SelectRequest)) *SelectRequest {
		r := csvQuery("SELECT * FROM COSObject")
		f(r)
		return r
	}
	cases := []struct {
		key   string
		req   *SelectRequest
		field string
	}{
		{"", csvQuery("SELECT * FROM COSObject"), "key"},
		{"k", nil, "SelectRequest"},
		{"k", csvQuery("  "), "Expression"},
		{"k", mod(func(r *SelectRequest) { r.ExpressionType = "XPath" }), "ExpressionType"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV = nil }), "InputSerialization"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.JSON = &JSONInput{} }), "InputSerialization"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CompressionType = "ZIP" }), "InputSerialization.CompressionType"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV.FileHeaderInfo = "FIRST" }), "InputSerialization.CSV.FileHeaderInfo"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV.FieldDelimiter = ",," }), "InputSerialization.CSV.FieldDelimiter"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV.RecordDelimiter = "\r\n\n" }), "InputSerialization.CSV.RecordDelimiter"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV.FieldDelimiter = "\n" }), "InputSerialization.CSV.FieldDelimiter"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV.QuoteCharacter = "," }), "InputSerialization.CSV.QuoteCharacter"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV.QuoteEscapeCharacter = "\\\\" }), "InputSerialization.CSV.QuoteEscapeCharacter"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV.Comments = "//" }), "InputSerialization.CSV.Comments"},
		{"k", mod(func(r *SelectRequest) {
			r.InputSerialization = SelectInputSerialization{JSON: &JSONInput{Type: "ARRAY"}}
		}), "InputSerialization.JSON.Type"},
		{"k", mod(func(r *SelectRequest) { r.OutputSerialization.CSV = nil }), "OutputSerialization"},
		{"k", mod(func(r *SelectRequest) { r.OutputSerialization.JSON = &JSONOutput{} }), "OutputSerialization"},
		{"k", mod(func(r *SelectRequest) { r.OutputSerialization.CSV.QuoteFields = "NEVER" }), "OutputSerialization.CSV.QuoteFields"},
		{"k", mod(func(r *SelectRequest) { r.OutputSerialization.CSV.FieldDelimiter = "ab" }), "OutputSerialization.CSV.FieldDelimiter"},
		{"k", mod(func(r *SelectRequest) {
			r.OutputSerialization = SelectOutputSerialization{JSON: &JSONOutput{RecordDelimiter: "abc"}}
		}), "OutputSerialization.JSON.RecordDelimiter"},
		{"k", mod(func(r *SelectRequest) { r.InputSerialization.CSV.FieldDelimiter = "\xff" }), "InputSerialization.CSV.FieldDelimiter"},
	}
	for _, tc := range cases {
		res, resp, err := c.Object.Select(context.Background(), tc.key, tc.req)
		require.Error(t, err, tc.field)
		assert.Nil(t, res)
		assert.Nil(t, resp)
		assert.ErrorIs(t, err, ErrInvalidArgument)
		assert.Contains(t, err.Error(), tc.field+":")
	}
	assert.Empty(t, rec.requests(), "bad input is refused before sending")
}

func TestSelectStreamEvents(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, streamAnswer(
		esEvent("Cont", nil),
		esEvent("Records", []byte("a,1\nb,")),
		esStats("Progress", 10, 20, 6),
		esEvent("SomethingNew", []byte("ignored")),
		esEvent("Records", nil),
		esEvent("Records", []byte("2\n")),
		esStats("Progress", 30, 40, 10),
		esStats("Stats", 31, 41, 10),
		esEvent("End", nil),
	))
	res, resp, err := rec.client(t).Object.Select(context.Background(), "k", csvQuery("SELECT * FROM COSObject"))
	require.NoError(t, err)
	assert.Equal(t, "rid-select", resp.RequestID)
	assert.Same(t, resp, res.Response)
	_, ok := res.Stats()
	assert.False(t, ok, "no Stats before the stream was read")
	buf := make([]byte, 3)
	var got bytes.Buffer
	for {
		n, err := res.Read(buf)
		got.Write(buf[:n])
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
	}
	assert.Equal(t, "a,1\nb,2\n", got.String())
	st, ok := res.Stats()
	assert.True(t, ok)
	assert.Equal(t, SelectStats{BytesScanned: 31, BytesProcessed: 41, BytesReturned: 10}, st)
	pr, ok := res.Progress()
	assert.True(t, ok)
	assert.Equal(t, SelectStats{BytesScanned: 30, BytesProcessed: 40, BytesReturned: 10}, pr)
	n, err := res.Read(buf)
	assert.Equal(t, 0, n)
	assert.Equal(t, io.EOF, err, "EOF is sticky")
	require.NoError(t, res.Close())
	require.NoError(t, res.Close(), "Close twice is fine")
}

// Every way a stream can end short is an error from Read, after the
// records that arrived intact.
func TestSelectStreamFailures(t *testing.T) {
	t.Parallel()
	records := esEvent("Records", []byte("r1\n"))
	corrupt := bytes.Clone(esEvent("Records", []byte("r2\n")))
	corrupt[len(corrupt)-6] ^= 1 // a payload byte: the message CRC fails
	badPrelude := bytes.Clone(esEvent("Records", []byte("r2\n")))
	badPrelude[3] ^= 1 // the total length: the prelude CRC fails
	cases := []struct {
		name  string
		body  [][]byte
		check func(t *testing.T, err error)
	}{
		{"error event mid-stream", [][]byte{records, esError("InternalError", "scan failed"), esEvent("End", nil)}, func(t *testing.T, err error) {
			var se *ServiceError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, "InternalError", se.Code)
			assert.Equal(t, "scan failed", se.Message)
			assert.Equal(t, http.StatusOK, se.StatusCode)
			assert.Equal(t, "rid-select", se.RequestID)
			assert.Equal(t, "InternalError", ErrorCode(err))
			assert.Contains(t, err.Error(), "POST /"+testBucket+"/k: 200 InternalError: scan failed")
		}},
		{"no End event", [][]byte{records, esStats("Stats", 1, 1, 3)}, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			assert.Contains(t, err.Error(), "without an End event")
		}},
		{"cut inside a message", [][]byte{records, esEvent("Records", []byte("r2\n"))[:9]}, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		}},
		{"bad message CRC", [][]byte{records, corrupt, esEvent("End", nil)}, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, ErrChecksumMismatch)
			assert.Contains(t, err.Error(), "message CRC32")
		}},
		{"bad prelude CRC", [][]byte{records, badPrelude, esEvent("End", nil)}, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, ErrChecksumMismatch)
			assert.Contains(t, err.Error(), "prelude CRC32")
		}},
		{"unknown message type", [][]byte{records, esFrame([]esHeader{strHeader(":message-type", "exception")}, nil)}, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, errEventStream)
		}},
		{"bad Stats document", [][]byte{records, esEvent("Stats", []byte("<Stats><BytesScanned>x"))}, func(t *testing.T, err error) {
			assert.Contains(t, err.Error(), "Stats event")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, viaWriteTo := range []bool{false, true} {
				rec := newRecorder(t, streamAnswer(tc.body...))
				res, _, err := rec.client(t).Object.Select(context.Background(), "k", csvQuery("SELECT * FROM COSObject"))
				require.NoError(t, err)
				var got bytes.Buffer
				if viaWriteTo {
					_, err = res.WriteTo(&got)
				} else {
					_, err = io.Copy(&got, struct{ io.Reader }{res})
				}
				require.Error(t, err)
				assert.Equal(t, "r1\n", got.String(), "the intact records arrive, the broken frame's never")
				tc.check(t, err)
				_, again := res.Read(make([]byte, 8))
				assert.Equal(t, err, again, "the error is sticky")
				require.NoError(t, res.Close())
			}
		})
	}
}

// The request is retried before the stream starts; a failure inside the
// stream is not (records may already be with the caller).
func TestSelectRetries(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			writeXML(w, http.StatusServiceUnavailable, errorXML("SlowDown", "busy"))
			return
		}
		streamAnswer(esEvent("Records", []byte("ok\n")), esEvent("End", nil))(w, r, n)
	})
	res, _, err := rec.client(t, objFastRetry()).Object.Select(context.Background(), "k", csvQuery("SELECT * FROM COSObject"))
	require.NoError(t, err)
	b, err := io.ReadAll(res)
	require.NoError(t, err)
	assert.Equal(t, "ok\n", string(b))
	require.NoError(t, res.Close())
	require.Len(t, rec.requests(), 2)
	assert.Equal(t, rec.requests()[0].Body, rec.requests()[1].Body, "the retry sends the same document")

	rec2 := newRecorder(t, streamAnswer(esEvent("Records", []byte("x")), esError("InternalError", "late")))
	res, _, err = rec2.client(t, objFastRetry()).Object.Select(context.Background(), "k", csvQuery("SELECT * FROM COSObject"))
	require.NoError(t, err)
	_, err = io.ReadAll(res)
	assert.Equal(t, "InternalError", ErrorCode(err))
	require.NoError(t, res.Close())
	assert.Len(t, rec2.requests(), 1, "an error event is not retried")

	rec3 := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, http.StatusBadRequest, errorXML("ParseUnexpectedToken", "bad SQL"))
	})
	_, resp, err := rec3.client(t, objFastRetry()).Object.Select(context.Background(), "k", csvQuery("SELEKT"))
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "ParseUnexpectedToken", se.Code)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Len(t, rec3.requests(), 1, "a refused query is not retried")
}

func TestSelectReadAfterClose(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, streamAnswer(esEvent("Records", []byte("abc")), esEvent("End", nil)))
	res, _, err := rec.client(t).Object.Select(context.Background(), "k", csvQuery("SELECT * FROM COSObject"))
	require.NoError(t, err)
	require.NoError(t, res.Close())
	_, err = res.Read(make([]byte, 4))
	require.Error(t, err)
	assert.False(t, errors.Is(err, io.EOF), "a closed result does not pretend to be complete")
	assert.True(t, strings.Contains(err.Error(), "closed"))
}

// A 200 whose body is an <Error> document rather than an event stream is
// that error, not a checksum failure.
func TestSelectErrorDocumentIn200(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		writeXML(w, http.StatusOK, errorXML("InvalidObjectState", "archived"))
	})
	res, _, err := rec.client(t).Object.Select(context.Background(), "k", csvQuery("SELECT * FROM COSObject"))
	require.NoError(t, err)
	_, err = io.ReadAll(res)
	var se *ServiceError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "InvalidObjectState", se.Code)
	assert.Equal(t, "archived", se.Message)
	assert.False(t, errors.Is(err, ErrChecksumMismatch))
	require.NoError(t, res.Close())
}

// Cancelling the context stops a stream the caller is reading.
func TestSelectContextCancelMidStream(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(esEvent("Records", []byte("first\n")))
		http.NewResponseController(w).Flush()
		<-r.Context().Done() // the rest never comes
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, _, err := rec.client(t).Object.Select(ctx, "k", csvQuery("SELECT * FROM COSObject"))
	require.NoError(t, err)
	defer res.Close()
	buf := make([]byte, 64)
	n, err := res.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "first\n", string(buf[:n]))
	cancel()
	_, err = res.Read(buf)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestSelectStreamErrorsScrubbed checks that an error the stream carries
// prints none of the call's secrets, as every other error of the client:
// an error event echoing the request's signature or token, a message
// type or a Stats document made of them.
func TestSelectStreamErrorsScrubbed(t *testing.T) {
	t.Parallel()
	const token = "SESSIONtokenSelectNEVERprinted"
	for name, event := range map[string]func(sig, tok string) []byte{
		"error event": func(sig, tok string) []byte {
			return esError("SignatureDoesNotMatch", "signature "+sig+" with token "+tok)
		},
		"message type": func(sig, tok string) []byte {
			return esFrame([]esHeader{strHeader(":message-type", sig+tok)}, nil)
		},
		"Stats document": func(sig, tok string) []byte {
			return esEvent("Stats", []byte("<Stats><BytesScanned>"+sig+tok+"</BytesScanned></Stats>"))
		},
	} {
		var mu sync.Mutex
		var sigs []string
		rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			_, sig, _ := strings.Cut(r.Header.Get("Authorization"), "q-signature=")
			mu.Lock()
			sigs = append(sigs, sig)
			mu.Unlock()
			streamAnswer(esEvent("Records", []byte("r1\n")), event(sig, r.Header.Get("x-cos-security-token")))(w, r, 0)
		})
		c := rec.client(t, WithStaticCredentials(testID, testKey, token))
		res, _, err := c.Object.Select(context.Background(), "k", csvQuery("SELECT * FROM COSObject"))
		require.NoError(t, err, name)
		_, err = io.ReadAll(res)
		require.Error(t, err, name)
		require.NoError(t, res.Close())
		mu.Lock()
		require.Len(t, sigs, 1)
		require.Len(t, sigs[0], 40, "a SHA-1 signature was sent")
		secrets := []string{sigs[0], token}
		mu.Unlock()
		outs := []string{err.Error(), fmt.Sprintf("%+v", err)}
		var se *ServiceError
		if errors.As(err, &se) {
			outs = append(outs, se.Message, se.Code, string(se.Body))
		}
		for _, out := range outs {
			for _, s := range secrets {
				assert.NotContains(t, out, s, "%s: %s", name, out)
			}
		}
	}
}
