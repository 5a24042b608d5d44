package costest

import (
	"errors"
	"net/http"
	"strconv"
)

var errConnCut = errors.New("costest: connection cut by an injected fault")

// respWriter records the status and carries out response faults: it can
// swallow the response (FaultDropResponse) or cut the body after limit
// bytes (FaultTruncate), then close the connection.
type respWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
	written     int64
	discard     bool  // swallow everything
	limit       int64 // >= 0: cut the body after this many bytes
	aborted     bool
	// onHeader runs once, before the status line can reach the client,
	// so the request log is complete by the time a client sees an answer.
	onHeader func(status int)
}

func (w *respWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader, w.status = true, code
	if w.onHeader != nil {
		w.onHeader(code)
	}
	if w.discard || w.aborted {
		return
	}
	if w.limit >= 0 {
		// Cut strictly inside the declared body.
		if n, err := strconv.ParseInt(w.Header().Get("Content-Length"), 10, 64); err == nil && n > 0 && n-1 < w.limit {
			w.limit = n - 1
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *respWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	switch {
	case w.aborted:
		return 0, errConnCut
	case w.discard:
		return len(p), nil
	case w.limit >= 0 && w.written+int64(len(p)) > w.limit:
		n := int(w.limit - w.written)
		if n > 0 {
			n, _ = w.ResponseWriter.Write(p[:n])
			w.written += int64(n)
		}
		w.abort()
		return n, errConnCut
	}
	n, err := w.ResponseWriter.Write(p)
	w.written += int64(n)
	return n, err
}

// Flush sends buffered data to the client.
func (w *respWriter) Flush() {
	if w.discard || w.aborted {
		return
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap gives http.ResponseController access to the real writer.
func (w *respWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// abort flushes what was written and closes the connection: by hijacking
// it where possible, else by aborting the handler (net/http then resets
// the connection or stream).
func (w *respWriter) abort() {
	if w.aborted {
		return
	}
	if w.wroteHeader && !w.discard {
		_ = http.NewResponseController(w.ResponseWriter).Flush()
	}
	w.aborted = true
	conn, _, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}
