package conformance

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cosgo/cos"
)

// oddKeys are key suffixes that stress escaping in paths, queries, XML
// listings and signatures. "/leading.txt" gives a key with "//" right after
// the prefix (a leading slash inside the prefix's directory: COS refuses a
// leading "/" of the whole key); "trailing/" is a zero-byte folder marker.
var oddKeys = []string{
	"space key.txt",
	"plus+sign.txt",
	"percent%20literal.txt",
	"percent%2Fslash",
	"unicode/年度报告.txt",
	"unicode/naïve café.txt",
	"emoji 🚀.txt",
	"query?and#hash&eq=1.txt",
	"semi;colon,comma'quote(paren)!.txt",
	"tilde~under_score-dash.txt",
	"trailing/",
	"double//slash.txt",
	"/leading.txt",
	"dir/a",
	"dir/sub/b",
}

// testListOddKeys puts keys with odd characters and checks that each reads
// back and that flat, delimited and prefix listings return them exactly.
func (s *suite) testListOddKeys(t *testing.T, e *env) {
	ctx := e.ctx(t)
	var want []string
	for _, k := range oddKeys {
		key := e.prefix + k
		body := k
		if strings.HasSuffix(k, "/") {
			body = ""
		}
		e.put(t, ctx, key, []byte(body))
		want = append(want, key)
	}
	slices.Sort(want) // COS lists in UTF-8 byte order, as Go compares strings

	for _, k := range oddKeys {
		resp, err := e.c.Object.Get(ctx, e.prefix+k, nil)
		got := readAll(t, resp, err, fmt.Sprintf("Get %q", k))
		if !strings.HasSuffix(k, "/") {
			equal(t, string(got), k, "body of %q", k)
		}
		meta, _, err := e.c.Object.Head(ctx, e.prefix+k, nil)
		must(t, err, "Head %q", k)
		equal(t, meta.ContentLength, int64(len(got)), "Head %q: size", k)
	}

	var flat []string
	for o, err := range e.c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: e.prefix}) {
		must(t, err, "Objects")
		flat = append(flat, o.Key)
	}
	sameList(t, flat, want, "flat listing")

	// One level with delimiter "/", in pages of 3.
	wantFiles, wantDirs := rollUp(want, e.prefix)
	files, dirs := listAll(t, e, &cos.ListObjectsOptions{Prefix: e.prefix, Delimiter: "/", MaxKeys: 3})
	sameList(t, files, wantFiles, "delimited listing: contents")
	sameList(t, dirs, wantDirs, "delimited listing: common prefixes")

	// Prefixes and markers with odd characters.
	for _, p := range []string{"unicode/", "plus+", "percent%", "query?", "emoji 🚀", "/", "double//"} {
		var got, exp []string
		for _, k := range want {
			if strings.HasPrefix(k, e.prefix+p) {
				exp = append(exp, k)
			}
		}
		for o, err := range e.c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: e.prefix + p}) {
			must(t, err, "Objects prefix %q", p)
			got = append(got, o.Key)
		}
		sameList(t, got, exp, fmt.Sprintf("listing with prefix %q", p))
	}
	marker := e.prefix + "plus+sign.txt"
	var after []string
	for o, err := range e.c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: e.prefix, Marker: marker}) {
		must(t, err, "Objects after marker")
		after = append(after, o.Key)
	}
	sameList(t, after, want[slices.Index(want, marker)+1:], "listing after marker "+marker)

	_, err := e.c.Object.Delete(ctx, e.prefix+"percent%20literal.txt", nil)
	must(t, err, "Delete")
	ok, err := e.c.Object.Exists(ctx, e.prefix+"percent%20literal.txt")
	must(t, err, "Exists")
	equal(t, ok, false, "Exists after Delete")
	ok, err = e.c.Object.Exists(ctx, e.prefix+"percent literal.txt")
	must(t, err, "Exists")
	equal(t, ok, false, "a key with a space never existed")
}

// testListPaging pages flat and delimited listings and checks that every
// key and prefix comes exactly once.
func (s *suite) testListPaging(t *testing.T, e *env) {
	ctx := e.ctx(t)
	var want []string
	for i := range 5 {
		want = append(want, fmt.Sprintf("%sf%d", e.prefix, i))
		for d := range 3 {
			want = append(want, fmt.Sprintf("%sd%d/f%d", e.prefix, d, i))
		}
	}
	for _, k := range want {
		e.put(t, ctx, k, []byte("x"))
	}
	slices.Sort(want)

	var got []string
	for o, err := range e.c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: e.prefix, MaxKeys: 4}) {
		must(t, err, "Objects")
		got = append(got, o.Key)
	}
	sameList(t, got, want, "flat listing in pages of 4")

	page, _, err := e.c.Bucket.ListObjects(ctx, &cos.ListObjectsOptions{Prefix: e.prefix, MaxKeys: 4})
	must(t, err, "ListObjects")
	equal(t, len(page.Contents), 4, "first page size")
	equal(t, page.IsTruncated, true, "first page IsTruncated")

	wantFiles, wantDirs := rollUp(want, e.prefix)
	files, dirs := listAll(t, e, &cos.ListObjectsOptions{Prefix: e.prefix, Delimiter: "/", MaxKeys: 2})
	sameList(t, files, wantFiles, "delimited contents in pages of 2")
	sameList(t, dirs, wantDirs, "delimited prefixes in pages of 2")
}

// listAll pages ListObjects by hand, following NextMarker (or the last
// entry when a server leaves it out).
func listAll(t *testing.T, e *env, opt *cos.ListObjectsOptions) (files, dirs []string) {
	t.Helper()
	ctx := e.ctx(t)
	o := *opt
	for range 1000 {
		res, _, err := e.c.Bucket.ListObjects(ctx, &o)
		must(t, err, "ListObjects marker %q", o.Marker)
		if n := len(res.Contents) + len(res.CommonPrefixes); o.MaxKeys > 0 && n > o.MaxKeys {
			t.Errorf("page of %d entries, MaxKeys %d", n, o.MaxKeys)
		}
		for _, c := range res.Contents {
			files = append(files, c.Key)
		}
		dirs = append(dirs, res.CommonPrefixes...)
		if !res.IsTruncated {
			return files, dirs
		}
		next := res.NextMarker
		if next == "" {
			next = max(last(files), last(dirs))
		}
		if next <= o.Marker {
			t.Fatalf("listing did not advance past %q", o.Marker)
		}
		o.Marker = next
	}
	t.Fatal("listing did not end")
	return nil, nil
}

func last(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

// rollUp computes a delimiter "/" listing of keys under prefix.
func rollUp(keys []string, prefix string) (files, dirs []string) {
	for _, k := range keys {
		rest := strings.TrimPrefix(k, prefix)
		if i := strings.Index(rest, "/"); i >= 0 {
			if d := prefix + rest[:i+1]; last(dirs) != d {
				dirs = append(dirs, d)
			}
			continue
		}
		files = append(files, k)
	}
	return files, dirs
}

// sameList reports differences between two ordered lists.
func sameList(t *testing.T, got, want []string, what string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	var missing, extra []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			extra = append(extra, g)
		}
	}
	t.Errorf("%s: got %d entries, want %d; missing %q, unexpected %q (got %q)", what, len(got), len(want), missing, extra, got)
}
