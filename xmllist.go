package cos

import "encoding/xml"

// A list inside a container element (<RoutingRules><RoutingRule>...) is
// written by hand: encoding/xml's "RoutingRules>RoutingRule,omitempty"
// still writes an empty <RoutingRules></RoutingRules> for an empty list.
// The list types of the configuration families implement MarshalXML and
// UnmarshalXML with these two helpers; an empty list is then left out by
// the field's omitempty.

// marshalList writes items as <start><item>...</item>...</start>.
func marshalList[T any](e *xml.Encoder, start xml.StartElement, item string, items []T) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	for _, it := range items {
		if err := e.EncodeElement(it, xml.StartElement{Name: xml.Name{Local: item}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// unmarshalList reads the <item> children of the element just started
// into items, skipping other elements.
func unmarshalList[T any](d *xml.Decoder, item string, items *[]T) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != item {
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			var v T
			if err := d.DecodeElement(&v, &t); err != nil {
				return err
			}
			*items = append(*items, v)
		case xml.EndElement:
			return nil
		}
	}
}
