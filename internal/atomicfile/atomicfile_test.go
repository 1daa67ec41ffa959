package atomicfile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kutip/kutip/internal/atomicfile"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	for _, content := range []string{`{"a":1}`, `{"a":2}`} {
		if err := atomicfile.Write(path, []byte(content)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("after Write(%q): %q, %v", content, got, err)
		}
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 {
		t.Errorf("%d files in the folder, want only the one written: no temporary file left", len(files))
	}
	if err := atomicfile.Write(filepath.Join(dir, "missing", "x"), nil); err == nil {
		t.Error("Write into a missing folder: no error")
	}
}
