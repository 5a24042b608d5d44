package reliability

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/internal/xmlutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostileHeapBound is the bound: no answer may make one call hold
// more than this above its baseline.
const hostileHeapBound = 64 << 20

// hostileFile holds the heap and time of each hostile answer, measured by
// TestHostileAnswers with -update and rendered into RELIABILITY.md. It is
// a measurement, so an ordinary run asserts the bound but does not
// rewrite it.
const hostileFile = "testdata/hostile.tsv"

// hostileAnswer is a document built to cost its reader, served by costest
// as a FaultAmplify, and the call that reads it.
type hostileAnswer struct {
	name  string
	fault costest.Fault
	call  func(ctx context.Context, c *cos.Client) error
}

const mib64 = 64 << 20

func hostileAnswers() []hostileAnswer {
	listObjects := func(opt *cos.ListObjectsOptions) func(context.Context, *cos.Client) error {
		return func(ctx context.Context, c *cos.Client) error {
			_, _, err := c.Bucket.ListObjects(ctx, opt)
			return err
		}
	}
	amplify := func(op costest.Op, repeat string, n int64) costest.Fault {
		return costest.Fault{Kind: costest.FaultAmplify, Op: op, Repeat: repeat, Bytes: n}
	}
	text4k := "<Name>" + strings.Repeat("a", 4096) + "</Name>"
	return []hostileAnswer{
		{"64 MiB of empty `<Contents/>` (ListObjects)", amplify(costest.OpListObjects, "<Contents/>", mib64), listObjects(nil)},
		{"64 MiB of empty `<CommonPrefixes>` (ListObjects)", amplify(costest.OpListObjects, "<CommonPrefixes><Prefix/></CommonPrefixes>", mib64), listObjects(nil)},
		{"11 entries for max-keys 10 (ListObjects)", amplify(costest.OpListObjects, "<Contents><Key>k</Key></Contents>", 11*33), listObjects(&cos.ListObjectsOptions{MaxKeys: 10})},
		{"64 MiB of empty `<Upload/>` (ListMultipartUploads)", amplify(costest.OpListMultipartUploads, "<Upload/>", mib64), func(ctx context.Context, c *cos.Client) error {
			_, _, err := c.Bucket.ListMultipartUploads(ctx, nil)
			return err
		}},
		{"64 MiB of interleaved `<Version/>` and `<DeleteMarker/>` (ListObjectVersions)",
			amplify(costest.OpListObjectVersions, "<Version/><DeleteMarker/>", mib64), func(ctx context.Context, c *cos.Client) error {
				_, _, err := c.Bucket.ListObjectVersions(ctx, nil)
				return err
			}},
		{"64 MiB of empty `<Part/>` (ListParts)", amplify(costest.OpListParts, "<Part/>", mib64), func(ctx context.Context, c *cos.Client) error {
			_, _, err := c.Object.ListParts(ctx, "k", "upload-id", nil)
			return err
		}},
		{"64 MiB of empty `<Bucket/>` (ListBuckets)", costest.Fault{Kind: costest.FaultAmplify, Op: costest.OpListBuckets,
			Head: "<ListAllMyBucketsResult><Buckets>", Repeat: "<Bucket/>", Tail: "</Buckets></ListAllMyBucketsResult>", Bytes: mib64},
			func(ctx context.Context, c *cos.Client) error {
				_, _, err := c.Service.ListBuckets(ctx, nil)
				return err
			}},
		{"64 MiB of empty `<Deleted/>` (DeleteMulti of 3 keys)", amplify(costest.OpDeleteObjects, "<Deleted/>", mib64), func(ctx context.Context, c *cos.Client) error {
			_, _, err := c.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: []cos.ObjectIdentifier{{Key: "a"}, {Key: "b"}, {Key: "c"}}})
			return err
		}},
		{"64 MiB of nesting (ListObjects)", amplify(costest.OpListObjects, "<a>", mib64), listObjects(nil)},
		{"64 MiB of attributes on one element (GetACL)", costest.Fault{Kind: costest.FaultAmplify, Op: costest.OpGetBucketACL,
			Head: "<AccessControlPolicy", Repeat: ` a=""`, Tail: "/>", Bytes: mib64}, func(ctx context.Context, c *cos.Client) error {
			_, _, err := c.Bucket.GetACL(ctx)
			return err
		}},
		{"64 MiB of unknown empty elements (ListObjects)", amplify(costest.OpListObjects, "<x/>", mib64), listObjects(nil)},
		{"64 MiB of text in one element (GetCORS)", costest.Fault{Kind: costest.FaultAmplify, Op: costest.OpGetBucketCORS,
			Head: "<CORSConfiguration><CORSRule><ID>", Repeat: strings.Repeat("a", 4096), Tail: "</ID></CORSRule></CORSConfiguration>", Bytes: mib64},
			func(ctx context.Context, c *cos.Client) error {
				_, _, err := c.Bucket.GetCORS(ctx)
				return err
			}},
		{"64 MiB `<Error>` in a 200 (CompleteMultipartUpload)", costest.Fault{Kind: costest.FaultAmplify, Op: costest.OpCompleteMultipartUpload,
			Head: "<Error><Code>InternalError</Code>", Repeat: "<Message>m</Message>", Tail: "</Error>", Bytes: mib64},
			func(ctx context.Context, c *cos.Client) error {
				_, _, err := c.Object.CompleteMultipartUpload(ctx, "k", "upload-id", []cos.CompletedPart{{PartNumber: 1, ETag: "e"}}, nil)
				return err
			}},
		{"endless entries (ListObjects)", amplify(costest.OpListObjects, "<Contents><Key>k</Key></Contents>", -1), listObjects(nil)},
		{"endless document within every other limit (ListObjects)", amplify(costest.OpListObjects, text4k, -1), listObjects(nil)},
	}
}

