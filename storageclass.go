package cos

import "strings"

// StorageClass is a COS storage class, sent as x-cos-storage-class and
// found in listings and lifecycle rules.
type StorageClass string

// Storage classes COS accepts. ARCHIVE and DEEP_ARCHIVE objects must be
// restored before they can be read or copied.
const (
	StorageStandard              StorageClass = "STANDARD"
	StorageStandardIA            StorageClass = "STANDARD_IA"
	StorageIntelligentTiering    StorageClass = "INTELLIGENT_TIERING"
	StorageArchive               StorageClass = "ARCHIVE"
	StorageDeepArchive           StorageClass = "DEEP_ARCHIVE"
	StorageMAZStandard           StorageClass = "MAZ_STANDARD"
	StorageMAZStandardIA         StorageClass = "MAZ_STANDARD_IA"
	StorageMAZIntelligentTiering StorageClass = "MAZ_INTELLIGENT_TIERING"
)

var storageClasses = []StorageClass{
	StorageStandard, StorageStandardIA, StorageIntelligentTiering, StorageArchive,
	StorageDeepArchive, StorageMAZStandard, StorageMAZStandardIA, StorageMAZIntelligentTiering,
}

// normalizeStorageClass returns the upper-case class, or an error naming
// field when s is not a known class. The empty class is allowed (default).
func normalizeStorageClass(field string, s StorageClass) (StorageClass, error) {
	if s == "" {
		return "", nil
	}
	up := StorageClass(strings.ToUpper(string(s)))
	for _, c := range storageClasses {
		if c == up {
			return up, nil
		}
	}
	return "", invalidArg(field, "unknown storage class %q", s)
}

// IsArchive reports whether objects of this class need a restore before
// they can be read.
func (s StorageClass) IsArchive() bool {
	up := StorageClass(strings.ToUpper(string(s)))
	return up == StorageArchive || up == StorageDeepArchive
}
