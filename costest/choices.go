package costest

import "time"

// This file collects every behaviour of costest that rests on a fact about
// COS that the protocol notes mark "unconfirmed" (cos-protocol.md,
// cos-operations.md). Change a choice here and only here.
//
// Choices that are a fixed shape rather than a knob, and where they live:
//   - Multipart ETag: "<hex MD5 of the concatenated binary part MD5s>-N"
//     (S3's formula; multipart_handlers.go assemble).
//   - Copy: the destination's ETag and CRC64 are the source's
//     (copy_handlers.go); copies of any size are accepted.
//   - x-cos-hash-crc64ecma: the whole-object value on every GET (also 206)
//     and HEAD (object_read.go, headers.go).
//   - x-cos-restore: `ongoing-request="true"` and
//     `ongoing-request="false", expiry-date="<RFC 1123>"` (headers.go);
//     ListObjects RestoreStatus ONGOING / DONE (list_handlers.go).
//   - encoding-type=url encodes, with the signing encoder keeping "/",
//     ListObjects Prefix, Marker, NextMarker, Delimiter, Contents/Key,
//     CommonPrefixes/Prefix; ListMultipartUploads Prefix, Delimiter,
//     KeyMarker, NextKeyMarker, UploadIdMarker, CommonPrefixes/Prefix,
//     Upload/Key; ListParts Key (list_handlers.go).
//   - NextMarker is sent whenever IsTruncated is true, with or without a
//     delimiter, and names the last key or common prefix of the page.
//   - ListMultipartUploads always sends Encoding-Type, Delimiter,
//     NextKeyMarker and NextUploadIdMarker (empty when unset); upload IDs
//     sort by creation, so "key, then upload ID" is initiation order.
//   - ListBuckets is sorted by name and always shows the signing account's
//     buckets; "region=" and a cos.<region> host filter them.
//   - Delete Multiple reports missing keys as deleted; an empty or invalid
//     key gets an Error entry.
//   - DELETE of an absent CORS or lifecycle configuration answers 204.
//   - OPTIONS preflight: Access-Control-Allow-Headers echoes the requested
//     headers; Allow-Origin is "*" only for a rule whose sole origin is "*".
//   - GET Object ACL sends x-cos-acl with the canned value when the ACL was
//     set by header (e.g. "default"); a canned authenticated-read bucket
//     ACL shows only the owner's FULL_CONTROL.
//   - Grant headers accept id="..." and uri="..." items, returned as given.
//   - Lifecycle Date accepts any RFC 3339 time (offset or Z); the stored
//     document is returned with whitespace, comments and namespaces removed
//     and StorageClass values upper-cased, everything else as sent.
//   - x-cos-meta-* names may hold only letters, digits and "-" (400
//     InvalidArgument otherwise).
//   - Faults fire after routing and signature checks.
//   - APPEND Object answers x-cos-hash-crc64ecma with the whole object's
//     CRC64 and a quoted MD5 ETag of the whole object; HEAD and GET of an
//     appendable object send x-cos-object-type: appendable and no
//     x-cos-next-append-position (cos-go-sdk-v5's Head derives it from
//     Content-Length); content headers and metadata are the first
//     append's (append.go).
//   - Symbolic links (symlink.go): x-cos-symlink-target is URL-decoded on
//     PUT and sent back URL-encoded ("/" kept) on GET ?symlink; a read
//     follows one link only (a link to a link, or to a missing key, is 404
//     NoSuchKey); the link's stored content is "/" + target.
//   - POST Object (post_object.go): form field names are case-insensitive
//     and the first of a repeated field counts; a policy condition on a
//     field the form lacks fails; a policy is checked, signature included,
//     whether or not the request also carries an Authorization header;
//     answers 200 and 201 have no body; an unusable
//     success_action_redirect is ignored.

