package costest

import (
	"net/http"
	"strings"
)

// The routing table: one row per operation and request shape. Adding an
// operation is one Op constant, one row here and one handler file; a
// request that matches no row is refused, never mistaken for another call
// (PUT /key?inventory must not store an empty object).

// level is what a request path addresses.
type level uint8

const (
	levelService level = iota // no bucket: GET Service
	levelBucket               // the bucket itself
	levelObject               // one key
	levelAny                  // bucket or key (OPTIONS preflights)
)

// route selects an operation. sub is the sub-resource query parameter the
// request must carry ("" for none: then it must carry no sub-resource at
// all); with is a plain parameter it must also carry (?inventory&id=);
// copySource requires an x-cos-copy-source header. Rows are tried in
// order, so the more specific shape comes first.
type route struct {
	level      level
	method     string
	sub        string
	with       string
	copySource bool
	op         Op
	handle     handlerFunc
}

var routes = []route{
	{level: levelService, method: http.MethodGet, op: OpListBuckets, handle: (*Server).listBuckets},

	{level: levelBucket, method: http.MethodPut, op: OpCreateBucket, handle: (*Server).createBucket},
	{level: levelBucket, method: http.MethodDelete, op: OpDeleteBucket, handle: (*Server).deleteBucket},
	{level: levelBucket, method: http.MethodHead, op: OpHeadBucket, handle: (*Server).headBucket},
	{level: levelBucket, method: http.MethodGet, sub: "location", op: OpGetBucketLocation, handle: (*Server).getBucketLocation},
	{level: levelBucket, method: http.MethodGet, op: OpListObjects, handle: (*Server).listObjects},
	{level: levelBucket, method: http.MethodGet, sub: "uploads", op: OpListMultipartUploads, handle: (*Server).listMultipartUploads},
	{level: levelBucket, method: http.MethodGet, sub: "versions", op: OpListObjectVersions, handle: (*Server).listObjectVersions},
	{level: levelBucket, method: http.MethodPost, sub: "delete", op: OpDeleteObjects, handle: (*Server).deleteObjects},
	{level: levelBucket, method: http.MethodPost, op: OpPostObject, handle: (*Server).postObject},

	{level: levelBucket, method: http.MethodPut, sub: "acl", op: OpPutBucketACL, handle: (*Server).putBucketACL},
	{level: levelBucket, method: http.MethodGet, sub: "acl", op: OpGetBucketACL, handle: (*Server).getBucketACL},
	{level: levelBucket, method: http.MethodPut, sub: "cors", op: OpPutBucketCORS, handle: (*Server).putBucketCORS},
	{level: levelBucket, method: http.MethodGet, sub: "cors", op: OpGetBucketCORS, handle: (*Server).getBucketCORS},
	{level: levelBucket, method: http.MethodDelete, sub: "cors", op: OpDeleteBucketCORS, handle: (*Server).deleteBucketCORS},
	{level: levelBucket, method: http.MethodPut, sub: "lifecycle", op: OpPutBucketLifecycle, handle: (*Server).putBucketLifecycle},
	{level: levelBucket, method: http.MethodGet, sub: "lifecycle", op: OpGetBucketLifecycle, handle: (*Server).getBucketLifecycle},
	{level: levelBucket, method: http.MethodDelete, sub: "lifecycle", op: OpDeleteBucketLifecycle, handle: (*Server).deleteBucketLifecycle},
	{level: levelBucket, method: http.MethodPut, sub: "tagging", op: OpPutBucketTagging, handle: (*Server).putBucketTagging},
	{level: levelBucket, method: http.MethodGet, sub: "tagging", op: OpGetBucketTagging, handle: (*Server).getBucketTagging},
	{level: levelBucket, method: http.MethodDelete, sub: "tagging", op: OpDeleteBucketTagging, handle: (*Server).deleteBucketTagging},
	{level: levelBucket, method: http.MethodPut, sub: "policy", op: OpPutBucketPolicy, handle: (*Server).putBucketPolicy},
	{level: levelBucket, method: http.MethodGet, sub: "policy", op: OpGetBucketPolicy, handle: (*Server).getBucketPolicy},
	{level: levelBucket, method: http.MethodDelete, sub: "policy", op: OpDeleteBucketPolicy, handle: (*Server).deleteBucketPolicy},
	{level: levelBucket, method: http.MethodPut, sub: "logging", op: OpPutBucketLogging, handle: (*Server).putBucketLogging},
	{level: levelBucket, method: http.MethodGet, sub: "logging", op: OpGetBucketLogging, handle: (*Server).getBucketLogging},
	{level: levelBucket, method: http.MethodPut, sub: "referer", op: OpPutBucketReferer, handle: (*Server).putBucketReferer},
	{level: levelBucket, method: http.MethodGet, sub: "referer", op: OpGetBucketReferer, handle: (*Server).getBucketReferer},
	{level: levelBucket, method: http.MethodPut, sub: "versioning", op: OpPutBucketVersioning, handle: (*Server).putBucketVersioning},
	{level: levelBucket, method: http.MethodGet, sub: "versioning", op: OpGetBucketVersioning, handle: (*Server).getBucketVersioning},
	{level: levelBucket, method: http.MethodPut, sub: "replication", op: OpPutBucketReplication, handle: (*Server).putBucketReplication},
	{level: levelBucket, method: http.MethodGet, sub: "replication", op: OpGetBucketReplication, handle: (*Server).getBucketReplication},
	{level: levelBucket, method: http.MethodDelete, sub: "replication", op: OpDeleteBucketReplication, handle: (*Server).deleteBucketReplication},
	{level: levelBucket, method: http.MethodPut, sub: "object-lock", op: OpPutBucketObjectLockConfiguration, handle: (*Server).putObjectLockConfiguration},
	{level: levelBucket, method: http.MethodGet, sub: "object-lock", op: OpGetBucketObjectLockConfiguration, handle: (*Server).getObjectLockConfiguration},

	{level: levelBucket, method: http.MethodPut, sub: "website", op: OpPutBucketWebsite, handle: (*Server).putBucketWebsite},
	{level: levelBucket, method: http.MethodGet, sub: "website", op: OpGetBucketWebsite, handle: (*Server).getBucketWebsite},
	{level: levelBucket, method: http.MethodDelete, sub: "website", op: OpDeleteBucketWebsite, handle: (*Server).deleteBucketWebsite},
	{level: levelBucket, method: http.MethodPut, sub: "encryption", op: OpPutBucketEncryption, handle: (*Server).putBucketEncryption},
	{level: levelBucket, method: http.MethodGet, sub: "encryption", op: OpGetBucketEncryption, handle: (*Server).getBucketEncryption},
	{level: levelBucket, method: http.MethodDelete, sub: "encryption", op: OpDeleteBucketEncryption, handle: (*Server).deleteBucketEncryption},
	{level: levelBucket, method: http.MethodPut, sub: "inventory", op: OpPutBucketInventory, handle: (*Server).putBucketInventory},
	{level: levelBucket, method: http.MethodGet, sub: "inventory", with: "id", op: OpGetBucketInventory, handle: (*Server).getBucketInventory},
	{level: levelBucket, method: http.MethodGet, sub: "inventory", op: OpListBucketInventoryConfigurations, handle: (*Server).listBucketInventoryConfigurations},
	{level: levelBucket, method: http.MethodDelete, sub: "inventory", op: OpDeleteBucketInventory, handle: (*Server).deleteBucketInventory},
	{level: levelBucket, method: http.MethodPut, sub: "intelligenttiering", op: OpPutBucketIntelligentTiering, handle: (*Server).putBucketIntelligentTiering},
	{level: levelBucket, method: http.MethodGet, sub: "intelligenttiering", op: OpGetBucketIntelligentTiering, handle: (*Server).getBucketIntelligentTiering},
	{level: levelBucket, method: http.MethodPut, sub: "accelerate", op: OpPutBucketAccelerate, handle: (*Server).putBucketAccelerate},
	{level: levelBucket, method: http.MethodGet, sub: "accelerate", op: OpGetBucketAccelerate, handle: (*Server).getBucketAccelerate},
	{level: levelBucket, method: http.MethodPut, sub: "domain", op: OpPutBucketDomain, handle: (*Server).putBucketDomain},
	{level: levelBucket, method: http.MethodGet, sub: "domain", op: OpGetBucketDomain, handle: (*Server).getBucketDomain},
	{level: levelBucket, method: http.MethodDelete, sub: "domain", op: OpDeleteBucketDomain, handle: (*Server).deleteBucketDomain},
	{level: levelBucket, method: http.MethodPut, sub: "origin", op: OpPutBucketOrigin, handle: (*Server).putBucketOrigin},
	{level: levelBucket, method: http.MethodGet, sub: "origin", op: OpGetBucketOrigin, handle: (*Server).getBucketOrigin},
	{level: levelBucket, method: http.MethodDelete, sub: "origin", op: OpDeleteBucketOrigin, handle: (*Server).deleteBucketOrigin},

	{level: levelObject, method: http.MethodPut, copySource: true, op: OpCopyObject, handle: (*Server).copyObject},
	{level: levelObject, method: http.MethodPut, op: OpPutObject, handle: (*Server).putObject},
	{level: levelObject, method: http.MethodGet, op: OpGetObject, handle: (*Server).getObject},
	{level: levelObject, method: http.MethodHead, op: OpHeadObject, handle: (*Server).getObject},
	{level: levelObject, method: http.MethodDelete, op: OpDeleteObject, handle: (*Server).deleteObject},
	{level: levelObject, method: http.MethodPost, sub: "restore", op: OpRestoreObject, handle: (*Server).restoreObject},
	{level: levelObject, method: http.MethodPut, sub: "acl", op: OpPutObjectACL, handle: (*Server).putObjectACL},
	{level: levelObject, method: http.MethodGet, sub: "acl", op: OpGetObjectACL, handle: (*Server).getObjectACL},
	{level: levelObject, method: http.MethodPut, sub: "tagging", op: OpPutObjectTagging, handle: (*Server).putObjectTagging},
	{level: levelObject, method: http.MethodGet, sub: "tagging", op: OpGetObjectTagging, handle: (*Server).getObjectTagging},
	{level: levelObject, method: http.MethodDelete, sub: "tagging", op: OpDeleteObjectTagging, handle: (*Server).deleteObjectTagging},
	{level: levelObject, method: http.MethodPut, sub: "retention", op: OpPutObjectRetention, handle: (*Server).putObjectRetention},
	{level: levelObject, method: http.MethodGet, sub: "retention", op: OpGetObjectRetention, handle: (*Server).getObjectRetention},
	{level: levelObject, method: http.MethodPost, sub: "select", op: OpSelectObjectContent, handle: (*Server).selectObjectContent},
	{level: levelObject, method: http.MethodPost, sub: "append", op: OpAppendObject, handle: (*Server).appendObject},
	{level: levelObject, method: http.MethodPut, sub: "symlink", op: OpPutSymlink, handle: (*Server).putSymlink},
	{level: levelObject, method: http.MethodGet, sub: "symlink", op: OpGetSymlink, handle: (*Server).getSymlink},

	{level: levelObject, method: http.MethodPost, sub: "uploads", op: OpInitiateMultipartUpload, handle: (*Server).initiateMultipartUpload},
	{level: levelObject, method: http.MethodPut, sub: "uploadId", copySource: true, op: OpUploadPartCopy, handle: (*Server).uploadPartCopy},
	{level: levelObject, method: http.MethodPut, sub: "uploadId", op: OpUploadPart, handle: (*Server).uploadPart},
	{level: levelObject, method: http.MethodGet, sub: "uploadId", op: OpListParts, handle: (*Server).listParts},
	{level: levelObject, method: http.MethodPost, sub: "uploadId", op: OpCompleteMultipartUpload, handle: (*Server).completeMultipartUpload},
	{level: levelObject, method: http.MethodDelete, sub: "uploadId", op: OpAbortMultipartUpload, handle: (*Server).abortMultipartUpload},

	{level: levelAny, method: http.MethodOptions, op: OpOptionsObject, handle: (*Server).optionsObject},
}

