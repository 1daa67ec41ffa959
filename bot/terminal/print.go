package terminal

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode"

	"golang.org/x/term"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/qa"
)

// ANSI's bold, and back to normal.
const (
	boldOn  = "\x1b[1m"
	boldOff = "\x1b[0m"
)

// Markup is the terminal's markup: bot.PlainMarkup, with every control
// character but tabs and line breaks dropped from the text, so that no
// article can drive the terminal (no escape sequence, no bell, no carriage
// return over a line), and, with color, ANSI bold.
func Markup(color bool) bot.Markup {
	m := bot.PlainMarkup()
	m.Escape = dropControl
	if color {
		m.Bold = func(s string) string { return boldOn + s + boldOff }
	}
	return m
}

// dropControl removes control characters but tabs and line breaks, and
// the bidirectional controls (overrides, isolates, marks), which would
// reorder what follows them on the screen; an invalid byte becomes U+FFFD, each byte one.
func dropControl(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// Print writes a reply as the chat shows it, in the bot's words from cat,
// then a line break; color shows matched words in ANSI bold, and a width
// of minWidth columns or more wraps its lines as Wrap does (0: not at all).
func Print(w io.Writer, cat *bot.Catalog, rep bot.Reply, color bool, width int) error {
	r := bot.Renderer{Catalog: cat, Markup: Markup(color)}
	_, err := io.WriteString(w, Wrap(r.Render(rep).String(), width)+"\n")
	return err
}

// Width returns the columns of the terminal w is, less one (a line that
// fills the last column makes some terminals wrap the cursor), or 0 when w
// is not a terminal.
func Width(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !IsTerminal(f) {
		return 0
	}
	cols, _, err := term.GetSize(int(f.Fd()))
	if err != nil || cols < 1 {
		return 0
	}
	return cols - 1
}

// PrintExplain writes how each quote of a reply asked with Explain was
// scored: how the question was read (the words normalized, translated or
// corrected), then for each quote where it stands, a table of what each
// question term matched and added, and how the score was built from its
// factors. It writes a blank
// line before each quote, to follow Print.
func PrintExplain(w io.Writer, rep bot.Reply) error {
	bw := bufio.NewWriter(w)
	if len(rep.Rewrites) > 0 {
		fmt.Fprint(bw, "\nread as:")
		for _, r := range rep.Rewrites {
			fmt.Fprintf(bw, " %s → %s (%s);", dropControl(r.From), dropControl(r.To), dropControl(r.How))
		}
		fmt.Fprintln(bw)
	}
	for i, q := range rep.Quotes {
		fmt.Fprintf(bw, "\n#%d score %.3f (%s, paragraph %d, sentence %d)\n",
			rep.Offset+i+1, q.Score, dropControl(q.Article), q.Paragraph+1, q.Sentence+1)
		tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  term\tmatched\thow\tweight")
		for _, p := range q.Explain {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%.3f\n", dropControl(p.Term), dropControl(p.Match), dropControl(p.How), p.Weight)
		}
		tw.Flush() // into bw, whose Flush reports a failed write
		fmt.Fprintf(bw, "  score: %s\n", scoreSum(q.Factors))
	}
	return bw.Flush()
}

// scoreSum says how a score was built: "(4.200 words + 0.300 paragraph) ×
// 1.200 paragraph start".
func scoreSum(fs []qa.Factor) string {
	var b strings.Builder
	lastAdd := 0 // the bracket closes after the last part added
	for i, f := range fs {
		if f.Op == "+" {
			lastAdd = i
		}
	}
	if lastAdd > 0 {
		b.WriteString("(")
	}
	for i, f := range fs {
		if i > 0 {
			fmt.Fprintf(&b, " %s ", f.Op)
		}
		fmt.Fprintf(&b, "%.3f %s", f.Value, f.Name)
		if i == lastAdd && lastAdd > 0 {
			b.WriteString(")")
		}
	}
	return b.String()
}

// The JSON document of an answer.
type (
	answerJSON struct {
		Question  string        `json:"question"`
		Abstained bool          `json:"abstained"`
		Results   []resultJSON  `json:"results"`
		Closest   *resultJSON   `json:"closest,omitempty"`
		Rewrites  []rewriteJSON `json:"rewrites,omitempty"`
	}
	rewriteJSON struct {
		From string `json:"from"`
		To   string `json:"to"`
		How  string `json:"how"`
	}
	resultJSON struct {
		Text       string        `json:"text"`
		Score      float64       `json:"score"`
		Article    string        `json:"article"`
		Paragraph  int           `json:"paragraph"`
		Sentence   int           `json:"sentence"`
		Highlights [][2]int      `json:"highlights,omitempty"`
		Explain    []explainJSON `json:"explain,omitempty"`
		Factors    []factorJSON  `json:"factors,omitempty"`
	}
	explainJSON struct {
		Term   string  `json:"term"`
		Match  string  `json:"match"`
		How    string  `json:"how"`
		Weight float64 `json:"weight"`
	}
	factorJSON struct {
		Name  string  `json:"name"`
		Op    string  `json:"op"`
		Value float64 `json:"value"`
	}
)

// WriteJSON writes an answer as one JSON document, indented by two
// spaces: the question, whether the article does not say, the results
// (each quote verbatim, its score and place, its highlights as byte
// ranges, and with Explain its terms and factors), the closest sentence of
// an abstention and, with Explain, how the question was read. Paragraphs and sentences count from 0.
func WriteJSON(w io.Writer, rep bot.Reply) error {
	doc := answerJSON{Question: rep.Question, Abstained: rep.Abstained, Results: []resultJSON{}}
	for _, q := range rep.Quotes {
		doc.Results = append(doc.Results, resultOf(q))
	}
	if rep.Closest != nil {
		c := resultOf(*rep.Closest)
		doc.Closest = &c
	}
	for _, r := range rep.Rewrites {
		doc.Rewrites = append(doc.Rewrites, rewriteJSON(r))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func resultOf(q bot.Quote) resultJSON {
	r := resultJSON{Text: q.Text, Score: q.Score, Article: q.Article, Paragraph: q.Paragraph, Sentence: q.Sentence}
	for _, s := range q.Highlights {
		r.Highlights = append(r.Highlights, [2]int{s.Start, s.End})
	}
	for _, p := range q.Explain {
		r.Explain = append(r.Explain, explainJSON(p))
	}
	for _, f := range q.Factors {
		r.Factors = append(r.Factors, factorJSON(f))
	}
	return r
}
