// Package extract reads the article of a news page: its text, paragraph by
// paragraph as the page has them, with readability
// (codeberg.org/readeck/go-readability, a port of Firefox's Reader View)
// finding the body, and what a news page needs besides: the canonical
// address, the title, date, author and site from JSON-LD, og: and <meta>,
// the page's language, and bylines, datelines, "Baca juga:" and "Read
// also:" blocks, captions, share buttons, newsletter and paywall boxes and
// comments kept out. The result is a corpus article's text: front matter
// and paragraphs, whose every sentence is text of the page.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
)

// ErrNotArticle is a page without an article's worth of text: a front
// page, a search form, a video.
var ErrNotArticle = errors.New("no article on the page")

// minText is the fewest characters of text an article has.
const minText = 150

// A Document is an article read from a page: what its front matter says,
// and its paragraphs, each one line of the page's text.
type Document struct {
	corpus.Meta
	Paragraphs []string
}

// Markdown is the document as a corpus article file: front matter, then one
// paragraph a block. corpus.Parse reads it back into the same article.
func (d Document) Markdown() string { return corpus.Markdown(d.Meta, d.Paragraphs) }

// Page reads the article of a page fetched from pageURL ("" when not
// known): HTML, or plain text when mediaType is "text/plain". charset is
// the one the response declared, "" when it declared none: then the page's
// own <meta charset> says, else UTF-8 or, failing that, Windows-1252.
func Page(pageURL, mediaType, charsetName string, body []byte) (Document, error) {
	base, _ := url.Parse(pageURL)
	if base != nil && base.Scheme != "http" && base.Scheme != "https" {
		base = nil
	}
	text, err := decode(body, mediaType, charsetName)
	if err != nil {
		return Document{}, err
	}
	if mediaType == "text/plain" {
		return plainText(base, text)
	}
	return htmlPage(base, text)
}

// File reads an HTML file of a corpus folder as an article file's text: a
// corpus.Format.
func File(name string, b []byte) (string, error) {
	d, err := Page("", "text/html", "", b)
	if err != nil {
		return "", err
	}
	return d.Markdown(), nil
}

// decode turns body into UTF-8 from the charset declared, or sniffed.
func decode(body []byte, mediaType, charsetName string) (string, error) {
	if charsetName == "" && utf8.Valid(body) && mediaType == "text/plain" {
		return string(body), nil
	}
	ct := mediaType
	if ct == "" {
		ct = "text/html"
	}
	if charsetName != "" {
		ct = mime.FormatMediaType(ct, map[string]string{"charset": charsetName})
	}
	enc, _, _ := charset.DetermineEncoding(body, ct)
	b, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(body)))
	if err != nil {
		return "", fmt.Errorf("decode the page: %w", err)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"), nil
}

// plainText is a text page: its blank-line separated blocks are its
// paragraphs, its first line its title.
func plainText(base *url.URL, text string) (Document, error) {
	text = strings.ReplaceAll(strings.TrimPrefix(text, "\ufeff"), "\r\n", "\n")
	var d Document
	for block := range strings.SplitSeq(text, "\n\n") {
		if p := corpus.FoldSpace(strings.ReplaceAll(block, "\x00", "")); p != "" {
			d.Paragraphs = append(d.Paragraphs, p)
		}
	}
	if utf8.RuneCountInString(strings.Join(d.Paragraphs, " ")) < minText {
		return Document{}, ErrNotArticle
	}
	d.Title = corpus.Parse("", strings.Join(d.Paragraphs, "\n\n")).Title
	if base != nil {
		d.URL, d.Source = clean(base).String(), base.Hostname()
	}
	d.Language = detect(d.Paragraphs)
	return d, nil
}

func htmlPage(base *url.URL, text string) (Document, error) {
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil { // nested deeper than any article is
		return Document{}, fmt.Errorf("%w: %w", ErrNotArticle, err)
	}
	m := readMeta(doc, base)
	uncluttered(doc)
	p := readability.NewParser()
	p.MaxElemsToParse = 100_000 // no page a news site serves has more
	art, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return Document{}, fmt.Errorf("%w: %w", ErrNotArticle, err)
	}
	var d Document
	if art.Node != nil {
		d.Paragraphs = paragraphs(art.Node, m.title)
	}
	if utf8.RuneCountInString(strings.Join(d.Paragraphs, " ")) < minText {
		return Document{}, ErrNotArticle
	}
	d.Meta = m.meta(art, d.Paragraphs)
	return d, nil
}

// detect returns the language the paragraphs are written in, of those
// kutip knows.
func detect(paragraphs []string) string {
	return lang.Detect(strings.Join(paragraphs, "\n"), lang.Builtin()).Code
}
