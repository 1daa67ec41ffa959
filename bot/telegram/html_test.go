package telegram

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// parseHTML reads text as the Bot API reads parse_mode HTML, strictly: the
// tags it supports, properly nested, and only the entities &lt; &gt; &amp;
// &quot; and numeric ones; any other "<" or "&" is an error, as it is for
// Telegram ("can't parse entities"). It returns the text shown. It is the
// fake server's check, written apart from split's tokenizer on purpose.
func parseHTML(s string) (string, error) {
	allowed := map[string]bool{"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
		"s": true, "strike": true, "del": true, "a": true, "code": true, "pre": true, "blockquote": true,
		"tg-spoiler": true, "span": true}
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
			if !allowed[name] {
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

// telegramLen counts as Telegram does: UTF-16 code units.
func telegramLen(s string) int { return len(utf16.Encode([]rune(s))) }
