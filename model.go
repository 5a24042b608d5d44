package cos

// Model types shared by several families live here; a type used by one
// family lives in that family's file.

// Owner identifies a bucket or object owner.
type Owner struct {
	ID          string `xml:"ID"`
	DisplayName string `xml:"DisplayName,omitempty"`
}