// TestHostileAnswers serves each hostile answer once and checks that the
// call fails with ErrInvalidResponse, does not retry it, and allocates
// less than the bound meanwhile (total bytes allocated, an upper bound of
// the heap it held above its baseline). Not parallel: the allocation
// count is process-wide, and the package's parallel tests wait until the
// sequential ones are done.
func TestHostileAnswers(t *testing.T) {
	var lines []string
	for _, tc := range hostileAnswers() {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.Inject(tc.fault)
			ctx := ctxTimeout(t, 60*time.Second)
			var err error
			alloc, took := allocated(func() { err = tc.call(ctx, e.c) })
			require.Error(t, err)
			assert.ErrorIs(t, err, cos.ErrInvalidResponse, "%v", err)
			assert.False(t, errors.As(err, new(*cos.ServiceError)), "not a service error: %v", err)
			assert.Len(t, e.srv.Requests(), 1, "a protocol violation is not retried")
			assert.Less(t, alloc, uint64(hostileHeapBound), "allocated %.1f MiB", float64(alloc)/(1<<20))
			t.Logf("%v; allocated %.1f MiB in %v", err, float64(alloc)/(1<<20), took)
			lines = append(lines, fmt.Sprintf("%s\t%.1f\t%d", tc.name, float64(alloc)/(1<<20), took.Milliseconds()))
		})
	}
	if updating() && !t.Failed() {
		head := fmt.Sprintf("# %s %s/%s, %d CPUs; written by go test ./internal/reliability -run TestHostileAnswers -update\n",
			runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
		must(t, os.WriteFile(hostileFile, []byte(head+strings.Join(lines, "\n")+"\n"), 0o644))
	}
}

// allocated runs f and returns the bytes allocated meanwhile and the time
// it took.
func allocated(f func()) (uint64, time.Duration) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, took
}

type hostileMeasure struct{ heap, ms string }

// readHostile reads the measurements and the line that says where they
// were taken.
func readHostile(t *testing.T) (string, map[string]hostileMeasure) {
	f, err := os.Open(hostileFile)
	if err != nil {
		t.Fatalf("%v; measure with: go test ./internal/reliability -run 'TestHostileAnswers|TestFaultMatrix' -update", err)
	}
	defer f.Close()
	where := ""
	out := map[string]hostileMeasure{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if w, ok := strings.CutPrefix(line, "# "); ok {
			where, _, _ = strings.Cut(w, ";")
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) == 3 {
			out[parts[0]] = hostileMeasure{heap: parts[1], ms: parts[2]}
		}
	}
	must(t, sc.Err())
	return where, out
}

