package costest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// The policy family: a bucket's JSON access policy. costest checks the
// document's shape (see checkPolicy) and stores it as sent; it does not
// evaluate policies when authorizing requests.

// The policy operations.
const (
	// OpPutBucketPolicy is PUT Bucket policy.
	OpPutBucketPolicy Op = "PutBucketPolicy"
	// OpGetBucketPolicy is GET Bucket policy.
	OpGetBucketPolicy Op = "GetBucketPolicy"
	// OpDeleteBucketPolicy is DELETE Bucket policy.
	OpDeleteBucketPolicy Op = "DeleteBucketPolicy"
)

// jsonObject reads a JSON object with its member names lower-cased:
// COS's policy language asks for lower case, its own samples capitalise
// some names, and the official SDKs send either.
func jsonObject(raw []byte) (map[string]json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, false
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out, true
}

// jsonStrings reads a string or a non-empty list of non-empty strings.
func jsonStrings(raw json.RawMessage) bool {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return strings.TrimSpace(one) != ""
	}
	var list []string
	if json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		return false
	}
	for _, s := range list {
		if strings.TrimSpace(s) == "" {
			return false
		}
	}
	return true
}

func badPolicy(format string, args ...any) *Error {
	return badRequest(codeBadPolicy, format, args...)
}

// checkPolicy applies the rules of the policy language (CAM element
// reference): a JSON object whose version, if given, is "2.0", with at
// least one statement, each with effect allow or deny, action and
// resource; principal and condition, when present, are objects.
func checkPolicy(body []byte) *Error {
	doc, ok := jsonObject(body)
	if !ok {
		return badPolicy("The policy is not a JSON object.")
	}
	if v, has := doc["version"]; has {
		var s string
		if json.Unmarshal(v, &s) != nil || s != "2.0" {
			return badPolicy("The policy version must be \"2.0\".")
		}
	}
	if p, has := doc["principal"]; has {
		if _, ok := jsonObject(p); !ok {
			return badPolicy("The principal must be an object.")
		}
	}
	var stmts []json.RawMessage
	if err := json.Unmarshal(doc["statement"], &stmts); err != nil || len(stmts) == 0 {
		return badPolicy("The policy needs a statement list with at least one statement.")
	}
	for i, raw := range stmts {
		st, ok := jsonObject(raw)
		if !ok {
			return badPolicy("Statement %d is not an object.", i)
		}
		var effect string
		if json.Unmarshal(st["effect"], &effect) != nil || (!strings.EqualFold(effect, "allow") && !strings.EqualFold(effect, "deny")) {
			return badPolicy("Statement %d: effect must be allow or deny.", i)
		}
		for _, name := range []string{"action", "resource"} {
			if !jsonStrings(st[name]) {
				return badPolicy("Statement %d: %s must be a string or a non-empty list of strings.", i, name)
			}
		}
		for _, name := range []string{"principal", "condition"} {
			if v, has := st[name]; has {
				if _, ok := jsonObject(v); !ok {
					return badPolicy("Statement %d: %s must be an object.", i, name)
				}
			}
		}
	}
	return nil
}

func (s *Server) putBucketPolicy(c *reqCtx) *Error {
	if e := s.bucketExists(c.bucket); e != nil {
		return e
	}
	body, e := c.readDocument(maxPolicyBody)
	if e != nil {
		if e.Code == "MalformedXML" {
			return badPolicy("The policy is larger than %d bytes.", maxPolicyBody)
		}
		return e
	}
	if e := checkPolicy(body); e != nil {
		return e
	}
	doc := bytes.Clone(bytes.TrimSpace(body))
	return s.setBucketConfig(c, func(b *bucket) { b.policy = doc }, http.StatusNoContent)
}

func (s *Server) getBucketPolicy(c *reqCtx) *Error {
	var doc []byte
	if e := s.readBucket(c.bucket, func(b *bucket) *Error { doc = b.policy; return nil }); e != nil {
		return e
	}
	if doc == nil {
		return newError(http.StatusNotFound, codeNoSuchPolicy, "The bucket policy does not exist.")
	}
	h := c.w.Header()
	h.Set("Content-Type", policyContentType)
	h.Set("Content-Length", strconv.Itoa(len(doc)))
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(doc)
	return nil
}

func (s *Server) deleteBucketPolicy(c *reqCtx) *Error {
	return s.setBucketConfig(c, func(b *bucket) { b.policy = nil }, http.StatusNoContent)
}
