package cos

import (
	"testing"

	"github.com/cosgo/cos/internal/xmlutil"
)

// FuzzDecodeOrigin feeds arbitrary documents to the origin and website
// decoders (numbered StandbyHostName_N elements in any order, header and
// routing-rule lists read by hand): no panic, and a configuration that
// passes validation re-encodes stably (stand-by hosts keep their N order).
func FuzzDecodeOrigin(f *testing.F) {
	addGolden(f, "origin_get.response.xml", "origin_put.request.xml", "website_get.response.xml", "website_put.request.xml")
	f.Add([]byte(`<OriginConfiguration><OriginRule><RulePriority>1</RulePriority><OriginType>Proxy</OriginType><OriginCondition><HTTPStatusCode>404</HTTPStatusCode></OriginCondition><OriginParameter><Protocol>HTTP</Protocol></OriginParameter><OriginInfo><HostInfo><StandbyHostName_2>b</StandbyHostName_2><HostName>h</HostName><StandbyHostName_1>a</StandbyHostName_1></HostInfo></OriginInfo></OriginRule></OriginConfiguration>`))
	f.Add([]byte(`<OriginConfiguration><OriginRule><OriginInfo><HostInfo><StandbyHostName_3>c</StandbyHostName_3><Weight>x</Weight></HostInfo></OriginInfo></OriginRule></OriginConfiguration>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var oc OriginConfiguration
		if _, isErr, err := xmlutil.Decode(doc, &oc); err == nil && !isErr && oc.validate() == nil {
			roundTrip(t, &oc, &OriginConfiguration{})
		}
		var wc WebsiteConfiguration
		if _, isErr, err := xmlutil.Decode(doc, &wc); err == nil && !isErr && wc.validate() == nil {
			roundTrip(t, &wc, &WebsiteConfiguration{})
		}
	})
}
