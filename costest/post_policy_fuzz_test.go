package costest

import "testing"

// FuzzParsePostPolicy feeds arbitrary documents to the POST policy parser
// and evaluator: no panic; an accepted policy holds the q-* conditions and
// only known operations, and a form holding exactly its eq values passes
// its eq conditions.
func FuzzParsePostPolicy(f *testing.F) {
	f.Add(`{"expiration":"2019-08-30T09:38:12.414Z","conditions":[{"acl":"default"},["starts-with","$key","a/"],` +
		`["content-length-range",1,10],{"q-sign-algorithm":"sha1"},{"q-ak":"AK"},{"q-sign-time":"1;2"}]}`)
	f.Add(`{"conditions":[{"q-sign-algorithm":"sha1","q-ak":"AK","q-sign-time":"1;2"},["eq","$X",5]],"expiration":"2030-01-01T00:00:00Z"}`)
	f.Add(`{"conditions":[["content-length-range","1","x"]]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, doc string) {
		p, e := parsePostPolicy([]byte(doc))
		if e != nil {
			if e.Code != codePostPolicyInvalid {
				t.Fatalf("refusal code %s", e.Code)
			}
			return
		}
		form := map[string]string{}
		for _, c := range p.conds {
			switch c.op {
			case "eq":
				form[c.field] = c.value
			case "starts-with", "content-length-range":
			default:
				t.Fatalf("unknown op %q accepted", c.op)
			}
			if c.op == "content-length-range" && (c.min < 0 || c.max < c.min) {
				t.Fatalf("range %d..%d accepted", c.min, c.max)
			}
		}
		for _, need := range []string{"q-sign-algorithm", "q-ak", "q-sign-time"} {
			if _, ok := form[need]; !ok {
				t.Fatalf("accepted without %s", need)
			}
		}
		// Unless two eq conditions name one field, a form made of the eq
		// values passes every eq condition.
		eqOnly := &postPolicy{}
		for _, c := range p.conds {
			if c.op == "eq" {
				eqOnly.conds = append(eqOnly.conds, c)
			}
		}
		lookup := func(field string) (string, bool) { v, ok := form[field]; return v, ok }
		if e := eqOnly.checkFields(lookup); e != nil && !conflicting(p) {
			t.Fatalf("eq values refused: %v", e)
		}
	})
}

// conflicting reports whether two eq conditions name one field.
func conflicting(p *postPolicy) bool {
	seen := map[string]bool{}
	for _, c := range p.conds {
		if c.op == "eq" {
			if seen[c.field] {
				return true
			}
			seen[c.field] = true
		}
	}
	return false
}
