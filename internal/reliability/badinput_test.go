package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badInput is one client-side bad input: the call must fail with an error
// wrapping cos.ErrInvalidArgument whose text names field, and the server
// must see no request.
type badInput struct {
	category string
	name     string
	field    string
	call     func(ctx context.Context, b *badEnv) error
}

// badEnv is what a bad-input case runs against.
type badEnv struct {
	*env
	// base are options that build a valid client for the server.
	base []cos.Option
	dir  string
}

func (b *badEnv) newClient(extra ...cos.Option) error {
	_, err := cos.NewClient(append(append([]cos.Option{}, b.base...), extra...)...)
	return err
}

func (b *badEnv) head(bucket string) error {
	_, err := b.c.ForBucket(bucket).Bucket.Head(context.Background())
	return err
}

func put(key string, body io.Reader, opt *cos.ObjectPutOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Object.Put(ctx, key, body, opt)
		return err
	}
}

func get(key string, opt *cos.ObjectGetOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		resp, err := b.c.Object.Get(ctx, key, opt)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
}

func objectACL(key string, opt *cos.ACLOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Object.PutACL(ctx, key, opt)
		return err
	}
}

func bucketACL(opt *cos.ACLOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Bucket.PutACL(ctx, opt)
		return err
	}
}

func lifecycle(rules ...cos.LifecycleRule) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Bucket.PutLifecycle(ctx, &cos.LifecycleConfiguration{Rules: rules})
		return err
	}
}

func cors(rules ...cos.CORSRule) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Bucket.PutCORS(ctx, &cos.CORSConfiguration{Rules: rules})
		return err
	}
}

func complete(uploadID string, parts ...cos.CompletedPart) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Object.CompleteMultipartUpload(ctx, "k", uploadID, parts, nil)
		return err
	}
}

func copyObject(key string, src cos.CopySource, opt *cos.ObjectCopyOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Object.Copy(ctx, key, src, opt)
		return err
	}
}

func uploadPart(uploadID string, n int, body io.Reader) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Object.UploadPart(ctx, "k", uploadID, n, body, nil)
		return err
	}
}

func partCopy(n int, rng string) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Object.UploadPartCopy(ctx, "k", "upload-1", n, cos.CopySource{Key: "src"}, &cos.UploadPartCopyOptions{CopySourceRange: rng})
		return err
	}
}

func deleteMulti(opt *cos.DeleteMultiOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Object.DeleteMulti(ctx, opt)
		return err
	}
}

func restore(key string, opt *cos.RestoreOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Object.Restore(ctx, key, opt)
		return err
	}
}

func selectObject(key string, req *cos.SelectRequest) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		res, _, err := b.c.Object.Select(ctx, key, req)
		if err == nil {
			res.Close()
		}
		return err
	}
}

func appendAt(key string, pos int64, body io.Reader, opt *cos.ObjectAppendOptions) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Object.Append(ctx, key, pos, body, opt)
		return err
	}
}

// csvSelect is a valid Select request that mod breaks.
func csvSelect(mod func(r *cos.SelectRequest)) *cos.SelectRequest {
	r := &cos.SelectRequest{Expression: "SELECT * FROM COSObject",
		InputSerialization:  cos.SelectInputSerialization{CSV: &cos.CSVInput{}},
		OutputSerialization: cos.SelectOutputSerialization{CSV: &cos.CSVOutput{}}}
	mod(r)
	return r
}

func symlink(key, target string) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Object.PutSymlink(ctx, key, target, nil)
		return err
	}
}

func options(req *cos.OptionsRequest) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, _, err := b.c.Object.Options(ctx, "k", req)
		return err
	}
}

func presignPost(p *cos.PostPolicy) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := b.c.Object.PresignPost(ctx, p)
		return err
	}
}

func newClientWith(opts ...cos.Option) func(context.Context, *badEnv) error {
	return func(_ context.Context, b *badEnv) error { return b.newClient(opts...) }
}

func headBucket(name string) func(context.Context, *badEnv) error {
	return func(_ context.Context, b *badEnv) error { return b.head(name) }
}

func upload(key string, r io.Reader, opt *transfer.UploadOptions, opts ...transfer.Option) func(context.Context, *badEnv) error {
	return func(ctx context.Context, b *badEnv) error {
		_, err := transfer.NewUploader(b.c, opts...).Upload(ctx, key, r, opt)
		return err
	}
}

func objects(n int, key func(i int) string) *cos.DeleteMultiOptions {
	o := &cos.DeleteMultiOptions{}
	for i := range n {
		o.Objects = append(o.Objects, cos.ObjectIdentifier{Key: key(i)})
	}
	return o
}

func rule(mod func(r *cos.LifecycleRule)) cos.LifecycleRule {
	r := cos.LifecycleRule{ID: "r", Status: cos.LifecycleEnabled, Expiration: &cos.LifecycleExpiration{Days: 7}}
	mod(&r)
	return r
}

func corsRule(mod func(r *cos.CORSRule)) cos.CORSRule {
	r := cos.CORSRule{AllowedOrigins: []string{"https://example.com"}, AllowedMethods: []string{"GET"}, MaxAgeSeconds: 60}
	mod(&r)
	return r
}

var (
	longKey     = strings.Repeat("k", 851)
	invalidUTF8 = "bad\xff\xfekey"
	aDay        = time.Date(2030, 1, 2, 0, 0, 0, 0, time.UTC)
	ownerPolicy = func(grants ...cos.Grant) *cos.AccessControlPolicy {
		return &cos.AccessControlPolicy{Owner: cos.Owner{ID: "qcs::cam::uin/100000000001:uin/100000000001"}, AccessControlList: grants}
	}
)