// plainParams are query parameters that never select an operation: the
// inputs of listings and reads, and the signature's own parameters. A bare
// parameter (no value) that is neither one of these nor a routing
// sub-resource is an unknown sub-resource and gets 501 NotImplemented;
// other parameters with values are ignored, as COS ignores them (a
// presigned URL may carry the caller's own signed parameters).
var plainParams = map[string]bool{
	// listings
	"prefix": true, "delimiter": true, "marker": true, "max-keys": true, "encoding-type": true,
	"key-marker": true, "upload-id-marker": true, "max-uploads": true, "version-id-marker": true,
	"part-number-marker": true, "max-parts": true,
	// GET Service filters
	"region": true, "tagkey": true, "tagvalue": true, "create-bucket-type": true,
	// objects and parts
	"versionId": true, "VersionId": true, "partNumber": true, "x-cos-traffic-limit": true, "position": true,
	// configuration ids and their listings (inventory)
	"id": true, "continuation-token": true,
	// signatures (query form, presigned URLs, the sign= form) and tokens
	"q-sign-algorithm": true, "q-ak": true, "q-sign-time": true, "q-key-time": true,
	"q-header-list": true, "q-url-param-list": true, "q-signature": true,
	"sign": true, "x-cos-security-token": true,
}

// routingParams are the sub-resources named by some row.
var routingParams = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range routes {
		if r.sub != "" {
			m[r.sub] = true
		}
	}
	return m
}()

