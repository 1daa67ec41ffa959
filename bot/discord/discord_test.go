package discord_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/discord/discordtest"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

const channel = "1200000000000000001"

// firstQuote is the first quote answering bottest.Question, as Discord shows it.
// firstQuote is the first quote of bottest.Question's answer, its place
// linked to the quote on the article's page.
const firstQuote = "**1.** “Sedikitnya 62 **orang meninggal** dunia dan ratusan lainnya luka-luka.”\n" +
	"*[paragraf 2, kalimat 2](https://kabar.example/gempa-cianjur#:~:text=Sedikitnya%2062%20orang%20meninggal%20dunia%20dan%20ratusan%20lainnya%20luka%2Dluka.)*"

func TestAsk(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, canned())
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
	r := hs.fake.WaitRequest(t, "POST", callbackPath)
	if want := "/api/v9/interactions/1000000000000000001/aW50ZXJhY3Rpb246MTAwMDAwMDAwMDAwMDAwMDAwMTp0b2tlbg/callback"; r.Path != want {
		t.Errorf("callback to %s, want %s", r.Path, want)
	}
	cb := decode[callback](t, r)
	checkSafe(t, cb.Data)
	if cb.Type != 4 || len(cb.Data.Embeds) != 1 || cb.Data.Flags != 0 {
		t.Fatalf("response type %d, %d embeds, flags %d; want 4, one embed, 0:\n%s", cb.Type, len(cb.Data.Embeds), cb.Data.Flags, r.Body)
	}
	e := cb.Data.Embeds[0]
	if !strings.HasPrefix(e.Description, firstQuote+"\n\n**2.** \"Kami terus mencari. **Korban** yang") {
		t.Errorf("description %q does not start with %q, then the second quote", e.Description, firstQuote)
	}
	if e.Title != bottest.GempaTitle || e.URL != bottest.GempaURL || e.Author == nil || e.Author.Name != bottest.Question || e.Footer == nil || e.Footer.Text != "2 kalimat cocok" {
		t.Errorf("embed title %q, url %q, author %+v, footer %+v", e.Title, e.URL, e.Author, e.Footer)
	}
	if cb.Data.button() != "" {
		t.Errorf("every quote is shown, but there is a button %q", cb.Data.button())
	}
	// Guard's one line a request, with the platform.
	hs.logs.Wait(t, regexp.MustCompile(`level=INFO msg=request platform=discord command=ask chat_id=discord:`+channel+` outcome=answered`))
}

func TestRealEngine(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, service(qa.New(corpus.Default())))
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", bottest.Question, "Berapa orang yang meninggal?"))
	cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	checkSafe(t, cb.Data)
	const want = "“Diketahui setidaknya 15 **orang meninggal** dunia atas konflik di Pegunungan Kaukasus ini.”\n*paragraf 3, kalimat 3*"
	if len(cb.Data.Embeds) != 1 || !strings.Contains(cb.Data.Embeds[0].Description, want) {
		t.Errorf("reply %q does not hold %q", cb.Data.text(), want)
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, canned())
	const other = "1200000000000000077" // a channel of its own, for /article
	tests := []struct {
		name    string
		oldnew  []string // changes to ask.json
		want    string   // in the reply's text
		flags   int
		content bool // the reply is plain content, not an embed
	}{
		{"english", []string{`"locale": "id"`, `"locale": "en-US"`}, "2 sentences matched", 0, false},
		{"guild locale", []string{`"locale": "id",`, ``}, "2 sentences matched", 0, false},
		{"ephemeral", []string{`"options": [`, `"options": [{"name": "ephemeral", "type": 5, "value": true},`}, firstQuote, 64, false},
		{"abstains", []string{bottest.Question, bottest.Unanswered}, "**Artikel tidak menyebutkan hal itu.**\n\nKalimat terdekat:\n“Gempa bermagnitudo 5,6 mengguncang Cianjur, **Jawa** Barat", 0, false},
		{"quotes", []string{`"name": "ask"`, `"name": "quotes"`, `"options": [`, `"no_options": [`}, "**1.** “Kami terus mencari. Korban yang tertimbun masih banyak. Kami tidak akan berhenti”\n— Suharyanto, Kepala BNPB\n*[paragraf 3, kalimat 3](https://kabar.example/gempa-cianjur#:~:text=%22Kami%20terus%20mencari.,Kepala%20BNPB%20Suharyanto.)*", 0, false},
		{"quote", []string{`"name": "ask"`, `"name": "quote"`, `"question"`, `"who"`, bottest.Question, "Kamil"}, "“Warga diminta tetap tenang”\n— Ridwan Kamil, Gubernur Jawa Barat", 0, false},
		{"summary", []string{`"name": "ask"`, `"name": "summary"`}, "**1.** “Gempa bermagnitudo", 0, false},
		{"source", []string{`"name": "ask"`, `"name": "source"`}, "Sumber: [Gempa M 5,6 Guncang Cianjur](https://kabar.example/gempa-cianjur) · Kabar Contoh · 2022-11-21", 0, false},
		{"help", []string{`"name": "ask"`, `"name": "help"`}, "/quote \\<nama atau kata\\> — Kutipan dari seseorang", 0, true},
		{"empty question", []string{bottest.Question, " "}, "Tulis pertanyaan", 0, true},
		{"unknown", []string{`"name": "ask"`, `"name": "nope"`}, "Perintah /nope tidak dikenal.", 0, true},
		{"article", []string{`"name": "ask"`, `"name": "article"`, `"question"`, `"id"`, bottest.Question, "storm", channel, other}, "Artikel dipilih: Storm hits the coast", 0, true},
		{"after article", []string{`"name": "ask"`, `"name": "source"`, channel, other}, "Sumber: [Storm hits the coast](https://news.example/storm)", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", tt.oldnew...))
			r := hs.fake.WaitRequest(t, "POST", callbackPath)
			cb := decode[callback](t, r)
			checkSafe(t, cb.Data)
			if cb.Type != 4 || cb.Data.Flags != tt.flags || (len(cb.Data.Embeds) == 0) != tt.content {
				t.Fatalf("type %d, flags %d, %d embeds; want 4, %d, content only %v:\n%s", cb.Type, cb.Data.Flags, len(cb.Data.Embeds), tt.flags, tt.content, r.Body)
			}
			if got := cb.Data.text(); !strings.Contains(got, tt.want) {
				t.Errorf("reply %q does not hold %q", got, tt.want)
			}
		})
	}
}

