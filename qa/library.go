package qa

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa/analysis"
)

// An ArticleInfo describes one article of the engine's library: its id, what
// its front matter says, and the language it is analysed in (Meta.Language,
// from the front matter or detected).
type ArticleInfo struct {
	ID string
	corpus.Meta
	Sentences int // answerable sentences
}

// Articles describes the library's articles, in corpus order, then in the
// order they were added.
func (e *Engine) Articles() []ArticleInfo {
	sh := e.shelf()
	out := make([]ArticleInfo, 0, len(sh.indexes))
	for _, ix := range sh.indexes {
		out = append(out, ix.info())
	}
	return out
}

// Article describes the article with the given id.
func (e *Engine) Article(id string) (ArticleInfo, bool) {
	ix, ok := e.index(id)
	if !ok {
		return ArticleInfo{}, false
	}
	return ix.info(), true
}

func (ix *index) info() ArticleInfo {
	info := ArticleInfo{ID: ix.article.ID, Meta: ix.article.Meta, Sentences: len(ix.docs)}
	info.Language = ix.an.Lang()
	return info
}

// Quotations returns an article's direct speech, in article order.
func (e *Engine) Quotations(article string) ([]corpus.Quotation, error) {
	ix, ok := e.index(article)
	if !ok {
		return nil, fmt.Errorf("quotations of %q: %w", article, ErrUnknownArticle)
	}
	return ix.article.Quotations, nil
}

// A Term is a name or a key word of an article, as autocomplete offers it.
type Term struct {
	Text  string // as written: "Ilham Aliyev", "Nagorno-Karabakh", "korban"
	Key   string // analysis.Fold(Text), for matching what is typed
	Name  bool   // a speaker, or capitalised words within a sentence
	Count int    // how often the article uses it; a speaker counts 100
}

// termSentences bounds how much of an article Terms reads, so that the
// terms of a very long article stay quick to work out.
const termSentences = 2000

// Terms returns an article's names (its speakers first, then capitalised
// words and runs of them within sentences) and key words (not stop words,
// four letters or more), most frequent first. They come from the article's
// own analysis and are worked out once.
func (e *Engine) Terms(article string) ([]Term, error) {
	ix, ok := e.index(article)
	if !ok {
		return nil, fmt.Errorf("terms of %q: %w", article, ErrUnknownArticle)
	}
	return ix.terms(), nil
}

// terms is worked out on first use: autocomplete asks at every key typed.
func (ix *index) terms() []Term {
	ix.termsOnce.Do(func() { ix.termList = ix.findTerms() })
	return ix.termList
}

func (ix *index) findTerms() []Term {
	byKey := map[string]*Term{}
	add := func(text string, name bool, weight int) {
		k := analysis.Fold(text)
		t, ok := byKey[k]
		if !ok {
			t = &Term{Text: text, Key: k, Name: name}
			byKey[k] = t
		}
		t.Count += weight
	}
	for _, q := range ix.article.Quotations {
		if q.Speaker != "" {
			add(q.Speaker, true, 100)
		}
	}
	for _, d := range ix.docs[:min(len(ix.docs), termSentences)] {
		text := ix.article.Sentences[d.sentence].Text
		toks := ix.tokens(&d)
		for i := 0; i < len(toks); i++ {
			t := toks[i]
			if t.Kind != analysis.Word || t.Stop {
				continue
			}
			if !t.Capital {
				if utf8.RuneCountInString(t.Word) >= 4 {
					add(t.Word, false, 1)
				}
				continue
			}
			// A run of capitalised words joined by a space or a hyphen; one
			// capital that only starts the sentence is no name.
			end := i
			for end+1 < len(toks) && isNamePart(toks[end+1]) && joins(text[toks[end].End:toks[end+1].Start]) {
				end++
			}
			if i > 0 || end > i {
				add(corpus.FoldSpace(text[t.Start:toks[end].End]), true, 1)
			}
			i = end
		}
	}
	out := make([]Term, 0, len(byKey))
	for _, t := range byKey {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b Term) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key))
	})
	return out
}

func isNamePart(t analysis.Token) bool { return t.Kind == analysis.Word && t.Capital && !t.Stop }

// joins reports whether what stands between two capitalised words makes
// them one name: a hyphen, or white space (a line break too: sentences are
// verbatim).
func joins(between string) bool {
	return between == "-" || between != "" && strings.TrimSpace(between) == ""
}

// termsState is an index's lazily worked-out autocomplete terms.
type termsState struct {
	termsOnce sync.Once
	termList  []Term
}

// Fragment returns the text fragment directive (":~:text=…") that finds an
// article's sentence on its web page, unique within the article; "" for a
// sentence or an article the engine does not have.
func (e *Engine) Fragment(article string, sentence int) string {
	ix, ok := e.index(article)
	if !ok || sentence < 0 || sentence >= len(ix.article.Sentences) {
		return ""
	}
	return ix.article.Fragment(ix.article.Sentences[sentence])
}
