package discord_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/discord/discordtest"
	"github.com/kutip/kutip/corpus"
)

const (
	question = "Berapa orang yang meninggal?"
	channel  = "1200000000000000001"
	title    = "Konflik Armenia-Azerbaijan di Nagorno-Karabakh: Korban Tewas dan Respons Dunia"
)

func TestAsk(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := start(t, discord.Options{}, rt, rt)
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
	for _, want := range []string{
		"**1.** “Diketahui setidaknya 15 **orang meninggal** dunia atas konflik di Pegunungan Kaukasus ini.”\n*paragraf 3, kalimat 3*",
	} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("description %q does not hold %q", e.Description, want)
		}
	}
	if e.Title != title || e.Author == nil || e.Author.Name != question || e.Footer == nil || e.Footer.Text != "2 kalimat cocok" {
		t.Errorf("embed title %q, author %+v, footer %+v", e.Title, e.Author, e.Footer)
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := start(t, discord.Options{}, rt, rt)
	tests := []struct {
		name    string
		oldnew  []string // changes to ask.json
		want    string   // in the reply's text
		flags   int
		content bool // the reply is plain content, not an embed
	}{
		{"english", []string{`"locale": "id"`, `"locale": "en-US"`}, "2 sentences matched", 0, false},
		{"guild locale", []string{`"locale": "id",`, ``}, "2 sentences matched", 0, false},
		{"ephemeral", []string{`"options": [`, `"options": [{"name": "ephemeral", "type": 5, "value": true},`}, "15 **orang meninggal**", 64, false},
		{"abstains", []string{question, "Siapa pemenang Piala Dunia 2018?"}, "**Artikel tidak menyebutkan hal itu.**", 0, false},
		{"quotes", []string{`"name": "ask"`, `"name": "quotes"`, `"options": [`, `"no_options": [`}, "— Ilham Aliyev, Presiden Republik Azerbaijan", 0, false},
		{"quote", []string{`"name": "ask"`, `"name": "quote"`, `"question"`, `"who"`, question, "Guterres"}, "sangat prihatin", 0, false},
		{"summary", []string{`"name": "ask"`, `"name": "summary"`}, "**1.** “", 0, false},
		{"source", []string{`"name": "ask"`, `"name": "source"`}, "**Sumber:** TribunnewsWiki.com", 0, false},
		{"help", []string{`"name": "ask"`, `"name": "help"`}, "/quote \\<nama atau kata\\> — kutipan", 0, true},
		{"empty question", []string{question, " "}, "Tulis pertanyaan", 0, true},
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

func TestAskDeferred(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	g := gate{rt, make(chan struct{})}
	hs := start(t, discord.Options{DeferAfter: 10_000_000}, g, rt) // 10ms
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"options": [`, `"options": [{"name": "ephemeral", "type": 5, "value": true},`))
	cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if cb.Type != 5 || cb.Data.Flags != 64 {
		t.Fatalf("first response: type %d, flags %d; want a deferred, ephemeral one (5, 64)", cb.Type, cb.Data.Flags)
	}
	close(g.release)
	edit := decode[sent](t, hs.fake.WaitRequest(t, "PATCH", originalPath))
	checkSafe(t, edit)
	if !strings.Contains(edit.text(), "15 **orang meninggal**") {
		t.Errorf("the edit %q does not answer", edit.text())
	}
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := start(t, discord.Options{}, rt, rt)
	tests := []struct {
		name   string
		oldnew []string // changes to autocomplete.json
		first  string
		want   string
	}{
		{"question", nil, "berapa ko", "berapa konflik"},
		{"speaker", []string{`"name": "ask"`, `"name": "quote"`, `"question"`, `"who"`, "berapa ko", "gut"}, "Antonio Guterres", "Antonio Guterres"},
		{"article", []string{`"name": "ask"`, `"name": "article"`, `"question"`, `"id"`, "berapa ko", "karabakh"}, title, corpus.DefaultID},
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
	rt := newRouter(corpus.Default())
	hs := start(t, discord.Options{}, rt, rt)
	// Neither a message that does not mention kutip nor one by a bot is answered.
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json", "<@900000000000000001> ", "", `"id": "900000000000000001"`, `"id": "1300000000000000002"`))
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json", `"public_flags": 0
  },
  "member"`, `"public_flags": 0, "bot": true
  },
  "member"`))
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json"))
	r := hs.fake.WaitRequest(t, "POST", "/api/v9/channels/"+channel+"/messages")
	m := decode[sent](t, r)
	checkSafe(t, m)
	if m.Reference == nil || m.Reference.MessageID != "1400000000000000001" {
		t.Errorf("reply refers to %+v, want message 1400000000000000001", m.Reference)
	}
	if got := m.text(); !strings.Contains(got, `Ia mangatakan "sangat **prihatin**" atas konflik`) {
		t.Errorf("reply %q does not answer", got)
	}
	// The DM below is answered after the two ignored messages were read.
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "dm.json"))
	hs.fake.WaitRequest(t, "POST", "/api/v9/channels/1600000000000000001/messages")
	if n := len(hs.fake.Requests("POST", "/api/v9/channels/"+channel+"/messages")); n != 1 {
		t.Errorf("%d replies in the channel, want 1: only the mention is answered", n)
	}
}

func TestDM(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := start(t, discord.Options{}, rt, rt)
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "dm.json"))
	m := decode[sent](t, hs.fake.WaitRequest(t, "POST", "/api/v9/channels/1600000000000000001/messages"))
	checkSafe(t, m)
	// Asked in English, answered with the bot's English words.
	if got := m.text(); !strings.Contains(got, "**Ilham Aliyev**") || !strings.Contains(got, "sentences matched") {
		t.Errorf("reply %q does not answer in English", got)
	}
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "dm.json", "What did Ilham Aliyev say?", "/quote aliyev"))
	m = decode[sent](t, hs.fake.WaitRequest(t, "POST", "/api/v9/channels/1600000000000000001/messages"))
	if got := m.text(); !strings.Contains(got, "— Ilham Aliyev, Presiden Republik Azerbaijan") {
		t.Errorf("/quote in a DM: %q", got)
	}
}

func TestEscapes(t *testing.T) {
	t.Parallel()
	a := corpus.Parse("rapat", `---
title: "Rapat **darurat** @everyone"
url: https://example.com/rapat_darurat
source: Warta_Kita
---
Ketua berkata "@everyone dan @here wajib hadir bersama <@123456789> dan <@&987> di <#555>, **semua** _anggota_ ~~lama~~ `+"`kode`"+` ||rahasia|| [tautan](https://evil.example)".

# Bukan judul
> bukan kutipan
- bukan daftar
1. bukan nomor`)
	rt := newRouter(&corpus.Corpus{Articles: []*corpus.Article{a}})
	hs := start(t, discord.Options{}, rt, rt)
	hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json", "Siapa yang sangat prihatin?", "Siapa wajib hadir?"))
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
			`\@everyone dan \@here`, `\<\@123456789\>`, `\<\@&987\>`, `\<#555\>`, `\*\*semua\*\* \_anggota\_ \~\~lama\~\~ \` + "`kode\\`" + ` \|\|rahasia\|\| \[tautan\](https://evil.example)`,
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
		if at := discord.UnescapedMark(md, "@<[|~`_"); at >= 0 {
			t.Errorf("reply %d: %q holds a mark unescaped at %d", i, md, at)
		}
	}
	if got := replies[2].Embeds[0].Footer.Text; got != "Warta_Kita" {
		t.Errorf("summary footer %q, want the source as it is", got)
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
	hs := start(t, discord.Options{}, h, nil)
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json"))
	cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if !strings.Contains(cb.Data.Content, "Maaf, terjadi kesalahan") {
		t.Errorf("after a panic, the reply is %q, want an apology", cb.Data.Content)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", `"name": "ask"`, `"name": "quotes"`))
	cb = decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath))
	if !strings.Contains(cb.Data.Content, "Maaf, pertanyaan itu tidak bisa dijawab") {
		t.Errorf("after an error, the reply is %q, want an apology", cb.Data.Content)
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

func TestRegister(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	tests := []struct {
		name string
		opts discord.Options
		path string
		cmds []string
	}{
		{"global", discord.Options{}, "/api/v9/applications/" + discordtest.AppID + "/commands", []string{"ask", "quotes", "quote", "summary", "source", "help"}},
		{"guild, articles", discord.Options{GuildID: discordtest.GuildID, Articles: true},
			"/api/v9/applications/" + discordtest.AppID + "/guilds/" + discordtest.GuildID + "/commands", []string{"ask", "quotes", "quote", "summary", "source", "help", "article"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hs := start(t, tt.opts, rt, rt)
			var cmds []struct {
				Name        string            `json:"name"`
				Description string            `json:"description"`
				Localized   map[string]string `json:"description_localizations"`
				Options     []struct {
					Name         string `json:"name"`
					Type         int    `json:"type"`
					Autocomplete bool   `json:"autocomplete"`
					Required     bool   `json:"required"`
				} `json:"options"`
			}
			r := hs.fake.WaitRequest(t, "PUT", tt.path)
			if err := r.JSON(&cmds); err != nil {
				t.Fatal(err)
			}
			var names, options []string
			for _, c := range cmds {
				names = append(names, c.Name)
				if c.Description == "" || c.Localized["en-US"] == "" || c.Localized["en-GB"] == "" || c.Localized["id"] != c.Description || len(c.Description) > 100 {
					t.Errorf("/%s: description %q, localizations %v", c.Name, c.Description, c.Localized)
				}
				for _, o := range c.Options {
					options = append(options, fmt.Sprintf("%s %s %d %v %v", c.Name, o.Name, o.Type, o.Autocomplete, o.Required))
				}
			}
			if !slices.Equal(names, tt.cmds) {
				t.Errorf("commands %q, want %q", names, tt.cmds)
			}
			want := []string{"ask question 3 true true", "ask ephemeral 5 false false", "quote who 3 true true"}
			if tt.opts.Articles {
				want = append(want, "article id 3 true false")
			}
			if !slices.Equal(options, want) {
				t.Errorf("options %q, want %q", options, want)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := newBot(t, discord.Options{ShardID: 1, ShardCount: 2}, rt, rt)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- hs.bot.Run(ctx) }()
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
	// Heartbeats are acknowledged: no reconnection follows them.
	for range 3 {
		hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Beat)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := len(hs.fake.Requests(discordtest.Gateway, discordtest.Resume)) + len(hs.fake.Requests(discordtest.Gateway, discordtest.Identify)); n != 1 {
		t.Errorf("%d identifies and resumes, want the one identify", n)
	}
}

func TestBadToken(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := newBot(t, discord.Options{}, rt, rt)
	other, err := discord.New(discord.Options{Token: "wrong-" + token, APIBaseURL: hs.fake.URL}, nil, rt, rt)
	if err != nil {
		t.Fatal(err)
	}
	err = other.Run(t.Context())
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), token) {
		t.Errorf("Run with a wrong token: %v; want a 401 that does not show the token", err)
	}
}

func TestGateway(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		cut   func(*discordtest.Server)
		again string // what the client sends after the cut
	}{
		{"dropped", (*discordtest.Server).Drop, discordtest.Resume},
		{"reconnect", (*discordtest.Server).Reconnect, discordtest.Resume},
		{"invalid session", (*discordtest.Server).InvalidSession, discordtest.Identify},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt := newRouter(corpus.Default())
			hs := start(t, discord.Options{}, rt, rt)
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
			if !strings.Contains(cb.Data.text(), "15 **orang meninggal**") {
				t.Errorf("after the gateway came back, the reply is %q", cb.Data.text())
			}
		})
	}
}

func TestMore(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := start(t, discord.Options{}, rt, rt)
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", question, "Armenia Azerbaijan"))
	first := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)).Data
	id := first.button()
	if id != "more:3:ask:Armenia Azerbaijan" || first.Components[0].Components[0].Label != "Lainnya" {
		t.Fatalf("first page's button %+v, want more:3:ask:Armenia Azerbaijan", first.Components)
	}
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "more.json", "CUSTOM_ID", id))
	if cb := decode[callback](t, hs.fake.WaitRequest(t, "POST", callbackPath)); cb.Type != 6 {
		t.Errorf("the click is answered with type %d, want 6 (deferred update)", cb.Type)
	}
	next := decode[sent](t, hs.fake.WaitRequest(t, "POST", followupPath))
	checkSafe(t, next)
	if got := next.text(); !strings.HasPrefix(next.Embeds[0].Description, "**4.** “") || strings.Contains(got, "**1.**") {
		t.Errorf("the next page %q does not start at 4", got)
	}
	if next.button() != "more:6:ask:Armenia Azerbaijan" {
		t.Errorf("the next page's button is %q", next.button())
	}
	var old struct {
		Components *[]json.RawMessage `json:"components"`
		Embeds     *[]json.RawMessage `json:"embeds"`
	}
	if err := hs.fake.WaitRequest(t, "PATCH", originalPath).JSON(&old); err != nil || old.Components == nil || len(*old.Components) != 0 || old.Embeds != nil {
		t.Errorf("the old page is edited to %+v, %v; want only its button off", old, err)
	}
}

func TestMoreLongQuestion(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := start(t, discord.Options{}, rt, rt)
	long := "Armenia Azerbaijan " + strings.Repeat("dan konflik di Nagorno-Karabakh ", 4)
	hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", question, long))
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
	if cb.Type != 4 || cb.Data.Flags != 64 || !strings.Contains(cb.Data.Content, "kedaluwarsa") {
		t.Errorf("an expired button: %+v", cb)
	}
}

func TestStopWhileStarting(t *testing.T) {
	t.Parallel()
	rt := newRouter(corpus.Default())
	hs := newBot(t, discord.Options{}, rt, rt)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := hs.bot.Run(ctx); err != nil {
		t.Errorf("Run, stopped before it started: %v, want nil", err)
	}
}
