// Package costest is an in-memory Tencent Cloud Object Storage (COS) server
// for tests, examples and local development.
//
// It speaks the COS XML API over HTTP with COS semantics rather than
// accepting anything: signatures and presigned URLs are verified, bucket and
// key rules are enforced, errors come back as COS error documents with the
// status codes COS uses, ETags and CRC64 checksums are computed, multipart
// uploads follow the part-size and ordering rules, ranges and conditional
// requests behave like COS, ACL, CORS, lifecycle, tagging, policy, logging,
// referer, website, default encryption, inventory, intelligent tiering,
// acceleration, custom domain and origin-pull configurations are checked,
// stored and returned (removed with their bucket), a bucket's default
// encryption applies to objects written after it, requests on
// <bucket>.cos.accelerate.myqcloud.com need acceleration enabled, and
// object tags live with the object (x-cos-tagging on writes,
// x-cos-tagging-count on reads). Policies and Referer lists are stored, not
// enforced. Buckets can be versioned (Enabled or Suspended, with
// "null" versions, delete markers and version listings), replicate (only
// while versioning is enabled) and lock objects (a version under retention
// cannot be deleted or overwritten before its date). Browser form uploads
// (POST Object, with the POST policy and its signature checked from the
// form's fields), CORS preflights, appendable objects and symbolic links
// work as well.
//
// # Starting a server
//
//	srv := costest.NewServer()
//	defer srv.Close()
//	id, key := srv.Credentials()
//	// point a client at srv.URL (path-style: http://127.0.0.1:port/<bucket>/<key>)
//
// [New] builds the same server without listening; serve [Server.Handler]
// wherever you like (cmd/cosfake does). Requests may address buckets
// path-style (when the Host is an IP address or localhost) or virtual-host
// style (Host "<bucket>.cos.<region>.myqcloud.com"), so the official SDKs
// can be pointed at it unchanged.
//
// # Inspecting and seeding
//
// [Server.CreateBucket], [Server.PutObject], [Server.Object],
// [Server.ObjectKeys] and [Server.MultipartUploads] read and write the store
// directly; [Server.Requests] returns a log of every request with its
// operation, status and the number of body bytes received.
//
// # Faults
//
// [Server.Inject] makes chosen requests fail: an error status, a delay, a
// connection dropped while the request body is read, a lost response, a
// truncated response body, a 200 response carrying an error document, or
// an error event ending a Select stream. Hostile answers test a client's
// defences: a redirect to another host, bodies that trickle in either
// direction, and documents built to cost their reader (millions of empty
// entries, deep nesting, endless attributes or bodies).
//
// # Choices
//
// Where the behaviour of real COS is not documented, costest makes a choice;
// those choices are collected in choices.go.
package costest
