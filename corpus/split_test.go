package corpus_test

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/corpus"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "Satu dua. Tiga empat! Lima enam?", []string{"Satu dua.", "Tiga empat!", "Lima enam?"}},
		{"no full stop", "Judul tanpa titik", []string{"Judul tanpa titik"}},
		{"titles", "Dr. Budi dan Prof. Ani tinggal di Jl. Merdeka No. 5. Mereka datang.",
			[]string{"Dr. Budi dan Prof. Ani tinggal di Jl. Merdeka No. 5.", "Mereka datang."}},
		{"hajj titles", "H. Ahmad dan Hj. Siti berangkat. Esoknya pulang.",
			[]string{"H. Ahmad dan Hj. Siti berangkat.", "Esoknya pulang."}},
		{"english titles", "Mr. Smith met Mrs. Jones at St. Mary. They talked.",
			[]string{"Mr. Smith met Mrs. Jones at St. Mary.", "They talked."}},
		{"initials", "J. K. Rowling wrote it. U.S. troops left. Then rain.",
			[]string{"J. K. Rowling wrote it.", "U.S. troops left.", "Then rain."}},
		{"e.g.", "Some fruits, e.g. apples, are red. Others are not.",
			[]string{"Some fruits, e.g. apples, are red.", "Others are not."}},
		{"numbers and dates", "Pada 28/9/2020 ada 1.000 orang dan 3,5 ton beras. Harga naik 3.5 persen.",
			[]string{"Pada 28/9/2020 ada 1.000 orang dan 3,5 ton beras.", "Harga naik 3.5 persen."}},
		{"year ends sentence", "Ia lahir pada 1990. Lalu pindah.", []string{"Ia lahir pada 1990.", "Lalu pindah."}},
		{"ellipsis goes on", "Ia diam... lalu pergi. Selesai.", []string{"Ia diam... lalu pergi.", "Selesai."}},
		{"ellipsis ends", "Ia menunggu… Tidak ada yang datang.", []string{"Ia menunggu…", "Tidak ada yang datang."}},
		{"dll. ends", "Ada apel, jeruk, dll. Semua segar.", []string{"Ada apel, jeruk, dll.", "Semua segar."}},
		{"quotation with attribution", `"Kami akan menang. Karabakh adalah milik kami", kata Presiden Ilham Aliyev. Lalu ia pergi.`,
			[]string{`"Kami akan menang. Karabakh adalah milik kami", kata Presiden Ilham Aliyev.`, "Lalu ia pergi."}},
		{"quotation ends the sentence", `Ia berkata, "Kami siap." Lalu diam.`, []string{`Ia berkata, "Kami siap."`, "Lalu diam."}},
		{"attribution in lower case", `"Kami siap." kata dia. Lalu diam.`, []string{`"Kami siap." kata dia.`, "Lalu diam."}},
		{"curly quotation", "“Kami siap. Kami menang,” ujar Budi. Selesai.", []string{"“Kami siap. Kami menang,” ujar Budi.", "Selesai."}},
		{"unclosed quotation", `Ia bilang "kami siap. Lalu pergi. Selesai.`, []string{`Ia bilang "kami siap.`, "Lalu pergi.", "Selesai."}},
		{"blank line", "Satu dua\n\nTiga empat.", []string{"Satu dua", "Tiga empat."}},
		{"wrapped line", "Satu dua\ntiga empat. Lima.", []string{"Satu dua\ntiga empat.", "Lima."}},
		{"brackets", "Ia datang (kemarin.) Lalu pergi.", []string{"Ia datang (kemarin.)", "Lalu pergi."}},
		{"url and handle", "Lihat kutip.id/a.b dan @MFAofArmenia. Selesai.", []string{"Lihat kutip.id/a.b dan @MFAofArmenia.", "Selesai."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := corpus.SplitSentences(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func ExampleScanSentences() {
	sc := bufio.NewScanner(strings.NewReader(`Respons datang dari PBB. Ia mangatakan "sangat prihatin" atas konflik.`))
	sc.Split(corpus.ScanSentences)
	for sc.Scan() {
		fmt.Printf("%q\n", sc.Text())
	}
	// Output:
	// "Respons datang dari PBB."
	// "Ia mangatakan \"sangat prihatin\" atas konflik."
}

// TestScanSentencesStreaming reads through a tiny buffer, so ScanSentences is
// asked for more input at every place it can be.
func TestScanSentencesStreaming(t *testing.T) {
	text := `"Kami akan menang. Karabakh milik kami", kata Aliyev. Dr. Budi datang... lalu pergi. Ada 1.000 orang.` + "\n\nBaca: lain"
	want := corpus.SplitSentences(text)
	sc := bufio.NewScanner(&oneByteReader{r: strings.NewReader(text)})
	sc.Split(corpus.ScanSentences)
	var got []string
	for sc.Scan() {
		got = append(got, sc.Text())
	}
	if !slices.Equal(got, want) {
		t.Errorf("streaming gave\n%q\nwhole text gave\n%q", got, want)
	}
}

type oneByteReader struct{ r *strings.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) { return o.r.Read(p[:min(1, len(p))]) }

func FuzzScanSentences(f *testing.F) {
	f.Add([]byte(`"Kami akan menang. Karabakh adalah milik kami", kata Ilham Aliyev.`))
	f.Add([]byte("Dr. A. B. 1.000 dll. Ok...\n\n“x” y. z"))
	f.Add([]byte("\"a. \"b.\" c"))
	f.Fuzz(func(t *testing.T, text []byte) {
		var got [][]byte
		data := text
		for len(data) > 0 {
			adv, tok, err := corpus.ScanSentences(data, true)
			if err != nil || adv <= 0 || adv > len(data) {
				t.Fatalf("ScanSentences(%q) = %d, %q, %v", data, adv, tok, err)
			}
			if tok != nil {
				if len(bytes.TrimSpace(tok)) == 0 {
					t.Fatalf("empty sentence %q", tok)
				}
				got = append(got, tok)
			}
			data = data[adv:]
		}
		// Nothing lost, nothing invented: the sentences stand in the text in
		// order, with only white space between and around them.
		pos := 0
		for _, tok := range got {
			i := cap(text) - cap(tok) // tok is a subslice of text: its offset
			if i < pos || len(bytes.TrimSpace(text[pos:i])) > 0 || !bytes.Equal(text[i:i+len(tok)], tok) {
				t.Fatalf("sentence %q does not follow %q in %q", tok, text[:pos], text)
			}
			pos = i + len(tok)
		}
		if len(bytes.TrimSpace(text[pos:])) > 0 {
			t.Fatalf("sentences %q lose %q of %q", got, text[pos:], text)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add("---\ntitle: \"T\"\nlanguage: id\n---\nSatu. \"Dua tiga\", kata Budi.\n\nBaca: x")
	f.Add("# Judul\n\nIa mangatakan \"sangat prihatin\".")
	f.Add("\ufeff  Satu  dua.\r\n  tiga \"empat. Lima,\"\n kata Budi.\n\n\n")
	f.Add("Penjabat Gubernur DKI Jakarta, Heru  Budi, meninjau.\n\"Kami siap,\" kata Heru, 58, Gubernur. \"Lagi.\"\n\"Ya,\" ujarnya.")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		a := corpus.Parse("x", text)
		if a.Raw != text {
			t.Fatalf("Raw %q is not the text %q", a.Raw, text)
		}
		end := 0
		for i, s := range a.Sentences {
			// Verbatim: a sentence is its byte range of the text, in order.
			if s.Start < end || s.End > len(text) || s.Start >= s.End || text[s.Start:s.End] != s.Text {
				t.Fatalf("sentence %d %q is not text[%d:%d] of %q", i, s.Text, s.Start, s.End, text)
			}
			if strings.TrimSpace(s.Text) != s.Text {
				t.Fatalf("sentence %q has white space around it", s.Text)
			}
			end = s.End
			prev := 0
			for _, c := range s.Cuts {
				if c <= prev || c >= len(s.Text) {
					t.Fatalf("sentence %q: cuts %v out of order or outside it", s.Text, s.Cuts)
				}
				prev = c
			}
		}
		for _, q := range a.Quotations {
			s := a.Sentences[q.Sentence]
			if q.Start < s.Start || q.End > s.End || text[q.Start:q.End] != q.Text {
				t.Fatalf("quotation %q is not text[%d:%d] within its sentence %q", q.Text, q.Start, q.End, s.Text)
			}
		}
	})
}