// badInputs is the client-side half of the bad-input table.
func badInputs() []badInput {
	var nilCtx context.Context // a nil context, as a caller might pass
	cases := []badInput{
		// Bucket names.
		{"bucket names", "empty", "bucket", headBucket("")},
		{"bucket names", "upper case", "bucket", headBucket("UpperCase-1250000000")},
		{"bucket names", "no APPID", "bucket", headBucket("noappid")},
		{"bucket names", "underscore", "bucket", headBucket("under_score-1250000000")},
		{"bucket names", "leading dash", "bucket", headBucket("-lead-1250000000")},
		{"bucket names", "dash before APPID", "bucket", headBucket("trail--1250000000")},
		{"bucket names", "dots", "bucket", headBucket("dot.name-1250000000")},
		{"bucket names", "non-ASCII", "bucket", headBucket("桶-1250000000")},
		{"bucket names", "host over 60 characters", "bucket", func(context.Context, *badEnv) error {
			_, err := cos.NewClient(cos.WithRegion("ap-guangzhou"), cos.WithBucket(strings.Repeat("a", 40)+"-1250000000"))
			return err
		}},
		{"bucket names", "bad WithBucket", "bucket", newClientWith(cos.WithBucket("Bad_Bucket"))},
		{"bucket names", "copy source bucket", "CopySource.Bucket", copyObject("dst", cos.CopySource{Bucket: "NoAppID", Key: "src"}, nil)},

		// Object keys.
		{"keys", "empty (Put)", "key", put("", strings.NewReader("x"), nil)},
		{"keys", "851 bytes (Put)", "key", put(longKey, strings.NewReader("x"), nil)},
		{"keys", "invalid UTF-8 (Put)", "key", put(invalidUTF8, strings.NewReader("x"), nil)},
		{"keys", "control character 0x18 (Put)", "key", put("a\x18b", strings.NewReader("x"), nil)},
		{"keys", `".." (Get)`, "key", get("..", nil)},
		{"keys", `"." (Head)`, "key", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.Head(ctx, ".", nil)
			return err
		}},
		{"keys", `"/" (Delete)`, "key", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.Delete(ctx, "/", nil)
			return err
		}},
		{"keys", `"a/../.." (GetToFile)`, "key", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.GetToFile(ctx, "a/../..", b.dir+"/out", nil)
			return err
		}},
		{"keys", "empty (Copy destination)", "key", copyObject("", cos.CopySource{Key: "src"}, nil)},
		{"keys", "empty (Copy source)", "CopySource", copyObject("dst", cos.CopySource{}, nil)},
		{"keys", `".." (PresignURL)`, "key", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.PresignURL(ctx, http.MethodGet, "..", time.Minute, nil)
			return err
		}},
		{"keys", "invalid UTF-8 (Restore)", "key", restore(invalidUTF8, &cos.RestoreOptions{Days: 1})},
		{"keys", "851 bytes (GetACL)", "key", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.GetACL(ctx, longKey)
			return err
		}},
		{"keys", `".." (PutACL)`, "key", objectACL("..", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}})},
		{"keys", "empty (InitiateMultipartUpload)", "key", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.InitiateMultipartUpload(ctx, "", nil)
			return err
		}},
		{"keys", "invalid UTF-8 (DeleteMulti)", "Objects[1]", deleteMulti(objects(2, func(i int) string { return []string{"ok", invalidUTF8}[i] }))},
		{"keys", "not XML-safe (DeleteMulti)", "Objects[0].Key", deleteMulti(objects(1, func(int) string { return "a\x01b" }))},
		{"keys", "empty (transfer Upload)", "key", upload("", strings.NewReader("x"), nil)},
		{"keys", "empty (transfer DownloadFile)", "key", func(ctx context.Context, b *badEnv) error {
			return transfer.NewDownloader(b.c).DownloadFile(ctx, "", b.dir+"/out", nil)
		}},

		// Regions.
		{"regions", "upper case", "region", newClientWith(cos.WithRegion("AP-Guangzhou"))},
		{"regions", "empty", "region", newClientWith(cos.WithRegion(""))},
		{"regions", "space", "region", newClientWith(cos.WithRegion("ap guangzhou"))},
		{"regions", "trailing dash", "region", newClientWith(cos.WithRegion("ap-guangzhou-"))},
		{"regions", "copy source region", "CopySource.Region", copyObject("dst", cos.CopySource{Key: "src", Region: "bad region!"}, nil)},
		{"regions", "none and no endpoint", "region", func(ctx context.Context, b *badEnv) error {
			c, err := cos.NewClient(cos.WithBucket(bucket))
			if err != nil {
				return err
			}
			_, err = c.Bucket.Head(ctx)
			return err
		}},

		// Endpoints.
		{"endpoints", "ftp scheme", "endpoint", newClientWith(cos.WithEndpoint("ftp://cos.example.com"))},
		{"endpoints", "no host", "endpoint", newClientWith(cos.WithEndpoint("http://"))},
		{"endpoints", "query", "endpoint", newClientWith(cos.WithEndpoint("http://cos.example.com/?a=1"))},
		{"endpoints", "fragment", "endpoint", newClientWith(cos.WithEndpoint("http://cos.example.com#f"))},
		{"endpoints", "unparsable", "endpoint", newClientWith(cos.WithEndpoint("://bad"))},
		{"endpoints", "empty", "endpoint", newClientWith(cos.WithEndpoint(""))},
		{"endpoints", "bucket endpoint with user info", "bucket endpoint", newClientWith(cos.WithBucketEndpoint("http://user@cdn.example.com"))},

		// Other client options.
		{"client options", "empty secret id", "credentials", newClientWith(cos.WithStaticCredentials("", "key", ""))},
		{"client options", "nil provider", "credentials", newClientWith(cos.WithCredentials(nil))},
		{"client options", "nil HTTP client", "http client", newClientWith(cos.WithHTTPClient(nil))},
		{"client options", "nil retryer", "retryer", newClientWith(cos.WithRetryer(nil))},
		{"client options", "nil logger", "logger", newClientWith(cos.WithLogger(nil))},
		{"client options", "negative stall timeout", "stall timeout", newClientWith(cos.WithStallTimeout(-time.Second))},
		{"client options", "nil context", "ctx", func(_ context.Context, b *badEnv) error {
			_, _, err := b.c.Object.Head(nilCtx, "k", nil)
			return err
		}},

		// Sizes and limits.
		{"sizes", "negative ContentLength", "ContentLength", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{ContentLength: -1})},
		{"sizes", "stream without ContentLength", "ContentLength", put("k", onlyReader{strings.NewReader("x")}, nil)},
		{"sizes", "ContentLength beyond the body", "ContentLength", put("k", strings.NewReader("0123456789"), &cos.ObjectPutOptions{ContentLength: 100})},
		{"sizes", "negative TrafficLimit (Put)", "TrafficLimit", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{TrafficLimit: -1})},
		{"sizes", "negative TrafficLimit (Get)", "TrafficLimit", get("k", &cos.ObjectGetOptions{TrafficLimit: -1})},
		{"sizes", "metadata name with a space", "Metadata", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{Metadata: map[string]string{"a b": "x"}})},
		{"sizes", "metadata value not ASCII", "Metadata", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{Metadata: map[string]string{"a": "值"}})},
		{"sizes", "metadata over 2 KB", "Metadata", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{Metadata: map[string]string{"a": strings.Repeat("v", 2100)}})},
		{"sizes", "metadata names differing in case", "Metadata", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{Metadata: map[string]string{"A": "1", "a": "2"}})},
		{"sizes", "list page over 1000", "MaxKeys", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Bucket.ListObjects(ctx, &cos.ListObjectsOptions{MaxKeys: 1001})
			return err
		}},
		{"sizes", "unknown list encoding", "EncodingType", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Bucket.ListObjects(ctx, &cos.ListObjectsOptions{EncodingType: "base64"})
			return err
		}},
		{"sizes", "negative ListParts MaxParts", "ListPartsOptions", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.ListParts(ctx, "k", "upload-1", &cos.ListPartsOptions{MaxParts: -1})
			return err
		}},
		{"sizes", "transfer part size 1 byte", "PartSize", upload("k", strings.NewReader("x"), nil, transfer.WithPartSize(1))},
		{"sizes", "transfer concurrency 0", "Concurrency", upload("k", strings.NewReader("x"), nil, transfer.WithConcurrency(0))},
		{"sizes", "transfer negative threshold", "Threshold", upload("k", strings.NewReader("x"), nil, transfer.WithThreshold(-1))},
		{"sizes", "transfer negative Size", "Size", upload("k", onlyReader{strings.NewReader("x")}, &transfer.UploadOptions{Size: -1})},

		// Part numbers and upload IDs.
		{"part numbers", "part 0", "partNumber", uploadPart("upload-1", 0, strings.NewReader("x"))},
		{"part numbers", "part 10001", "partNumber", uploadPart("upload-1", 10001, strings.NewReader("x"))},
		{"part numbers", "empty upload ID (UploadPart)", "uploadID", uploadPart("", 1, strings.NewReader("x"))},
		{"part numbers", "part -1 (UploadPartCopy)", "partNumber", partCopy(-1, "")},
		{"part numbers", "no parts (Complete)", "parts", complete("upload-1")},
		{"part numbers", "duplicate part (Complete)", "parts", complete("upload-1", cos.CompletedPart{PartNumber: 1, ETag: "a"}, cos.CompletedPart{PartNumber: 1, ETag: "b"})},
		{"part numbers", "part 0 (Complete)", "parts", complete("upload-1", cos.CompletedPart{PartNumber: 0, ETag: "a"})},
		{"part numbers", "part without ETag (Complete)", "parts", complete("upload-1", cos.CompletedPart{PartNumber: 1, ETag: `""`})},
		{"part numbers", "empty upload ID (Complete)", "uploadID", complete("", cos.CompletedPart{PartNumber: 1, ETag: "a"})},
		{"part numbers", "empty upload ID (Abort)", "uploadID", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.AbortMultipartUpload(ctx, "k", "")
			return err
		}},
		{"part numbers", "empty upload ID (ListParts)", "uploadID", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.ListParts(ctx, "k", "", nil)
			return err
		}},

		// Ranges.
		{"ranges", "no bytes= prefix", "Range", get("k", &cos.ObjectGetOptions{Range: "0-99"})},
		{"ranges", "last before first", "Range", get("k", &cos.ObjectGetOptions{Range: "bytes=9-1"})},
		{"ranges", "two ranges", "Range", get("k", &cos.ObjectGetOptions{Range: "bytes=0-1,5-6"})},
		{"ranges", "empty spec", "Range", get("k", &cos.ObjectGetOptions{Range: "bytes="})},
		{"ranges", "last 0 bytes", "Range", get("k", &cos.ObjectGetOptions{Range: "bytes=-0"})},
		{"ranges", "not a number (GetToFile)", "Range", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.GetToFile(ctx, "k", b.dir+"/out", &cos.ObjectGetOptions{Range: "bytes=abc-"})
			return err
		}},
		{"ranges", "open copy range", "CopySourceRange", partCopy(1, "bytes=100-")},
		{"ranges", "signed copy range", "CopySourceRange", partCopy(1, "bytes=+1-5")},

		// ACLs.
		{"ACLs", "headers and body together", "ACLOptions", objectACL("k", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}, AccessControlPolicy: ownerPolicy()})},
		{"ACLs", "nothing to set", "ACLOptions", bucketACL(nil)},
		{"ACLs", "authenticated-read on an object", "ACL", objectACL("k", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLAuthenticatedRead}})},
		{"ACLs", "default on a bucket", "ACL", bucketACL(&cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLDefault}})},
		{"ACLs", "unknown canned ACL on Put", "ACL", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{ACLHeaders: cos.ACLHeaders{ACL: "public"}})},
		{"ACLs", "policy without owner", "Owner.ID", bucketACL(&cos.ACLOptions{AccessControlPolicy: &cos.AccessControlPolicy{}})},
		{"ACLs", "unknown permission", "AccessControlList", objectACL("k", &cos.ACLOptions{AccessControlPolicy: ownerPolicy(cos.Grant{Grantee: cos.Grantee{Type: cos.GranteeCanonicalUser, ID: "u"}, Permission: "EVERYTHING"})})},
		{"ACLs", "user grantee without ID", "AccessControlList", objectACL("k", &cos.ACLOptions{AccessControlPolicy: ownerPolicy(cos.Grant{Grantee: cos.Grantee{Type: cos.GranteeCanonicalUser}, Permission: cos.PermRead})})},
		{"ACLs", "unknown AZ configuration", "BucketAZConfig", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Bucket.Create(ctx, &cos.BucketCreateOptions{BucketAZConfig: "XAZ"})
			return err
		}},

		// Storage classes and copy directives.
		{"storage classes", "unknown class (Put)", "StorageClass", put("k", strings.NewReader("x"), &cos.ObjectPutOptions{StorageClass: "GLACIER"})},
		{"storage classes", "unknown class (Initiate)", "StorageClass", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.InitiateMultipartUpload(ctx, "k", &cos.InitiateMultipartUploadOptions{StorageClass: "cold"})
			return err
		}},
		{"storage classes", "unknown class (Copy)", "StorageClass", copyObject("dst", cos.CopySource{Key: "src"}, &cos.ObjectCopyOptions{StorageClass: "X"})},
		{"storage classes", "unknown class (transfer Upload)", "StorageClass", upload("k", strings.NewReader("x"), &transfer.UploadOptions{StorageClass: "nope"})},
		{"storage classes", "unknown metadata directive", "MetadataDirective", copyObject("dst", cos.CopySource{Key: "src"}, &cos.ObjectCopyOptions{MetadataDirective: "Move"})},
		{"storage classes", "metadata without Replaced", "MetadataDirective", copyObject("dst", cos.CopySource{Key: "src"}, &cos.ObjectCopyOptions{Metadata: map[string]string{"a": "b"}})},

		// Lifecycle rules.
		{"lifecycle rules", "no rules", "Rules", lifecycle()},
		{"lifecycle rules", "unknown status", "Status", lifecycle(rule(func(r *cos.LifecycleRule) { r.Status = "On" }))},
		{"lifecycle rules", "Days and Date", "Expiration", lifecycle(rule(func(r *cos.LifecycleRule) { r.Expiration.Date = aDay }))},
		{"lifecycle rules", "negative Days", "Expiration", lifecycle(rule(func(r *cos.LifecycleRule) { r.Expiration.Days = -3 }))},
		{"lifecycle rules", "transition without class", "StorageClass", lifecycle(rule(func(r *cos.LifecycleRule) {
			r.Transitions = []cos.LifecycleTransition{{Days: 30}}
		}))},
		{"lifecycle rules", "transition to an unknown class", "StorageClass", lifecycle(rule(func(r *cos.LifecycleRule) {
			r.Transitions = []cos.LifecycleTransition{{Days: 30, StorageClass: "NOPE"}}
		}))},
		{"lifecycle rules", "duplicate IDs", "ID", lifecycle(rule(func(*cos.LifecycleRule) {}), rule(func(*cos.LifecycleRule) {}))},
		{"lifecycle rules", "ID over 255 characters", "ID", lifecycle(rule(func(r *cos.LifecycleRule) { r.ID = strings.Repeat("i", 256) }))},
		{"lifecycle rules", "negative NoncurrentDays", "NoncurrentVersionExpiration", lifecycle(rule(func(r *cos.LifecycleRule) {
			r.NoncurrentVersionExpiration = &cos.NoncurrentVersionExpiration{NoncurrentDays: -1}
		}))},
		{"lifecycle rules", "filter with Prefix and Tag", "Filter", lifecycle(rule(func(r *cos.LifecycleRule) {
			r.Filter = cos.LifecycleFilter{Prefix: "a/", Tag: &cos.Tag{Key: "k", Value: "v"}}
		}))},
		{"lifecycle rules", "no action", "actions", lifecycle(rule(func(r *cos.LifecycleRule) { r.Expiration = nil }))},
		{"lifecycle rules", "abort after 0 days", "AbortIncompleteMultipartUpload", lifecycle(rule(func(r *cos.LifecycleRule) {
			r.AbortIncompleteMultipartUpload = &cos.AbortIncompleteMultipartUpload{}
		}))},

		// CORS rules.
		{"CORS rules", "no configuration", "Rules", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Bucket.PutCORS(ctx, nil)
			return err
		}},
		{"CORS rules", "no origin", "AllowedOrigins", cors(corsRule(func(r *cos.CORSRule) { r.AllowedOrigins = nil }))},
		{"CORS rules", "empty origin", "AllowedOrigins", cors(corsRule(func(r *cos.CORSRule) { r.AllowedOrigins = []string{""} }))},
		{"CORS rules", "PATCH method", "PATCH", cors(corsRule(func(r *cos.CORSRule) { r.AllowedMethods = []string{"PATCH"} }))},
		{"CORS rules", "negative MaxAgeSeconds", "MaxAgeSeconds", cors(corsRule(func(r *cos.CORSRule) { r.MaxAgeSeconds = -1 }))},
		{"CORS rules", "101 rules", "Rules", func(ctx context.Context, b *badEnv) error {
			rules := make([]cos.CORSRule, 101)
			for i := range rules {
				rules[i] = corsRule(func(*cos.CORSRule) {})
			}
			return cors(rules...)(ctx, b)
		}},

		// Website, encryption, inventory, tiering, acceleration, domains, origin.
		{"website", "no configuration", "WebsiteConfiguration", putCall(func(ctx context.Context, s *cos.BucketService) error { _, err := s.PutWebsite(ctx, nil); return err })},
		{"website", "no index document", "IndexDocument.Suffix", website(func(c *cos.WebsiteConfiguration) { c.IndexDocument.Suffix = "" })},
		{"website", "ftp redirect", "RedirectAllRequestsTo.Protocol", website(func(c *cos.WebsiteConfiguration) {
			c.RedirectAllRequestsTo = &cos.WebsiteRedirectAllRequestsTo{Protocol: "ftp"}
		})},
		{"website", "error document without key", "ErrorDocument.Key", website(func(c *cos.WebsiteConfiguration) { c.ErrorDocument = &cos.WebsiteErrorDocument{} })},
		{"website", "rule without condition", "RoutingRules[0].Condition", website(func(c *cos.WebsiteConfiguration) { c.RoutingRules[0].Condition = cos.WebsiteCondition{} })},
		{"website", "5XX condition", "HTTPErrorCodeReturnedEquals", website(func(c *cos.WebsiteConfiguration) {
			c.RoutingRules[0].Condition = cos.WebsiteCondition{HTTPErrorCodeReturnedEquals: 503}
			c.RoutingRules[0].Redirect = cos.WebsiteRedirect{ReplaceKeyWith: "x"}
		})},
		{"website", "two replacements", "RoutingRules[0].Redirect", website(func(c *cos.WebsiteConfiguration) { c.RoutingRules[0].Redirect.ReplaceKeyWith = "x" })},
		{"website", "101 rules", "RoutingRules", website(func(c *cos.WebsiteConfiguration) {
			for len(c.RoutingRules) < 101 {
				c.RoutingRules = append(c.RoutingRules, c.RoutingRules[0])
			}
		})},
		{"default encryption", "unknown algorithm", "SSEAlgorithm", encryption(cos.ApplyServerSideEncryptionByDefault{SSEAlgorithm: "DES"})},
		{"default encryption", "KMS key with AES256", "KMSMasterKeyID", encryption(cos.ApplyServerSideEncryptionByDefault{SSEAlgorithm: cos.SSEAlgorithmAES256, KMSMasterKeyID: "k"})},
		{"default encryption", "KMS algorithm RSA", "KMSAlgorithm", encryption(cos.ApplyServerSideEncryptionByDefault{SSEAlgorithm: cos.SSEAlgorithmKMS, KMSAlgorithm: "RSA"})},
		{"inventory", "slash in ID", "ID", inventory(func(c *cos.InventoryConfiguration) { c.ID = "a/b" })},
		{"inventory", "empty ID (Get)", "ID", func(ctx context.Context, b *badEnv) error { _, _, err := b.c.Bucket.GetInventory(ctx, ""); return err }},
		{"inventory", "destination without qcs", "Destination.Bucket", inventory(func(c *cos.InventoryConfiguration) { c.Destination.Bucket = "dest-1250000000" })},
		{"inventory", "ORC format", "Destination.Format", inventory(func(c *cos.InventoryConfiguration) { c.Destination.Format = "ORC" })},
		{"inventory", "hourly", "Schedule.Frequency", inventory(func(c *cos.InventoryConfiguration) { c.Schedule.Frequency = "Hourly" })},
		{"inventory", "monthly date on a daily job", "MonthlyDate", inventory(func(c *cos.InventoryConfiguration) { c.Schedule.MonthlyDate = 3 })},
		{"inventory", "no version choice", "IncludedObjectVersions", inventory(func(c *cos.InventoryConfiguration) { c.IncludedObjectVersions = "" })},
		{"inventory", "prefix and And", "Filter", inventory(func(c *cos.InventoryConfiguration) {
			c.Filter = &cos.InventoryFilter{Prefix: "a", And: &cos.InventoryFilterAnd{Prefix: "b"}}
		})},
		{"inventory", "empty optional field", "OptionalFields[0]", inventory(func(c *cos.InventoryConfiguration) { c.OptionalFields = []cos.InventoryField{""} })},
		{"intelligent tiering", "unknown status", "Status", tiering(&cos.IntelligentTieringConfiguration{Status: "On"})},
		{"intelligent tiering", "enabled without transition", "Transition", tiering(&cos.IntelligentTieringConfiguration{Status: cos.IntelligentTieringEnabled})},
		{"intelligent tiering", "45 days", "Days", tiering(&cos.IntelligentTieringConfiguration{Status: cos.IntelligentTieringEnabled,
			Transition: &cos.IntelligentTieringTransition{Days: 45}})},
		{"acceleration", "disabled", "Status", accelerate(&cos.AccelerateConfiguration{Status: "Disabled"})},
		{"acceleration", "CDN type", "Type", accelerate(&cos.AccelerateConfiguration{Status: cos.AccelerateEnabled, Type: "CDN"})},
		{"acceleration", "WithAccelerate and WithEndpoint", "accelerate", func(_ context.Context, b *badEnv) error { return b.newClient(cos.WithAccelerate()) }},
		{"custom domains", "no rules", "Rules", domains()},
		{"custom domains", "not a domain", "Name", domains(domainRule(func(r *cos.DomainRule) { r.Name = "exa mple.com" }))},
		{"custom domains", "listed twice", "Name", domains(domainRule(func(*cos.DomainRule) {}), domainRule(func(r *cos.DomainRule) { r.Name = "WWW.example.com" }))},
		{"custom domains", "unknown type", "Type", domains(domainRule(func(r *cos.DomainRule) { r.Type = "CDN" }))},
		{"custom domains", "replacement by MX", "ForcedReplacement", domains(domainRule(func(r *cos.DomainRule) { r.ForcedReplacement = "MX" }))},
		{"origin rules", "priority 0", "RulePriority", origin(func(r *cos.OriginRule) { r.RulePriority = 0 })},
		{"origin rules", "unknown type", "OriginType", origin(func(r *cos.OriginRule) { r.OriginType = "Cache" })},
		{"origin rules", "mirror on 403", "HTTPStatusCode", origin(func(r *cos.OriginRule) { r.OriginCondition.HTTPStatusCode = "403" })},
		{"origin rules", "FTP", "Protocol", origin(func(r *cos.OriginRule) { r.OriginParameter.Protocol = "FTP" })},
		{"origin rules", "redirect code 307", "HTTPRedirectCode", origin(func(r *cos.OriginRule) { r.OriginParameter.HTTPRedirectCode = "307" })},
		{"origin rules", "no host", "HostInfo.HostName", origin(func(r *cos.OriginRule) { r.OriginInfo.HostInfo = nil })},

		// Restore options.
		{"restore options", "no options", "Days", restore("k", nil)},
		{"restore options", "0 days", "Days", restore("k", &cos.RestoreOptions{Days: 0})},
		{"restore options", "unknown tier", "Tier", restore("k", &cos.RestoreOptions{Days: 1, Tier: "Fast"})},

		// Select requests.
		{"select requests", "empty key", "key", selectObject("", csvSelect(func(*cos.SelectRequest) {}))},
		{"select requests", "no request", "SelectRequest", selectObject("k", nil)},
		{"select requests", "empty expression", "Expression", selectObject("k", csvSelect(func(r *cos.SelectRequest) { r.Expression = "" }))},
		{"select requests", "unknown input format", "InputSerialization", selectObject("k", csvSelect(func(r *cos.SelectRequest) { r.InputSerialization.CSV = nil }))},
		{"select requests", "unknown output format", "OutputSerialization", selectObject("k", csvSelect(func(r *cos.SelectRequest) {
			r.OutputSerialization = cos.SelectOutputSerialization{}
		}))},
		{"select requests", "unknown compression", "CompressionType", selectObject("k", csvSelect(func(r *cos.SelectRequest) { r.InputSerialization.CompressionType = "ZIP" }))},
		{"select requests", "two-character field delimiter", "FieldDelimiter", selectObject("k", csvSelect(func(r *cos.SelectRequest) { r.InputSerialization.CSV.FieldDelimiter = "||" }))},
		{"select requests", "quote equal to the field delimiter", "QuoteCharacter", selectObject("k", csvSelect(func(r *cos.SelectRequest) { r.InputSerialization.CSV.QuoteCharacter = "," }))},

		// Delete-multi sizes.
		{"delete-multi sizes", "no options", "Objects", deleteMulti(nil)},
		{"delete-multi sizes", "no keys", "Objects", deleteMulti(&cos.DeleteMultiOptions{})},
		{"delete-multi sizes", "1001 keys", "Objects", deleteMulti(objects(1001, func(i int) string { return fmt.Sprintf("k%d", i) }))},

		// Nil readers and empty paths.
		{"nil readers and paths", "Put nil body", "body", put("k", nil, nil)},
		{"nil readers and paths", "UploadPart nil body", "body", uploadPart("upload-1", 1, nil)},
		{"nil readers and paths", "transfer Upload nil reader", "reader", upload("k", nil, nil)},
		{"nil readers and paths", "GetToFile empty path", "path", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.GetToFile(ctx, "k", "", nil)
			return err
		}},
		{"nil readers and paths", "PutFile empty path", "path", func(ctx context.Context, b *badEnv) error {
			_, _, err := b.c.Object.PutFile(ctx, "k", "", nil)
			return err
		}},
		{"nil readers and paths", "DownloadFile empty path", "path", func(ctx context.Context, b *badEnv) error {
			return transfer.NewDownloader(b.c).DownloadFile(ctx, "k", "", nil)
		}},
		{"nil readers and paths", "GetToFile into a directory", "path", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.GetToFile(ctx, "k", b.dir, nil)
			return err
		}},
		{"nil readers and paths", "DownloadFile into a directory", "path", func(ctx context.Context, b *badEnv) error {
			return transfer.NewDownloader(b.c, transfer.WithCheckpointDir(b.dir+"/cp")).DownloadFile(ctx, "k", b.dir, nil)
		}},

		// Presigning.
		{"presigning", "negative expiry (PresignURL)", "expires", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.PresignURL(ctx, http.MethodGet, "k", -time.Second, nil)
			return err
		}},
		{"presigning", "negative expiry (Authorization)", "expires", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Authorization(ctx, http.MethodGet, "k", -time.Minute, nil, nil)
			return err
		}},
		{"presigning", "PATCH method", "method", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.PresignURL(ctx, "PATCH", "k", time.Minute, nil)
			return err
		}},
		{"presigning", "reserved q- parameter", "Query", func(ctx context.Context, b *badEnv) error {
			_, err := b.c.Object.PresignURL(ctx, http.MethodGet, "k", time.Minute, &cos.PresignOptions{Query: url.Values{"q-sign-time": {"1;2"}}})
			return err
		}},

		// Appends, symlinks, preflights and POST policies.
		{"appends", "empty key", "key", appendAt("", 0, strings.NewReader("x"), nil)},
		{"appends", "negative position", "position", appendAt("k", -1, strings.NewReader("x"), nil)},
		{"appends", "nil body", "body", appendAt("k", 0, nil, nil)},
		{"appends", "past 5 GB", "position", appendAt("k", 5<<30, strings.NewReader("x"), nil)},
		{"appends", "bad metadata", "Metadata", appendAt("k", 0, strings.NewReader("x"), &cos.ObjectAppendOptions{Metadata: map[string]string{"a b": "c"}})},
		{"appends", "bucket ACL", "ACL", appendAt("k", 0, strings.NewReader("x"), &cos.ObjectAppendOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLAuthenticatedRead}})},
		{"symlinks", "empty target", "target", symlink("link", "")},
		{"symlinks", "root target", "target", symlink("link", ".")},
		{"symlinks", "empty key", "key", symlink("", "t")},
		{"preflights", "no request", "OptionsRequest", options(nil)},
		{"preflights", "no origin", "OptionsRequest.Origin", options(&cos.OptionsRequest{Method: http.MethodGet})},
		{"preflights", "PATCH method", "OptionsRequest.Method", options(&cos.OptionsRequest{Origin: "https://a", Method: "PATCH"})},
		{"preflights", "header with a space", "OptionsRequest.Headers[0]", options(&cos.OptionsRequest{Origin: "https://a", Method: http.MethodGet, Headers: []string{"x y"}})},
		{"POST policies", "no policy", "PostPolicy", presignPost(nil)},
		{"POST policies", "no key", "PostPolicy.Key", presignPost(&cos.PostPolicy{})},
		{"POST policies", "min above max", "PostPolicy.MinSize", presignPost(&cos.PostPolicy{Key: "k", MinSize: 9, MaxSize: 1})},
		{"POST policies", "status 202", "PostPolicy.SuccessActionStatus", presignPost(&cos.PostPolicy{Key: "k", SuccessActionStatus: 202})},
		{"POST policies", "relative redirect", "PostPolicy.SuccessActionRedirect", presignPost(&cos.PostPolicy{Key: "k", SuccessActionRedirect: "/done"})},
		{"POST policies", "unknown condition", "PostPolicy.Conditions[0].Op", presignPost(&cos.PostPolicy{Key: "k", Conditions: []cos.PostCondition{{Op: "in", Field: "acl"}}})},
		{"POST policies", "condition on the signature", "PostPolicy.Conditions[0].Field", presignPost(&cos.PostPolicy{Key: "k", Conditions: []cos.PostCondition{{Op: cos.PostConditionEquals, Field: "q-signature"}}})},
	}
	return append(append(cases, bucketConfigBadInputs()...), versioningBadInputs()...)
}

