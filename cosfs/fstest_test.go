package cosfs_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/cosgo/cos/cosfs"
)

// TestFSPassesFSTest runs testing/fstest.TestFS over nested directories, an
// empty directory marker, unicode names, keys no fs path can name, and a
// 20 MiB file.
func TestFSPassesFSTest(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	big := randomBytes(20<<20, 1)
	put(t, srv, map[string][]byte{
		"root/big.bin":               big,
		"root/hello.txt":             []byte("hello, world\n"),
		"root/empty.txt":             nil,
		"root/docs/a.md":             []byte("# a\n"),
		"root/docs/guide/b.md":       []byte("# b\n"),
		"root/docs/guide/deep/c.txt": []byte("c"),
		"root/emptydir/":             nil,
		"root/数据/报告 2024.txt":        []byte("年度报告"),
		"root/naïve café.txt":        []byte("crème brûlée"),
		"root/a-b":                   []byte("sorts before a/ in key order"),
		"root/a/x":                   []byte("x"),
		// Keys no valid path can name: skipped.
		"root//leading":  []byte("empty element"),
		"root/x//y":      []byte("empty element"),
		"root/./dot":     []byte("dot element"),
		"root/up/../dot": []byte("dot-dot element"),
		"other/outside":  []byte("not under the prefix"),
	})
	fsys := cosfs.New(c, cosfs.WithPrefix("root"))
	err := fstest.TestFS(fsys,
		"docs/guide/b.md", "docs/a.md", "docs/guide/deep/c.txt",
		"big.bin", "hello.txt", "empty.txt", "emptydir",
		"数据/报告 2024.txt", "naïve café.txt", "a-b", "a/x", "x", "up")
	require.NoError(t, err)
}
