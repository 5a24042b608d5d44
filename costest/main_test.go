package costest_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain fails the run if goroutines of costest (or of the net/http
// servers it started) outlive the tests: every Server must be closed and
// nothing may keep running after Close.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if leaked := leakedGoroutines(); leaked != "" {
			fmt.Fprintln(os.Stderr, "leaked goroutines:\n"+leaked)
			code = 1
		}
	}
	os.Exit(code)
}

func leakedGoroutines() string {
	var stacks string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		stacks = ""
		for g := range strings.SplitSeq(string(buf), "\n\n") {
			if strings.Contains(g, "costest.") || strings.Contains(g, "net/http.(*conn).serve") ||
				strings.Contains(g, "httptest.(*Server)") {
				if !strings.Contains(g, "leakedGoroutines") && !strings.Contains(g, "TestMain") {
					stacks += g + "\n\n"
				}
			}
		}
		if stacks == "" {
			return ""
		}
	}
	return stacks
}
