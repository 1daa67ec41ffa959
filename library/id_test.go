package library_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/kutip/kutip/library"
)

func TestID(t *testing.T) {
	tests := []struct{ address, want string }{
		{"https://www.kabarnusantara.example/regional/2024/03/05/banjir-rendam-12-desa.html", "banjir-rendam-12-desa"},
		{"https://news.example/a/Storm Ciarán/", "storm-ciarán"},
		{"https://news.example/", "news.example"},
		{"https://news.example", "news.example"},
		{"https://news.example/%2F%2F", "news.example"},
		{"::not a url", "article"},
	}
	for _, tt := range tests {
		if got := library.ID(tt.address); got != tt.want {
			t.Errorf("ID(%q) = %q, want %q", tt.address, got, tt.want)
		}
	}
}

// FuzzID: whatever the address, its id is a name a file and a command can
// carry: letters, digits, '.', '_' and '-', none at either end but letters
// and digits.
func FuzzID(f *testing.F) {
	for _, s := range []string{"https://a.example/b/c.html", "https://x/..", "http://[::1]/%00", "https://a/ -/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, address string) {
		id := library.ID(address)
		if id == "" || strings.ContainsFunc(id, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !strings.ContainsRune("._-", r)
		}) || strings.ContainsAny(id[:1]+id[len(id)-1:], ".-") {
			t.Errorf("ID(%q) = %q", address, id)
		}
	})
}