// TestBadInput runs the client-side bad inputs: each fails before any I/O
// with an error wrapping ErrInvalidArgument that names the field.
func TestBadInput(t *testing.T) {
	t.Parallel()
	cases := badInputs()
	require.GreaterOrEqual(t, len(cases), 60)
	for _, tc := range cases {
		t.Run(tc.category+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, nil)
			id, key := e.srv.Credentials()
			b := &badEnv{env: e, dir: t.TempDir(), base: []cos.Option{
				cos.WithEndpoint(e.srv.URL), cos.WithBucket(bucket), cos.WithStaticCredentials(id, key, ""),
			}}
			var err error
			require.NotPanics(t, func() { err = tc.call(context.Background(), b) })
			require.Error(t, err)
			assert.ErrorIs(t, err, cos.ErrInvalidArgument, "%v", err)
			assert.Contains(t, err.Error(), tc.field, "the error names the field")
			assert.Empty(t, e.srv.Requests(), "a refused input must not reach the server")
			assert.False(t, errors.As(err, new(*cos.ServiceError)), "client-side errors are not dressed as server errors")
		})
	}
}

// The server-side half: answers a broken or hostile server may give.
type badAnswer struct {
	name string
	// handler answers every request.
	handler http.HandlerFunc
	// call runs against a client of that server and returns its error.
	call func(ctx context.Context, c *cos.Client, dir string) error
	// check asserts the error is the clear one expected.
	check func(t *testing.T, err error)
}

