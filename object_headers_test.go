package cos

import (
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sharedHeaderTypes are the option structs that carry objectHeaders flat.
var sharedHeaderTypes = map[string]interface{ headers() objectHeaders }{
	"ObjectPutOptions":               &ObjectPutOptions{},
	"InitiateMultipartUploadOptions": &InitiateMultipartUploadOptions{},
	"ObjectCopyOptions":              &ObjectCopyOptions{},
}

// Every struct carries every field of the set, with the same type and the
// same header tag, so it is encoded the same way.
func TestObjectHeaderFields(t *testing.T) {
	t.Parallel()
	set := reflect.TypeFor[objectHeaders]()
	for name, v := range sharedHeaderTypes {
		typ := reflect.TypeOf(v).Elem()
		for i := range set.NumField() {
			want := set.Field(i)
			got, ok := typ.FieldByName(want.Name)
			if !assert.True(t, ok, "%s lacks %s", name, want.Name) {
				continue
			}
			assert.Equal(t, want.Type, got.Type, "%s.%s type", name, want.Name)
			assert.Equal(t, want.Tag.Get("header"), got.Tag.Get("header"), "%s.%s header tag", name, want.Name)
			assert.Equal(t, want.Anonymous, got.Anonymous, "%s.%s embedding", name, want.Name)
		}
	}
}

// headers() copies every field: fill each struct's shared fields with
// distinct values by reflection and compare.
func TestObjectHeadersCopyEveryField(t *testing.T) {
	t.Parallel()
	want := filledHeaders()
	for name, v := range sharedHeaderTypes {
		dst := reflect.ValueOf(v).Elem()
		src := reflect.ValueOf(want)
		for i := range src.NumField() {
			dst.FieldByName(src.Type().Field(i).Name).Set(src.Field(i))
		}
		assert.Equal(t, want, v.headers(), name)
	}
}

func filledHeaders() objectHeaders {
	return objectHeaders{
		ACLHeaders:         ACLHeaders{ACL: ACLPublicRead, GrantRead: "r", GrantWrite: "w", GrantReadACP: "ra", GrantWriteACP: "wa", GrantFullControl: "f"},
		SSEHeaders:         SSEHeaders{ServerSideEncryption: "AES256", SSEKMSKeyID: "k", SSECustomerHeaders: SSECustomerHeaders{"a", "b", "c"}},
		StorageClass:       StorageStandardIA,
		ContentType:        "text/plain",
		CacheControl:       "no-cache",
		ContentDisposition: "attachment",
		ContentEncoding:    "gzip",
		ContentLanguage:    "en",
		Expires:            time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC),
		Metadata:           map[string]string{"m": "v"},
		Tagging:            "k=v",
	}
}

func TestObjectHeadersSetsContent(t *testing.T) {
	t.Parallel()
	require.False(t, objectHeaders{StorageClass: StorageArchive, ACLHeaders: ACLHeaders{ACL: ACLPrivate}, Tagging: "k=v"}.setsContent(),
		"tags follow the tagging directive, not the metadata directive")
	set := filledHeaders()
	v := reflect.ValueOf(set)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Anonymous || f.Name == "StorageClass" || f.Name == "Tagging" {
			continue
		}
		one := objectHeaders{}
		reflect.ValueOf(&one).Elem().Field(i).Set(v.Field(i))
		assert.True(t, one.setsContent(), "%s alone is content", f.Name)
	}
}
