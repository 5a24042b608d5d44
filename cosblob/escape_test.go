package cosblob

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestEscapeKey(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"plain/key.txt", "plain/key.txt"},
		{"a b/ü/☺", "a b/ü/☺"},
		{"../x/../y", "../x/../y"},
		{"a\x00b\x1fc\x7f", "a__0x0__b__0x1f__c__0x7f__"},
		{"x\x18y", "x__0x18__y"},
		{"/lead", "__0x2f__lead"},
		{"\\lead", "__0x5c__lead"},
		{"mid/dle\\", "mid/dle\\"},
		// Text that reads as an escape is escaped itself.
		{"__0x41__", "__0x5f___0x41__"},
		{"snake_case__name", "snake_case__name"},
		{"__0x", "__0x"},
	} {
		got := escapeKey(tc.in)
		assert.Equal(t, tc.want, got, "escapeKey(%q)", tc.in)
		assert.Equal(t, tc.in, unescapeKey(got), "round trip of %q", tc.in)
	}
}

func TestEscapeKeyIsOneToOne(t *testing.T) {
	t.Parallel()
	// Inputs built from the pieces that interact: "_", "0x", hex digits,
	// control characters and slashes. Every pair must escape differently
	// and every escape must come back.
	pieces := []string{"_", "__", "0x", "2f", "a", "\x01", "/", "\\", "__0x2f__"}
	seen := map[string]string{}
	var build func(prefix string, depth int)
	build = func(prefix string, depth int) {
		esc := escapeKey(prefix)
		if other, dup := seen[esc]; dup && other != prefix {
			t.Fatalf("%q and %q both escape to %q", other, prefix, esc)
		}
		seen[esc] = prefix
		if unescapeKey(esc) != prefix {
			t.Fatalf("unescapeKey(escapeKey(%q)) = %q", prefix, unescapeKey(esc))
		}
		if depth == 0 {
			return
		}
		for _, p := range pieces {
			build(prefix+p, depth-1)
		}
	}
	build("", 4)
	assert.Greater(t, len(seen), 5000)
}

func TestEscapeMetaName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"owner", "owner"},
		{"content-id", "content-id"},
		{"x-", "x-"},
		{"key_a", "key--5fa"},
		{"a--b", "a--2d-b"},
		{"a-_", "a--2d--5f"},
		{"-", "-"},
		{"☺", "--e2--98--ba"},
		{"Up", "--55p"},
	} {
		got := escapeMetaName(tc.in)
		assert.Equal(t, tc.want, got, "escapeMetaName(%q)", tc.in)
		assert.Equal(t, tc.in, unescapeMetaName(got), "round trip of %q", tc.in)
		for i := 0; i < len(got); i++ {
			assert.True(t, metaPlain(got[i]) || got[i] == '-', "%q holds %q", got, got[i])
		}
	}
	// A name from another tool that does not decode to UTF-8 stays raw.
	assert.Equal(t, "a--ffb", unescapeMetaName("a--ffb"))
}

func TestEscapeMetaValue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"plain value", "plain value"},
		{"50%", "50%25"},
		{" padded ", "%20padded%20"},
		{"tab\there", "tab%09here"},
		{"ü", "%C3%BC"},
		{"", "%"},
		{"%", "%25"},
	} {
		got := escapeMetaValue(tc.in)
		assert.Equal(t, tc.want, got, "escapeMetaValue(%q)", tc.in)
		assert.Equal(t, tc.in, unescapeMetaValue(got), "round trip of %q", tc.in)
	}
	assert.Equal(t, "100%", unescapeMetaValue("100%"), "a stray % from another tool stays")
}

// FuzzEscape checks that every UTF-8 string survives the key, metadata
// name and metadata value escaping exactly, and that the escaped forms
// hold only what COS accepts: no control character or leading slash in a
// key, only a-z, 0-9 and "-" in a name, printable ASCII without edge
// spaces in a value.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a/b", "__0x41__", "_\x01", "/x", "key_a", "a--b", " 50% ", "☺\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // gocloud refuses invalid UTF-8 before the driver
		}
		k := escapeKey(s)
		if unescapeKey(k) != s {
			t.Fatalf("key %q escapes to %q, which unescapes to %q", s, k, unescapeKey(k))
		}
		if strings.ContainsFunc(k, isControl) || strings.HasPrefix(k, "/") || strings.HasPrefix(k, "\\") {
			t.Fatalf("escaped key %q still holds what COS refuses", k)
		}
		if s != "" {
			n := escapeMetaName(s)
			if unescapeMetaName(n) != s {
				t.Fatalf("name %q escapes to %q, which unescapes to %q", s, n, unescapeMetaName(n))
			}
			for i := 0; i < len(n); i++ {
				if !metaPlain(n[i]) && n[i] != '-' {
					t.Fatalf("escaped name %q holds %q", n, n[i])
				}
			}
		}
		v := escapeMetaValue(s)
		if unescapeMetaValue(v) != s {
			t.Fatalf("value %q escapes to %q, which unescapes to %q", s, v, unescapeMetaValue(v))
		}
		for i := 0; i < len(v); i++ {
			if v[i] < 0x20 || v[i] >= 0x7f {
				t.Fatalf("escaped value %q holds byte %#x", v, v[i])
			}
		}
		if strings.HasPrefix(v, " ") || strings.HasSuffix(v, " ") {
			t.Fatalf("escaped value %q has edge spaces", v)
		}
	})
}
