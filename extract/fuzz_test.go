package extract_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/extract"
)

// FuzzPage reads any page without a panic, and every word of the article
// it reads is text of the page: kutip never invents text.
func FuzzPage(f *testing.F) {
	pages, _ := filepath.Glob("testdata/pages/*.html")
	for _, p := range pages {
		b, _ := os.ReadFile(p)
		f.Add(string(b))
	}
	f.Add(`<p>Baca juga: <a href="/x">x</a></p><div class="isi">JAKARTA - Satu.<br><br>Dua.</div>`)
	f.Fuzz(func(t *testing.T, page string) {
		d, err := extract.Page("https://kabar.example/a", "text/html", "utf-8", []byte(page))
		if errors.Is(err, extract.ErrNotArticle) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		text := pageWords(page)
		for _, p := range d.Paragraphs {
			for _, w := range strings.Fields(p) {
				if !strings.Contains(text, w) {
					t.Fatalf("%q is not text of the page", w)
				}
			}
		}
		if a := corpus.Parse("a", d.Markdown()); len(a.Paragraphs) != len(d.Paragraphs) {
			t.Fatalf("%d paragraphs read back as %d", len(d.Paragraphs), len(a.Paragraphs))
		}
	})
}

// htmlText is the text of a page as an HTML parser reads it: every text
// node, entities decoded, U+0000 dropped and invalid UTF-8 replaced, as the
// parser does.
func htmlText(page string) string {
	doc, err := html.Parse(strings.NewReader(strings.ToValidUTF8(page, "\uFFFD")))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}
