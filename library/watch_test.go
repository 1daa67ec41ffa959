package library_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/fetch"
	"github.com/kutip/kutip/qa"
)

// within waits up to d for ok, and says how long it took.
func within(t *testing.T, d time.Duration, what string, ok func() bool) {
	t.Helper()
	start := time.Now()
	for !ok() {
		if time.Since(start) > d {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
}

// TestWatch writes a file into the watched folder and asks about it,
// changes it, removes it, and writes a file kutip cannot read: each is in,
// updated or out within 2 seconds, the bad one skipped with a warning.
func TestWatch(t *testing.T) {
	dir := folder(t, map[string]string{"gempa.md": gempa})
	k := open(t, dir, "", fetch.Options{}, false)
	done := make(chan error, 1)
	go func() { done <- k.lib.Watch(t.Context()) }()
	time.Sleep(100 * time.Millisecond) // the watch is set up

	banjir := "---\ntitle: Banjir Bandung\n---\nBanjir merendam 12 desa di Kabupaten Bandung.\n\nSekitar 3.000 warga mengungsi ke balai desa."
	write(t, filepath.Join(dir, "banjir.md"), banjir)
	within(t, 2*time.Second, "a file added", func() bool { _, ok := k.lib.Article("banjir"); return ok })
	rep := k.handle(t, ask("terminal", "Berapa warga yang mengungsi?"))
	if len(rep.Quotes) == 0 || rep.Quotes[0].Article != "banjir" {
		t.Fatalf("asked about the file added: %+v", rep)
	}

	write(t, filepath.Join(dir, "banjir.md"), banjir+"\n\nPengungsi bertambah menjadi 4.500 orang pada Rabu.")
	within(t, 2*time.Second, "a file changed", func() bool { a, _ := k.lib.Article("banjir"); return a.Sentences == 3 })

	if err := os.Mkdir(filepath.Join(dir, "regional"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "regional", "longsor.md"), "Longsor menimbun jalan di Garut.")
	within(t, 2*time.Second, "a file in a new folder", func() bool { _, ok := k.lib.Article("longsor"); return ok })

	write(t, filepath.Join(dir, "rusak.md"), "\xff\xfe not UTF-8")
	os.Remove(filepath.Join(dir, "banjir.md"))
	within(t, 2*time.Second, "a file removed", func() bool { _, ok := k.lib.Article("banjir"); return !ok })
	if _, ok := k.lib.Article("gempa"); !ok {
		t.Error("an unreadable file took the folder's other articles with it")
	}
	if !strings.Contains(k.log.String(), "rusak.md") {
		t.Errorf("no warning names the unreadable file:\n%s", k.log.String())
	}
	select {
	case err := <-done:
		t.Fatalf("Watch stopped: %v", err)
	default:
	}
}

// write writes a file whole, as an editor that saves by renaming does.
func write(t *testing.T, path, text string) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// TestAskWhileReloading asks questions while files come and go and the
// library reloads: every question is answered, from the old library or
// the new one, never with an error (run it with -race).
func TestAskWhileReloading(t *testing.T) {
	files := map[string]string{"gempa.md": gempa}
	for i := range 5 {
		files[fmt.Sprintf("banjir-%d.md", i)] = fmt.Sprintf("Banjir merendam %d desa di Kabupaten Bandung.\n\nSekitar %d warga mengungsi.", 10+i, 1000*(i+1))
	}
	dir := folder(t, files)
	k := open(t, dir, "", fetch.Options{}, false)
	ctx, cancel := context.WithCancel(t.Context())
	watched := make(chan error, 1)
	go func() { watched <- k.lib.Watch(ctx) }() // reloads too, as the files change
	var stop atomic.Bool
	var asked atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				for _, req := range []bot.Request{
					ask("terminal", "Berapa warga yang mengungsi?"),
					{Command: bot.CmdSummary, Chat: "terminal"},
					{Command: bot.CmdArticle, Chat: "terminal"},
				} {
					rep, err := k.rt.Handle(t.Context(), req)
					if err != nil || rep.Outcome == bot.Failed {
						t.Errorf("%s during a reload: %v, %+v", req.Command, err, rep)
						return
					}
					asked.Add(1)
				}
			}
		})
	}
	for i := range 5 {
		name := filepath.Join(dir, fmt.Sprintf("banjir-%d.md", i))
		os.Remove(name)
		if err := k.lib.Reload(t.Context()); err != nil {
			t.Error(err)
		}
		write(t, name, files[filepath.Base(name)])
		if err := k.lib.Reload(t.Context()); err != nil {
			t.Error(err)
		}
	}
	os.Remove(filepath.Join(dir, "banjir-0.md"))
	within(t, 2*time.Second, "a file removed while questions come in", func() bool { _, ok := k.lib.Article("banjir-0"); return !ok })
	stop.Store(true)
	wg.Wait()
	cancel()
	if err := <-watched; err != nil {
		t.Error(err)
	}
	t.Logf("%d requests answered during 10 reloads", asked.Load())
}