// countingTransport counts the response body bytes the client reads.
type countingTransport struct {
	rt   http.RoundTripper
	read atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.rt.RoundTrip(r)
	if err == nil {
		resp.Body = &countingReadCloser{rc: resp.Body, n: &c.read}
	}
	return resp, err
}

type countingReadCloser struct {
	rc io.ReadCloser
	n  *atomic.Int64
}

func (c *countingReadCloser) Read(p []byte) (int, error) {
	n, err := c.rc.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReadCloser) Close() error { return c.rc.Close() }

func writeAnswer(w http.ResponseWriter, status int, header map[string]string, body string) {
	for k, v := range header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// endless writes junk until the client goes away.
func endless(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusInternalServerError)
	chunk := bytes.Repeat([]byte("<junk>"), 10<<10)
	for r.Context().Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

const errorBodyCap = 1 << 20 // xmlutil.MaxErrorBody

func badAnswers() []badAnswer {
	isService := func(status int, code string) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			var se *cos.ServiceError
			if assert.ErrorAs(t, err, &se) {
				assert.Equal(t, status, se.StatusCode)
				assert.Equal(t, code, se.Code)
				assert.LessOrEqual(t, len(se.Body), errorBodyCap, "the error body is capped")
			}
		}
	}
	mentions := func(parts ...string) func(*testing.T, error) {
		return func(t *testing.T, err error) {
			require.Error(t, err)
			for _, p := range parts {
				assert.Contains(t, err.Error(), p)
			}
		}
	}
	list := func(ctx context.Context, c *cos.Client, _ string) error {
		_, _, err := c.Bucket.ListObjects(ctx, nil)
		return err
	}
	putSmall := func(ctx context.Context, c *cos.Client, _ string) error {
		_, _, err := c.Object.Put(ctx, "k", strings.NewReader("hello"), nil)
		return err
	}
	return []badAnswer{
		{"listing cut mid-document", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 200, nil, `<?xml version="1.0"?><ListBucketResult><Name>b</Name><Contents><Key>a`)
		}, list, mentions("ListBucketResult", "GET /")},
		{"HTML instead of XML", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 200, map[string]string{"Content-Type": "text/html"}, `<html><body>proxy login</body></html>`)
		}, func(ctx context.Context, c *cos.Client, _ string) error {
			_, _, err := c.Bucket.GetACL(ctx)
			return err
		}, mentions("GET /")},
		{"empty body where a document is due", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 200, nil, "")
		}, func(ctx context.Context, c *cos.Client, _ string) error {
			_, _, err := c.Object.Copy(ctx, "dst", cos.CopySource{Key: "src"}, nil)
			return err
		}, func(t *testing.T, err error) { assert.ErrorIs(t, err, io.ErrUnexpectedEOF) }},
		{"malformed url-encoded key in a listing", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 200, nil, `<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>a%zz</Key></Contents></ListBucketResult>`)
		}, list, mentions("a%zz")},
		{"Complete answer without ETag", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 200, nil, `<CompleteMultipartUploadResult><Key>k</Key></CompleteMultipartUploadResult>`)
		}, func(ctx context.Context, c *cos.Client, _ string) error {
			_, _, err := c.Object.CompleteMultipartUpload(ctx, "k", "u", []cos.CompletedPart{{PartNumber: 1, ETag: "e"}}, nil)
			return err
		}, mentions("no ETag")},
		{"Initiate answer without UploadId", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 200, nil, `<InitiateMultipartUploadResult><Key>k</Key></InitiateMultipartUploadResult>`)
		}, func(ctx context.Context, c *cos.Client, _ string) error {
			_, _, err := c.Object.InitiateMultipartUpload(ctx, "k", nil)
			return err
		}, mentions("UploadId")},
		{"2 MiB junk error body", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 500, nil, strings.Repeat("x", 2<<20))
		}, putSmall, isService(500, "")},
		{"2 MiB <Error> message", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 503, nil, "<Error><Code>SlowDown</Code><Message>"+strings.Repeat("m", 2<<20)+"</Message></Error>")
		}, putSmall, isService(503, "")},
		{"endless error body", endless, putSmall, isService(500, "")},
		{"malformed CRC64 header", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			writeAnswer(w, 200, map[string]string{"x-cos-hash-crc64ecma": "not-a-number", "ETag": `"e"`}, "")
		}, putSmall, func(t *testing.T, err error) { assert.ErrorIs(t, err, cos.ErrChecksumMismatch) }},
		{"CRC64 that does not match the bytes sent", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			writeAnswer(w, 200, map[string]string{"x-cos-hash-crc64ecma": "12345", "ETag": `"e"`}, "")
		}, putSmall, func(t *testing.T, err error) { assert.ErrorIs(t, err, cos.ErrChecksumMismatch) }},
		{"download whose CRC64 does not match", func(w http.ResponseWriter, r *http.Request) {
			writeAnswer(w, 200, map[string]string{"x-cos-hash-crc64ecma": "12345", "Content-Length": "5"}, "hello")
		}, func(ctx context.Context, c *cos.Client, dir string) error {
			_, err := c.Object.GetToFile(ctx, "k", dir+"/out", nil)
			return err
		}, func(t *testing.T, err error) { assert.ErrorIs(t, err, cos.ErrChecksumMismatch) }},
		{"redirect elsewhere", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", "http://attacker.example/steal")
			w.WriteHeader(http.StatusMovedPermanently)
		}, func(ctx context.Context, c *cos.Client, _ string) error {
			_, _, err := c.Object.Head(ctx, "k", nil)
			return err
		}, isService(301, "")},
	}
}

// TestBadServerAnswers feeds the client broken answers: each must give a
// clear error, read at most a bounded amount, and leave nothing behind.
func TestBadServerAnswers(t *testing.T) {
	t.Parallel()
	for _, tc := range badAnswers() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newHTTPServer(t, tc.handler)
			ct := &countingTransport{rt: newTransport()}
			c, err := cos.NewClient(cos.WithEndpoint(srv), cos.WithRegion("ap-guangzhou"), cos.WithBucket(bucket),
				cos.WithStaticCredentials("AKIDbad", "badkey", ""), cos.WithHTTPClient(httpClient(ct)), cos.WithRetryer(fastRetryer()))
			require.NoError(t, err)
			dir := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var callErr error
			require.NotPanics(t, func() { callErr = tc.call(ctx, c, dir) })
			require.Error(t, callErr)
			tc.check(t, callErr)
			assert.NotErrorIs(t, callErr, cos.ErrInvalidArgument)
			assert.Empty(t, dirNames(t, dir), "no file left behind")
			// At most the cap per attempt (3 attempts), plus the drain.
			assert.LessOrEqual(t, ct.read.Load(), int64(3*(errorBodyCap+1+4<<10)), "bounded reads")
		})
	}
}
