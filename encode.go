package cos

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/go-querystring/query"
)

// Option structs carry query fields tagged `url:"name,omitempty"` (encoded
// by go-querystring) and header fields tagged `header:"name"` (encoded
// here). A field with both tags is a programming error and is refused. A
// map[string]string field tagged `header:"x-cos-meta-,prefix"` writes one
// header per entry. `url:"-"` hides a field (a body) from both encoders.

type headerField struct {
	index  []int
	name   string
	prefix bool
}

type typePlan struct {
	headers  []headerField
	untagged []string // field names go-querystring would invent keys for
	err      error
}

var plans sync.Map // reflect.Type -> *typePlan

func planFor(t reflect.Type) *typePlan {
	if p, ok := plans.Load(t); ok {
		return p.(*typePlan)
	}
	p := &typePlan{}
	buildPlan(t, nil, p)
	plans.Store(t, p)
	return p
}

func buildPlan(t reflect.Type, index []int, p *typePlan) {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() && !sf.Anonymous {
			continue
		}
		idx := append(append([]int(nil), index...), i)
		urlTag, hasURL := sf.Tag.Lookup("url")
		hdrTag, hasHdr := sf.Tag.Lookup("header")
		if urlTag == "-" {
			continue
		}
		if hasURL && hasHdr {
			p.err = fmt.Errorf("cos: field %s.%s has both url and header tags", t.Name(), sf.Name)
			return
		}
		ft := sf.Type
		if sf.Anonymous && !hasURL && !hasHdr {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				buildPlan(ft, idx, p)
				continue
			}
		}
		if hasURL {
			continue
		}
		p.untagged = append(p.untagged, sf.Name)
		if !hasHdr || hdrTag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(hdrTag, ",")
		p.headers = append(p.headers, headerField{index: idx, name: name, prefix: strings.Contains(opts, "prefix")})
	}
}

// encodeOptions adds the query and header fields of opt (a struct or a
// pointer to one; nil is fine) to q and h.
func encodeOptions(opt any, q url.Values, h http.Header) error {
	v := reflect.ValueOf(opt)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return nil
	}
	if v.Kind() != reflect.Struct {
		return fmt.Errorf("cos: options of type %s are not a struct", v.Type())
	}
	p := planFor(v.Type())
	if p.err != nil {
		return p.err
	}
	vals, err := query.Values(v.Interface())
	if err != nil {
		return fmt.Errorf("cos: encoding query: %w", err)
	}
	for k, vs := range vals {
		if p.isUntagged(k) {
			continue
		}
		for _, s := range vs {
			q.Add(k, s)
		}
	}
	for _, f := range p.headers {
		fv, ok := fieldByIndex(v, f.index)
		if !ok {
			continue
		}
		if err := writeHeader(h, f, fv); err != nil {
			return err
		}
	}
	return nil
}

func (p *typePlan) isUntagged(key string) bool {
	for _, n := range p.untagged {
		if key == n || strings.HasPrefix(key, n+"[") {
			return true
		}
	}
	return false
}

// fieldByIndex walks embedded pointers, reporting false at a nil one.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func writeHeader(h http.Header, f headerField, v reflect.Value) error {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if t, ok := v.Interface().(time.Time); ok {
		if !t.IsZero() {
			h.Set(f.name, t.UTC().Format(http.TimeFormat))
		}
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); s != "" {
			h.Set(f.name, s)
		}
	case reflect.Bool:
		if v.Bool() {
			h.Set(f.name, "true")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n := v.Int(); n != 0 {
			h.Set(f.name, strconv.FormatInt(n, 10))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n := v.Uint(); n != 0 {
			h.Set(f.name, strconv.FormatUint(n, 10))
		}
	case reflect.Map:
		if !f.prefix || v.Type().Key().Kind() != reflect.String || v.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("cos: header map field %s needs map[string]string and the prefix option", f.name)
		}
		iter := v.MapRange()
		for iter.Next() {
			h.Set(f.name+iter.Key().String(), iter.Value().String())
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() != reflect.String {
			return fmt.Errorf("cos: header field %s: unsupported slice type %s", f.name, v.Type())
		}
		for i := 0; i < v.Len(); i++ {
			h.Add(f.name, v.Index(i).String())
		}
	default:
		return fmt.Errorf("cos: header field %s: unsupported type %s", f.name, v.Type())
	}
	return nil
}

// encodeQuery writes q with the signing encoder (space as %20, "/" as %2F),
// sorted by name; an empty value is written as a bare name (?acl).
func encodeQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	var b strings.Builder
	for _, k := range sortedKeys(q) {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(escapeSign(k))
			if v != "" {
				b.WriteByte('=')
				b.WriteString(escapeSign(v))
			}
		}
	}
	return b.String()
}

func sortedKeys(m url.Values) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
