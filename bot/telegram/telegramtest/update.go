package telegramtest

import (
	"encoding/json"
	"time"
	"unicode/utf16"
)

// PrivateMessage is the JSON of an update with update_id id: a message of
// text from user in their private chat with the bot, its message_id
// id*10; lang is the user's language_code ("" for none).
func PrivateMessage(id int, user int64, lang, text string) string {
	from := map[string]any{"id": user, "is_bot": false, "first_name": "Pengguna"}
	if lang != "" {
		from["language_code"] = lang
	}
	return message(id, text, from, map[string]any{"id": user, "first_name": "Pengguna", "type": "private"})
}

// GroupMessage is the JSON of an update with update_id id: a message of
// text from user in the supergroup chat (a negative id), its message_id
// id*10. A command that starts it is marked as Telegram's clients mark
// one, with a bot_command entity.
func GroupMessage(id int, chat, user int64, text string) string {
	from := map[string]any{"id": user, "is_bot": false, "first_name": "Anggota"}
	return message(id, text, from, map[string]any{"id": chat, "title": "Grup", "type": "supergroup"})
}

// InlineQuery is the JSON of an update with update_id id: the inline query
// queryID from user, its text query and offset.
func InlineQuery(id int, queryID string, user int64, lang, query, offset string) string {
	from := map[string]any{"id": user, "is_bot": false, "first_name": "Pengguna"}
	if lang != "" {
		from["language_code"] = lang
	}
	b, _ := json.Marshal(map[string]any{"update_id": id, "inline_query": map[string]any{
		"id": queryID, "from": from, "query": query, "offset": offset, "chat_type": "sender",
	}})
	return string(b)
}

// CallbackQuery is the JSON of an update with update_id id: user, whose
// language_code is lang, pressed a button with data under message
// messageID of chat (the user's own id for a private chat).
func CallbackQuery(id int, queryID string, user int64, lang string, chat int64, messageID int, data string) string {
	from := map[string]any{"id": user, "is_bot": false, "first_name": "Pengguna"}
	if lang != "" {
		from["language_code"] = lang
	}
	kind := "private"
	if chat < 0 {
		kind = "supergroup"
	}
	msg := map[string]any{"message_id": messageID, "date": 1601280000, "text": "…",
		"from": map[string]any{"id": BotID, "is_bot": true, "first_name": "kutip", "username": BotUsername},
		"chat": map[string]any{"id": chat, "type": kind}}
	b, _ := json.Marshal(map[string]any{"update_id": id, "callback_query": map[string]any{
		"id": queryID, "from": from, "message": msg, "chat_instance": "-1", "data": data,
	}})
	return string(b)
}

func message(id int, text string, from, chat map[string]any) string {
	m := map[string]any{"message_id": id * 10, "date": 1601280000, "text": text, "from": from, "chat": chat}
	if n := commandLen(text); n > 0 {
		m["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": n}}
	}
	b, _ := json.Marshal(map[string]any{"update_id": id, "message": m})
	return string(b)
}

// commandLen is the length, in UTF-16 code units, of the command that
// starts text ("/ask@kutipbot"), 0 for none.
func commandLen(text string) int {
	if len(text) < 2 || text[0] != '/' {
		return 0
	}
	n := 1
	for _, r := range text[1:] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '@') {
			break
		}
		n += utf16.RuneLen(r)
	}
	if n == 1 {
		return 0
	}
	return n
}

// Dated is the update raw with its message's date set to t, as a message
// sent then; an update without a message is returned as it is.
func Dated(raw string, t time.Time) string {
	var u map[string]json.RawMessage
	var m map[string]any
	if json.Unmarshal([]byte(raw), &u) != nil || json.Unmarshal(u["message"], &m) != nil {
		return raw
	}
	m["date"] = t.Unix()
	u["message"], _ = json.Marshal(m)
	b, _ := json.Marshal(u)
	return string(b)
}