const (
	// maxFutureSkew is how far in the future a signature's start time may
	// be before the request is refused with 403 RequestTimeTooSkewed.
	maxFutureSkew = 15 * time.Minute

	// codeMissingToken answers a temporary key used without its (correct)
	// session token: 403 InvalidAccessKeyId.
	codeMissingToken = "InvalidAccessKeyId"

	// codeKeyTooLong answers a key over maxKeyBytes (COS may send
	// InvalidObjectName instead).
	codeKeyTooLong = "KeyTooLong"

	// codeBadKey answers a key that is not usable as an object name: one
	// holding the control bytes 0x18-0x1B, or one whose cleaned path is the
	// bucket root ("." or "a/..").
	codeBadKey = "InvalidObjectName"

	// codeMetadataTooLarge answers user metadata over maxMetadataBytes (S3
	// says MetadataTooLarge).
	codeMetadataTooLarge = "InvalidArgument"

	// metadataCountsPrefix: when false, the metadata size counts the
	// suffix after "x-cos-meta-" plus the value (the lenient reading);
	// when true, the whole header name plus the value.
	metadataCountsPrefix = false

	// codeBadStorageClass answers an unknown storage class name (COS
	// documents NotSupportedStorageClass elsewhere).
	codeBadStorageClass = "InvalidArgument"

	// codeACLConflict answers a PUT ACL carrying both ACL headers and an
	// AccessControlPolicy body.
	codeACLConflict = "InvalidRequest"

	// codeACLMissing answers a PUT ACL with neither ACL headers nor a
	// body (rather than resetting the ACL to private).
	codeACLMissing = "InvalidRequest"

	// codeUnsupportedCannedACL answers canned ACLs costest does not model
	// (authenticated-read on objects, bucket-owner-*).
	codeUnsupportedCannedACL = "InvalidArgument"

	// codeDeleteNoMD5 answers a Delete Multiple request without
	// Content-MD5.
	codeDeleteNoMD5 = "InvalidRequest"

	// codeTooManyDeleteKeys answers a Delete Multiple request with more
	// than maxDeleteKeys keys (or none).
	codeTooManyDeleteKeys = "MalformedXML"

	// codeBadPartNumber answers a part number outside 1..maxPartNumber.
	codeBadPartNumber = "InvalidArgument"

	// codeCopySourceMissing answers a copy whose source object does not
	// exist (rather than NoSuchCopySource), so clients see a plain 404
	// NoSuchKey.
	codeCopySourceMissing = "NoSuchKey"

	// codeCopyOntoItself answers a copy of an object onto itself with
	// metadata directive Copy and no storage-class change.
	codeCopyOntoItself = "InvalidRequest"

	// codeCopyRange answers an x-cos-copy-source-range outside the source.
	codeCopyRange = "InvalidArgument"

	// codeForbidOverwrite / statusForbidOverwrite answer a write carrying
	// x-cos-forbid-overwrite: true onto an existing key.
	codeForbidOverwrite   = "FileAlreadyExists"
	statusForbidOverwrite = 409

	// codeLifecycleDaysAndDate answers an action with both Days and Date.
	codeLifecycleDaysAndDate = "InvalidArgument"

	// codeCORSForbidden / statusCORSForbidden answer an OPTIONS preflight
	// that no CORS rule allows (or a bucket without CORS): confirmed by
	// COS's OPTIONS Object page (product/436/8288, example 4).
	codeCORSForbidden   = "AccessForbidden"
	statusCORSForbidden = 403

	// codeMalformedAuth answers an Authorization that cannot be parsed.
	codeMalformedAuth = "AccessDenied"

	// defaultContentType is stored when a PUT or Initiate carries no
	// Content-Type.
	defaultContentType = "application/octet-stream"

	// ignoreBadRange: a syntactically invalid or multi-range Range header
	// is ignored (200 with the full body) rather than refused.
	ignoreBadRange = true

	// deleteMissingKeyStatus is the answer to DELETE of a missing key.
	deleteMissingKeyStatus = 204

	// listMaxKeysZeroTruncates: with max-keys=0 a listing reports
	// IsTruncated=false (so paginators stop) even when keys exist.
	listMaxKeysZeroTruncates = false

	// completeAllowsGaps: Complete accepts part numbers with gaps (S3 does;
	// COS documents InvalidPart for non-consecutive numbers).
	completeAllowsGaps = true

	// restoreAgainWhenDone is the status of a restore request on an object
	// whose restored copy is still available (the copy's lifetime is
	// extended).
	restoreAgainWhenDone = 200

	// headArchiveAllowed: HEAD of an archived object that is not restored
	// succeeds (only GET and copy refuse it).
	headArchiveAllowed = true

	// allowAnyAppID: bucket names may end in any APPID, not only the
	// server's own.
	allowAnyAppID = true

	// sendStorageClassForStandard: x-cos-storage-class is omitted on
	// GET/HEAD for STANDARD objects.
	sendStorageClassForStandard = false

	// codeAppendPosition answers an append whose position is not the
	// object's length (409; the APPEND Object page gives only the status,
	// COS's error-code page once said AppendPositionErr, OSS and OBS say
	// PositionNotEqualToLength). The answer also carries
	// x-cos-next-append-position with the current length, as OSS's does.
	codeAppendPosition = "PositionNotEqualToLength"

	// codeAppendRefused answers an append COS documents as unsupported
	// (INTELLIGENT_TIERING, a multi-AZ bucket) with 400.
	codeAppendRefused = "InvalidRequest"

	// appendSendsContentSHA1: the append answer carries
	// x-cos-content-sha1 holding the hex MD5 of the appended bytes. The
	// documentation's sample shows a 40-digit value, but cos-go-sdk-v5
	// v0.7.70 (object.go, Append with EnableCRC, its default) compares the
	// header with the hex MD5 of what it sent and fails otherwise.
	appendSendsContentSHA1 = true

	// codeNotSymlink answers GET Object symlink on an object that is not
	// a link (400; COS documents no code, OSS says NotSymlink).
	codeNotSymlink = "InvalidArgument"

	// codePostPolicyInvalid answers a POST policy that is not valid JSON,
	// lacks expiration or a required q-* condition, or holds an unknown
	// condition (400; COS's error-code page lists InvalidPolicyDocument,
	// spelled "InvalidPolicyDocunment").
	codePostPolicyInvalid = "InvalidPolicyDocument"

	// codePostConditionFailed answers a POST form that breaks a policy
	// condition, and an expired policy: 403 with S3's message "Invalid
	// according to Policy: ..." (COS documents no code). A file outside
	// content-length-range is 400 EntityTooSmall / EntityTooLarge.
	codePostConditionFailed = "AccessDenied"

	// maxPostFieldsBytes bounds the form fields before the file (names
	// plus values); more is 400 MaxPostPreDataLengthExceededError (a code
	// COS lists; S3's bound is 20 KB).
	maxPostFieldsBytes = 64 << 10
)

// defaultRestoreDelay is how long a restore stays ongoing without
// WithRestoreDelay: the shortest documented time of the tier.
func defaultRestoreDelay(class, tier string) time.Duration {
	if class == "DEEP_ARCHIVE" {
		if tier == "Bulk" {
			return 24 * time.Hour
		}
		return 12 * time.Hour
	}
	switch tier {
	case "Expedited":
		return time.Minute
	case "Bulk":
		return 5 * time.Hour
	}
	return 3 * time.Hour
}

// defaultRestoreTier is the tier of a restore request without
// CASJobParameters.
const defaultRestoreTier = "Standard"
