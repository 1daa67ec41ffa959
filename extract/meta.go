package extract

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/publicsuffix"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
)

// pageMeta is what a page says about itself, each field as the first of
// its sources that says it: JSON-LD first, then og: and <meta>.
type pageMeta struct {
	base                      *url.URL // where the page was fetched from; nil: a file
	title, titleTag           string
	url                       string
	published, author, source string
	language                  string // as the page declares it, a base code
}

// readMeta reads what the page says about itself, before anything of it is
// taken away.
func readMeta(doc *html.Node, base *url.URL) pageMeta {
	m := pageMeta{base: base}
	metas := map[string]string{}
	var canonical, htmlLang string
	var ld *ldArticle
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				htmlLang = attr(n, "lang")
			case atom.Meta:
				key := strings.ToLower(strings.TrimSpace(attr(n, "property") + attr(n, "name") + attr(n, "http-equiv") + attr(n, "itemprop")))
				if _, seen := metas[key]; !seen && key != "" {
					metas[key] = fold(attr(n, "content"))
				}
			case atom.Link:
				if canonical == "" && hasWord(attr(n, "rel"), "canonical") {
					canonical = attr(n, "href")
				}
			case atom.Title:
				if m.titleTag == "" {
					m.titleTag = fold(textOf(n))
				}
			case atom.Script:
				if ld == nil && strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					ld = findLDArticle(textOf(n))
				}
				return
			case atom.Time:
				if _, seen := metas["datepublished"]; !seen && attr(n, "itemprop") == "datePublished" {
					metas["datepublished"] = attr(n, "datetime")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if ld == nil {
		ld = &ldArticle{}
	}
	m.title = first(ld.Headline, metas["og:title"], metas["twitter:title"])
	m.url = m.address(canonical, metas["og:url"], ld.URL, ld.MainEntity)
	m.published = date(first(ld.DatePublished, metas["article:published_time"], metas["datepublished"],
		metas["pubdate"], metas["publishdate"], metas["dc.date.issued"], metas["date"], metas["parsely-pub-date"]))
	m.author = first(ld.Authors, notURL(metas["author"]), notURL(metas["article:author"]), notURL(metas["parsely-author"]))
	m.source = first(ld.Publisher, metas["og:site_name"], metas["application-name"])
	m.language = lang.BaseCode(first(htmlLang, ld.InLanguage, metas["og:locale"], metas["content-language"], metas["dc.language"]))
	return m
}

// meta settles the article's fields: the page's, else what readability
// found, else what can be told from the address and the text.
func (m pageMeta) meta(art readability.Article, paragraphs []string) corpus.Meta {
	out := corpus.Meta{
		Title:     first(m.title, fold(art.Title()), m.titleTag),
		URL:       m.url,
		Published: m.published,
		Author:    first(m.author, notURL(fold(art.Byline()))),
		Source:    first(m.source, fold(art.SiteName())),
	}
	if out.Published == "" {
		if t, err := art.PublishedTime(); err == nil {
			out.Published = t.Format("2006-01-02")
		}
	}
	if out.Source == "" && m.base != nil {
		out.Source = strings.TrimPrefix(m.base.Hostname(), "www.")
	}
	if out.Title == "" && len(paragraphs) > 0 {
		out.Title = corpus.Parse("", paragraphs[0]).Title
	}
	out.Title = cutSiteName(out.Title, out.Source)
	out.Author = cut(out.Author, 200)
	out.Language = language(m.language, paragraphs)
	return out
}

// language is the page's language as it declares it, unless it declares
// one kutip knows and its text, long enough to tell, is in another that
// kutip knows: sites leave a template's lang="en" on pages in Indonesian.
func language(declared string, paragraphs []string) string {
	detected := detect(paragraphs)
	if declared == "" {
		return detected
	}
	if _, known := lang.Lookup(declared); known && declared != detected && len(strings.Fields(strings.Join(paragraphs, " "))) >= 50 {
		return detected
	}
	return declared
}

// address is the page's canonical address: the first of the candidates
// that is an http or https address of the site the page came from (so that
// a page cannot pass for another site's), else where it came from; its
// fragment and tracking parameters dropped.
func (m pageMeta) address(candidates ...string) string {
	for _, c := range candidates {
		u, err := url.Parse(strings.TrimSpace(c))
		if c == "" || err != nil {
			continue
		}
		if m.base != nil {
			u = m.base.ResolveReference(u)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			continue
		}
		if m.base != nil && site(u.Hostname()) != site(m.base.Hostname()) {
			continue
		}
		return clean(u).String()
	}
	if m.base != nil {
		return clean(m.base).String()
	}
	return ""
}

