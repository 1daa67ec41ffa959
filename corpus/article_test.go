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
		{`"Kami siap bertanding besok," kata pelatih Budi.`, "Budi", "pelatih"}, // a role in lower case before the name
		{`"Kami siap bertanding besok," kata Budi Santoso.`, "Budi Santoso", ""},
		{`"Kami siap bertanding," ujar Ketua Umum PSSI, Erick Thohir.`, "Erick Thohir", "Ketua Umum PSSI"},
		{`"We will win this," said Prime Minister Boris Johnson.`, "Boris Johnson", "Prime Minister"},
		{`"We will win this," Johnson said.`, "Johnson", ""},
		{`Johnson said: "We will win this."`, "Johnson", ""},
		{`Menurut Kemenkes, "angka kasus terus menurun".`, "Kemenkes", ""},
		{"Gubernur Jawa Barat Ridwan Kamil hadir. \"Kami akan bantu warga,\" katanya.", "Ridwan Kamil", "Gubernur Jawa Barat"},
		{"The minister, Jane Doe, arrived. She said \"the talks went well\".", "Jane Doe", "The minister"},
		{`"We will win," said John Smith, the mayor.`, "John Smith", "the mayor"},
		{`"Kami akan menang," kata Heru Budi Hartono, Gubernur DKI Jakarta.`, "Heru Budi Hartono", "Gubernur DKI Jakarta"},
		{`"Harga naik terus," kata Haji Sarmin (61), pedagang beras di Cipinang.`, "Haji Sarmin", "pedagang beras di Cipinang"},
		{`"It was a long night," said Dale Hutchins, 58, a fisherman.`, "Dale Hutchins", "a fisherman"},
		{`"Kami lelah," ujar Dadang di posko utama, Senin (18/11/2024).`, "Dadang", ""}, // a place and a date, not a role
		{`"We respect the court," said company spokeswoman Laura Pemberton.`, "Laura Pemberton", "company spokeswoman"},
		{`"We respect the court," he said.`, "", ""}, // no one named before
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

