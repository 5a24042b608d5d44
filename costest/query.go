package costest

import (
	"net/url"
	"strings"
)

// param is one decoded query parameter, in wire order.
type param struct{ name, value string }

// query holds the request's parameters. It is parsed from the raw query by
// hand: Go's url.ParseQuery drops pairs holding a raw ";", which the Node
// SDK sends inside presigned URLs (q-sign-time=T1;T2).
type query struct {
	params []param
	values url.Values
}

// parseQuery splits raw on "&" and the first "=" of each part and
// percent-decodes both sides ("+" is a space). "acl" and "acl=" are alike.
func parseQuery(raw string) (query, *Error) {
	q := query{values: url.Values{}}
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		n, err := url.QueryUnescape(name)
		if err != nil {
			return q, errInvalidArgument("query parameter name %q is not properly escaped", name)
		}
		v, err := url.QueryUnescape(value)
		if err != nil {
			return q, errInvalidArgument("query parameter %q has a badly escaped value", n)
		}
		q.params = append(q.params, param{n, v})
		q.values[n] = append(q.values[n], v)
	}
	return q, nil
}

// has reports whether the parameter is present (with or without a value).
func (q query) has(name string) bool {
	_, ok := q.values[name]
	return ok
}

// get returns the first value of the parameter, "" if absent.
func (q query) get(name string) string { return q.values.Get(name) }
