package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord/discordtest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/internal/pgtest"
)

// TestDiscordShards runs a Discord bot as two shards, each a kutip serve of
// its own (DISCORD_SHARD_ID 0 and 1 of 2) on one PostgreSQL database, each
// against a fake Discord of its own: what a channel picks on one shard is
// its article on the other, and a "more" button one shard made works when
// its click comes to the other.
func TestDiscordShards(t *testing.T) {
	srv := pgtest.Start(t)
	db := srv.Database(t)
	var fakes [2]*discordtest.Server
	for i := range fakes {
		fakes[i] = discordtest.NewServer(t, discordToken)
		serve(t, map[string]string{
			"DISCORD_BOT_TOKEN":    discordToken,
			"DISCORD_APP_ID":       discordtest.AppID,
			"DISCORD_API_BASE_URL": fakes[i].URL,
			"DISCORD_SHARD_ID":     []string{"0", "1"}[i],
			"DISCORD_SHARD_COUNT":  "2",
			"KUTIP_CORPUS":         "../../eval/chat/articles",
			"KUTIP_POSTGRES_URL":   db,
		})
		fakes[i].WaitRequest(t, discordtest.Gateway, discordtest.Identify)
	}
	if len(fakes[0].Requests("PUT", "/api/v9/applications/*/commands")) != 1 || len(fakes[1].Requests("PUT", "/api/v9/applications/*/commands")) != 0 {
		t.Error("want the commands registered once, by shard 0")
	}
	const callback = "/api/v9/interactions/*/*/callback"

	// /article on shard 0, /source on shard 1, in one channel.
	fakes[0].Dispatch("INTERACTION_CREATE", slash(t, "article", "id", "nagorno-karabakh-2020"))
	fakes[0].WaitRequest(t, "POST", callback)
	fakes[1].Dispatch("INTERACTION_CREATE", slash(t, "source", "", ""))
	if body := string(fakes[1].WaitRequest(t, "POST", callback).Body); !strings.Contains(body, "Nagorno-Karabakh") {
		t.Errorf("/source on shard 1 after /article on shard 0: %s", body)
	}

	// A question too long for a button's custom_id: shard 0 keeps it in
	// the database, shard 1 reads it back.
	long := "Berapa orang yang tewas dan terluka dalam pertempuran Armenia dan Azerbaijan di Nagorno-Karabakh itu?"
	fakes[0].Dispatch("INTERACTION_CREATE", slash(t, "ask", "question", long))
	var first struct {
		Data struct {
			Components []struct {
				Components []struct {
					CustomID string `json:"custom_id"`
				} `json:"components"`
			} `json:"components"`
		} `json:"data"`
	}
	if err := fakes[0].WaitRequest(t, "POST", callback).JSON(&first); err != nil {
		t.Fatal(err)
	}
	var id string // the "more" button's, beside the feedback buttons
	for _, row := range first.Data.Components {
		for _, c := range row.Components {
			if strings.HasPrefix(c.CustomID, "more:3:ask#") {
				id = c.CustomID
			}
		}
	}
	if id == "" {
		t.Fatalf("the first page has no button for a kept question: %+v", first)
	}
	fakes[1].Dispatch("INTERACTION_CREATE", click(t, id))
	fakes[1].WaitRequest(t, "POST", callback)
	next := string(fakes[1].WaitRequest(t, "POST", "/api/v9/webhooks/"+discordtest.AppID+"/*").Body)
	if !strings.Contains(next, `**4.**`) || !strings.Contains(next, long) {
		t.Errorf("the next page, from shard 1: %s", next)
	}
}

// slash is the JSON of a slash command in channel 1200…1, with an
// option when name is not "".
func slash(t *testing.T, cmd, name, value string) json.RawMessage {
	t.Helper()
	data := map[string]any{"id": "1100000000000000001", "name": cmd, "type": 1}
	if name != "" {
		data["options"] = []map[string]any{{"name": name, "type": 3, "value": value}}
	}
	return interactionJSON(t, 2, data)
}

// click is the JSON of a click on the button custom_id in channel 1200…1.
func click(t *testing.T, customID string) json.RawMessage {
	t.Helper()
	return interactionJSON(t, 3, map[string]any{"custom_id": customID, "component_type": 2})
}

func interactionJSON(t *testing.T, kind int, data map[string]any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"id": "1000000000000000001", "application_id": discordtest.AppID, "type": kind, "data": data,
		"guild_id": discordtest.GuildID, "channel_id": "1200000000000000001",
		"member": map[string]any{"user": map[string]any{"id": "1300000000000000001", "username": "budi", "discriminator": "0"}},
		"token":  "aW50ZXJhY3Rpb24", "version": 1, "locale": "id",
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestServePollOnce: with PostgreSQL, a second kutip long-polling the same
// bot stops at start, saying why; the first answers, and the one after it
// starts from its offset.
func TestServePollOnce(t *testing.T) {
	srv := pgtest.Start(t)
	api := telegramtest.NewServer(t, fakeToken)
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN":    fakeToken,
		"TELEGRAM_API_ENDPOINT": api.Endpoint,
		"KUTIP_POSTGRES_URL":    srv.Database(t),
	}
	stderr, stop := serve(t, env)
	api.Await(t, "getUpdates", 1)
	_, _, err := kutip(t, "", env, "serve")
	if err == nil || !strings.Contains(err.Error(), "another process is long-polling") || !strings.Contains(err.Error(), "webhook mode") {
		t.Errorf("a second poller: %v, want it refused", err)
	}
	api.Push(7, telegramtest.PrivateMessage(7, 9, "id", "Berapa orang yang meninggal?"))
	api.Await(t, "sendMessage", 1)
	if err := stop(); err != nil {
		t.Fatalf("kutip serve: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr.String(), "long polling is one process a bot") {
		t.Errorf("kutip did not say polling is one process:\n%s", stderr)
	}
	next, stop := serve(t, env)
	waitLog(t, next, "polling for updates")
	if err := stop(); err != nil {
		t.Fatalf("the next kutip serve: %v\n%s", err, next)
	}
	if n := len(api.Calls("sendMessage")); n != 1 || !strings.Contains(next.String(), "offset=8") {
		t.Errorf("after a restart: %d messages, want the one; log:\n%s", n, next)
	}
}

// waitLog waits for a line holding want in a log, 10 s at most.
func waitLog(t *testing.T, log *bottest.LogBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log in 10s:\n%s", want, log)
		}
		pause(t.Context(), 10*time.Millisecond)
	}
}
