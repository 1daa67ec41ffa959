package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

func TestPrivateQuestion(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.push(testUpdate(t, "private"))
		h.start(h.config(), newService(t))
		msgs := h.await("sendMessage", 1)
		synctest.Wait()
		m := msgs[0].Form
		if m.Get("chat_id") != "5001" || m.Get("parse_mode") != "HTML" || m.Get("reply_to_message_id") != "" {
			t.Errorf("sendMessage %v: want chat 5001, HTML, no reply in a private chat", m)
		}
		for _, want := range []string{"<blockquote>Sedikitnya 62 <b>orang meninggal</b> dunia", `<i><a href="https://kabar.example/gempa-cianjur#:~:text=Sedikitnya%2062%20orang%20meninggal%20dunia%20dan%20ratusan%20lainnya%20luka%2Dluka.">paragraf 2, kalimat 2</a></i>`, "Sumber: "} {
			if !strings.Contains(m.Get("text"), want) {
				t.Errorf("reply does not hold %q:\n%s", want, m.Get("text"))
			}
		}
		if typing := h.api.Calls("sendChatAction"); len(typing) != 0 {
			t.Errorf("sendChatAction %v: a quick answer needs no typing", typing)
		}
		h.wantConfirmed()
		h.wantSent("sendMessage", 1)
		if logs := h.logs.String(); !strings.Contains(logs, "platform=telegram command=ask chat_id=telegram:5001 outcome=answered") {
			t.Errorf("want Guard's line for the request:\n%s", logs)
		}
	})
}

// menus returns the command menus set, by language_code.
func menus(t *testing.T, calls []telegramtest.Call) map[string][]telegramtest.Command {
	t.Helper()
	out := map[string][]telegramtest.Command{}
	for _, c := range calls {
		var cmds []telegramtest.Command
		if err := json.Unmarshal([]byte(c.Form.Get("commands")), &cmds); err != nil {
			t.Fatal(err)
		}
		out[c.Form.Get("language_code")] = cmds
	}
	return out
}

func TestCommandMenu(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		svc := newService(t)
		h.start(h.config(), svc)
		h.await("deleteWebhook", 1) // long polling deletes a webhook first, after the menu
		got := menus(t, h.api.Calls("setMyCommands"))
		if len(got) != 2 {
			t.Fatalf("command menus for %v, want the default and en", got)
		}
		for code, lang := range map[string]string{"": "id", "en": "en"} {
			var want []telegramtest.Command
			for _, c := range svc.Commands {
				want = append(want, telegramtest.Command{Command: c.Name, Description: c.Description(svc.Catalog, lang)})
			}
			if !slices.Equal(got[code], want) {
				t.Errorf("menu for %q:\n%v\nwant\n%v", code, got[code], want)
			}
		}
		if menu := got[""]; len(menu) != 7 || menu[0].Description != "Tanyakan tentang artikel; kutip menjawab dengan kalimatnya, apa adanya" {
			t.Errorf("default menu %v: want kutip's seven commands in Indonesian", menu)
		}
	})
}

// TestCommandTable adds commands to the table: the menu offers the one
// Telegram takes in every language of the catalog, and a group gets it
// answered without naming the bot.
func TestCommandTable(t *testing.T) {
	cat, err := bot.LoadCatalog(bot.CatalogFiles(), catalogFS(map[string]string{
		"id.json": `{"cmd.ping": "Periksa apakah kutip hidup", "cmd.Ping-Pong": "Nama yang salah", "cmd.long": "` + strings.Repeat("panjang ", 40) + `"}`,
		"en.json": `{"cmd.ping": "Check that kutip is alive"}`,
		"ms.json": `{"_name": "Bahasa Melayu", "cmd.ping": "Semak sama ada kutip hidup"}`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	pong := func(_ *bot.Router, _ context.Context, req bot.Request) (bot.Reply, error) {
		return bot.Reply{Kind: bot.KindText, Text: "pong " + req.Args}, nil
	}
	ping := bot.Command{Name: "ping", Arg: &bot.Arg{Name: "word"}, Handle: pong}
	badName := bot.Command{Name: "Ping-Pong", Handle: pong}
	long := bot.Command{Name: "long", Handle: pong}
	cmds := append(bot.DefaultCommands(), ping, badName, long)
	svc := bot.NewRouter(bottest.New(), bot.Options{Commands: cmds, Catalog: cat}).Service()
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.push(1, telegramtest.GroupMessage(1, -100, 601, "/ping halo"))
		h.start(h.config(), svc)
		msgs := h.await("sendMessage", 1)
		got := menus(t, h.api.Calls("setMyCommands"))
		for code, desc := range map[string]string{"": "Periksa apakah kutip hidup", "en": "Check that kutip is alive", "ms": "Semak sama ada kutip hidup"} {
			menu := got[code]
			if i := slices.IndexFunc(menu, func(c telegramtest.Command) bool { return c.Command == "ping" }); i < 0 || menu[i].Description != desc {
				t.Errorf("menu for %q: %v, want /ping: %s", code, menu, desc)
			}
			if len(menu) != 8 {
				t.Errorf("menu for %q has %d commands, want kutip's seven and /ping", code, len(menu))
			}
		}
		if len(got) != 3 {
			t.Errorf("menus for %d languages, want 3", len(got))
		}
		if text := shown(t, msgs[0]); text != "pong halo" || msgs[0].Form.Get("reply_to_message_id") != "10" {
			t.Errorf("/ping in a group: %q, want pong halo in reply", text)
		}
		logs := h.logs.String()
		if n := strings.Count(logs, `msg="command menu: a name Telegram does not take (1-32 of a-z, 0-9, _); left out" platform=telegram command=Ping-Pong`); n != 1 {
			t.Errorf("%d warnings for /Ping-Pong, want one:\n%s", n, logs)
		}
		if n := strings.Count(logs, `left out" platform=telegram command=long lang=`); n != 3 {
			t.Errorf("%d warnings for /long, want one a language:\n%s", n, logs)
		}
	})
}

func TestGroup(t *testing.T) {
	group := func(id int, chat int64, text string) func(*testing.T) (int, string) {
		return func(*testing.T) (int, string) { return id, telegramtest.GroupMessage(id, chat, int64(6000+id), text) }
	}
	file := func(name string) func(*testing.T) (int, string) {
		return func(t *testing.T) (int, string) { return testUpdate(t, name) }
	}
	tests := []struct {
		name    string
		update  func(t *testing.T) (int, string)
		chat    string
		replyTo string // "": no answer
		want    string
	}{
		{"/ask@bot", file("group_command"), "-1001000000001", "21", "Sedikitnya 62 <b>orang meninggal</b>"},
		{"mention", file("group_mention"), "-1001000000002", "31", "Sedikitnya 62 <b>orang meninggal</b>"},
		{"reply to the bot", file("group_reply"), "-1001000000003", "41", "<b>Tidak ada artikel yang menyebutkan hal itu.</b>"},
		{"/quotes", group(10, -10, "/quotes"), "-10", "100", "Pilih artikelnya dulu, lalu ulangi /quotes:"},
		{"/ask", group(11, -11, "/ask "+bottest.Question), "-11", "110", "Sedikitnya 62"},
		{"/start, an alias", group(12, -12, "/start"), "-12", "120", "/ask &lt;pertanyaan&gt;"},
		{"unknown command named", group(13, -13, "/weather@kutipbot"), "-13", "130", "/weather"},
		{"/ask@otherbot", group(20, -20, "/ask@otherbot "+bottest.Question), "-20", "", ""},
		{"plain text", group(21, -21, bottest.Question), "-21", "", ""},
		{"another bot's command", group(22, -22, "/weather Jakarta"), "-22", "", ""},
		{"another bot's command, then an address", group(23, -23, "/weather\nmail x@y"), "-23", "", ""},
		{"another bot's command, an address on the next line", group(24, -24, "/weather\nx@kutip.example"), "-24", "", ""},
		{"another bot's command, a tab", group(25, -25, "/weather\tkutipbot@x"), "-25", "", ""},
	}
	e := bottest.New()
	e.Answers["👋  "+bottest.Question] = e.Answers[bottest.Question] // what is left of the mention's message
	svc := bot.NewRouter(e, bot.Options{}).Service()
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		for _, tt := range tests {
			h.push(tt.update(t))
		}
		h.start(h.config(), svc)
		h.await("sendMessage", 7)
		h.settle()
		byChat := map[string][]telegramtest.Call{}
		for _, c := range h.api.Calls("sendMessage") {
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
		if en := byChat["-1001000000001"]; len(en) == 1 && !strings.Contains(en[0].Form.Get("text"), "paragraph 2") {
			t.Errorf("a user with language_code en got %q", en[0].Form.Get("text"))
		}
		h.wantConfirmed()
	})
}

