package bot

import (
	"net/url"
	"unicode/utf16"
)

// TextLen returns the length of s as Discord and Telegram count characters:
// in UTF-16 code units.
func TextLen(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1) // an invalid byte is sent as U+FFFD
	}
	return n
}

// CutText cuts s to at most n characters as TextLen counts them, on a rune
// boundary, ending it with "…" when it cuts.
func CutText(s string, n int) string {
	if TextLen(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	used := 1 // the "…"
	for i, r := range s {
		used += max(utf16.RuneLen(r), 1)
		if used > n {
			return s[:i] + "…"
		}
	}
	return s
}

// WebURL reports whether s is an absolute http or https address: the only
// links the platforms accept.
func WebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