// site is a host's registrable domain: kompas.com for amp.kompas.com.
func site(host string) string {
	s, err := publicsuffix.EffectiveTLDPlusOne(strings.ToLower(host))
	if err != nil {
		return strings.ToLower(host)
	}
	return s
}

// clean drops an address's fragment and its tracking parameters.
func clean(u *url.URL) *url.URL {
	c := *u
	c.Fragment, c.RawFragment = "", ""
	if c.RawQuery != "" {
		q := c.Query()
		for k := range q {
			if lk := strings.ToLower(k); strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "ref" || lk == "amp" {
				q.Del(k)
			}
		}
		c.RawQuery = q.Encode()
	}
	return &c
}

// datePrefix is the date at the start of an ISO 8601 timestamp.
var datePrefix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`) })

// date gives a timestamp as the date it names where it is written
// ("2024-03-05T14:32:00+07:00" is 2024-03-05), else as it is.
func date(s string) string {
	if d := datePrefix().FindString(s); d != "" {
		return d
	}
	return cut(s, 60)
}

// cutSiteName drops the site's name from the end of a title taken from
// <title>: "Banjir Rendam 12 Desa - Kabar Nusantara".
func cutSiteName(title, source string) string {
	if source == "" {
		return title
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: "} {
		if before, ok := strings.CutSuffix(title, sep+source); ok && before != "" {
			return before
		}
	}
	return title
}

// ldArticle is what kutip reads of a JSON-LD NewsArticle (or Article,
// ReportageNewsArticle, BlogPosting…).
type ldArticle struct {
	Headline, DatePublished, URL, MainEntity, InLanguage string
	Authors, Publisher                                   string
}

// articleTypes are the schema.org types of an article.
var articleTypes = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(Article|NewsArticle|AnalysisNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|TechArticle)$`)
})

// findLDArticle finds the first article in a JSON-LD script: an object, a
// list of them, or a @graph.
func findLDArticle(script string) *ldArticle {
	script = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(script), "<![CDATA["), "]]>"))
	var v any
	if json.Unmarshal([]byte(script), &v) != nil {
		return nil
	}
	var find func(v any, depth int) *ldArticle
	find = func(v any, depth int) *ldArticle {
		if depth > 4 {
			return nil
		}
		switch v := v.(type) {
		case []any:
			for _, e := range v {
				if a := find(e, depth+1); a != nil {
					return a
				}
			}
		case map[string]any:
			if isArticleType(v["@type"]) {
				return &ldArticle{
					Headline: ldText(v["headline"], "name"), DatePublished: ldText(v["datePublished"], ""),
					URL: ldText(v["url"], "@id"), MainEntity: ldText(v["mainEntityOfPage"], "@id"),
					InLanguage: ldText(v["inLanguage"], "name"),
					Authors:    ldNames(v["author"]), Publisher: ldText(v["publisher"], "name"),
				}
			}
			if g, ok := v["@graph"]; ok {
				return find(g, depth+1)
			}
		}
		return nil
	}
	return find(v, 0)
}

func isArticleType(t any) bool {
	switch t := t.(type) {
	case string:
		return articleTypes().MatchString(strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/"))
	case []any:
		for _, e := range t {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldText is a JSON-LD value as text: a string, an object's key, or the
// first of a list's.
func ldText(v any, key string) string {
	switch v := v.(type) {
	case string:
		return fold(v)
	case map[string]any:
		if key != "" {
			return ldText(v[key], "")
		}
	case []any:
		for _, e := range v {
			if s := ldText(e, key); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldNames are the names of a JSON-LD value's people, joined: "Jane Doe,
// Tom Reed".
func ldNames(v any) string {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var names []string
	for _, e := range list {
		if n := notURL(ldText(e, "name")); n != "" && !contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// notURL is s, unless it is an address ("article:author" often is).
func notURL(s string) string {
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "//") {
		return ""
	}
	return s
}

func first(ss ...string) string {
	for _, s := range ss {
		if s = fold(s); s != "" {
			return s
		}
	}
	return ""
}

func fold(s string) string { return corpus.FoldSpace(s) }

// cut cuts s to at most n characters, on a rune boundary.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if n == 0 {
			i = j
			break
		}
		n--
	}
	return strings.TrimSpace(s[:i]) + "…"
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// hasWord reports whether a space-separated list holds w, in any case.
func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

// textOf is the text of n and what is inside it, as it stands.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
