// Package golden compares what a test made with a file under the test's
// testdata folder, and rewrites the file instead when the tests run with
// -update: go test ./... -update, then read the diff.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata with today's output")

// Check compares got with the file at path, or writes got there under
// -update. A test's missing golden file is a failure that says how to make
// it.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s changed (go test -update, then read the diff):\n%s", path, got)
	}
}
