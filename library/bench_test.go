package library_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/library"
	"github.com/kutip/kutip/qa"
)

var chatArticles = filepath.Join("..", "eval", "chat", "articles")

// questions reads the first n questions of eval/chat.
func questions(b *testing.B, n int) []string {
	f, err := os.Open(filepath.Join("..", "eval", "chat", "qa.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []string
	for sc := bufio.NewScanner(f); sc.Scan() && len(out) < n; {
		var q struct{ Question string }
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			b.Fatal(err)
		}
		out = append(out, q.Question)
	}
	return out
}

// askers returns eval/chat's first 50 questions, and its articles' engine
// and library.
func askers(b *testing.B) ([]string, *qa.Engine, *library.Library) {
	qs := questions(b, 50)
	c, err := corpus.Load(chatArticles)
	if err != nil {
		b.Fatal(err)
	}
	lib, err := library.Open(b.Context(), library.Config{Corpus: chatArticles})
	if err != nil {
		b.Fatal(err)
	}
	return qs, qa.New(c), lib
}

// BenchmarkAsk asks the whole library of eval/chat's articles: of the
// engine itself (what kutip did before the library), through the library's
// holder, and through it with a chat's Visible filter, side by side.
func BenchmarkAsk(b *testing.B) {
	qs, eng, lib := askers(b)
	run := func(b *testing.B, ask func(q qa.Query) (qa.Answer, error), visible func(string) bool) {
		for i := 0; b.Loop(); i++ {
			if _, err := ask(qa.Query{Text: qs[i%len(qs)], N: 3, Visible: visible}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("engine", func(b *testing.B) {
		run(b, func(q qa.Query) (qa.Answer, error) { return eng.Ask(b.Context(), q) }, nil)
	})
	b.Run("library", func(b *testing.B) {
		run(b, func(q qa.Query) (qa.Answer, error) { return lib.Ask(b.Context(), q) }, nil)
	})
	b.Run("library-visible", func(b *testing.B) {
		run(b, func(q qa.Query) (qa.Answer, error) { return lib.Ask(b.Context(), q) }, func(id string) bool { return lib.Visible("telegram:1", id) })
	})
}

// BenchmarkReload is what a change of the corpus folder costs, as Watch
// makes it: the folder read again with nothing changed, and with one file
// of it rewritten (its text alternating between two versions) each time.
func BenchmarkReload(b *testing.B) {
	folders := map[string]string{"chat-6": chatArticles, "squad-51": filepath.Join("..", "..", "shared", "eval", "squad-id", "articles")}
	for _, name := range []string{"chat-6", "squad-51"} {
		for _, change := range []bool{false, true} {
			sub := name + "/same"
			if change {
				sub = name + "/one-changed"
			}
			b.Run(sub, func(b *testing.B) {
				if _, err := os.Stat(folders[name]); err != nil {
					b.Skip(err)
				}
				dir := b.TempDir()
				if err := os.CopyFS(dir, os.DirFS(folders[name])); err != nil {
					b.Fatal(err)
				}
				files, err := filepath.Glob(filepath.Join(dir, "*.md"))
				if err != nil || len(files) == 0 {
					files, err = filepath.Glob(filepath.Join(dir, "*.txt"))
				}
				if err != nil || len(files) == 0 {
					b.Fatalf("no article files in %s: %v", dir, err)
				}
				orig, err := os.ReadFile(files[0])
				if err != nil {
					b.Fatal(err)
				}
				lib, err := library.Open(b.Context(), library.Config{Corpus: dir})
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; b.Loop(); i++ {
					if change {
						text := append(slices.Clip(orig), fmt.Sprintf("\n\nParagraf tambahan nomor %d.\n", i%2)...)
						if err := os.WriteFile(files[0], text, 0o644); err != nil {
							b.Fatal(err)
						}
					}
					if err := lib.Reload(b.Context()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkAskRatio asks each question of the engine and of the library in
// turn, so that the machine's load falls on both alike, and reports the
// library's time over the engine's: what the holder costs.
func BenchmarkAskRatio(b *testing.B) {
	qs, eng, lib := askers(b)
	var direct, held time.Duration
	for i := 0; b.Loop(); i++ {
		q := qa.Query{Text: qs[i%len(qs)], N: 3}
		start := time.Now()
		if _, err := eng.Ask(b.Context(), q); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		q.Visible = func(id string) bool { return lib.Visible("telegram:1", id) }
		if _, err := lib.Ask(b.Context(), q); err != nil {
			b.Fatal(err)
		}
		direct, held = direct+mid.Sub(start), held+time.Since(mid)
	}
	b.ReportMetric(float64(held)/float64(direct), "library/engine")
}
