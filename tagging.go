package cos

// The tagging family: the tag types shared by bucket tagging, object
// tagging and lifecycle filters.

// Tag is an object tag, a key and a value.
type Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}
