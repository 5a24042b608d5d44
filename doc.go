// Package cos is a Go client for the Tencent Cloud Object Storage (COS)
// XML API: buckets, objects, multipart uploads, ACLs, CORS, lifecycle,
// versioning and object versions, replication, object lock, copies,
// restores and presigned URLs, all through one signed, retrying request
// pipeline.
//
// # Clients
//
// A [Client] is built once with [NewClient] and options, is immutable and
// safe for concurrent use. Calls are grouped by resource:
//
//	c, err := cos.NewClient(
//		cos.WithRegion("ap-guangzhou"),
//		cos.WithBucket("examplebucket-1250000000"),
//		cos.WithCredentials(cos.EnvCredentials()),
//	)
//	res, _, err := c.Object.Put(ctx, "a/b.txt", strings.NewReader("hi"), nil)
//	other := c.ForBucket("other-1250000000") // cheap, shares the HTTP client
//
// NewClient checks the region form, the bucket name (<name>-<appid>) and
// endpoint URLs up front. Buckets are addressed virtual-host style
// (https://<bucket>.cos.<region>.myqcloud.com); [WithEndpoint] changes the
// domain (for example tencentcos.cn) and switches to path-style
// (<endpoint>/<bucket>/<key>) for IP addresses and localhost, which is how
// the in-memory server in package costest is reached.
// [WithBucketEndpoint] addresses a custom or CDN domain bound to one bucket.
//
// Credentials come from [WithStaticCredentials], [EnvCredentials] or any
// [CredentialsProvider]; wrap temporary (STS) credentials in
// [NewCredentialsCache], which refreshes them once before they expire,
// however many requests are in flight. The environment is read only by
// [EnvCredentials].
//
// # Errors
//
// Every call returns its error last. A COS error answer is a
// *[ServiceError] with the status, code, message and request ID; match it
// with errors.Is against [ErrNotFound], [ErrAccessDenied],
// [ErrPreconditionFailed], [ErrNotModified] or [ErrConflict], or use
// errors.As for the fields. HEAD answers have no body, so a missing object
// on Head is ErrNotFound with an empty Code. A 200 answer whose body is an
// <Error> document (copies and multipart completion) is an error too. Bad
// input is refused before any request with an error wrapping
// [ErrInvalidArgument] that names the field.
//
// An answer that breaks the protocol wraps [ErrInvalidResponse]: a
// redirect (COS never redirects; the client follows none, even through an
// http.Client given with [WithHTTPClient]), a document over its limits
// (each call's byte cap, element depth, attributes, more entries than the
// page size asked for), a malformed document, or an answer that is not
// HTTP at all. Documents are decoded as they stream in, so a hostile
// answer costs a bounded amount of memory and time whatever it claims. A
// body that stops moving fails with [ErrStalled] ([WithStallTimeout]).
//
// # Retries
//
// The default [StandardRetryer] makes up to 3 attempts with exponential
// backoff and full jitter, honours Retry-After, and retries 5xx, 429,
// SlowDown, RequestTimeout, stalls and every transport failure that left
// no answer (a refused, reset or closed connection, a status line cut
// inside). It retries only calls
// that are safe to repeat and only when the body can be replayed: nil, an
// io.ReaderAt or io.Seeker of known size (rewound to where it started). A
// plain io.Reader is sent once. Every attempt is signed afresh. Sleeps end
// when the context does. [WithRetryer]([NoRetry]) turns retries off.
//
// # Logging
//
// [WithLogger] takes a *slog.Logger; at debug level the client logs one
// line per attempt (operation, method, host, path, status, request ID,
// attempt, duration) and a warning per retry. Secret keys, session tokens,
// Authorization values and signatures are never logged: they are scrubbed
// from every error the client returns and every line it logs, whatever the
// answer echoed, and [Credentials], credential providers and [Client]
// print redacted under every fmt verb and slog. A presigned URL is a
// secret too: log it through [RedactURL]. The default logger discards
// everything.
//
// # Listing
//
// List calls come as a page call and an iterator. The iterators
// (Bucket.Objects, Bucket.MultipartUploads, Object.Parts) return
// iter.Seq2[T, error]: they page until done, stop when the loop breaks,
// yield an error once and start no goroutines.
//
// # Transfers
//
// Package transfer uploads, downloads and copies large objects
// concurrently, with bounded memory, CRC64 verification and resumable
// checkpoints.
//
// # Testing
//
// Package costest runs an in-memory COS server on 127.0.0.1 that verifies
// signatures and can inject faults; point a client at it with
// WithEndpoint(srv.URL). The command costest/cmd/cosfake serves it on a
// fixed address for tests in other languages.
//
// # Reading the code
//
// The engine every call runs on is a handful of files: client.go (the
// Client and its options), addressing.go (URLs and key rules), pipeline.go
// (the one funnel: build, sign, send, retry, check, decode), body.go
// (replayable bodies), encode.go (option tags to query and headers),
// retry.go, stall.go (stalled bodies), auth.go with credentials.go and
// presign.go (signing), redact.go (secrets kept out of errors and logs),
// errors.go and config.go (the generic configuration calls). Calls live in files
// named for their family or service: bucket.go, object.go, multipart.go and
// their sub-resource splits (object_copy.go, multipart_list.go,
// bucket_versions.go, ...), and one file per configuration family (acl.go,
// cors.go, lifecycle.go, tagging.go, policy.go, logging.go, referer.go,
// versioning.go, replication.go, objectlock.go). CONTRIBUTING.md has the
// full map and the checklist for adding an operation.
package cos
