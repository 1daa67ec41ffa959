package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// shown is what a sendMessage call shows the user: its text, HTML parsed.
func shown(t *testing.T, c apiCall) string {
	t.Helper()
	text, err := parseHTML(c.Form.Get("text"))
	if err != nil {
		t.Fatalf("sendMessage text is not valid HTML: %v", err)
	}
	return text
}

func TestPrivateQuestion(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.push(testUpdate(t, "private"))
		h.start(h.config(), newRouter(t))
		msgs := h.await("sendMessage", 1)
		synctest.Wait()
		m := msgs[0].Form
		if m.Get("chat_id") != "5001" || m.Get("parse_mode") != "HTML" || m.Get("reply_to_message_id") != "" {
			t.Errorf("sendMessage %v: want chat 5001, HTML, no reply in a private chat", m)
		}
		for _, want := range []string{"<blockquote>", "15 <b>orang meninggal</b> dunia", "<i>paragraf 3, kalimat 3</i>", "Sumber: "} {
			if !strings.Contains(m.Get("text"), want) {
				t.Errorf("reply does not hold %q:\n%s", want, m.Get("text"))
			}
		}
		typing := h.api.sent("sendChatAction")
		if len(typing) != 1 || typing[0].Form.Get("action") != "typing" || typing[0].Seq > msgs[0].Seq {
			t.Errorf("sendChatAction %v: want one typing before the reply", typing)
		}
		h.wantConfirmed()
		h.wantSent("sendMessage", 1)
	})
}

func TestCommandMenu(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.start(h.config(), newRouter(t))
		calls := h.await("setMyCommands", 2)
		langs := map[string]string{}
		for _, c := range calls {
			langs[c.Form.Get("language_code")] = c.Form.Get("commands")
		}
		if !strings.Contains(langs[""], `"Tanya tentang artikel"`) || !strings.Contains(langs["en"], `"Ask about the article"`) {
			t.Errorf("command menus %v: want Indonesian by default and English for en", langs)
		}
		for _, cmd := range []string{"ask", "quotes", "quote", "summary", "source", "article", "help"} {
			if !strings.Contains(langs[""], `"command":"`+cmd+`"`) {
				t.Errorf("the menu lacks /%s: %s", cmd, langs[""])
			}
		}
		h.await("deleteWebhook", 1) // long polling deletes a webhook first
	})
}

func TestGroup(t *testing.T) {
	tests := []struct {
		name    string
		update  func(t *testing.T) (int, string)
		chat    string
		replyTo string // "": no answer
		want    string
	}{
		{"/ask@bot", file("group_command"), "-1001000000001", "21", "15 <b>orang meninggal</b>"},
		{"mention", file("group_mention"), "-1001000000002", "31", "15 <b>orang meninggal</b>"},
		{"reply to the bot", file("group_reply"), "-1001000000003", "41", "Ilham Aliyev"},
		{"/quotes", groupText(10, -10, "/quotes"), "-10", "100", "Kami ada dalam langkah"},
		{"/ask@otherbot", groupText(11, -11, "/ask@otherbot Berapa korban?"), "-11", "", ""},
		{"plain text", groupText(12, -12, "Berapa orang yang meninggal?"), "-12", "", ""},
		{"another bot's command", groupText(13, -13, "/weather Jakarta"), "-13", "", ""},
		{"unknown command named", groupText(14, -14, "/weather@kutipbot"), "-14", "140", "/weather"},
	}
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		for _, tt := range tests {
			h.api.push(tt.update(t))
		}
		h.start(h.config(), newRouter(t))
		h.await("sendMessage", 5)
		h.settle()
		byChat := map[string][]apiCall{}
		for _, c := range h.api.sent("sendMessage") {
			byChat[c.Form.Get("chat_id")] = append(byChat[c.Form.Get("chat_id")], c)
		}
		for _, tt := range tests {
			got := byChat[tt.chat]
			switch {
			case tt.replyTo == "" && len(got) > 0:
				t.Errorf("%s: answered %q, want silence", tt.name, got[0].Form.Get("text"))
			case tt.replyTo == "":
			case len(got) != 1:
				t.Errorf("%s: %d answers, want 1", tt.name, len(got))
			case got[0].Form.Get("reply_to_message_id") != tt.replyTo || got[0].Form.Get("allow_sending_without_reply") != "true":
				t.Errorf("%s: replies to %q, want %s", tt.name, got[0].Form.Get("reply_to_message_id"), tt.replyTo)
			case !strings.Contains(got[0].Form.Get("text"), tt.want):
				t.Errorf("%s: answer %q does not hold %q", tt.name, got[0].Form.Get("text"), tt.want)
			}
		}
		if en := byChat["-1001000000001"]; len(en) == 1 && !strings.Contains(en[0].Form.Get("text"), "paragraph 3") {
			t.Errorf("a user with language_code en got %q", en[0].Form.Get("text"))
		}
		h.wantConfirmed()
	})
}

