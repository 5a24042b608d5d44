package cosfs_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/cosfs"
	"github.com/cosgo/cos/costest"
)

// TestFileServerAnswersRange serves a 20 MiB object through
// http.FileServer and asks for bytes 1000-1999: the answer is 206 with those
// bytes, and COS saw only small ranged GETs.
func TestFileServerAnswersRange(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	big := randomBytes(20<<20, 2)
	// No extension, so http.ServeContent also sniffs the content type.
	put(t, srv, map[string][]byte{"media/big": big})
	srv.ResetRequests()

	web := httptest.NewServer(http.FileServer(http.FS(cosfs.New(c, cosfs.WithPrefix("media")))))
	t.Cleanup(web.Close)
	req, err := http.NewRequest(http.MethodGet, web.URL+"/big", nil)
	require.NoError(t, err)
	req.Header.Set("Range", "bytes=1000-1999")
	resp, err := web.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)

	assert.Equal(t, http.StatusPartialContent, resp.StatusCode)
	assert.Equal(t, "bytes 1000-1999/"+strconv.Itoa(len(big)), resp.Header.Get("Content-Range"))
	assert.True(t, bytes.Equal(big[1000:2000], body), "body differs from bytes 1000-1999")

	// The log is written when a handler returns; let every handler finish.
	web.Close()
	srv.Close()
	gets := requests(srv, costest.OpGetObject)
	require.NotEmpty(t, gets)
	t.Logf("GETs sent to COS: %q", ranges(srv))
	assert.Contains(t, ranges(srv), "bytes=1000-66535")
	for _, g := range gets {
		first, last := rangeOf(t, g.Header.Get("Range"))
		assert.LessOrEqual(t, last-first+1, int64(64<<10), "GET %s is not a small range", g.Header.Get("Range"))
		assert.NotEmpty(t, g.Header.Get("If-Match"), "GET not pinned to the ETag")
	}
}

// rangeOf parses "bytes=first-last"; a missing or open range fails.
func rangeOf(t *testing.T, v string) (int64, int64) {
	t.Helper()
	spec, ok := strings.CutPrefix(v, "bytes=")
	require.True(t, ok, "GET without a byte range: %q", v)
	a, b, _ := strings.Cut(spec, "-")
	first, err1 := strconv.ParseInt(a, 10, 64)
	last, err2 := strconv.ParseInt(b, 10, 64)
	require.NoError(t, errors.Join(err1, err2), "open range %q", v)
	return first, last
}

// TestSequentialReadStreams reads a 1 MiB file from Open to EOF: a first
// 64 KiB window, then one GET of the rest; a Seek starts a new GET.
func TestSequentialReadStreams(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	data := randomBytes(1<<20, 3)
	put(t, srv, map[string][]byte{"f.bin": data})
	srv.ResetRequests()

	f, err := cosfs.New(c).Open("f.bin")
	require.NoError(t, err)
	defer f.Close()
	var got bytes.Buffer
	_, err = io.CopyBuffer(&got, struct{ io.Reader }{f}, make([]byte, 4096))
	require.NoError(t, err)
	assert.True(t, bytes.Equal(data, got.Bytes()))
	wantRanges(t, srv, "bytes=0-65535", "bytes=65536-1048575")

	srv.ResetRequests()
	rs := f.(io.ReadSeeker)
	_, err = rs.Seek(500_000, io.SeekStart)
	require.NoError(t, err)
	buf := make([]byte, 10)
	_, err = io.ReadFull(rs, buf)
	require.NoError(t, err)
	assert.Equal(t, data[500_000:500_010], buf)
	_, err = io.ReadFull(rs, buf) // same GET
	require.NoError(t, err)
	assert.Equal(t, data[500_010:500_020], buf)
	wantRanges(t, srv, "bytes=500000-565535")

	n, err := rs.Seek(-5, io.SeekEnd)
	require.NoError(t, err)
	assert.Equal(t, int64(len(data)-5), n)
	rest, err := io.ReadAll(rs)
	require.NoError(t, err)
	assert.Equal(t, data[len(data)-5:], rest)
}

// wantRanges waits for the log to show exactly these GET ranges: a request
// is logged when its handler returns, which may be after the client has
// its answer.
func wantRanges(t *testing.T, srv *costest.Server, want ...string) {
	t.Helper()
	if !assert.Eventually(t, func() bool { return slices.Equal(ranges(srv), want) }, 5*time.Second, 5*time.Millisecond) {
		assert.Equal(t, want, ranges(srv))
	}
}

func ranges(srv *costest.Server) []string {
	var out []string
	for _, r := range requests(srv, costest.OpGetObject) {
		out = append(out, r.Header.Get("Range"))
	}
	return out
}

