package reliability

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosgo/cos"
	"github.com/cosgo/cos/costest"
	"github.com/cosgo/cos/transfer"
	"github.com/stretchr/testify/require"
)

// The crash test: UploadFile and DownloadFile run in child processes (this
// test binary, re-executed in the TestCrashChild mode) against a costest
// server in the parent, and are killed with SIGKILL at random moments, then
// resumed by a new child, until one completes. The result must be
// byte-identical and nothing may be left behind: no checkpoint or
// temporary file, no stray .part file, no multipart upload.

const (
	// crashKills and crashKillsLong are the kills of each kind of transfer
	// in a default run and with COSGO_LONG=1.
	crashKills     = 3
	crashKillsLong = 20
	// crashKillsPerTransfer is how often one transfer is killed before it
	// is let finish.
	crashKillsPerTransfer = 3
	crashSize             = 5*partSize + 3
	// crashDelay slows every UploadPart, CompleteMultipartUpload and
	// ranged GET on the server, so a transfer lasts long enough to be
	// killed in all its phases.
	crashDelay = 10 * time.Millisecond
	// crashJitter is the most a kill waits after the event it follows.
	crashJitter = 20 * time.Millisecond
	crashEnv    = "COSGO_CRASH_CHILD"
	eventPrefix = "cosgo-crash: "
)

// crashKind is one kind of transfer the crash test kills.
type crashKind struct {
	name string
	ops  []costest.Op // slowed by crashDelay
	// prepare sets up a new transfer and returns the file the child
	// reads or writes.
	prepare func(t *testing.T, srv *costest.Server, work, key string) string
	// check asserts the result once a child completed.
	check func(t *testing.T, srv *costest.Server, work, key, file string)
}

var crashKinds = []crashKind{
	{
		name: "upload", ops: []costest.Op{costest.OpUploadPart, costest.OpCompleteMultipartUpload},
		prepare: func(t *testing.T, srv *costest.Server, work, key string) string {
			path := filepath.Join(work, "src.bin")
			require.NoError(t, os.WriteFile(path, crashData(key), 0o644))
			return path
		},
		check: func(t *testing.T, srv *costest.Server, work, key, file string) {
			got, ok := srv.Object(bucket, key)
			require.True(t, ok, "the object is stored")
			require.True(t, bytes.Equal(crashData(key), got), "the object is the file")
			require.Equal(t, []string{"src.bin"}, dirNames(t, work), "nothing beside the source")
		},
	},
	{
		name: "download", ops: []costest.Op{costest.OpGetObject},
		prepare: func(t *testing.T, srv *costest.Server, work, key string) string {
			require.NoError(t, srv.PutObject(bucket, key, crashData(key), nil))
			path := filepath.Join(work, "dest.bin")
			require.NoError(t, os.WriteFile(path, oldData, 0o644))
			return path
		},
		check: func(t *testing.T, srv *costest.Server, work, key, file string) {
			got, err := os.ReadFile(file)
			require.NoError(t, err)
			require.True(t, bytes.Equal(crashData(key), got), "the file is the object")
			require.Equal(t, []string{"dest.bin"}, dirNames(t, work), "no temporary or .part file")
		},
	},
}

func crashData(key string) []byte {
	var seed uint64
	for _, c := range key {
		seed = seed*31 + uint64(c)
	}
	return randomBytes(seed, crashSize)
}

func crashTarget() int {
	if os.Getenv("COSGO_LONG") == "1" {
		return crashKillsLong
	}
	return crashKills
}

