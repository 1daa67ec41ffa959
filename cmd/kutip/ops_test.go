package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/qa/score"
)

// get fetches url, and returns its status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitReady waits for /readyz to answer 200.
func waitReady(t *testing.T, base string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, body := get(t, base+"/readyz")
		if code == http.StatusOK {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: %d %s after 10s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServeOps runs kutip serve with http.listen: /healthz, /readyz once
// Telegram is connected, and /metrics with what it did, no token in them.
func TestServeOps(t *testing.T) {
	api := telegramtest.NewServer(t, fakeToken)
	api.Push(7, telegramtest.PrivateMessage(7, 9, "id", "Berapa orang yang meninggal?"))
	stderr, stop := serve(t, map[string]string{
		"TELEGRAM_BOT_TOKEN":    fakeToken,
		"TELEGRAM_API_ENDPOINT": api.Endpoint,
		"KUTIP_HTTP_LISTEN":     "127.0.0.1:0",
	})
	addr := stderr.Wait(t, regexp.MustCompile(`/metrics" listen=(127\.0\.0\.1:\d+)`))[1]
	base := "http://" + addr
	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if body := waitReady(t, base); body != "library ok\ntelegram ok\n" {
		t.Errorf("/readyz: %q", body)
	}
	api.Await(t, "sendMessage", 1)
	stderr.Wait(t, regexp.MustCompile(`msg=request platform=telegram`))
	// The fake has the reply before kutip has Telegram's answer to it,
	// which the call's count and the update's end wait for.
	code, metrics := get(t, base+"/metrics")
	for deadline := time.Now().Add(5 * time.Second); code == 200 && !strings.Contains(metrics, `kutip_updates_in_flight{platform="telegram"} 0`) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		code, metrics = get(t, base+"/metrics")
	}
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`kutip_requests_total{command="ask",outcome="answered",platform="telegram"} 1`,
		`kutip_answer_duration_seconds_count{command="ask",platform="telegram"} 1`,
		`kutip_api_calls_total{method="sendMessage",platform="telegram",status="200"} 1`,
		`kutip_api_calls_total{method="getMe",platform="telegram",status="200"} 1`,
		`kutip_updates_in_flight{platform="telegram"} 0`,
		`kutip_oldest_update_age_seconds{platform="telegram"} 0`,
		"kutip_library_articles 1\n",
		"go_goroutines ", "process_resident_memory_bytes ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics has no %s", want)
		}
	}
	if strings.Contains(metrics, fakeToken) || strings.Contains(metrics, "meninggal") {
		t.Errorf("/metrics holds the token or a message's text:\n%s", metrics)
	}
	if err := stop(); err != nil {
		t.Fatalf("kutip serve: %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("/healthz still answers after kutip serve stopped")
	}
}

func TestServeOpsListenFails(t *testing.T) {
	env := map[string]string{"TELEGRAM_BOT_TOKEN": fakeToken, "KUTIP_HTTP_LISTEN": "localhost"}
	if _, _, err := kutip(t, "", env, "serve"); err == nil || !strings.Contains(err.Error(), "KUTIP_HTTP_LISTEN") {
		t.Errorf("kutip serve with KUTIP_HTTP_LISTEN=localhost: %v, want an error naming it", err)
	}
}

// TestFeedbackToEval: a user asks kutip serve, votes 👍 on one answer and
// 👎 on another; kutip feedback export makes a question set of the first,
// which kutip eval scores, and a review list of the second.
func TestFeedbackToEval(t *testing.T) {
	articles, err := filepath.Abs(filepath.Join("..", "..", "eval", "chat", "articles"))
	if err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	api := telegramtest.NewServer(t, fakeToken)
	api.Push(1, telegramtest.PrivateMessage(1, 9, "id", "Berapa orang yang tewas di Nagorno-Karabakh?"))
	api.Push(2, telegramtest.PrivateMessage(2, 9, "id", "Siapa Sekjen PBB?"))
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN":    fakeToken,
		"TELEGRAM_API_ENDPOINT": api.Endpoint,
		"KUTIP_STATE_DIR":       state,
		"KUTIP_CORPUS":          articles,
	}
	_, stop := serve(t, env)
	msgs := api.Await(t, "sendMessage", 2)
	var data []string
	for i, m := range msgs {
		rows, err := telegramtest.Keyboard(m.Form.Get("reply_markup"))
		if err != nil || len(rows) != 1 || len(rows[0]) != 2 {
			t.Fatalf("answer %d has buttons %+v, %v", i+1, rows, err)
		}
		data = append(data, rows[0][i].CallbackData) // 👍 on the first, 👎 on the second
	}
	api.Push(3, telegramtest.CallbackQuery(3, "q3", 9, "id", 9, 10, data[0]))
	api.Push(4, telegramtest.CallbackQuery(4, "q4", 9, "id", 9, 20, data[1]))
	api.Await(t, "answerCallbackQuery", 2)
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	up, down := filepath.Join(t.TempDir(), "up.jsonl"), filepath.Join(t.TempDir(), "down.jsonl")
	_, stderr, err := kutip(t, "", map[string]string{"KUTIP_STATE_DIR": state}, "feedback", "export", "--up", up, "--down", down)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "2 votes: 1 questions") {
		t.Errorf("stderr: %s", stderr)
	}
	qs, err := score.Load(up)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 1 || qs[0].Question != "Berapa orang yang tewas di Nagorno-Karabakh?" || qs[0].Article == "" ||
		qs[0].GoldType != "sentence" || !qs[0].Answerable || len(qs[0].Answers) != 1 || !strings.HasPrefix(qs[0].ID, "fb-") || qs[0].Lang != "id" {
		t.Errorf("the question set: %+v", qs)
	}
	b, err := os.ReadFile(down)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Question, Article, Rejected string
		Down, Up                    int
	}
	if err := json.Unmarshal(b, &r); err != nil || r.Question != "Siapa Sekjen PBB?" || r.Rejected == "" || r.Down != 1 || r.Up != 0 {
		t.Errorf("the review list %s: %+v, %v", b, r, err)
	}
	out, _, err := kutip(t, "", nil, "eval", "--corpus", articles, "--qa", up, "--out", filepath.Join(t.TempDir(), "results.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`\s1\s+1\s+1\.000\s`).MatchString(out) {
		t.Errorf("kutip eval on the votes, want hit@1 1.000 on the one question:\n%s", out)
	}
}

func TestFeedbackExportErrors(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"feedback"}, nil, "feedback export"},
		{[]string{"feedback", "import"}, nil, "feedback export"},
		{[]string{"feedback", "export"}, nil, "KUTIP_STATE_DIR"},
		{[]string{"feedback", "export", "--up", "-", "--down", "-"}, map[string]string{"KUTIP_STATE_DIR": t.TempDir()}, "both be standard output"},
	}
	for _, tt := range tests {
		_, _, err := kutip(t, "", tt.env, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("kutip %s: %v, want an error about %q", strings.Join(tt.args, " "), err, tt.want)
		}
	}
}

// TestConfigHTTP: http.listen is a key of config.example.yaml, which
// KUTIP_HTTP_LISTEN overrides.
func TestConfigHTTP(t *testing.T) {
	cfg, err := loadConfig(filepath.Join("..", "..", "config.example.yaml"), func(k string) string {
		return map[string]string{"KUTIP_HTTP_LISTEN": "127.0.0.1:9090"}[k]
	})
	if err != nil || cfg.HTTP.Listen != "127.0.0.1:9090" {
		t.Errorf("KUTIP_HTTP_LISTEN: %q, %v", cfg.HTTP.Listen, err)
	}
}
