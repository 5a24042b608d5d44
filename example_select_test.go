package cos_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
)

func ExampleObjectService_Select() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	csv := "city,population\nShenzhen,1766\nBeijing,2189\nChengdu,2140\nXiamen,528\n"
	if _, _, err := c.Object.Put(ctx, "cities.csv", strings.NewReader(csv), nil); err != nil {
		log.Fatal(err)
	}

	// COS runs the query next to the data and streams back only the
	// matching records, here as JSON lines.
	res, _, err := c.Object.Select(ctx, "cities.csv", &cos.SelectRequest{
		Expression: "SELECT city FROM COSObject WHERE population > 2000",
		InputSerialization: cos.SelectInputSerialization{
			CSV: &cos.CSVInput{FileHeaderInfo: cos.FileHeaderUse},
		},
		OutputSerialization: cos.SelectOutputSerialization{JSON: &cos.JSONOutput{}},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer res.Close()
	// io.Copy returns nil only when the whole result arrived: an error
	// event, a cut connection or a corrupted frame is an error.
	if _, err := io.Copy(os.Stdout, res); err != nil {
		log.Fatal(err)
	}
	stats, _ := res.Stats()
	fmt.Println("scanned", stats.BytesScanned, "returned", stats.BytesReturned)
	// Output:
	// {"city":"Beijing"}
	// {"city":"Chengdu"}
	// scanned 67 returned 38
}

func ExampleObjectService_Select_errorEvent() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()
	if _, _, err := c.Object.Put(ctx, "n.csv", strings.NewReader("1\n2\n3\n"), nil); err != nil {
		log.Fatal(err)
	}
	// costest can end a Select stream with an error event after some
	// records, as COS does when it fails midway.
	srv.Inject(costest.Fault{Kind: costest.FaultEventError, Op: costest.OpSelectObjectContent, Bytes: 2, Code: "InternalError"})

	res, _, err := c.Object.Select(ctx, "n.csv", &cos.SelectRequest{
		Expression:          "SELECT * FROM COSObject",
		InputSerialization:  cos.SelectInputSerialization{CSV: &cos.CSVInput{}},
		OutputSerialization: cos.SelectOutputSerialization{CSV: &cos.CSVOutput{}},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer res.Close()
	got, err := io.ReadAll(res)
	var se *cos.ServiceError
	fmt.Printf("read %q, then %v: %s\n", got, errors.As(err, &se), cos.ErrorCode(err))
	// Output:
	// read "1\n", then true: InternalError
}
