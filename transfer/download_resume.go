package transfer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// rangePlan is how many ranges of partSize an object of size has.
func rangePlan(size, partSize int64) int {
	if size == 0 {
		return 0
	}
	return partCount(size, partSize)
}

// fittingRanges returns the recorded ranges that belong to the plan of cp:
// numbers in range, each once, each of the size its number calls for.
func fittingRanges(cp *downloadCheckpoint) []partInfo {
	if cp.PartSize <= 0 || cp.Size < 0 {
		return nil // no plan to fit (a damaged checkpoint)
	}
	count := rangePlan(cp.Size, cp.PartSize)
	seen := make(map[int]bool, len(cp.Ranges))
	var out []partInfo
	for _, p := range cp.Ranges {
		if p.Number < 1 || p.Number > count || seen[p.Number] ||
			p.Size != min(cp.PartSize, cp.Size-int64(p.Number-1)*cp.PartSize) {
			continue
		}
		seen[p.Number] = true
		out = append(out, p)
	}
	return out
}

// readBack reads every recorded range of the temporary file f again and
// keeps those whose CRC64 is the recorded one: the checkpoint says what
// was written, the file holds what is there now (a disk, another program
// or a crash may have changed it). A range that differs is fetched again.
func (df *fileDownload) readBack(ctx context.Context, f *os.File, cp *downloadCheckpoint) (map[int]partInfo, error) {
	done := map[int]partInfo{}
	buf := make([]byte, min(readBackBuffer, cp.PartSize))
	for _, p := range fittingRanges(cp) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		crc, err := crcOfRange(f, int64(p.Number-1)*cp.PartSize, p.Size, buf)
		if err != nil {
			return nil, fmt.Errorf("transfer: download %q: reading back range %d: %w", df.key, p.Number, err)
		}
		if crc == p.CRC64 {
			done[p.Number] = p
		}
	}
	cp.Ranges = sortParts(done)
	return done, nil
}

// inPlace reports whether the destination already holds what cp
// describes, completely: a run that died after renaming its temporary
// file into place but before removing its checkpoint. Every range is
// recorded, the temporary file is gone and the destination's bytes have
// the CRC64 the ranges combine to (and the object's, when COS stores one).
func (df *fileDownload) inPlace(ctx context.Context, cp *downloadCheckpoint) bool {
	// sameDownload first: it checks the range size the plan divides by.
	if !df.sameDownload(cp) || !ours(cp.TempPath, df.path) {
		return false
	}
	ranges := fittingRanges(cp)
	if len(ranges) != rangePlan(cp.Size, cp.PartSize) {
		return false
	}
	if _, err := os.Lstat(cp.TempPath); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	f, err := os.Open(df.path)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() != cp.Size || ctx.Err() != nil {
		return false
	}
	crc, err := crcOfRange(f, 0, cp.Size, make([]byte, min(readBackBuffer, cp.Size+1)))
	if err != nil {
		return false
	}
	want := combineCRC(sortParts(toMap(ranges)))
	return crc == want && (!df.meta.HasCRC64 || crc == df.meta.CRC64)
}

func toMap(parts []partInfo) map[int]partInfo {
	m := make(map[int]partInfo, len(parts))
	for _, p := range parts {
		m[p.Number] = p
	}
	return m
}
