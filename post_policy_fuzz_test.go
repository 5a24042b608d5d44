package cos

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

// FuzzPresignPost builds policies from arbitrary input: PresignPost either
// refuses with ErrInvalidArgument or returns a form whose policy is valid
// JSON, is signed as COS specifies, is deterministic, and holds an exact
// condition for every field it returns, the key condition matching the
// key field, and the q-* conditions COS requires.
func FuzzPresignPost(f *testing.F) {
	f.Add("uploads/${filename}", "", int64(0), int64(1024), "image/png", "", 204, "", "owner", "u1", "Content-Disposition", "attachment", uint8(1))
	f.Add("", "user/", int64(5), int64(0), "", "image/", 201, "", "", "", "x-cos-server-side-encryption", "AES256", uint8(0))
	f.Add("a b/年.txt", "", int64(0), int64(0), "", "", 0, "https://my.site/ok?x=1", "a-b", "\"quoted\" <tag>", "Cache-Control", "", uint8(0))
	f.Add("k", "k", int64(-1), int64(5<<30+1), "a\r\nb", "x", 202, "/rel", "a_b", "\xff", "$x", "\xfe", uint8(7))
	c := postClient(f, "tok")
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, key, prefix string, minSize, maxSize int64, ctype, ctypePrefix string, status int,
		redirect, metaName, metaValue, condField, condValue string, op uint8) {
		p := &PostPolicy{Key: key, KeyPrefix: prefix, MinSize: minSize, MaxSize: maxSize, ContentType: ctype,
			ContentTypePrefix: ctypePrefix, SuccessActionStatus: status, SuccessActionRedirect: redirect}
		if metaName != "" {
			p.Metadata = map[string]string{metaName: metaValue}
		}
		if condField != "" {
			p.Conditions = []PostCondition{{[]PostConditionOp{PostConditionEquals, PostConditionStartsWith, "in"}[op%3], condField, condValue}}
		}
		post, err := c.Object.PresignPost(ctx, p)
		if err != nil {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("refusal does not wrap ErrInvalidArgument: %v", err)
			}
			return
		}
		again, err := c.Object.PresignPost(ctx, p)
		if err != nil || !maps.Equal(post.Fields, again.Fields) {
			t.Fatalf("not deterministic: %v", err)
		}
		doc, err := base64.StdEncoding.DecodeString(post.Fields["policy"])
		if err != nil {
			t.Fatal(err)
		}
		if got, want := post.Fields["q-signature"], independentPostSignature(testKey, post.Fields["q-key-time"], doc); got != want {
			t.Fatalf("signature %s, want %s", got, want)
		}
		var v struct {
			Expiration string
			Conditions []json.RawMessage
		}
		if err := json.Unmarshal(doc, &v); err != nil {
			t.Fatalf("policy is not JSON: %v\n%s", err, doc)
		}
		if exp, err := time.Parse(time.RFC3339Nano, v.Expiration); err != nil || !exp.Equal(post.Expiration) {
			t.Fatalf("expiration %q, want %v", v.Expiration, post.Expiration)
		}
		exact := map[string]string{}
		var keyCond []string
		for _, raw := range v.Conditions {
			var obj map[string]string
			if json.Unmarshal(raw, &obj) == nil {
				maps.Copy(exact, obj)
				continue
			}
			var arr []any
			if err := json.Unmarshal(raw, &arr); err != nil || len(arr) != 3 {
				t.Fatalf("condition %s", raw)
			}
			if arr[1] == "$key" {
				keyCond = []string{arr[0].(string), arr[2].(string)}
			}
			if arr[0] == "eq" {
				exact[strings.TrimPrefix(arr[1].(string), "$")] = arr[2].(string)
			}
		}
		for name, val := range post.Fields {
			switch name {
			case "policy", "q-signature", "q-key-time", "x-cos-security-token":
				continue
			case "key":
				if keyCond != nil && keyCond[0] == "starts-with" && strings.HasPrefix(val, keyCond[1]) {
					continue
				}
			}
			if exact[name] != val {
				t.Fatalf("field %s=%q has no matching exact condition in %s", name, val, doc)
			}
		}
		if exact["q-sign-time"] != post.Fields["q-key-time"] || exact["q-sign-algorithm"] != "sha1" || exact["q-ak"] != testID {
			t.Fatalf("q-* conditions missing: %s", doc)
		}
	})
}
