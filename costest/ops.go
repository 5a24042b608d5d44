package costest

// Op names a COS operation as costest routes it. Its value is the operation
// name without the "Op" prefix, e.g. "PutObject".
type Op string

// The operations costest implements.
const (
	// OpListBuckets is GET Service (list buckets).
	OpListBuckets Op = "ListBuckets"
	// OpCreateBucket is PUT Bucket.
	OpCreateBucket Op = "CreateBucket"
	// OpDeleteBucket is DELETE Bucket.
	OpDeleteBucket Op = "DeleteBucket"
	// OpHeadBucket is HEAD Bucket.
	OpHeadBucket Op = "HeadBucket"
	// OpGetBucketLocation is GET Bucket location.
	OpGetBucketLocation Op = "GetBucketLocation"
	// OpListObjects is GET Bucket (list objects).
	OpListObjects Op = "ListObjects"
	// OpListMultipartUploads is List Multipart Uploads.
	OpListMultipartUploads Op = "ListMultipartUploads"
	// OpPutBucketACL is PUT Bucket acl.
	OpPutBucketACL Op = "PutBucketACL"
	// OpGetBucketACL is GET Bucket acl.
	OpGetBucketACL Op = "GetBucketACL"
	// OpPutBucketCORS is PUT Bucket cors.
	OpPutBucketCORS Op = "PutBucketCORS"
	// OpGetBucketCORS is GET Bucket cors.
	OpGetBucketCORS Op = "GetBucketCORS"
	// OpDeleteBucketCORS is DELETE Bucket cors.
	OpDeleteBucketCORS Op = "DeleteBucketCORS"
	// OpPutBucketLifecycle is PUT Bucket lifecycle.
	OpPutBucketLifecycle Op = "PutBucketLifecycle"
	// OpGetBucketLifecycle is GET Bucket lifecycle.
	OpGetBucketLifecycle Op = "GetBucketLifecycle"
	// OpDeleteBucketLifecycle is DELETE Bucket lifecycle.
	OpDeleteBucketLifecycle Op = "DeleteBucketLifecycle"
	// OpPutObject is PUT Object.
	OpPutObject Op = "PutObject"
	// OpGetObject is GET Object.
	OpGetObject Op = "GetObject"
	// OpHeadObject is HEAD Object.
	OpHeadObject Op = "HeadObject"
	// OpDeleteObject is DELETE Object.
	OpDeleteObject Op = "DeleteObject"
	// OpDeleteObjects is DELETE Multiple Objects (POST ?delete).
	OpDeleteObjects Op = "DeleteObjects"
	// OpCopyObject is PUT Object - Copy.
	OpCopyObject Op = "CopyObject"
	// OpRestoreObject is POST Object restore.
	OpRestoreObject Op = "RestoreObject"
	// OpPutObjectACL is PUT Object acl.
	OpPutObjectACL Op = "PutObjectACL"
	// OpGetObjectACL is GET Object acl.
	OpGetObjectACL Op = "GetObjectACL"
	// OpInitiateMultipartUpload is Initiate Multipart Upload.
	OpInitiateMultipartUpload Op = "InitiateMultipartUpload"
	// OpUploadPart is Upload Part.
	OpUploadPart Op = "UploadPart"
	// OpUploadPartCopy is Upload Part - Copy.
	OpUploadPartCopy Op = "UploadPartCopy"
	// OpListParts is List Parts.
	OpListParts Op = "ListParts"
	// OpCompleteMultipartUpload is Complete Multipart Upload.
	OpCompleteMultipartUpload Op = "CompleteMultipartUpload"
	// OpAbortMultipartUpload is Abort Multipart Upload.
	OpAbortMultipartUpload Op = "AbortMultipartUpload"
	// OpOptionsObject is OPTIONS Object (CORS preflight, bucket or object path).
	OpOptionsObject Op = "OptionsObject"
)

// String returns the operation name.
func (o Op) String() string { return string(o) }
