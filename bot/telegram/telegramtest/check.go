package telegramtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// MaxMessage is the most a message's text may show: 4096 UTF-16 code
// units, counted after its markup is parsed.
const MaxMessage = 4096

// Len counts as Telegram counts the length of a text: in UTF-16 code units.
func Len(s string) int { return len(utf16.Encode([]rune(s))) }

// htmlTags are the tags parse_mode HTML supports.
var htmlTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true, "strike": true,
	"del": true, "a": true, "code": true, "pre": true, "blockquote": true, "tg-spoiler": true, "span": true,
	"tg-emoji": true,
}

// ParseHTML reads text as the Bot API reads parse_mode HTML, strictly: the
// tags it supports, properly nested, an <a> with an href, and only the
// entities &lt; &gt; &amp; &quot; and numeric ones; any other "<", ">" or
// "&" is an error, as it is for Telegram ("can't parse entities"). It
// returns the text shown.
func ParseHTML(s string) (string, error) {
	var text strings.Builder
	var open []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", fmt.Errorf("unclosed start tag at byte %d", i)
			}
			tag := s[i+1 : i+j]
			closing := strings.HasPrefix(tag, "/")
			name, attrs, _ := strings.Cut(strings.TrimPrefix(tag, "/"), " ")
			if !htmlTags[name] {
				return "", fmt.Errorf("unsupported start tag %q at byte %d", name, i)
			}
			if closing {
				if len(open) == 0 || open[len(open)-1] != name {
					return "", fmt.Errorf("unmatched end tag %q at byte %d", name, i)
				}
				open = open[:len(open)-1]
			} else {
				if name == "a" && !strings.HasPrefix(attrs, `href="`) {
					return "", fmt.Errorf("a without href at byte %d", i)
				}
				if strings.ContainsAny(strings.TrimSuffix(strings.TrimPrefix(attrs, `href="`), `"`), `"<>`) {
					return "", fmt.Errorf("bad attribute %q at byte %d", attrs, i)
				}
				open = append(open, name)
			}
			i += j + 1
		case '&':
			j := strings.IndexByte(s[i:], ';')
			if j < 0 {
				return "", fmt.Errorf("unescaped & at byte %d", i)
			}
			r, err := entity(s[i+1 : i+j])
			if err != nil {
				return "", fmt.Errorf("byte %d: %w", i, err)
			}
			text.WriteRune(r)
			i += j + 1
		case '>':
			return "", fmt.Errorf("unescaped > at byte %d", i)
		default:
			text.WriteByte(s[i])
			i++
		}
	}
	if len(open) > 0 {
		return "", fmt.Errorf("unclosed tags %v", open)
	}
	return text.String(), nil
}

func entity(name string) (rune, error) {
	switch name {
	case "lt":
		return '<', nil
	case "gt":
		return '>', nil
	case "amp":
		return '&', nil
	case "quot":
		return '"', nil
	}
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		if hex, ok := strings.CutPrefix(num, "x"); ok {
			num, base = hex, 16
		}
		if n, err := strconv.ParseInt(num, base, 32); err == nil {
			return rune(n), nil
		}
	}
	return 0, errors.New("unsupported entity &" + name + ";")
}

// checkText checks a message's text as Telegram does and returns the text
// it shows.
func checkText(text, parseMode string) (string, error) {
	switch parseMode {
	case "":
	case "HTML":
		var err error
		if text, err = ParseHTML(text); err != nil {
			return "", fmt.Errorf("can't parse entities: %w", err)
		}
	default:
		return "", fmt.Errorf("unsupported parse_mode %q", parseMode) // this fake reads only HTML
	}
	switch n := Len(strings.TrimSpace(text)); {
	case n == 0:
		return "", errors.New("message text is empty")
	case n > MaxMessage:
		return "", errors.New("message is too long")
	}
	return text, nil
}

// A Button is a button of an inline keyboard, as a test reads it.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// Keyboard reads the inline keyboard of a message's reply_markup: its
// rows of buttons, nil for none.
func Keyboard(replyMarkup string) ([][]Button, error) {
	if replyMarkup == "" {
		return nil, nil
	}
	var m struct {
		InlineKeyboard [][]Button `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(replyMarkup), &m); err != nil {
		return nil, fmt.Errorf("reply_markup: %w", err)
	}
	return m.InlineKeyboard, nil
}

// checkKeyboard checks a message's reply_markup, when it has an inline
// keyboard: every button has a text and 1-64 bytes of callback_data.
func checkKeyboard(replyMarkup string) error {
	rows, err := Keyboard(replyMarkup)
	if err != nil {
		return err
	}
	for _, row := range rows {
		for _, b := range row {
			if b.Text == "" {
				return errors.New("BUTTON_TEXT_EMPTY")
			}
			if n := len(b.CallbackData); n < 1 || n > 64 {
				return errors.New("BUTTON_DATA_INVALID")
			}
		}
	}
	return nil
}

// An InlineResult is one result of answerInlineQuery, as a test reads it.
type InlineResult struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Content     struct {
		Text      string `json:"message_text"`
		ParseMode string `json:"parse_mode"`
	} `json:"input_message_content"`
}

// checkInline checks answerInlineQuery's results and next_offset.
func checkInline(results, nextOffset string) error {
	var rs []InlineResult
	if err := json.Unmarshal([]byte(results), &rs); err != nil {
		return fmt.Errorf("results: %w", err)
	}
	if len(rs) > 50 {
		return errors.New("too many results")
	}
	if len(nextOffset) > 64 {
		return errors.New("next_offset is longer than 64 bytes")
	}
	ids := map[string]bool{}
	for _, r := range rs {
		if r.Type != "article" || r.ID == "" || len(r.ID) > 64 || ids[r.ID] || r.Title == "" {
			return fmt.Errorf("bad result %+v", r)
		}
		ids[r.ID] = true
		if _, err := checkText(r.Content.Text, r.Content.ParseMode); err != nil {
			return fmt.Errorf("result %s: %w", r.ID, err)
		}
	}
	return nil
}

// A Command is one entry of a command menu, as setMyCommands takes it.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

var (
	commandName  = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	languageCode = regexp.MustCompile(`^[a-z]{2}$`)
	secretToken  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// checkCommands checks setMyCommands' commands and language_code.
func checkCommands(commands, lang string) error {
	var cs []Command
	if err := json.Unmarshal([]byte(commands), &cs); err != nil {
		return fmt.Errorf("commands: %w", err)
	}
	if len(cs) > 100 {
		return errors.New("too many commands")
	}
	if lang != "" && !languageCode.MatchString(lang) {
		return fmt.Errorf("bad language_code %q", lang)
	}
	for _, c := range cs {
		if !commandName.MatchString(c.Command) {
			return fmt.Errorf("BOT_COMMAND_INVALID: %q", c.Command)
		}
		if n := Len(strings.TrimSpace(c.Description)); n == 0 || n > 256 {
			return fmt.Errorf("BOT_COMMAND_DESCRIPTION_INVALID: %q", c.Description)
		}
	}
	return nil
}
