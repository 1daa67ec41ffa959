package qa_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
	"github.com/kutip/kutip/qa/stem"
)

func terms(toks []qa.Token) string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Term)
	}
	return strings.Join(out, " ")
}

func TestAnalyze(t *testing.T) {
	id := qa.NewAnalyzer("id")
	en := qa.NewAnalyzer("en")
	tests := []struct {
		an   *qa.Analyzer
		in   string
		want string
	}{
		{id, "Senin pagi, (28/9/2020).", "senin pagi 28/9/2020"},
		{id, "1.000 orang dan 3,5 ton; harga 3.5 persen", "1.000 orang dan 3,5 ton harga 3.5 persen"},
		{id, "orang-orang Armenia", "orang armenia"},
		{id, "sirkuit-sirkuit itu", "sirkuit itu"},
		{id, "kedua-duanya", "dua"},
		{id, "Nagorno-Karabakh", "nagorno karabakh"},
		{id, "akun Twitter @MFAofArmenia dan #Karabakh", "akun twitter @mfaofarmenia dan #karabakh"},
		{id, "lihat https://kutip.id/a?b=c. Lalu", "lihat https://kutip.id/a?b=c lalu"},
		{id, "Dipantau TribunnewsWiki.com melalui", "pantau tribunnewswiki.com lalu"},
		{id, "“Kami menang!” — kata Aliyev…", "kami menang kata aliyev"},
		{id, "ＡＢＣ ﬁnal", "abc final"},
		{id, "menembaki", "embak"},
		{id, "masalah bersekolah istilah", "masalah sekolah istilah"}, // -lah that is no particle
		{en, "The soldiers were fighting near Stepanakert.", "the soldier were fight near stepanakert"},
		{en, "U.S. officials don't agree", "u.s offici don't agre"},
	}
	for _, tt := range tests {
		if got := terms(tt.an.Analyze(tt.in)); got != tt.want {
			t.Errorf("Analyze(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnalyzeOffsets(t *testing.T) {
	s := "Zohrab Mnatsakanyan menyebut orang-orang di Nagorno-Karabakh (28/9/2020)."
	for _, tok := range qa.NewAnalyzer("id").Analyze(s) {
		if strings.ToLower(s[tok.Start:tok.End]) != tok.Word && !strings.Contains(s[tok.Start:tok.End], "-") {
			t.Errorf("token %q stands at %q", tok.Word, s[tok.Start:tok.End])
		}
	}
}

func TestStopWords(t *testing.T) {
	toks := qa.NewAnalyzer("id").Analyze("Siapa yang menembaki kota itu?")
	var stops []string
	for _, tok := range toks {
		if tok.Stop {
			stops = append(stops, tok.Word)
		}
	}
	if got := strings.Join(stops, " "); got != "siapa yang itu" {
		t.Errorf("stop words %q, want %q", got, "siapa yang itu")
	}
}

func TestQuestionWant(t *testing.T) {
	tests := []struct {
		lang, q string
		want    qa.Want
	}{
		{"id", "Siapa Sekjen PBB?", qa.WantPerson},
		{"id", "Kapan bentrokan terjadi?", qa.WantTime},
		{"id", "Berapa orang yang tewas?", qa.WantNumber},
		{"id", "Tahun berapa perang dimulai?", qa.WantTime},
		{"id", "Di mana kota Terter?", qa.WantPlace},
		{"id", "Dimanakah letak Bourgogne?", qa.WantPlace},
		{"id", "Mengapa Armenia menolak?", qa.WantReason},
		{"id", "Bagaimana respons Prancis?", qa.WantManner},
		{"id", "Apa kata Aliyev?", qa.WantAny},
		{"en", "How many people died?", qa.WantNumber},
		{"en", "How long did it last?", qa.WantTime},
		{"en", "Who said it?", qa.WantPerson},
		{"en", "What year was it?", qa.WantTime},
		{"en", "Where is Terter?", qa.WantPlace},
	}
	for _, tt := range tests {
		if got := qa.QuestionWant(qa.NewAnalyzer(tt.lang).Analyze(tt.q)); got != tt.want {
			t.Errorf("QuestionWant(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	if got := qa.DetectLanguage(corpus.Default().Articles[0].Raw); got != "id" {
		t.Errorf("default article: %q", got)
	}
	if got := qa.DetectLanguage("The fighting broke out on Sunday and the two sides blamed each other for it."); got != "en" {
		t.Errorf("English text: %q", got)
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add("Senin pagi, (28/9/2020) @a #b https://x.y/z orang-orang 1.000 3,5")
	f.Add("-\u2011-'’.,/:")
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"id", "en"} {
			for _, tok := range qa.NewAnalyzer(lang).Analyze(s) {
				if tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End {
					t.Fatalf("token %+v out of %q", tok, s)
				}
				if !utf8.ValidString(tok.Term) || tok.Term == "" && tok.Word != "" && utf8.ValidString(s) {
					t.Fatalf("token %+v of %q: bad term", tok, s)
				}
			}
		}
	})
}

// The analysis benchmarks report tokens analysed a second, with the stem
// cache (as the engine runs) and without it.
func BenchmarkAnalyze(b *testing.B) {
	text := corpus.Default().Articles[0].Raw
	en := strings.Repeat("The soldiers were fighting near the disputed region on Sunday, officials said. ", 40)
	for _, bc := range []struct {
		name, lang, text string
	}{{"id", "id", text}, {"en", "en", en}} {
		for _, cached := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/cache=%v", bc.name, cached), func(b *testing.B) {
				an := qa.NewAnalyzer(bc.lang)
				if !cached {
					s, _ := stem.For(bc.lang)
					an = qa.NewAnalyzerWith(bc.lang, s)
				}
				n := 0
				for b.Loop() {
					n += len(an.Analyze(bc.text))
				}
				b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "tokens/s")
			})
		}
	}
}

func BenchmarkAsk(b *testing.B) {
	e := qa.New(corpus.Default())
	for b.Loop() {
		e.Ask(b.Context(), qa.Query{Text: "Berapa orang yang tewas dalam konflik?", N: 3})
	}
}
