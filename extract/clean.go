package extract

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/kutip/kutip/lang"
)

// uncluttered takes out of the page what is never the article, before
// readability looks for it: the page's furniture (navigation, headers and
// footers, forms, frames), captions, and the boxes news sites put around
// and inside an article, known by their class, id or role.
func uncluttered(doc *html.Node) {
	var drop []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && clutter(n) {
			drop = append(drop, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range drop {
		n.Parent.RemoveChild(n)
	}
}

// clutter reports whether an element is no part of an article.
func clutter(n *html.Node) bool {
	switch tagOf(n) {
	case atom.Html, atom.Head, atom.Body, atom.Main, atom.Article:
		return false // whatever their class says
	case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form, atom.Button, atom.Input,
		atom.Select, atom.Textarea, atom.Iframe, atom.Figcaption, atom.Svg, atom.Template, atom.Dialog:
		return n.Parent != nil && n.Parent.Type == html.ElementNode // not as the document's root
	}
	if _, hidden := attrOK(n, "hidden"); hidden || attr(n, "aria-hidden") == "true" {
		return true
	}
	switch strings.ToLower(attr(n, "role")) {
	case "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menu", "menubar":
		return true
	}
	names := attr(n, "class") + " " + attr(n, "id")
	if noise().MatchString(names) {
		return !holdsArticle(n)
	}
	if furniture().MatchString(names) {
		return !holdsArticle(n) && longParagraphs(n) < 3
	}
	return false
}

// The class and id words of the boxes news sites put around articles:
// noise is never the article; furniture may be, when it holds paragraphs
// (a paywall teaser holds one or two; a premium article's body, which some
// sites mark so, holds them all).
var (
	noise = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(^|[\s_-])(comments?|komentar|discussion|disqus|related|terkait|baca-?juga|read-?also|rich-link|onward|more-on|newsletter|subscribe|signup|epic|contributions|ads?|advert\w*|ad-?slot|dfp|iklan|sponsor\w*|cookies?|consent|share|sharing|social|socmed|bagikan|popular|terpopuler|most-viewed|trending|breadcrumbs?|captions?|keterangan|byline|dateline|tags?|topics)([\s_-]|$)`)
	})
	furniture = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(^|[\s_-])(author|penulis|editor|credits?|meta|date|tanggal|timestamp|promo|banner|sidebar|widget|recommend\w*|rekomendasi|menu|skip|paywall|premium|subscription|langganan)([\s_-]|$)`)
	})
)

// holdsArticle reports whether n holds an <article> or a <main>: the class
// of a wrapper says nothing of what is in it then.
func holdsArticle(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (tagOf(c) == atom.Article || tagOf(c) == atom.Main || holdsArticle(c)) {
			return true
		}
	}
	return false
}

// longParagraphs counts the paragraphs in n of a hundred characters or more.
func longParagraphs(n *html.Node) int {
	count := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if tagOf(c) == atom.P && utf8.RuneCountInString(fold(textOf(c))) >= 100 {
			count++
		} else {
			count += longParagraphs(c)
		}
	}
	return count
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

// A block is one paragraph of the page's text, white space folded, and how
// much of it is the text of links.
type block struct {
	text  string
	links int // characters of text within links
	tag   string
}

func (b block) linkShare() float64 {
	return float64(b.links) / float64(max(utf8.RuneCountInString(b.text), 1))
}

// blocks cuts the text of readability's article into paragraphs as the
// page has them: each block element (a <p>, a heading, a list item, a
// table cell) is one, and so is a run of text between them; <br> is a
// space.
func blocks(root *html.Node) []block {
	var out []block
	var cur strings.Builder
	links, tag := 0, ""
	flush := func() {
		if t := fold(cur.String()); t != "" {
			out = append(out, block{text: t, links: links, tag: tag})
		}
		cur.Reset()
		links = 0
	}
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			if inLink {
				links += utf8.RuneCountInString(fold(n.Data))
			}
			return
		case html.ElementNode:
			switch tagOf(n) {
			case atom.Script, atom.Style, atom.Noscript, atom.Img, atom.Picture, atom.Video, atom.Audio,
				atom.Figcaption, atom.Svg, atom.Math, atom.Object, atom.Embed, atom.Button, atom.Select:
				return
			case atom.Br:
				cur.WriteByte(' ')
				return
			case atom.A:
				inLink = true
			}
			if isBlock(tagOf(n)) {
				flush()
				tag = n.Data
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c, inLink)
				}
				flush()
				tag = ""
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(root, false)
	flush()
	return out
}

