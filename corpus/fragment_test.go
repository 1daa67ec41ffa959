package corpus

import (
	"net/url"
	"strings"
	"testing"
)

func TestTextFragment(t *testing.T) {
	long := "Banjir merendam 12 desa di tiga kecamatan setelah hujan deras mengguyur kawasan hulu sejak Senin malam."
	tests := []struct {
		name, text, quote string
		nth               int // which occurrence of quote is meant, from 0
		want              string
	}{
		{"short, whole", "Satu dua. Gempa guncang Cianjur. Tiga.", "Gempa guncang Cianjur.", 0,
			":~:text=Gempa%20guncang%20Cianjur."},
		{"commas, dashes, ampersands escaped", "Lalu: Ia, kata mereka, luka-luka & lelah. Akhir.", "Ia, kata mereka, luka-luka & lelah.", 0,
			":~:text=Ia%2C%20kata%20mereka%2C%20luka%2Dluka%20%26%20lelah."},
		{"not ASCII", "Ia berkata “jangan” – lalu pergi.", "Ia berkata “jangan” – lalu pergi.", 0,
			":~:text=Ia%20berkata%20%E2%80%9Cjangan%E2%80%9D%20%E2%80%93%20lalu%20pergi."},
		{"long: start and end", "Awal berita. " + long + " Penutup.", long, 0,
			":~:text=Banjir%20merendam%2012,sejak%20Senin%20malam."},
		{"short, twice: a prefix and a suffix", "Warga mengungsi. Hujan reda. Warga mengungsi. Selesai.", "Warga mengungsi.", 1,
			":~:text=reda.-,Warga%20mengungsi.,-Selesai."},
		{"twice, case folded", "WARGA MENGUNGSI. Lalu warga mengungsi.", "warga mengungsi.", 0,
			":~:text=Lalu-,warga%20mengungsi."},
		{"long, its start twice: a longer start", "Banjir merendam 12 rumah. " + long, long, 0,
			":~:text=Banjir%20merendam%2012%20desa,hulu%20sejak%20Senin%20malam."},
		{"between twins: context", "A b. A b. A b.", "A b.", 1,
			":~:text=b.-,A%20b.,-A"},
		{"the same passage, context and all, earlier: the shortest", strings.Repeat("A b. ", 8), "A b.", 3,
			":~:text=A%20b."},
		{"white space folded", "Isi  berita\nini   panjang.", "berita\nini   panjang.", 0,
			":~:text=berita%20ini%20panjang."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := nthIndex(tt.text, tt.quote, tt.nth)
			if start < 0 {
				t.Fatalf("%q is not in the text", tt.quote)
			}
			if got := TextFragment(tt.text, start, start+len(tt.quote)); got != tt.want {
				t.Errorf("TextFragment(%q, %q) = %q, want %q", tt.text, tt.quote, got, tt.want)
			}
		})
	}
	for _, r := range [][2]int{{0, 0}, {-1, 3}, {2, 1}, {0, 99}, {3, 4}} {
		if got := TextFragment("Ab   cd", r[0], r[1]); got != "" {
			t.Errorf("TextFragment(%v) = %q, want none", r, got)
		}
	}
}

func nthIndex(s, sub string, n int) int {
	at := 0
	for {
		i := strings.Index(s[at:], sub)
		if i < 0 {
			return -1
		}
		if n == 0 {
			return at + i
		}
		n--
		at += i + 1
	}
}

func TestArticleFragment(t *testing.T) {
	a := Parse("a", "---\ntitle: Warga mengungsi.\n---\nWarga mengungsi. Hujan reda.\n\nLalu warga mengungsi lagi.")
	if got, want := a.Fragment(a.Sentences[0]), ":~:text=Warga%20mengungsi."; got != want {
		t.Errorf("Fragment = %q, want %q (the title in the front matter is not on the page)", got, want)
	}
	if got := a.Fragment(Sentence{Start: 0, End: 3}); got != "" {
		t.Errorf("Fragment of the front matter = %q", got)
	}
}

// FuzzTextFragment checks that any text and range give no panic, a valid
// URL, and, for a passage found once in the text, a fragment whose first
// match is that passage.
func FuzzTextFragment(f *testing.F) {
	f.Add("Satu dua. Gempa guncang Cianjur, Jawa Barat. Tiga.", 10, 44)
	f.Add("A b. A b. A b.", 5, 9)
	f.Add("x - , & % # ) ] “ü”", 0, 20)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		frag := TextFragment(text, start, end)
		if frag == "" {
			return
		}
		u, err := url.Parse("https://kabar.example/a#" + frag)
		if err != nil || u.Fragment == "" {
			t.Fatalf("fragment %q: %v", frag, err)
		}
		if strings.Trim(frag[len(":~:text="):], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~%,-") != "" {
			t.Fatalf("fragment %q holds a character that needs escaping", frag)
		}
		// Read it back, as a browser does, and find what it highlights.
		words := wordSpans(text)
		lower := make([]string, len(words))
		for i, w := range words {
			lower[i] = strings.ToLower(text[w[0]:w[1]])
		}
		var d directive
		var quote []string
		for i, term := range strings.Split(frag[len(":~:text="):], ",") {
			// As a browser does: the dashes that mark a prefix or a suffix
			// are read before the terms are decoded.
			plain, err := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(term, "-"), "-"))
			if err != nil {
				t.Fatalf("term %q: %v", term, err)
			}
			s := find(lower, strings.Fields(strings.ToLower(plain)))
			switch {
			case strings.HasSuffix(term, "-") && i == 0:
				d.prefix = s
			case strings.HasPrefix(term, "-") && d.start.j > 0:
				d.suffix = s
			case d.start.j == 0:
				d.start = s
			default:
				d.end = s
			}
		}
		for _, w := range words {
			if w[0] >= start && w[1] <= end {
				quote = append(quote, strings.ToLower(text[w[0]:w[1]]))
			}
		}
		// Unique and short enough to be given whole if need be: found.
		var orig []string
		for _, w := range words {
			if w[0] >= start && w[1] <= end {
				orig = append(orig, text[w[0]:w[1]])
			}
		}
		if count(lower, quote) == 1 && len(percentEncode(strings.Join(orig, " "))) < maxLen-len(":~:text=") {
			i, j := d.match(lower)
			if i < 0 || strings.Join(lower[i:j], " ") != strings.Join(quote, " ") {
				t.Fatalf("fragment %q of %q finds %d..%d, not %q", frag, text, i, j, quote)
			}
		}
	})
}

// find returns the first span of words that reads pat.
func find(words, pat []string) span {
	for i := 0; i+len(pat) <= len(words); i++ {
		if strings.Join(words[i:i+len(pat)], " ") == strings.Join(pat, " ") {
			return span{i, i + len(pat)}
		}
	}
	return span{}
}

func count(words, pat []string) int {
	n := 0
	for i := 0; i+len(pat) <= len(words) && len(pat) > 0; i++ {
		if strings.Join(words[i:i+len(pat)], " ") == strings.Join(pat, " ") {
			n++
		}
	}
	return n
}

// BenchmarkTextFragmentRepeated makes the fragment of a quote in a text of
// one word, a hundred thousand times over: the worst case, bounded.
func BenchmarkTextFragmentRepeated(b *testing.B) {
	text := strings.Repeat("a ", 100000)
	for b.Loop() {
		TextFragment(text, 100000, 100060)
	}
}
