package cos

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// The policy family: the bucket policy, a JSON document in COS's (CAM's)
// policy language.
//
// Wire facts (PUT and GET Bucket policy, API pages 8282 and 8276;
// CAM element reference, page 598/10603; COS policy examples, 436/46206;
// cos-go-sdk-v5 v0.7.70 bucket_policy.go; cos-js-sdk-v5 putBucketPolicy):
//   - the sub-resource is "policy"; the body is JSON, sent with
//     Content-Type: application/json and Content-MD5 (the page's sample
//     header and the JS SDK; the Go SDK sends neither);
//   - PUT answers 204, replacing any policy; DELETE answers 204 (the JS
//     SDK expects it; unconfirmed);
//   - element names are lower case ("version", "principal", "statement",
//     "effect", "action", "resource", "condition"); COS's own GET sample
//     spells some capitalised ("Statement", "Principal"), so they are read
//     case-insensitively;
//   - "version" is "2.0"; "effect" is allow or deny; "action" and
//     "resource" are required; "condition" is optional;
//   - a bucket without a policy answers GET with a 404 (the code is not
//     documented; costest sends NoSuchBucketPolicy).

// subPolicy is the sub-resource of the policy calls.
const subPolicy = "policy"

// PolicyVersion is the only version of COS's policy language.
const PolicyVersion = "2.0"

// BucketPolicy is a bucket policy: who (Principal) may or may not
// (Effect) do what (Action) to which objects (Resource), when (Condition).
// Elements COS adds that the type does not know are dropped on reading;
// [BucketService.GetPolicyJSON] returns the document whole.
type BucketPolicy struct {
	// Version is PolicyVersion; empty is sent as PolicyVersion.
	Version string `json:"version"`
	// Principal applies to every statement that names none.
	Principal PolicyPrincipal `json:"principal,omitempty"`
	// Statement holds the rules; at least one.
	Statement []PolicyStatement `json:"statement"`
}

// PolicyStatement is one rule of a [BucketPolicy].
type PolicyStatement struct {
	// Sid names the statement (optional).
	Sid string `json:"sid,omitempty"`
	// Principal is whom the statement is about, for example
	// {"qcs": {"qcs::cam::uin/100000000001:uin/100000000011"}} or
	// {"qcs": {"qcs::cam::anyone:anyone"}} for everyone.
	Principal PolicyPrincipal `json:"principal,omitempty"`
	// Effect is PolicyAllow or PolicyDeny.
	Effect PolicyEffect `json:"effect"`
	// Action lists the calls, such as "name/cos:GetObject" or
	// "name/cos:*"; at least one.
	Action PolicyList `json:"action"`
	// Resource lists the objects, such as
	// "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*";
	// at least one.
	Resource PolicyList `json:"resource"`
	// Condition maps an operator ("ip_equal", "string_equal", ...) to
	// condition keys and their values: a string, number or boolean, or a
	// list of them ([]string, []any...). Read back, values are what
	// encoding/json makes of them (string, float64, bool, []any).
	Condition map[string]map[string]any `json:"condition,omitempty"`
}

// PolicyPrincipal maps a principal type ("qcs") to the principals.
type PolicyPrincipal map[string]PolicyList

// PolicyEffect says whether a statement allows or denies.
type PolicyEffect string

// Effects of a [PolicyStatement].
const (
	PolicyAllow PolicyEffect = "allow"
	PolicyDeny  PolicyEffect = "deny"
)

// PolicyList is a list of strings that JSON may also spell as a single
// string ("action": "name/cos:*"); it is always sent as a list.
type PolicyList []string

// UnmarshalJSON reads a string or a list of strings.
func (l *PolicyList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*l = nil
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = PolicyList{s}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*l = list
	return nil
}

// validate checks what COS requires and returns the document to send:
// version defaulted, effects lower-cased.
func (p *BucketPolicy) validate() (*BucketPolicy, error) {
	if p == nil {
		return nil, invalidArg("BucketPolicy", "is nil; use DeletePolicy to remove the bucket's policy")
	}
	out := *p
	if out.Version == "" {
		out.Version = PolicyVersion
	}
	if out.Version != PolicyVersion {
		return nil, invalidArg("BucketPolicy.Version", "is %q; COS knows only %q", p.Version, PolicyVersion)
	}
	if len(p.Statement) == 0 {
		return nil, invalidArg("BucketPolicy.Statement", "needs at least one statement")
	}
	if err := p.Principal.validate("BucketPolicy.Principal"); err != nil {
		return nil, err
	}
	out.Statement = make([]PolicyStatement, len(p.Statement))
	for i, st := range p.Statement {
		field := func(name string) string { return elemField("BucketPolicy.Statement", i, name) }
		switch eff := PolicyEffect(strings.ToLower(string(st.Effect))); eff {
		case PolicyAllow, PolicyDeny:
			st.Effect = eff
		default:
			return nil, invalidArg(field("Effect"), "%q is neither %q nor %q", st.Effect, PolicyAllow, PolicyDeny)
		}
		if err := st.Action.validate(field("Action")); err != nil {
			return nil, err
		}
		if err := st.Resource.validate(field("Resource")); err != nil {
			return nil, err
		}
		if err := st.Principal.validate(field("Principal")); err != nil {
			return nil, err
		}
		for op, keys := range st.Condition {
			if op == "" || len(keys) == 0 {
				return nil, invalidArg(field("Condition"), "operator %q needs a non-empty name and at least one key", op)
			}
		}
		out.Statement[i] = st
	}
	return &out, nil
}

