// Package examples holds runnable programs; this test builds each one and
// runs it the way a new user would, with no credentials set, against the
// embedded costest server.
package examples

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestExamplesRunWithoutCredentials(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every example")
	}
	dirs, err := filepath.Glob("*/main.go")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	bin := t.TempDir()
	for _, m := range dirs {
		name := filepath.Dir(m)
		t.Run(name, func(t *testing.T) {
			exe := filepath.Join(bin, name)
			build := exec.Command("go", "build", "-o", exe, "./"+name)
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, exe)
			cmd.Dir = t.TempDir()
			cmd.Env = withoutCOS(os.Environ())
			cmd.Stdin = strings.NewReader("")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s exited with %v\n%s", name, err, out)
			}
			if len(out) == 0 {
				t.Fatalf("%s printed nothing", name)
			}
			t.Logf("%s output:\n%s", name, out)
		})
	}
}

func withoutCOS(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "COS_") {
			out = append(out, kv)
		}
	}
	return out
}
