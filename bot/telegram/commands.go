package telegram

import (
	"context"
	"regexp"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// What setMyCommands takes: at most 100 commands, each named by 1-32
// characters of [a-z0-9_] and described in 1-256 characters, for users of
// a two-letter language code.
var (
	menuName     = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	menuLanguage = regexp.MustCompile(`^[a-z]{2}$`)
)

const (
	maxMenu     = 100
	maxMenuDesc = 256
)

// setCommands sets the command menu from the service's commands: once as
// the default, in the catalog's default language, and once for each other
// language of the catalog, for the users whose language it is. A failure
// costs only the menu.
func (b *Bot) setCommands(ctx context.Context) {
	cat := b.svc.Catalog
	def := cat.Lang("")
	for _, lang := range cat.Langs() {
		code := lang
		if lang == def {
			code = "" // the default, for every other language
		} else if !menuLanguage.MatchString(lang) {
			b.log.Warn("command menu: not a language code Telegram takes; skipped", "language_code", lang)
			continue
		}
		cfg := tgbotapi.NewSetMyCommands(b.menu(lang)...)
		cfg.LanguageCode = code
		if err := b.api.send(ctx, dest{}, "setMyCommands", cfg); err != nil {
			if ctx.Err() != nil {
				return
			}
			b.log.Warn("set command menu", "language_code", code, "err", err)
		}
	}
}

// menu is the command menu in lang: the service's commands that Telegram
// takes, with their descriptions from the catalog.
func (b *Bot) menu(lang string) []tgbotapi.BotCommand {
	out := []tgbotapi.BotCommand{}
	for _, c := range b.svc.Commands {
		desc := strings.TrimSpace(c.Description(b.svc.Catalog, lang))
		switch n := bot.TextLen(desc); {
		case !menuName.MatchString(c.Name):
			b.log.Warn("command menu: a name Telegram does not take (1-32 of a-z, 0-9, _); skipped", "command", c.Name)
			continue
		case n == 0 || n > maxMenuDesc:
			b.log.Warn("command menu: a description Telegram does not take (1-256 characters); skipped", "command", c.Name, "language", lang, "length", n)
			continue
		case len(out) == maxMenu:
			b.log.Warn("command menu: more commands than Telegram takes; skipped", "command", c.Name)
			continue
		}
		out = append(out, tgbotapi.BotCommand{Command: c.Name, Description: desc})
	}
	return out
}