func file(name string) func(t *testing.T) (int, string) {
	return func(t *testing.T) (int, string) { return testUpdate(t, name) }
}

// groupText is a group message update; its message_id is id*10.
func groupText(id int, chat int64, text string) func(*testing.T) (int, string) {
	return func(*testing.T) (int, string) {
		var ents []map[string]any
		if strings.HasPrefix(text, "/") {
			word, _, _ := strings.Cut(text, " ")
			ents = append(ents, map[string]any{"type": "bot_command", "offset": 0, "length": len(word)})
		}
		b, _ := json.Marshal(map[string]any{"update_id": id, "message": map[string]any{
			"message_id": id * 10, "date": 1601280000, "text": text, "entities": ents,
			"from": map[string]any{"id": 6000 + id, "is_bot": false, "first_name": "Anggota"},
			"chat": map[string]any{"id": chat, "title": "Grup", "type": "supergroup"},
		}})
		return id, string(b)
	}
}

func TestInlineQuery(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.push(testUpdate(t, "inline_query"))
		h.api.push(6, `{"update_id":6,"inline_query":{"id":"99","from":{"id":5006,"is_bot":false,"first_name":"Eko"},"query":"","offset":""}}`)
		h.start(h.config(), newRouter(t))
		calls := h.await("answerInlineQuery", 2)
		type result struct {
			Type, ID, Title, Description string
			Content                      struct {
				Text      string `json:"message_text"`
				ParseMode string `json:"parse_mode"`
			} `json:"input_message_content"`
		}
		answers := map[string][]result{}
		for _, c := range calls {
			if c.Form.Get("cache_time") != "10" || c.Form.Get("is_personal") != "true" {
				t.Errorf("answerInlineQuery %v: want a short cache, personal", c.Form)
			}
			var rs []result
			if err := json.Unmarshal([]byte(c.Form.Get("results")), &rs); err != nil {
				t.Fatal(err)
			}
			answers[c.Form.Get("inline_query_id")] = rs
		}
		asked := answers["4411223344556677"]
		if len(asked) == 0 || !strings.Contains(asked[0].Content.Text, "15 <b>orang meninggal</b>") || asked[0].Content.ParseMode != "HTML" {
			t.Fatalf("results for a question: %+v", asked)
		}
		if !strings.Contains(asked[0].Description, "paragraph 3, sentence 3") || !strings.HasPrefix(asked[0].Title, "Diketahui setidaknya 15") {
			t.Errorf("first result: title %q, description %q", asked[0].Title, asked[0].Description)
		}
		key := answers["99"]
		if len(key) == 0 || !slices.ContainsFunc(key, func(r result) bool { return strings.Contains(r.Content.Text, "Kami ada dalam langkah yang tepat") }) {
			t.Errorf("an empty query should offer the key quotations: %+v", key)
		}
		if len(h.api.sent("sendMessage")) != 0 {
			t.Error("an inline query was answered with a message")
		}
	})
}

// routerAfter is the real router, with hook called before each request.
func routerAfter(t *testing.T, hook func(context.Context, bot.Request)) bot.Handler {
	rt := newRouter(t)
	return bot.HandlerFunc(func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		hook(ctx, req)
		return rt.Handle(ctx, req)
	})
}

// quotes is a handler whose every answer is a reply with n long quotes.
func quotes(n int, text string) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		rep := bot.Reply{Kind: bot.KindQuotes, Article: &bot.Article{ID: "a", Title: "Judul", URL: "https://example.com/a?x=1&y=2"}}
		for i := range n {
			rep.Quotes = append(rep.Quotes, bot.Quote{Text: fmt.Sprintf("%d. %s", i+1, text), Paragraph: i, Sentence: i})
		}
		return rep, nil
	})
}

