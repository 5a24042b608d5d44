package reliability

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOneClientManyGoroutines shares one Client (and one Uploader and
// Downloader) between 64 goroutines doing mixed operations, with a light
// fault load, under -race: every call succeeds, every byte read back is
// the byte written, a contended key ends as one of its writers' values,
// and nothing is left behind (uploads, goroutines).
func TestOneClientManyGoroutines(t *testing.T) {
	// Not parallel: it counts goroutines at the end.
	const workers = 64
	sts := cos.NewCredentialsCache(cos.CredentialsProviderFunc(func(context.Context) (cos.Credentials, error) {
		return cos.Credentials{SecretID: costest.DefaultSecretID, SecretKey: costest.DefaultSecretKey, Expires: time.Now().Add(time.Hour)}, nil
	}), time.Minute)
	e := newEnv(t, nil, cos.WithCredentials(sts))
	// A few transient faults so retries run concurrently too. Each fires
	// on consecutive matching requests, so each fires fewer times than a
	// call has attempts: otherwise one caller whose retries all land in
	// the window (likely on a loaded machine) gives up, and the test
	// flakes. One window per operation, for the same reason.
	e.srv.Inject(costest.Fault{Op: costest.OpPutObject, Status: 503, Code: "SlowDown", Nth: 10, Times: 2})
	e.srv.Inject(costest.Fault{Op: costest.OpGetObject, Kind: costest.FaultDropResponse, Nth: 20, Times: 2})
	e.srv.Inject(costest.Fault{Op: costest.OpHeadObject, Status: 500, Nth: 5, Times: 2})
	up := transfer.NewUploader(e.c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2))
	down := transfer.NewDownloader(e.c, transfer.WithPartSize(partSize), transfer.WithConcurrency(2))
	ctx := ctxTimeout(t, 2*time.Minute)
	dir := t.TempDir()
	before := goroutines()

	var shared [][]byte
	for i := range workers {
		shared = append(shared, []byte(fmt.Sprintf("shared value from worker %02d", i)))
	}
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			c := e.c
			key := fmt.Sprintf("w/%02d/object.bin", i)
			data := randomBytes(uint64(100+i), 8<<10+i)
			check := func(what string, err error) bool {
				return assert.NoError(t, err, "worker %d: %s", i, what)
			}
			_, _, err := c.Object.Put(ctx, key, bytes.NewReader(data), nil)
			check("put", err)
			_, _, err = c.Object.Put(ctx, "shared.txt", bytes.NewReader(shared[i]), nil)
			check("put shared", err)
			if resp, err := c.Object.Get(ctx, key, nil); check("get", err) {
				got, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				check("read", err)
				assert.True(t, bytes.Equal(got, data), "worker %d read other bytes", i)
			}
			if m, _, err := c.Object.Head(ctx, key, nil); check("head", err) {
				assert.Equal(t, cos.CRC64(data), m.CRC64)
			}
			switch i % 4 {
			case 0: // copy, ACL and presign
				_, _, err = c.Object.Copy(ctx, key+".copy", cos.CopySource{Bucket: bucket, Key: key}, nil)
				check("copy", err)
				_, err = c.Object.PutACL(ctx, key, &cos.ACLOptions{ACLHeaders: cos.ACLHeaders{ACL: cos.ACLPublicRead}})
				check("put acl", err)
				_, _, err = c.Object.GetACL(ctx, key)
				check("get acl", err)
				if u, err := c.Object.PresignURL(ctx, http.MethodGet, key, time.Minute, nil); check("presign", err) {
					resp, err := httpClient(e.tr).Get(u.String())
					if check("presigned get", err) {
						got, _ := io.ReadAll(resp.Body)
						resp.Body.Close()
						assert.True(t, bytes.Equal(got, data))
					}
				}
			case 1: // a multipart upload by hand
				init, _, err := c.Object.InitiateMultipartUpload(ctx, key+".mp", nil)
				if check("initiate", err) {
					p, _, err := c.Object.UploadPart(ctx, key+".mp", init.UploadID, 1, bytes.NewReader(data), nil)
					if check("upload part", err) {
						_, _, err = c.Object.CompleteMultipartUpload(ctx, key+".mp", init.UploadID, []cos.CompletedPart{{PartNumber: 1, ETag: p.ETag}}, nil)
						check("complete", err)
					}
				}
			case 2: // transfer, shared Uploader and Downloader
				if i%8 == 2 {
					big := randomBytes(uint64(1000+i), partSize+4096)
					_, err := up.Upload(ctx, key+".big", bytes.NewReader(big), nil)
					if check("transfer upload", err) {
						dest := fmt.Sprintf("%s/%02d.bin", dir, i)
						if check("download", down.DownloadFile(ctx, key+".big", dest, nil)) {
							got, _ := e.srv.Object(bucket, key+".big")
							assert.True(t, bytes.Equal(got, big))
						}
					}
				} else {
					_, err := up.Upload(ctx, key+".small", bytes.NewReader(data), nil)
					check("transfer small upload", err)
				}
			case 3: // listings and delete-multi of its own prefix
				prefix := fmt.Sprintf("w/%02d/", i)
				for j := range 3 {
					_, _, err := c.Object.Put(ctx, fmt.Sprintf("%sextra-%d", prefix, j), bytes.NewReader(data[:j+1]), nil)
					check("put extra", err)
				}
				var ids []cos.ObjectIdentifier
				for o, err := range c.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: prefix}) {
					if !check("list", err) {
						break
					}
					ids = append(ids, cos.ObjectIdentifier{Key: o.Key})
				}
				assert.Len(t, ids, 4)
				res, _, err := c.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: ids[1:]})
				if check("delete multi", err) {
					assert.Len(t, res.Deleted, 3)
				}
			}
		})
	}
	wg.Wait()

	got, ok := e.srv.Object(bucket, "shared.txt")
	require.True(t, ok)
	assert.True(t, slices.ContainsFunc(shared, func(v []byte) bool { return bytes.Equal(v, got) }), "the contended key holds one writer's value, not a mix: %q", got)
	assert.Empty(t, e.srv.MultipartUploads(bucket))
	requestBodiesWhole(t, e.srv.Requests(), func(r costest.Request) bool { return false }, nil)
	e.tr.CloseIdleConnections()
	if leaks := goroutineLeaks(before, 5*time.Second); len(leaks) > 0 {
		t.Errorf("%d goroutines left running:\n%s", len(leaks), leaks)
	}
}
