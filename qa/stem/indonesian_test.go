package stem

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestIndonesian(t *testing.T) {
	tests := []struct{ word, want string }{
		// Snowball quirk: "men" is taken as the prefix and "-i" as a
		// suffix, although the root is "tembak".
		{"menembaki", "embak"},

		// Particles and possessive pronouns.
		{"bukunya", "buku"},
		{"bukukah", "buku"},
		{"bukumukah", "buku"},
		{"apakah", "apa"},
		{"sayalah", "saya"},
		{"kamipun", "kami"},
		{"rumahku", "rumah"},

		// First-order prefixes.
		{"dimakan", "makan"},
		{"terbawa", "bawa"},
		{"kesehatan", "sehat"},
		{"menyapu", "sapu"},
		{"penyapu", "sapu"},
		{"menyanyi", "sanyi"},
		{"memukul", "pukul"},
		{"pemukul", "pukul"},
		{"membaca", "baca"},
		{"pembaca", "baca"},
		{"mengambil", "ambil"},
		{"pengambil", "ambil"},
		{"menulis", "ulis"}, // the t of "tulis" is not restored
		{"penulis", "ulis"},
		{"melihat", "lihat"},
		{"menyclaim", "yclaim"}, // "meny" before a consonant is "men"

		// Second-order prefixes.
		{"bermain", "main"},
		{"bekerja", "kerja"},
		{"belerang", "lerang"},
		{"perbaikan", "baik"},
		{"peledakan", "ledak"},
		{"pelari", "lari"},
		{"belajar", "ajar"},
		{"pelajar", "ajar"},
		{"pelajaran", "ajar"},
		{"pelajarkan", "ajar"},  // pel- sets no prefix class, so -kan goes
		{"perbaikkan", "baikk"}, // but per- forbids -kan, so -an goes
		{"belajarkan", "ajar"},
		{"mempelajari", "ajar"},
		{"pembelajaran", "ajar"},
		{"dibeberapa", "beberapa"}, // only after a suffix
		{"diperairan", "perairan"},
		{"memeberikan", "peberi"}, // nor after meny-/mem-/peny-/pem- + vowel
		{"memelajari", "pelajar"},

		// Suffixes and the conditions tying them to prefixes.
		{"makanan", "makan"},
		{"mendengarkan", "dengar"},
		{"kesempatan", "sempat"}, // ke- forbids -kan but allows -an
		{"ketahuan", "tahu"},
		{"dibacakan", "baca"},
		{"diberikan", "beri"},
		{"menangani", "angan"}, // men- forbids -an but allows -i
		{"televisi", "televisi"},
		{"organisasi", "organisasi"},
		{"berhasil", "hasil"},
		{"bersih", "bersih"}, // only two vowels

		// The measure keeps at least two vowels.
		{"bukuku", "buku"},
		{"makan", "makan"},
		{"a", "a"},
		{"", ""},
		{"2024", "2024"},
		{"3kah", "3kah"},

		// Non-ASCII letters are kept as they are.
		{"bekérja", "bekérja"},
		{"beñerja", "ñerja"},
		{"bukuñya", "bukuñya"},

		// Invalid UTF-8 is dropped.
		{"buku\xffnya", "buku"},
		{"\xc3", ""},
	}
	for _, tt := range tests {
		if got := Indonesian(tt.word); got != tt.want {
			t.Errorf("Indonesian(%q) = %q, want %q", tt.word, got, tt.want)
		}
		if got := (IndonesianStemmer{}).Stem(tt.word); got != tt.want {
			t.Errorf("IndonesianStemmer.Stem(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestIndonesianVocabulary(t *testing.T) {
	pairs := readVocabulary(t, "testdata/indonesian.tsv")
	if len(pairs) != 64586 {
		t.Errorf("testdata/indonesian.tsv has %d words, want 64586", len(pairs))
	}
	diffs := vocabularyDiffs(pairs, IndonesianStemmer{})
	for _, d := range diffs[:min(len(diffs), 20)] {
		t.Errorf("Stem(%q) = %q, want %q", d.word, d.got, d.want)
	}
	if len(diffs) > 0 {
		t.Errorf("%d of %d words stem differently from Snowball", len(diffs), len(pairs))
	}
}

func TestIndonesianLong(t *testing.T) {
	word := "meny" + strings.Repeat("aku", 1<<18) + "nya"
	got := Indonesian(word)
	if want := "s" + strings.Repeat("aku", 1<<18); got != want {
		t.Errorf("Indonesian(meny + aku*%d + nya) has length %d, want %d", 1<<18, len(got), len(want))
	}
	if !utf8.ValidString(got) {
		t.Errorf("Indonesian of a long word returned invalid UTF-8")
	}
}