// gate holds every request until it is released.
type gate struct {
	next    bot.Handler
	release chan struct{}
}

func (g gate) Handle(ctx context.Context, req bot.Request) (bot.Reply, error) {
	select {
	case <-g.release:
	case <-ctx.Done():
		return bot.Reply{}, ctx.Err()
	}
	return g.next.Handle(ctx, req)
}

// gated is the canned service, its requests held by a gate.
func gated() (bot.Service, gate) {
	svc := canned()
	g := gate{svc.Handler, make(chan struct{})}
	svc.Handler = g
	return svc, g
}

func TestAskDeferred(t *testing.T) {
	t.Parallel()
	svc, g := gated()
	hs := start(t, discord.Config{DeferAfter: 10_000_000}, svc) // 10ms
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"options": [`, `"options": [{"name": "ephemeral", "type": 5, "value": true},`))
	cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if cb.Type != 5 || cb.Data.Flags != 64 {
		t.Fatalf("first response: type %d, flags %d; want a deferred, ephemeral one (5, 64)", cb.Type, cb.Data.Flags)
	}
	close(g.release)
	edit := decode[sent](t, hs.fake.WaitRequest(t, "PATCH", originalPath))
	checkSafe(t, edit)
	if !strings.Contains(edit.text(), firstQuote) {
		t.Errorf("the edit %q does not answer", edit.text())
	}
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, canned())
	tests := []struct {
		name   string
		oldnew []string // changes to autocomplete.json
		first  string
		want   string
	}{
		{"question", nil, "berapa ko", "berapa korban"},
		{"speaker", []string{`"name": "ask"`, `"name": "quote"`, `"question"`, `"who"`, "berapa ko", "kam"}, "Ridwan Kamil", "Ridwan Kamil"},
		{"article", []string{`"name": "ask"`, `"name": "article"`, `"question"`, `"id"`, "berapa ko", "stor"}, bottest.StormTitle, "storm"},
		{"articles", []string{`"name": "ask"`, `"name": "article"`, `"question"`, `"id"`, "berapa ko", ""}, "Seluruh perpustakaan (2 artikel)", bot.LibraryArg},
		{"article typo", []string{`"name": "ask"`, `"name": "article"`, `"question"`, `"id"`, "berapa ko", "cianjru"}, bottest.GempaTitle, "gempa"},
		{"nothing", []string{`"name": "ask"`, `"name": "summary"`}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "autocomplete.json", tt.oldnew...))
			r := hs.fake.WaitRequest(t, "POST", callbackPath)
			cb := decode[callback](t, r)
			if cb.Type != 8 || !strings.Contains(string(r.Body), `"choices":[`) {
				t.Fatalf("response type %d, want 8 with choices:\n%s", cb.Type, r.Body)
			}
			choices := cb.Data.Choices
			if len(choices) > 25 {
				t.Errorf("%d choices, over 25", len(choices))
			}
			for _, c := range choices {
				if bot.TextLen(c.Name) > 100 || bot.TextLen(c.Value) > 100 {
					t.Errorf("choice %+v over 100 characters", c)
				}
			}
			if tt.first == "" {
				if len(choices) > 0 {
					t.Errorf("choices %+v, want none", choices)
				}
				return
			}
			if len(choices) == 0 || choices[0].Name != tt.first {
				t.Fatalf("choices %+v, want %q first", choices, tt.first)
			}
			if !slices.ContainsFunc(choices, func(c struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			}) bool {
				return c.Value == tt.want
			}) {
				t.Errorf("choices %+v, want the value %q among them", choices, tt.want)
			}
		})
	}
}

func TestMention(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, canned())
	// Neither a message that does not mention kutip nor one by a bot is answered.
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json", "<@900000000000000001> ", "", `"id": "900000000000000001"`, `"id": "1300000000000000002"`))
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json", `"public_flags": 0
  },
  "member"`, `"public_flags": 0, "bot": true
  },
  "member"`))
	// Nor a command for another bot.
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json", "Berapa korban?", "/ask@otherbot Berapa korban?"))
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json"))
	r := hs.fake.WaitRequest(t, "POST", "/api/v9/channels/"+channel+"/messages")
	m := decode[sent](t, r)
	checkSafe(t, m)
	if m.Reference == nil || m.Reference.MessageID != "1400000000000000001" {
		t.Errorf("reply refers to %+v, want message 1400000000000000001", m.Reference)
	}
	if got := m.text(); !strings.Contains(got, firstQuote) || !strings.Contains(got, "2 kalimat cocok") {
		t.Errorf("reply %q does not answer in Indonesian", got)
	}
	// The DM below is answered after the ignored messages were read.
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "dm.json"))
	hs.fake.WaitRequest(t, "POST", "/api/v9/channels/1600000000000000001/messages")
	if n := len(hs.fake.Requests("POST", "/api/v9/channels/"+channel+"/messages")); n != 1 {
		t.Errorf("%d replies in the channel, want 1: only the mention is answered", n)
	}
}

func TestDM(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, canned())
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "dm.json"))
	m := decode[sent](t, hs.fake.WaitRequest(t, "POST", "/api/v9/channels/1600000000000000001/messages"))
	checkSafe(t, m)
	// Asked in English, answered with the bot's English words.
	if got := m.text(); !strings.Contains(got, "**orang meninggal**") || !strings.Contains(got, "*[paragraph 2, sentence 2](https://kabar.example/gempa-cianjur#:~:text=") || !strings.Contains(got, "2 sentences matched") {
		t.Errorf("reply %q does not answer in English", got)
	}
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "dm.json", bottest.EnglishQ, "/quote kamil"))
	m = decode[sent](t, hs.fake.WaitRequest(t, "POST", "/api/v9/channels/1600000000000000001/messages"))
	if got := m.text(); !strings.Contains(got, "— Ridwan Kamil, Gubernur Jawa Barat") {
		t.Errorf("/quote in a DM: %q", got)
	}
}

// nastyEngine is bottest's engine with an article whose title, source,
// quotations and key sentences are full of markup.
func nastyEngine() *bottest.Engine {
	e := bottest.New()
	e.Library[0].Title = "Rapat **darurat** @everyone"
	e.Library[0].URL = "https://example.com/rapat_darurat"
	e.Library[0].Source = "Warta_Kita"
	for i := range e.Quotes["gempa"] {
		e.Quotes["gempa"][i].Text = bottest.NastyText + "\n# Bukan judul\n> bukan kutipan\n- bukan daftar\n1. bukan nomor"
		e.Quotes["gempa"][i].Speaker = "<@123> ||Ketua||"
	}
	e.Summaries["gempa"] = e.Answers[bottest.Markup].Hits
	return e
}

// TestLibraryEscapes: a quote of the whole library names its article, and
// the title can neither ping anyone nor break the markdown.
func TestLibraryEscapes(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, service(nastyEngine()))
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json", bottest.Question, bottest.Library))
	m := decode[sent](t, hs.fake.WaitRequest(t, "POST", "/api/v9/channels/"+channel+"/messages"))
	checkSafe(t, m)
	d := m.Embeds[0].Description
	if !strings.Contains(d, `*[Rapat \*\*darurat\*\* \@everyone](https://example.com/rapat_darurat), [paragra`) {
		t.Errorf("description %q: want the quote's article named, escaped, linked", d)
	}
	if at := discord.UnescapedMark(anyLink.ReplaceAllString(d, "$1"), "@<[|~`_"); at >= 0 {
		t.Errorf("description %q holds a mark unescaped at %d", d, at)
	}
}

// anyLink matches a masked link.
var anyLink = regexp.MustCompile(`\[((?:\\.|[^\]\\])*)\]\(https://[^()\s]+\)`)

// quoteLink matches the masked link of a quote's place.
var quoteLink = regexp.MustCompile(`\[(paragra(f|ph) \d+, (kalimat|sentence) \d+)\]\(https://[^()\s]+\)`)

func TestEscapes(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, picked(nastyEngine(), "gempa"))
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json", bottest.Question, bottest.Markup))
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"name": "ask"`, `"name": "quotes"`))
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"name": "ask"`, `"name": "summary"`, `"id": "1000000000000000001"`, `"id": "1000000000000000009"`))
	replies := []sent{
		decode[sent](t, hs.fake.WaitRequest(t, "POST", "/api/v9/channels/"+channel+"/messages")),
		decode[callback](t, hs.fake.WaitRequest(t, "POST", "/api/v9/interactions/1000000000000000001/*/callback")).Data,
		decode[callback](t, hs.fake.WaitRequest(t, "POST", "/api/v9/interactions/1000000000000000009/*/callback")).Data,
	}
	for i, m := range replies {
		checkSafe(t, m)
		got := m.text()
		for _, want := range []string{
			`Kata \<b\>dia\</b\> & "A" \*\*`, `\_miring\_ \@everyone \<\@123\> \[tautan\](https://evil.example) \</blockquote\>`,
			`Rapat \*\*darurat\*\* \@everyone`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("reply %d: %q does not hold %q", i, got, want)
			}
		}
		md := m.Content // what Discord reads as markdown
		for _, e := range m.Embeds {
			md += e.Title + "\n" + e.Description
		}
		// The masked links to the quotes' places are markup of kutip's own.
		md = quoteLink.ReplaceAllString(md, "$1")
		if at := discord.UnescapedMark(md, "@<[|~`_"); at >= 0 {
			t.Errorf("reply %d: %q holds a mark unescaped at %d", i, md, at)
		}
	}
	if got, want := replies[1].Embeds[0].Description, `— \<\@123\> \|\|Ketua\|\|`; !strings.Contains(got, want) || !strings.Contains(got, "bukan nomor") || strings.Contains(got, "\n#") {
		t.Errorf("quotes %q: want the speaker %q escaped and the quote's lines folded", got, want)
	}
	// A footer shows text as it is: the source line, unescaped.
	if got, want := replies[2].Embeds[0].Footer.Text, "Sumber: Rapat **darurat** @everyone · Warta_Kita · 2022-11-21"; got != want {
		t.Errorf("summary footer %q, want %q", got, want)
	}
}

