package telegramtest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

const token = "42:fake-TOKEN_x"

// client is the real library, pointed at the fake.
func client(t *testing.T, s *telegramtest.Server, tok string) *tgbotapi.BotAPI {
	t.Helper()
	b, err := tgbotapi.NewBotAPIWithClient(tok, s.Endpoint, s.Client())
	if err != nil {
		t.Fatalf("NewBotAPI: %v", err)
	}
	return b
}

func apiCode(err error) int {
	var e *tgbotapi.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func TestGetMeAndToken(t *testing.T) {
	s := telegramtest.NewServer(t, token)
	b := client(t, s, token)
	if b.Self.ID != telegramtest.BotID || b.Self.UserName != telegramtest.BotUsername {
		t.Errorf("getMe: %+v", b.Self)
	}
	if _, err := tgbotapi.NewBotAPIWithClient("42:wrong", s.Endpoint, s.Client()); apiCode(err) != http.StatusUnauthorized {
		t.Errorf("a wrong token: %v, want 401", err)
	}
	if got := s.Denied(); len(got) != 1 || got[0] != "getMe" {
		t.Errorf("Denied() = %q", got)
	}
}

func TestGetUpdates(t *testing.T) {
	s := telegramtest.NewServer(t, token)
	b := client(t, s, token)
	s.Push(1, telegramtest.PrivateMessage(1, 5, "id", "satu"))
	s.Push(2, telegramtest.GroupMessage(2, -9, 5, "/ask@kutipbot dua"))
	ups, err := b.GetUpdates(tgbotapi.UpdateConfig{Offset: 0, Limit: 1})
	if err != nil || len(ups) != 1 || ups[0].Message.Text != "satu" || ups[0].Message.Chat.Type != "private" {
		t.Fatalf("first update: %+v, %v", ups, err)
	}
	ups, err = b.GetUpdates(tgbotapi.UpdateConfig{Offset: 2})
	if err != nil || len(ups) != 1 || !ups[0].Message.IsCommand() || ups[0].Message.Command() != "ask" || ups[0].Message.CommandArguments() != "dua" {
		t.Fatalf("the group's command: %+v, %v", ups, err)
	}
	if got := s.Pending(); len(got) != 1 || got[0] != 2 {
		t.Errorf("offset 2 confirms update 1 only: pending %v", got)
	}
}

// TestLongPoll: a long poll waits for an update to come, or its timeout.
func TestLongPoll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := telegramtest.NewPipeServer(t, token)
		b := client(t, s, token)
		go func() {
			time.Sleep(time.Second)
			s.Push(3, telegramtest.InlineQuery(3, "q", 5, "en", "tiga", ""))
		}()
		start := time.Now()
		ups, err := b.GetUpdates(tgbotapi.UpdateConfig{Offset: 3, Timeout: 50})
		if err != nil || len(ups) != 1 || ups[0].InlineQuery == nil || ups[0].InlineQuery.Query != "tiga" || time.Since(start) != time.Second {
			t.Fatalf("a long poll: %+v, %v after %v", ups, err, time.Since(start))
		}
		start = time.Now()
		ups, err = b.GetUpdates(tgbotapi.UpdateConfig{Offset: 4, Timeout: 50})
		if err != nil || len(ups) != 0 || time.Since(start) != 50*time.Second {
			t.Fatalf("a long poll with nothing to come: %+v, %v after %v", ups, err, time.Since(start))
		}
	})
}

func TestOnePollAtATime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := telegramtest.NewPipeServer(t, token)
		b := client(t, s, token)
		first := make(chan error, 1)
		go func() {
			_, err := b.GetUpdates(tgbotapi.UpdateConfig{Timeout: 50})
			first <- err
		}()
		s.Await(t, "getUpdates", 1)
		synctest.Wait() // the first poll is waiting
		if _, err := b.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
			t.Fatalf("the second poll: %v", err)
		}
		if err := <-first; apiCode(err) != http.StatusConflict || !strings.Contains(err.Error(), "terminated by other getUpdates") {
			t.Errorf("the first poll: %v, want 409", err)
		}
	})
}

