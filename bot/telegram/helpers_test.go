package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

// testToken is the fake bot's token, which no log may show.
const testToken = "7000000001:AAF-test_TOKEN-do-not-log"

// newService is the router over the fake engine, as the adapter serves it.
func newService(t testing.TB) bot.Service {
	t.Helper()
	return bot.NewRouter(bottest.New(), bot.Options{}).Service()
}

// hooked is newService with hook called before each request.
func hooked(t testing.TB, hook func(context.Context, bot.Request)) bot.Service {
	svc := newService(t)
	next := svc.Handler
	svc.Handler = bot.HandlerFunc(func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		hook(ctx, req)
		return next.Handle(ctx, req)
	})
	return svc
}

// A harness runs bots against a fake Bot API, in a synctest bubble.
type harness struct {
	t     *testing.T
	api   *telegramtest.Server
	logs  *bottest.LogBuffer
	state string
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, api: telegramtest.NewPipeServer(t, testToken), logs: &bottest.LogBuffer{}, state: t.TempDir()}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs:\n%s", h.logs)
		}
	})
	return h
}

func (h *harness) config() Config {
	return Config{Token: testToken, APIEndpoint: h.api.Endpoint, HTTPClient: h.api.Client(), StateDir: h.state}
}

func (h *harness) logger() *slog.Logger { return slogTo(h.logs) }

// start runs a bot until the returned stop is called; stop returns Run's
// error.
func (h *harness) start(cfg Config, svc bot.Service) (stop func() error) {
	h.t.Helper()
	b, err := New(cfg, svc, h.logger())
	if err != nil {
		h.t.Fatal(err)
	}
	return h.run(func(ctx context.Context) error { return b.Run(ctx) })
}

// run runs f until the returned stop is called; stop returns f's error.
func (h *harness) run(f func(context.Context) error) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f(ctx) }()
	stopped := false
	var err error
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			err = <-done
		}
		return err
	}
	h.t.Cleanup(func() { stop() })
	return stop
}

// await waits, in the bubble's time, until method has been called n times.
func (h *harness) await(method string, n int) []telegramtest.Call {
	h.t.Helper()
	return h.api.Await(h.t, method, n)
}

// settle lets a minute pass, then waits for every goroutine to block: what
// the bot was going to send is sent.
func (h *harness) settle() {
	time.Sleep(time.Minute)
	synctest.Wait()
}

// wantSent checks that method was called n times in all.
func (h *harness) wantSent(method string, n int) {
	h.t.Helper()
	if got := len(h.api.Calls(method)); got != n {
		h.t.Errorf("%s was called %d times, want %d", method, got, n)
	}
}

// wantConfirmed checks that every update was confirmed to the fake.
func (h *harness) wantConfirmed() {
	h.t.Helper()
	if got := h.api.Pending(); len(got) != 0 {
		h.t.Errorf("updates %v are still pending", got)
	}
}

// push queues an update made by telegramtest's helpers.
func (h *harness) push(id int, raw string) { h.api.Push(id, raw) }

// testUpdate reads testdata/updates/name.json, as its update_id and JSON.
func testUpdate(t testing.TB, name string) (int, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "updates", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var u struct {
		UpdateID int `json:"update_id"`
	}
	if err := json.Unmarshal(b, &u); err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	json.Compact(&compact, b)
	return u.UpdateID, compact.String()
}

// shown is what a sendMessage call shows the user: its text, HTML parsed.
func shown(t *testing.T, c telegramtest.Call) string {
	t.Helper()
	text, err := telegramtest.ParseHTML(c.Form.Get("text"))
	if err != nil {
		t.Fatalf("sendMessage text is not valid HTML: %v", err)
	}
	return text
}

func slogTo(w *bottest.LogBuffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func catalogFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}
