package transfer

// Progress is what a progress callback receives: how many bytes of a
// transfer the server has confirmed so far, out of how many.
//
// The callback of an upload, download or copy is called on the goroutine
// that called Upload, UploadFile, Download, DownloadFile or Copy, never
// concurrently with itself, with Done never decreasing: once when the
// transfer starts (Done counts the bytes a resumed transfer already had),
// once per finished part or range, and once at the end. Done counts only
// bytes the server acknowledged (a part whose upload was retried counts
// once), so it can lag behind the bytes on the wire. The callback runs
// between parts: keep it quick, since parts finished meanwhile wait for it.
// Cancelling the transfer's context from it is fine.
type Progress struct {
	// Done is the number of bytes confirmed.
	Done int64
	// Total is the size of the transfer, or -1 while it is unknown (an
	// upload from a stream of unknown size; the final call reports the
	// size).
	Total int64
	// Parts is the number of parts or ranges finished, resumed ones
	// included.
	Parts int
}

// progress feeds one transfer's callback. It is used only from the
// goroutine that runs the transfer, which is what makes the callback
// single-threaded without locks.
type progress struct {
	fn   func(Progress)
	last Progress
}

func newProgress(fn func(Progress), total int64) *progress {
	return &progress{fn: fn, last: Progress{Total: total}}
}

// start reports the initial state (bytes already done by a resumed run).
func (p *progress) start(done int64, parts int) {
	p.last.Done, p.last.Parts = done, parts
	p.emit()
}

// add counts one finished part or range of n bytes.
func (p *progress) add(n int64) {
	p.last.Done += n
	p.last.Parts++
	p.emit()
}

// finish reports the final state; total replaces an unknown total.
func (p *progress) finish(total int64) {
	if total >= 0 {
		p.last.Total = total
	}
	p.emit()
}

func (p *progress) emit() {
	if p == nil || p.fn == nil {
		return
	}
	p.fn(p.last)
}

// pick returns the per-call callback if set, else the configured one.
func pick(call, configured func(Progress)) func(Progress) {
	if call != nil {
		return call
	}
	return configured
}
