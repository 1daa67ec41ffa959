package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSegments(t *testing.T) {
	tests := []struct {
		name string
		q    Quote
		want string // bold in brackets
	}{
		{"joined", Quote{Text: "15 orang meninggal dunia di sini", Highlights: []Span{{3, 8}, {9, 18}, {19, 24}}}, "15 [orang meninggal dunia] di sini"},
		{"bad spans skipped", Quote{Text: "15 orang meninggal", Highlights: []Span{{3, 8}, {100, 200}, {5, 6}, {9, 9}, {-1, 2}}}, "15 [orang] meninggal"},
		{"mid-rune span skipped", Quote{Text: "Prancis €uro", Highlights: []Span{{9, 10}, {0, 7}}}, "[Prancis] €uro"},
		{"white space folded", Quote{Text: "  Kata\n  dia,\t\"aman\u00a0sekali\"  \r\n", Highlights: []Span{{2, 6}, {21, 27}}}, "[Kata] dia, \"aman [sekali]\""},
		{"space between bold words", Quote{Text: "orang\n  meninggal", Highlights: []Span{{0, 5}, {8, 17}}}, "[orang meninggal]"},
		{"empty", Quote{Text: " \n "}, ""},
	}
	for _, tt := range tests {
		var b strings.Builder
		for _, s := range segments(tt.q) {
			if s.Bold {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		if got := b.String(); got != tt.want {
			t.Errorf("%s: Segments(%q) = %q, want %q", tt.name, tt.q.Text, got, tt.want)
		}
	}
}

func FuzzSegments(f *testing.F) {
	f.Add("15 orang  meninggal\n dunia", 3, 8, 9, 18)
	f.Add("€ x", 1, 2, 0, 3)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int) {
		if !utf8.ValidString(text) {
			return
		}
		q := Quote{Text: text, Highlights: []Span{{s1, e1}, {s2, e2}}}
		var b strings.Builder
		for _, s := range segments(q) {
			if s.Text == "" || !utf8.ValidString(s.Text) {
				t.Fatalf("Segments(%q) has an empty or broken segment %q", text, s.Text)
			}
			b.WriteString(s.Text)
		}
		if got, want := b.String(), FoldSpace(text); got != want {
			t.Fatalf("Segments(%q) shows %q, want the text with its white space folded, %q", text, got, want)
		}
	})
}

func TestQuoted(t *testing.T) {
	for in, want := range map[string]string{
		"Kami menang":     "“Kami menang”",
		`"Kami menang"`:   `"Kami menang"`,
		"“Kami”":          "“Kami”",
		"«Nous»":          "«Nous»",
		"":                "“”",
		"'single' quoted": "'single' quoted",
	} {
		if got := quoted(in); got != want {
			t.Errorf("Quoted(%q) = %q, want %q", in, got, want)
		}
	}
}
