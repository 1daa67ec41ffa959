package discord_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/discord/discordtest"
)

// keys returns the application's key pair, and another.
func keys() (ed25519.PublicKey, ed25519.PrivateKey, ed25519.PrivateKey) {
	app := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))
	return app.Public().(ed25519.PublicKey), app, other
}

// interactions serves the adapter's HTTP endpoint on a server of the test's.
func interactions(t *testing.T, b *discord.Bot) string {
	mux := http.NewServeMux()
	mux.Handle("POST /interactions", b)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/interactions"
}

// post sends body to url, signed by key at the time given, and returns the
// status and the body of the response.
func post(t *testing.T, url string, body []byte, sign func(r *http.Request)) (int, []byte) {
	t.Helper()
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	sign(r)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, got
}

func TestHTTPInteractions(t *testing.T) {
	t.Parallel()
	pub, key, other := keys()
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub)}, canned())
	url := interactions(t, hs.bot)
	ping := []byte(`{"id":"1000000000000000010","application_id":"900000000000000002","type":1,"token":"cGluZw","version":1}`)
	ask := fixture(t, "ask.json")
	now := time.Now()
	signed := func(key ed25519.PrivateKey, body []byte, at time.Time) func(*http.Request) {
		return func(r *http.Request) { discordtest.Sign(r, key, body, at) }
	}
	tests := []struct {
		name   string
		body   []byte
		sign   func(*http.Request)
		status int
		want   string // in the response's body
	}{
		{"ping", ping, signed(key, ping, now), 200, `{"type":1}`},
		{"ask", ask, signed(key, ask, now), 200, `62 **orang meninggal**`},
		{"forged", ask, signed(other, ask, now), 401, "invalid request signature"},
		{"ping forged", ping, signed(other, ping, now), 401, "invalid request signature"},
		{"body changed", ask, signed(key, ping, now), 401, "invalid request signature"},
		{"stale", ping, signed(key, ping, now.Add(-6*time.Minute)), 401, "invalid request signature"},
		{"from the future", ping, signed(key, ping, now.Add(6*time.Minute)), 401, "invalid request signature"},
		{"unsigned", ping, func(*http.Request) {}, 401, "invalid request signature"},
		{"signature not hex", ping, func(r *http.Request) {
			discordtest.Sign(r, key, ping, now)
			r.Header.Set("X-Signature-Ed25519", strings.Repeat("zz", 64))
		}, 401, "invalid request signature"},
		{"timestamp changed", ping, func(r *http.Request) {
			discordtest.Sign(r, key, ping, now)
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()-1, 10)) // fresh, but not what was signed
		}, 401, "invalid request signature"},
		{"not an interaction", []byte(`[`), signed(key, []byte(`[`), now), 400, "not an interaction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := post(t, url, tt.body, tt.sign)
			if status != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("status %d, body %s; want %d with %q", status, body, tt.status, tt.want)
			}
			if status == 200 {
				var cb callback
				if err := json.Unmarshal(body, &cb); err != nil {
					t.Fatal(err)
				}
				if cb.Type == 4 {
					checkSafe(t, cb.Data)
				}
			}
		})
	}
	// Nothing went to Discord: the answers were in the HTTP responses.
	if rs := hs.fake.Requests("POST", callbackPath); len(rs) > 0 {
		t.Errorf("%d callbacks over REST, want none", len(rs))
	}
}

func TestHTTPDeferred(t *testing.T) {
	t.Parallel()
	pub, key, _ := keys()
	svc, g := gated()
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub), DeferAfter: 10 * time.Millisecond}, svc)
	url := interactions(t, hs.bot)
	ask := fixture(t, "ask.json")
	status, body := post(t, url, ask, func(r *http.Request) { discordtest.Sign(r, key, ask, time.Now()) })
	var cb callback
	if err := json.Unmarshal(body, &cb); status != 200 || err != nil || cb.Type != 5 {
		t.Fatalf("status %d, body %s: want a deferred response (type 5)", status, body)
	}
	close(g.release)
	edit := decode[sent](t, hs.fake.WaitRequest(t, "PATCH", originalPath))
	checkSafe(t, edit)
	if !strings.Contains(edit.text(), firstQuote) {
		t.Errorf("the edit %q does not answer", edit.text())
	}
	// A component's click over HTTP: acknowledged in the response, answered by a follow-up.
	more := fixture(t, "more.json", "CUSTOM_ID", "more:0:ask:"+bottest.Question)
	status, body = post(t, url, more, func(r *http.Request) { discordtest.Sign(r, key, more, time.Now()) })
	if status != 200 || string(bytes.TrimSpace(body)) != `{"type":6}` {
		t.Errorf("status %d, body %s: want type 6", status, body)
	}
	hs.fake.WaitRequest(t, "POST", followupPath)
}

