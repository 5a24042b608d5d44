package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/examples/internal/demo"
)

const prefix = "cosgo-quickstart/"

func stepBucket(ctx context.Context, e *env) error {
	b := e.client.Bucket
	exists, err := b.Exists(ctx)
	if err != nil {
		return err
	}
	if !exists {
		if _, err := b.Create(ctx, &cos.BucketCreateOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}}); err != nil {
			return err
		}
		e.say("created bucket %s", e.client.BucketName())
	} else {
		e.say("bucket %s exists", e.client.BucketName())
	}
	loc, _, err := b.Location(ctx)
	if err != nil {
		return err
	}
	e.say("bucket region: %s", loc)
	return nil
}

func stepObjects(ctx context.Context, e *env) error {
	o := e.client.Object
	files := map[string]string{
		prefix + "hello.txt":      "hello, cos",
		prefix + "docs/a b+c.txt": "a key with a space and a plus",
		prefix + "docs/年度报告.txt":  "unicode keys work too",
	}
	for _, k := range slices.Sorted(maps.Keys(files)) {
		v := files[k]
		res, _, err := o.Put(ctx, k, strings.NewReader(v), &cos.ObjectPutOptions{Metadata: map[string]string{"origin": "quickstart"}})
		if err != nil {
			return err
		}
		e.say("put %-36q etag %s crc64 %d", k, res.ETag, res.CRC64)
	}
	n := 0
	for obj, err := range e.client.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: prefix}) {
		if err != nil {
			return err
		}
		n++
		e.say("  listed %-33q %d bytes", obj.Key, obj.Size)
	}
	if n != len(files) {
		return fmt.Errorf("listed %d objects, want %d", n, len(files))
	}
	resp, err := o.Get(ctx, prefix+"hello.txt", nil)
	if err != nil {
		return err
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if string(got) != files[prefix+"hello.txt"] {
		return fmt.Errorf("downloaded %q, want %q", got, files[prefix+"hello.txt"])
	}
	e.say("downloaded %s: %q", prefix+"hello.txt", got)
	meta, _, err := o.Head(ctx, prefix+"hello.txt", nil)
	if err != nil {
		return err
	}
	e.say("head: %d bytes, metadata %v", meta.ContentLength, meta.Metadata)
	if _, _, err := o.Head(ctx, prefix+"missing.txt", nil); !errors.Is(err, cos.ErrNotFound) {
		return fmt.Errorf("head of a missing key: got %v, want ErrNotFound", err)
	}
	e.say("head of a missing key: errors.Is(err, cos.ErrNotFound) is true")
	copyRes, _, err := o.Copy(ctx, prefix+"hello-copy.txt", cos.CopySource{Bucket: e.client.BucketName(), Region: e.client.Region(), Key: prefix + "hello.txt"}, nil)
	if err != nil {
		return err
	}
	e.say("copied to %shello-copy.txt (etag %s)", prefix, copyRes.ETag)
	if _, err := o.PutACL(ctx, prefix+"hello.txt", &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPrivate}}); err != nil {
		return err
	}
	acl, _, err := o.GetACL(ctx, prefix+"hello.txt")
	if err != nil {
		return err
	}
	e.say("object ACL: %s (%d grants)", acl.CannedACL(), len(acl.AccessControlList))
	return nil
}

func stepPresign(ctx context.Context, e *env) error {
	u, err := e.client.Object.PresignURL(ctx, http.MethodGet, prefix+"hello.txt", 5*time.Minute, nil)
	if err != nil {
		return err
	}
	body, err := demo.Fetch(ctx, u)
	if err != nil {
		return err
	}
	// The URL carries a signature: print only where it points.
	e.say("presigned GET of %s%s (valid 5m) returned %q", u.Host, u.Path, body)
	return nil
}

