package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that keeps its failures.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "reply.txt")
	missing := &recorder{TB: t}
	Check(missing, path, []byte("x"))
	if !missing.failed {
		t.Error("a missing golden file passed")
	}
	*update = true
	Check(t, path, []byte("kutip\n"))
	*update = false
	if b, err := os.ReadFile(path); err != nil || string(b) != "kutip\n" {
		t.Fatalf("-update wrote %q, %v", b, err)
	}
	Check(t, path, []byte("kutip\n"))
	changed := &recorder{TB: t}
	Check(changed, path, []byte("kutip!\n"))
	if !changed.failed {
		t.Error("a changed output passed")
	}
}
