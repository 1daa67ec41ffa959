package corpus_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kutip/kutip/corpus"
)

func ExampleMarkdown() {
	text := corpus.Markdown(corpus.Meta{
		Title: "Banjir: 12 Desa Terendam", URL: "https://kabar.example/banjir", Published: "2024-03-05",
		Author: "Rina Kartika", Source: "Kabar Nusantara", Language: "id",
	}, []string{"Banjir merendam 12 desa.", "  Ribuan   warga\nmengungsi. "})
	fmt.Print(text)
	a := corpus.Parse("banjir", text)
	fmt.Printf("%d paragraphs: %q %q\n", len(a.Paragraphs), a.Sentences[0].Text, a.Sentences[1].Text)
	// Output:
	// ---
	// title: "Banjir: 12 Desa Terendam"
	// url: https://kabar.example/banjir
	// published: 2024-03-05
	// author: Rina Kartika
	// source: Kabar Nusantara
	// language: id
	// ---
	//
	// Banjir merendam 12 desa.
	//
	// Ribuan warga mengungsi.
	// 2 paragraphs: "Banjir merendam 12 desa." "Ribuan warga mengungsi."
}

// FuzzMarkdown checks that Parse reads back what Markdown writes: the same
// fields, and each paragraph as one paragraph, sentence for sentence.
func FuzzMarkdown(f *testing.F) {
	f.Add("Judul: \"kutip\" #1", "https://x.example/a?b=c#d", "O'Brien", "id", "Satu. Dua.", "Baca juga: Lain")
	f.Add("true", "", " ", "EN", "---", "# Bukan judul")
	f.Fuzz(func(t *testing.T, title, url, author, language, p1, p2 string) {
		m := corpus.Meta{Title: title, URL: url, Author: author, Language: language, Source: p2, Published: p1}
		text := corpus.Markdown(m, []string{p1, p2})
		a, err := corpus.Read("a", []byte(text))
		if err != nil {
			return // not UTF-8, or no sentence
		}
		want := corpus.Meta{
			Title: corpus.FoldSpace(title), URL: corpus.FoldSpace(url), Author: corpus.FoldSpace(author),
			Language: strings.ToLower(corpus.FoldSpace(language)), Source: corpus.FoldSpace(p2), Published: corpus.FoldSpace(p1),
		}
		got := a.Meta
		if want.Title == "" {
			got.Title = "" // taken from the first line
		}
		if got != want {
			t.Fatalf("Markdown(%+v) read back as %+v, want %+v:\n%s", m, a.Meta, want, text)
		}
		var paras []string
		for _, p := range []string{p1, p2} {
			if p = corpus.FoldSpace(p); p != "" {
				paras = append(paras, p)
			}
		}
		if want.Title == "" && len(paras) > 0 && strings.HasPrefix(paras[0], "#") {
			return // a heading first: the title
		}
		var got2 []string
		for _, p := range a.Paragraphs {
			first, last := a.Sentences[p.Sentences[0]], a.Sentences[p.Sentences[len(p.Sentences)-1]]
			got2 = append(got2, a.Raw[first.Start:last.End])
		}
		if fmt.Sprint(got2) != fmt.Sprint(paras) {
			t.Fatalf("paragraphs %q read back as %q:\n%s", paras, got2, text)
		}
	})
}
