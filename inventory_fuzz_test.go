package cos

import (
	"testing"

	"github.com/cosgo/cos/internal/xmlutil"
)

// FuzzDecodeInventoryList feeds arbitrary documents to the inventory
// paging decoder (List Bucket Inventory Configurations, with SSE-COS
// inside Encryption or bare, OptionalFields read by hand): no panic, and
// every job of a page that passes validation re-encodes stably, so
// GetInventory followed by PutInventory sends what was read.
func FuzzDecodeInventoryList(f *testing.F) {
	addGolden(f, "inventory_list.response.xml", "inventory_get.response.xml", "inventory_put.request.xml")
	f.Add([]byte(`<ListInventoryConfigurationResult><InventoryConfiguration><Id>a</Id><Destination><COSBucketDestination><SSE-COS/><Encryption/></COSBucketDestination></Destination><OptionalFields><Other/><Field>Size</Field></OptionalFields></InventoryConfiguration><IsTruncated>true</IsTruncated><NextContinuationToken>t</NextContinuationToken></ListInventoryConfigurationResult>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var page ListInventoryConfigurationsResult
		if _, isErr, err := xmlutil.Decode(doc, &page); err != nil || isErr {
			return
		}
		for i := range page.InventoryConfigurations {
			cfg := page.InventoryConfigurations[i]
			if cfg.validate() == nil {
				roundTrip(t, &cfg, &InventoryConfiguration{})
			}
		}
		var one InventoryConfiguration
		if _, isErr, err := xmlutil.Decode(doc, &one); err == nil && !isErr && one.validate() == nil {
			roundTrip(t, &one, &InventoryConfiguration{})
		}
	})
}
