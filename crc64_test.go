package cos

import (
	"bytes"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCRC64KnownValues(t *testing.T) {
	t.Parallel()
	cases := map[string]uint64{
		"":          0,
		"123456789": 11051210869376104954,
		"hello":     11177612005948864433,
		"hello ":    1796661072844795914,
		"world":     4472352582074980600,
	}
	for in, want := range cases {
		assert.Equal(t, want, CRC64([]byte(in)), "CRC64(%q)", in)
		h := NewCRC64()
		_, _ = h.Write([]byte(in))
		assert.Equal(t, want, h.Sum64(), "NewCRC64(%q)", in)
	}
	a := bytes.Repeat([]byte("a"), 1<<20)
	assert.Equal(t, uint64(6701094182323390671), CRC64(a))
}

func TestUpdateCRC64Chains(t *testing.T) {
	t.Parallel()
	data := bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyz"), 3000)
	for _, cut := range []int{0, 1, 15, 16, 17, 511, 4096, len(data)} {
		got := UpdateCRC64(UpdateCRC64(0, data[:cut]), data[cut:])
		assert.Equal(t, CRC64(data), got, "split at %d", cut)
	}
	assert.Equal(t, uint64(11051210869376104954), UpdateCRC64(0, []byte("123456789")))
}

func TestCRC64CombineWorkedExamples(t *testing.T) {
	t.Parallel()
	assert.Equal(t, uint64(5981764153023615706), CRC64Combine(1796661072844795914, 4472352582074980600, 5))
	assert.Equal(t, CRC64([]byte("hello world")), CRC64Combine(CRC64([]byte("hello ")), CRC64([]byte("world")), 5))
	assert.Equal(t, uint64(2346259260961131276), CRC64Combine(6701094182323390671, 11177612005948864433, 5))
	// An empty second part changes nothing.
	assert.Equal(t, uint64(42), CRC64Combine(42, 0, 0))
}

func TestCRC64CombineMatchesDirect(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 200_000)
	for i := range data {
		data[i] = byte(r.Uint32())
	}
	for range 50 {
		cut := r.IntN(len(data) + 1)
		a, b := data[:cut], data[cut:]
		assert.Equal(t, CRC64(data), CRC64Combine(CRC64(a), CRC64(b), int64(len(b))), "cut at %d", cut)
	}
	// Three parts combine left to right.
	p1, p2, p3 := data[:1000], data[1000:70000], data[70000:]
	c := CRC64Combine(CRC64Combine(CRC64(p1), CRC64(p2), int64(len(p2))), CRC64(p3), int64(len(p3)))
	assert.Equal(t, CRC64(data), c)
}

func TestSentCRCUsesLastAttempt(t *testing.T) {
	t.Parallel()
	var s sentCRC
	buf := make([]byte, 3)
	r1 := s.wrap(strings.NewReader("junk"))
	_, _ = r1.Read(buf)
	r2 := s.wrap(strings.NewReader("hello"))
	_, _ = r2.Read(make([]byte, 16))
	crc, n := s.sum()
	assert.Equal(t, int64(5), n)
	assert.Equal(t, CRC64([]byte("hello")), crc)

	h := http.Header{}
	h.Set(headerCRC64, "11177612005948864433")
	got, err := s.checked(h, 5)
	require.NoError(t, err)
	assert.Equal(t, uint64(11177612005948864433), got)

	h.Set(headerCRC64, "1")
	_, err = s.checked(h, 5)
	require.ErrorIs(t, err, ErrChecksumMismatch)

	h.Set(headerCRC64, "not-a-number")
	_, err = s.checked(h, 5)
	require.ErrorIs(t, err, ErrChecksumMismatch)
}