// inlineAnswers returns the answers to inline queries, by query id.
func inlineAnswers(t *testing.T, calls []telegramtest.Call) map[string][]telegramtest.InlineResult {
	t.Helper()
	out := map[string][]telegramtest.InlineResult{}
	for _, c := range calls {
		if c.Form.Get("cache_time") != "10" || c.Form.Get("is_personal") != "true" {
			t.Errorf("answerInlineQuery %v: want a short cache, personal", c.Form)
		}
		var rs []telegramtest.InlineResult
		if err := json.Unmarshal([]byte(c.Form.Get("results")), &rs); err != nil {
			t.Fatal(err)
		}
		out[c.Form.Get("inline_query_id")] = rs
	}
	return out
}

func TestInlineQuery(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.push(testUpdate(t, "inline_query"))
		h.push(6, telegramtest.InlineQuery(6, "99", 5006, "", "", ""))
		h.push(7, telegramtest.InlineQuery(7, "100", 5007, "en", bottest.Unanswered, ""))
		h.push(8, telegramtest.InlineQuery(8, "101", 5007, "id", bottest.Library, ""))
		picked := bot.NewMemoryChoices() // 5006 asks gempa, 5007 the whole library
		if err := picked.SetArticle(t.Context(), "telegram:5006", "gempa"); err != nil {
			t.Fatal(err)
		}
		h.start(h.config(), bot.NewRouter(bottest.New(), bot.Options{Choices: picked}).Service())
		answers := inlineAnswers(t, h.await("answerInlineQuery", 4))
		// Quotes of the whole library: each result names its article, and
		// the message it sends names it too.
		if lib := answers["101"]; len(lib) != 2 || lib[0].Description != bottest.StormTitle+" · paragraf 1, kalimat 2" ||
			!strings.Contains(lib[1].Content.Text, "Sumber: <a href=\""+bottest.GempaURL+"\">"+bottest.GempaTitle+"</a>") {
			t.Errorf("results for a question of the whole library: %+v", lib)
		}
		asked := answers["4411223344556677"]
		if len(asked) != 2 || !strings.Contains(asked[0].Content.Text, "Sedikitnya 62 <b>orang meninggal</b>") || asked[0].Content.ParseMode != "HTML" {
			t.Fatalf("results for a question: %+v", asked)
		}
		if asked[0].Description != "paragraph 2, sentence 2" || !strings.HasPrefix(asked[0].Title, "Sedikitnya 62") {
			t.Errorf("first result: title %q, description %q", asked[0].Title, asked[0].Description)
		}
		key := answers["99"]
		if len(key) != inlineQuotes || !strings.Contains(key[0].Content.Text, "Kami terus mencari") ||
			key[0].Description != "Suharyanto, Kepala BNPB · paragraf 3, kalimat 3" {
			t.Errorf("an empty query should offer a page of the quotations: %+v", key)
		}
		none := answers["100"]
		if len(none) != 1 || none[0].Title != "No article in the library says." || none[0].Description != bottest.Unanswered ||
			!strings.Contains(none[0].Content.Text, "Gempa bermagnitudo") {
			t.Errorf("an unanswered question: %+v, want one result saying so, with the closest sentence", none)
		}
		if len(h.api.Calls("sendMessage")) != 0 {
			t.Error("an inline query was answered with a message")
		}
	})
}

