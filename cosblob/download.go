package cosblob

import (
	"context"
	"io"

	"github.com/cosgo/cos/transfer"
	"gocloud.dev/blob/driver"
)

// DownloadAt implements driver.DownloaderAt with transfer.Downloader:
// concurrent ranged GETs pinned to the ETag of a first HEAD, each range
// continued when cut off, and the whole checked against COS's CRC64.
// ReaderOptions.BufferSize and MaxConcurrency set the range size and the
// ranges in flight. BeforeRead sees *transfer.DownloadOptions and
// *transfer.Downloader.
func (b *bucket) DownloadAt(ctx context.Context, key string, w io.WriterAt, opts *driver.ReaderOptions) error {
	d := transfer.NewDownloader(b.client, b.transferOptions(int64(opts.BufferSize), opts.MaxConcurrency)...)
	do := &transfer.DownloadOptions{}
	if opts.BeforeRead != nil {
		err := opts.BeforeRead(func(i any) bool {
			switch p := i.(type) {
			case **transfer.DownloadOptions:
				*p = do
			case **transfer.Downloader:
				*p = d
			default:
				return false
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	return d.Download(ctx, escapeKey(key), w, do)
}
