package telegram

import (
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

func link(text, url string) string { return `<a href="` + escapeAttr(url) + `">` + text + "</a>" }

// markup is Telegram's HTML, for bot.Renderer: a quotation is a
// blockquote, so quotes need no numbers; an article list's picks are
// buttons. A reply rendered with it may be
// longer than a message: split cuts it.
func markup() bot.Markup {
	return bot.Markup{
		Escape:    escape,
		Bold:      func(s string) string { return "<b>" + s + "</b>" },
		Italic:    func(s string) string { return "<i>" + s + "</i>" },
		Link:      link,
		QuoteLink: link,
		Quote:     func(s string) string { return "<blockquote>" + s + "</blockquote>" },
		Buttons:   true, // an article list is an inline keyboard
	}
}
