package discord_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/discord/discordtest"
	goldenfile "github.com/kutip/kutip/internal/golden"
)

// TestGolden pins the JSON the adapter sends Discord for each kind of
// reply, in testdata/golden/NAME.json: the body of an interaction's
// callback, of a follow-up or of a channel message.
func TestGolden(t *testing.T) {
	t.Parallel()
	e := bottest.New()
	e.Answers[longQuote] = longEngine().Answers[longQuote]
	hs := start(t, discord.Config{}, picked(e, "gempa"))
	// Another channel asks the whole library.
	library := []string{channel, "1200000000000000002"}
	ask := func(oldnew ...string) func(t *testing.T) []byte {
		return func(t *testing.T) []byte {
			hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "ask.json", oldnew...))
			return hs.fake.WaitRequest(t, "POST", callbackPath).Body
		}
	}
	command := func(name string, oldnew ...string) func(t *testing.T) []byte {
		return ask(append([]string{`"name": "ask"`, `"name": "` + name + `"`, `"options": [`, `"no_options": [`}, oldnew...)...)
	}
	tests := []struct {
		name string
		send func(t *testing.T) []byte
	}{
		{"ask", ask()},
		{"ask-en", ask(`"locale": "id"`, `"locale": "en-US"`)},
		{"ask-ephemeral", ask(`"options": [`, `"options": [{"name": "ephemeral", "type": 5, "value": true},`)},
		{"abstain", ask(bottest.Question, bottest.Unanswered)},
		{"ask-library", ask(append(library, bottest.Question, bottest.Library)...)},
		{"abstain-library", ask(append(library, bottest.Question, bottest.Unanswered)...)},
		{"source-library", command("source", library...)},
		{"article-list", command("article", library...)},
		{"quotes", command("quotes")},
		{"quotes-page-2", func(t *testing.T) []byte {
			hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "more.json", "CUSTOM_ID", "more:5:quotes:"))
			hs.fake.WaitRequest(t, "POST", callbackPath)
			body := hs.fake.WaitRequest(t, "POST", followupPath).Body
			hs.fake.WaitRequest(t, "PATCH", originalPath)
			return body
		}},
		{"quote-speaker", ask(`"name": "ask"`, `"name": "quote"`, `"question"`, `"who"`, bottest.Question, "Kamil")},
		{"summary", command("summary")},
		{"source", command("source")},
		{"help", command("help")},
		{"markup", ask(bottest.Question, bottest.Markup)},
		{"long-quote-cut", ask(bottest.Question, longQuote)},
		{"expired", func(t *testing.T) []byte {
			hs.fake.Dispatch("INTERACTION_CREATE", fixture(t, "more.json", "CUSTOM_ID", "more:3:ask#gone", `"locale": "id"`, `"locale": "en-GB"`))
			return hs.fake.WaitRequest(t, "POST", callbackPath).Body
		}},
		{"mention", func(t *testing.T) []byte {
			hs.fake.Dispatch("MESSAGE_CREATE", fixture(t, "mention.json"))
			return hs.fake.WaitRequest(t, "POST", "/api/v9/channels/"+channel+"/messages").Body
		}},
		{"commands", func(t *testing.T) []byte {
			return hs.fake.WaitRequest(t, "PUT", "/api/v9/applications/"+discordtest.AppID+"/commands").Body
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := json.Indent(&got, tt.send(t), "", "  "); err != nil {
				t.Fatal(err)
			}
			got.WriteByte('\n')
			golden(t, tt.name, got.Bytes())
		})
	}
}

// golden compares got with testdata/golden/name.json, or rewrites it under
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", "golden", name+".json"), got)
}
