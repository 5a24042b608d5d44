package cos_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/cosgo/cos"
)

// Append builds a log object piece by piece; each result says where the
// next piece goes. After a lost answer (Append is never retried), Head
// tells where the object really ends.
func ExampleObjectService_Append() {
	c, srv := exampleSetup()
	defer srv.Close()
	ctx := context.Background()

	var pos int64
	for _, line := range []string{"started\n", "working\n"} {
		res, _, err := c.Object.Append(ctx, "logs/run.log", pos, strings.NewReader(line), nil)
		if err != nil {
			log.Fatal(err)
		}
		pos = res.NextPosition
	}

	// A retry from a stale position is refused, and nothing is added twice.
	_, _, err := c.Object.Append(ctx, "logs/run.log", 0, strings.NewReader("started\n"), nil)
	fmt.Println(errors.Is(err, cos.ErrPositionNotEqualToLength))

	meta, _, err := c.Object.Head(ctx, "logs/run.log", nil)
	if err != nil {
		log.Fatal(err)
	}
	res, _, err := c.Object.Append(ctx, "logs/run.log", meta.NextAppendPosition, strings.NewReader("done\n"), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(meta.ObjectType, res.NextPosition, res.CRC64 == cos.CRC64([]byte("started\nworking\ndone\n")))

	resp, err := c.Object.Get(ctx, "logs/run.log", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Print(string(body))
	// Output:
	// true
	// appendable 21 true
	// started
	// working
	// done
}
