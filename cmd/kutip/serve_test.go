package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const fakeToken = "42:serve-test-TOKEN"

// fakeTelegram is just enough of the Bot API for kutip serve: one private
// question, then long polls that wait for the client to go.
func fakeTelegram(t *testing.T) (srv *httptest.Server, sent func() []string) {
	var mu sync.Mutex
	var texts []string
	polls := 0
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/bot"+fakeToken+"/") {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
			return
		}
		r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		switch method := filepath.Base(r.URL.Path); method {
		case "getMe":
			fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"kutip","username":"kutipbot"}}`)
		case "getUpdates":
			mu.Lock()
			polls++
			first := polls == 1
			mu.Unlock()
			if r.PostForm.Get("timeout") == "" && !first { // a short poll: the offset confirmed at the shutdown
				fmt.Fprint(w, `{"ok":true,"result":[]}`)
				return
			}
			if first {
				fmt.Fprint(w, `{"ok":true,"result":[{"update_id":7,"message":{"message_id":1,"date":1601280000,"text":"Berapa orang yang meninggal?",`+
					`"from":{"id":9,"is_bot":false,"first_name":"Dewi"},"chat":{"id":9,"type":"private"}}}]}`)
				return
			}
			select {
			case <-r.Context().Done():
			case <-time.After(30 * time.Second):
				fmt.Fprint(w, `{"ok":true,"result":[]}`)
			}
		case "sendMessage":
			mu.Lock()
			texts = append(texts, r.PostForm.Get("text"))
			mu.Unlock()
			fmt.Fprint(w, `{"ok":true,"result":{"message_id":2,"date":1601280001,"chat":{"id":9,"type":"private"}}}`)
		default:
			fmt.Fprint(w, `{"ok":true,"result":true}`)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), texts...)
	}
}

// TestServeTelegram runs kutip serve against a fake Bot API until it is
// stopped, as SIGINT stops it: it answers, keeps its offset, exits cleanly.
func TestServeTelegram(t *testing.T) {
	srv, sent := fakeTelegram(t)
	state := t.TempDir()
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN":    fakeToken,
		"TELEGRAM_API_ENDPOINT": srv.URL + "/bot%s/%s",
		"KUTIP_STATE_DIR":       state,
	}
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &stdout, &stderr)
	}()
	for deadline := time.Now().Add(10 * time.Second); len(sent()) == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("kutip serve stopped with %v\n%s", err, stderr.String())
	}
	if texts := sent(); len(texts) != 1 || !strings.Contains(texts[0], "15 <b>orang meninggal</b>") {
		t.Errorf("sent %q", texts)
	}
	if strings.Contains(stderr.String(), fakeToken) {
		t.Errorf("the token is in the log:\n%s", stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(state, "telegram-42.json"))
	if err != nil || !strings.Contains(string(b), `"next":8`) {
		t.Errorf("state %s, %v: want the offset past update 7", b, err)
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