// renderHostile writes the hostile-answer section of RELIABILITY.md.
func renderHostile(t *testing.T, w func(string, ...any)) {
	where, measured := readHostile(t)
	cases := hostileAnswers()
	w("## Hostile answers\n\n")
	w("%d answers built to cost their reader (`TestHostileAnswers`, issue 24's problem 5; served by\n", len(cases))
	w("`costest.FaultAmplify`). Each must fail with `cos.ErrInvalidResponse` after one request (a protocol\n")
	w("violation is not retried) and allocate less than\n")
	w("%d MiB in total during the call, an upper bound of the heap it held above its baseline. The decoder streams\n", hostileHeapBound>>20)
	w("the body through these limits (`internal/xmlutil/limits.go`): element depth %d, attributes per element %d,\n", xmlutil.MaxDepth, xmlutil.MaxAttrs)
	w("one token at most %d KiB, %d tokens, entries per page no more than the page size asked for (at most %d;\n",
		xmlutil.MaxTokenBytes>>10, xmlutil.MaxTokens, xmlutil.MaxPageEntries)
	w("ListBuckets %d), and per-call byte caps: %d MiB for listings and DeleteMulti results (a real 1000-entry\n",
		xmlutil.MaxListedBuckets, xmlutil.MaxListDocument>>20)
	w("page with 850-byte keys is about 3 MiB), %d MiB for configuration documents, %d MiB for other results and\n",
		xmlutil.MaxConfigDocument>>20, xmlutil.MaxSmallDocument>>20)
	w("error bodies. Heap and time as measured on %s (one run; time on the loopback, server included):\n\n", where)
	w("| answer | outcome | allocated | time |\n|---|---|---|---|\n")
	for _, tc := range cases {
		m, ok := measured[tc.name]
		if !ok {
			t.Fatalf("%s has no measurement; measure with: go test ./internal/reliability -run 'TestHostileAnswers|TestFaultMatrix' -update", tc.name)
		}
		w("| %s | `ErrInvalidResponse` | %s MiB | %s ms |\n", strings.ReplaceAll(tc.name, "|", `\|`), m.heap, m.ms)
	}
	w("\n")
}

// renderHostileTests names the tests of issue 24's pipeline half in the
// doc's list of other tests.
func renderHostileTests(w func(string, ...any)) {
	w("For issue 24's problems 6 to 11: `TestStalledBodiesEnd` (6) trickles bodies (`costest.FaultTrickle`, 1 byte\n")
	w("per 20 ms against a 150 ms `WithStallTimeout`): a body handed to the caller, one the client reads, a request body the server stops\n")
	w("reading; each fails with `ErrStalled` or is retried, transfer resumes the range or part, a caller pausing\n")
	w("between reads is not a stall, and no goroutine stays behind. `TestCutAnswersRetried` (7) puts a TCP proxy in\n")
	w("front of `costest` that answers `HTT` (or a bad status code, a cut header, nothing) and closes: UploadPart\n")
	w("is retried and succeeds, gives up after 3 attempts wrapping `ErrInvalidResponse` or `io.EOF`, and a call\n")
	w("that is not idempotent is sent once. `TestRedirectsRefused` (11) redirects Put, Get, Head and ListObjects (301,\n")
	w("302, 303, 307, 308) to another host with the user's own `http.Client` and the default one: nothing reaches\n")
	w("that host, the error is a `*ServiceError` matching `ErrInvalidResponse`, and the user's client is unchanged.\n")
	w("`TestSecretsNeverPrint` (8, 9, 10) plants the Authorization value, the token, the secret key and a presigned\n")
	w("signature in error documents of every status, a 200 with `<Error>`, a non-XML body, a decode error, a\n")
	w("redirect, a broken status line and response headers, and finds none in any error under %%v %%+v %%#v %%s %%q\n")
	w("%%x, in a `*ServiceError`'s fields or in a log line; `Credentials`, providers and `Client` print no secret\n")
	w("under any verb, `GoString` or slog handler.\n")
}