// TestSnapshotWhileChanging changes one file again and again, adds and
// removes another, and reloads, while readers check that every step of a
// request reads one library: an article a snapshot lists is there for
// each call of the same snapshot, and its answer is the version the
// snapshot holds (run it with -race).
func TestSnapshotWhileChanging(t *testing.T) {
	version := func(v int) string {
		return fmt.Sprintf("---\ntitle: Gudang %d\n---\nGudang nomor %d terbakar pada Kamis malam.\n\nKerugian gudang nomor %d ditaksir miliaran rupiah.", v, v, v)
	}
	dir := folder(t, map[string]string{"gempa.md": gempa, "gudang.md": version(0)})
	k := open(t, dir, "", fetch.Options{}, false)
	var stop atomic.Bool
	var checked atomic.Int64
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for !stop.Load() {
				s := k.lib.Snapshot()
				arts := s.Articles()
				for _, a := range arts {
					if _, ok := s.Article(a.ID); !ok {
						t.Errorf("%s listed, then gone in the same snapshot", a.ID)
						return
					}
					if _, err := s.Summary(a.ID, 1); err != nil {
						t.Errorf("summary of %s listed in the same snapshot: %v", a.ID, err)
						return
					}
				}
				info, ok := s.Article("gudang")
				if !ok {
					t.Error("gudang, never removed, is missing")
					return
				}
				ans, err := s.Ask(t.Context(), qa.Query{Text: "Gudang nomor berapa yang terbakar?", Article: "gudang"})
				if err != nil || ans.Abstained {
					t.Errorf("ask gudang: %v, %+v", err, ans)
					return
				}
				if n := strings.TrimPrefix(info.Title, "Gudang "); !strings.Contains(ans.Hits[0].Text, "nomor "+n+" ") {
					t.Errorf("snapshot of %q answered %q: another version", info.Title, ans.Hits[0].Text)
					return
				}
				checked.Add(1)
			}
		})
	}
	extra := filepath.Join(dir, "banjir.md")
	for i := 1; i <= 20; i++ {
		write(t, filepath.Join(dir, "gudang.md"), version(i))
		if i%2 == 1 {
			write(t, extra, "Banjir merendam 12 desa di Kabupaten Bandung.\n\nSekitar 3000 warga mengungsi.")
		} else if err := os.Remove(extra); err != nil {
			t.Fatal(err)
		}
		if err := k.lib.Reload(t.Context()); err != nil {
			t.Fatal(err)
		}
		if _, ok := k.lib.Article("banjir"); ok != (i%2 == 1) {
			t.Fatalf("reload %d: banjir there %v", i, ok)
		}
		if a, _ := k.lib.Article("gudang"); a.Title != fmt.Sprintf("Gudang %d", i) {
			t.Fatalf("reload %d: gudang is %q", i, a.Title)
		}
	}
	stop.Store(true)
	wg.Wait()
	if checked.Load() == 0 {
		t.Fatal("no request checked")
	}
	t.Logf("%d requests checked during 20 reloads", checked.Load())
}
