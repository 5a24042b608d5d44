package cosblob

import (
	"context"
	"slices"
	"strings"

	"github.com/cosgo/cos"
	"gocloud.dev/blob/driver"
)

// maxPageSize is the most entries COS returns per GET Bucket (max-keys).
const maxPageSize = 1000

// ListPaged lists one page with GET Bucket. COS counts objects and common
// prefixes together against max-keys and orders them by key, so a page
// holds at most PageSize entries of both kinds; the page token is COS's
// NextMarker, which also skips the keys rolled up into a common prefix.
func (b *bucket) ListPaged(ctx context.Context, opts *driver.ListOptions) (*driver.ListPage, error) {
	size := opts.PageSize
	if size <= 0 || size > maxPageSize {
		size = maxPageSize
	}
	lo := &cos.ListObjectsOptions{
		Prefix:  escapePrefix(opts.Prefix),
		Marker:  string(opts.PageToken),
		MaxKeys: size,
	}
	if opts.Delimiter != "" {
		lo.Delimiter = escapeDelimiter(opts.Delimiter)
	}
	if opts.BeforeList != nil {
		if err := opts.BeforeList(asOne(&lo)); err != nil {
			return nil, err
		}
	}
	res, _, err := b.client.Bucket.ListObjects(ctx, lo)
	if err != nil {
		return nil, err
	}
	page := &driver.ListPage{Objects: make([]*driver.ListObject, 0, len(res.Contents)+len(res.CommonPrefixes))}
	for i := range res.Contents {
		obj := res.Contents[i]
		page.Objects = append(page.Objects, &driver.ListObject{
			Key:     unescapeKey(obj.Key),
			ModTime: obj.LastModified,
			Size:    obj.Size,
			MD5:     etagMD5(obj.ETag),
			AsFunc: func(i any) bool {
				switch p := i.(type) {
				case *cos.Object:
					*p = obj
				case **cos.ListObjectsResult:
					*p = res
				default:
					return false
				}
				return true
			},
		})
	}
	for _, prefix := range res.CommonPrefixes {
		page.Objects = append(page.Objects, &driver.ListObject{
			Key:   unescapeKey(prefix),
			IsDir: true,
			AsFunc: func(i any) bool {
				p, ok := i.(**cos.ListObjectsResult)
				if ok {
					*p = res
				}
				return ok
			},
		})
	}
	// COS returns objects and common prefixes in two lists.
	slices.SortFunc(page.Objects, func(a, b *driver.ListObject) int { return strings.Compare(a.Key, b.Key) })
	if res.IsTruncated {
		page.NextPageToken = []byte(res.NextPageMarker())
	}
	return page, nil
}

// escapePrefix escapes a list prefix as the keys it should match were
// escaped.
func escapePrefix(p string) string {
	if p == "" {
		return ""
	}
	return escapeKey(p)
}
