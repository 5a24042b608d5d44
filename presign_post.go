package cos

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strconv"
	"time"
)

// PresignedPost is an HTML form that uploads one object straight to the
// bucket (POST Object): the form's action URL and the fields it must send
// before the file.
type PresignedPost struct {
	// URL is the form's action: the bucket's URL, as the client addresses
	// it.
	URL *url.URL
	// Fields are the form fields to send, in any order, before the file
	// field (named "file", which must come last): the key, the
	// base64 policy, the signature (q-sign-algorithm, q-ak, q-key-time,
	// q-signature), the session token of temporary credentials
	// (x-cos-security-token), and every field an exact condition of the
	// policy names. Like a presigned URL, they are a bearer credential
	// until Expiration: do not log them.
	Fields map[string]string
	// Expiration is when COS stops accepting the form.
	Expiration time.Time
}

// PresignPost returns a form that lets a browser upload a file directly
// to the bucket under the conditions of policy, signed with the client's
// credentials, without sending any request. The signature is COS's POST
// Object one (product/436/14690, "Signature protection"): KeyTime is
// "start;end" in Unix seconds, SignKey = hex(HMAC-SHA1(SecretKey,
// KeyTime)), StringToSign = hex(SHA1(policy JSON)), and q-signature =
// hex(HMAC-SHA1(SignKey, StringToSign)); the policy carries the
// q-sign-algorithm, q-ak and q-sign-time conditions COS requires, and the
// bucket.
//
// The browser sends the form unsigned: COS authorizes it from these
// fields. A page on another origin that posts it with XMLHttpRequest or
// fetch needs a CORS rule allowing POST from its origin
// ([ObjectService.Options] checks one); a plain HTML form does not.
//
// Errors: ErrInvalidArgument naming the PostPolicy field for a malformed
// policy, ErrNoCredentials for an anonymous client, credential provider
// errors.
func (s *ObjectService) PresignPost(ctx context.Context, policy *PostPolicy) (*PresignedPost, error) {
	if ctx == nil {
		return nil, invalidArg("ctx", "is nil")
	}
	cfg := &s.client.cfg
	tgt, err := cfg.bucketTarget()
	if err != nil {
		return nil, err
	}
	pl, err := policy.plan(cfg.bucket)
	if err != nil {
		return nil, err
	}
	cred, err := s.client.signingCredentials(ctx, "PresignPost")
	if err != nil {
		return nil, err
	}
	start := cfg.now().Truncate(time.Second)
	end := start.Add(pl.expires)
	keyTime := strconv.FormatInt(start.Unix(), 10) + ";" + strconv.FormatInt(end.Unix(), 10)
	conds := append(pl.conditions,
		map[string]string{"q-sign-algorithm": "sha1"},
		map[string]string{"q-ak": cred.SecretID},
		map[string]string{"q-sign-time": keyTime})
	doc, err := policyDocument(end, conds)
	if err != nil {
		return nil, invalidArg("PostPolicy", "cannot be encoded: %v", err)
	}
	fields := pl.fields
	fields["policy"] = base64.StdEncoding.EncodeToString(doc)
	fields["q-sign-algorithm"] = "sha1"
	fields["q-ak"] = cred.SecretID
	fields["q-key-time"] = keyTime
	fields["q-signature"] = postSignature(cred.SecretKey, start.Unix(), end.Unix(), doc)
	if cred.SessionToken != "" {
		fields["x-cos-security-token"] = cred.SessionToken
	}
	return &PresignedPost{URL: tgt.url(""), Fields: fields, Expiration: end}, nil
}

// postSignature is the POST Object signature of a policy document signed
// for the key time start;end.
func postSignature(secretKey string, start, end int64, policy []byte) string {
	keyTime := strconv.AppendInt(nil, start, 10)
	keyTime = append(keyTime, ';')
	keyTime = strconv.AppendInt(keyTime, end, 10)
	signKey := signingKey(secretKey, start, end, keyTime)
	sum := sha1.Sum(policy)
	var stringToSign [2 * sha1.Size]byte
	hex.Encode(stringToSign[:], sum[:])
	var sig [2 * sha1.Size]byte
	hmacSHA1Hex(sig[:], signKey[:], stringToSign[:])
	return string(sig[:])
}