// tagOf is an element's tag, also for the elements readability makes, which
// have their name only.
func tagOf(n *html.Node) atom.Atom {
	if n.DataAtom == 0 {
		return atom.Lookup([]byte(strings.ToLower(n.Data)))
	}
	return n.DataAtom
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Blockquote, atom.Pre,
		atom.Td, atom.Th, atom.Dt, atom.Dd, atom.Div, atom.Section, atom.Article, atom.Ul, atom.Ol, atom.Dl,
		atom.Table, atom.Tr, atom.Figure, atom.Header, atom.Footer, atom.Hr, atom.Address, atom.Details, atom.Summary:
		return true
	}
	return false
}

// paragraphs are the article's paragraphs: its blocks less the title, the
// related-article lines and the lists of links under them, lines that are
// links only, bylines, photo credits, "Advertisement" labels and channel
// promotions; the first has its dateline cut off.
func paragraphs(root *html.Node, title string) []string {
	related := relatedLine()
	var out []string
	linksOnly := false // after a bare "Baca juga:", the list of links it heads
	for _, b := range blocks(root) {
		t := b.text
		if linksOnly && b.linkShare() >= 0.5 {
			continue
		}
		linksOnly = false
		switch {
		case strings.EqualFold(t, title):
		case related != nil && related.MatchString(t):
			rest := t[len(related.FindString(t)):]
			linksOnly = strings.TrimSpace(rest) == ""
		case b.linkShare() >= 0.9:
		case isByline(t), photoCredit().MatchString(t), adLabel().MatchString(t), promo().MatchString(t):
		default:
			if len(out) == 0 {
				t = cutDateline(t)
			}
			out = append(out, t)
		}
	}
	return out
}

// relatedLine matches the start of a line that links to another article,
// in any of kutip's languages: a phrase and a colon ("Baca juga:", "Read
// also:"), maybe in emphasis.
var relatedLine = sync.OnceValue(func() *regexp.Regexp {
	var phrases []string
	for _, l := range lang.Builtin() {
		for _, p := range l.Related {
			phrases = append(phrases, regexp.QuoteMeta(p))
		}
	}
	if len(phrases) == 0 {
		return nil
	}
	return regexp.MustCompile(`(?i)^\s*[*_]*\s*(` + strings.Join(phrases, "|") + `)\s*[*_]*\s*:`)
})

var (
	bylineStart = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(by|oleh|penulis|reporter|editor|pewarta|kontributor|laporan wartawan|written by|words by)\b\s*:?\s*\S`)
	})
	photoCredit = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\(\s*[^()]{2,60}\s*\)$|(?i)^(photograph|photo|foto|sumber foto|image):\s`)
	})
	adLabel = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(advertisement|advertorial|sponsored|iklan|ads|scroll to continue( with content)?|lanjutkan membaca|gulir untuk melanjutkan)$`)
	})
	promo = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)^(simak|ikuti|follow|dapatkan|download|unduh|gabung|join)\b.{0,200}\b(whatsapp|google news|telegram|aplikasi|app|instagram|saluran|channel|newsletter)\b.{0,200}$`)
	})
)

// isByline reports whether a short line names the article's writers: "By
// Jane Doe", "Penulis: Rina Kartika | Editor: Bambang Setiawan". A
// sentence that starts with "By" ends with a full stop.
func isByline(t string) bool {
	last, _ := utf8.DecodeLastRuneInString(t)
	return utf8.RuneCountInString(t) <= 100 && !strings.ContainsRune(".!?”\"", last) && bylineStart().MatchString(t)
}

// dateline matches a dateline at the start of a news story: "JAKARTA -",
// "BANDUNG, KOMPAS.com -", "LONDON, Nov 2 (Reuters) -", "Jakarta (ANTARA)
// -", "Liputan6.com, Jakarta -".
var dateline = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:` +
		`\p{Lu}[\p{Lu}\p{N} .'’]*[\p{Lu}.](?:,\s*[\p{L}\p{N}][\p{L}\p{N} .'’]{0,40})?(?:\s*\([^()]{1,40}\))?` +
		`|\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?(?:,\s*\p{Lu}[\p{L}\p{N}.]*(?:\s\p{Lu}[\p{L}\p{N}.]*){0,2}|\s*\([^()]{1,40}\))` +
		`|[\p{L}\p{N}]+\.(?:com|co|id|net|org)(?:,\s*\p{Lu}\p{L}+(?:\s\p{Lu}\p{L}+)?)?` +
		`)\s*[-–—]{1,2}\s+`)
})

// cutDateline cuts a dateline off the start of a paragraph, when what
// follows starts a sentence.
func cutDateline(t string) string {
	m := dateline().FindString(t)
	if m == "" || utf8.RuneCountInString(m) > 80 {
		return t
	}
	rest := t[len(m):]
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(`"“'‘`, r) {
		return t
	}
	return rest
}