func TestLongReply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		id, raw := groupText(1, -500, "/quotes")(t)
		h.api.push(id, raw)
		sentence := strings.Repeat("Kalimat panjang dengan emoji 🕊️ dan tanda < & > di dalamnya. ", 5)
		h.start(h.config(), quotes(40, sentence))
		h.await("sendMessage", 2)
		h.settle()
		msgs := h.api.sent("sendMessage")
		var all strings.Builder
		for i, m := range msgs {
			text := shown(t, m)
			if n := telegramLen(text); n > maxMessage {
				t.Errorf("message %d is %d UTF-16 code units", i, n)
			}
			if reply := m.Form.Get("reply_to_message_id"); (i == 0) != (reply == "10") {
				t.Errorf("message %d replies to %q", i, reply)
			}
			if i > 0 && m.At.Sub(msgs[i-1].At) < time.Second {
				t.Errorf("messages %d and %d to one chat %v apart", i-1, i, m.At.Sub(msgs[i-1].At))
			}
			all.WriteString(text + "\n")
		}
		for i := range 40 {
			if want := fmt.Sprintf("%d. %s", i+1, strings.TrimSpace(sentence)); !strings.Contains(all.String(), want) {
				t.Fatalf("quote %d is missing or cut", i+1)
			}
		}
		if len(msgs) < 3 {
			t.Errorf("%d messages; the reply is over 3 messages long", len(msgs))
		}
	})
}

func TestArticleEscaping(t *testing.T) {
	c := &corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("nakal", `---
title: "Judul <b>tebal</b> & <script>alert(1)</script>"
url: https://example.com/a?b=1&c=2
source: <Sumber>
---
Panitia menulis: gunakan tag <b>tebal</b> & <i>miring</i> untuk @everyone di grup.

Harga naik 5% & <20 orang datang, kata @here pada akhirnya.`)}}
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.push(1, message(1, 77, "id", "Apa yang ditulis panitia tentang tag untuk everyone?"))
		h.api.push(2, message(2, 78, "id", "/source"))
		h.start(h.config(), bot.NewRouter(qa.New(c), c, nil))
		msgs := h.await("sendMessage", 2)
		synctest.Wait()
		for _, m := range msgs {
			text := shown(t, m) // the fake refuses what does not parse
			var want []string
			if m.Form.Get("chat_id") == "77" {
				want = []string{"Panitia menulis: gunakan tag <b>tebal</b> & <i>miring</i> untuk @everyone di grup."}
			} else {
				want = []string{"Judul <b>tebal</b> & <script>alert(1)</script>", "<Sumber>"}
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("shows %q, want %q verbatim", text, w)
				}
			}
			if html := m.Form.Get("text"); strings.Contains(html, "<script") || strings.Contains(html, "<b>tebal") {
				t.Errorf("article text became markup: %s", html)
			}
		}
	})
}

func TestRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.fail("sendMessage", tooMany(3))
		h.api.push(testUpdate(t, "private"))
		h.start(h.config(), newRouter(t))
		calls := h.await("sendMessage", 2)
		synctest.Wait()
		if wait := calls[1].At.Sub(calls[0].At); wait < 3*time.Second || wait > 4*time.Second {
			t.Errorf("retried after %v, want retry_after's 3s", wait)
		}
		h.wantSent("sendMessage", 2) // one refused, one sent
		h.wantConfirmed()
	})
}

func TestBadGateway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.fail("sendMessage", badGateway, badGateway)
		h.api.push(testUpdate(t, "private"))
		h.start(h.config(), newRouter(t))
		calls := h.await("sendMessage", 3)
		synctest.Wait()
		h.wantSent("sendMessage", 3) // two failed, one sent
		first, second := calls[1].At.Sub(calls[0].At), calls[2].At.Sub(calls[1].At)
		if first < backoffBase || second < 2*backoffBase {
			t.Errorf("retried after %v then %v, want a growing backoff from %v", first, second, backoffBase)
		}
		if !strings.Contains(h.logs.String(), "502 Bad Gateway") {
			t.Errorf("the 502 was not logged:\n%s", h.logs)
		}
	})
}

func TestFailedForGood(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		for range maxAttempts {
			h.api.fail("sendMessage", badGateway)
		}
		h.api.fail("sendMessage", fault{status: 403, body: `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`})
		for id := 1; id <= 3; id++ { // one chat: in order, the first gets the 502s, the second the 403
			h.api.push(id, message(id, 41, "id", "Berapa orang yang meninggal?"))
		}
		h.start(h.config(), newRouter(t))
		h.await("sendMessage", maxAttempts+2)
		h.settle()
		h.wantSent("sendMessage", maxAttempts+2) // maxAttempts tries, one refused, one sent
		h.wantConfirmed()
	})
}

func TestPollConnectionDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.fail("getUpdates", fault{drop: true}, fault{drop: true})
		h.api.push(testUpdate(t, "private"))
		start := time.Now()
		h.start(h.config(), newRouter(t))
		msgs := h.await("sendMessage", 1)
		synctest.Wait()
		if wait := msgs[0].At.Sub(start); wait < backoffBase+2*backoffBase {
			t.Errorf("answered %v after start; want two backoffs first", wait)
		}
		h.wantSent("sendMessage", 1)
		logs := h.logs.String()
		if !strings.Contains(logs, "get updates failed") || strings.Contains(logs, testToken) {
			t.Errorf("want the dropped poll logged, without the token:\n%s", logs)
		}
	})
}

func TestRestart(t *testing.T) {
	for _, state := range []bool{true, false} {
		t.Run(fmt.Sprintf("state=%v", state), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				cfg := h.config()
				if !state {
					cfg.StateDir = ""
				}
				h.api.push(1, message(1, 51, "id", "Berapa orang yang meninggal?"))
				stop := h.start(cfg, newRouter(t))
				h.await("sendMessage", 1)
				if err := stop(); err != nil {
					t.Fatalf("Run: %v", err)
				}
				h.api.push(2, message(2, 52, "id", "Berapa orang yang meninggal?"))
				h.start(cfg, newRouter(t))
				msgs := h.await("sendMessage", 2)
				h.settle()
				if len(h.api.sent("sendMessage")) != 2 || msgs[0].Form.Get("chat_id") != "51" || msgs[1].Form.Get("chat_id") != "52" {
					t.Errorf("after a restart: %d messages, want 51 then 52 answered once each", len(h.api.sent("sendMessage")))
				}
			})
		})
	}
}

// TestRestartMidBatch stops the bot while the first update of a batch hangs
// and the second is answered: the restarted bot answers the first, and not
// the second again.
func TestRestartMidBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		stuck := routerAfter(t, func(ctx context.Context, req bot.Request) {
			if req.Chat == "telegram:61" {
				<-ctx.Done() // until the shutdown's grace runs out
			}
		})
		h.api.push(1, message(1, 61, "id", "Berapa orang yang meninggal?"))
		h.api.push(2, message(2, 62, "id", "Berapa orang yang meninggal?"))
		stop := h.start(h.config(), stuck)
		h.await("sendMessage", 1)
		start := time.Now()
		if err := stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if took := time.Since(start); took > shutdownGrace+time.Second {
			t.Errorf("shutdown took %v, want at most the %v grace", took, shutdownGrace)
		}
		if got := h.api.pending(); !slices.Equal(got, []int{1, 2}) {
			t.Errorf("pending %v: want both, as 1 was not handled", got)
		}
		h.start(h.config(), newRouter(t))
		h.await("sendMessage", 2)
		h.settle()
		var chats []string
		for _, m := range h.api.sent("sendMessage") {
			chats = append(chats, m.Form.Get("chat_id"))
		}
		if !slices.Equal(chats, []string{"62", "61"}) {
			t.Errorf("answers went to %v, want 62 before the restart and 61 after", chats)
		}
		h.wantConfirmed()
	})
}

func TestShutdownFinishesReplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		started := make(chan struct{})
		slow := routerAfter(t, func(context.Context, bot.Request) {
			close(started)
			time.Sleep(3 * time.Second)
		})
		h.api.push(testUpdate(t, "private"))
		stop := h.start(h.config(), slow)
		<-started
		if err := stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		h.wantSent("sendMessage", 1) // the reply in flight
		h.wantConfirmed()
	})
}

func TestMalformedUpdate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.push(1, message(1, 71, "id", "Berapa orang yang meninggal?"))
		h.api.push(2, `{"update_id":2,"message":"not a message"}`)
		h.api.push(3, `{"update_id":3,"message":{"message_id":"x","chat":{"id":"y"}}}`)
		h.api.push(4, `"not an update"`)
		h.api.push(5, `{"update_id":5,"message":{"message_id":50,"date":1,"chat":{"id":75,"type":"private"},"text":"tanpa pengirim"}}`)
		h.api.push(6, message(6, 76, "id", "Berapa orang yang meninggal?"))
		h.start(h.config(), newRouter(t))
		h.await("sendMessage", 2)
		h.settle()
		h.wantSent("sendMessage", 2) // the good updates
		h.wantConfirmed()
		if n := strings.Count(h.logs.String(), "malformed update skipped"); n != 3 {
			t.Errorf("%d malformed updates logged, want 3:\n%s", n, h.logs)
		}
	})
}