// TestCrashResume kills transfers in child processes; see above.
func TestCrashResume(t *testing.T) {
	t.Parallel()
	if os.Getenv(crashEnv) != "" {
		t.Skip("in a child")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("COSGO_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("COSGO_CRASH_SEED=%d", seed)
	rnd := rand.New(rand.NewPCG(seed, 7))
	for _, kind := range crashKinds {
		kseed := rnd.Uint64()
		t.Run(kind.name, func(t *testing.T) {
			t.Parallel()
			srv := costest.NewServer()
			t.Cleanup(srv.Close)
			require.NoError(t, srv.CreateBucket(bucket))
			for _, op := range kind.ops {
				srv.Inject(costest.Fault{Kind: costest.FaultDelay, Op: op, Delay: crashDelay, Times: -1})
			}
			// A real disk, not tmpfs: its syncs make the moments a
			// checkpoint or a temporary file is being written last long
			// enough for kills to land in them.
			root := t.TempDir()
			cpDir := filepath.Join(root, "checkpoints")
			kills, completions := 0, 0
			phases := map[string]int{}
			r := rand.New(rand.NewPCG(kseed, 1))
			for transfer := 0; kills < crashTarget(); transfer++ {
				require.Less(t, transfer, 4*crashTarget(), "kills keep missing: %d of %d", kills, crashTarget())
				key := fmt.Sprintf("crash/%s-%d.bin", kind.name, transfer)
				work := filepath.Join(root, "work-"+strconv.Itoa(transfer))
				require.NoError(t, os.MkdirAll(work, 0o755))
				file := kind.prepare(t, srv, work, key)
				done := 0 // parts or ranges reported by the last child
				for attempt := 0; ; attempt++ {
					require.Less(t, attempt, 4*crashKillsPerTransfer, "the transfer never completes")
					kill := attempt < crashKillsPerTransfer && kills < crashTarget()
					phase, parts := runCrashChild(t, r, kind.name, srv, key, file, cpDir, kill, done)
					done = max(done, parts)
					if phase != "" {
						kills++
						phases[phase]++
						continue
					}
					completions++
					break
				}
				kind.check(t, srv, work, key, file)
				require.Empty(t, dirNames(t, cpDirOrEmpty(t, cpDir)), "no checkpoint or temporary left")
				require.Empty(t, srv.MultipartUploads(bucket), "no multipart upload left")
			}
			t.Logf("%s: %d kills (%v), %d transfers completed byte-identical with nothing left behind", kind.name, kills, phases, completions)
		})
	}
}

// runCrashChild runs one child to the end or, if kill is set, kills it at
// a random moment: after a random number of the events it still has to
// report (the start of the call, then a progress report per part or range
// beyond the done ones), plus up to crashJitter. It returns where a kill
// landed ("" when the child finished first) and the parts the child
// reported done.
func runCrashChild(t *testing.T, r *rand.Rand, mode string, srv *costest.Server, key, file, cpDir string, kill bool, done int) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		crashEnv+"="+mode, "COSGO_CRASH_ENDPOINT="+srv.URL, "COSGO_CRASH_REGION="+srv.Region(),
		"COSGO_CRASH_KEY="+key, "COSGO_CRASH_FILE="+file, "COSGO_CRASH_CPDIR="+cpDir)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	events := make(chan string)
	var out bytes.Buffer
	go func() {
		defer close(events)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			if ev, ok := strings.CutPrefix(line, eventPrefix); ok {
				events <- ev
			}
		}
	}()
	total := crashSize/partSize + 1
	after := r.IntN(total - done + 2) // start, a report when resumed, one per part left
	// Half the kills come within 2ms of the event, where the writes that
	// follow a progress report (checkpoint saves) are.
	jitter := time.Duration(r.Int64N(int64(crashJitter)))
	if r.IntN(2) == 0 {
		jitter = time.Duration(r.Int64N(int64(2 * time.Millisecond)))
	}
	seen, parts, sent, phase := 0, 0, false, ""
	for ev := range events {
		var doneBytes int64
		if _, err := fmt.Sscanf(ev, "progress %d %d", &doneBytes, &parts); err == nil || ev == "start" {
			seen++
		}
		if kill && !sent && seen > after {
			switch {
			case ev == "start":
				phase = "before any progress"
			case parts < total:
				phase = "between parts"
			default:
				phase = "after the last part"
			}
			time.Sleep(jitter)
			sent = cmd.Process.Kill() == nil
		}
	}
	err = cmd.Wait()
	// A signal that arrives after the call returned (the child printed
	// "done" and was exiting) interrupted nothing: it is no kill.
	finished := strings.Contains(out.String(), eventPrefix+"done")
	if sent && finished {
		return "", parts
	}
	if sent && err != nil {
		var ee *exec.ExitError
		require.ErrorAs(t, err, &ee)
		require.False(t, ee.Exited(), "a killed child ended by a signal: %v\n%s%s", err, out.String(), stderr.String())
		return phase, parts
	}
	require.NoError(t, err, "the child failed:\n%s%s", out.String(), stderr.String())
	require.Contains(t, out.String(), eventPrefix+"done", "the child completed")
	return "", parts
}