// routeOps maps each operation to its row, for bucketLevel and for
// handlers.
var routeOps = func() map[Op]*route {
	m := map[Op]*route{}
	for i := range routes {
		m[routes[i].op] = &routes[i]
	}
	return m
}()

// findRoute picks the row for a request at level lv. It fails with 501
// for a parameter costest does not know, and 405 when the shape is known
// but not with this method.
func findRoute(lv level, method string, q query, h http.Header) (*route, *Error) {
	if method == http.MethodOptions {
		// A preflight may name any resource of the bucket, sub-resources
		// included (OPTIONS /?lifecycle, in COS's OPTIONS Object page).
		q = query{}
	}
	var subs []string
	for _, p := range q.params {
		switch {
		case routingParams[p.name]:
			subs = append(subs, p.name)
		case plainParams[p.name] || strings.HasPrefix(p.name, "response-"):
		case p.value == "":
			// COS sub-resources are bare flags (?symlink, ?tagging=): one
			// costest does not route must not fall through to a plain call.
			return nil, errorf(http.StatusNotImplemented, "NotImplemented", "costest does not implement ?%s.", p.name)
		}
	}
	copySource := h.Get("x-cos-copy-source") != ""
	for i := range routes {
		r := &routes[i]
		if r.method != method || !(r.level == lv || r.level == levelAny && lv != levelService) {
			continue
		}
		if r.sub == "" && len(subs) > 0 || r.sub != "" && !q.has(r.sub) || r.with != "" && !q.has(r.with) || r.copySource && !copySource {
			continue
		}
		return r, nil
	}
	return nil, newError(http.StatusMethodNotAllowed, "MethodNotAllowed", "")
}

// bucketLevel reports whether the operation addresses a bucket rather than
// an object (such responses carry x-cos-bucket-region).
func (o Op) bucketLevel() bool {
	r, ok := routeOps[o]
	return ok && r.level == levelBucket
}