func TestHandlerFails(t *testing.T) {
	t.Parallel()
	h := bot.HandlerFunc(func(_ context.Context, req bot.Request) (bot.Reply, error) {
		if req.Command == bot.CmdQuotes {
			return bot.Reply{}, errors.New("disk on fire")
		}
		panic("boom")
	})
	svc := bot.Service{Handler: h, Commands: bot.DefaultCommands(), Catalog: bot.DefaultCatalog()}
	hs := start(t, discord.Config{}, svc)
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
	cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if !strings.Contains(cb.Data.Content, "Maaf, terjadi kesalahan") {
		t.Errorf("after a panic, the reply is %q, want an apology", cb.Data.Content)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"name": "ask"`, `"name": "quotes"`, `"locale": "id"`, `"locale": "en-GB"`))
	cb = decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if !strings.Contains(cb.Data.Content, "Sorry, that question cannot be answered") {
		t.Errorf("after an error, the reply is %q, want an apology in English", cb.Data.Content)
	}
	// A panic in the message path is Guard's too.
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "dm.json"))
	m := decode[sent](t, hs.fake.WaitRequest(t, "POST", "/api/v9/channels/1600000000000000001/messages"))
	if !strings.Contains(m.Content, "Sorry, something went wrong") {
		t.Errorf("after a panic answering a message, the reply is %q", m.Content)
	}
	// Still answering: autocomplete without a completer suggests nothing.
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "autocomplete.json"))
	if cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)); cb.Type != 8 || len(cb.Data.Choices) != 0 {
		t.Errorf("autocomplete without a completer: %+v", cb)
	}
	if !strings.Contains(hs.logs.String(), "boom") || !strings.Contains(hs.logs.String(), "disk on fire") {
		t.Errorf("the panic and the error are not logged:\n%s", hs.logs)
	}
}

// registered is a slash command as the adapter registers it.
type registered struct {
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Localized   map[string]string `json:"description_localizations"`
	Options     []struct {
		Name         string            `json:"name"`
		Description  string            `json:"description"`
		Localized    map[string]string `json:"description_localizations"`
		Type         int               `json:"type"`
		Autocomplete bool              `json:"autocomplete"`
		Required     bool              `json:"required"`
		MaxLength    int               `json:"max_length"`
	} `json:"options"`
}

func TestRegister(t *testing.T) {
	t.Parallel()
	one := bottest.New()
	one.Library = one.Library[:1]
	cat := bot.DefaultCatalog()
	tests := []struct {
		name string
		cfg  discord.Config
		svc  bot.Service
		path string
		cmds []string
	}{
		{"global, one article", discord.Config{}, service(one), "/api/v9/applications/" + discordtest.AppID + "/commands",
			[]string{"ask", "quotes", "quote", "summary", "source", "help"}},
		{"guild, articles", discord.Config{GuildID: discordtest.GuildID}, canned(),
			"/api/v9/applications/" + discordtest.AppID + "/guilds/" + discordtest.GuildID + "/commands",
			[]string{"ask", "quotes", "quote", "summary", "source", "article", "help"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := start(t, tt.cfg, tt.svc)
			var cmds []registered
			if err := hs.fake.WaitRequest(t, "PUT", tt.path).JSON(&cmds); err != nil {
				t.Fatal(err)
			}
			var names, options []string
			for _, c := range cmds {
				names = append(names, c.Name)
				want := map[string]string{"id": cat.T("id", "cmd."+c.Name), "en-US": cat.T("en", "cmd."+c.Name), "en-GB": cat.T("en", "cmd."+c.Name)}
				if c.Description != want["id"] || !equalMaps(c.Localized, want) || len(c.Description) > 100 {
					t.Errorf("/%s: description %q, localizations %v; want %v", c.Name, c.Description, c.Localized, want)
				}
				for _, o := range c.Options {
					options = append(options, fmt.Sprintf("%s %s %d %v %v", c.Name, o.Name, o.Type, o.Autocomplete, o.Required))
					key := "cmd." + c.Name + ".arg.desc"
					switch o.Name {
					case "ephemeral":
						key = "answer.private"
					case bot.OptURL:
						key = "cmd." + c.Name + ".url.desc"
					}
					if o.Description != cat.T("id", key) || o.Localized["en-US"] != cat.T("en", key) || len(o.Localized) != 3 {
						t.Errorf("/%s %s: description %q, localizations %v", c.Name, o.Name, o.Description, o.Localized)
					}
					if o.Type == 3 && o.MaxLength != bot.MaxQuestionLen {
						t.Errorf("/%s %s: max_length %d, want %d", c.Name, o.Name, o.MaxLength, bot.MaxQuestionLen)
					}
				}
			}
			if !slices.Equal(names, tt.cmds) {
				t.Errorf("commands %q, want %q", names, tt.cmds)
			}
			want := []string{"ask question 3 true true", "ask ephemeral 5 false false", "quote who 3 true true"}
			if slices.Contains(tt.cmds, "article") {
				want = append(want, "article id 3 true false", "article url 3 false false")
			}
			if !slices.Equal(options, want) {
				t.Errorf("options %q, want %q", options, want)
			}
		})
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A command added to the table is registered, with its words in every
// language of the catalog, and answered, with no change to the adapter.
func TestAddedCommand(t *testing.T) {
	t.Parallel()
	ping := bot.Command{
		Name: "ping", Arg: &bot.Arg{Name: "echo"},
		Handle: func(_ *bot.Router, _ context.Context, req bot.Request) (bot.Reply, error) {
			return bot.Reply{Kind: bot.KindText, Text: "pong " + req.Args}, nil
		},
	}
	words := fstest.MapFS{
		"id.json": {Data: []byte(`{"cmd.ping": "Cek apakah kutip menjawab", "cmd.ping.arg": "teks", "cmd.ping.arg.desc": "Teks yang dikembalikan"}`)},
		"en.json": {Data: []byte(`{"cmd.ping": "Check that kutip answers", "cmd.ping.arg": "text", "cmd.ping.arg.desc": "Text to send back"}`)},
		"fr.json": {Data: []byte(`{"_name": "Français", "cmd.ping": "Vérifie que kutip répond", "cmd.ping.arg.desc": "Le texte à renvoyer"}`)},
	}
	cat, err := bot.LoadCatalog(bot.CatalogFiles(), words)
	if err != nil {
		t.Fatal(err)
	}
	svc := bot.NewRouter(bottest.New(), bot.Options{Commands: append(bot.DefaultCommands(), ping), Catalog: cat}).Service()
	hs := start(t, discord.Config{}, svc)
	var cmds []registered
	if err := hs.fake.WaitRequest(t, "PUT", "/api/v9/applications/"+discordtest.AppID+"/commands").JSON(&cmds); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(cmds, func(c registered) bool { return c.Name == "ping" })
	if i < 0 || i != len(cmds)-1 {
		t.Fatalf("ping is not registered last: %+v", cmds)
	}
	c := cmds[i]
	want := map[string]string{"id": "Cek apakah kutip menjawab", "en-US": "Check that kutip answers", "en-GB": "Check that kutip answers", "fr": "Vérifie que kutip répond"}
	if c.Description != "Cek apakah kutip menjawab" || !equalMaps(c.Localized, want) {
		t.Errorf("/ping: description %q, localizations %v; want %v", c.Description, c.Localized, want)
	}
	if len(c.Options) != 1 || c.Options[0].Name != "echo" || c.Options[0].Type != 3 || c.Options[0].Required || c.Options[0].Autocomplete ||
		c.Options[0].Localized["fr"] != "Le texte à renvoyer" || c.Options[0].Description != "Teks yang dikembalikan" {
		t.Errorf("/ping's options: %+v", c.Options)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"name": "ask"`, `"name": "ping"`, `"question"`, `"echo"`, bottest.Question, "halo"))
	cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if cb.Type != 4 || cb.Data.Content != "pong halo" {
		t.Errorf("/ping answered %+v, want pong halo", cb)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"name": "ask"`, `"name": "help"`, `"locale": "id"`, `"locale": "fr"`))
	cb = decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if !strings.Contains(cb.Data.Content, "\n/ping \\<teks\\> — Vérifie que kutip répond") {
		t.Errorf("/help in French does not list /ping: %q", cb.Data.Content)
	}
}

func TestIdentify(t *testing.T) {
	t.Parallel()
	hs := newBot(t, discord.Config{ShardID: 1, ShardCount: 2}, canned())
	stop := hs.run(t)
	var id struct {
		Token    string  `json:"token"`
		Intents  int     `json:"intents"`
		Shard    *[2]int `json:"shard"`
		Compress bool    `json:"compress"`
	}
	if err := hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify).JSON(&id); err != nil {
		t.Fatal(err)
	}
	const guildMessages, directMessages, messageContent = 1 << 9, 1 << 12, 1 << 15
	if id.Token != "Bot "+token || id.Intents&(guildMessages|directMessages) != guildMessages|directMessages || id.Intents&messageContent != 0 {
		t.Errorf("identify with intents %b: want guild and direct messages, without the privileged message content", id.Intents)
	}
	if id.Shard == nil || *id.Shard != [2]int{1, 2} || !id.Compress {
		t.Errorf("identify with shard %v, compress %v; want [1 2] and zlib", id.Shard, id.Compress)
	}
	if puts := hs.fake.Requests("PUT", "/api/v9/applications/*/commands"); len(puts) != 0 {
		t.Errorf("shard 1 registered the commands: shard 0 does, for all")
	}
	// Heartbeats are acknowledged: no reconnection follows them.
	for range 3 {
		hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Beat)
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := len(hs.fake.Requests(discordtest.Gateway, discordtest.Resume)) + len(hs.fake.Requests(discordtest.Gateway, discordtest.Identify)); n != 1 {
		t.Errorf("%d identifies and resumes, want the one identify", n)
	}
	if !strings.Contains(hs.logs.String(), "gateway closed") {
		t.Errorf("the gateway was not closed cleanly:\n%s", hs.logs)
	}
}

func TestBadToken(t *testing.T) {
	t.Parallel()
	hs := newBot(t, discord.Config{}, canned())
	other, err := discord.New(discord.Config{Token: "wrong-" + token, APIBaseURL: hs.fake.URL}, canned(), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = other.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "discord: log in: the bot token is refused (401 Unauthorized): check DISCORD_BOT_TOKEN") || strings.Contains(err.Error(), token) {
		t.Errorf("Run with a wrong token: %v; want a 401, said plainly, that does not show the token", err)
	}
	if n := len(hs.fake.Requests("GET", "/api/v9/users/@me")); n != 1 {
		t.Errorf("a refused token was tried %d times, want once", n)
	}
	// With an interactions endpoint, which Run shuts down as it fails.
	logs := &bottest.LogBuffer{}
	pub, _, _ := keys()
	cfg := discord.Config{Token: "wrong-" + token, APIBaseURL: hs.fake.URL, PublicKey: hex.EncodeToString(pub), InteractionsListen: "127.0.0.1:0"}
	other, err = discord.New(cfg, canned(), slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Run(t.Context()); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("Run with a wrong token and an endpoint: %v; want a 401", err)
	}
	addr := logs.Wait(t, regexp.MustCompile(`listen=(127\.0\.0\.1:\d+)`))[1]
	if r, err := http.Post("http://"+addr+"/interactions", "application/json", strings.NewReader("{}")); err == nil {
		r.Body.Close()
		t.Errorf("after Run failed, its endpoint still answers: %s", r.Status)
	}
}

// TestStartRetries: when Discord fails at the start (a 502 on logging in,
// the gateway's address not given), Run tries again with a backoff, and
// starts; a 403 is fatal at once, said plainly.
func TestStartRetries(t *testing.T) {
	t.Parallel()
	hs := newBot(t, discord.Config{}, canned())
	hs.fake.Fail("GET", "/api/v9/users/@me", discordtest.BadGateway())
	hs.fake.Fail("GET", "/api/v9/gateway", discordtest.BadGateway(), discordtest.BadGateway())
	hs.run(t)
	hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)
	hs.logs.Wait(t, regexp.MustCompile(`level=WARN msg="cannot start; trying again" platform=discord attempt=1 wait=1s err=`))
	hs.logs.Wait(t, regexp.MustCompile(`level=WARN msg="cannot start; trying again" platform=discord attempt=2 wait=2s err=`))
	gw := hs.fake.Requests("GET", "/api/v9/gateway")
	if len(gw) != 3 {
		t.Fatalf("%d requests for the gateway, want 3", len(gw))
	}
	if wait := gw[2].At.Sub(gw[1].At); wait < 2*time.Second {
		t.Errorf("tried again after %v, want a backoff of 2s", wait)
	}
	hs.logs.Wait(t, regexp.MustCompile(`msg="gateway ready"`))

	forbidden := newBot(t, discord.Config{}, canned())
	forbidden.fake.Fail("PUT", "/api/v9/applications/*/commands", discordtest.Fault{Status: 403, Body: `{"message": "Missing Access", "code": 50001}`})
	start := time.Now()
	err := forbidden.bot.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "discord: register commands: the bot is refused (403 Forbidden): check the application's scopes") {
		t.Errorf("Run with commands refused: %v, want a 403 said plainly", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("a 403 failed Run after %v: tried again", took)
	}
}

func TestGateway(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cut   func(*discordtest.Server)
		again string // what the client sends after the cut
		lost  bool   // the connection: the client makes a new one
	}{
		{"dropped", (*discordtest.Server).Drop, discordtest.Resume, true},
		{"reconnect", (*discordtest.Server).Reconnect, discordtest.Resume, true},
		{"invalid session", (*discordtest.Server).InvalidSession, discordtest.Identify, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := start(t, discord.Config{}, canned())
			hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "autocomplete.json"))
			hs.fake.WaitRequest(t, "POST", callbackPath)
			tt.cut(hs.fake)
			if tt.again == discordtest.Resume {
				// Sent while kutip is away: replayed when it resumes.
				hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
			}
			r := hs.fake.WaitRequest(t, discordtest.Gateway, tt.again)
			if tt.again == discordtest.Resume {
				var res struct {
					Token     string `json:"token"`
					SessionID string `json:"session_id"`
					Seq       int64  `json:"seq"`
				}
				if err := r.JSON(&res); err != nil {
					t.Fatal(err)
				}
				if res.Token != "Bot "+token || res.SessionID != "session-1" || res.Seq != 2 {
					t.Errorf("resume %+v: want session-1 after event 2", res)
				}
			} else {
				hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
			}
			cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
			if !strings.Contains(cb.Data.text(), firstQuote) {
				t.Errorf("after the gateway came back, the reply is %q", cb.Data.text())
			}
			if tt.lost {
				hs.logs.Wait(t, regexp.MustCompile(`level=WARN msg="gateway disconnected; reconnecting"(.|\n)*level=INFO msg="gateway reconnected" platform=discord down=`))
			}
			if !hs.bot.Ready() {
				t.Error("not ready after the gateway came back")
			}
		})
	}
}

// TestRESTRetries: a 429 is waited out as long as Discord says, a 5xx
// retried after a backoff; each retry is logged and counted.
func TestRESTRetries(t *testing.T) {
	t.Parallel()
	svc := canned()
	m := &bottest.Meter{}
	svc.Meter = m
	hs := newBot(t, discord.Config{}, svc)
	if hs.bot.Ready() {
		t.Error("ready before Run")
	}
	stop := hs.run(t)
	hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)
	hs.logs.Wait(t, regexp.MustCompile(`msg="gateway ready"`))
	if !hs.bot.Ready() {
		t.Error("not ready once the gateway is")
	}
	hs.fake.Fail("POST", callbackPath, discordtest.TooMany(300*time.Millisecond), discordtest.BadGateway())
	start := time.Now()
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
	var tries []*discordtest.Request
	for range 3 {
		tries = append(tries, hs.fake.WaitRequest(t, "POST", callbackPath))
	}
	if wait := tries[1].At.Sub(tries[0].At); wait < 300*time.Millisecond {
		t.Errorf("a 429 with retry_after 0.3 was retried after %v", wait)
	}
	if wait := tries[2].At.Sub(tries[1].At); wait < time.Second {
		t.Errorf("a 502 on the second try was retried after %v, want a backoff of 1s", wait)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("answered after %v: past Discord's 3 seconds", took)
	}
	route := `method="POST /interactions/{interaction.id}/{interaction.token}/callback"`
	hs.logs.Wait(t, regexp.MustCompile(`level=WARN msg="rate limited by Discord \(429\); waiting" platform=discord `+regexp.QuoteMeta(route)+` attempt=1 wait=300ms`))
	hs.logs.Wait(t, regexp.MustCompile(`level=WARN msg="Discord call failed; retrying" platform=discord `+regexp.QuoteMeta(route)+` attempt=2 wait=1s status=502 err=`))
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if hs.bot.Ready() {
		t.Error("ready after Run returned")
	}
	callback := "POST /interactions/{interaction.id}/{interaction.token}/callback"
	for _, want := range []string{"call GET /users/@me 200", "call PUT /applications/{application.id}/commands 200", "call GET /gateway 200",
		"call " + callback + " 429", "retry " + callback + " 429", "call " + callback + " 502", "retry " + callback + " 5xx", "call " + callback + " 204",
		"request ask answered"} {
		if !slices.Contains(m.Counted(), want) {
			t.Errorf("the metrics have no %q:\n%s", want, strings.Join(m.Counted(), "\n"))
		}
	}
	if m.InFlight() != 0 {
		t.Errorf("%d updates still in flight", m.InFlight())
	}
	for _, c := range m.Counted() {
		if strings.Contains(c, "aW50ZXJhY3Rpb24") || strings.Contains(c, "1000000000000000001") {
			t.Errorf("a metric names an interaction: %s", c)
		}
	}
}

// TestCallbackRetried: a callback that got a 5xx, retried, and refused
// then as acknowledged already (the 5xx came after Discord took it) is
// done, not a failure; a follow-up's and an edit's 5xx are retried too.
func TestCallbackRetried(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, canned())
	hs.fake.Fail("POST", callbackPath, discordtest.BadGateway(),
		discordtest.Fault{Status: 400, Body: `{"message": "Interaction has already been acknowledged.", "code": 40060}`})
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", bottest.Question, bottest.Many))
	first := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	hs.fake.WaitRequest(t, "POST", callbackPath)
	hs.logs.Wait(t, regexp.MustCompile(`level=INFO msg="the callback's earlier try reached Discord" platform=discord method="POST /interactions/\{interaction.id\}/\{interaction.token\}/callback" attempt=2`))
	if strings.Contains(hs.logs.String(), `level=WARN msg=interaction`) {
		t.Errorf("a callback Discord took is logged as failed:\n%s", hs.logs)
	}
	// The next page: its follow-up and the edit of the old page get a 502
	// each, and are sent again.
	hs.fake.Fail("POST", followupPath, discordtest.BadGateway())
	hs.fake.Fail("PATCH", originalPath, discordtest.BadGateway(), discordtest.BadGateway())
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "more.json", "CUSTOM_ID", first.Data.button()))
	hs.fake.WaitRequest(t, "POST", callbackPath)
	for range 2 {
		hs.fake.WaitRequest(t, "POST", followupPath)
	}
	for range 3 {
		hs.fake.WaitRequest(t, "PATCH", originalPath)
	}
	hs.logs.Wait(t, regexp.MustCompile(`msg="Discord call failed; retrying" platform=discord method="PATCH /webhooks/\{application.id\}/\{interaction.token\}/messages/\{message.id\}" attempt=2 wait=1s status=502`))
	if n := len(hs.fake.Requests("POST", followupPath)); n != 2 {
		t.Errorf("%d follow-ups, want 2: the 502 and its retry", n)
	}
}

func TestMore(t *testing.T) {
	t.Parallel()
	hs := start(t, discord.Config{}, canned())
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", bottest.Question, bottest.Many))
	first := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)).Data
	id := first.button()
	if id != "more:3:ask:gempa" || first.Components[0].Components[0].Label != "Lainnya" {
		t.Fatalf("first page's button %+v, want more:3:ask:gempa", first.Components)
	}
	if d := first.Embeds[0].Description; !strings.HasPrefix(d, "**1.** “Kalimat nomor 1") || !strings.Contains(d, "**3.**") || strings.Contains(d, "**4.**") {
		t.Errorf("the first page %q: want quotes 1 to 3", d)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "more.json", "CUSTOM_ID", id))
	if cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)); cb.Type != 6 {
		t.Errorf("the click is answered with type %d, want 6 (deferred update)", cb.Type)
	}
	next := decode[sent](t, hs.fake.WaitRequest(t, "POST", followupPath))
	checkSafe(t, next)
	if d := next.Embeds[0].Description; !strings.HasPrefix(d, "**4.** “Kalimat nomor 4") || strings.Contains(d, "**1.**") || strings.Contains(d, "**7.**") {
		t.Errorf("the next page %q: want quotes 4 to 6", d)
	}
	if next.button() != "more:6:ask:gempa" {
		t.Errorf("the next page's button is %q", next.button())
	}
	var old struct {
		Components *[]json.RawMessage `json:"components"`
		Embeds     *[]json.RawMessage `json:"embeds"`
	}
	if err := hs.fake.WaitRequest(t, "PATCH", originalPath).JSON(&old); err != nil || old.Components == nil || len(*old.Components) != 0 || old.Embeds != nil {
		t.Errorf("the old page is edited to %+v, %v; want only its button off", old, err)
	}
	// The last page the router gives has no button.
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "more.json", "CUSTOM_ID", "more:9:ask:gempa"))
	hs.fake.WaitRequest(t, "POST", callbackPath)
	last := decode[sent](t, hs.fake.WaitRequest(t, "POST", followupPath))
	if d := last.Embeds[0].Description; !strings.HasPrefix(d, "**10.**") || last.button() != "" {
		t.Errorf("the last page %q has the button %q", d, last.button())
	}
}

func TestMoreLongQuestion(t *testing.T) {
	t.Parallel()
	long := "gempa " + strings.Repeat("dan korban di Cianjur, Jawa Barat ", 4)
	e := bottest.New()
	e.Answers[strings.TrimSpace(long)] = e.Answers[bottest.Many]
	hs := start(t, discord.Config{}, service(e))
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", bottest.Question, long))
	id := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)).Data.button()
	if !strings.HasPrefix(id, "more:3:ask#") || bot.TextLen(id) > 100 {
		t.Fatalf("button %q: want a kept question", id)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "more.json", "CUSTOM_ID", id))
	hs.fake.WaitRequest(t, "POST", callbackPath)
	next := decode[sent](t, hs.fake.WaitRequest(t, "POST", followupPath))
	if !strings.HasPrefix(next.Embeds[0].Description, "**4.**") || next.Embeds[0].Author.Name != strings.TrimSpace(long) {
		t.Errorf("the next page for a long question: %q", next.text())
	}
	// A button whose question kutip no longer keeps, as after a restart.
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "more.json", "CUSTOM_ID", "more:3:ask#gone"))
	cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if cb.Type != 4 || cb.Data.Flags != 64 || cb.Data.Content != "Tombol ini sudah kedaluwarsa; silakan bertanya lagi." {
		t.Errorf("an expired button: %+v", cb)
	}
}

// At shutdown, Run waits for the answers under way before it closes.
func TestShutdownDrains(t *testing.T) {
	t.Parallel()
	svc, g := gated()
	entered := make(chan struct{})
	held := svc.Handler
	svc.Handler = bot.HandlerFunc(func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		close(entered)
		return held.Handle(ctx, req)
	})
	pub, key, _ := keys()
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub)}, svc)
	stop := hs.run(t)
	hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
	<-entered
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	hs.logs.Wait(t, regexp.MustCompile("stopping: finishing the answers under way"))
	select {
	case err := <-stopped:
		t.Fatalf("Run returned (%v) with an answer under way", err)
	default:
	}
	close(g.release)
	if err := <-stopped; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if rs := hs.fake.Requests("POST", callbackPath); len(rs) != 1 || !strings.Contains(string(rs[0].Body), "orang meninggal") {
		t.Errorf("the answer under way at shutdown was not sent before Run returned: %d callbacks", len(rs))
	}
	// Once stopped, the adapter takes no more.
	ping := []byte(`{"id":"1000000000000000010","application_id":"900000000000000002","type":1,"token":"cGluZw","version":1}`)
	status, _ := post(t, interactions(t, hs.bot), ping, func(r *http.Request) { discordtest.Sign(r, key, ping, time.Now()) })
	if status != http.StatusServiceUnavailable {
		t.Errorf("an interaction after shutdown: %d, want 503", status)
	}
}

func TestStopWhileStarting(t *testing.T) {
	t.Parallel()
	hs := newBot(t, discord.Config{}, canned())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := hs.bot.Run(ctx); err != nil {
		t.Errorf("Run, stopped before it started: %v, want nil", err)
	}
}

func TestNewDoesNoIO(t *testing.T) {
	t.Parallel()
	fake := discordtest.NewServer(t, token)
	cfg := discord.Config{Token: token, APIBaseURL: fake.URL, PublicKey: strings.Repeat("ab", 32), InteractionsListen: "127.0.0.1:0"}
	if _, err := discord.New(cfg, canned(), nil); err != nil {
		t.Fatal(err)
	}
	if n := fake.Received(); n != 0 {
		t.Errorf("New sent %d requests, want none", n)
	}
	if _, err := discord.New(discord.Config{}, canned(), nil); err == nil {
		t.Error("New takes a config without a token")
	}
	if _, err := discord.New(discord.Config{Token: token}, bot.Service{}, nil); err == nil {
		t.Error("New takes a service without a handler")
	}
}

// A deferred answer whose time runs out (here: a shutdown, with an answer
// that never comes) is edited into an apology, not left "thinking".
func TestDeferredAnswerFails(t *testing.T) {
	t.Parallel()
	svc, _ := gated() // never released
	hs := newBot(t, discord.Config{DeferAfter: 10 * time.Millisecond}, svc)
	stop := hs.run(t)
	hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"locale": "id"`, `"locale": "en-US"`))
	if cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)); cb.Type != 5 {
		t.Fatalf("first response type %d, want 5: deferred", cb.Type)
	}
	if err := stop(); err != nil { // the held answer's time is up 10s on
		t.Fatalf("Run: %v", err)
	}
	edits := hs.fake.Requests("PATCH", originalPath)
	if len(edits) != 1 {
		t.Fatalf("%d edits of the deferred response, want the apology", len(edits))
	}
	edit := decode[sent](t, edits[0])
	checkSafe(t, edit)
	if edit.Content != "Sorry, that question cannot be answered right now." {
		t.Errorf("the deferred response became %q, want the apology in English", edit.Content)
	}
}

