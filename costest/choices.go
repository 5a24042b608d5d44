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
//   - Versions (versions.go): version IDs are the unpadded base64 of a
//     decreasing 20-digit decimal, like the IDs in COS's samples; the
//     "null" version is reported as "" (no x-cos-version-id, <VersionId/>
//     in listings) until versioning is first set, then as "null".
//     x-cos-version-id is sent on PUT, Copy, Complete, GET, HEAD and
//     DELETE once the bucket has a versioning state; Copy's result
//     document also carries VersionId (the official Go SDK reads it).
//   - A GET or HEAD whose latest version, or whose versionId, is a delete
//     marker answers 404 NoSuchKey with x-cos-delete-marker: true and the
//     marker's x-cos-version-id (COS documents the 404; S3 answers 405 for
//     a versionId naming a marker).
//   - DELETE with versionId (or VersionId, as the official Go SDK sends
//     it) of a version that does not exist answers 204, like a missing
//     key; the version header echoes the ID.
//   - A copy whose source is a delete marker is 404 NoSuchKey.
//   - Configuration DELETEs of the website, encryption, domain and origin
//     families answer 204, also when nothing was set; DELETE of an unknown
//     inventory id answers 404 NoSuchInventoryConfiguration. Their PUTs
//     answer 200; Content-MD5 is checked when sent, not required.
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
//     InvalidArgument. The default is resolved when a version is written
//     (PUT, Copy, Complete) and at Initiate, whose answer reports it.
//   - A domain rule of Type WEBSITE or ACCELERATE needs a website
//     configuration or enabled acceleration (400 InvalidArgument).
//   - Requests on <bucket>.cos.accelerate.myqcloud.com need acceleration
//     Enabled (400 BucketAccelerateNotEnabled); every call is served
//     there (COS refuses some with ActionAccelerateNotSupported; which is
//     not documented).
//   - ListObjectVersions: key-marker with a version-id-marker that is not
//     a version of that key starts after the key.
//   - Object lock: enforced on DELETE with versionId, on a DELETE or write
//     that would replace the "null" version (never-versioned or suspended
//     bucket) and in Delete Multiple; a plain DELETE in an Enabled bucket
//     adds a marker and is allowed (S3's rule). The bucket's default
//     retention applies to versions written after it is set. Retention
//     accepts versionId (S3 does; COS documents no parameter). Retain-until
//     dates are kept to the millisecond, the precision they are reported in.
//   - Bad documents: a versioning Status other than Enabled/Suspended is
//     400 MalformedXML; a retention Mode other than COMPLIANCE, a
//     RetainUntilDate not in the future, Days outside 1-36500 are 400
//     InvalidArgument (codes unconfirmed).
//   - Replication: Rule ID unique; StorageClass any class PUT Object
//     accepts; the destination bucket need not exist on this server.
//   - SELECT Object Content: the SQL subset and its evaluation rules
//     (select_sql.go, select_eval.go); error codes are S3 Select's
//     (ParseUnexpectedToken, UnsupportedSqlOperation, InvalidColumnIndex,
//     MissingRequiredParameter, InvalidExpressionType,
//     InvalidRequestParameter, InvalidFileHeaderInfo, InvalidJsonType,
//     InvalidQuoteFields, InvalidCompressionFormat, CSVParsingError,
//     JSONParsingError), COS's are not documented; an error before the
//     first event is an HTTP 400 answer, a later one an error event; the
//     stream is Content-Type application/octet-stream; Stats and Progress
//     count the stored bytes read (BytesScanned), the uncompressed bytes
//     read (BytesProcessed) and the record bytes sent (BytesReturned);
//     path-style requests are served (COS documents virtual-host only);
//     NOT and parentheses nested deeper than maxSQLNesting (100) levels are
//     refused with UnsupportedSqlOperation (COS documents no limit), an
//     expression over maxSelectExpression with ExpressionTooLong.
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

	// codeObjectLocked / statusObjectLocked answer a DELETE of, or a write
	// over, a version under retention. COS's error-code list (436/7730)
	// has 409 ObjectLocked; that these calls answer it is unconfirmed (S3
	// answers 403 AccessDenied).
	codeObjectLocked   = "ObjectLocked"
	statusObjectLocked = 409

	// codeBadBucketState (409) answers a call the bucket's state forbids:
	// PUT replication while versioning is not Enabled (documented, PUT
	// Bucket replication 436/19223); object lock while versioning is
	// suspended, suspending versioning under object lock (documented
	// refusals, 436/40136; the code is unconfirmed); suspending versioning
	// while replication is configured and PUT retention in a bucket
	// without object lock (S3's rules; unconfirmed for COS).
	codeBadBucketState = "InvalidBucketState"

	// codeNoObjectLock (404) answers GET ?object-lock of a bucket that
	// never enabled it and GET ?retention of a version without retention.
	// The code is in COS's error-code list (436/7730); that these calls
	// answer it is unconfirmed.
	codeNoObjectLock = "NoSuchObjectLockConfiguration"

	// codeNoReplication (404) answers GET ?replication of a bucket without
	// a replication configuration (COS's error-code list, 436/7730).
	codeNoReplication = "ReplicationConfigurationNotFoundError"
	// selectRecordsChunk is the payload size of a Select's Records events
	// (the last one may be shorter); records are cut anywhere.
	selectRecordsChunk = 64 << 10

	// selectDefaultComment is the CSV comment character when the request
	// names none: "" means no line is a comment.
	selectDefaultComment = ""

	// delimiterEscapes: in a SelectRequest's delimiter elements
	// (RecordDelimiter, FieldDelimiter, QuoteCharacter,
	// QuoteEscapeCharacter, Comments; CSV and JSON) the two-character
	// escapes \n, \r and \t stand for LF, CR and TAB, and the length limit
	// counts the decoded characters ("\r\n" is a two-character record
	// delimiter). Sources: the request samples of SELECT Object Content
	// (API page 436/32360) write <RecordDelimiter>\n</RecordDelimiter>
	// with a literal backslash, and cos-nodejs-sdk-v5 3.0.0's demo
	// (demo/demo.js selectObjectContent) sends RecordDelimiter '\\n' for
	// CSV input and output; cos-go-sdk-v5 v0.7.70 sends the characters
	// themselves (&#xA;), which are kept. Other backslash sequences are
	// kept as sent (unconfirmed: COS documents no other escape).
	delimiterEscapes = true
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

	// maxSelectExpression is the longest Select expression, in bytes;
	// a longer one is 400 codeExpressionTooLong. Both are S3 Select's
	// (256 KB, ExpressionTooLong); COS documents neither.
	maxSelectExpression   = 256 << 10
	codeExpressionTooLong = "ExpressionTooLong"
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

