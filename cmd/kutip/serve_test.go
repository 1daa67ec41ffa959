package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/discord/discordtest"
)

const token = "OTAwMDAwMDAwMDAwMDAwMDAx.GkServe.not-a-real-token"

// serve runs kutip serve with env as its environment until the test ends.
// stop cancels it, as SIGINT or SIGTERM would, and returns its error.
func serve(t *testing.T, env map[string]string) (stderr *discordtest.LogBuffer, stop func() error) {
	t.Helper()
	stderr = &discordtest.LogBuffer{}
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
		if strings.Contains(stderr.String(), token) {
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
	fake := discordtest.NewServer(t, token)
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))
	stderr, stop := serve(t, map[string]string{
		"DISCORD_BOT_TOKEN":           token,
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

func TestServeConfig(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"nothing", nil, "no adapter configured"},
		{"no public key", map[string]string{"DISCORD_BOT_TOKEN": token, "DISCORD_INTERACTIONS_LISTEN": "127.0.0.1:0"}, "DISCORD_PUBLIC_KEY"},
		{"bad base URL", map[string]string{"DISCORD_BOT_TOKEN": token, "DISCORD_API_BASE_URL": "localhost:8080"}, "API base URL"},
		{"bad shard", map[string]string{"DISCORD_BOT_TOKEN": token, "DISCORD_SHARD_ID": "2", "DISCORD_SHARD_COUNT": "2"}, "shard 2 of 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(t.Context(), []string{"serve"}, func(k string) string { return tt.env[k] }, strings.NewReader(""), io.Discard, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error()+stderr.String(), token) {
				t.Errorf("kutip serve: %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestRunAdapters(t *testing.T) {
	stopped := false
	err := runAdapters(t.Context(), []adapter{
		{"waits", func(ctx context.Context) error { <-ctx.Done(); stopped = true; return nil }},
		{"fails", func(context.Context) error { return errors.New("boom") }},
	})
	if err == nil || err.Error() != "fails: boom" || !stopped {
		t.Errorf("runAdapters = %v, stopped %v; want fails: boom, the other stopped", err, stopped)
	}
}
