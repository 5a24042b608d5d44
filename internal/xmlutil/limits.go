package xmlutil

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// The limits every answer document is decoded within. A real COS answer
// stays far inside each of them; a hostile or broken one fails fast with an
// error wrapping ErrInvalid instead of costing memory and CPU in
// proportion to what it claims. They are the one place these numbers live:
// a faster decoder that replaces encoding/xml must keep counting them.
const (
	// MaxDepth is the deepest element nesting accepted. The deepest COS
	// documents (lifecycle filters, ACL grantees) nest 6 levels.
	MaxDepth = 32
	// MaxAttrs is the most attributes one element may carry. COS uses at
	// most 2 (an ACL Grantee's xmlns:xsi and xsi:type).
	MaxAttrs = 16
	// MaxTokenBytes is the longest one token (a tag with its attributes,
	// a text run, a comment) may be. encoding/xml holds a whole token in
	// memory before returning it, so this bounds what one tag of a
	// million attributes or an endless text costs. The text directly
	// inside one element counts as one run however comments, CDATA
	// sections or child elements split it, since it is decoded into one
	// value. The longest real text is an 850-byte key percent-encoded in
	// full, 2550 bytes.
	MaxTokenBytes = 256 << 10
	// MaxTokens is the most XML tokens (start and end tags, text runs,
	// comments) one document may hold. A full page of 1000 listed objects
	// is about 50,000; 1000 lifecycle rules about 60,000.
	MaxTokens = 1 << 18
	// MaxPageEntries is the largest page COS serves (max-keys,
	// max-uploads, max-parts; and the keys of one DeleteMulti).
	MaxPageEntries = 1000
	// MaxListedBuckets bounds the buckets of one ListBuckets answer, which
	// has no page size: COS lets an account create a few hundred, so ten
	// thousand is generous.
	MaxListedBuckets = 10000

	// MaxErrorBody caps how much of an error body is read.
	MaxErrorBody = 1 << 20
	// MaxSmallDocument caps a result document of one call (Initiate,
	// Complete, Copy, Location): the largest real one, with an 850-byte
	// key percent-encoded, is under 4 KiB.
	MaxSmallDocument = 1 << 20
	// MaxConfigDocument caps a configuration document (ACL, CORS,
	// lifecycle, tagging, policy): 1000 lifecycle rules with long IDs and
	// prefixes stay under 2 MiB.
	MaxConfigDocument = 8 << 20
	// MaxListDocument caps a listing page (objects, uploads, parts,
	// buckets) and a DeleteMulti result: 1000 entries whose 850-byte keys
	// are percent-encoded in full (2550 bytes each) are about 3 MiB.
	MaxListDocument = 16 << 20
)

// ErrInvalid marks a document that breaks the protocol: too large, over a
// decoding limit, or malformed. Errors reading the body (a cut connection)
// do not wrap it.
var ErrInvalid = errors.New("xmlutil: invalid document")

// Entries bounds how often the elements at Paths may occur in one
// document: the entries of a page.
type Entries struct {
	// Paths are element paths below the root, "/"-separated:
	// "Contents", "CommonPrefixes/Prefix".
	Paths []string
	// Max is the most occurrences of all Paths together.
	Max int
}

// Limits bounds one document. Depth, attributes and tokens always use the
// package constants.
type Limits struct {
	// MaxBytes caps the body; 0 means MaxSmallDocument.
	MaxBytes int64
	// Entries are the page's entry counts, each checked on its own.
	Entries []Entries
}

// Cap is MaxBytes, or MaxSmallDocument when it is not set.
func (l Limits) Cap() int64 {
	if l.MaxBytes <= 0 {
		return MaxSmallDocument
	}
	return l.MaxBytes
}

// PageLimits are the limits of a listing page of at most max entries
// (0 or more than MaxPageEntries means MaxPageEntries) counted over paths.
func PageLimits(max int, paths ...string) Entries {
	if max <= 0 || max > MaxPageEntries {
		max = MaxPageEntries
	}
	return Entries{Paths: paths, Max: max}
}

// capReader fails with ErrDocumentTooLarge once more than left bytes
// were asked for. It remembers the first read error that is not io.EOF so
// a cut connection is told apart from a bad document.
type capReader struct {
	r       io.Reader
	left    int64
	readErr error
}

// errTokenTooLarge is what the Scanner returns for a token over
// MaxTokenBytes.
var errTokenTooLarge = fmt.Errorf("%w: a token longer than %d bytes", ErrInvalid, MaxTokenBytes)

func (c *capReader) Read(p []byte) (int, error) {
	if c.left < 0 {
		return 0, ErrDocumentTooLarge
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n - 1, ErrDocumentTooLarge
	}
	if err != nil && err != io.EOF && c.readErr == nil {
		c.readErr = err
	}
	return n, err
}

// DecodeReader reads one document from r within lim. An <Error> root is
// decoded into errDoc with isError true, so a 200 carrying an error is
// never mistaken for success; any other root is decoded into v (skipped
// when v is nil). empty reports a body of nothing but white space. The
// body is read by a Scanner, which counts the limits as it goes and hands
// encoding/xml the tokens to unmarshal v with; a v that is a ScanDecoder
// decodes itself (see Scan).
//
// Errors wrap ErrInvalid when the document breaks the protocol (larger
// than lim.MaxBytes, over a limit, malformed, or a value of the wrong
// type); an error reading r is returned as the cause instead, so a cut
// connection stays retryable.
func DecodeReader(r io.Reader, v any, lim Limits) (errDoc ErrorDoc, isError, empty bool, err error) {
	if sd, ok := v.(ScanDecoder); ok {
		return Scan(r, sd, lim)
	}
	return decodeRoot(r, lim, true, func(s *Scanner) error {
		if v == nil {
			return nil
		}
		d := xml.NewTokenDecoder(&tokenSource{s: s, root: true})
		tok, err := d.Token() // the root's start tag, on d's stack
		if err != nil {
			return err
		}
		start := tok.(xml.StartElement)
		return d.DecodeElement(v, &start)
	})
}

// docError says whether err came from reading the body (returned as is,
// wrapped) or from the document (wrapping ErrInvalid).
func docError(cr *capReader, what string, err error) error {
	switch {
	case errors.Is(err, ErrInvalid):
		return fmt.Errorf("xmlutil: %s: %w", what, err)
	case errors.Is(err, ErrDocumentTooLarge):
		return fmt.Errorf("xmlutil: %s: %w: %w", what, ErrInvalid, err)
	case cr.readErr != nil:
		return fmt.Errorf("xmlutil: %s: %w", what, cr.readErr)
	}
	return fmt.Errorf("xmlutil: %s: %w: %w", what, ErrInvalid, err)
}
