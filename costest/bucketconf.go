package costest

// bucketConf holds the configurations of the website, default encryption,
// inventory, intelligent tiering, acceleration, custom domain and origin
// families. It lives in the bucket, so deleting the bucket removes them.
type bucketConf struct {
	website    []byte            // normalised WebsiteConfiguration
	encryption *sseDefault       // default encryption of new objects
	inventory  map[string][]byte // normalised InventoryConfiguration by ID
	tiering    []byte            // normalised IntelligentTieringConfiguration
	accelerate string            // "", "Enabled" or "Suspended"
	domains    []domainRule      // custom domains, as sent
	origin     []byte            // normalised OriginConfiguration
}

// maxConfigBody bounds these families' request documents: 64 KB, the
// limit COS's PUT Bucket website page states (taken for all of them).
const maxConfigBody = 64 << 10
