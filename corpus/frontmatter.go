package corpus

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitFrontMatter reads the YAML front matter at the start of text, if any:
// a line "---", "key: value" lines, a line "---". Only flat string values are
// read (plain, or in single or double quotes); unknown keys are ignored. A
// text whose front matter never closes has none.
func splitFrontMatter(text string) (Meta, string) {
	lines, rest, ok := cutFrontMatter(text)
	if !ok {
		return Meta{}, text
	}
	var m Meta
	for line := range strings.SplitSeq(lines, "\n") {
		key, value, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "#") {
			continue
		}
		value = yamlScalar(value)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "title":
			m.Title = value
		case "url", "link":
			m.URL = value
		case "published", "date":
			m.Published = value
		case "language", "lang":
			m.Language = strings.ToLower(value)
		case "author":
			m.Author = value
		case "source":
			m.Source = value
		}
	}
	return m, rest
}

// metaKeys are the front matter keys kutip reads.
var metaKeys = []string{"title", "url", "link", "published", "date", "language", "lang", "author", "source"}

// checkFrontMatter checks that each key kutip reads in front matter lines
// (those between the "---" lines, the first being the file's second line)
// has one plain string for its value, as splitFrontMatter reads it: not a
// list or a mapping ("[broken", "{a: b}"), a block ("|", ">"), an alias or
// a tag, nor an unclosed quotation.
func checkFrontMatter(lines string) error {
	n := 1 // the opening "---"
	for line := range strings.SplitSeq(lines, "\n") {
		n++
		key, value, ok := strings.Cut(line, ":")
		key = strings.ToLower(strings.TrimSpace(key))
		if !ok || strings.HasPrefix(line, " ") || !slices.Contains(metaKeys, key) {
			continue
		}
		if v := cutComment(value); !plainScalar(v) {
			return &FrontMatterError{Line: n, Key: key, Value: v}
		}
	}
	return nil
}

// cutComment trims a front matter value and cuts the comment after it, if
// any: after its closing quotation mark when it is quoted.
func cutComment(v string) string {
	v = strings.TrimSpace(v)
	from := 0
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		from = 1 + closingQuote(v)
	}
	if i := strings.Index(v[from:], " #"); i >= 0 {
		return strings.TrimSpace(v[:from+i])
	}
	return v
}

// closingQuote returns the index of the quotation mark that closes the
// one v starts with, or len(v)-1 when none does: a backslash escapes in
// double quotes, a doubled mark in single ones.
func closingQuote(v string) int {
	q := v[0]
	for i := 1; i < len(v); i++ {
		switch {
		case q == '"' && v[i] == '\\':
			i++
		case v[i] == q && q == '\'' && i+1 < len(v) && v[i+1] == '\'':
			i++
		case v[i] == q:
			return i
		}
	}
	return len(v) - 1
}

// plainScalar reports whether v, a front matter value, is one string as
// yamlScalar reads it: empty, plain, or whole in single or double quotes.
func plainScalar(v string) bool {
	if v == "" {
		return true
	}
	switch v[0] {
	case '[', '{', '|', '>', '&', '*', '!', '%', '@', '`':
		return false
	case '"':
		_, err := strconv.Unquote(v)
		return err == nil
	case '\'':
		return len(v) >= 2 && v[len(v)-1] == '\'' && !strings.Contains(strings.ReplaceAll(v[1:len(v)-1], "''", ""), "'")
	}
	return true
}

// opensFrontMatter reports whether text starts with a "---" line.
func opensFrontMatter(text string) bool {
	first, _, ok := strings.Cut(strings.TrimPrefix(text, "\ufeff"), "\n")
	return ok && strings.TrimSpace(first) == "---"
}

// cutFrontMatter cuts the front matter off text: the lines between its
// "---" lines, and what follows the closing one; ok is false when text has
// no front matter, or one that never closes.
func cutFrontMatter(text string) (lines, rest string, ok bool) {
	if !opensFrontMatter(text) {
		return "", text, false
	}
	_, body, _ := strings.Cut(text, "\n")
	at := 0
	for at < len(body) {
		line, _, _ := strings.Cut(body[at:], "\n")
		next := min(at+len(line)+1, len(body))
		if t := strings.TrimSpace(line); t == "---" || t == "..." {
			return strings.TrimSuffix(body[:at], "\n"), body[next:], true
		}
		at = next
	}
	return "", text, false
}

// yamlScalar returns the string a flat YAML scalar stands for.
func yamlScalar(v string) string {
	v = cutComment(v)
	switch {
	case len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
		if s, err := strconv.Unquote(v); err == nil {
			return s
		}
		return v[1 : len(v)-1]
	case len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'':
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	return v
}

// Markdown returns an article file's text: front matter with m's fields,
// then the paragraphs, a blank line between them. White space in the
// fields and the paragraphs is folded to single spaces, and blank
// paragraphs are left out, so that Parse reads back m and one paragraph
// for each of them, each sentence verbatim.
func Markdown(m Meta, paragraphs []string) string {
	var b strings.Builder
	b.WriteString("---\n")
	for _, f := range []struct{ key, value string }{
		{"title", m.Title}, {"url", m.URL}, {"published", m.Published},
		{"author", m.Author}, {"source", m.Source}, {"language", strings.ToLower(m.Language)},
	} {
		if v := FoldSpace(f.value); v != "" {
			b.WriteString(f.key + ": " + yamlString(v) + "\n")
		}
	}
	b.WriteString("---\n")
	for _, p := range paragraphs {
		if p = FoldSpace(p); p != "" {
			b.WriteString("\n" + p + "\n")
		}
	}
	return b.String()
}

// yamlString writes v as a YAML scalar that yamlScalar reads back as v:
// plain when that is safe, else double-quoted (Go's escapes are YAML's).
func yamlString(v string) string {
	first, _ := utf8.DecodeRuneInString(v)
	plain := (unicode.IsLetter(first) || unicode.IsDigit(first)) &&
		!strings.ContainsAny(v, "\"'\\") &&
		!strings.Contains(v, ": ") && !strings.Contains(v, " #") && !strings.HasSuffix(v, ":") &&
		strings.IndexFunc(v, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) < 0
	switch strings.ToLower(v) {
	case "null", "true", "false", "yes", "no", "on", "off", "~":
		plain = false
	}
	if plain {
		return v
	}
	return strconv.Quote(v)
}
