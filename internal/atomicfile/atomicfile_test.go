package atomicfile_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
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

func TestClean(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tele[1].json")
	for _, name := range []string{"tele[1].json", "tele[1].json.123.tmp", "tele[1].json.x.tmp", "other.json.1.tmp", "tele[1].jsonx.1.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := atomicfile.Clean(path); err != nil {
		t.Fatal(err)
	}
	var left []string
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		left = append(left, f.Name())
	}
	want := []string{"other.json.1.tmp", "tele[1].json", "tele[1].jsonx.1.tmp"}
	if !slices.Equal(left, want) {
		t.Errorf("after Clean: %q, want %q: only path's own temporary files removed", left, want)
	}
	if err := atomicfile.Clean(filepath.Join(dir, "missing", "x")); err != nil {
		t.Errorf("Clean in a missing folder: %v, want nothing to do", err)
	}
}

func TestReadJSON(t *testing.T) {
	for _, tt := range []struct {
		name, content string // "": no file
		want          map[string]int
		wantErr       bool
	}{
		{name: "missing", want: map[string]int{"kept": 1}},
		{name: "written", content: `{"a":2}`, want: map[string]int{"kept": 1, "a": 2}},
		{name: "broken", content: `{"a":`, wantErr: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "state.json")
			if tt.content != "" {
				if err := atomicfile.Write(path, []byte(tt.content)); err != nil {
					t.Fatal(err)
				}
			}
			stale := path + ".123.tmp" // a Write killed midway
			if err := os.WriteFile(stale, []byte("half"), 0o600); err != nil {
				t.Fatal(err)
			}
			got := map[string]int{"kept": 1}
			err := atomicfile.ReadJSON(path, &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ReadJSON: %v, want an error: %v", err, tt.wantErr)
			}
			if !tt.wantErr && !maps.Equal(got, tt.want) {
				t.Errorf("read %v, want %v", got, tt.want)
			}
			if _, err := os.Stat(stale); !os.IsNotExist(err) {
				t.Errorf("the stale temporary file is still there: %v", err)
			}
		})
	}
}
