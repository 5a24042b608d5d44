// Package reliability holds cosgo's reliability and security suite, as
// tests only: the fault matrix (faults x operations against costest), the
// bad-input table, credential refresh under load, a 64-goroutine
// concurrency test, a secrets scan of a whole quickstart flow and a
// black-box fuzz target for transfer checkpoints. It lives in its own
// package so it can import cos, costest and transfer without cycles.
//
// TestFaultMatrix renders RELIABILITY.md at the repository root and fails
// when the file is stale; regenerate it with
//
//	go test ./internal/reliability -run TestFaultMatrix -update
package reliability