func TestWebhook(t *testing.T) {
	s := telegramtest.NewServer(t, token)
	b := client(t, s, token)
	if _, err := b.Request(tgbotapi.WebhookConfig{URL: mustURL(t, "http://kutip.example/hook")}); apiCode(err) != http.StatusBadRequest {
		t.Errorf("an http webhook: %v, want 400", err)
	}
	if _, err := b.MakeRequest("setWebhook", tgbotapi.Params{"url": "https://kutip.example/hook", "secret_token": "ra hasia"}); apiCode(err) != http.StatusBadRequest {
		t.Errorf("a bad secret: %v, want 400", err)
	}
	if _, err := b.MakeRequest("setWebhook", tgbotapi.Params{"url": "https://kutip.example/hook", "secret_token": "rahasia"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.GetUpdates(tgbotapi.UpdateConfig{}); apiCode(err) != http.StatusConflict {
		t.Errorf("getUpdates with a webhook: %v, want 409", err)
	}
	var mu sync.Mutex
	var got []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(got) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	}))
	defer hook.Close()
	s.Push(7, telegramtest.PrivateMessage(7, 5, "", "halo"))
	for i, want := range []int{http.StatusServiceUnavailable, http.StatusOK, 0} {
		if code, err := s.Deliver(context.Background(), hook.Client(), hook.URL+"/hook"); err != nil || code != want {
			t.Errorf("delivery %d: %d, %v; want %d", i+1, code, err, want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != "rahasia" || len(s.Pending()) != 0 {
		t.Errorf("deliveries with secrets %q, pending %v: want two, the second confirming", got, s.Pending())
	}
	if _, err := b.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
		t.Fatal(err)
	}
	if url, _ := s.Webhook(); url != "" {
		t.Errorf("webhook %q after deleteWebhook", url)
	}
}

func TestChecks(t *testing.T) {
	s := telegramtest.NewServer(t, token)
	b := client(t, s, token)
	html := func(text string) tgbotapi.MessageConfig {
		m := tgbotapi.NewMessage(5, text)
		m.ParseMode = tgbotapi.ModeHTML
		return m
	}
	tests := []struct {
		name string
		c    tgbotapi.Chattable
		ok   bool
	}{
		{"HTML", html(`<b>tebal</b> &amp; <a href="https://x.id/?a=1&amp;b=2">tautan</a> <blockquote>kutipan</blockquote>`), true},
		{"4096 after parsing", html(strings.Repeat("&lt;", 4096)), true},
		{"an emoji counts twice", html(strings.Repeat("😀", 2049)), false},
		{"an unescaped <", html("1 < 2"), false},
		{"an unknown tag", html("<script>x</script>"), false},
		{"tags crossed", html("<b><i>x</b></i>"), false},
		{"an unknown entity", html("&nbsp;"), false},
		{"nothing to show", html("<b> </b>"), false},
		{"typing", tgbotapi.NewChatAction(5, tgbotapi.ChatTyping), true},
		{"commands", tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "ask", Description: "Tanya"}), true},
		{"a command with a capital", tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "Ask", Description: "Tanya"}), false},
		{"a command without a description", tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "ask"}), false},
		{"an inline answer", tgbotapi.InlineConfig{InlineQueryID: "q", Results: []any{tgbotapi.NewInlineQueryResultArticleHTML("0", "Judul", "<b>x</b>")}}, true},
		{"inline results with one id", tgbotapi.InlineConfig{InlineQueryID: "q", Results: []any{
			tgbotapi.NewInlineQueryResultArticle("0", "a", "x"), tgbotapi.NewInlineQueryResultArticle("0", "b", "y")}}, false},
	}
	for _, tt := range tests {
		_, err := b.Request(tt.c)
		if ok := err == nil; ok != tt.ok || !ok && apiCode(err) != http.StatusBadRequest {
			t.Errorf("%s: %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}

func TestFaults(t *testing.T) {
	s := telegramtest.NewServer(t, token)
	b := client(t, s, token)
	s.Fail("sendMessage", telegramtest.TooMany(3), telegramtest.APIError(403, "Forbidden: bot was blocked by the user", 0), telegramtest.BadGateway(), telegramtest.Dropped())
	send := func() error { _, err := b.Send(tgbotapi.NewMessage(5, "x")); return err }
	var e *tgbotapi.Error
	if err := send(); !errors.As(err, &e) || e.Code != 429 || e.RetryAfter != 3 {
		t.Errorf("a 429: %v", err)
	}
	if err := send(); apiCode(err) != 403 {
		t.Errorf("a 403: %v", err)
	}
	if err := send(); err == nil || apiCode(err) != 0 {
		t.Errorf("a proxy's 502 is no Bot API answer: %v", err)
	}
	if err := send(); err == nil {
		t.Error("a dropped connection answered")
	}
	if err := send(); err != nil {
		t.Errorf("after the faults: %v", err)
	}
	if n := len(s.Calls("sendMessage")); n != 5 {
		t.Errorf("%d calls recorded, want 5", n)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestParseHTML(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{`<b>a</b> &lt;b&gt; &amp; &quot; &#39; &#x1F600;`, `a <b> & " ' 😀`, ""},
		{`<a href="https://x.id/?q=&quot;">t</a>`, "t", ""},
		{`<a>t</a>`, "", "a without href"},
		{`<a href="x"y">t</a>`, "", "bad attribute"},
		{`a > b`, "", "unescaped >"},
		{`a & b`, "", "unescaped &"},
		{`<b>a`, "", "unclosed tags"},
	}
	for _, tt := range tests {
		got, err := telegramtest.ParseHTML(tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseHTML(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
	if n := telegramtest.Len("a😀é"); n != 4 {
		t.Errorf("Len = %d, want 4", n)
	}
}
