package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"-addr", "127.0.0.1:0", "-anonymous", "-appid", "1300000000", "-restore-delay", "0s"}, &out, io.Discard)
	}()
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	require.Eventually(t, func() bool { return re.MatchString(out.String()) }, 5*time.Second, 10*time.Millisecond)
	base := re.FindString(out.String())

	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	req, err := http.NewRequest(http.MethodPut, base+"/demo-1300000000/", nil)
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
	resp, err = client.Get(base + "/")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), "<Name>demo-1300000000</Name>")
	assert.Equal(t, "tencent-cos", resp.Header.Get("Server"))

	cancel()
	select {
	case err := <-errc:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	assert.Contains(t, out.String(), "signatures are not checked")
	assert.Contains(t, out.String(), "cosfake: stopped")
}

func TestRunPrintsCredentials(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"-addr", "127.0.0.1:0", "-secret-id", "AKIDx", "-secret-key", "k"}, &out, io.Discard)
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "SecretKey=k") }, 5*time.Second, 10*time.Millisecond)
	assert.Contains(t, out.String(), "SecretId=AKIDx")
	cancel()
	require.NoError(t, <-errc)
}

func TestRunFlags(t *testing.T) {
	var stderr syncBuffer
	err := run(context.Background(), []string{"-h"}, io.Discard, &stderr)
	assert.True(t, errors.Is(err, flag.ErrHelp))
	for _, name := range []string{"-addr", "-secret-id", "-secret-key", "-appid", "-region", "-anonymous", "-restore-delay"} {
		assert.Contains(t, stderr.String(), name)
	}
	assert.Error(t, run(context.Background(), []string{"-nope"}, io.Discard, io.Discard))
	assert.Error(t, run(context.Background(), []string{"extra"}, io.Discard, io.Discard))
	assert.Error(t, run(context.Background(), []string{"-restore-delay", "soon"}, io.Discard, io.Discard))
	assert.Error(t, run(context.Background(), []string{"-addr", "256.0.0.1:bad"}, io.Discard, io.Discard))
}
