package terminal_test

import (
	"os"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/terminal"
)

func ExamplePrint() {
	text := "Sedikitnya 62 orang meninggal\n dunia dan ratusan lainnya luka-luka.\a"
	rep := bot.Reply{
		Kind: bot.KindAnswer,
		Lang: "en",
		Article: &bot.Article{
			ID: "gempa", Title: "Gempa M 5,6 Guncang Cianjur", URL: "https://kabar.example/gempa-cianjur",
			Source: "Kabar Contoh", Published: "2022-11-21",
		},
		Quotes: []bot.Quote{{Text: text, Highlights: []bot.Span{{Start: 14, End: 19}}, Paragraph: 1, Sentence: 1}},
	}
	// Without color: the matched words are not marked; the bell is dropped.
	if err := terminal.Print(os.Stdout, bot.DefaultCatalog(), rep, false, 0); err != nil {
		panic(err)
	}
	// Output:
	// 1. “Sedikitnya 62 orang meninggal dunia dan ratusan lainnya luka-luka.”
	//    (paragraph 2, sentence 2)
	//
	// Source: Gempa M 5,6 Guncang Cianjur <https://kabar.example/gempa-cianjur> · Kabar Contoh · 2022-11-21
}