func TestPanicRecovered(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		boom := routerAfter(t, func(_ context.Context, req bot.Request) {
			if req.Args == "boom" {
				panic("boom")
			}
		})
		h.api.push(1, message(1, 81, "en", "boom"))
		h.api.push(2, message(2, 81, "en", "Berapa orang yang meninggal?"))
		h.start(h.config(), boom)
		msgs := h.await("sendMessage", 2)
		if !strings.Contains(shown(t, msgs[0]), "Sorry") || !strings.Contains(shown(t, msgs[1]), "15 orang meninggal") {
			t.Errorf("replies %q, %q: want an apology, then an answer", shown(t, msgs[0]), shown(t, msgs[1]))
		}
		if !strings.Contains(h.logs.String(), "panic") {
			t.Error("the panic was not logged")
		}
	})
}

func TestFloodControl(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		for i := 1; i <= floodRequests+3; i++ {
			h.api.push(i, message(i, 91, "en", "How many people died?"))
		}
		h.start(h.config(), newRouter(t))
		h.await("sendMessage", floodRequests+1)
		h.settle()
		msgs := h.api.sent("sendMessage")
		var notices int
		for _, m := range msgs {
			if strings.Contains(shown(t, m), "Too many questions") {
				notices++
			}
		}
		if len(msgs) != floodRequests+1 || notices != 1 {
			t.Errorf("%d messages with %d notices, want %d answers and one notice", len(msgs), notices, floodRequests)
		}
		h.wantConfirmed()
	})
}

func TestTokenNotLogged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		cfg := h.config()
		pn := newPipeNet()
		pn.Close() // nothing listens: every dial is refused
		cfg.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: pn.dial}}
		_, err := New(t.Context(), h.logger(), cfg, newRouter(t))
		if err == nil {
			t.Fatal("New succeeded with no server")
		}
		if strings.Contains(err.Error(), testToken) || strings.Contains(h.logs.String(), testToken) {
			t.Errorf("the token leaked:\nerr: %v\nlogs: %s", err, h.logs)
		}
		if !strings.Contains(err.Error(), "REDACTED") || !strings.Contains(err.Error(), "connection refused") {
			t.Errorf("error %q: want the cause, the token redacted", err)
		}
	})
}

func TestTokenRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		cfg := h.config()
		cfg.Token = "1:wrong"
		_, err := New(t.Context(), h.logger(), cfg, newRouter(t))
		if err == nil || !strings.Contains(err.Error(), "Unauthorized") || strings.Contains(err.Error(), "wrong") {
			t.Errorf("New with a wrong token: %v", err)
		}
		h.api.mu.Lock()
		denied := slices.Clone(h.api.denied)
		h.api.mu.Unlock()
		if !slices.Equal(denied, []string{"getMe"}) {
			t.Errorf("with a refused token the bot called %q, want getMe once and no retry", denied)
		}
	})
}

