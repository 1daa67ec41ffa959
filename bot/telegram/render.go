package telegram

import (
	"cmp"
	"strings"

	"github.com/kutip/kutip/bot"
)

// Replies are sent with parse_mode HTML. The Bot API wants only <, > and &
// escaped in text, and " too inside an attribute; everything that comes
// from an article goes through escape or escapeAttr.
var (
	htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

func escape(s string) string     { return htmlEscaper.Replace(s) }
func escapeAttr(s string) string { return attrEscaper.Replace(s) }

func bold(s string) string { return "<b>" + s + "</b>" }

// quoteStyle renders a quote's text escaped, its matched words in bold.
var quoteStyle = bot.Style{Bold: bold, Escape: escape}

// render writes a reply as Telegram HTML, in lang for the bot's own words.
// The result may be longer than a message: split cuts it.
func render(rep bot.Reply, lang string) string {
	switch rep.Kind {
	case bot.KindText:
		return escape(rep.Text)
	case bot.KindSource:
		return sourceHTML(rep.Article, lang)
	}
	var blocks []string
	if rep.Kind == bot.KindAnswer && rep.Abstained {
		blocks = append(blocks, escape(bot.NoAnswerText(lang)))
		if rep.Closest != nil {
			blocks = append(blocks, "<i>"+escape(bot.ClosestText(lang))+":</i>\n"+quoteHTML(*rep.Closest, lang))
		}
		return strings.Join(blocks, "\n\n")
	}
	for _, q := range rep.Quotes {
		blocks = append(blocks, quoteHTML(q, lang))
	}
	if s := sourceHTML(rep.Article, lang); s != "" {
		blocks = append(blocks, s)
	}
	return strings.Join(blocks, "\n\n")
}

// quoteHTML shows one quote as a quotation, who said it and where it stands.
func quoteHTML(q bot.Quote, lang string) string {
	var b strings.Builder
	b.WriteString("<blockquote>")
	b.WriteString(quoteStyle.Render(q))
	b.WriteString("</blockquote>\n")
	if q.Speaker != "" {
		b.WriteString("— " + escape(bot.SpeakerLine(q)) + "\n")
	}
	b.WriteString("<i>" + escape(bot.Where(lang, q)) + "</i>")
	return b.String()
}

// sourceHTML names the article: its title, linked when its URL is a web
// address, its source and date.
func sourceHTML(a *bot.Article, lang string) string {
	if a == nil {
		return ""
	}
	title := escape(cmp.Or(a.Title, a.ID))
	if bot.WebURL(a.URL) {
		title = `<a href="` + escapeAttr(a.URL) + `">` + title + "</a>"
	}
	parts := []string{title}
	for _, s := range []string{a.Source, a.Published} {
		if s != "" {
			parts = append(parts, escape(s))
		}
	}
	return escape(bot.SourceText(lang)) + ": " + strings.Join(parts, " · ")
}
