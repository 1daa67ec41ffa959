package bottest

import (
	"fmt"
	"strings"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa"
)

// Questions New answers.
const (
	Question      = "Berapa korban?"              // two quotes from "gempa", explained when asked
	EnglishQ      = "How many people died?"       // the same quotes, asked in English
	Unanswered    = "Siapa pemenang Piala Dunia?" // abstains, with a closest sentence
	Many          = "gempa"                       // twelve quotes, for paging
	Library       = "What happened?"              // quotes of both articles, one sentence in both
	Both          = "The coast was hit."          // that sentence
	Markup        = "markup"                      // a quote full of markup characters
	NastyText     = `Kata <b>dia</b> & "A" **tebal** _miring_ @everyone <@123> [tautan](https://evil.example) </blockquote>`
	GempaTitle    = "Gempa M 5,6 Guncang Cianjur"
	GempaURL      = "https://kabar.example/gempa-cianjur"
	GempaSource   = "Kabar Contoh"
	StormTitle    = "Storm hits the coast"
	FirstAnswer   = "Sedikitnya 62 orang meninggal dunia dan ratusan lainnya luka-luka."
	LongQuotation = `"Kami terus mencari. Korban yang tertimbun masih banyak. Kami tidak akan berhenti," kata Kepala BNPB Suharyanto.`
)

// New returns an Engine with a library of two articles: "gempa", an
// Indonesian report, and "storm", an English one, and canned answers to
// the questions above.
func New() *Engine {
	gempa := qa.ArticleInfo{ID: "gempa", Sentences: 5, Meta: corpus.Meta{
		Title: GempaTitle, URL: GempaURL, Source: GempaSource, Published: "2022-11-21", Language: "id",
	}}
	storm := qa.ArticleInfo{ID: "storm", Sentences: 2, Meta: corpus.Meta{
		Title: StormTitle, URL: "https://news.example/storm", Source: "Example News", Published: "2023-01-05", Language: "en",
	}}
	first := hit("gempa", 1, 1, FirstAnswer, "orang meninggal")
	second := hit("gempa", 2, 2, LongQuotation, "Korban")
	second.Cuts = []int{len(`"Kami terus mencari.`), len(`"Kami terus mencari. Korban yang tertimbun masih banyak.`)}
	// How the two were scored, for ask --explain and --json.
	first.Explain = []qa.TermPart{{Term: "korban", Match: "meninggal", How: "synonym", Weight: 4.25}}
	first.Factors = []qa.Factor{{Name: "words", Op: "+", Value: 4.25}, {Name: "paragraph", Op: "+", Value: 0.5}, {Name: "paragraph start", Op: "×", Value: 1.2}, {Name: "answer kind", Op: "×", Value: 1.3}}
	second.Explain = []qa.TermPart{{Term: "korban", Match: "Korban", How: "exact", Weight: 3.125}}
	second.Factors = []qa.Factor{{Name: "words", Op: "+", Value: 3.125}}
	var many []qa.Hit
	for i := range 12 {
		many = append(many, hit("gempa", 8, 30+i, fmt.Sprintf("Kalimat nomor %d tentang gempa.", i+1), "gempa"))
	}
	closest := hit("gempa", 0, 0, "Gempa bermagnitudo 5,6 mengguncang Cianjur, Jawa Barat, Senin (21/11/2022) siang.", "Jawa")
	return &Engine{
		Library: []qa.ArticleInfo{gempa, storm},
		Answers: map[string]qa.Answer{
			Question:   {Want: lang.WantNumber, Hits: []qa.Hit{first, second}, Matched: 2},
			EnglishQ:   {Want: lang.WantNumber, Hits: []qa.Hit{first, second}, Matched: 2},
			Unanswered: {Want: lang.WantPerson, Abstained: true, Closest: &closest, Matched: 1},
			Many:       {Hits: many, Matched: 12},
			Markup:     {Hits: []qa.Hit{hit("gempa", 4, 15, NastyText, "tebal")}, Matched: 1},
			Library:    {Hits: []qa.Hit{hit("storm", 0, 1, Both, "hit"), hit("gempa", 6, 20, Both, "hit"), hit("gempa", 1, 3, "Gempa mengguncang Cianjur.")}, Matched: 3},
		},
		Summaries: map[string][]qa.Hit{
			"gempa": {closest, first, second},
			"storm": {hit("storm", 0, 0, "A storm hit the coast on Thursday.")},
		},
		Quotes: map[string][]corpus.Quotation{
			"gempa": {
				{Text: "Kami terus mencari. Korban yang tertimbun masih banyak. Kami tidak akan berhenti", Sentence: 2, Paragraph: 2, Speaker: "Suharyanto", Role: "Kepala BNPB"},
				{Text: "Warga diminta tetap tenang", Sentence: 6, Paragraph: 4, Speaker: "Ridwan Kamil", Role: "Gubernur Jawa Barat"},
				{Text: "Bantuan sudah dikirim sejak pagi", Sentence: 7, Paragraph: 4, Speaker: "Ridwan Kamil", Role: "Gubernur Jawa Barat"},
				{Text: "Rumah sakit penuh", Sentence: 8, Paragraph: 5, Speaker: "Herman Suherman", Role: "Bupati Cianjur"},
				{Text: "Kami butuh tenda dan selimut", Sentence: 9, Paragraph: 5, Speaker: "Herman Suherman", Role: "Bupati Cianjur"},
				{Text: "Sekolah diliburkan sepekan", Sentence: 10, Paragraph: 6, Speaker: "Dedi", Role: ""},
			},
		},
		TermsOf: map[string][]qa.Term{
			"gempa": {
				{Text: "Suharyanto", Key: "suharyanto", Name: true, Count: 100},
				{Text: "Ridwan Kamil", Key: "ridwan kamil", Name: true, Count: 100},
				{Text: "Cianjur", Key: "cianjur", Name: true, Count: 4},
				{Text: "korban", Key: "korban", Count: 3},
				{Text: "gempa", Key: "gempa", Count: 3},
			},
			"storm": {{Text: "coast", Key: "coast", Count: 2}},
		},
	}
}

// hit is a quote of an article, with the given words of it in bold.
func hit(article string, paragraph, sentence int, text string, bold ...string) qa.Hit {
	h := qa.Hit{Article: article, Paragraph: paragraph, Sentence: sentence, Text: text, Score: 10 - float64(sentence)/100}
	for _, w := range bold {
		if i := strings.Index(text, w); i >= 0 {
			h.Highlights = append(h.Highlights, qa.Span{Start: i, End: i + len(w)})
		}
	}
	return h
}

// AddArticles adds n articles to the library, older than New's: "laporan-01",
// … titled "Laporan pasar nomor 1", …, with no answers of their own, for
// the tests of an article list's pages.
func (e *Engine) AddArticles(n int) {
	for i := 1; i <= n; i++ {
		e.Library = append(e.Library, qa.ArticleInfo{ID: fmt.Sprintf("laporan-%02d", i), Sentences: 1, Meta: corpus.Meta{
			Title: fmt.Sprintf("Laporan pasar nomor %d", i), Published: fmt.Sprintf("2021-01-%02d", i), Language: "id",
		}})
	}
}
