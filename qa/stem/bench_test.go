package stem

import "testing"

// BenchmarkStem measures how many words per second Indonesian and English
// stem, going round their conformance vocabularies, without and with a
// Cache. The Cache holds all the words: it is filled before timing.
func BenchmarkStem(b *testing.B) {
	for _, bb := range []struct{ lang, file string }{
		{"id", "testdata/indonesian.tsv"},
		{"en", "testdata/english.tsv"},
	} {
		ws := words(readVocabulary(b, bb.file))
		s, ok := For(bb.lang)
		if !ok {
			b.Fatalf("For(%q) found no stemmer", bb.lang)
		}
		b.Run(bb.lang, func(b *testing.B) { benchmarkStem(b, s, ws) })
		b.Run(bb.lang+"-cached", func(b *testing.B) {
			c := NewCache(s)
			for _, w := range ws {
				c.Stem(w)
			}
			benchmarkStem(b, c, ws)
		})
	}
}

func benchmarkStem(b *testing.B, s Stemmer, words []string) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Stem(words[i])
		if i++; i == len(words) {
			i = 0
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "words/s")
}
