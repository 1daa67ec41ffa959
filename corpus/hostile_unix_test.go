//go:build unix

package corpus_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kutip/kutip/corpus"
)

// TestLoadHostileFiles: /dev/zero, a symlink to it and a FIFO in a corpus
// folder are skipped with a warning that names them, without being read
// (or, for the FIFO, opened: that waits for a writer); a symlink to a
// regular file loads.
func TestLoadHostileFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.md")
	if err := os.WriteFile(good, []byte("---\ntitle: Baik\n---\nIsi yang baik."), 0o644); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(t.TempDir(), "linked.md")
	if err := os.WriteFile(elsewhere, []byte("---\ntitle: Tertaut\n---\nIsi yang tertaut."), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for name, target := range map[string]string{"zero.md": "/dev/zero", "fifo-link.md": fifo, "linked.md": elsewhere} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		c      *corpus.Corpus
		err    error
		warned map[string]error
	}
	load := func(path string) result {
		done := make(chan result, 1)
		go func() {
			r := result{warned: map[string]error{}}
			l := corpus.Loader{Warn: func(p string, err error) { r.warned[p] = err }}
			r.c, r.err = l.Load(path)
			done <- r
		}()
		select {
		case r := <-done:
			return r
		case <-time.After(10 * time.Second):
			t.Fatalf("Load(%s) did not return in 10s", path)
			return result{}
		}
	}
	r := load(dir)
	if r.err != nil {
		t.Fatal(r.err)
	}
	var titles []string
	for _, a := range r.c.Articles {
		titles = append(titles, a.Title)
	}
	if strings.Join(titles, ", ") != "Baik, Tertaut" {
		t.Errorf("loaded %q, want the good article and the linked one", titles)
	}
	for _, name := range []string{"zero.md", "fifo.txt", "fifo-link.md"} {
		p := filepath.Join(dir, name)
		err, ok := r.warned[p]
		if !ok || !errors.Is(err, corpus.ErrNotFile) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: warned %v, want a warning naming it, not a regular file", name, err)
		}
	}
	if len(r.warned) != 3 {
		t.Errorf("%d warnings, want 3: %v", len(r.warned), r.warned)
	}
	// --corpus /dev/zero, and the FIFO on its own: an error naming each.
	for _, p := range []string{"/dev/zero", fifo} {
		if r := load(p); !errors.Is(r.err, corpus.ErrNotFile) || !strings.Contains(r.err.Error(), p) {
			t.Errorf("Load(%s) = %v, want an error naming it, not a regular file", p, r.err)
		}
	}
}