func TestWebhook(t *testing.T) {
	const secret = "s3cret-Token_0123456789"
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		var handled atomic.Int32
		counting := routerAfter(t, func(context.Context, bot.Request) { handled.Add(1) })
		cfg := h.config()
		cfg.WebhookURL, cfg.WebhookListen, cfg.WebhookSecret = "https://kutip.example/telegram/hook", "127.0.0.1:0", secret
		b, err := New(t.Context(), h.logger(), cfg, counting)
		if err != nil {
			t.Fatal(err)
		}
		pn := newPipeNet()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- b.serveWebhook(ctx, pn) }()
		set := h.await("setWebhook", 1)[0].Form
		if set.Get("url") != cfg.WebhookURL || set.Get("secret_token") != secret || set.Get("allowed_updates") != `["message","inline_query"]` {
			t.Errorf("setWebhook %v", set)
		}
		client := &http.Client{Transport: &http.Transport{DialContext: pn.dial}}
		_, private := testUpdate(t, "private")
		post := func(method, path, token, body string) int {
			req := httptest.NewRequestWithContext(t.Context(), method, "http://kutip.test"+path, strings.NewReader(body))
			req.RequestURI = ""
			if token != "" {
				req.Header.Set(secretHeader, token)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		forged := []struct {
			name, method, path, token string
		}{
			{"no secret", "POST", "/telegram/hook", ""},
			{"wrong secret", "POST", "/telegram/hook", "s3cret-Token_0123456788"},
			{"a prefix of the secret", "POST", "/telegram/hook", secret[:5]},
			{"the secret and more", "POST", "/telegram/hook", secret + "x"},
			{"GET, no secret", "GET", "/telegram/hook", ""},
			{"elsewhere, no secret", "POST", "/", ""},
		}
		for _, f := range forged {
			if code := post(f.method, f.path, f.token, private); code != http.StatusUnauthorized {
				t.Errorf("%s: status %d, want 401", f.name, code)
			}
		}
		if handled.Load() != 0 || len(h.api.sent("sendMessage")) != 0 {
			t.Fatalf("a forged request was processed")
		}
		for _, tt := range []struct {
			name, path, body string
			want             int
		}{
			{"malformed", "/telegram/hook", `{"update_id":`, http.StatusBadRequest},
			{"elsewhere", "/other", private, http.StatusNotFound},
			{"genuine", "/telegram/hook", private, http.StatusOK},
			{"sent again", "/telegram/hook", private, http.StatusOK},
		} {
			if code := post("POST", tt.path, secret, tt.body); code != tt.want {
				t.Errorf("%s: status %d, want %d", tt.name, code, tt.want)
			}
		}
		if handled.Load() != 1 || len(h.api.sent("sendMessage")) != 1 {
			t.Errorf("handled %d, sent %d: want the genuine update answered once", handled.Load(), len(h.api.sent("sendMessage")))
		}
		client.CloseIdleConnections()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serveWebhook: %v", err)
		}
		if len(h.api.sent("deleteWebhook")) != 0 {
			t.Error("the webhook was deleted at shutdown: updates meanwhile would be lost")
		}
	})
}

// TestLoopback runs a private question over real loopback sockets, outside
// any bubble, with the bot's own HTTP client.
func TestLoopback(t *testing.T) {
	f := newFakeAPI(t)
	srv := httptest.NewServer(f)
	defer srv.Close()
	id, raw := testUpdate(t, "private")
	f.push(id, raw)
	logs := &syncBuffer{}
	cfg := Config{Token: testToken, APIEndpoint: srv.URL + "/bot%s/%s"}
	b, err := New(t.Context(), slogTo(logs), cfg, newRouter(t))
	if err != nil {
		t.Fatal(err)
	}
	if b.Username() != "kutipbot" {
		t.Errorf("Username = %q", b.Username())
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for len(f.sent("sendMessage")) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if msgs := f.sent("sendMessage"); len(msgs) != 1 || !strings.Contains(msgs[0].Form.Get("text"), "15 <b>orang meninggal</b>") {
		t.Fatalf("sendMessage calls: %v\nlogs:\n%s", msgs, logs)
	}
	if got := f.pending(); len(got) != 0 {
		t.Errorf("update %v not confirmed at shutdown", got)
	}
}

func TestConfig(t *testing.T) {
	good := Config{Token: "1:x", WebhookURL: "https://x.example/hook", WebhookListen: ":8443", WebhookSecret: "abc_DEF-1"}
	tests := []struct {
		name string
		edit func(*Config)
		want string // in the error; "" for none
	}{
		{"webhook", func(*Config) {}, ""},
		{"long polling", func(c *Config) { c.WebhookURL, c.WebhookSecret = "", "" }, ""},
		{"no token", func(c *Config) { c.Token = "" }, "TELEGRAM_BOT_TOKEN"},
		{"no listen", func(c *Config) { c.WebhookListen = "" }, "TELEGRAM_WEBHOOK_LISTEN"},
		{"no secret", func(c *Config) { c.WebhookSecret = "" }, "TELEGRAM_WEBHOOK_SECRET"},
		{"bad secret", func(c *Config) { c.WebhookSecret = "a b" }, "TELEGRAM_WEBHOOK_SECRET"},
		{"bad URL", func(c *Config) { c.WebhookURL = "kutip.example" }, "not an http(s) address"},
	}
	for _, tt := range tests {
		c := good
		tt.edit(&c)
		err := c.validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: validate() = %v, want %q", tt.name, err, tt.want)
		}
	}
}