// TestInlinePaging scrolls through an inline answer: each page asks the
// router for the next, from the next_offset kutip gave.
func TestInlinePaging(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.push(1, telegramtest.InlineQuery(1, "a", 5010, "id", bottest.Many, ""))
		h.push(2, telegramtest.InlineQuery(2, "b", 5010, "id", bottest.Many, "5"))
		h.push(3, telegramtest.InlineQuery(3, "c", 5010, "id", bottest.Many, "bukan angka"))
		h.push(4, telegramtest.PrivateMessage(4, 5011, "en", "/article storm"))
		h.start(h.config(), newService(t))
		h.await("answerInlineQuery", 3)
		h.await("sendMessage", 1)
		h.push(5, telegramtest.InlineQuery(5, "d", 5011, "en", "", "")) // the article the user picked has no quotations
		calls := h.await("answerInlineQuery", 4)
		answers := inlineAnswers(t, calls)
		next := map[string]string{}
		for _, c := range calls {
			next[c.Form.Get("inline_query_id")] = c.Form.Get("next_offset")
		}
		titles := func(rs []telegramtest.InlineResult) (out []string) {
			for _, r := range rs {
				out = append(out, r.ID+" "+r.Title)
			}
			return out
		}
		want := map[string][]string{
			"a": {"0 Kalimat nomor 1 tentang gempa.", "1 Kalimat nomor 2 tentang gempa.", "2 Kalimat nomor 3 tentang gempa.", "3 Kalimat nomor 4 tentang gempa.", "4 Kalimat nomor 5 tentang gempa."},
			"b": {"5 Kalimat nomor 6 tentang gempa.", "6 Kalimat nomor 7 tentang gempa.", "7 Kalimat nomor 8 tentang gempa.", "8 Kalimat nomor 9 tentang gempa.", "9 Kalimat nomor 10 tentang gempa."},
			"d": {"0 A storm hit the coast on Thursday."},
		}
		want["c"] = want["a"]
		wantNext := map[string]string{"a": "5", "b": "", "c": "5", "d": ""} // the router pages up to bot.MaxResults
		for id, w := range want {
			if got := titles(answers[id]); !slices.Equal(got, w) || next[id] != wantNext[id] {
				t.Errorf("query %s: %q, next_offset %q; want %q, %q", id, got, next[id], w, wantNext[id])
			}
		}
	})
}

// quotes is a handler whose every answer is a reply with n long quotes.
func quotes(n int, text string) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, req bot.Request) (bot.Reply, error) {
		rep := bot.Reply{Kind: bot.KindQuotes, Lang: "id", Outcome: bot.Answered,
			Article: &bot.Article{ID: "a", Title: "Judul", URL: "https://example.com/a?x=1&y=2"}}
		for i := range n {
			rep.Quotes = append(rep.Quotes, bot.Quote{Text: fmt.Sprintf("%d. %s", i+1, text), Paragraph: i, Sentence: i})
		}
		return rep, nil
	})
}

func TestLongReply(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.push(1, telegramtest.GroupMessage(1, -500, 601, "/quotes"))
		sentence := strings.Repeat("Kalimat panjang dengan emoji 🕊️ dan tanda < & > di dalamnya. ", 5)
		svc := newService(t)
		svc.Handler = quotes(40, sentence)
		h.start(h.config(), svc)
		h.await("sendMessage", 2)
		h.settle()
		msgs := h.api.Calls("sendMessage")
		var all strings.Builder
		for i, m := range msgs {
			text := shown(t, m)
			if n := telegramtest.Len(text); n > maxMessage {
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
	const title, source = "Judul <b>tebal</b> & <script>alert(1)</script>", "<Sumber>"
	e := bottest.New()
	e.Library[0].Meta.Title, e.Library[0].Meta.Source, e.Library[0].Meta.URL = title, source, "https://example.com/a?b=1&c=2"
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.push(1, telegramtest.PrivateMessage(1, 77, "id", bottest.Markup))
		h.push(2, telegramtest.PrivateMessage(2, 78, "id", "/article"))
		h.push(3, telegramtest.PrivateMessage(3, 79, "id", "/article tebal script"))
		h.push(4, telegramtest.PrivateMessage(4, 80, "id", bottest.Library)) // quotes naming their articles
		h.start(h.config(), bot.NewRouter(e, bot.Options{}).Service())
		msgs := h.await("sendMessage", 4)
		synctest.Wait()
		for _, m := range msgs {
			text := shown(t, m) // the fake refuses what does not parse
			switch m.Form.Get("chat_id") {
			case "77":
				for _, w := range []string{title, source, bottest.NastyText} {
					if !strings.Contains(text, w) {
						t.Errorf("shows %q, want %q verbatim", text, w)
					}
				}
			case "78": // a button's text is plain text: the title as it is
				kb, err := telegramtest.Keyboard(m.Form.Get("reply_markup"))
				if err != nil || len(kb) != 3 || kb[2][0].Text != title || kb[2][0].CallbackData != "article:gempa" {
					t.Errorf("the list's buttons %+v, %v; want the title verbatim on the third", kb, err)
				}
			case "79":
				if text != "Artikel dipilih: "+title {
					t.Errorf("shows %q, want the title verbatim", text)
				}
			case "80":
				if !strings.Contains(text, title+", paragraf 2, kalimat 4") || !strings.Contains(m.Form.Get("text"), `<a href="https://example.com/a?b=1&amp;c=2">`) {
					t.Errorf("shows %q, want the quote's article named verbatim, linked", text)
				}
			}
			if html := m.Form.Get("text"); strings.Contains(html, "<script") || strings.Contains(html, "<b>dia") || strings.Contains(html, "</blockquote> ") {
				t.Errorf("article text became markup: %s", html)
			}
		}
	})
}

// TestTyping: a slow answer shows "typing…" first, sent while the answer
// is being found.
func TestTyping(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		slow := hooked(t, func(context.Context, bot.Request) { time.Sleep(2 * time.Second) })
		h.push(testUpdate(t, "private"))
		start := time.Now()
		h.start(h.config(), slow)
		msgs := h.await("sendMessage", 1)
		synctest.Wait()
		typing := h.api.Calls("sendChatAction")
		if len(typing) != 1 || typing[0].Form.Get("action") != "typing" || typing[0].Form.Get("chat_id") != "5001" || typing[0].Seq > msgs[0].Seq {
			t.Fatalf("sendChatAction %v: want one typing in chat 5001 before the reply", typing)
		}
		if at := typing[0].At.Sub(start); at != typingAfter {
			t.Errorf("typing sent %v after the update came, want %v", at, typingAfter)
		}
		if at := msgs[0].At.Sub(start); at != 2*time.Second {
			t.Errorf("answered %v after the update came, want when the answer was ready, 2s", at)
		}
	})
}

