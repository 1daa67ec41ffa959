package telegram

import (
	"context"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
)

// What setMyCommands takes: at most 100 commands, each named by 1-32
// characters of [a-z0-9_] and described in 1-256 characters, for users of
// a two-letter language code.
func menuName(s string) bool {
	return s != "" && len(s) <= 32 && strings.IndexFunc(s, func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_')
	}) < 0
}

func menuLanguage(s string) bool {
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
}

const (
	maxMenu     = 100
	maxMenuDesc = 256
)

// setCommands sets the command menu from the service's commands: once as
// the default, in the catalog's default language, and once for each other
// language of the catalog, for the users whose language it is. A command
// Telegram would refuse is left out, with a warning. A failure costs only
// the menu.
func (b *Bot) setCommands(ctx context.Context) {
	var cmds []bot.Command
	for _, c := range b.svc.Commands {
		switch {
		case !menuName(c.Name):
			b.log.Warn("command menu: a name Telegram does not take (1-32 of a-z, 0-9, _); left out", "command", c.Name)
		case len(cmds) == maxMenu:
			b.log.Warn("command menu: more commands than Telegram takes; left out", "command", c.Name)
		default:
			cmds = append(cmds, c)
		}
	}
	cat := b.svc.Catalog
	def := cat.Lang("")
	for _, lang := range cat.Langs() {
		code := lang
		if lang == def {
			code = "" // the default, for every other language
		} else if !menuLanguage(lang) {
			b.log.Warn("command menu: not a language code Telegram takes; left out", "lang", lang)
			continue
		}
		cfg := tgbotapi.NewSetMyCommands(b.menu(cmds, lang)...)
		cfg.LanguageCode = code
		if err := b.api.send(ctx, dest{}, "setMyCommands", cfg); err != nil {
			if ctx.Err() != nil {
				return
			}
			b.log.Warn("set command menu", "language_code", code, "err", err)
		}
	}
}

// menu is the command menu in lang: the commands with a description in
// it that Telegram takes.
func (b *Bot) menu(cmds []bot.Command, lang string) []tgbotapi.BotCommand {
	out := []tgbotapi.BotCommand{}
	for _, c := range cmds {
		desc := strings.TrimSpace(c.Description(b.svc.Catalog, lang))
		if n := bot.TextLen(desc); n == 0 || n > maxMenuDesc {
			b.log.Warn("command menu: a description Telegram does not take (1-256 characters); left out", "command", c.Name, "lang", lang, "length", n)
			continue
		}
		out = append(out, tgbotapi.BotCommand{Command: c.Name, Description: desc})
	}
	return out
}
