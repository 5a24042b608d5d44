package costest

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The POST Object policy, from COS's POST Object page (product/436/14690,
// "Signature protection"): a JSON document {"expiration": ISO 8601,
// "conditions": [...]}, sent base64-encoded in the "policy" field. A
// condition is {"field": "value"} or ["eq", "$field", "value"] (exact),
// ["starts-with", "$field", "prefix"], or ["content-length-range", min,
// max]. The policy must hold the q-sign-algorithm, q-ak and q-sign-time
// conditions; q-sign-time is compared with the form's q-key-time. The
// signature is hex(HMAC-SHA1(hex(HMAC-SHA1(SecretKey, KeyTime)),
// hex(SHA1(policy JSON)))), written here from that page without package
// cos (see signer.go).

// postCond is one policy condition; field is lower-cased without "$".
type postCond struct {
	op, field, value string
	min, max         int64
	text             string // the condition as sent, for error messages
}

type postPolicy struct {
	expiration time.Time
	conds      []postCond
}

func errPolicy(format string, args ...any) *Error {
	return badRequest(codePostPolicyInvalid, "Invalid Policy: "+format, args...)
}

// postPolicySignature is the q-signature of policy for keyTime.
func postPolicySignature(secretKey, keyTime string, policy []byte) string {
	sum := sha1.Sum(policy)
	return hmacSHA1Hex(hmacSHA1Hex(secretKey, keyTime), hex.EncodeToString(sum[:]))
}

// parsePostPolicy reads the decoded policy document.
func parsePostPolicy(doc []byte) (*postPolicy, *Error) {
	var in struct {
		Expiration *string           `json:"expiration"`
		Conditions []json.RawMessage `json:"conditions"`
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		return nil, errPolicy("Invalid JSON: %v", err)
	}
	if in.Expiration == nil {
		return nil, errPolicy("Policy missing expiration.")
	}
	exp, err := time.Parse(time.RFC3339Nano, *in.Expiration)
	if err != nil {
		return nil, errPolicy("Invalid expiration %q.", *in.Expiration)
	}
	p := &postPolicy{expiration: exp}
	for _, raw := range in.Conditions {
		conds, e := parsePostCond(raw)
		if e != nil {
			return nil, e
		}
		p.conds = append(p.conds, conds...)
	}
	for _, need := range []string{"q-sign-algorithm", "q-ak", "q-sign-time"} {
		if !p.has(need) {
			return nil, errPolicy("The policy must hold the %s condition.", need)
		}
	}
	return p, nil
}

func (p *postPolicy) has(field string) bool {
	for _, c := range p.conds {
		if c.field == field && c.op == "eq" {
			return true
		}
	}
	return false
}

// parsePostCond reads one condition; an object may hold several exact
// matches.
func parsePostCond(raw json.RawMessage) ([]postCond, *Error) {
	text := string(raw)
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		if len(obj) == 0 {
			return nil, errPolicy("Empty condition %s.", text)
		}
		var out []postCond
		for name, v := range obj {
			val, ok := jsonScalar(v)
			if !ok {
				return nil, errPolicy("Condition %s: the value must be a string.", text)
			}
			out = append(out, postCond{op: "eq", field: strings.ToLower(name), value: val, text: text})
		}
		return out, nil
	}
	var arr []json.RawMessage
	if err := json.Unmarshal(raw, &arr); err != nil || len(arr) != 3 {
		return nil, errPolicy("Condition %s is not an object or a three-element array.", text)
	}
	op, ok := jsonScalar(arr[0])
	if !ok {
		return nil, errPolicy("Condition %s: bad operation.", text)
	}
	switch op = strings.ToLower(op); op {
	case "eq", "starts-with":
		field, ok1 := jsonScalar(arr[1])
		value, ok2 := jsonScalar(arr[2])
		if !ok1 || !ok2 || !strings.HasPrefix(field, "$") {
			return nil, errPolicy("Condition %s must be [op, \"$field\", \"value\"].", text)
		}
		return []postCond{{op: op, field: strings.ToLower(field[1:]), value: value, text: text}}, nil
	case "content-length-range":
		lo, ok1 := jsonInt(arr[1])
		hi, ok2 := jsonInt(arr[2])
		if !ok1 || !ok2 || lo < 0 || hi < lo {
			return nil, errPolicy("Condition %s needs 0 <= min <= max.", text)
		}
		return []postCond{{op: op, min: lo, max: hi, text: text}}, nil
	}
	return nil, errPolicy("Condition %s: unknown operation %q.", text, op)
}

// jsonScalar reads a JSON string (or, leniently, a number) as text.
func jsonScalar(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	return "", false
}

// jsonInt reads a JSON integer, or a string holding one.
func jsonInt(raw json.RawMessage) (int64, bool) {
	s, ok := jsonScalar(raw)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// checkFields evaluates every condition but content-length-range against
// the form. value returns a field's value and whether the form has it.
func (p *postPolicy) checkFields(value func(field string) (string, bool)) *Error {
	for _, c := range p.conds {
		if c.op == "content-length-range" {
			continue
		}
		v, ok := value(c.field)
		switch {
		case !ok:
		case c.op == "eq" && v == c.value:
			continue
		case c.op == "starts-with" && strings.HasPrefix(v, c.value):
			continue
		}
		return errorf(http.StatusForbidden, codePostConditionFailed,
			"Invalid according to Policy: Policy Condition failed: %s", c.text)
	}
	return nil
}

// maxSize is the largest file every content-length-range allows
// (math.MaxInt64 without one).
func (p *postPolicy) maxSize() int64 {
	n := int64(math.MaxInt64)
	for _, c := range p.conds {
		if c.op == "content-length-range" {
			n = min(n, c.max)
		}
	}
	return n
}

// checkSize evaluates content-length-range against the file's length.
func (p *postPolicy) checkSize(n int64) *Error {
	for _, c := range p.conds {
		if c.op != "content-length-range" {
			continue
		}
		if n < c.min {
			return badRequest("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size (%d < %d).", n, c.min)
		}
		if n > c.max {
			return badRequest("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size (%d > %d).", n, c.max)
		}
	}
	return nil
}