// TestSpeakers reads the quotations of short articles of both languages,
// as news writes them: the role in apposition, a quotation going on in the
// next sentence, and a person named in full once and by one name later,
// shown with the full name and the role of the first mention.
func TestSpeakers(t *testing.T) {
	type who struct{ speaker, role string }
	tests := []struct {
		name string
		text string
		want []who // each quotation's, in order
	}{
		{"en: apposition, then going on", `The city council met on Monday after the storm.

"We will win," said John Smith, the mayor. "This city has been through worse and it came back every time."

Smith later visited the shelters.

"Nobody will be left behind," Smith told reporters.`,
			[]who{{"John Smith", "the mayor"}, {"John Smith", "the mayor"}, {"John Smith", "the mayor"}}},
		{"id: full name and role first, one name later", `Banjir merendam 12 kelurahan di Jakarta Timur, Rabu (1/1/2025).

Penjabat Gubernur DKI Jakarta, Heru Budi Hartono, meninjau lokasi pengungsian di Cawang.

"Kami sudah menyiapkan 40 pompa air," kata Heru di Cawang. "Semua dikerahkan sejak pagi."

Kepala Dinas Lingkungan Hidup DKI Jakarta, Isnawa Adji, mengatakan sampah menyumbat saluran.

"Petugas kami bekerja sampai malam," ujar Isnawa.`,
			[]who{{"Heru Budi Hartono", "Penjabat Gubernur DKI Jakarta"}, {"Heru Budi Hartono", "Penjabat Gubernur DKI Jakarta"}, {"Isnawa Adji", "Kepala Dinas Lingkungan Hidup DKI Jakarta"}}},
		{"en: a surname later, a pronoun after a name", `Marcus Reyes, the lawyer who led the residents' case, spoke outside the court.

"For three years Dalton told this town the river was fine," Reyes said.

Dr Siti Rahmawati, a primatologist at Tadulako University, led the fieldwork.

Rahmawati said the team would return next year.

"Every species we describe is a species we can protect," she said.`,
			[]who{{"Marcus Reyes", "the lawyer who led the residents' case"}, {"Siti Rahmawati", "a primatologist at Tadulako University"}}},
		{"id: a role before the name, a pronoun", `Pengamat pertanian dari Universitas Padjadjaran, Tri Handayani, menilai operasi pasar hanya sementara.

"Selama produksi tidak naik, harga beras akan terus naik," ujarnya.`,
			[]who{{"Tri Handayani", "Pengamat pertanian dari Universitas Padjadjaran"}}},
		{"a quotation with no one before it has no speaker", `Warga mengungsi sejak pagi.

"Airnya datang tiba-tiba sekali malam itu."`,
			[]who{{"", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := corpus.Parse("t", tt.text)
			var got []who
			for _, q := range a.Quotations {
				got = append(got, who{q.Speaker, q.Role})
				if a.Raw[q.Start:q.End] != q.Text {
					t.Errorf("quotation %q is not the article's text at its offsets", q.Text)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("speakers\n%q, want\n%q", got, tt.want)
			}
		})
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
}

func TestTitle(t *testing.T) {
	long := strings.Repeat("Kata panjang sekali ", 8) + "tanpa titik"
	tests := []struct{ text, want string }{
		{"# Judul Besar\n\nIsi.", "Judul Besar"},
		{"## Judul Kedua\nIsi.", "Judul Kedua"},
		{"#hashtag bukan judul.", "#hashtag bukan judul."},
		{"\n  Banjir Rendam 12 Desa  \n\nIsi berita.", "Banjir Rendam 12 Desa"},
		{"***\n\nBaris pertama.", "Baris pertama."},
		{"Kalimat pertama cukup pendek. " + long + ".", "Kalimat pertama cukup pendek."},
		{long + " " + long, "Kata panjang sekali Kata panjang sekali Kata panjang sekali Kata panjang sekali Kata panjang…"},
		{strings.Repeat("x", 150), strings.Repeat("x", 99) + "…"},
		{"---\ntitle: Dari Front Matter\n---\n# Bukan Ini\nIsi.", "Dari Front Matter"},
	}
	for _, tt := range tests {
		if got := corpus.Parse("id", tt.text).Title; got != tt.want {
			t.Errorf("Parse(%q).Title = %q, want %q", tt.text, got, tt.want)
		}
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
		{"---\ntitle: never closed\nIsi.", corpus.Meta{Title: "title: never closed"}, "---"},
		{"Isi tanpa front matter.", corpus.Meta{Title: "Isi tanpa front matter."}, "Isi tanpa"},
		{"\n\n", corpus.Meta{Title: "id"}, ""},
	}
	for _, tt := range tests {
		a := corpus.Parse("id", tt.text)
		if tt.body == "" {
			if a.Meta != tt.want || len(a.Sentences) != 0 {
				t.Errorf("Parse(%q) = %+v, %d sentences", tt.text, a.Meta, len(a.Sentences))
			}
			continue
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
	if _, err := corpus.Load(t.TempDir()); err == nil {
		t.Error("Load(empty folder) gave no error")
	}
}

// TestFrontMatterErrors: a front matter value kutip cannot read as one
// string is an error that gives its line in the file, so that the warning
// reads file:line; plain and quoted values, keys kutip does not read and
// comments are not.
func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		text string
		line int // 0: no error
		key  string
	}{
		{"---\ntitle: [broken\n---\nIsi.", 2, "title"},
		{"---\nlanguage: id\nsource: {a: b}\n---\nIsi.", 3, "source"},
		{"---\ntitle: 'it''s\n---\nIsi.", 2, "title"},
		{"---\ntitle: >\n  folded\n---\nIsi.", 2, "title"},
		{"---\ntitle: *alias\n---\nIsi.", 2, "title"},
		{"---\ntitle: Judul\nIsi.", 1, ""}, // never closed: the opening line
		{"---\ntitle: \"[Judul] dalam kutip\"\ntags: [a, b]\n---\nIsi.", 0, ""},
		{"---\ntitle: 'it''s fine' # a comment\npublished: 2020-09-28\n---\nIsi.", 0, ""},
		{"---\ntitle: Judul: dengan titik dua\n---\nIsi.", 0, ""},
		{"---\ntitle:\n---\nIsi.", 0, ""},
	}
	for _, tt := range tests {
		_, err := corpus.Read("a", []byte(tt.text))
		var fe *corpus.FrontMatterError
		switch {
		case tt.line == 0 && err != nil:
			t.Errorf("Read(%q) = %v, want no error", tt.text, err)
		case tt.line == 0:
		case !errors.As(err, &fe) || !errors.Is(err, corpus.ErrBadFrontMatter):
			t.Errorf("Read(%q) = %v, want a FrontMatterError", tt.text, err)
		case fe.Line != tt.line || fe.Key != tt.key:
			t.Errorf("Read(%q): line %d key %q, want line %d key %q", tt.text, fe.Line, fe.Key, tt.line, tt.key)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "broken.md")
	os.WriteFile(path, []byte("---\nlanguage: id\ntitle: [broken\n---\nIsi."), 0o644)
	if _, err := corpus.Load(path); err == nil || !strings.Contains(err.Error(), path+":3: front matter title: [broken") {
		t.Errorf("Load(broken.md) = %v, want an error naming %s:3 and the value", err, path)
	}
}

// TestLoadSkips loads a folder of one good article and one bad file: the
// bad one is skipped with a warning that names it, the good one loads.
func TestLoadSkips(t *testing.T) {
	errFormat := errors.New("no article in it")
	tests := []struct {
		name, file string
		text       string
		want       error // nil: any error
	}{
		{"not UTF-8", "latin1.txt", "Caf\xe9 au lait.", corpus.ErrNotText},
		{"NUL", "bin.txt", "a\x00b", corpus.ErrNotText},
		{"too big", "big.txt", strings.Repeat("a", corpus.MaxArticleSize+1), corpus.ErrTooBig},
		{"empty", "empty.md", "", corpus.ErrEmpty},
		{"blank", "blank.md", " \n\t\n\n", corpus.ErrEmpty},
		{"front matter only", "meta.md", "---\ntitle: Kosong\n---\n", corpus.ErrEmpty},
		{"front matter never closed", "open.md", "---\ntitle: Terbuka\nIsi.", corpus.ErrBadFrontMatter},
		{"front matter list", "list.md", "---\ntitle: [broken\n---\nIsi.", corpus.ErrBadFrontMatter},
		{"front matter quote", "quote.md", "---\nsource: x\ntitle: \"Terbuka\n---\nIsi.", corpus.ErrBadFrontMatter},
		{"front matter block", "block.md", "---\ntitle: |\n  Dua\n  baris\n---\nIsi.", corpus.ErrBadFrontMatter},
		{"a format's error", "page.html", "<p>x</p>", errFormat},
		{"duplicate id", "sub/good.txt", "Lagi.", nil},
		{"device", "null.txt", "", corpus.ErrNotFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "good.md"), []byte("---\ntitle: Baik\n---\nIsi yang baik."), 0o644)
			bad := filepath.Join(dir, tt.file)
			os.MkdirAll(filepath.Dir(bad), 0o755)
			if tt.want == corpus.ErrNotFile {
				if err := os.Symlink(os.DevNull, bad); err != nil {
					t.Skip(err)
				}
			} else if err := os.WriteFile(bad, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			var warned []string
			l := corpus.Loader{
				Warn: func(path string, err error) {
					warned = append(warned, path)
					if !strings.Contains(err.Error(), path) || tt.want != nil && !errors.Is(err, tt.want) {
						t.Errorf("warning %v does not name %s or wrap %v", err, path, tt.want)
					}
				},
				Formats: map[string]corpus.Format{".html": func(string, []byte) (string, error) { return "", errFormat }},
			}
			c, err := l.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Articles) != 1 || c.Articles[0].Title != "Baik" {
				t.Errorf("loaded %+v, want the good article only", c.Articles)
			}
			if len(warned) != 1 || warned[0] != bad {
				t.Errorf("warned of %q, want %s", warned, bad)
			}
			// On its own, the bad file is an error.
			if tt.want != nil {
				if _, err := l.Load(bad); !errors.Is(err, tt.want) {
					t.Errorf("Load(%s) = %v, want %v", tt.file, err, tt.want)
				}
			}
			// A folder of bad files only is an error.
			os.Remove(filepath.Join(dir, "good.md"))
			if tt.name != "duplicate id" {
				if _, err := l.Load(dir); err == nil || !strings.Contains(err.Error(), "none of its 1 article files") {
					t.Errorf("Load(only bad files) = %v", err)
				}
			}
		})
	}
}

func TestLoadFormats(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.HTML"), []byte("<p>Isi halaman.</p>"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("Dua."), 0o644)
	l := corpus.Loader{Formats: map[string]corpus.Format{".html": func(name string, b []byte) (string, error) {
		return corpus.Markdown(corpus.Meta{Title: "Halaman", URL: "https://x.example/a"}, []string{strings.TrimSuffix(strings.TrimPrefix(string(b), "<p>"), "</p>")}), nil
	}}}
	c, err := l.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if a := c.Article("a"); len(c.Articles) != 2 || a == nil || a.Title != "Halaman" || a.Sentences[0].Text != "Isi halaman." {
		t.Errorf("loaded %+v", c.Articles)
	}
	if c, err := corpus.Load(dir); err != nil || len(c.Articles) != 1 {
		t.Errorf("without a format for them, .html files are not articles: %v, %v", c, err)
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

// BenchmarkParseWrapped parses a paragraph of 10,000 wrapped lines, which
// took time growing with the square of its length until each line was read
// once.
func BenchmarkParseWrapped(b *testing.B) {
	text := strings.Repeat("kata kata\n", 10000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		corpus.Parse("a", text)
	}
}

// TestRelatedLines: a line that opens with a related-article phrase of any
// built-in language and a colon, maybe in emphasis, is kept but never an
// answer; the phrase alone, or inside a sentence, is not.
func TestRelatedLines(t *testing.T) {
	tests := []struct {
		line    string
		related bool
	}{
		{"Baca juga: Konflik Lain", true},
		{"BACA JUGA : Konflik Lain", true},
		{"**Baca juga:** Konflik Lain", true},
		{"_Read also_: Another story", true},
		{"  Baca: Turki Pastikan Akan Bela Azerbaijan", true},
		{"Related articles: more", true},
		{"See also: x", true},
		{"Baca buku itu setiap malam.", false},
		{"Ia berkata, baca juga: ini.", false},
		{"Bacaan: tidak", false},
		{"Readers said: yes", false},
	}
	for _, tt := range tests {
		a := corpus.Parse("a", "Kalimat pertama.\n"+tt.line)
		if got := a.Sentences[len(a.Sentences)-1].Related; got != tt.related {
			t.Errorf("%q: related %v, want %v", tt.line, got, tt.related)
		}
	}
}

// TestRoleBeforeName: a role word that opens a run of capitals is the
// speaker's role, not part of the name: "Judge Helen Okafor".
func TestRoleBeforeName(t *testing.T) {
	a := corpus.Parse("x", `"The evidence shows negligence," Judge Helen Okafor wrote in a 96-page ruling.`+"\n\n"+
		`"Kami akan banding," kata Hakim Agung Suryadi.`)
	want := [][2]string{{"Helen Okafor", "Judge"}, {"Agung Suryadi", "Hakim"}}
	if len(a.Quotations) != len(want) {
		t.Fatalf("%d quotations, want %d: %+v", len(a.Quotations), len(want), a.Quotations)
	}
	for i, w := range want {
		if q := a.Quotations[i]; q.Speaker != w[0] || q.Role != w[1] {
			t.Errorf("quotation %d: speaker %q, role %q; want %q, %q", i, q.Speaker, q.Role, w[0], w[1])
		}
	}
}