func TestHTTPWithoutKey(t *testing.T) {
	t.Parallel()
	_, key, _ := keys()
	hs := newBot(t, discord.Config{}, canned())
	ping := []byte(`{"type":1}`)
	status, _ := post(t, interactions(t, hs.bot), ping, func(r *http.Request) { discordtest.Sign(r, key, ping, time.Now()) })
	if status != 401 {
		t.Errorf("without a public key, status %d, want 401", status)
	}
	if _, err := discord.New(discord.Config{Token: "t", PublicKey: "abcd"}, canned(), nil); err == nil {
		t.Error("New takes a public key of two bytes")
	}
}

// Run serves HTTP interactions itself at interactions_listen, and shuts
// the server down when it stops.
func TestRunServesInteractions(t *testing.T) {
	t.Parallel()
	pub, key, other := keys()
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub), InteractionsListen: "127.0.0.1:0"}, canned())
	stop := hs.run(t)
	addr := hs.logs.Wait(t, regexp.MustCompile(`msg="interactions endpoint" platform=discord listen=(127\.0\.0\.1:\d+) path=/interactions`))[1]
	url := "http://" + addr + "/interactions"
	ping := []byte(`{"id":"1000000000000000010","application_id":"900000000000000002","type":1,"token":"cGluZw","version":1}`)
	if status, body := post(t, url, ping, func(r *http.Request) { discordtest.Sign(r, key, ping, time.Now()) }); status != 200 || string(bytes.TrimSpace(body)) != `{"type":1}` {
		t.Errorf("PING: %d %s, want a PONG", status, body)
	}
	if status, _ := post(t, url, ping, func(r *http.Request) { discordtest.Sign(r, other, ping, time.Now()) }); status != 401 {
		t.Errorf("a forged PING: %d, want 401", status)
	}
	ask := fixture(t, "ask.json")
	status, body := post(t, url, ask, func(r *http.Request) { discordtest.Sign(r, key, ask, time.Now()) })
	var cb callback
	if err := json.Unmarshal(body, &cb); status != 200 || err != nil || cb.Type != 4 || !strings.Contains(cb.Data.text(), firstQuote) {
		t.Errorf("ask: %d %s, want the answer", status, body)
	}
	if rs := hs.fake.Requests("POST", callbackPath); len(rs) > 0 {
		t.Errorf("%d callbacks over REST, want none", len(rs))
	}
	// A header of 32 KiB, over the 16 KiB Discord's would never come near.
	r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(ping))
	if err != nil {
		t.Fatal(err)
	}
	discordtest.Sign(r, key, ping, time.Now())
	r.Header.Set("X-Padding", strings.Repeat("p", 32<<10))
	if resp, err := http.DefaultClient.Do(r); err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a header of 32 KiB: %v, %v; want 431", resp, err)
	} else {
		resp.Body.Close()
	}
	hs.fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify) // the gateway too
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if r, err := http.Post(url, "application/json", bytes.NewReader(ping)); err == nil {
		r.Body.Close()
		t.Errorf("after Run returned, the endpoint still answers: %s", r.Status)
	}
	if !strings.Contains(hs.logs.String(), "gateway closed") {
		t.Errorf("the gateway was not closed cleanly:\n%s", hs.logs)
	}
}

// Run fails when it cannot listen at interactions_listen, and says where.
func TestRunListenFails(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	pub, _, _ := keys()
	hs := newBot(t, discord.Config{PublicKey: hex.EncodeToString(pub), InteractionsListen: taken.Addr().String()}, canned())
	if err := hs.bot.Run(t.Context()); err == nil || !strings.Contains(err.Error(), "interactions endpoint") {
		t.Errorf("Run with its address taken: %v, want an interactions endpoint error", err)
	}
	if n := hs.fake.Received(); n != 0 {
		t.Errorf("%d requests to Discord; want none before the endpoint listens", n)
	}
}