func stepMultipart(ctx context.Context, e *env) error {
	o := e.client.Object
	key := prefix + "big.bin"
	// Every part but the last must be at least 1 MiB.
	parts := [][]byte{bytes.Repeat([]byte("a"), 1<<20), bytes.Repeat([]byte("b"), 1<<20), []byte("and a short last part")}
	init, _, err := o.InitiateMultipartUpload(ctx, key, nil)
	if err != nil {
		return err
	}
	var done []cos.CompletedPart
	for i, p := range parts {
		res, _, err := o.UploadPart(ctx, key, init.UploadID, i+1, bytes.NewReader(p), nil)
		if err != nil {
			_, _ = o.AbortMultipartUpload(context.WithoutCancel(ctx), key, init.UploadID)
			return err
		}
		done = append(done, cos.CompletedPart{PartNumber: i + 1, ETag: res.ETag})
	}
	res, _, err := o.CompleteMultipartUpload(ctx, key, init.UploadID, done, nil)
	if err != nil {
		_, _ = o.AbortMultipartUpload(context.WithoutCancel(ctx), key, init.UploadID)
		return err
	}
	meta, _, err := o.Head(ctx, key, nil)
	if err != nil {
		return err
	}
	e.say("multipart upload of %s: %d parts, %d bytes, etag %s", key, len(parts), meta.ContentLength, res.ETag)
	return nil
}

func stepBucketConfig(ctx context.Context, e *env) error {
	if !e.fake {
		e.say("bucket ACL, CORS and lifecycle: skipped on a real bucket, to leave its configuration alone")
		return nil
	}
	b := e.client.Bucket
	if _, err := b.PutACL(ctx, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}}); err != nil {
		return err
	}
	acl, _, err := b.GetACL(ctx)
	if err != nil {
		return err
	}
	e.say("bucket ACL is now %s", acl.CannedACL())
	cors := &cos.CORSConfiguration{Rules: []cos.CORSRule{{
		ID: "web", AllowedOrigins: []string{"https://example.com"}, AllowedMethods: []string{"GET", "PUT"},
		AllowedHeaders: []string{"*"}, MaxAgeSeconds: 600,
	}}}
	if _, err := b.PutCORS(ctx, cors); err != nil {
		return err
	}
	got, _, err := b.GetCORS(ctx)
	if err != nil {
		return err
	}
	e.say("CORS: %d rule(s), first allows %v from %v", len(got.Rules), got.Rules[0].AllowedMethods, got.Rules[0].AllowedOrigins)
	lc := &cos.LifecycleConfiguration{Rules: []cos.LifecycleRule{{
		ID: "expire-tmp", Status: cos.LifecycleEnabled, Filter: cos.LifecycleFilter{Prefix: "tmp/"},
		Expiration: &cos.LifecycleExpiration{Days: 7},
	}}}
	if _, err := b.PutLifecycle(ctx, lc); err != nil {
		return err
	}
	gotLC, _, err := b.GetLifecycle(ctx)
	if err != nil {
		return err
	}
	e.say("lifecycle: rule %q expires %s after %d days", gotLC.Rules[0].ID, gotLC.Rules[0].Filter.Prefix, gotLC.Rules[0].Expiration.Days)
	if _, err := b.DeleteCORS(ctx); err != nil {
		return err
	}
	if _, err := b.DeleteLifecycle(ctx); err != nil {
		return err
	}
	if _, _, err := b.GetCORS(ctx); !errors.Is(err, cos.ErrNotFound) {
		return fmt.Errorf("CORS after delete: got %v, want ErrNotFound", err)
	}
	e.say("CORS and lifecycle deleted")
	return nil
}

func stepCleanup(ctx context.Context, e *env) error {
	var ids []cos.ObjectIdentifier
	for obj, err := range e.client.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: prefix}) {
		if err != nil {
			return err
		}
		ids = append(ids, cos.ObjectIdentifier{Key: obj.Key})
	}
	res, _, err := e.client.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: ids})
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("delete: %d keys failed, first %s: %s", len(res.Errors), res.Errors[0].Key, res.Errors[0].Message)
	}
	e.say("deleted %d objects", len(res.Deleted))
	if e.fake {
		if _, err := e.client.Bucket.Delete(ctx); err != nil {
			return err
		}
		e.say("deleted bucket %s", e.client.BucketName())
	}
	return nil
}
