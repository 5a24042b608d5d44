package cos

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/cosgo/cos/internal/xmlutil"
)

// Listing pages are decoded by xmlutil.Scanner straight into their
// results, without encoding/xml's tokens and wire structs: a page of 1000
// keys is where a client spends its time and allocations. Each decoder
// reads its document as encoding/xml would unmarshal the wire struct
// these replaced (kept in list_decode_oracle_test.go): the last of a
// repeated field wins, a repeated struct field is merged, unknown
// elements and text between elements are ignored, a value that does not
// parse fails the page. FuzzListPages checks them against encoding/xml
// on the same bodies. url-decoding waits for the root's end, because the
// EncodingType element may come anywhere (or twice).

// ownerCache keeps the owner last read on a page: consecutive entries
// share one, and its strings are then allocated once per page.
type ownerCache struct{ id, name string }

// decode reads an <Owner> (or <Initiator>) into o, merging with what o
// holds, as encoding/xml does.
func (c *ownerCache) decode(s *xmlutil.Scanner, o *Owner) {
	for s.Child() {
		switch string(s.Local()) {
		case "ID":
			s.String(&c.id)
			o.ID = c.id
		case "DisplayName":
			s.String(&c.name)
			o.DisplayName = c.name
		default:
			s.Skip()
		}
	}
}

// pageCache keeps the values that repeat from entry to entry of a page,
// and the raw time of the entry being read (parsed once its last
// occurrence is known).
type pageCache struct {
	owner, initiator ownerCache
	class, tier      string
	rawTime          []byte
}

// intern reads the element's text into *last, reusing the string when
// the value repeats, and returns it.
func intern(s *xmlutil.Scanner, last *string) string {
	s.String(last)
	return *last
}

// readTime keeps the raw text of a time element until its entry ends.
func (c *pageCache) readTime(s *xmlutil.Scanner) {
	c.rawTime = append(c.rawTime[:0], s.Text()...)
}

// entryTime parses the entry's raw time with parseListTime's rules.
func (c *pageCache) entryTime(s *xmlutil.Scanner, field string, dst *time.Time) {
	if s.Err() != nil {
		return
	}
	t, err := parseListTimeBytes(field, c.rawTime)
	if err != nil {
		s.Fail(err)
		return
	}
	*dst = t
}

// prefixes appends the <Prefix> children of a <CommonPrefixes> element,
// as a field tagged "CommonPrefixes>Prefix" collects them.
func prefixes(s *xmlutil.Scanner, list []string) []string {
	for s.Child() {
		if string(s.Local()) != "Prefix" {
			s.Skip()
			continue
		}
		var p string
		s.String(&p)
		if s.Err() == nil {
			list = append(list, p)
		}
	}
	return list
}

// etag reads an ETag element without its quotes (listETag's rule).
func etag(s *xmlutil.Scanner) string {
	b := bytes.TrimSpace(s.Text())
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	return string(b)
}

// intField reads an int element into *dst, as encoding/xml reads one.
func intField(s *xmlutil.Scanner, dst *int) {
	n := int64(*dst)
	s.Int(&n, strconv.IntSize)
	*dst = int(n)
}

// urlDecode decodes each of ps in place when the page was url-encoded,
// stopping at the first malformed value.
func urlDecode(s *xmlutil.Scanner, encoding string, ps ...*string) {
	if s.Err() != nil || !strings.EqualFold(encoding, EncodingTypeURL) {
		return
	}
	if err := xmlutil.URLDecodeAll(ps...); err != nil {
		s.Fail(err)
	}
}

// urlDecodeEach decodes the strings of list in place, like urlDecode.
func urlDecodeEach[T any](s *xmlutil.Scanner, encoding string, list []T, field func(*T) *string) {
	if s.Err() != nil || !strings.EqualFold(encoding, EncodingTypeURL) {
		return
	}
	for i := range list {
		if err := xmlutil.URLDecodeAll(field(&list[i])); err != nil {
			s.Fail(err)
			return
		}
	}
}

// parseListTimeBytes is parseListTime on raw bytes. The form COS sends
// ("2024-05-01T08:00:00.000Z") is read here without a string; anything
// else goes to parseListTime. FuzzListTime checks that both agree.
func parseListTimeBytes(field string, raw []byte) (time.Time, error) {
	b := bytes.TrimSpace(raw)
	if len(b) == 0 {
		return time.Time{}, nil
	}
	if t, ok := parseUTCTime(b); ok {
		return t, nil
	}
	return parseListTime(field, string(raw))
}

// parseUTCTime reads "YYYY-MM-DDTHH:MM:SS[.fraction]Z" with 1 to 9
// fraction digits, each field within its range, as time.Parse with
// RFC3339Nano reads it; ok is false for any other text.
func parseUTCTime(b []byte) (time.Time, bool) {
	const n = len("2006-01-02T15:04:05")
	if len(b) < n+1 || b[len(b)-1] != 'Z' || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	num := func(p []byte) int {
		v := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(b[0:4]), num(b[5:7]), num(b[8:10])
	hour, minute, sec := num(b[11:13]), num(b[14:16]), num(b[17:19])
	if year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	if frac := b[n : len(b)-1]; len(frac) > 0 {
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' {
			return time.Time{}, false
		}
		if nsec = num(frac[1:]); nsec < 0 {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			nsec *= 10
		}
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
