package stem

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// countingStemmer counts its calls and stems as Indonesian does.
type countingStemmer struct{ calls atomic.Int64 }

func (s *countingStemmer) Stem(word string) string {
	s.calls.Add(1)
	return Indonesian(word)
}

func TestCache(t *testing.T) {
	s := &countingStemmer{}
	c := NewCache(s)
	for range 3 {
		for _, tt := range []struct{ word, want string }{
			{"menembaki", "embak"},
			{"bukunya", "buku"},
			{"2024", "2024"},
			{"", ""},
		} {
			if got := c.Stem(tt.word); got != tt.want {
				t.Errorf("Cache.Stem(%q) = %q, want %q", tt.word, got, tt.want)
			}
		}
	}
	if n := s.calls.Load(); n != 4 {
		t.Errorf("the stemmer was called %d times for 4 words, want 4", n)
	}
	if n := c.Len(); n != 4 {
		t.Errorf("Len() = %d, want 4", n)
	}
}

func TestCacheBounded(t *testing.T) {
	s := &countingStemmer{}
	c := NewCache(s)
	const words = maxCacheEntries + 100
	for i := range words {
		c.Stem("kata" + strconv.Itoa(i))
	}
	if n := c.Len(); n != maxCacheEntries {
		t.Errorf("Len() = %d after %d words, want %d", n, words, maxCacheEntries)
	}
	// Words that did not fit are stemmed every time; the others are not.
	s.calls.Store(0)
	for i := range words {
		c.Stem("kata" + strconv.Itoa(i))
	}
	if n := s.calls.Load(); n != 100 {
		t.Errorf("the stemmer was called %d times for %d words of which 100 are not cached, want 100", n, words)
	}
	if got, want := c.Stem("memeberikan"), "peberi"; got != want {
		t.Errorf("full Cache.Stem(%q) = %q, want %q", "memeberikan", got, want)
	}
}

func TestCacheLongWord(t *testing.T) {
	s := &countingStemmer{}
	c := NewCache(s)
	word := "di" + strings.Repeat("a", maxCachedWordLen)
	for range 2 {
		if got, want := c.Stem(word), word[2:]; got != want {
			t.Errorf("Cache.Stem(di + a*%d) = %q, want %q", maxCachedWordLen, got, want)
		}
	}
	if n := s.calls.Load(); n != 2 {
		t.Errorf("the stemmer was called %d times for a long word stemmed twice, want 2", n)
	}
	if n := c.Len(); n != 0 {
		t.Errorf("Len() = %d after a long word, want 0", n)
	}
}

func TestCacheConcurrent(t *testing.T) {
	pairs := readVocabulary(t, "testdata/indonesian.tsv")[:2000]
	c := NewCache(IndonesianStemmer{})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range pairs {
				p := pairs[(i+g*250)%len(pairs)]
				if got := c.Stem(p.word); got != p.want {
					t.Errorf("Cache.Stem(%q) = %q, want %q", p.word, got, p.want)
				}
			}
		})
	}
	wg.Wait()
	if n := c.Len(); n != len(pairs) {
		t.Errorf("Len() = %d, want %d", n, len(pairs))
	}
}