// Choices of the tagging, policy, logging and hotlink-protection (referer)
// families. Sources: the Tencent COS API pages named below, the official
// SDKs (cos-go-sdk-v5 v0.7.70, cos-js-sdk-v5) and, where COS says nothing,
// S3's behaviour; "unconfirmed" marks what no Tencent source states.
const (
	// codeBadTag answers a tag set over the limit, an empty, repeated,
	// reserved ("qcs:" on buckets), too long or badly spelt key or value
	// (400; S3's code, unconfirmed: COS documents the limits, not the
	// code).
	codeBadTag = "InvalidTag"

	// codeNoSuchTagSet answers GET and DELETE Bucket tagging on a bucket
	// without tags (404; DELETE Bucket tagging page 8286 lists
	// NoSuchTagSetError; cos-js-sdk-v5 also checks "NoSuchTagSet").
	codeNoSuchTagSet = "NoSuchTagSetError"

	// deleteAbsentTagsSucceeds: DELETE Bucket tagging on a bucket without
	// tags answers 204 rather than 404 NoSuchTagSetError (false: page 8286
	// lists the 404).
	deleteAbsentTagsSucceeds = false

	// putBucketTaggingStatus is the answer to PUT Bucket tagging (204, the
	// comment on cos-go-sdk-v5's PutTagging; PUT Object tagging answers
	// 200, page 35709).
	putBucketTaggingStatus = 204

	// Object tags (unconfirmed, S3's behaviour): GET Object tagging of an
	// object without tags answers 200 with an empty TagSet; DELETE Object
	// tagging answers 204 whether or not tags were set; tag values may be
	// empty; x-cos-tagging is read as URL query encoding ("+" is a space).
	// A copy of an object onto itself is allowed when it changes the tags
	// (x-cos-tagging-directive: Replaced, page 10881).

	// codeNoSuchPolicy answers GET Bucket policy on a bucket without one
	// (404; S3's code, unconfirmed: cos-js-sdk-v5 maps any 404 to "Policy
	// Not Found").
	codeNoSuchPolicy = "NoSuchBucketPolicy"

	// codeBadPolicy answers a policy that is not a JSON object, lacks
	// statements, or has a statement without effect, action or resource,
	// or a version other than "2.0" (400; S3's code, unconfirmed).
	codeBadPolicy = "MalformedPolicy"

	// policyContentType is the Content-Type of GET Bucket policy's JSON
	// answer: page 8276's sample shows application/xml over a JSON body.
	policyContentType = "application/xml"

	// maxPolicyBody bounds a policy document (S3's 20 KB; unconfirmed).
	maxPolicyBody = 20 << 10

	// codeBadLoggingTarget answers PUT Bucket logging naming a target
	// bucket that does not exist (400; S3's code, unconfirmed; page 17054
	// says the target must be in the same account and region).
	codeBadLoggingTarget = "InvalidTargetBucketForLogging"

	// codeNoSuchReferer answers GET Bucket referer on a bucket without a
	// configuration (404; cos-js-sdk-v5's getBucketReferer checks it; the
	// API pages 30615/31423 do not say).
	codeNoSuchReferer = "NoSuchRefererConfiguration"

	// refererEmptyPutDeletes: a PUT ?referer with an empty body removes
	// the configuration (what cos-go-sdk-v5's DeleteReferer sends; not in
	// the API pages).
	refererEmptyPutDeletes = true

	// loggingEmptyPutDisables: a PUT ?logging with an empty body turns
	// logging off, like an empty BucketLoggingStatus (cos-go-sdk-v5 sends
	// an empty body for a nil configuration; unconfirmed).
	loggingEmptyPutDisables = true

	// Referer choices (unconfirmed): a Disabled configuration may have no
	// domains (page 31423 marks DomainList required without saying
	// whether for Disabled too); values are matched case-insensitively
	// and stored in the documented spelling; GET shows
	// EmptyReferConfiguration Deny when it was not set (the documented
	// default); VerifySignatureURL (sent by cos-go-sdk-v5, undocumented) is
	// stored and returned as given. Logging: PUT and GET answer 200.
)

// Choices of the website, default encryption, inventory, intelligent
// tiering, acceleration, custom domain and origin families (facts and
// sources beside each family's handlers; these are the unconfirmed parts).
const (
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

	// appendRefusedWhenVersioned: APPEND Object answers 400
	// codeAppendRefused in a bucket whose versioning was ever set. The
	// APPEND page (436/7741) says appendable objects are not versioned but
	// not what happens in a versioned bucket; refusing keeps one model
	// (an appendable object is the key's only, "null", version).
	// Unconfirmed.
	appendRefusedWhenVersioned = true
)
