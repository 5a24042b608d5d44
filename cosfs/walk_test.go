package cosfs_test

import (
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cosgo/cos/cosfs"
	"github.com/cosgo/cos/costest"
)

// TestWalkDirListsEveryKeyOnce walks 5,000 keys in 60 directories (6 top
// directories of 9 subdirectories each); one subdirectory holds 1,200 keys,
// so its listing takes two pages.
func TestWalkDirListsEveryKeyOnce(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	var want []string
	add := func(name string) {
		require.NoError(t, srv.PutObject(bucket, "tree/"+name, []byte(name), nil))
		want = append(want, name)
	}
	for i := range 1200 {
		add(fmt.Sprintf("d0/s0/f%04d", i))
	}
	for n := 0; len(want) < 5000; n++ {
		d, s := n%6, n%54/6+1 // subdirectories s1..s8 after s0
		if n%54 >= 48 {
			s = 0
			if d == 0 {
				continue
			}
		}
		add(fmt.Sprintf("d%d/s%d/g%04d", d, s, n))
	}
	require.Len(t, want, 5000)
	srv.ResetRequests()

	fsys := cosfs.New(c, cosfs.WithPrefix("tree/"))
	seen := map[string]int{}
	dirs := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err, p)
		if d.IsDir() {
			dirs++
			return nil
		}
		seen[p]++
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 1+60, dirs, "root and 60 directories")
	assert.Len(t, seen, 5000)
	for _, name := range want {
		assert.Equal(t, 1, seen[name], name)
	}

	// The 1,200-key directory took more than one listing page. (Close
	// waits for handlers, which log requests as they return.)
	srv.Close()
	var pages int
	for _, r := range srv.Requests() {
		if r.Op == costest.OpListObjects && r.Query.Get("prefix") == "tree/d0/s0/" {
			pages++
		}
	}
	assert.GreaterOrEqual(t, pages, 2)
}

// TestReadDirSortsByName checks name order where key order differs ("a-b"
// lists before the prefix "a/", but "a" sorts first), the object-wins rule
// and the skipping of keys no path can name.
func TestReadDirSortsByName(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	put(t, srv, map[string][]byte{
		"a-b": []byte("1"), "a/x": []byte("2"), "a.txt": []byte("3"), "b": []byte("4"),
		"b/hidden": []byte("5"), "c/": nil, "/lead": []byte("6"), "d//e": []byte("7"),
		"../up": []byte("8"), "./z": []byte("9"),
	})
	fsys := cosfs.New(c)
	entries, err := fs.ReadDir(fsys, ".")
	require.NoError(t, err)
	var got []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() {
			n += "/"
		}
		got = append(got, n)
	}
	assert.Equal(t, []string{"a/", "a-b", "a.txt", "b", "c/", "d/"}, got)
	assert.True(t, slices.IsSortedFunc(entries, func(x, y fs.DirEntry) int { return strings.Compare(x.Name(), y.Name()) }))

	// "b" is a file; what lies under "b/" is reachable by name only.
	_, err = fsys.ReadDir("b")
	require.Error(t, err)
	data, err := fs.ReadFile(fsys, "b/hidden")
	require.NoError(t, err)
	assert.Equal(t, "5", string(data))

	// The marker directory is empty; "d" holds only an unnamable key.
	for _, d := range []string{"c", "d"} {
		entries, err = fsys.ReadDir(d)
		require.NoError(t, err, d)
		assert.Empty(t, entries, d)
	}
}

// TestDirFileReadDirInChunks reads a directory n entries at a time.
func TestDirFileReadDirInChunks(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	for i := range 25 {
		require.NoError(t, srv.PutObject(bucket, fmt.Sprintf("d/f%02d", i), nil, nil))
	}
	f, err := cosfs.New(c).Open("d")
	require.NoError(t, err)
	defer f.Close()
	d := f.(fs.ReadDirFile)
	var names []string
	for {
		chunk, err := d.ReadDir(10)
		if err != nil {
			require.ErrorIs(t, err, io.EOF)
			break
		}
		require.LessOrEqual(t, len(chunk), 10)
		for _, e := range chunk {
			names = append(names, e.Name())
		}
	}
	require.Len(t, names, 25)
	assert.True(t, slices.IsSorted(names))
	rest, err := d.ReadDir(-1)
	require.NoError(t, err)
	assert.Empty(t, rest)
}
