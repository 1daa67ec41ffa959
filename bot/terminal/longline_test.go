package terminal_test

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/bot/terminal"
)

// TestReadPlainLine reads lines of at most 8 bytes.
func TestReadPlainLine(t *testing.T) {
	type line struct {
		text string
		err  error
	}
	tests := []struct {
		name string
		in   string
		want []line
	}{
		{"lines", "satu\ndua\n", []line{{"satu", nil}, {"dua", nil}, {"", io.EOF}}},
		{"the last without a newline", "satu\ndua", []line{{"satu", nil}, {"dua", nil}, {"", io.EOF}}},
		{"CRLF", "satu\r\ndua\r\n", []line{{"satu", nil}, {"dua", nil}, {"", io.EOF}}},
		{"blank", "\n\n", []line{{"", nil}, {"", nil}, {"", io.EOF}}},
		{"8 bytes", "12345678\n", []line{{"12345678", nil}, {"", io.EOF}}},
		{"8 bytes, CRLF", "12345678\r\n", []line{{"12345678", nil}, {"", io.EOF}}},
		{"9 bytes", "123456789\nok\n", []line{{"", terminal.ErrTooLong}, {"ok", nil}, {"", io.EOF}}},
		{"far over the buffer", strings.Repeat("x", 100) + "\nok\n", []line{{"", terminal.ErrTooLong}, {"ok", nil}, {"", io.EOF}}},
		{"far over, the last", strings.Repeat("x", 100), []line{{"", terminal.ErrTooLong}, {"", io.EOF}}},
		{"empty", "", []line{{"", io.EOF}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := bufio.NewReaderSize(strings.NewReader(tt.in), 16) // bufio's smallest
			for i, want := range tt.want {
				got, err := terminal.ReadPlainLine(r, 8)
				if got != want.text || !errors.Is(err, want.err) || (want.err == nil) != (err == nil) {
					t.Errorf("line %d: %q, %v; want %q, %v", i, got, err, want.text, want.err)
				}
			}
		})
	}
}

// TestLongLine: a piped line over a megabyte is answered that it is too
// long, and the chat goes on.
func TestLongLine(t *testing.T) {
	in := bottest.Question + "\n" + strings.Repeat("panjang ", 200_000) + "\n" + bottest.Question + "\n"
	out, _ := run(t, terminal.Config{Lang: "en"}, service(), in)
	if n := strings.Count(out, "That line is too long: kutip reads lines of up to 1048576 bytes."); n != 1 {
		t.Errorf("%d answers that the line is too long, want 1:\n%.2000s", n, out)
	}
	if n := strings.Count(out, "Sedikitnya 62 orang meninggal"); n != 2 {
		t.Errorf("%d answers to the questions around it, want 2:\n%.2000s", n, out)
	}
}

// FuzzReadPlainLine: the lines read are the input's, split at "\n", each
// without a last "\r", or ErrTooLong for each over 8 bytes.
func FuzzReadPlainLine(f *testing.F) {
	for _, s := range []string{"satu\ndua", "12345678\r\n123456789\n", "\n\n\r\n", strings.Repeat("x", 40) + "\nok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var want []string
		if in != "" {
			want = strings.Split(strings.TrimSuffix(in, "\n"), "\n")
		}
		r := bufio.NewReaderSize(strings.NewReader(in), 16)
		for i, w := range want {
			w = strings.TrimSuffix(w, "\r")
			got, err := terminal.ReadPlainLine(r, 8)
			switch {
			case len(w) > 8 && (err == nil || !errors.Is(err, terminal.ErrTooLong)):
				t.Fatalf("line %d of %q: %q, %v; want ErrTooLong", i, in, got, err)
			case len(w) <= 8 && (err != nil || got != w):
				t.Fatalf("line %d of %q: %q, %v; want %q", i, in, got, err, w)
			}
		}
		if got, err := terminal.ReadPlainLine(r, 8); err != io.EOF {
			t.Fatalf("after the lines of %q: %q, %v; want EOF", in, got, err)
		}
	})
}
