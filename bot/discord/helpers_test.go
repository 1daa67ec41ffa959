package discord_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/discord/discordtest"
)

// token is the fake's bot token; no log may show it.
const token = "OTAwMDAwMDAwMDAwMDAwMDAx.GkTest.not-a-real-token_never-log-me"

// Paths of the fake's endpoints.
const (
	callbackPath = "/api/v9/interactions/*/*/callback"
	originalPath = "/api/v9/webhooks/" + discordtest.AppID + "/*/messages/@original"
	followupPath = "/api/v9/webhooks/" + discordtest.AppID + "/*"
)

// harness is the adapter running against a fake Discord.
type harness struct {
	fake *discordtest.Server
	bot  *discord.Bot
	logs *bottest.LogBuffer
}

// service is the router's service over the engine.
func service(e bot.Engine) bot.Service { return bot.NewRouter(e, bot.Options{}).Service() }

// picked is the router's service over e, the test's channels (the
// guild's, and the direct messages') asking article, not the whole library.
func picked(e bot.Engine, article string) bot.Service {
	choices := bot.NewMemoryChoices()
	for _, ch := range []string{channel, "1600000000000000001"} {
		choices.SetArticle(context.Background(), "discord:"+ch, article) // in memory: it cannot fail
	}
	return bot.NewRouter(e, bot.Options{Choices: choices}).Service()
}

// canned is the router's service over bottest's canned answers, the test's
// channels asking gempa.
func canned() bot.Service { return picked(bottest.New(), "gempa") }

// newBot returns the adapter for a fake Discord, not yet running; its logs
// are checked for the token when the test ends.
func newBot(t testing.TB, cfg discord.Config, svc bot.Service) *harness {
	t.Helper()
	fake := discordtest.NewServer(t, token)
	cfg.Token, cfg.APIBaseURL = token, fake.URL
	if cfg.AppID == "" {
		cfg.AppID = discordtest.AppID
	}
	logs := &bottest.LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := discord.New(cfg, svc, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if strings.Contains(logs.String(), token) {
			t.Errorf("the token is in the log:\n%s", logs)
		}
	})
	return &harness{fake: fake, bot: b, logs: logs}
}

// start runs the adapter until the test ends, and waits for it to identify.
func start(t *testing.T, cfg discord.Config, svc bot.Service) *harness {
	t.Helper()
	hs := newBot(t, cfg, svc)
	hs.run(t)
	hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)
	return hs
}

// run runs the adapter until the test ends, or until the returned function
// is called, which returns what Run did.
func (hs *harness) run(t *testing.T) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- hs.bot.Run(ctx) }()
	var err error
	stopped := false
	stop = func() error {
		if stopped {
			return err
		}
		stopped = true
		cancel()
		select {
		case err = <-done:
		case <-time.After(20 * time.Second):
			t.Error("Run did not return after its context was cancelled")
		}
		return err
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return stop
}

// fixture reads testdata/name, replacing old with new in pairs.
func fixture(t *testing.T, name string, oldnew ...string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return json.RawMessage(strings.NewReplacer(oldnew...).Replace(string(b)))
}

// sent is a message as the adapter sent it: in a callback's data, a
// follow-up, an edit or a channel message.
type sent struct {
	Content string `json:"content"`
	Embeds  []struct {
		Title       string `json:"title"`
		URL         string `json:"url"`
		Description string `json:"description"`
		Author      *struct {
			Name string `json:"name"`
		} `json:"author"`
		Footer *struct {
			Text string `json:"text"`
		} `json:"footer"`
	} `json:"embeds"`
	Components []struct {
		Components []struct {
			Type     int    `json:"type"`
			Label    string `json:"label"`
			CustomID string `json:"custom_id"`
			Options  []struct {
				Label   string `json:"label"`
				Value   string `json:"value"`
				Default bool   `json:"default"`
			} `json:"options"`
		} `json:"components"`
	} `json:"components"`
	AllowedMentions *struct {
		Parse       []string `json:"parse"`
		RepliedUser bool     `json:"replied_user"`
	} `json:"allowed_mentions"`
	Flags     int `json:"flags"`
	Reference *struct {
		MessageID string `json:"message_id"`
	} `json:"message_reference"`
	Choices []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"choices"`
}

// callback is an interaction's response.
type callback struct {
	Type int  `json:"type"`
	Data sent `json:"data"`
}

func decode[T any](t *testing.T, r *discordtest.Request) T {
	t.Helper()
	var v T
	if err := r.JSON(&v); err != nil {
		t.Fatalf("%s %s: %v\n%s", r.Method, r.Path, err, r.Body)
	}
	return v
}

// text is all the text of a message.
func (m sent) text() string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Title, e.Description)
		if e.Author != nil {
			parts = append(parts, e.Author.Name)
		}
		if e.Footer != nil {
			parts = append(parts, e.Footer.Text)
		}
	}
	return strings.Join(parts, "\n")
}

// button returns the custom_id of the message's button, or "".
func (m sent) button() string {
	for _, row := range m.Components {
		for _, c := range row.Components {
			return c.CustomID
		}
	}
	return ""
}

// checkSafe fails the test when a message could ping anyone or is over
// Discord's limits.
func checkSafe(t *testing.T, m sent) {
	t.Helper()
	if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(m.AllowedMentions.Parse) > 0 || m.AllowedMentions.RepliedUser {
		t.Errorf("allowed_mentions = %+v, want {parse: []}", m.AllowedMentions)
	}
	if n := bot.TextLen(m.Content); n > 2000 {
		t.Errorf("content of %d characters, over 2000", n)
	}
	for _, e := range m.Embeds {
		total := bot.TextLen(e.Title) + bot.TextLen(e.Description)
		if e.Author != nil {
			total += bot.TextLen(e.Author.Name)
		}
		if e.Footer != nil {
			total += bot.TextLen(e.Footer.Text)
		}
		if n := bot.TextLen(e.Description); n > 4096 || total > 6000 || bot.TextLen(e.Title) > 256 {
			t.Errorf("embed of %d characters, description %d: over Discord's limits", total, n)
		}
	}
}
