package reliability

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The sections of RELIABILITY.md on verified ranges, resumes and crashes:
// each problem of issue 24 on the transfer side, the tests that reproduce
// it (they fail without the fix), and the crash test.

type provenBy struct {
	problem string
	tests   []string // "pkg.TestName", pkg relative to the repository root ("." for cos)
}

var hardening = []provenBy{
	{"1. A range answer of another range or another ETag was taken for the range asked for (an object without CRC64 downloaded wrong, `Download` = nil)", []string{
		"internal/reliability.TestHostileRanges", "transfer.TestDownloadRefusesAnswersForAnotherRangeOrVersion",
		"transfer.TestDownloadRefusesAnswersOfAnotherCRC64", "..TestGetRangeAnswerMustNameTheRangeAskedFor",
		"..TestGetIfMatchAnswerMustCarryThatETag", "cosfs.TestReadsRefuseAnotherRangeOrVersion",
		"..TestGetRangeAnswerOfUnknownLengthHoldsTheRange", "..TestGetWithoutRangeRefusesPartialContent",
	}},
	{"2. A resumed UploadFile reused parts that do not fit the plan (a `part_size` disagreeing with the parts completed an object of the wrong length)", []string{
		"transfer.TestUploadResumeRefusesPartsNotFittingThePlan",
	}},
	{"3. A file rewritten with its size and mtime put back resumed into a mix of old and new content", []string{
		"transfer.TestUploadResumeNoticesRewriteWithMtimePutBack", "transfer.TestUploadResumeReadsPartsBack",
	}},
	{"4. A resumed DownloadFile trusted the checkpoint's CRC64s instead of the bytes in its temporary file", []string{
		"transfer.TestDownloadResumeReadsBackTemporaryFile",
	}},
	{"12. Temporary files of checkpoint saves killed midway were never collected", []string{
		"transfer.TestCheckpointTemporariesCollected", "internal/reliability.TestCrashResume",
	}},
	{"13. An unreadable checkpoint leaked its multipart upload and its `.part` file", []string{
		"transfer.TestUnreadableUploadCheckpointStillAbortsItsUpload", "transfer.TestUnreadableDownloadCheckpointStillRemovesItsTempFile",
	}},
	{"14. A checkpoint found under another key's name made the run abort that key's upload", []string{
		"transfer.TestForeignCheckpointNeverAbortsAnotherKeysUpload",
	}},
	{"15. A crash after Complete cost a full re-upload; a directory destination failed only after the download; a truncated source gave an untestable error", []string{
		"transfer.TestUploadFileFinishedButCheckpointLeftIsNotUploadedAgain", "transfer.TestDownloadFileAlreadyInPlaceIsNotFetchedAgain",
		"transfer.TestDownloadFileIntoDirectoryFailsBeforeAnyRequest", "..TestGetToFileIntoDirectoryFailsBeforeRequest",
		"transfer.TestUploadFileTruncatedDuringUploadFails",
	}},
	{"A run killed between initiating its upload and recording the ID left an upload no checkpoint named", []string{
		"transfer.TestUploadFileSweepsUploadOfCrashedInitiate", "internal/reliability.TestCrashResume",
	}},
	{"Two runs of one checkpointed download (two processes) share its temporary file's name: one put the other's partial file in place and returned nil, or deleted it when it failed", []string{
		"transfer.TestDownloadFileNeverPutsAnotherRunsFileInPlace", "transfer.TestFailedDownloadLeavesAnotherRunsFileAlone",
	}},
}

// splitTest reads "pkg.TestName" ("..TestName" for package cos at the
// root).
func splitTest(s string) (pkg, name string) {
	i := strings.LastIndex(s, ".")
	pkg, name = s[:i], s[i+1:]
	if pkg == "." {
		pkg = ""
	}
	return pkg, name
}

func testLabel(s string) string {
	pkg, name := splitTest(s)
	if pkg == "" {
		return "`" + name + "` (cos)"
	}
	return "`" + name + "` (" + pkg + ")"
}

// TestHardeningTestsExist keeps the table honest: every test it names is a
// test function of that package.
func TestHardeningTestsExist(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	for _, p := range hardening {
		for _, s := range p.tests {
			pkg, name := splitTest(s)
			dir := filepath.Join(repoRoot, pkg)
			files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
			require.NoError(t, err)
			found := false
			for _, f := range files {
				file, err := parser.ParseFile(fset, f, nil, 0)
				require.NoError(t, err)
				for _, d := range file.Decls {
					if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == name {
						found = true
					}
				}
			}
			assert.True(t, found, "%s names %s, which is not a test of %s", p.problem, name, dir)
		}
	}
	_, err := os.Stat(filepath.Join(repoRoot, "transfer", "readback_bench_test.go"))
	require.NoError(t, err, "the read-back benchmark the section cites")
}

// hardeningDoc renders the sections on ranges, resumes and crashes.
func hardeningDoc() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("## Verified ranges and resumes\n\n")
	w("A proxy or CDN in front of a custom domain may answer a ranged GET with another range, or with another version\n")
	w("of the object when it ignores If-Match; for an object COS stores no CRC64 for, nothing downstream would notice.\n")
	w("`TestHostileRanges` serves such answers (`costest.FaultWrongRange`, `costest.FaultForeignETag`) to every reader\n")
	w("of ranges, the CRC64 header stripped: each must end as below, never with other bytes (and on failure leave the\n")
	w("destination as it was, without a temporary file). Readers that fetch ranges themselves fetch a refused one again.\n\n")
	w("%s\n", rangeTable())
	w("Resumes: a checkpoint is used only when it fits the plan (bucket, key, path, part size, each part's size by its\n")
	w("number) and the file is unchanged (size, mtime, inode, ctime); every reused part is read back from the file, and\n")
	w("every recorded range from a download's temporary file, and its CRC64 compared (`BenchmarkResumeReadBack` in\n")
	w("transfer measures that pass; the transfer package documentation gives the figures). Each problem below has\n")
	w("tests that reproduce it; the first one of each row fails on the code before the fix:\n\n")
	w("| problem | tests |\n|---|---|\n")
	for _, p := range hardening {
		var names []string
		for _, s := range p.tests {
			names = append(names, testLabel(s))
		}
		w("| %s | %s |\n", p.problem, strings.Join(names, ", "))
	}
	w("\n## Crash test\n\n")
	w("%s\n", crashDoc())
	return b.String()
}