// TestChatsSideBySide: a chat whose answers Telegram's limit of a message
// a second holds back holds up no other chat.
func TestChatsSideBySide(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		for id := 1; id <= 3; id++ {
			h.push(id, telegramtest.PrivateMessage(id, 201, "id", bottest.Question))
		}
		start := time.Now()
		h.start(h.config(), newService(t))
		h.await("sendMessage", 1)
		time.Sleep(100 * time.Millisecond)
		h.push(4, telegramtest.PrivateMessage(4, 202, "id", bottest.Question))
		h.await("sendMessage", 4)
		h.settle()
		at := map[string][]time.Duration{}
		for _, c := range h.api.Calls("sendMessage") {
			at[c.Form.Get("chat_id")] = append(at[c.Form.Get("chat_id")], c.At.Sub(start))
		}
		if got := at["201"]; !slices.Equal(got, []time.Duration{0, time.Second, 2 * time.Second}) {
			t.Errorf("chat 201 answered at %v, want a second apart", got)
		}
		if got := at["202"]; len(got) != 1 || got[0] > 100*time.Millisecond+pollBusyMax {
			t.Errorf("chat 202 answered at %v, want soon after it asked at 100ms", got)
		}
		h.wantConfirmed()
	})
}

// TestOnlyMessagesWait: Telegram's limits are on messages; 40 inline
// queries are all answered at once.
func TestOnlyMessagesWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		for id := 1; id <= 40; id++ {
			h.push(id, telegramtest.InlineQuery(id, strconv.Itoa(id), int64(300+id), "", bottest.Question, ""))
		}
		start := time.Now()
		h.start(h.config(), newService(t))
		answers := h.await("answerInlineQuery", 40)
		if took := answers[39].At.Sub(start); took != 0 {
			t.Errorf("40 inline answers took %v, want no wait", took)
		}
	})
}

func TestRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.Fail("sendMessage", telegramtest.TooMany(3))
		h.push(testUpdate(t, "private"))
		svc := newService(t)
		m := &bottest.Meter{}
		svc.Meter = m
		h.start(h.config(), svc)
		calls := h.await("sendMessage", 2)
		synctest.Wait()
		if wait := calls[1].At.Sub(calls[0].At); wait < 3*time.Second || wait > 4*time.Second {
			t.Errorf("retried after %v, want retry_after's 3s", wait)
		}
		h.wantSent("sendMessage", 2) // one refused, one sent
		h.wantConfirmed()
		if want := `level=WARN msg="rate limited by Telegram (429); waiting" platform=telegram method=sendMessage attempt=1 wait=3s`; !strings.Contains(h.logs.String(), want) {
			t.Errorf("the 429 was not logged as %s", want)
		}
		for _, want := range []string{"call sendMessage 429", "retry sendMessage 429", "call sendMessage 200", "request ask answered"} {
			if !slices.Contains(m.Counted(), want) {
				t.Errorf("the metrics have no %q: %q", want, m.Counted())
			}
		}
		if m.InFlight() != 0 {
			t.Errorf("%d updates still in flight", m.InFlight())
		}
	})
}

// TestReady: the bot is ready while it polls, and not once it stops, or
// while Telegram does not answer.
func TestReady(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		b, err := New(h.config(), newService(t), h.logger())
		if err != nil {
			t.Fatal(err)
		}
		if b.Ready() {
			t.Error("ready before Run")
		}
		stop := h.run(b.Run)
		h.await("getUpdates", 1)
		synctest.Wait()
		if !b.Ready() {
			t.Error("not ready while polling")
		}
		h.api.Fail("getUpdates", telegramtest.BadGateway(), telegramtest.BadGateway())
		h.push(testUpdate(t, "private")) // ends the long poll
		h.await("getUpdates", 3)
		synctest.Wait()
		if b.Ready() {
			t.Error("ready while getUpdates fails")
		}
		h.await("getUpdates", 4)
		synctest.Wait()
		if !b.Ready() {
			t.Error("not ready once Telegram answers again")
		}
		stop()
		if b.Ready() {
			t.Error("ready after Run returned")
		}
	})
}

func TestBadGateway(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.Fail("sendMessage", telegramtest.BadGateway(), telegramtest.BadGateway())
		h.push(testUpdate(t, "private"))
		h.start(h.config(), newService(t))
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
		const fails = 2 * maxAttempts
		for range fails {
			h.api.Fail("sendMessage", telegramtest.BadGateway())
		}
		h.api.Fail("sendMessage", telegramtest.APIError(403, "Forbidden: bot was blocked by the user", 0))
		for id := 1; id <= 3; id++ { // one chat: in order, the first gets the 502s, the second the 403
			h.push(id, telegramtest.Dated(telegramtest.PrivateMessage(id, 41, "id", bottest.Question), time.Now()))
		}
		h.start(h.config(), newService(t))
		h.await("sendMessage", fails+3)
		h.settle()
		h.wantSent("sendMessage", fails+3) // the 502s, the first sent, one refused, one sent
		h.wantConfirmed()
	})
}

// TestReplyGivenUp: a reply that fails for longer than its budget (from
// its message's date: here an old one, from before a restart) is tried
// for replyTry more, then given up with a log line and a metric, and its
// update confirmed; the chat's next update is answered.
func TestReplyGivenUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		svc := newService(t)
		m := &bottest.Meter{}
		svc.Meter = m
		const fails = 10 // more than replyTry lets through: the rest go to the second reply
		for range fails {
			h.api.Fail("sendMessage", telegramtest.BadGateway())
		}
		start := time.Now()
		h.push(1, telegramtest.Dated(telegramtest.PrivateMessage(1, 41, "id", bottest.Question), start.Add(-time.Hour)))
		h.push(2, telegramtest.Dated(telegramtest.PrivateMessage(2, 41, "id", bottest.Question), start))
		h.start(h.config(), svc)
		h.await("sendMessage", fails+1)
		h.settle()
		h.wantSent("sendMessage", fails+1) // the first reply's tries, then the second's, the last one sent
		var gaveUp time.Time
		for _, line := range strings.Split(h.logs.String(), "\n") {
			if strings.Contains(line, "Telegram call given up") {
				gaveUp, _ = time.Parse(time.RFC3339, strings.TrimPrefix(strings.Fields(line)[0], "time="))
			}
		}
		if took := gaveUp.Sub(start); took > replyTry || took < replyTry/2 {
			t.Errorf("the old reply was given up after %v, want about %v", took, replyTry)
		}
		if !strings.Contains(h.logs.String(), "Telegram call given up") || !slices.Contains(m.Counted(), "gave up sendMessage") {
			t.Errorf("no log line or metric says the reply was given up:\n%s", h.logs)
		}
		h.wantConfirmed()
	})
}

func TestPollConnectionDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.Fail("getUpdates", telegramtest.Dropped(), telegramtest.Dropped())
		h.push(testUpdate(t, "private"))
		start := time.Now()
		h.start(h.config(), newService(t))
		msgs := h.await("sendMessage", 1)
		synctest.Wait()
		if wait := msgs[0].At.Sub(start); wait < backoffBase+2*backoffBase {
			t.Errorf("answered %v after start; want two backoffs first", wait)
		}
		h.wantSent("sendMessage", 1)
		logs := h.logs.String()
		if !strings.Contains(logs, "method=getUpdates attempt=2 wait=1s") || !strings.Contains(logs, "polling again") || strings.Contains(logs, testToken) {
			t.Errorf("want the dropped poll logged, without the token:\n%s", logs)
		}
	})
}

// TestPollConflict: another instance polling the same bot ends kutip's
// poll with 409; kutip backs off and polls again.
func TestPollConflict(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.Fail("getUpdates", telegramtest.APIError(http.StatusConflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", 0))
		h.push(testUpdate(t, "private"))
		h.start(h.config(), newService(t))
		h.await("sendMessage", 1)
		if !strings.Contains(h.logs.String(), "Conflict: terminated by other getUpdates request") {
			t.Errorf("the conflict was not logged:\n%s", h.logs)
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
				h.push(1, telegramtest.PrivateMessage(1, 51, "id", bottest.Question))
				stop := h.start(cfg, newService(t))
				h.await("sendMessage", 1)
				if err := stop(); err != nil {
					t.Fatalf("Run: %v", err)
				}
				h.push(2, telegramtest.PrivateMessage(2, 52, "id", bottest.Question))
				h.start(cfg, newService(t))
				msgs := h.await("sendMessage", 2)
				h.settle()
				if len(h.api.Calls("sendMessage")) != 2 || msgs[0].Form.Get("chat_id") != "51" || msgs[1].Form.Get("chat_id") != "52" {
					t.Errorf("after a restart: %d messages, want 51 then 52 answered once each", len(h.api.Calls("sendMessage")))
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
		stuck := hooked(t, func(ctx context.Context, req bot.Request) {
			if req.Chat == "telegram:61" {
				<-ctx.Done() // until the shutdown's grace runs out
			}
		})
		h.push(1, telegramtest.PrivateMessage(1, 61, "id", bottest.Question))
		h.push(2, telegramtest.PrivateMessage(2, 62, "id", bottest.Question))
		stop := h.start(h.config(), stuck)
		h.await("sendMessage", 1)
		start := time.Now()
		if err := stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		if took := time.Since(start); took > shutdownGrace+time.Second {
			t.Errorf("shutdown took %v, want at most the %v grace", took, shutdownGrace)
		}
		if got := h.api.Pending(); !slices.Equal(got, []int{1, 2}) {
			t.Errorf("pending %v: want both, as 1 was not handled", got)
		}
		h.start(h.config(), newService(t))
		h.await("sendMessage", 2)
		h.settle()
		var chats []string
		for _, m := range h.api.Calls("sendMessage") {
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
		slow := hooked(t, func(context.Context, bot.Request) {
			close(started)
			time.Sleep(3 * time.Second)
		})
		h.push(testUpdate(t, "private"))
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
		h.push(1, telegramtest.PrivateMessage(1, 71, "id", bottest.Question))
		h.push(2, `{"update_id":2,"message":"not a message"}`)
		h.push(3, `{"update_id":3,"message":{"message_id":"x","chat":{"id":"y"}}}`)
		h.push(4, `"not an update"`)
		h.push(5, `{"update_id":5,"message":{"message_id":50,"date":1,"chat":{"id":75,"type":"private"},"text":"tanpa pengirim"}}`)
		h.push(6, telegramtest.PrivateMessage(6, 76, "id", bottest.Question))
		h.start(h.config(), newService(t))
		h.await("sendMessage", 2)
		h.settle()
		h.wantSent("sendMessage", 2) // the good updates
		h.wantConfirmed()
		if n := strings.Count(h.logs.String(), "malformed update skipped"); n != 3 {
			t.Errorf("%d malformed updates logged, want 3:\n%s", n, h.logs)
		}
	})
}

// TestPanicApologised: Guard turns a handler's panic into an apology in
// the user's language; the adapter goes on.
func TestPanicApologised(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		boom := hooked(t, func(_ context.Context, req bot.Request) {
			if req.Args == "boom" {
				panic("boom")
			}
		})
		h.push(1, telegramtest.PrivateMessage(1, 81, "en", "boom"))
		h.push(2, telegramtest.PrivateMessage(2, 81, "en", bottest.EnglishQ))
		h.start(h.config(), boom)
		msgs := h.await("sendMessage", 2)
		if !strings.Contains(shown(t, msgs[0]), "Sorry") || !strings.Contains(shown(t, msgs[1]), "62 orang meninggal") {
			t.Errorf("replies %q, %q: want an apology, then an answer", shown(t, msgs[0]), shown(t, msgs[1]))
		}
		if !strings.Contains(h.logs.String(), "panic") {
			t.Error("the panic was not logged")
		}
		h.settle()
		h.wantConfirmed()
	})
}

func TestFloodControl(t *testing.T) {
	for _, tt := range []struct{ lang, notice string }{
		{"en", "Too many questions at once"},
		{"id", "Terlalu banyak pertanyaan"},
		{"", "Terlalu banyak pertanyaan"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				for i := 1; i <= floodRequests+3; i++ {
					h.push(i, telegramtest.PrivateMessage(i, 91, tt.lang, bottest.EnglishQ))
				}
				h.start(h.config(), newService(t))
				h.await("sendMessage", floodRequests+1)
				h.settle()
				msgs := h.api.Calls("sendMessage")
				var notices int
				for _, m := range msgs {
					if strings.Contains(shown(t, m), tt.notice) {
						notices++
					}
				}
				if len(msgs) != floodRequests+1 || notices != 1 {
					t.Errorf("%d messages with %d notices, want %d answers and one notice", len(msgs), notices, floodRequests)
				}
				h.wantConfirmed()
			})
		})
	}
}

