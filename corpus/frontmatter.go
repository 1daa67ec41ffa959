package corpus

import (
	"strconv"
	"strings"
)

// splitFrontMatter reads the YAML front matter at the start of text, if any:
// a line "---", "key: value" lines, a line "---". Only flat string values are
// read (plain, or in single or double quotes); unknown keys are ignored. A
// text whose front matter never closes has none.
func splitFrontMatter(text string) (Meta, string) {
	text = strings.TrimPrefix(text, "\ufeff")
	first, rest, ok := strings.Cut(text, "\n")
	if !ok || strings.TrimSpace(first) != "---" {
		return Meta{}, text
	}
	var m Meta
	for len(rest) > 0 {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if t := strings.TrimSpace(line); t == "---" || t == "..." {
			return m, rest
		}
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
	return Meta{}, text
}

// yamlScalar returns the string a flat YAML scalar stands for.
func yamlScalar(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
		if s, err := strconv.Unquote(v); err == nil {
			return s
		}
		return v[1 : len(v)-1]
	case len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'':
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	if i := strings.Index(v, " #"); i >= 0 { // a comment
		v = strings.TrimSpace(v[:i])
	}
	return v
}
