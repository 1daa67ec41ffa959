package stem

import (
	"slices"
	"sync"
	"testing"
)

func TestFor(t *testing.T) {
	tests := []struct{ lang, word, want string }{
		{"id", "menembaki", "embak"},
		{"en", "running", "run"},
		{"en", "accumulations", "accumul"},
		{"en", "ourselves", "ourselv"}, // stop words are stemmed too
		{"en", "having", "have"},
		{"en", "the", "the"},
		{"en", "Running", "run"}, // kljensen lower-cases
		{"en", "2024", "2024"},
		{"en", "'''", "'''"}, // kljensen alone would return ""
		{"en", "\xffrunning", "run"},
		{"es", "bibliotecas", "bibliotec"},
		{"es", "estaban", "estab"},
		{"fr", "continuellement", "continuel"},
		{"hu", "házakban", "ház"},
		{"no", "husene", "hus"},
		{"no", "hemmeligheten", "hemm"},
		{"ru", "книгами", "книг"},
		{"sv", "flickorna", "flick"},
		{"EN", "running", "run"},
		{"en-US", "running", "run"},
		{"id_ID", "bukunya", "buku"},
	}
	for _, tt := range tests {
		s, ok := For(tt.lang)
		if !ok {
			t.Errorf("For(%q) found no stemmer", tt.lang)
			continue
		}
		if got := s.Stem(tt.word); got != tt.want {
			t.Errorf("For(%q).Stem(%q) = %q, want %q", tt.lang, tt.word, got, tt.want)
		}
	}
}

func TestForUnknown(t *testing.T) {
	for _, lang := range []string{"", "xx", "english", "de", "-en", "e"} {
		if s, ok := For(lang); ok || s != nil {
			t.Errorf("For(%q) = %v, %v, want nil, false", lang, s, ok)
		}
	}
}

func TestLanguages(t *testing.T) {
	langs := Languages()
	if !slices.IsSorted(langs) {
		t.Errorf("Languages() = %q, not sorted", langs)
	}
	for _, lang := range []string{"en", "id"} {
		if !slices.Contains(langs, lang) {
			t.Errorf("Languages() = %q, missing %q", langs, lang)
		}
	}
	for _, lang := range langs {
		if _, ok := For(lang); !ok {
			t.Errorf("For(%q) found no stemmer, but Languages lists it", lang)
		}
	}
	// Every two-letter code For knows is listed.
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			lang := string([]rune{a, b})
			if _, ok := For(lang); ok && !slices.Contains(langs, lang) {
				t.Errorf("For(%q) has a stemmer, but Languages does not list it", lang)
			}
		}
	}
	langs[0] = "zz"
	if Languages()[0] == "zz" {
		t.Error("Languages returns a shared slice")
	}
}

// TestForConcurrent lets the race detector check that the stemmers can be
// shared between goroutines.
func TestForConcurrent(t *testing.T) {
	ws := []string{"menembaki", "running", "bibliotecas", "házakban", "husene", "книгами", "flickorna", "continuellement"}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, lang := range Languages() {
				s, _ := For(lang)
				for _, w := range ws {
					s.Stem(w)
				}
			}
		})
	}
	wg.Wait()
}
