package cos

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// FuzzDecodePolicy feeds arbitrary documents to the bucket-policy decoder
// (case-insensitive names, strings for lists, any condition values): no
// panic, validation never panics, and a decoded policy encodes to JSON
// that decodes and encodes to the same bytes.
func FuzzDecodePolicy(f *testing.F) {
	if doc, err := os.ReadFile("testdata/policy_get.response.json"); err == nil {
		f.Add(doc)
	}
	f.Add([]byte(`{"version":"2.0","principal":{"qcs":"qcs::cam::anyone:anyone"},"statement":[{"effect":"deny","action":"name/cos:*","resource":["*"],"condition":{"numeric_less_than":{"cos:content-length":1e3},"ip_equal":{"qcs:ip":["1.2.3.4",null,true]}}}]}`))
	f.Add([]byte(`{"Statement":{"Effect":"allow"},"statement":[],"VERSION":2}`))
	f.Add([]byte(`{"statement":[{"action":[1,2]}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := decodePolicy(raw)
		if err != nil {
			if p != nil {
				t.Fatal("an error with a policy")
			}
			return
		}
		_, _ = p.validate()
		first, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("a decoded policy does not encode: %v", err)
		}
		again, err := decodePolicy(first)
		if err != nil {
			t.Fatalf("our own encoding %s does not decode: %v", first, err)
		}
		second, err := json.Marshal(again)
		if err != nil || !bytes.Equal(first, second) {
			t.Fatalf("not stable:\n%s\n%s (%v)", first, second, err)
		}
	})
}