// TestFloodBacklog: messages sent at a fair pace while kutip was down come
// at once when it is back, and every one is answered; flood control is
// for messages sent too fast.
func TestFloodBacklog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		const n = 4 * floodRequests
		sent := time.Now().Add(-time.Hour)
		for i := 1; i <= n; i++ {
			at := sent.Add(time.Duration(i) * floodPer / floodRequests)
			h.push(i, telegramtest.Dated(telegramtest.PrivateMessage(i, 91, "en", bottest.EnglishQ), at))
		}
		h.start(h.config(), newService(t))
		h.await("sendMessage", n)
		h.settle()
		for _, m := range h.api.Calls("sendMessage") {
			if strings.Contains(shown(t, m), "Too many questions at once") {
				t.Fatalf("a message of the backlog got the flood notice")
			}
		}
		h.wantSent("sendMessage", n)
		h.wantConfirmed()
	})
}

// TestNewDoesNoIO: New only checks and builds; Run is what calls Telegram,
// getMe first.
func TestNewDoesNoIO(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		b, err := New(h.config(), newService(t), h.logger())
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		if calls, denied := h.api.Calls(""), h.api.Denied(); len(calls) != 0 || len(denied) != 0 {
			t.Fatalf("New called %v %v", calls, denied)
		}
		if logs := h.logs.String(); logs != "" {
			t.Errorf("New logged:\n%s", logs)
		}
		h.run(b.Run)
		if first := h.await("setMyCommands", 1); h.api.Calls("")[0].Method != "getMe" || first[0].Seq < 1 {
			t.Errorf("Run called %v first, want getMe", h.api.Calls("")[0].Method)
		}
	})
	cfg := Config{}
	if _, err := New(cfg, newService(t), slogTo(&bottest.LogBuffer{})); err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("New with no token: %v, want Validate's error", err)
	}
	cfg.Token = testToken
	if _, err := New(cfg, bot.Service{}, slogTo(&bottest.LogBuffer{})); err == nil {
		t.Error("New with no service succeeded")
	}
}

// TestConnectRetried: while getMe fails for a 5xx or the network, Run tries
// again, ever later; then it runs.
func TestConnectRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.api.Fail("getMe", telegramtest.BadGateway(), telegramtest.APIError(500, "Internal Server Error", 0), telegramtest.Dropped())
		h.push(testUpdate(t, "private"))
		h.start(h.config(), newService(t))
		h.await("sendMessage", 1)
		calls := h.api.Calls("getMe")
		if len(calls) != 4 {
			t.Fatalf("getMe called %d times, want 3 failures and a success", len(calls))
		}
		for i, want := range []time.Duration{backoffBase, 2 * backoffBase, 4 * backoffBase} {
			if wait := calls[i+1].At.Sub(calls[i].At); wait != want {
				t.Errorf("try %d came %v after the one before, want %v", i+2, wait, want)
			}
		}
		if n := strings.Count(h.logs.String(), `msg="Telegram call failed; retrying" platform=telegram method=getMe`); n != 3 {
			t.Errorf("%d failures logged, want 3:\n%s", n, h.logs)
		}
	})
}

// TestStopWhileConnecting: a Run stopped while Telegram cannot be reached
// returns nil, having tried with a backoff up to its cap, and called
// nothing else.
func TestStopWhileConnecting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		for range 100 {
			h.api.Fail("getMe", telegramtest.BadGateway())
		}
		stop := h.start(h.config(), newService(t))
		time.Sleep(5 * time.Minute)
		if err := stop(); err != nil {
			t.Errorf("Run stopped while connecting: %v, want nil", err)
		}
		calls := h.api.Calls("")
		if len(calls) < 8 || len(calls) > 20 {
			t.Errorf("%d tries in 5 minutes, want a backoff up to %v", len(calls), backoffMax)
		}
		if last := calls[len(calls)-1].At.Sub(calls[len(calls)-2].At); last != backoffMax {
			t.Errorf("the last tries were %v apart, want the cap %v", last, backoffMax)
		}
		for _, c := range calls {
			if c.Method != "getMe" {
				t.Errorf("called %s before connecting", c.Method)
			}
		}
	})
}

// TestTokenNotLogged: while the network refuses every call, the errors
// logged say why, with the token redacted from their URLs.
func TestTokenNotLogged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		cfg := h.config()
		refused := telegramtest.NewPipe()
		refused.Close() // nothing listens: every dial is refused
		cfg.HTTPClient = refused.Client()
		if s := fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg); strings.Contains(s, testToken) {
			t.Errorf("the config shows the token: %s", s)
		}
		stop := h.start(cfg, newService(t))
		time.Sleep(time.Minute)
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		logs := h.logs.String()
		if strings.Contains(logs, testToken) {
			t.Errorf("the token leaked:\n%s", logs)
		}
		if !strings.Contains(logs, "botREDACTED/getMe") || !strings.Contains(logs, "connection refused") {
			t.Errorf("logs %s: want the cause, the token redacted", logs)
		}
	})
}

func TestTokenRefused(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault telegramtest.Fault
		want  string
	}{
		{"a wrong token", telegramtest.Fault{}, "Unauthorized"},
		{"no such bot", telegramtest.APIError(http.StatusNotFound, "Not Found", 0), "Not Found"},
		{"forbidden", telegramtest.APIError(http.StatusForbidden, "Forbidden: bot was deactivated", 0), "Forbidden"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h := newHarness(t)
				cfg := h.config()
				if tt.fault.Status != 0 {
					h.api.Fail("getMe", tt.fault)
				} else {
					cfg.Token = "1:wrong"
				}
				b, err := New(cfg, newService(t), h.logger())
				if err != nil {
					t.Fatal(err)
				}
				err = b.Run(t.Context())
				if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") || strings.Contains(err.Error(), "wrong") {
					t.Errorf("Run: %v, want a plain word on the token", err)
				}
				if tries := len(h.api.Calls("getMe")) + len(h.api.Denied()); tries != 1 || len(h.api.Calls("")) > 1 {
					t.Errorf("with a refused token the bot called getMe %d times and %v; want once, no retry", tries, h.api.Calls(""))
				}
			})
		})
	}
}