// TestCrashChild is the child of TestCrashResume: it runs one UploadFile
// or DownloadFile with a checkpoint and reports its progress on stdout.
func TestCrashChild(t *testing.T) {
	mode := os.Getenv(crashEnv)
	if mode == "" {
		t.Skip("run by TestCrashResume")
	}
	event := func(s string) { fmt.Fprintln(os.Stdout, eventPrefix+s) }
	c, err := cos.NewClient(cos.WithEndpoint(os.Getenv("COSGO_CRASH_ENDPOINT")), cos.WithRegion(os.Getenv("COSGO_CRASH_REGION")),
		cos.WithBucket(bucket), cos.WithStaticCredentials(costest.DefaultSecretID, costest.DefaultSecretKey, ""),
		cos.WithRetryer(fastRetryer()))
	require.NoError(t, err)
	opts := []transfer.Option{
		transfer.WithPartSize(partSize), transfer.WithConcurrency(2),
		transfer.WithCheckpointDir(os.Getenv("COSGO_CRASH_CPDIR")),
		transfer.WithProgress(func(p transfer.Progress) { event(fmt.Sprintf("progress %d %d", p.Done, p.Parts)) }),
	}
	key, file := os.Getenv("COSGO_CRASH_KEY"), os.Getenv("COSGO_CRASH_FILE")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	event("start")
	switch mode {
	case "upload":
		_, err = transfer.NewUploader(c, opts...).UploadFile(ctx, key, file, nil)
	case "download":
		err = transfer.NewDownloader(c, opts...).DownloadFile(ctx, key, file, nil)
	default:
		err = errors.New("unknown mode " + mode)
	}
	require.NoError(t, err)
	event("done")
}

// crashDoc is the crash section of RELIABILITY.md.
func crashDoc() string {
	var names []string
	for _, k := range crashKinds {
		names = append(names, k.name)
	}
	return fmt.Sprintf("`TestCrashResume` runs `UploadFile` and `DownloadFile` (with `WithCheckpointDir`, %s in %d MiB parts, "+
		"2 workers) in child processes, the test binary re-executed in its `TestCrashChild` mode, against a `costest` server in "+
		"the parent that delays each UploadPart, CompleteMultipartUpload and ranged GET by %v. It kills each child with SIGKILL (`kill -9`) at a random "+
		"moment: after a random number of its events (the call's start, each progress report), plus up to %v (half the "+
		"time under 2ms, where the checkpoint save that follows a report is; the files are on a real disk, whose syncs "+
		"keep those writes open long enough to be hit), so kills "+
		"fall before the first part, between parts (while parts are sent and checkpoints saved) and after the last one "+
		"(completing, renaming into place, removing the checkpoint); the test logs how many fell where. A new child then resumes the transfer; one transfer is killed up to %d times before it is let finish. "+
		"Kills of each kind (%s): **%d** in `go test ./...`, **%d** with `COSGO_LONG=1`; the seed is logged "+
		"(`COSGO_CRASH_SEED` replays it).\n\n"+
		"Outcome, asserted after every transfer: the object or the file is byte-identical to the source, the checkpoint "+
		"directory is empty (no checkpoint, no temporary of one), the destination's directory holds only the destination "+
		"(no `.part` file), and `Server.MultipartUploads` is empty (no orphan upload, including one initiated by a child "+
		"killed before it recorded the upload ID).\n",
		sizeText(crashSize), partSize>>20, crashDelay, crashJitter, crashKillsPerTransfer, strings.Join(names, ", "),
		crashKills, crashKillsLong)
}

func sizeText(n int) string {
	return fmt.Sprintf("%d MiB + %d bytes", n>>20, n%(1<<20))
}