// A panic in the adapter's own part of an event, here the completer it
// calls, is logged; the adapter goes on answering.
func TestPanicOutsideTheHandler(t *testing.T) {
	t.Parallel()
	svc := canned()
	svc.Complete = func(context.Context, string, string, string) []bot.Choice { panic("completer broke") }
	hs := start(t, discord.Config{}, svc)
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "autocomplete.json"))
	hs.logs.Wait(t, regexp.MustCompile(`panic handling an event.*event=interaction.*completer broke`))
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
	cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if !strings.Contains(cb.Data.text(), firstQuote) {
		t.Errorf("after the panic, the answer is %q", cb.Data.text())
	}
}

// TestArticlePicker chooses an article from /article's select menu: a page
// of the library, newest first, the whole library first; the next page;
// a pick, which the next question follows.
func TestArticlePicker(t *testing.T) {
	t.Parallel()
	e := bottest.New()
	e.AddArticles(10)
	hs := start(t, discord.Config{}, service(e))
	component := func(oldnew ...string) json.RawMessage {
		return fixture(t, "more.json", append([]string{`"custom_id": "CUSTOM_ID",`}, oldnew...)...)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"name": "ask"`, `"name": "article"`, `"options": [`, `"no_options": [`))
	list := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if list.Type != 4 || list.Data.Content != "12 artikel, terbaru dulu:" || len(list.Data.Components) != 2 {
		t.Fatalf("/article: %+v", list)
	}
	menu := list.Data.Components[0].Components[0]
	if len(menu.Options) != 9 || menu.Options[0].Label != "Seluruh perpustakaan (12 artikel)" || !menu.Options[0].Default ||
		menu.Options[1].Value != "article:storm" || menu.Options[8].Label != "Laporan pasar nomor 5" {
		t.Errorf("the first page's menu %+v", menu.Options)
	}
	if next := list.Data.Components[1].Components; len(next) != 1 || next[0].CustomID != "articles:8" || next[0].Label != "Berikutnya ›" {
		t.Errorf("the first page's paging %+v", next)
	}

	hs.fake.Dispatch("INTERACTION_CREATE", component(`"custom_id": "articles:8",`))
	page := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if page.Type != 7 || len(page.Data.Components) != 2 || len(page.Data.Components[0].Components[0].Options) != 4 ||
		page.Data.Components[1].Components[0].CustomID != "articles:0" {
		t.Fatalf("the second page: %+v", page)
	}

	hs.fake.Dispatch("INTERACTION_CREATE", component(`"custom_id": "articles", "values": ["article:gempa"],`, `"component_type": 2`, `"component_type": 3`))
	pick := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if pick.Type != 7 || pick.Data.Content != "Artikel dipilih: "+bottest.GempaTitle || len(pick.Data.Components) != 0 {
		t.Fatalf("the pick: %+v; want the list's message to say it, without the menu", pick)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
	answer := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if q := e.Asked(); len(q) != 1 || q[0].Article != "gempa" || len(answer.Data.Embeds) != 1 || answer.Data.Embeds[0].Title != bottest.GempaTitle {
		t.Errorf("asked after the pick: %+v, answered %+v; want gempa alone", q, answer.Data)
	}
}
