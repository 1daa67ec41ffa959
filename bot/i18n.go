package bot

import (
	"fmt"
	"strings"
)

type msg int

// The bot's own words.
const (
	msgPanic msg = iota
	msgEmpty
	msgNotText
	msgNoAnswer
	msgClosest
	msgNoQuotes
	msgNoQuotesBy
	msgUnknownArticle
	msgArticleSet
	msgArticles
	msgUnknownCommand
	msgHelp
	msgSource
	msgWhere
	msgMatched
	msgQuoteNeedsArg
	msgSlowDown
	msgError
)

var messages = map[string][]string{
	"id": {
		msgPanic:          "Maaf, terjadi kesalahan saat menjawab. Silakan coba lagi.",
		msgEmpty:          "Tulis pertanyaan tentang artikel, misalnya: Berapa orang yang tewas?",
		msgNotText:        "Pertanyaan itu bukan teks yang bisa dibaca.",
		msgNoAnswer:       "Artikel tidak menyebutkan hal itu.",
		msgClosest:        "Kalimat terdekat",
		msgNoQuotes:       "Artikel ini tidak memuat kutipan langsung.",
		msgNoQuotesBy:     "Tidak ada kutipan dari atau tentang %q dalam artikel ini.",
		msgUnknownArticle: "Artikel %q tidak ada. Pilihan: %s",
		msgArticleSet:     "Artikel dipilih: %s",
		msgArticles:       "Artikel yang tersedia:",
		msgUnknownCommand: "Perintah /%s tidak dikenal.",
		msgHelp:           "kutip menjawab pertanyaan tentang artikel dengan mengutip kalimatnya apa adanya.\n\nPerintah:\n/ask <pertanyaan> — cari kalimat yang menjawab\n/quotes — kutipan langsung dalam artikel dan siapa yang mengucapkannya\n/quote <nama atau kata> — kutipan dari seseorang atau tentang sesuatu\n/summary — kalimat-kalimat kunci\n/source — judul dan sumber artikel\n/article <id> — pilih artikel (jika ada beberapa)\n/help — bantuan ini",
		msgSource:         "Sumber",
		msgWhere:          "paragraf %d, kalimat %d",
		msgMatched:        "%d kalimat cocok",
		msgQuoteNeedsArg:  "Tulis nama pembicara atau kata kunci, misalnya: /quote Aliyev",
		msgSlowDown:       "Terlalu banyak pertanyaan dalam waktu singkat; tunggu sebentar.",
		msgError:          "Maaf, pertanyaan itu tidak bisa dijawab sekarang.",
	},
	"en": {
		msgPanic:          "Sorry, something went wrong while answering. Please try again.",
		msgEmpty:          "Ask a question about the article, for example: How many people died?",
		msgNotText:        "That question is not readable text.",
		msgNoAnswer:       "The article does not say.",
		msgClosest:        "Closest match",
		msgNoQuotes:       "This article has no direct quotations.",
		msgNoQuotesBy:     "No quotation by or about %q in this article.",
		msgUnknownArticle: "There is no article %q. Choose from: %s",
		msgArticleSet:     "Article chosen: %s",
		msgArticles:       "Articles:",
		msgUnknownCommand: "Unknown command /%s.",
		msgHelp:           "kutip answers questions about an article by quoting its sentences verbatim.\n\nCommands:\n/ask <question> — find the sentences that answer\n/quotes — the article's direct quotations and who said them\n/quote <speaker or keyword> — quotations by someone or about something\n/summary — key sentences\n/source — the article's title and source\n/article <id> — choose an article (when there are several)\n/help — this help",
		msgSource:         "Source",
		msgWhere:          "paragraph %d, sentence %d",
		msgMatched:        "%d sentences matched",
		msgQuoteNeedsArg:  "Name a speaker or a keyword, for example: /quote Aliyev",
		msgSlowDown:       "Too many questions at once; please wait a moment.",
		msgError:          "Sorry, that question cannot be answered right now.",
	},
}

// Lang picks the bot's language for a platform language code ("en-US",
// "id"): English for English, Indonesian otherwise.
func Lang(code string) string {
	if strings.HasPrefix(strings.ToLower(code), "en") {
		return "en"
	}
	return "id"
}

// T returns one of the bot's messages in lang.
func T(lang string, m msg) string {
	if ms, ok := messages[lang]; ok {
		return ms[m]
	}
	return messages["id"][m]
}

// Where says where a quote stands, in lang: "paragraf 3, kalimat 5".
func Where(lang string, q Quote) string {
	return fmt.Sprintf(T(lang, msgWhere), q.Paragraph+1, q.Sentence+1)
}

// MatchedText says how many sentences matched, in lang.
func MatchedText(lang string, n int) string { return fmt.Sprintf(T(lang, msgMatched), n) }

// NoAnswerText says that the article does not say, in lang.
func NoAnswerText(lang string) string { return T(lang, msgNoAnswer) }

// ClosestText labels the closest match, in lang.
func ClosestText(lang string) string { return T(lang, msgClosest) }

// SourceText labels the source, in lang.
func SourceText(lang string) string { return T(lang, msgSource) }

// SlowDownText asks a user to slow down, in lang.
func SlowDownText(lang string) string { return T(lang, msgSlowDown) }

// ErrorText apologises for an error, in lang.
func ErrorText(lang string) string { return T(lang, msgError) }
