package stem

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"", "a", "2024", "menembaki", "memeberikan", "mempelajari", "pembelajaran",
	"bekerja", "beñerja", "televisi", "running", "ourselves", "книгами", "házakban",
	"'''", "\xff", "meny\xffa", "buku\xc3nya", "di\u0130\u0130\u0130",
}

// checkStem checks the properties every stemmer of the package has.
func checkStem(t *testing.T, name, word, got string) {
	t.Helper()
	if !utf8.ValidString(got) {
		t.Errorf("%s(%q) = %q, invalid UTF-8", name, word, got)
	}
	if utf8.ValidString(word) && !strings.ContainsFunc(word, unicode.IsLetter) && got != word {
		t.Errorf("%s(%q) = %q, want the word without letters unchanged", name, word, got)
	}
}

func FuzzIndonesian(f *testing.F) {
	for _, w := range fuzzSeeds {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, word string) {
		got := Indonesian(word)
		checkStem(t, "Indonesian", word, got)
		if len(got) > len(word) {
			t.Errorf("Indonesian(%q) = %q, longer than the word", word, got)
		}
		if valid := strings.ToValidUTF8(word, ""); Indonesian(valid) != got {
			t.Errorf("Indonesian(%q) = %q, but Indonesian(%q) = %q", word, got, valid, Indonesian(valid))
		}
	})
}

func FuzzFor(f *testing.F) {
	for _, w := range fuzzSeeds {
		f.Add("en", w)
	}
	f.Add("pt-BR", "running")
	f.Add("\xff", "")
	f.Fuzz(func(t *testing.T, lang, word string) {
		if s, ok := For(lang); ok != (s != nil) {
			t.Errorf("For(%q) = %v, %v", lang, s, ok)
		}
		for _, lang := range Languages() {
			s, _ := For(lang)
			got := s.Stem(word)
			checkStem(t, "For("+lang+").Stem", word, got)
			if cached := NewCache(s).Stem(word); cached != got {
				t.Errorf("NewCache(For(%q)).Stem(%q) = %q, want %q", lang, word, cached, got)
			}
		}
	})
}