// TestReadAtSmallReadsShareAWindow reads a file one byte at a time with
// ReadAt: one GET per 64 KiB, none touching the Read offset.
func TestReadAtSmallReadsShareAWindow(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	data := randomBytes(200_000, 4)
	put(t, srv, map[string][]byte{"f": data})
	f, err := cosfs.New(c).Open("f")
	require.NoError(t, err)
	defer f.Close()
	srv.ResetRequests()
	ra := f.(io.ReaderAt)
	b := make([]byte, 1)
	for i := range data {
		n, err := ra.ReadAt(b, int64(i))
		if n != 1 || b[0] != data[i] || (err != nil && err != io.EOF) {
			t.Fatalf("ReadAt(1, %d) = %d, %v, byte %x want %x", i, n, err, b[0], data[i])
		}
	}
	windows := (len(data) + 65535) / 65536
	assert.Eventually(t, func() bool { return len(requests(srv, costest.OpGetObject)) == windows }, 5*time.Second, 5*time.Millisecond)

	big := make([]byte, 100_000) // beyond the window: exactly its range
	n, err := ra.ReadAt(big, 150_000)
	assert.Equal(t, 50_000, n)
	assert.ErrorIs(t, err, io.EOF)
	assert.Equal(t, data[150_000:], big[:n])
	assert.Eventually(t, func() bool {
		return slices.Contains(ranges(srv), "bytes=150000-199999")
	}, 5*time.Second, 5*time.Millisecond)

	// The Read offset is still 0.
	head := make([]byte, 3)
	_, err = io.ReadFull(f, head)
	require.NoError(t, err)
	assert.Equal(t, data[:3], head)
}

// TestModifiedFileFailsNextRead replaces an object after Open and while it
// is being read: the next request fails with ErrPreconditionFailed.
func TestModifiedFileFailsNextRead(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	old := randomBytes(300_000, 5)
	put(t, srv, map[string][]byte{"f": old, "g": old})
	fsys := cosfs.New(c)

	f, err := fsys.Open("f")
	require.NoError(t, err)
	defer f.Close()
	g, err := fsys.Open("g")
	require.NoError(t, err)
	defer g.Close()
	// g: read the first window, then change the object.
	_, err = io.ReadFull(g, make([]byte, 64<<10))
	require.NoError(t, err)

	put(t, srv, map[string][]byte{"f": []byte("new"), "g": []byte("new")})

	_, err = f.Read(make([]byte, 10))
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)
	var pe *fs.PathError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "f", pe.Path)

	_, err = f.(io.ReaderAt).ReadAt(make([]byte, 10), 5)
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)

	_, err = io.ReadAll(g)
	require.ErrorIs(t, err, cos.ErrPreconditionFailed)
}

// TestInvalidPaths: every method refuses names fs.ValidPath refuses,
// without a request.
func TestInvalidPaths(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	fsys := cosfs.New(c)
	srv.ResetRequests()
	for _, name := range []string{"/a", "a/", "a//b", "./a", "a/../b", "..", "", "\xff"} {
		_, err := fsys.Open(name)
		assert.ErrorIs(t, err, fs.ErrInvalid, "Open %q", name)
		_, err = fsys.Stat(name)
		assert.ErrorIs(t, err, fs.ErrInvalid, "Stat %q", name)
		_, err = fsys.ReadDir(name)
		assert.ErrorIs(t, err, fs.ErrInvalid, "ReadDir %q", name)
		_, err = fsys.ReadFile(name)
		assert.ErrorIs(t, err, fs.ErrInvalid, "ReadFile %q", name)
		_, err = fsys.Sub(name)
		assert.ErrorIs(t, err, fs.ErrInvalid, "Sub %q", name)
		var pe *fs.PathError
		if assert.ErrorAs(t, err, &pe) {
			assert.Equal(t, name, pe.Path)
		}
	}
	assert.Empty(t, srv.Requests())
}

// TestMissingNames match both fs.ErrNotExist and cos.ErrNotFound.
func TestMissingNames(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	put(t, srv, map[string][]byte{"dir/file": []byte("x")})
	fsys := cosfs.New(c)
	calls := map[string]func(string) error{
		"Open":     func(n string) error { _, err := fsys.Open(n); return err },
		"Stat":     func(n string) error { _, err := fsys.Stat(n); return err },
		"ReadDir":  func(n string) error { _, err := fsys.ReadDir(n); return err },
		"ReadFile": func(n string) error { _, err := fsys.ReadFile(n); return err },
	}
	for call, fn := range calls {
		for _, name := range []string{"nope", "dir/nope", "dir/file/nope", "di"} {
			err := fn(name)
			assert.ErrorIs(t, err, fs.ErrNotExist, "%s %q", call, name)
			assert.ErrorIs(t, err, cos.ErrNotFound, "%s %q", call, name)
			var pe *fs.PathError
			if assert.ErrorAs(t, err, &pe, "%s %q", call, name) {
				assert.Equal(t, name, pe.Path)
			}
		}
	}
}

