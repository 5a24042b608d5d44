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
//   - Configuration DELETEs answer 204, also when nothing was set, except
//     DELETE of an unknown inventory id (404 NoSuchInventoryConfiguration).
//     PUTs answer 200. Content-MD5 is checked when sent, not required.
//   - Website, inventory, tiering and origin documents are returned as
//     sent, normalised like lifecycle's; encryption, acceleration and
//     domain documents are rebuilt in COS's element names (encryption
//     accepts the ApplySideEncryptionConfiguration spelling of the Node,
//     Python and PHP SDK samples and answers ApplyServerSideEncryptionByDefault).
//   - Inventory: the body's Id must equal the id parameter (400
//     InvalidArgument); OptionalFields must be documented fields (plus
//     IsMultipartUpload); list pages hold 100 jobs, tokens are opaque.
//   - Objects written without SSE headers take the bucket default: AES256
//     and SM4 as such, KMS as "cos/kms" with the key ID header when one is
//     set; SSE-C requests never do. Unknown SSE values are 400
//     InvalidArgument. The default is resolved at PUT, Initiate and Copy.
//   - A domain rule of Type WEBSITE or ACCELERATE needs a website
//     configuration or enabled acceleration (400 InvalidArgument).
//   - Requests on <bucket>.cos.accelerate.myqcloud.com need acceleration
//     Enabled (400 BucketAccelerateNotEnabled); every call is served
//     there (COS refuses some with ActionAccelerateNotSupported; which is
//     not documented).

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
	// that no CORS rule allows (or a bucket without CORS).
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

	// Bucket configuration: website, encryption, inventory, intelligent
	// tiering, acceleration, domain, origin (facts and sources in
	// bucketconf.go's families; these are the unconfirmed parts).
	//
	// The 404 codes of a bucket without the configuration. Confirmed:
	// NoSuchEncryptionConfiguration (coscli's bucket-encryption reference
	// quotes COS's answer). The others follow S3's and COS's naming
	// pattern (NoSuchCORSConfiguration, ...) but are unconfirmed.
	// GET IntelligentTiering and GET Accelerate are not errors: COS
	// documents 200 with an empty document for a bucket that never had
	// the switch on.
	codeNoWebsite    = "NoSuchWebsiteConfiguration"
	codeNoEncryption = "NoSuchEncryptionConfiguration"
	codeNoInventory  = "NoSuchInventoryConfiguration"
	codeNoDomain     = "NoSuchDomainConfiguration"
	codeNoOrigin     = "NoSuchOriginConfiguration"

	// maxWebsiteRules caps RoutingRules (COS names no number).
	maxWebsiteRules = 100

	// codeTooManyInventories answers a 1001st inventory job (COS documents
	// the limit of 1,000, not the code; S3 says TooManyConfigurations).
	codeTooManyInventories = "TooManyConfigurations"

	// codeDomainConflict / 409 answer a custom domain another bucket
	// holds, unless the rule sets ForcedReplacement (which then moves it).
	codeDomainConflict = "DomainConflict"
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
