package cos

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// PostConditionOp is how a [PostCondition] compares a form field.
type PostConditionOp string

// The comparisons a POST policy offers besides content-length-range.
const (
	// PostConditionEquals requires the field to equal the value.
	PostConditionEquals PostConditionOp = "eq"
	// PostConditionStartsWith requires the field to start with the value.
	PostConditionStartsWith PostConditionOp = "starts-with"
)

// PostCondition is one more condition of a POST policy on a form field,
// beyond those [PostPolicy] has fields for: for example
// {PostConditionStartsWith, "Content-Disposition", "attachment"} or
// {PostConditionEquals, "x-cos-server-side-encryption", "AES256"}.
type PostCondition struct {
	Op PostConditionOp
	// Field is the form field's name, without the policy's "$".
	Field string
	Value string
}

// PostPolicy says what a browser form built by [ObjectService.PresignPost]
// may upload. COS checks every condition against the form's fields and
// the file, and refuses the upload (storing nothing) when one fails. The
// form must carry every field a condition names; PresignPost returns the
// ones it knows the value of.
type PostPolicy struct {
	// Key is the exact object key the form uploads. It may hold the
	// ${filename} placeholder, which COS replaces by the uploaded file's
	// name; the policy then allows any key starting with the part before
	// it. Set Key or KeyPrefix.
	Key string
	// KeyPrefix allows any key starting with it. The returned form fields
	// propose KeyPrefix + "${filename}"; the page may set another key with
	// the prefix.
	KeyPrefix string
	// Expires is how long the form may be used from now (default one
	// hour).
	Expires time.Duration
	// MinSize and MaxSize bound the file's length in bytes
	// (content-length-range); MaxSize 0 sets no bound beyond COS's 5 GB
	// unless MinSize is set.
	MinSize, MaxSize int64
	// ContentType is the exact Content-Type the object gets; browsers'
	// own file types are not used by COS. ContentTypePrefix instead
	// allows any type with that prefix (for example "image/"), and the
	// page must send a Content-Type field.
	ContentType       string
	ContentTypePrefix string
	// SuccessActionStatus is the status COS answers a successful upload
	// with: 200, 201 or 204 (COS's default).
	SuccessActionStatus int
	// SuccessActionRedirect makes COS answer a successful upload with 303
	// to this URL, adding bucket, key and etag query parameters.
	SuccessActionRedirect string
	// Metadata becomes exact x-cos-meta-<name> fields stored with the
	// object; names as for Put.
	Metadata map[string]string
	// ACL is the object's canned ACL ("private", "public-read", "default"
	// ...).
	ACL string
	// StorageClass is the object's storage class.
	StorageClass StorageClass
	// Conditions are further conditions on form fields.
	Conditions []PostCondition
}

// defaultPostExpiry is how long a POST form stays usable by default: long
// enough for a page to sit open while its user picks a file.
const defaultPostExpiry = time.Hour

// postReservedFields are form fields a policy condition cannot name: they
// carry the policy and its signature, or the file.
var postReservedFields = map[string]bool{
	"policy": true, "file": true, "q-sign-algorithm": true, "q-ak": true, "q-key-time": true,
	"q-sign-time": true, "q-signature": true, "x-cos-security-token": true, "signature": true,
}

// postPlan is a validated policy: its conditions and the form fields whose
// value is known.
type postPlan struct {
	conditions []any
	fields     map[string]string
	expires    time.Duration
}

// plan validates p and turns it into conditions (bucket first, the
// signature's own fields added by the caller) and form fields.
func (p *PostPolicy) plan(bucket string) (*postPlan, error) {
	if p == nil {
		return nil, invalidArg("PostPolicy", "is nil")
	}
	pl := &postPlan{fields: map[string]string{}, expires: p.Expires}
	if p.Expires < 0 {
		return nil, invalidArg("PostPolicy.Expires", "is negative (%v)", p.Expires)
	}
	if pl.expires == 0 {
		pl.expires = defaultPostExpiry
	}
	if bucket != "" {
		pl.conditions = append(pl.conditions, map[string]string{"bucket": bucket})
	}
	if err := p.planKey(pl); err != nil {
		return nil, err
	}
	if err := p.planSize(pl); err != nil {
		return nil, err
	}
	if err := p.planContent(pl); err != nil {
		return nil, err
	}
	if err := p.planMetadata(pl); err != nil {
		return nil, err
	}
	for i, c := range p.Conditions {
		if err := c.validate(i); err != nil {
			return nil, err
		}
		pl.conditions = append(pl.conditions, []string{string(c.Op), "$" + c.Field, c.Value})
		if c.Op == PostConditionEquals {
			pl.fields[c.Field] = c.Value
		}
	}
	return pl, nil
}

func (p *PostPolicy) planKey(pl *postPlan) error {
	switch {
	case p.Key != "" && p.KeyPrefix != "":
		return invalidArg("PostPolicy.Key", "set Key or KeyPrefix, not both")
	case p.Key == "" && p.KeyPrefix == "":
		return invalidArg("PostPolicy.Key", "set Key or KeyPrefix: a form without either could overwrite any object")
	case p.Key != "":
		if err := validateKeyField("PostPolicy.Key", strings.ReplaceAll(p.Key, "${filename}", "f")); err != nil {
			return err
		}
		pl.fields["key"] = p.Key
		if before, _, ok := strings.Cut(p.Key, "${filename}"); ok {
			pl.conditions = append(pl.conditions, []string{"starts-with", "$key", before})
		} else {
			pl.conditions = append(pl.conditions, map[string]string{"key": p.Key})
		}
	default:
		if err := validateKeyField("PostPolicy.KeyPrefix", p.KeyPrefix+"f"); err != nil {
			return err
		}
		pl.fields["key"] = p.KeyPrefix + "${filename}"
		pl.conditions = append(pl.conditions, []string{"starts-with", "$key", p.KeyPrefix})
	}
	return nil
}