func TestWebhook(t *testing.T) {
	const secret = "s3cret-Token_0123456789"
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		var handled atomic.Int32
		counting := hooked(t, func(context.Context, bot.Request) { handled.Add(1) })
		meter := &bottest.Meter{}
		counting.Meter = meter
		cfg := h.config()
		cfg.WebhookURL, cfg.WebhookListen, cfg.WebhookSecret = "https://kutip.example/telegram/hook", "127.0.0.1:0", secret
		b, err := New(cfg, counting, h.logger())
		if err != nil {
			t.Fatal(err)
		}
		pipe := telegramtest.NewPipe()
		stop := h.run(func(ctx context.Context) error { return b.run(ctx, pipe) })
		set := h.await("setWebhook", 1)[0].Form
		synctest.Wait()
		if !b.Ready() {
			t.Error("not ready once the webhook is set")
		}
		if set.Get("url") != cfg.WebhookURL || set.Get("secret_token") != secret || set.Get("allowed_updates") != `["message","inline_query","callback_query"]` {
			t.Errorf("setWebhook %v", set)
		}
		client := pipe.Client()
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
		if handled.Load() != 0 || len(h.api.Calls("sendMessage")) != 0 {
			t.Fatalf("a forged request was processed")
		}
		// Each refusal is counted; one line in a minute is logged.
		if n := strings.Count(h.logs.String(), "webhook request without the secret refused"); n != 1 {
			t.Errorf("%d log lines for %d refusals, want 1:\n%s", n, len(forged), h.logs)
		}
		if n := strings.Count(strings.Join(meter.Counted(), "\n"), "refused secret"); n != len(forged) {
			t.Errorf("%d refusals counted, want %d", n, len(forged))
		}
		for _, tt := range []struct {
			name, path, body string
			want             int
		}{
			{"malformed", "/telegram/hook", `{"update_id":`, http.StatusBadRequest},
			{"elsewhere", "/other", private, http.StatusNotFound},
		} {
			if code := post("POST", tt.path, secret, tt.body); code != tt.want {
				t.Errorf("%s: status %d, want %d", tt.name, code, tt.want)
			}
		}
		// Telegram's own deliveries: the update, then the same again.
		for _, name := range []string{"genuine", "sent again"} {
			h.push(testUpdate(t, "private"))
			if code, err := h.api.Deliver(t.Context(), client, "http://kutip.test/telegram/hook"); err != nil || code != http.StatusOK {
				t.Errorf("%s: status %d, %v; want 200", name, code, err)
			}
			synctest.Wait() // answered after the response
		}
		if handled.Load() != 1 || len(h.api.Calls("sendMessage")) != 1 {
			t.Errorf("handled %d, sent %d: want the genuine update answered once", handled.Load(), len(h.api.Calls("sendMessage")))
		}
		h.wantConfirmed()
		client.CloseIdleConnections()
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		if len(h.api.Calls("deleteWebhook")) != 0 || len(h.api.Calls("getUpdates")) != 0 {
			t.Error("the webhook was deleted, or polled: updates meanwhile would be lost")
		}
	})
}

// TestWebhookShutdown: at a shutdown the webhook finishes the reply in
// flight and answers 200 for it; an update that comes after is not taken,
// so Telegram keeps it.
func TestWebhookShutdown(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		started := make(chan struct{}, 1)
		slow := hooked(t, func(context.Context, bot.Request) {
			started <- struct{}{}
			time.Sleep(3 * time.Second)
		})
		cfg := h.config()
		cfg.WebhookURL, cfg.WebhookListen, cfg.WebhookSecret = "https://kutip.example/hook", "127.0.0.1:0", "rahasia"
		b, err := New(cfg, slow, h.logger())
		if err != nil {
			t.Fatal(err)
		}
		pipe := telegramtest.NewPipe()
		stop := h.run(func(ctx context.Context) error { return b.run(ctx, pipe) })
		h.await("setWebhook", 1)
		synctest.Wait() // the fake has set it
		h.push(1, telegramtest.PrivateMessage(1, 5001, "id", bottest.Question))
		delivered := make(chan int, 1)
		go func() {
			code, _ := h.api.Deliver(context.Background(), pipe.Client(), "http://kutip.test/hook")
			delivered <- code
		}()
		<-started
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
		if code := <-delivered; code != http.StatusOK {
			t.Errorf("the update in flight got %d, want 200", code)
		}
		h.wantSent("sendMessage", 1)
		h.push(2, telegramtest.PrivateMessage(2, 5002, "id", bottest.Question))
		if code, err := h.api.Deliver(context.Background(), pipe.Client(), "http://kutip.test/hook"); err == nil {
			t.Errorf("an update after the shutdown got %d, want no answer", code)
		}
		if got := h.api.Pending(); !slices.Equal(got, []int{2}) {
			t.Errorf("pending %v, want the update that came after", got)
		}
	})
}

// TestLoopback runs a private question over real loopback sockets, outside
// any bubble, with the bot's own HTTP client, on the real engine.
func TestLoopback(t *testing.T) {
	api := telegramtest.NewServer(t, testToken)
	api.Push(1, telegramtest.PrivateMessage(1, 5001, "id", "Berapa orang yang meninggal?"))
	logs := &bottest.LogBuffer{}
	cfg := Config{Token: testToken, APIEndpoint: api.Endpoint, StateDir: t.TempDir()}
	b, err := New(cfg, bot.NewRouter(qa.New(corpus.Default()), bot.Options{}).Service(), slogTo(logs))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	msgs := api.Await(t, "sendMessage", 1)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].Form.Get("text"), "15 <b>orang meninggal</b>") {
		t.Fatalf("sendMessage calls: %v\nlogs:\n%s", msgs, logs)
	}
	if got := api.Pending(); len(got) != 0 {
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
		{"long polling", func(c *Config) { c.WebhookURL, c.WebhookListen, c.WebhookSecret = "", "", "" }, ""},
		{"a secret without a webhook", func(c *Config) { c.WebhookURL, c.WebhookListen = "", "" }, ""},
		{"an endpoint", func(c *Config) { c.APIEndpoint = "http://127.0.0.1:8081/bot%s/%s" }, ""},
		{"no token", func(c *Config) { c.Token = "" }, "TELEGRAM_BOT_TOKEN"},
		{"a token with a newline", func(c *Config) { c.Token = "1:x\n" }, "TELEGRAM_BOT_TOKEN"},
		{"not a token", func(c *Config) { c.Token = "secret-word" }, "TELEGRAM_BOT_TOKEN"},
		{"an endpoint without the method", func(c *Config) { c.APIEndpoint = "http://127.0.0.1/bot%s" }, "api_endpoint"},
		{"an endpoint with another verb", func(c *Config) { c.APIEndpoint = "http://127.0.0.1/bot%s/%d" }, "api_endpoint"},
		{"an endpoint not on the web", func(c *Config) { c.APIEndpoint = "127.0.0.1/bot%s/%s" }, "api_endpoint"},
		{"a listen address without a webhook", func(c *Config) { c.WebhookURL = "" }, "TELEGRAM_WEBHOOK_URL"},
		{"no listen", func(c *Config) { c.WebhookListen = "" }, "TELEGRAM_WEBHOOK_LISTEN"},
		{"a listen address without a port", func(c *Config) { c.WebhookListen = "localhost" }, "webhook_listen"},
		{"no secret", func(c *Config) { c.WebhookSecret = "" }, "TELEGRAM_WEBHOOK_SECRET"},
		{"bad secret", func(c *Config) { c.WebhookSecret = "a b" }, "TELEGRAM_WEBHOOK_SECRET"},
		{"a secret too long", func(c *Config) { c.WebhookSecret = bot.Secret(strings.Repeat("a", 257)) }, "TELEGRAM_WEBHOOK_SECRET"},
		{"bad URL", func(c *Config) { c.WebhookURL = "kutip.example" }, "not an http(s) address"},
	}
	for _, tt := range tests {
		c := good
		tt.edit(&c)
		err := c.Validate()
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: Validate() = %v, want %q", tt.name, err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), string(c.Token)) && c.Token != "" || c.WebhookSecret != "" && strings.Contains(err.Error(), string(c.WebhookSecret))) {
			t.Errorf("%s: Validate() = %v shows a secret", tt.name, err)
		}
	}
}

