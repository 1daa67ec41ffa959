package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord/discordtest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

const fakeToken = "7000000001:serve-test-TOKEN"

// TestServeTelegram runs kutip serve against the fake Bot API until it is
// stopped, as SIGINT stops it: it answers, keeps its offset, exits cleanly.
func TestServeTelegram(t *testing.T) {
	api := telegramtest.NewServer(t, fakeToken)
	api.Push(7, telegramtest.PrivateMessage(7, 9, "id", "Berapa orang yang meninggal?"))
	state := t.TempDir()
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN":    fakeToken,
		"TELEGRAM_API_ENDPOINT": api.Endpoint,
		"KUTIP_STATE_DIR":       state,
	}
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr bottest.LogBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	sent := api.Await(t, "sendMessage", 1)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("kutip serve stopped with %v\n%s", err, stderr.String())
	}
	if text := sent[0].Form.Get("text"); !strings.Contains(text, "15 <b>orang meninggal</b>") {
		t.Errorf("sent %q", text)
	}
	if n := len(api.Calls("sendMessage")); n != 1 {
		t.Errorf("%d messages sent, want the one answer", n)
	}
	if strings.Contains(stderr.String(), fakeToken) {
		t.Errorf("the token is in the log:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "msg=request platform=telegram command=ask chat_id=telegram:9 outcome=answered") {
		t.Errorf("no request line in the log:\n%s", stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(state, "telegram-7000000001.json"))
	if err != nil || !strings.Contains(string(b), `"next":8`) {
		t.Errorf("state %s, %v: want the offset past update 7", b, err)
	}
	if p := api.Pending(); len(p) != 0 {
		t.Errorf("updates %v are not confirmed to Telegram", p)
	}
}

func TestServeConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"no adapter", map[string]string{}, "no adapter configured"},
		{"webhook without a secret", map[string]string{
			"TELEGRAM_BOT_TOKEN": fakeToken, "TELEGRAM_WEBHOOK_URL": "https://kutip.example/hook", "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1:0",
		}, "TELEGRAM_WEBHOOK_SECRET"},
		{"a corpus that is not there", map[string]string{
			"TELEGRAM_BOT_TOKEN": fakeToken, "KUTIP_CORPUS": filepath.Join(t.TempDir(), "nope.md"),
		}, "nope.md"},
		{"discord without a public key", map[string]string{"DISCORD_BOT_TOKEN": discordToken, "DISCORD_INTERACTIONS_LISTEN": "127.0.0.1:0"}, "DISCORD_PUBLIC_KEY"},
		{"discord base URL", map[string]string{"DISCORD_BOT_TOKEN": discordToken, "DISCORD_API_BASE_URL": "localhost:8080"}, "API base URL"},
		{"discord shard", map[string]string{"DISCORD_BOT_TOKEN": discordToken, "DISCORD_SHARD_ID": "2", "DISCORD_SHARD_COUNT": "2"}, "shard_id 2 is out of range"},
		{"claim lease", map[string]string{"TELEGRAM_BOT_TOKEN": fakeToken, "KUTIP_CLAIM_LEASE": "30"}, "KUTIP_CLAIM_LEASE"},
		{"claim lease too short", map[string]string{"TELEGRAM_BOT_TOKEN": fakeToken, "KUTIP_CLAIM_LEASE": "100ms"}, "claim_lease"},
		{"postgres URL", map[string]string{"TELEGRAM_BOT_TOKEN": fakeToken, "KUTIP_POSTGRES_URL": "postgres://kutip:hunter2@host:port/kutip"}, "postgres_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(t.Context(), []string{"serve"}, func(k string) string { return tt.env[k] }, strings.NewReader(""), &out, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("kutip serve: %v, want an error about %q", err, tt.want)
			}
		})
	}
}

const discordToken = "OTAwMDAwMDAwMDAwMDAwMDAx.GkServe.not-a-real-token"

// serve runs kutip serve with env as its environment until the test ends.
// stop cancels it, as SIGINT or SIGTERM would, and returns its error.
func serve(t *testing.T, env map[string]string) (stderr *bottest.LogBuffer, stop func() error) {
	t.Helper()
	stderr = &bottest.LogBuffer{}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, stderr)
	}()
	stop = sync.OnceValue(func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			return errors.New("kutip serve did not stop")
		}
	})
	t.Cleanup(func() {
		stop()
		if strings.Contains(stderr.String(), discordToken) {
			t.Errorf("the token is in the log:\n%s", stderr)
		}
	})
	return stderr, stop
}

const interaction = `{"id":"1000000000000000001","application_id":"900000000000000002","type":2,
"data":{"id":"1100000000000000001","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"Berapa orang yang meninggal?"}]},
"channel_id":"1200000000000000001","user":{"id":"1300000000000000001","username":"budi","discriminator":"0"},
"token":"aW50ZXJhY3Rpb24","version":1,"locale":"en-US","context":1}`

