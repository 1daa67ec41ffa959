package telegram

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
)

func TestEntityBytes(t *testing.T) {
	text := "👋 @kutipbot apa?"
	tests := []struct {
		offset, length int
		want           string
		ok             bool
	}{
		{3, 9, "@kutipbot", true},
		{0, 2, "👋", true},
		{1, 2, "", false}, // inside a surrogate pair
		{13, 4, "apa?", true},
		{13, 5, "", false},
		{-1, 2, "", false},
		{3, 0, "", false},
	}
	for _, tt := range tests {
		start, end, ok := entityBytes(text, tt.offset, tt.length)
		if ok != tt.ok || ok && text[start:end] != tt.want {
			t.Errorf("entityBytes(%q, %d, %d) = %d, %d, %v; want %q, %v", text, tt.offset, tt.length, start, end, ok, tt.want, tt.ok)
		}
	}
}

func FuzzEntityBytes(f *testing.F) {
	f.Add("👋 @kutipbot apa?", 3, 9)
	f.Add("", 0, 1)
	f.Fuzz(func(t *testing.T, text string, offset, length int) {
		start, end, ok := entityBytes(text, offset, length)
		if !ok {
			return
		}
		if start < 0 || end > len(text) || start >= end {
			t.Fatalf("entityBytes(%q, %d, %d) = %d, %d out of range", text, offset, length, start, end)
		}
		if bot.TextLen(text[:start]) != offset || bot.TextLen(text[start:end]) != length {
			t.Fatalf("entityBytes(%q, %d, %d) = %d, %d: not the entity's code units", text, offset, length, start, end)
		}
	})
}

func TestUnmention(t *testing.T) {
	b := &Bot{}
	b.self.ID, b.self.UserName = telegramtest.BotID, telegramtest.BotUsername
	tests := []struct {
		text string
		ents string
		want string
		ok   bool
	}{
		{"@kutipbot berapa korban?", `[{"type":"mention","offset":0,"length":9}]`, "berapa korban?", true},
		{"berapa korban, @KutipBot?", `[{"type":"mention","offset":15,"length":9}]`, "berapa korban, ?", true},
		{"@otherbot berapa korban?", `[{"type":"mention","offset":0,"length":9}]`, "@otherbot berapa korban?", false},
		{"kutip, berapa?", `[{"type":"text_mention","offset":0,"length":5,"user":{"id":7000000001}}]`, ", berapa?", true},
		{"@kutipbot", `[{"type":"mention","offset":0,"length":99}]`, "@kutipbot", false},
	}
	for _, tt := range tests {
		var m struct {
			Entities json.RawMessage
		}
		m.Entities = json.RawMessage(tt.ents)
		var msg struct {
			Text     string          `json:"text"`
			Entities json.RawMessage `json:"entities"`
		}
		msg.Text, msg.Entities = tt.text, m.Entities
		raw, _ := json.Marshal(map[string]any{"update_id": 1, "message": msg})
		u := parseUpdate(raw)
		if u.bad != nil {
			t.Fatal(u.bad)
		}
		got, ok := b.unmention(tt.text, u.u.Message.Entities)
		if got != tt.want || ok != tt.ok {
			t.Errorf("unmention(%q) = %q, %v; want %q, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzParseUpdates checks that any getUpdates result is read without a
// panic: an update a result's element, in the order of their ids.
func FuzzParseUpdates(f *testing.F) {
	f.Add(`[{"update_id":2,"message":{"message_id":1,"chat":{"id":1,"type":"private"},"text":"x"}},{"update_id":1}]`)
	f.Add(`[{"update_id":3,"message":"not a message"},"not an update",{"update_id":-4}]`)
	f.Add(`{"update_id":1}`)
	f.Fuzz(func(t *testing.T, result string) {
		ups, err := parseUpdates(json.RawMessage(result))
		if err != nil {
			return
		}
		var raws []json.RawMessage
		if err := json.Unmarshal([]byte(result), &raws); err != nil || len(raws) != len(ups) {
			t.Fatalf("%d updates read from %d elements", len(ups), len(raws))
		}
		for i, u := range ups {
			if u.id < 0 || i > 0 && u.id < ups[i-1].id || u.id == 0 && u.bad == nil {
				t.Fatalf("update %d: id %d, bad %v", i, u.id, u.bad)
			}
			u.key()
		}
	})
}

// FuzzRequest checks how any message is read: never a panic; a request
// only for kutip; its text never more than the message's, in order.
func FuzzRequest(f *testing.F) {
	f.Add("👋 @kutipbot Berapa korban?", 3, 9, "supergroup")
	f.Add("/ask@kutipbot Berapa korban?", 0, 13, "group")
	f.Add("/weather\nx@kutip.example", 0, 8, "supergroup")
	f.Add("Berapa korban?", 0, 0, "private")
	svc := newService(f)
	f.Fuzz(func(t *testing.T, text string, offset, length int, chat string) {
		b := &Bot{svc: svc}
		b.self.ID, b.self.UserName = telegramtest.BotID, telegramtest.BotUsername
		m := &tgbotapi.Message{
			MessageID: 1, Text: text, From: &tgbotapi.User{ID: 5}, Chat: &tgbotapi.Chat{ID: -5, Type: chat},
			Entities: []tgbotapi.MessageEntity{{Type: "mention", Offset: offset, Length: length}},
		}
		req, ok := b.request(m)
		if !ok {
			return
		}
		if req.Platform != platform || req.Chat != "telegram:-5" {
			t.Fatalf("request(%q) = %+v", text, req)
		}
		if !subsequence(req.Args, text) {
			t.Fatalf("request(%q) asks %q: not the message's text", text, req.Args)
		}
		_, mentioned := b.unmention(text, m.Entities)
		if chat != "private" && !mentioned && !strings.HasPrefix(strings.TrimSpace(text), "/") {
			t.Fatalf("in a %s, %q was taken for kutip", chat, text)
		}
	})
}

// subsequence reports whether s's runes are found in t, in order.
func subsequence(s, t string) bool {
	rs := []rune(t)
	i := 0
	for _, r := range s {
		for i < len(rs) && rs[i] != r {
			i++
		}
		if i == len(rs) {
			return false
		}
		i++
	}
	return true
}

// BenchmarkUnmention reads a group message of 10,000 mentions of kutip,
// each after an emoji (a surrogate pair), as Telegram's limits allow in a
// caption of entities: the work must grow with the text and its entities,
// not their product.
func BenchmarkUnmention(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			bt := &Bot{}
			bt.self.ID, bt.self.UserName = telegramtest.BotID, telegramtest.BotUsername
			var text strings.Builder
			var ents []tgbotapi.MessageEntity
			for i := range n {
				text.WriteString("👋 @kutipbot ")
				ents = append(ents, tgbotapi.MessageEntity{Type: "mention", Offset: i*13 + 3, Length: 9})
			}
			s := text.String()
			b.ResetTimer()
			for b.Loop() {
				if got, ok := bt.unmention(s, ents); !ok || strings.Contains(got, "@") {
					b.Fatalf("unmention left a mention: %v", ok)
				}
			}
		})
	}
}