// TestArticlePicker chooses an article from /article's buttons: a page of
// the library, newest first, the whole library first; the next page; a
// pick, which the next question and /source follow; back to the library.
func TestArticlePicker(t *testing.T) {
	e := bottest.New()
	e.AddArticles(10)
	synctest.Test(t, func(t *testing.T) {
		h := newHarness(t)
		h.start(h.config(), bot.NewRouter(e, bot.Options{}).Service())
		buttons := func(c telegramtest.Call) [][]telegramtest.Button {
			t.Helper()
			kb, err := telegramtest.Keyboard(c.Form.Get("reply_markup"))
			if err != nil {
				t.Fatal(err)
			}
			return kb
		}
		h.push(1, telegramtest.PrivateMessage(1, 90, "", "/article"))
		list := h.await("sendMessage", 1)[0]
		kb := buttons(list)
		if got := shown(t, list); got != "12 artikel, terbaru dulu:" {
			t.Errorf("the list says %q", got)
		}
		want := [][]telegramtest.Button{
			{{Text: "✓ Seluruh perpustakaan (12 artikel)", CallbackData: "article:0"}},
			{{Text: bottest.StormTitle, CallbackData: "article:storm"}},
			{{Text: bottest.GempaTitle, CallbackData: "article:gempa"}},
		}
		if len(kb) != 10 || !slices.Equal(kb[0], want[0]) || !slices.Equal(kb[1], want[1]) || !slices.Equal(kb[2], want[2]) ||
			kb[8][0].Text != "Laporan pasar nomor 5" || !slices.Equal(kb[9], []telegramtest.Button{{Text: "Berikutnya ›", CallbackData: "articles:8"}}) {
			t.Fatalf("the first page's buttons %+v", kb)
		}

		h.push(2, telegramtest.CallbackQuery(2, "q2", 90, "", 90, 1, "articles:8"))
		page := h.await("editMessageText", 1)[0]
		kb = buttons(page)
		if page.Form.Get("message_id") != "1" || len(kb) != 5 || kb[0][0].Text != "Laporan pasar nomor 4" || kb[3][0].Text != "Laporan pasar nomor 1" ||
			!slices.Equal(kb[4], []telegramtest.Button{{Text: "‹ Sebelumnya", CallbackData: "articles:0"}}) {
			t.Fatalf("the second page: message %s, buttons %+v", page.Form.Get("message_id"), kb)
		}

		h.push(3, telegramtest.CallbackQuery(3, "q3", 90, "", 90, 1, "article:gempa"))
		picked := h.await("editMessageText", 2)[1]
		if got := shown(t, picked); got != "Artikel dipilih: "+bottest.GempaTitle || len(buttons(picked)) != 0 {
			t.Errorf("after the pick the list shows %q with %d rows of buttons", got, len(buttons(picked)))
		}
		toasts := h.await("answerCallbackQuery", 2)
		if got := toasts[1].Form.Get("text"); got != "Artikel dipilih: "+bottest.GempaTitle {
			t.Errorf("the pick's toast %q", got)
		}

		h.push(4, telegramtest.PrivateMessage(4, 90, "", bottest.Question))
		h.push(5, telegramtest.PrivateMessage(5, 90, "", "/source"))
		msgs := h.await("sendMessage", 3)
		if q := e.Asked(); len(q) != 1 || q[0].Article != "gempa" {
			t.Errorf("after the pick the engine was asked %+v, want gempa alone", q)
		}
		if got := shown(t, msgs[2]); !strings.Contains(got, bottest.GempaTitle) || !strings.Contains(got, "satu dari 12") {
			t.Errorf("/source after the pick: %q", got)
		}

		// A storm is in English: so is the pick's reply, and what follows.
		time.Sleep(floodPer) // five messages: no more for a while
		h.push(6, telegramtest.PrivateMessage(6, 90, "", "/article storm coast"))
		if got := shown(t, h.await("sendMessage", 4)[3]); got != "Article chosen: "+bottest.StormTitle {
			t.Errorf("/article storm coast: %q", got)
		}
		h.push(7, telegramtest.PrivateMessage(7, 90, "", "/article c"))
		several := h.await("sendMessage", 5)[4]
		if kb := buttons(several); shown(t, several) != `2 articles match "c"; choose one:` || len(kb) != 2 ||
			kb[0][0] != (telegramtest.Button{Text: "✓ " + bottest.StormTitle, CallbackData: "article:storm"}) {
			t.Errorf("/article c: %q, buttons %+v", shown(t, several), kb)
		}
		h.push(8, telegramtest.CallbackQuery(8, "q8", 90, "", 90, 5, "article:0"))
		if got := shown(t, h.await("editMessageText", 3)[2]); got != "Sekarang bertanya ke seluruh perpustakaan: 12 artikel." {
			t.Errorf("back to the library: %q", got)
		}
		h.push(9, telegramtest.PrivateMessage(9, 90, "", bottest.Library))
		h.await("sendMessage", 6)
		if q := e.Asked(); q[len(q)-1].Article != "" {
			t.Errorf("after /article 0 the engine was asked about %q, want the whole library: %+v", q[len(q)-1].Article, q)
		}
		h.settle()
		h.wantConfirmed()
	})
}