func TestServeDiscord(t *testing.T) {
	fake := discordtest.NewServer(t, discordToken)
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))
	stderr, stop := serve(t, map[string]string{
		"DISCORD_BOT_TOKEN":           discordToken,
		"DISCORD_APP_ID":              discordtest.AppID,
		"DISCORD_API_BASE_URL":        fake.URL,
		"DISCORD_PUBLIC_KEY":          hex.EncodeToString(key.Public().(ed25519.PublicKey)),
		"DISCORD_INTERACTIONS_LISTEN": "127.0.0.1:0",
		"KUTIP_LOG_LEVEL":             "debug",
	})
	fake.WaitRequest(t, "PUT", "/api/v9/applications/"+discordtest.AppID+"/commands")
	fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)

	// Over the gateway.
	fake.Dispatch("INTERACTION_CREATE", []byte(interaction))
	r := fake.WaitRequest(t, "POST", "/api/v9/interactions/*/*/callback")
	if !strings.Contains(string(r.Body), "15 **orang meninggal**") || !strings.Contains(string(r.Body), "sentences matched") {
		t.Errorf("callback %s does not answer in English", r.Body)
	}

	// Over HTTP, at the address in the log.
	addr := regexp.MustCompile(`listen=(127\.0\.0\.1:\d+)`).FindStringSubmatch(stderr.String())
	if addr == nil {
		t.Fatalf("no interactions endpoint in the log:\n%s", stderr)
	}
	body := []byte(`{"id":"1","application_id":"900000000000000002","type":1,"token":"cGluZw","version":1}`)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+addr[1]+"/interactions", bytes.NewReader(body))
	discordtest.Sign(req, key, body, time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.TrimSpace(string(got)) != `{"type":1}` {
		t.Errorf("PING: %d %s, want a PONG", resp.StatusCode, got)
	}

	if err := stop(); err != nil {
		t.Errorf("kutip serve: %v", err)
	}
	if !strings.Contains(stderr.String(), "gateway closed") {
		t.Errorf("the gateway was not closed cleanly:\n%s", stderr)
	}
}

// TestConfigExample: config.example.yaml holds only known keys, and reads
// as the defaults.
func TestConfigExample(t *testing.T) {
	c, err := loadConfig(filepath.Join("..", "..", "config.example.yaml"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.State.ClaimLease != 30*time.Second || c.State.PostgresURL != "" {
		t.Errorf("state: %+v, want a lease of 30s and no database", c.State)
	}
}

// TestServeOneAdapterDown: each adapter runs on its own. With Discord
// refusing the token, Telegram answers; with Telegram refusing it (said
// plainly in the log), Discord answers.
func TestServeOneAdapterDown(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"message": "401: Unauthorized", "code": 0}`)
	}))
	defer down.Close()

	t.Run("discord refuses the token", func(t *testing.T) {
		api := telegramtest.NewServer(t, fakeToken)
		api.Push(7, telegramtest.PrivateMessage(7, 9, "id", "Berapa orang yang meninggal?"))
		stderr, stop := serve(t, map[string]string{
			"TELEGRAM_BOT_TOKEN":    fakeToken,
			"TELEGRAM_API_ENDPOINT": api.Endpoint,
			"DISCORD_BOT_TOKEN":     discordToken,
			"DISCORD_APP_ID":        discordtest.AppID,
			"DISCORD_API_BASE_URL":  down.URL,
		})
		api.Await(t, "sendMessage", 1)
		time.Sleep(200 * time.Millisecond) // Telegram is not stopped a moment later either
		if got := api.Calls("getUpdates"); len(got) == 0 {
			t.Error("Telegram is not polled")
		}
		err := stop()
		if err == nil || !strings.Contains(err.Error(), "discord") || !strings.Contains(stderr.String(), "adapter stopped; the others go on") {
			t.Errorf("kutip serve: %v, want Discord's error, and a line saying Telegram goes on\n%s", err, stderr)
		}
	})

	t.Run("telegram refuses the token", func(t *testing.T) {
		api := telegramtest.NewServer(t, "1:another-TOKEN")
		fake := discordtest.NewServer(t, discordToken)
		stderr, stop := serve(t, map[string]string{
			"TELEGRAM_BOT_TOKEN":    fakeToken,
			"TELEGRAM_API_ENDPOINT": api.Endpoint,
			"DISCORD_BOT_TOKEN":     discordToken,
			"DISCORD_APP_ID":        discordtest.AppID,
			"DISCORD_API_BASE_URL":  fake.URL,
		})
		fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)
		waitLog(t, stderr, "check TELEGRAM_BOT_TOKEN")
		fake.Dispatch("INTERACTION_CREATE", []byte(interaction))
		fake.WaitRequest(t, "POST", "/api/v9/interactions/*/*/callback")
		err := stop()
		if err == nil || !strings.Contains(err.Error(), "telegram") || !strings.Contains(stderr.String(), "adapter stopped; the others go on") {
			t.Errorf("kutip serve: %v, want Telegram's error, and a line saying Discord goes on\n%s", err, stderr)
		}
	})
}
