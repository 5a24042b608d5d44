// Command testing is a tiny application, a report archiver, written the
// way an application using cosgo would be; its test, main_test.go, shows
// how to test such code against costest, the in-memory COS server, in an
// ordinary _test.go file: no account, no network, no mocks to write.
//
// The archiver stores each report under reports/<day>/<name> with its
// author in the object's metadata, and lists the reports of a day.
//
// Without COS_SECRET_ID it starts costest in-process. With COS_SECRET_ID,
// COS_SECRET_KEY, COS_REGION and COS_BUCKET set, it runs against real COS,
// writing and then deleting a few objects under "cosgo-examples/testing/".
//
//	go run ./examples/testing
//	go test ./examples/testing
package main

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/examples/internal/demo"
)

// Archiver stores reports in a COS bucket. It takes a *cos.Client, so a
// test can hand it one that points at costest.
type Archiver struct {
	client *cos.Client
	// root is the key prefix all reports go under.
	root string
}

// Report is one archived report.
type Report struct {
	Key    string
	Name   string
	Size   int64
	Author string
}

// NewArchiver returns an archiver writing under root ("reports/" if empty).
func NewArchiver(c *cos.Client, root string) *Archiver {
	if root == "" {
		root = "reports/"
	}
	return &Archiver{client: c, root: root}
}

// Archive uploads one report of day and returns its key. A report already
// archived under the same name is kept: Archive fails with an error
// matching cos.ErrConflict rather than overwrite it.
func (a *Archiver) Archive(ctx context.Context, day time.Time, name, author string, body io.Reader) (string, error) {
	key := a.dayPrefix(day) + name
	_, _, err := a.client.Object.Put(ctx, key, body, &cos.ObjectPutOptions{
		ContentType:     "text/csv",
		Metadata:        map[string]string{"author": author},
		ForbidOverwrite: true,
	})
	if err != nil {
		return "", fmt.Errorf("archive %s: %w", name, err)
	}
	return key, nil
}

// List returns the reports of day, in name order, with their authors.
func (a *Archiver) List(ctx context.Context, day time.Time) ([]Report, error) {
	var out []Report
	for obj, err := range a.client.Bucket.Objects(ctx, &cos.ListObjectsOptions{Prefix: a.dayPrefix(day)}) {
		if err != nil {
			return nil, fmt.Errorf("list reports: %w", err)
		}
		meta, _, err := a.client.Object.Head(ctx, obj.Key, nil)
		if err != nil {
			return nil, fmt.Errorf("list reports: %w", err)
		}
		out = append(out, Report{Key: obj.Key, Name: path.Base(obj.Key), Size: obj.Size, Author: meta.Metadata["author"]})
	}
	return out, nil
}

// Delete removes every report of day and returns how many there were.
func (a *Archiver) Delete(ctx context.Context, day time.Time) (int, error) {
	reports, err := a.List(ctx, day)
	if err != nil || len(reports) == 0 {
		return 0, err
	}
	ids := make([]cos.ObjectIdentifier, len(reports))
	for i, r := range reports {
		ids[i] = cos.ObjectIdentifier{Key: r.Key}
	}
	res, _, err := a.client.Object.DeleteMulti(ctx, &cos.DeleteMultiOptions{Objects: ids, Quiet: true})
	if err != nil {
		return 0, err
	}
	if len(res.Errors) > 0 {
		return 0, fmt.Errorf("delete %s: %s", res.Errors[0].Key, res.Errors[0].Code)
	}
	return len(reports), nil
}

func (a *Archiver) dayPrefix(day time.Time) string {
	return a.root + day.UTC().Format(time.DateOnly) + "/"
}

func main() {
	demo.Run("testing example", time.Minute, run)
}

func run(ctx context.Context) error {
	c, _, cleanup, err := demo.Client("examples-1250000000")
	if err != nil {
		return err
	}
	defer cleanup()
	a := NewArchiver(c, "cosgo-examples/testing/reports/")
	day := time.Date(2030, 3, 31, 0, 0, 0, 0, time.UTC)
	// Clear what an interrupted earlier run may have left on a real bucket.
	if _, err := a.Delete(ctx, day); err != nil {
		return err
	}

	for _, r := range []struct{ name, author, body string }{
		{"sales.csv", "alice", "region,total\nsouth,42\nnorth,17\n"},
		{"stock.csv", "bob", "sku,count\nA-1,3\n"},
	} {
		key, err := a.Archive(ctx, day, r.name, r.author, strings.NewReader(r.body))
		if err != nil {
			return err
		}
		fmt.Println("archived", key)
	}
	reports, err := a.List(ctx, day)
	if err != nil {
		return err
	}
	fmt.Printf("reports of %s:\n", day.Format(time.DateOnly))
	for _, r := range reports {
		fmt.Printf("  %-10s %3d bytes, by %s\n", r.Name, r.Size, r.Author)
	}
	n, err := a.Delete(ctx, day)
	if err != nil {
		return err
	}
	fmt.Printf("deleted %d reports\n", n)
	return nil
}