func (p *PostPolicy) planSize(pl *postPlan) error {
	switch {
	case p.MinSize < 0:
		return invalidArg("PostPolicy.MinSize", "is negative (%d)", p.MinSize)
	case p.MaxSize < 0:
		return invalidArg("PostPolicy.MaxSize", "is negative (%d)", p.MaxSize)
	case p.MaxSize > maxAppendableSize:
		return invalidArg("PostPolicy.MaxSize", "is %d bytes; a POST upload holds at most 5 GB", p.MaxSize)
	case p.MaxSize > 0 && p.MinSize > p.MaxSize:
		return invalidArg("PostPolicy.MinSize", "%d is above MaxSize %d", p.MinSize, p.MaxSize)
	case p.MaxSize == 0 && p.MinSize > maxAppendableSize:
		return invalidArg("PostPolicy.MinSize", "is %d bytes; a POST upload holds at most 5 GB", p.MinSize)
	case p.MaxSize == 0 && p.MinSize == 0:
		return nil
	}
	hi := p.MaxSize
	if hi == 0 {
		hi = maxAppendableSize
	}
	pl.conditions = append(pl.conditions, []any{"content-length-range", p.MinSize, hi})
	return nil
}

func (p *PostPolicy) planContent(pl *postPlan) error {
	switch {
	case p.ContentType != "" && p.ContentTypePrefix != "":
		return invalidArg("PostPolicy.ContentType", "set ContentType or ContentTypePrefix, not both")
	case strings.ContainsAny(p.ContentType+p.ContentTypePrefix, "\r\n"):
		return invalidArg("PostPolicy.ContentType", "holds a line break")
	case !utf8.ValidString(p.ContentType + p.ContentTypePrefix):
		return invalidArg("PostPolicy.ContentType", "is not valid UTF-8")
	case p.ContentType != "":
		pl.exact("Content-Type", p.ContentType)
	case p.ContentTypePrefix != "":
		pl.conditions = append(pl.conditions, []string{"starts-with", "$Content-Type", p.ContentTypePrefix})
	}
	switch p.SuccessActionStatus {
	case 0:
	case 200, 201, 204:
		if p.SuccessActionRedirect != "" {
			return invalidArg("PostPolicy.SuccessActionStatus", "COS ignores it when SuccessActionRedirect is set; set one")
		}
		pl.exact("success_action_status", strconv.Itoa(p.SuccessActionStatus))
	default:
		return invalidArg("PostPolicy.SuccessActionStatus", "%d is not 200, 201 or 204", p.SuccessActionStatus)
	}
	if r := p.SuccessActionRedirect; r != "" {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !utf8.ValidString(r) {
			return invalidArg("PostPolicy.SuccessActionRedirect", "%q is not an absolute http(s) URL", r)
		}
		pl.exact("success_action_redirect", r)
	}
	if err := (ACLHeaders{ACL: p.ACL}).validate(true); err != nil {
		return err
	}
	if p.ACL != "" {
		pl.exact("acl", p.ACL)
	}
	sc, err := normalizeStorageClass("PostPolicy.StorageClass", p.StorageClass)
	if err != nil {
		return err
	}
	if sc != "" {
		pl.exact("x-cos-storage-class", string(sc))
	}
	return nil
}

func (p *PostPolicy) planMetadata(pl *postPlan) error {
	if err := validateMetadata(p.Metadata); err != nil {
		return err
	}
	names := make([]string, 0, len(p.Metadata))
	for name := range p.Metadata {
		names = append(names, name)
	}
	// A stable policy text for the same input; names differ in more than
	// case (validateMetadata), so lower-cased they sort one way.
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	for _, name := range names {
		pl.exact("x-cos-meta-"+strings.ToLower(name), p.Metadata[name])
	}
	return nil
}

// exact adds an exact-match condition and the field that satisfies it.
func (pl *postPlan) exact(field, value string) {
	pl.conditions = append(pl.conditions, map[string]string{field: value})
	pl.fields[field] = value
}

func (c PostCondition) validate(i int) error {
	if c.Op != PostConditionEquals && c.Op != PostConditionStartsWith {
		return invalidArg(elemField("PostPolicy.Conditions", i, "Op"), "%q is not eq or starts-with", c.Op)
	}
	name := strings.ToLower(c.Field)
	switch {
	case c.Field == "" || !isToken(c.Field) || strings.HasPrefix(c.Field, "$"):
		return invalidArg(elemField("PostPolicy.Conditions", i, "Field"), "%q is not a form field name", c.Field)
	case postReservedFields[name]:
		return invalidArg(elemField("PostPolicy.Conditions", i, "Field"), "%q carries the policy or its signature", c.Field)
	case name == "key" || name == "bucket":
		return invalidArg(elemField("PostPolicy.Conditions", i, "Field"), "%q is set by PostPolicy.Key, KeyPrefix and the client's bucket", c.Field)
	case !utf8.ValidString(c.Value):
		return invalidArg(elemField("PostPolicy.Conditions", i, "Value"), "is not valid UTF-8")
	}
	return nil
}

// policyDocument renders the policy JSON: expiration, then conditions.
func policyDocument(expiration time.Time, conditions []any) ([]byte, error) {
	return json.Marshal(struct {
		Expiration string `json:"expiration"`
		Conditions []any  `json:"conditions"`
	}{expiration.UTC().Format("2006-01-02T15:04:05.000Z"), conditions})
}
