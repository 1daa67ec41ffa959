package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/kutip/kutip/bot"
)

// The options of the slash commands.
const (
	optQuestion  = "question"
	optEphemeral = "ephemeral"
	optWho       = "who"
	optID        = "id"
)

// words are the adapter's own words: Indonesian, kutip's default, and English.
type words struct{ id, en string }

func (w words) in(lang string) string {
	if lang == "en" {
		return w.en
	}
	return w.id
}

// localizations gives English to Discord's English locales. Indonesian is
// the default for every other locale, as in bot.Lang.
func (w words) localizations() map[discordgo.Locale]string {
	return map[discordgo.Locale]string{
		discordgo.EnglishUS: w.en,
		discordgo.EnglishGB: w.en,
		"id":                w.id, // Bahasa Indonesia, which discordgo v0.29.0 does not name
	}
}

var (
	wordMore    = words{"Lainnya", "More"}
	wordExpired = words{"Tombol ini sudah kedaluwarsa; silakan bertanya lagi.", "This button has expired; please ask again."}
)

// commands returns the slash commands, /article only when article is set.
func commands(article bool) []*discordgo.ApplicationCommand {
	cmds := []*discordgo.ApplicationCommand{
		command(bot.CmdAsk, words{
			"Tanyakan tentang artikel; kutip menjawab dengan kalimatnya, apa adanya",
			"Ask about the article; kutip answers with its sentences, verbatim",
		},
			stringOption(optQuestion, words{"Pertanyaan Anda", "Your question"}, true),
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionBoolean, Name: optEphemeral,
				Description:              "Jawaban hanya terlihat oleh Anda",
				DescriptionLocalizations: words{"Jawaban hanya terlihat oleh Anda", "Only you see the answer"}.localizations(),
			}),
		command(bot.CmdQuotes, words{"Kutipan langsung dalam artikel dan siapa yang mengucapkannya", "The article's direct quotations and who said them"}),
		command(bot.CmdQuote, words{"Kutipan dari seseorang atau tentang sesuatu", "Quotations by someone or about something"},
			stringOption(optWho, words{"Nama pembicara atau kata kunci", "A speaker's name or a keyword"}, true)),
		command(bot.CmdSummary, words{"Kalimat-kalimat kunci artikel", "The article's key sentences"}),
		command(bot.CmdSource, words{"Judul dan sumber artikel", "The article's title and source"}),
		command(bot.CmdHelp, words{"Cara memakai kutip", "How to use kutip"}),
	}
	if article {
		cmds = append(cmds, command(bot.CmdArticle, words{"Pilih artikel yang ditanyakan, atau lihat daftarnya", "Choose the article to ask about, or list them"},
			stringOption(optID, words{"Artikel", "The article"}, false)))
	}
	return cmds
}

func command(name string, desc words, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand {
	loc := desc.localizations()
	return &discordgo.ApplicationCommand{
		Type:                     discordgo.ChatApplicationCommand,
		Name:                     name,
		Description:              desc.id,
		DescriptionLocalizations: &loc,
		Options:                  opts,
	}
}

// stringOption is a text option with autocomplete.
func stringOption(name string, desc words, required bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:                     discordgo.ApplicationCommandOptionString,
		Name:                     name,
		Description:              desc.id,
		DescriptionLocalizations: desc.localizations(),
		Required:                 required,
		Autocomplete:             true,
		MaxLength:                maxQuestion,
	}
}