// TestStatModes checks modes, sizes and times of files and directories.
func TestStatModes(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	put(t, srv, map[string][]byte{"d/f.txt": []byte("12345"), "m/": nil})
	fsys := cosfs.New(c)

	fi, err := fsys.Stat("d/f.txt")
	require.NoError(t, err)
	assert.Equal(t, "f.txt", fi.Name())
	assert.Equal(t, int64(5), fi.Size())
	assert.Equal(t, fs.FileMode(0o444), fi.Mode())
	assert.False(t, fi.IsDir())
	assert.WithinDuration(t, time.Now(), fi.ModTime(), time.Minute)
	assert.Equal(t, time.UTC, fi.ModTime().Location())
	meta, ok := fi.Sys().(*cos.ObjectMeta)
	require.True(t, ok)
	assert.NotEmpty(t, meta.ETag)

	for _, name := range []string{".", "d", "m"} {
		fi, err = fsys.Stat(name)
		require.NoError(t, err, name)
		assert.True(t, fi.IsDir(), name)
		assert.Equal(t, fs.ModeDir|0o555, fi.Mode(), name)
	}

	_, err = fsys.ReadFile("d")
	require.Error(t, err)
	assert.NotErrorIs(t, err, fs.ErrNotExist)
	f, err := fsys.Open("d")
	require.NoError(t, err)
	_, err = f.Read(make([]byte, 1))
	assert.Error(t, err)
	require.NoError(t, f.Close())
}

// TestSubAndPrefix checks that Sub and WithPrefix root the view alike.
func TestSubAndPrefix(t *testing.T) {
	t.Parallel()
	srv, c := setup(t)
	put(t, srv, map[string][]byte{"a/b/c.txt": []byte("c"), "a/b/d/e.txt": []byte("e")})
	sub, err := fs.Sub(cosfs.New(c, cosfs.WithPrefix("a")), "b")
	require.NoError(t, err)
	_, isCOSFS := sub.(*cosfs.FS)
	assert.True(t, isCOSFS, "Sub returns a *cosfs.FS")
	for _, fsys := range []fs.FS{sub, cosfs.New(c, cosfs.WithPrefix("a/b/"))} {
		data, err := fs.ReadFile(fsys, "d/e.txt")
		require.NoError(t, err)
		assert.Equal(t, "e", string(data))
		matches, err := fs.Glob(fsys, "*.txt")
		require.NoError(t, err)
		assert.Equal(t, []string{"c.txt"}, matches)
	}
}

// TestCloseReleasesConnection closes a file in the middle of a GET: the
// response body is closed and later calls fail with fs.ErrClosed.
func TestCloseReleasesConnection(t *testing.T) {
	t.Parallel()
	counter := &bodyCounter{base: http.DefaultTransport.(*http.Transport).Clone()}
	srv, c := setup(t, cos.WithHTTPClient(&http.Client{Transport: counter}))
	put(t, srv, map[string][]byte{"f": randomBytes(1<<20, 6)})
	f, err := cosfs.New(c).Open("f")
	require.NoError(t, err)
	_, err = f.Read(make([]byte, 100))
	require.NoError(t, err)
	assert.Equal(t, int64(1), counter.open.Load(), "one GET in progress")
	require.NoError(t, f.Close())
	assert.Equal(t, int64(0), counter.open.Load(), "Close closed the body")

	_, err = f.Read(make([]byte, 1))
	assert.ErrorIs(t, err, fs.ErrClosed)
	_, err = f.(io.Seeker).Seek(0, io.SeekStart)
	assert.ErrorIs(t, err, fs.ErrClosed)
	_, err = f.(io.ReaderAt).ReadAt(make([]byte, 1), 0)
	assert.ErrorIs(t, err, fs.ErrClosed)
	_, err = f.Stat()
	assert.ErrorIs(t, err, fs.ErrClosed)
	assert.ErrorIs(t, f.Close(), fs.ErrClosed)
}

// TestTimeoutAndContext: WithTimeout bounds a slow request and
// WithContext's cancellation stops every call.
func TestTimeoutAndContext(t *testing.T) {
	t.Parallel()
	srv, c := setup(t, cos.WithRetryer(cos.NoRetry))
	put(t, srv, map[string][]byte{"f": []byte("data")})

	srv.Inject(costest.Fault{Kind: costest.FaultDelay, Op: costest.OpHeadObject, Delay: 5 * time.Second})
	start := time.Now()
	_, err := cosfs.New(c, cosfs.WithTimeout(100*time.Millisecond)).Stat("f")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 4*time.Second)

	f, err := cosfs.New(c, cosfs.WithTimeout(time.Second)).Open("f")
	require.NoError(t, err)
	srv.Inject(costest.Fault{Kind: costest.FaultDelay, Op: costest.OpGetObject, Delay: 5 * time.Second})
	start = time.Now()
	_, err = f.Read(make([]byte, 4))
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 4*time.Second)
	require.NoError(t, f.Close())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = cosfs.New(c, cosfs.WithContext(ctx)).ReadFile("f")
	assert.ErrorIs(t, err, context.Canceled)
}
