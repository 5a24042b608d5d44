package transfer

import (
	"fmt"
	"io/fs"
	"os"
	"time"
)

// fileID is what identifies a local file's content cheaply: its size and
// modification time and, where the OS has them, its inode, device and
// change time. A file rewritten in place with its size and mtime put back
// (cp -p, rsync -t, touch -r, tar) still gets a new ctime, and one
// replaced by a rename a new inode. Recorded in upload checkpoints.
type fileID struct {
	Size    int64     `json:"file_size"`
	ModTime time.Time `json:"mod_time"`
	Inode   uint64    `json:"inode,omitempty"`
	Dev     uint64    `json:"dev,omitempty"`
	CTime   time.Time `json:"ctime,omitzero"`
}

func statFile(f *os.File) (fileID, fs.FileInfo, error) {
	st, err := f.Stat()
	if err != nil {
		return fileID{}, nil, fmt.Errorf("transfer: %w", err)
	}
	return idOf(st), st, nil
}

func idOf(st fs.FileInfo) fileID {
	id := fileID{Size: st.Size(), ModTime: st.ModTime().UTC()}
	id.Inode, id.Dev, id.CTime = sysStamp(st)
	if !id.CTime.IsZero() {
		id.CTime = id.CTime.UTC()
	}
	return id
}

func (a fileID) same(b fileID) bool {
	return a.Size == b.Size && a.ModTime.Equal(b.ModTime) && a.Inode == b.Inode && a.Dev == b.Dev && a.CTime.Equal(b.CTime)
}
