package bot

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Segment is a piece of a quote's text, bold where it matched the question.
type Segment struct {
	Text string
	Bold bool
}

// Segments cuts a quote's text at its highlights. Highlights out of range or
// overlapping are skipped, so a bad span can never cut a rune or lose text.
func Segments(q Quote) []Segment {
	var out []Segment
	at := 0
	for _, h := range q.Highlights {
		if h.Start < at || h.End <= h.Start || h.End > len(q.Text) {
			continue
		}
		if h.Start > at {
			out = append(out, Segment{Text: q.Text[at:h.Start]})
		}
		// Join highlights that only a space separates: "**meninggal dunia**".
		if n := len(out); n > 0 && out[n-1].Bold && h.Start == at {
			out[n-1].Text += q.Text[h.Start:h.End]
		} else if n := len(out); n > 1 && out[n-2].Bold && strings.TrimSpace(out[n-1].Text) == "" {
			out[n-2].Text += out[n-1].Text + q.Text[h.Start:h.End]
			out = out[:n-1]
		} else {
			out = append(out, Segment{Text: q.Text[h.Start:h.End], Bold: true})
		}
		at = h.End
	}
	if at < len(q.Text) {
		out = append(out, Segment{Text: q.Text[at:]})
	}
	return out
}

// Style marks up text for an output: bold and how to quote.
type Style struct {
	Bold   func(string) string // nil: no bold
	Escape func(string) string // nil: text as it is
}

// Render writes a quote's text with its matched words in bold.
func (st Style) Render(q Quote) string {
	var b strings.Builder
	for _, s := range Segments(q) {
		t := s.Text
		if st.Escape != nil {
			t = st.Escape(t)
		}
		if s.Bold && st.Bold != nil {
			t = st.Bold(t)
		}
		b.WriteString(t)
	}
	return b.String()
}

// PlainText renders a reply for the terminal. bold may be nil. Control
// characters of the article are dropped, so no text can drive the terminal.
func PlainText(rep Reply, lang string, bold func(string) string) string {
	st := Style{Bold: bold, Escape: DropControl}
	var b strings.Builder
	switch rep.Kind {
	case KindText:
		return rep.Text
	case KindSource:
		return sourceLine(rep.Article, lang)
	case KindAnswer:
		if rep.Abstained {
			b.WriteString(NoAnswerText(lang))
			if rep.Closest != nil {
				fmt.Fprintf(&b, "\n%s (%s):\n  %s", ClosestText(lang), Where(lang, *rep.Closest), Quoted(st.Render(*rep.Closest)))
			}
			return b.String()
		}
	}
	for i, q := range rep.Quotes {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d. %s\n", rep.Offset+i+1, Quoted(st.Render(q)))
		if q.Speaker != "" {
			fmt.Fprintf(&b, "   — %s\n", SpeakerLine(q))
		}
		fmt.Fprintf(&b, "   (%s)\n", Where(lang, q))
	}
	if rep.Article != nil {
		b.WriteString("\n" + sourceLine(rep.Article, lang))
	}
	return strings.TrimRight(b.String(), "\n")
}

// DropControl removes control characters but for tabs and line breaks.
func DropControl(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}

// Quoted puts text in quotation marks, unless it starts with one already.
func Quoted(text string) string {
	if r, _ := utf8.DecodeRuneInString(text); strings.ContainsRune(`"“„«'‘`, r) {
		return text
	}
	return "“" + text + "”"
}

// SpeakerLine names who said a quotation: "Ilham Aliyev, Presiden Republik Azerbaijan".
func SpeakerLine(q Quote) string {
	if q.Role == "" {
		return q.Speaker
	}
	return q.Speaker + ", " + q.Role
}

func sourceLine(a *Article, lang string) string {
	if a == nil {
		return ""
	}
	parts := []string{a.Title}
	if a.Source != "" {
		parts = append(parts, a.Source)
	}
	if a.Published != "" {
		parts = append(parts, a.Published)
	}
	line := SourceText(lang) + ": " + strings.Join(parts, " · ")
	if a.URL != "" {
		line += " <" + a.URL + ">"
	}
	return line
}

// WebURL reports whether s is an absolute http or https address: the only
// links the platforms accept.
func WebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
