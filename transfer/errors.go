package transfer

import (
	"errors"
	"fmt"
)

// UploadError is returned when a multipart upload or multipart copy fails
// after it was initiated. It names the upload so it can be inspected,
// completed by hand or aborted, and wraps the first error that stopped the
// transfer (joined with the abort's error when the abort failed too), so
// errors.Is and errors.As see through it.
type UploadError struct {
	// Key is the destination object key.
	Key string
	// UploadID is the multipart upload's ID.
	UploadID string
	// Kept reports that the upload was left on the server: because of
	// [WithLeavePartsOnError], because a checkpoint keeps it for resuming,
	// or because aborting it failed.
	Kept bool
	// Err is the cause.
	Err error
}

// Error describes the failed upload and its cause.
func (e *UploadError) Error() string {
	state := "aborted"
	if e.Kept {
		state = "kept"
	}
	return fmt.Sprintf("transfer: multipart upload of %q (upload ID %s, %s): %v", e.Key, e.UploadID, state, e.Err)
}

// Unwrap returns the cause.
func (e *UploadError) Unwrap() error { return e.Err }

// firstError keeps the first error reported, which is the cause; errors
// that follow it are mostly the cancellations it triggered.
type firstError struct {
	err error
}

func (f *firstError) set(err error) bool {
	if err == nil || f.err != nil {
		return false
	}
	f.err = err
	return true
}

// ErrTooManyParts is wrapped when a stream of unknown size turns out to need
// more than [MaxParts] parts of the configured size. The upload fails and is
// aborted before anything is completed, rather than storing a truncated
// object; set UploadOptions.Size or a larger [WithPartSize].
var ErrTooManyParts = errors.New("transfer: stream needs more than MaxParts parts")

// ErrSourceChanged is wrapped when the file UploadFile is reading changes
// while it is uploaded: the open file's size, modification time or change
// time differ from when the upload started, or a part reads short. A
// multipart upload then fails before Complete; a single PUT may have
// stored what it read, and the error says its content cannot be trusted.
// Upload the file again once it is stable.
//
// What it cannot see: a rewrite that keeps the size and lands within the
// file system's timestamp granularity (nanoseconds on ext4 and APFS,
// coarser on some others), and a file replaced by rename, which the open
// file does not notice (the upload then carries the old content whole).
// Writers that need a guarantee should write a new file and rename it into
// place, or upload from a snapshot.
var ErrSourceChanged = errors.New("transfer: source file changed during the upload")