func (l PolicyList) validate(field string) error {
	if len(l) == 0 {
		return invalidArg(field, "is empty")
	}
	for _, s := range l {
		if strings.TrimSpace(s) == "" {
			return invalidArg(field, "holds an empty entry")
		}
	}
	return nil
}

func (p PolicyPrincipal) validate(field string) error {
	for typ, ids := range p {
		if typ == "" {
			return invalidArg(field, "has an empty principal type")
		}
		if err := ids.validate(field + "[" + typ + "]"); err != nil {
			return err
		}
	}
	return nil
}

// decodePolicy reads a policy document.
func decodePolicy(raw []byte) (*BucketPolicy, error) {
	var p BucketPolicy
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("decoding the bucket policy: %w", err)
	}
	return &p, nil
}

// PutPolicy replaces the bucket's policy (PUT Bucket policy), sent as
// JSON with Content-MD5. A nil policy, one without statements, a version
// other than "2.0", an effect other than allow or deny, or a statement
// without actions or resources fails with [ErrInvalidArgument] before
// any request. COS checks the rest (valid actions, resources of this
// bucket, principals) and answers 400 for what it refuses.
//
// The call replaces the whole policy, so it retries on transient
// failures. A missing bucket gives [ErrNotFound].
func (s *BucketService) PutPolicy(ctx context.Context, policy *BucketPolicy) (*Response, error) {
	doc, err := policy.validate()
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, invalidArg("BucketPolicy", "cannot be encoded as JSON: %v", err)
	}
	return s.putPolicy(ctx, raw)
}

// PutPolicyJSON replaces the bucket's policy with the JSON document doc,
// sent as it is: the form for policies written by hand or by other
// tools. A document that is not a JSON object fails with
// [ErrInvalidArgument] before any request; COS checks the rest. It
// retries like [BucketService.PutPolicy].
func (s *BucketService) PutPolicyJSON(ctx context.Context, doc []byte) (*Response, error) {
	trimmed := bytes.TrimSpace(doc)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return nil, invalidArg("policy", "is not a JSON object")
	}
	return s.putPolicy(ctx, bytes.Clone(doc))
}

func (s *BucketService) putPolicy(ctx context.Context, raw []byte) (*Response, error) {
	o := onBucket.op("PutBucketPolicy", http.MethodPut, subPolicy)
	o.header = http.Header{"Content-Type": {"application/json"}, "Content-Md5": {contentMD5(raw)}}
	o.body, o.size = bytes.NewReader(raw), int64(len(raw))
	return s.client.do(ctx, o)
}

// GetPolicy returns the bucket's policy (GET Bucket policy), decoded. A
// bucket without a policy gives a 404 error matching [ErrNotFound] (as
// does a missing bucket; tell them apart with [ErrorCode]). A document
// this type cannot hold (a principal spelt as a plain string, say) is an
// error: read it with [BucketService.GetPolicyJSON]. It retries like
// every read.
func (s *BucketService) GetPolicy(ctx context.Context) (*BucketPolicy, *Response, error) {
	var p *BucketPolicy
	o := onBucket.op("GetBucketPolicy", http.MethodGet, subPolicy)
	o.decode = func(raw []byte) (err error) {
		p, err = decodePolicy(raw)
		return err
	}
	resp, err := s.client.do(ctx, o)
	if err != nil {
		return nil, resp, err
	}
	return p, resp, nil
}

// GetPolicyJSON returns the bucket's policy document as COS sends it.
// Errors are those of [BucketService.GetPolicy], without the decoding.
func (s *BucketService) GetPolicyJSON(ctx context.Context) ([]byte, *Response, error) {
	var doc []byte
	o := onBucket.op("GetBucketPolicy", http.MethodGet, subPolicy)
	o.decode = func(raw []byte) error {
		if !json.Valid(raw) {
			return fmt.Errorf("the bucket policy is not valid JSON")
		}
		doc = bytes.Clone(raw)
		return nil
	}
	resp, err := s.client.do(ctx, o)
	if err != nil {
		return nil, resp, err
	}
	return doc, resp, nil
}

// DeletePolicy removes the bucket's policy (DELETE Bucket policy).
// Deleting twice is harmless, so it retries on transient failures. A
// missing bucket gives [ErrNotFound].
func (s *BucketService) DeletePolicy(ctx context.Context) (*Response, error) {
	return s.client.deleteConfig(ctx, "DeleteBucketPolicy", subPolicy, onBucket)
}
