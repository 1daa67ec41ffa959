package bot_test

import (
	"context"
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/discord/discordtest"
	"github.com/kutip/kutip/bot/telegram"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/bot/terminal"
)

// TestCommandEverywhere adds a command to the table and sees it on every
// platform: in /help, in Telegram's menu in each language and answered in
// a group, registered as a Discord slash command and answered there, and
// in the terminal.
func TestCommandEverywhere(t *testing.T) {
	cat, err := bot.LoadCatalog(bot.CatalogFiles(), bot.CatalogFS(map[string]string{
		"id.json": `{"cmd.ping": "Periksa apakah kutip hidup", "cmd.ping.arg": "kata", "cmd.ping.arg.desc": "Kata apa saja"}`,
		"en.json": `{"cmd.ping": "Check that kutip is alive", "cmd.ping.arg": "word", "cmd.ping.arg.desc": "Any word"}`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	ping := bot.Command{Name: "ping", Arg: &bot.Arg{Name: "word"}, Handle: func(_ *bot.Router, _ context.Context, req bot.Request) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindText, Text: "pong " + req.Args + " on " + req.Platform}, nil
	}}
	svc := bot.NewRouter(bottest.New(), bot.Options{Commands: append(bot.DefaultCommands(), ping), Catalog: cat}).Service()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	run := func(name string, a interface{ Run(context.Context) error }) {
		done := make(chan error, 1)
		go func() { done <- a.Run(ctx) }()
		t.Cleanup(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("%s: %v", name, err)
				}
			case <-time.After(20 * time.Second):
				t.Errorf("%s did not stop", name)
			}
		})
	}

	const tgToken = "7000000001:everywhere"
	api := telegramtest.NewServer(t, tgToken)
	tg, err := telegram.New(telegram.Config{Token: tgToken, APIEndpoint: api.Endpoint}, svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	run("telegram", tg)
	for _, call := range api.Await(t, "setMyCommands", 2) {
		if menu := call.Form.Get("commands"); !strings.Contains(menu, `"command":"ping"`) {
			t.Errorf("Telegram's menu for %q lacks /ping: %s", call.Form.Get("language_code"), menu)
		}
	}
	api.Push(1, telegramtest.GroupMessage(1, -100, 5, "/ping telegram"))
	if got := api.Await(t, "sendMessage", 1)[0].Form.Get("text"); got != "pong telegram on telegram" {
		t.Errorf("/ping in a Telegram group: %q", got)
	}

	const dcToken = "OTAwMDAwMDAwMDAwMDAwMDAx.GkEverywhere.not-a-real-token"
	fake := discordtest.NewServer(t, dcToken)
	dc, err := discord.New(discord.Config{Token: dcToken, AppID: discordtest.AppID, APIBaseURL: fake.URL}, svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	run("discord", dc)
	cmds := fake.WaitRequest(t, "PUT", "/api/v9/applications/"+discordtest.AppID+"/commands")
	if body := string(cmds.Body); !strings.Contains(body, `"name":"ping"`) || !strings.Contains(body, "Check that kutip is alive") {
		t.Errorf("Discord's slash commands lack /ping: %s", body)
	}
	fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)
	fake.Dispatch("INTERACTION_CREATE", []byte(`{"id":"1000000000000000001","application_id":"`+discordtest.AppID+`","type":2,
		"data":{"id":"1100000000000000001","name":"ping","type":1,"options":[{"name":"word","type":3,"value":"discord"}]},
		"channel_id":"1200000000000000001","user":{"id":"1300000000000000001","username":"budi","discriminator":"0"},
		"token":"aW50ZXJhY3Rpb24","version":1,"locale":"en-US"}`))
	if cb := fake.WaitRequest(t, "POST", "/api/v9/interactions/*/*/callback"); !strings.Contains(string(cb.Body), "pong discord on discord") {
		t.Errorf("/ping on Discord: %s", cb.Body)
	}

	var out strings.Builder
	chat, err := terminal.New(terminal.Config{In: strings.NewReader("/help\n/ping terminal\n"), Out: &out, Lang: "en"}, svc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := chat.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "/ping <word> — Check that kutip is alive") || !strings.Contains(got, "pong terminal on terminal") {
		t.Errorf("the terminal's /help and /ping:\n%s", got)
	}
}

// TestAdapterImports: an adapter translates between its platform and
// package bot; it knows nothing of the engine or the corpus, and recovers no
// panic itself (bot.Guard and bot.Recover do).
func TestAdapterImports(t *testing.T) {
	const mod = "github.com/kutip/kutip/"
	tests := []struct {
		dir     string
		allowed []string // beside the standard library and package bot
	}{
		{"discord", []string{"github.com/bwmarrin/discordgo"}},
		{"telegram", []string{"github.com/go-telegram-bot-api/telegram-bot-api/v5", mod + "internal/atomicfile"}},
		// qa: the types of Quote.Explain and Quote.Factors; x/text/width:
		// how many columns a character takes; atomicfile: the history.
		{"terminal", []string{"github.com/peterh/liner", "golang.org/x/term", "golang.org/x/text/width", mod + "qa", mod + "internal/atomicfile"}},
	}
	for _, tt := range tests {
		pkg, err := build.ImportDir(tt.dir, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(pkg.Imports, mod+"bot") {
			t.Errorf("bot/%s imports %q: the test does not read the adapter", tt.dir, pkg.Imports)
		}
		for _, path := range pkg.Imports {
			first, _, _ := strings.Cut(path, "/")
			if strings.Contains(first, ".") && path != mod+"bot" && !slices.Contains(tt.allowed, path) {
				t.Errorf("bot/%s imports %s; want only the standard library, bot and %s", tt.dir, path, strings.Join(tt.allowed, ", "))
			}
		}
		for _, name := range pkg.GoFiles {
			src, err := os.ReadFile(filepath.Join(tt.dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "recover()") {
				t.Errorf("bot/%s/%s recovers panics; bot.Guard and bot.Recover do that", tt.dir, name)
			}
		}
	}
}
