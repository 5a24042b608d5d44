package conformance

import (
	"slices"
	"strings"
	"testing"

	"github.com/cosgo/cos"
)

// testObjectTagging sets an object's tags on PUT, reads the count on HEAD,
// replaces and deletes them, and copies them with both directives. It
// touches only objects under the subtest's prefix.
func (s *suite) testObjectTagging(t *testing.T, e *env) {
	ctx := e.ctx(t)
	key := e.prefix + "tagged object"
	tags := cos.TagSet{{Key: "team", Value: "data platform"}, {Key: "stage", Value: "raw:1/2"}}
	_, _, err := e.c.Object.Put(ctx, key, strings.NewReader("tags"), &cos.ObjectPutOptions{Tagging: tags.Encode()})
	must(t, err, "Put with Tagging")
	sameTags := func(key string, want cos.TagSet) {
		t.Helper()
		got, _, err := e.c.Object.GetTagging(ctx, key, nil)
		must(t, err, "GetTagging %q", key)
		sortTags(got)
		sortTags(want)
		if !slices.Equal(got, want) {
			t.Errorf("tags of %q: got %v, want %v", key, got, want)
		}
	}
	sameTags(key, slices.Clone(tags))
	meta, _, err := e.c.Object.Head(ctx, key, nil)
	must(t, err, "Head")
	equal(t, meta.TaggingCount, len(tags), "x-cos-tagging-count")

	copied := e.prefix + "copy keeps tags"
	_, _, err = e.c.Object.Copy(ctx, copied, cos.CopySource{Key: key}, nil)
	must(t, err, "Copy")
	sameTags(copied, slices.Clone(tags))
	replaced := e.prefix + "copy replaces tags"
	newTags := cos.TagSet{{Key: "stage", Value: "copied"}}
	_, _, err = e.c.Object.Copy(ctx, replaced, cos.CopySource{Key: key},
		&cos.ObjectCopyOptions{TaggingDirective: cos.TaggingDirectiveReplaced, Tagging: newTags.Encode()})
	must(t, err, "Copy with TaggingDirectiveReplaced")
	sameTags(replaced, newTags)

	_, err = e.c.Object.PutTagging(ctx, key, newTags, nil)
	must(t, err, "PutTagging")
	sameTags(key, newTags)
	_, err = e.c.Object.DeleteTagging(ctx, key, nil)
	must(t, err, "DeleteTagging")
	sameTags(key, nil)
	_, _, err = e.c.Object.GetTagging(ctx, e.prefix+"missing", nil)
	errIs(t, err, cos.ErrNotFound, "GetTagging of a missing object")
}

func sortTags(ts cos.TagSet) {
	slices.SortFunc(ts, func(a, b cos.Tag) int { return strings.Compare(a.Key, b.Key) })
}
