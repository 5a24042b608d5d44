package conformance

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/cosfs"
)

// testFS runs testing/fstest.TestFS over a cosfs view of the subtest's
// prefix: nested directories, an empty directory marker, unicode names, a
// key no fs path can name ("//"; dot elements are left to cosfs's own
// tests, since a server might clean them from the URL path) and a file of several read windows.
func (s *suite) testFS(t *testing.T, e *env) {
	ctx := e.ctx(t)
	files := map[string][]byte{
		"index.html":             []byte("<h1>hi</h1>\n"),
		"docs/a.md":              []byte("# a\n"),
		"docs/guide/b.md":        []byte("# b\n"),
		"docs/guide/deep/c.txt":  []byte("c"),
		"数据/报告 2024.txt":         []byte("年度报告"),
		"media/clip.bin":         pattern(300<<10, 9),
		"media/empty.bin":        nil,
		"emptydir/":              nil, // folder marker: an empty directory
		"skipped//double-slash":  []byte("not a valid fs path"),
		"media/sub/ok with+plus": []byte("fine"),
	}
	for name, data := range files {
		e.put(t, ctx, e.prefix+name, data)
	}
	fsys := cosfs.New(e.c, cosfs.WithPrefix(e.prefix), cosfs.WithContext(ctx))
	err := fstest.TestFS(fsys, "docs/guide/b.md", "docs/a.md", "docs/guide/deep/c.txt", "index.html",
		"数据/报告 2024.txt", "media/clip.bin", "media/empty.bin", "emptydir", "media/sub/ok with+plus")
	if err != nil {
		t.Errorf("fstest.TestFS: %v", err)
	}

	var walked []string
	must(t, fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			walked = append(walked, p)
		}
		return err
	}), "WalkDir")
	var want []string
	for name := range files {
		if !strings.HasSuffix(name, "/") && fs.ValidPath(name) {
			want = append(want, name)
		}
	}
	sameSet(t, walked, want, "files walked")

	data, err := fs.ReadFile(fsys, "media/clip.bin")
	must(t, err, "ReadFile")
	sameBytes(t, data, files["media/clip.bin"], "ReadFile")
	_, err = fsys.Open("docs/missing.md")
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, cos.ErrNotFound) {
		t.Errorf("Open of a missing file: %v, want fs.ErrNotExist and cos.ErrNotFound", err)
	}
	_, err = fsys.Open("docs//a.md")
	errIs(t, err, fs.ErrInvalid, "Open of an invalid path")
}

func sameSet(t *testing.T, got, want []string, what string) {
	t.Helper()
	g, w := append([]string(nil), got...), append([]string(nil), want...)
	slices.Sort(g)
	slices.Sort(w)
	sameList(t, g, w, what)
}
