package transfer

import (
	"reflect"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/stretchr/testify/assert"
)

// The object headers are declared flat in several option structs; these
// tests make sure a header added to the cos options reaches transfer's
// options and is passed on by every mapping, so a new header cannot be
// forgotten in one place.

// headerFields are the header-tagged fields of a cos options struct.
func headerFields(t reflect.Type) []reflect.StructField {
	var out []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous || f.Tag.Get("header") != "" {
			out = append(out, f)
		}
	}
	return out
}

func assertCarries(t *testing.T, name string, have reflect.Type, want []reflect.StructField, except ...string) {
	t.Helper()
	for _, f := range want {
		if contains(except, f.Name) {
			continue
		}
		got, ok := have.FieldByName(f.Name)
		if assert.True(t, ok, "%s lacks %s", name, f.Name) {
			assert.Equal(t, f.Type, got.Type, "%s.%s", name, f.Name)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestUploadOptionsCarryEveryObjectHeader(t *testing.T) {
	t.Parallel()
	up := reflect.TypeFor[UploadOptions]()
	assertCarries(t, "UploadOptions", up, headerFields(reflect.TypeFor[cos.InitiateMultipartUploadOptions]()))
	// Headers of a single PUT only: a body checksum and overwrite guard
	// make no sense for a multipart stream of unknown content.
	assertCarries(t, "UploadOptions", up, headerFields(reflect.TypeFor[cos.ObjectPutOptions]()),
		"ContentMD5", "ForbidOverwrite")
}

func TestCopyOptionsCarryEveryObjectHeader(t *testing.T) {
	t.Parallel()
	// The Copier sets the source conditions itself (If-Match on the ETag it
	// saw).
	assertCarries(t, "CopyOptions", reflect.TypeFor[CopyOptions](), headerFields(reflect.TypeFor[cos.ObjectCopyOptions]()),
		"CopySourceIfMatch", "CopySourceIfNoneMatch", "CopySourceIfModifiedSince", "CopySourceIfUnmodifiedSince")
}

// fill gives every exported field of the struct v points to a distinct
// non-zero value.
func fill(t *testing.T, v any) {
	t.Helper()
	rv := reflect.ValueOf(v).Elem()
	n := 0
	var walk func(reflect.Value)
	walk = func(s reflect.Value) {
		for i := range s.NumField() {
			f, sf := s.Field(i), s.Type().Field(i)
			if !sf.IsExported() {
				continue
			}
			n++
			switch f.Kind() {
			case reflect.String:
				f.SetString(sf.Name + "-value")
			case reflect.Int, reflect.Int64:
				f.SetInt(int64(n))
			case reflect.Bool:
				f.SetBool(true)
			case reflect.Map:
				f.Set(reflect.ValueOf(map[string]string{sf.Name: "v"}))
			case reflect.Struct:
				if f.Type() == reflect.TypeFor[time.Time]() {
					f.Set(reflect.ValueOf(time.Date(2030, 1, n, 0, 0, 0, 0, time.UTC)))
				} else {
					walk(f)
				}
			}
		}
	}
	walk(rv)
}

// assertPassedOn checks that every field of src that dst also has arrived
// in dst unchanged.
func assertPassedOn(t *testing.T, name string, src, dst any, except ...string) {
	t.Helper()
	sv, dv := reflect.ValueOf(src).Elem(), reflect.ValueOf(dst).Elem()
	for i := range sv.NumField() {
		sf := sv.Type().Field(i)
		if contains(except, sf.Name) {
			continue
		}
		df := dv.FieldByName(sf.Name)
		if !df.IsValid() || !sf.IsExported() {
			continue
		}
		assert.Equal(t, sv.Field(i).Interface(), df.Interface(), "%s: %s", name, sf.Name)
	}
}

func TestUploadOptionsPassEveryHeaderOn(t *testing.T) {
	t.Parallel()
	var o UploadOptions
	fill(t, &o)
	assertPassedOn(t, "putOptions", &o, o.putOptions(42))
	assertPassedOn(t, "initiateOptions", &o, o.initiateOptions())
}

func TestCopyOptionsPassEveryHeaderOn(t *testing.T) {
	t.Parallel()
	var o CopyOptions
	fill(t, &o)
	assertPassedOn(t, "copyOptions", &o, o.copyOptions("etag"))
	o.TaggingDirective = cos.TaggingDirectiveReplaced
	assertPassedOn(t, "initiateOptions(Replaced)", &o, o.initiateOptions(true, nil, "src=tags"))
	// Without Replaced the multipart copy takes the source's headers and
	// tags; only the ones a copy never inherits come from the options.
	o.TaggingDirective = cos.TaggingDirectiveCopy
	src := &cos.ObjectMeta{ContentType: "src/type", Metadata: map[string]string{"s": "1"}}
	got := o.initiateOptions(false, src, "src=tags")
	assert.Equal(t, "src=tags", got.Tagging)
	assert.Equal(t, "src/type", got.ContentType)
	assert.Equal(t, src.Metadata, got.Metadata)
	assert.Equal(t, o.ACLHeaders, got.ACLHeaders)
	assert.Equal(t, o.SSEHeaders, got.SSEHeaders)
	assert.Equal(t, o.StorageClass, got.StorageClass)
}
