package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
)

// optEphemeral is /ask's option that keeps the answer to the one who asked.
const optEphemeral = "ephemeral"

// maxCommandDescription is Discord's limit on a command's or an option's
// description, in characters.
const maxCommandDescription = 100

// locales returns the locales Discord's users choose from: platform
// knowledge, beside the catalog's languages. discordgo v0.29.0 does not
// name "id", Bahasa Indonesia.
func locales() []discordgo.Locale {
	return []discordgo.Locale{
		"id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no",
		"pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
		"zh-CN", "ja", "zh-TW", "ko",
	}
}

// commands returns the slash commands of the service's command table, in
// its order: a command's argument is a string option, and a Private one has the
// ephemeral option too. Their words are the catalog's: in bot.DefaultLang,
// and localized for every Discord locale whose language it speaks.
func (b *Bot) commands() []*discordgo.ApplicationCommand {
	cat := b.svc.Catalog
	var out []*discordgo.ApplicationCommand
	for _, c := range b.svc.Commands {
		words := func(lang string) string { return c.Description(cat, lang) }
		loc := localizations(cat, words)
		cmd := &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     c.Name,
			Description:              description(words(bot.DefaultLang)),
			DescriptionLocalizations: &loc,
		}
		if c.Arg != nil {
			words := func(lang string) string { return c.ArgDescription(cat, lang) }
			cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{
				Type:                     discordgo.ApplicationCommandOptionString,
				Name:                     c.Arg.Name,
				Description:              description(words(bot.DefaultLang)),
				DescriptionLocalizations: localizations(cat, words),
				Required:                 c.Arg.Required,
				Autocomplete:             c.Arg.Complete,
				MaxLength:                bot.MaxQuestionLen,
			})
		}
		if c.Link {
			words := func(lang string) string { return cat.T(lang, "cmd."+c.Name+".url.desc") }
			cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{
				Type:                     discordgo.ApplicationCommandOptionString,
				Name:                     bot.OptURL,
				Description:              description(words(bot.DefaultLang)),
				DescriptionLocalizations: localizations(cat, words),
				MaxLength:                bot.MaxQuestionLen,
			})
		}
		if c.Private {
			words := func(lang string) string { return cat.T(lang, "answer.private") }
			cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{
				Type:                     discordgo.ApplicationCommandOptionBoolean,
				Name:                     optEphemeral,
				Description:              description(words(bot.DefaultLang)),
				DescriptionLocalizations: localizations(cat, words),
			})
		}
		out = append(out, cmd)
	}
	return out
}

// localizations gives words in each of Discord's locales whose language the
// catalog speaks; Discord shows the default to the others.
func localizations(cat *bot.Catalog, words func(lang string) string) map[discordgo.Locale]string {
	out := map[discordgo.Locale]string{}
	for _, loc := range locales() {
		code := strings.ToLower(string(loc))
		primary, _, _ := strings.Cut(code, "-")
		if lang := cat.Lang(code); lang == code || lang == primary {
			out[loc] = description(words(lang))
		}
	}
	return out
}

func description(s string) string { return bot.CutText(s, maxCommandDescription) }
