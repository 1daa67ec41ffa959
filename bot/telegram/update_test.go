package telegram

import (
	"encoding/json"
	"testing"

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
