package corpus_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
		{"wrapped", "Ini kalimat yang\nterpotong baris. Lalu.\n\nBaru.", []string{"Ini kalimat yang\nterpotong baris.", "Baru."}},
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

// TestOffsets checks that sentences and quotations are byte ranges of the
// text as given, front matter, line breaks and runs of spaces included.
func TestOffsets(t *testing.T) {
	text := "---\ntitle: T\n---\n\n  Satu  dua.   Tiga\n  empat.\r\n\r\n" +
		"\"Kami akan menang.  Karabakh milik kami\",\n kata Ilham Aliyev. Lalu ia pergi.\n"
	a := corpus.Parse("t", text)
	if a.Raw != text {
		t.Fatalf("Raw = %q, want the text given", a.Raw)
	}
	want := []struct {
		text string
		cuts []int
	}{
		{"Satu  dua.", nil},
		{"Tiga\n  empat.", nil},
		{"\"Kami akan menang.  Karabakh milik kami\",\n kata Ilham Aliyev.", []int{len(`"Kami akan menang.`)}},
		{"Lalu ia pergi.", nil},
	}
	if len(a.Sentences) != len(want) {
		t.Fatalf("%d sentences %+v, want %d", len(a.Sentences), a.Sentences, len(want))
	}
	for i, w := range want {
		s := a.Sentences[i]
		if s.Text != w.text || text[s.Start:s.End] != s.Text || !slices.Equal(s.Cuts, w.cuts) {
			t.Errorf("sentence %d = %q at [%d:%d] (%q) cuts %v, want %q cuts %v",
				i, s.Text, s.Start, s.End, text[s.Start:s.End], s.Cuts, w.text, w.cuts)
		}
	}
	if len(a.Quotations) != 1 {
		t.Fatalf("quotations %+v, want one", a.Quotations)
	}
	q := a.Quotations[0]
	if q.Text != "Kami akan menang.  Karabakh milik kami" || text[q.Start:q.End] != q.Text || q.Speaker != "Ilham Aliyev" {
		t.Errorf("quotation %+v (at %q)", q, text[q.Start:q.End])
	}
	if got := corpus.FoldSpace(a.Sentences[2].Text); got != `"Kami akan menang. Karabakh milik kami", kata Ilham Aliyev.` {
		t.Errorf("FoldSpace = %q", got)
	}
}

// TestCuts: the sentence ends inside a unit are where the splitter would
// end sentences if it did not keep quotations whole.
func TestCuts(t *testing.T) {
	tests := []struct {
		text string
		cuts []string // the text up to each cut
	}{
		{"Satu dua tiga.", nil},
		{`"Kami akan menang. Karabakh adalah milik kami", kata Ilham Aliyev.`, []string{`"Kami akan menang.`}},
		{"“Kami siap. Kami menang! Pasti?” ujar Budi.", []string{"“Kami siap.", "“Kami siap. Kami menang!"}},
		{`Ia berkata, "Kami siap."`, nil},
		{`"Dr. Budi datang. Lalu pergi," kata Ani.`, []string{`"Dr. Budi datang.`}},
		{`"Kami siap," kata Budi.`, nil},
	}
	for _, tt := range tests {
		a := corpus.Parse("t", tt.text)
		if len(a.Sentences) != 1 {
			t.Errorf("%q: %d sentences, want one", tt.text, len(a.Sentences))
			continue
		}
		s := a.Sentences[0]
		var got []string
		for _, c := range s.Cuts {
			got = append(got, s.Text[:c])
		}
		if !slices.Equal(got, tt.cuts) {
			t.Errorf("%q: cut after %q, want %q", tt.text, got, tt.cuts)
		}
	}
}

func TestFoldSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"satu", "satu"},
		{"  satu \n\t dua\r\n", "satu dua"},
		{"satu\u00a0\u00a0dua", "satu dua"},
	}
	for _, tt := range tests {
		if got := corpus.FoldSpace(tt.in); got != tt.want {
			t.Errorf("FoldSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func ExampleParse() {
	a := corpus.Parse("contoh", `---
title: Contoh
language: id
---
Respons datang dari PBB.
"Kami sangat prihatin. Semua pihak harus menahan diri,"
kata Sekretaris Jenderal PBB Antonio Guterres.

Baca juga: Konflik Lain`)
	fmt.Println(a.Title, a.Language)
	for _, s := range a.Sentences {
		fmt.Printf("%d.%d %q related=%v cuts=%v\n", s.Paragraph, s.Index, a.Raw[s.Start:s.End], s.Related, s.Cuts)
	}
	for _, q := range a.Quotations {
		fmt.Printf("%s (%s): %q\n", q.Speaker, q.Role, q.Text)
	}
	// Output:
	// Contoh id
	// 0.0 "Respons datang dari PBB." related=false cuts=[]
	// 1.1 "\"Kami sangat prihatin. Semua pihak harus menahan diri,\"\nkata Sekretaris Jenderal PBB Antonio Guterres." related=false cuts=[22]
	// 2.2 "Baca juga: Konflik Lain" related=true cuts=[]
	// Antonio Guterres (Sekretaris Jenderal PBB): "Kami sangat prihatin. Semua pihak harus menahan diri"
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
		if len(a.Sentences) == 0 || !strings.HasPrefix(a.Sentences[0].Text, tt.body) {
			t.Errorf("Parse(%q): sentences %+v, want the first to start %q", tt.text, a.Sentences, tt.body)
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

// BenchmarkParse parses the default article: paragraphs, sentences with
// their offsets and cuts, and quotations.
func BenchmarkParse(b *testing.B) {
	text := corpus.Default().Articles[0].Raw
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		corpus.Parse("a", text)
	}
}
