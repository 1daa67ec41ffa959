package corpus_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kutip/kutip/corpus"
)

func TestDefault(t *testing.T) {
	a := corpus.Default().Articles[0]
	if a.ID != corpus.DefaultID || a.Language != "id" || a.Published != "2020-09-28" || a.Source != "TribunnewsWiki.com" {
		t.Errorf("meta = %q %+v", a.ID, a.Meta)
	}
	if got := len(a.Paragraphs); got != 22 {
		t.Errorf("%d paragraphs, want 22 (one a line)", got)
	}
	var related int
	for _, s := range a.Sentences {
		if s.Related {
			related++
			if !strings.HasPrefix(s.Text, "Baca:") {
				t.Errorf("related sentence %q", s.Text)
			}
		}
	}
	if related != 4 {
		t.Errorf("%d related lines, want 4", related)
	}
	aliyev := a.Sentences[12].Text
	if !strings.HasPrefix(aliyev, `"Kami ada dalam`) || !strings.HasSuffix(aliyev, "Ilham Aliyev.") {
		t.Errorf("the five-sentence quotation is not one unit with its attribution: %q", aliyev)
	}
}

func TestDefaultQuotations(t *testing.T) {
	a := corpus.Default().Articles[0]
	want := []struct{ speaker, role, start string }{
		{"Zohrab Mnatsakanyan", "Menteri Pertahanan Armenia", "Kami tetap komitmen"},
		{"Kemenlu", "Kementerian Luar Negeri Azerbaijan", "khususnya hukum humaniter"},
		{"Ilham Aliyev", "Presiden Republik Azerbaijan", "Kami ada dalam langkah"},
		{"Antonio Guterres", "Sekretaris Jenderal PBB", "sangat prihatin"},
	}
	if len(a.Quotations) != len(want) {
		t.Fatalf("%d quotations, want %d: %+v", len(a.Quotations), len(want), a.Quotations)
	}
	for i, w := range want {
		q := a.Quotations[i]
		if q.Speaker != w.speaker || q.Role != w.role || !strings.HasPrefix(q.Text, w.start) {
			t.Errorf("quotation %d = %+v, want %s (%s): %q...", i, q, w.speaker, w.role, w.start)
		}
	}
}

func TestQuotations(t *testing.T) {
	tests := []struct {
		text          string
		speaker, role string
	}{
		{`"Kami siap bertanding besok," kata pelatih Budi.`, "", ""}, // lower-case role: no capitalised name follows "kata"
		{`"Kami siap bertanding besok," kata Budi Santoso.`, "Budi Santoso", ""},
		{`"Kami siap bertanding," ujar Ketua Umum PSSI, Erick Thohir.`, "Erick Thohir", "Ketua Umum PSSI"},
		{`"We will win this," said Prime Minister Boris Johnson.`, "Boris Johnson", "Prime Minister"},
		{`"We will win this," Johnson said.`, "Johnson", ""},
		{`Johnson said: "We will win this."`, "Johnson", ""},
		{`Menurut Kemenkes, "angka kasus terus menurun".`, "Kemenkes", ""},
		{"Gubernur Jawa Barat Ridwan Kamil hadir. \"Kami akan bantu warga,\" katanya.", "Ridwan Kamil", "Gubernur Jawa Barat"},
		{"The minister, Jane Doe, arrived. She said \"the talks went well\".", "Jane Doe", ""},
		{`Film "Avatar" diputar lagi.`, "-", ""},
	}
	for _, tt := range tests {
		a := corpus.Parse("t", tt.text)
		if tt.speaker == "-" {
			if len(a.Quotations) != 0 {
				t.Errorf("%q: a one-word title is not speech: %+v", tt.text, a.Quotations)
			}
			continue
		}
		if len(a.Quotations) != 1 {
			t.Errorf("%q: %d quotations, want 1", tt.text, len(a.Quotations))
			continue
		}
		if q := a.Quotations[0]; q.Speaker != tt.speaker || q.Role != tt.role {
			t.Errorf("%q: speaker %q role %q, want %q %q", tt.text, q.Speaker, q.Role, tt.speaker, tt.role)
		}
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // paragraphs' first sentences
	}{
		{"one a line", "Satu.\nDua\n\"Tiga.\"", []string{"Satu.", "Dua", `"Tiga."`}},
		{"blank lines", "Satu. Dua.\n\nTiga.", []string{"Satu.", "Tiga."}},
		{"wrapped", "Ini kalimat yang\nterpotong baris. Lalu.\n\nBaru.", []string{"Ini kalimat yang terpotong baris.", "Baru."}},
		{"markdown title", "# Judul Besar\n\nIsi.", []string{"Isi."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := corpus.Parse("t", tt.text)
			var got []string
			for _, p := range a.Paragraphs {
				got = append(got, a.Sentences[p.Sentences[0]].Text)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("paragraphs start %q, want %q", got, tt.want)
			}
		})
	}
	if a := corpus.Parse("t", "# Judul Besar\n\nIsi."); a.Title != "Judul Besar" {
		t.Errorf("title %q", a.Title)
	}
}

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		text string
		want corpus.Meta
		body string
	}{
		{"---\ntitle: \"A: b\"\nurl: https://x.id/a\npublished: 2020-09-28\nlanguage: EN\nauthor: 'O''Brien'\nsource: X # c\n---\nIsi.",
			corpus.Meta{Title: "A: b", URL: "https://x.id/a", Published: "2020-09-28", Language: "en", Author: "O'Brien", Source: "X"}, "Isi."},
		{"---\ntitle: never closed\nIsi.", corpus.Meta{}, "---"},
		{"Isi tanpa front matter.", corpus.Meta{}, "Isi tanpa"},
	}
	for _, tt := range tests {
		a := corpus.Parse("id", tt.text)
		if tt.want.Title == "" {
			tt.want.Title = "id"
		}
		if a.Meta != tt.want {
			t.Errorf("Parse(%q).Meta = %+v, want %+v", tt.text, a.Meta, tt.want)
		}
		if !strings.HasPrefix(a.Text(), tt.body) {
			t.Errorf("Parse(%q).Text() = %q, want it to start %q", tt.text, a.Text(), tt.body)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.txt", "Dua.")
	write("sub/a.md", "---\ntitle: A\n---\nSatu.")
	write("notes.json", "{}")

	c, err := corpus.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Articles) != 2 || c.Articles[0].ID != "a" || c.Articles[1].ID != "b" || c.Article("a").Title != "A" {
		t.Fatalf("loaded %d articles: %+v", len(c.Articles), c.Articles)
	}
	if c, err := corpus.Load(filepath.Join(dir, "b.txt")); err != nil || len(c.Articles) != 1 {
		t.Errorf("Load(file) = %v, %v", c, err)
	}
	if c, err := corpus.Load(""); err != nil || c.Articles[0].ID != corpus.DefaultID {
		t.Errorf("Load(\"\") = %v, %v", c, err)
	}

	missing := filepath.Join(dir, "missing")
	if _, err := corpus.Load(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Load(missing) error %v does not name the path", err)
	}
	write("bin/x.txt", "a\x00b")
	if _, err := corpus.Load(filepath.Join(dir, "bin")); !errors.Is(err, corpus.ErrNotText) {
		t.Errorf("Load(binary) = %v, want ErrNotText", err)
	}
	write("dup/x.txt", "a")
	write("dup/y/x.md", "b")
	if _, err := corpus.Load(filepath.Join(dir, "dup")); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("Load(duplicate ids) = %v", err)
	}
	if _, err := corpus.Load(t.TempDir()); err == nil {
		t.Error("Load(empty folder) gave no error")
	}
}
