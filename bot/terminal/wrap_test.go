package terminal_test

import (
	"strings"
	"testing"

	"github.com/kutip/kutip/bot/terminal"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width int
		want  string
	}{
		{"fits", "1. “Pendek.”", 20, "1. “Pendek.”"},
		{"a numbered quote hangs under its first word",
			"1. “Menteri Pertahanan Azerbaijan menyatakan pasukan Armenia telah menembaki kota Terter.”\n   (paragraf 2, kalimat 2)", 30,
			"1. “Menteri Pertahanan\n   Azerbaijan menyatakan\n   pasukan Armenia telah\n   menembaki kota Terter.”\n   (paragraf 2, kalimat 2)"},
		{"two digits", "10. kata kata kata kata kata kata kata", 20, "10. kata kata kata\n    kata kata kata\n    kata"},
		{"an indented line under its indent", "   — Ilham Aliyev, Presiden Republik Azerbaijan", 24, "   — Ilham Aliyev,\n   Presiden Republik\n   Azerbaijan"},
		{"never inside a word", "Azerbaijan Azerbaijan Azerbaijan", 24, "Azerbaijan Azerbaijan\nAzerbaijan"},
		{"a word wider than a row is cut", "Sumber: https://kabar.example/2024/11/18/banjir-bandang-terjang-garut", 24,
			"Sumber:\nhttps://kabar.example/20\n24/11/18/banjir-bandang-\nterjang-garut"},
		{"bold takes no columns", "1. “Sedikitnya 62 \x1b[1morang meninggal\x1b[0m dunia”", 24, "1. “Sedikitnya 62 \x1b[1morang\n   meninggal\x1b[0m dunia”"},
		{"wide characters take two", "日本語の記事 日本語の記事 日本語の記事", 26, "日本語の記事 日本語の記事\n日本語の記事"},
		{"too narrow to wrap", "kata kata kata kata", 10, "kata kata kata kata"},
		{"blank lines stay", "satu\n\ndua", 20, "satu\n\ndua"},
	}
	for _, tt := range tests {
		if got := terminal.Wrap(tt.text, tt.width); got != tt.want {
			t.Errorf("%s: Wrap(%q, %d) =\n%q, want\n%q", tt.name, tt.text, tt.width, got, tt.want)
		}
	}
}

// FuzzWrap: wrapping only puts line breaks and indents between words or
// inside a word too long for a row: the text's words are all there, in
// order, and no row is wider than the terminal.
func FuzzWrap(f *testing.F) {
	f.Add("1. “Menteri Pertahanan Azerbaijan menyatakan pasukan Armenia telah menembaki kota Terter.”", 24)
	f.Add("   — x\x1b[1my\x1b[0m 日本語", 20)
	f.Fuzz(func(t *testing.T, text string, width int) {
		width = 20 + abs(width)%100
		got := terminal.Wrap(text, width)
		if strings.Join(strings.Fields(got), "") != strings.Join(strings.Fields(text), "") {
			t.Fatalf("Wrap(%q, %d) = %q: not the same words", text, width, got)
		}
		for _, row := range strings.Split(got, "\n") {
			if terminal.Columns(row) > width {
				t.Fatalf("Wrap(%q, %d): row %q is wider", text, width, row)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
