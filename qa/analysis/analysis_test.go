package analysis_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
	"github.com/kutip/kutip/qa/analysis"
	"github.com/kutip/kutip/qa/stem"
)

func builtin(t testing.TB, code string) *lang.Language {
	t.Helper()
	l, ok := lang.Lookup(code)
	if !ok {
		t.Fatalf("no built-in language %q", code)
	}
	return l
}

func terms(toks []analysis.Token) string {
	var out []string
	for _, t := range toks {
		out = append(out, t.Term)
	}
	return strings.Join(out, " ")
}

func TestAnalyze(t *testing.T) {
	id := analysis.New(builtin(t, "id"))
	en := analysis.New(builtin(t, "en"))
	tests := []struct {
		an   *analysis.Analyzer
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
		{id, "Masalah-masalah", "masalah"},
		{id, "Oksigen membentuk _____ Bumi, snake_case", "oksigen bentuk bumi snake_case"}, // a blank to fill in is no word
		{en, "The soldiers were fighting near Stepanakert.", "the soldier were fight near stepanakert"},
		{en, "U.S. officials don't agree", "u.s offici don't agre"},
		{en, "masalah", "masalah"}, // protected words are Indonesian's
	}
	for _, tt := range tests {
		if got := terms(tt.an.Analyze(tt.in)); got != tt.want {
			t.Errorf("%s: Analyze(%q) = %q, want %q", tt.an.Lang(), tt.in, got, tt.want)
		}
	}
}

// TestAnalyzeOffsets checks that every token stands where its offsets say,
// hyphenated and reduplicated ones included.
func TestAnalyzeOffsets(t *testing.T) {
	s := "Zohrab Mnatsakanyan menyebut orang-orang di Nagorno-Karabakh (28/9/2020) ＡＢＣ."
	want := []string{"Zohrab", "Mnatsakanyan", "menyebut", "orang-orang", "di", "Nagorno", "Karabakh", "28/9/2020", "ＡＢＣ"}
	toks := analysis.New(builtin(t, "id")).Analyze(s)
	if len(toks) != len(want) {
		t.Fatalf("%d tokens %+v, want %d", len(toks), toks, len(want))
	}
	for i, tok := range toks {
		at := s[tok.Start:tok.End]
		if at != want[i] {
			t.Errorf("token %d %q stands at %q, want %q", i, tok.Word, at, want[i])
		}
		if first, _, _ := strings.Cut(at, "-"); analysis.Normalize(first) != tok.Word {
			t.Errorf("token %q stands at %q", tok.Word, at)
		}
	}
}

func TestStopWords(t *testing.T) {
	toks := analysis.New(builtin(t, "id")).Analyze("Siapa yang menembaki kota itu?")
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

func TestTermAndSynonyms(t *testing.T) {
	id := analysis.New(builtin(t, "id"))
	for _, tt := range []struct{ word, term string }{
		{"Menembaki", "embak"}, {"bersekolah", "sekolah"}, {"2020", "2020"}, {"u.s.", "u.s."},
	} {
		if got := id.Term(tt.word); got != tt.term {
			t.Errorf("Term(%q) = %q, want %q", tt.word, got, tt.term)
		}
	}
	// "meninggal dunia" is found whole, its terms joined ("meninggal"
	// stems to "inggal"), and looked up by its first word; every member
	// matches every other.
	if got := fmt.Sprint(id.Synonyms("tewas")); got != "[inggal dunia wafat gugur mati bunuh]" {
		t.Errorf("Synonyms(tewas) = %s", got)
	}
	if got := fmt.Sprint(id.Synonyms("inggal")); !strings.Contains(got, "tewas") {
		t.Errorf("Synonyms(inggal) = %s, want tewas among them", got)
	}
	if got := id.SynonymPhrases(); !slices.Contains(got, "inggal dunia") || !slices.Contains(got, "pala negara") {
		t.Errorf("SynonymPhrases() = %q, want inggal dunia and pala negara (Snowball drops ke-) among them", got)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, fold, normalize string }{
		{"António Guterres", "antonio guterres", "antónio guterres"},
		{"ＡＢＣ ﬁnal", "ａｂｃ ﬁnal", "abc final"},
		{"ÉCOLE", "ecole", "école"},
		{"bad \xff byte", "bad \ufffd byte", "bad  byte"},
	}
	for _, tt := range tests {
		if got := analysis.Fold(tt.in); got != tt.fold {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.fold)
		}
		if got := analysis.Normalize(tt.in); got != tt.normalize {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.normalize)
		}
	}
}

// A language without a stemmer is analysed without one.
func TestNoStemmer(t *testing.T) {
	an := analysis.New(&lang.Language{Code: "xx", Stop: lang.NewSet("qo")})
	toks := an.Analyze("Qo soldiers fighting-fighting")
	if got := terms(toks); got != "qo soldiers fighting" || !toks[0].Stop || toks[1].Stop {
		t.Errorf("terms %q, stops %v %v", got, toks[0].Stop, toks[1].Stop)
	}
}

func ExampleAnalyzer_Analyze() {
	id, _ := lang.Lookup("id")
	an := analysis.New(id)
	s := "Orang-orang Armenia menembaki kota itu."
	for _, t := range an.Analyze(s) {
		fmt.Printf("%-12q %-10s %-8s stop=%v\n", s[t.Start:t.End], t.Word, t.Term, t.Stop)
	}
	// Output:
	// "Orang-orang" orang      orang    stop=false
	// "Armenia"    armenia    armenia  stop=false
	// "menembaki"  menembaki  embak    stop=false
	// "kota"       kota       kota     stop=false
	// "itu"        itu        itu      stop=true
}

func FuzzAnalyze(f *testing.F) {
	f.Add("Senin pagi, (28/9/2020) @a #b https://x.y/z orang-orang 1.000 3,5")
	f.Add("-\u2011-'’.,/:")
	f.Add("masalah-masalah bersekolah ＡＢＣ")
	ans := []*analysis.Analyzer{analysis.New(builtin(f, "id")), analysis.New(builtin(f, "en"))}
	f.Fuzz(func(t *testing.T, s string) {
		for _, an := range ans {
			end := 0
			for _, tok := range an.Analyze(s) {
				if tok.Start < end || tok.End > len(s) || tok.Start >= tok.End {
					t.Fatalf("token %+v out of %q or out of order", tok, s)
				}
				end = tok.End
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
				l := builtin(b, bc.lang)
				an := analysis.New(l)
				if !cached {
					s, _ := stem.For(bc.lang)
					if len(l.Protected) > 0 {
						s = stem.Protect(s, l.Protected)
					}
					an = analysis.NewWithStemmer(l, s)
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

func TestInformalFilter(t *testing.T) {
	id := analysis.New(builtin(t, "id"))
	tests := []struct {
		in, words, typed string // typed: the rewritten words, "from>to"
	}{
		{"brp org yg tewas sih?", "berapa orang yang tewas sih", "brp>berapa org>orang yg>yang"},
		{"Knp Armenia bilang gitu dong", "kenapa armenia kata begitu dong", "knp>kenapa bilang>kata gitu>begitu"},
		{"parah bangettt", "parah sangat", "bangettt>sangat"},
		{"orang-orang tewas", "orang tewas", ""},
		{"Berapa korban?", "berapa korban", ""},
	}
	for _, tt := range tests {
		toks := id.Analyze(tt.in)
		var words []string
		for _, tok := range toks {
			words = append(words, tok.Word)
		}
		if got := strings.Join(words, " "); got != tt.words {
			t.Errorf("Analyze(%q): words %q, want %q", tt.in, got, tt.words)
		}
		var typed []string
		for _, tok := range toks {
			if from, ok := analysis.Typed(tt.in, tok); ok {
				typed = append(typed, from+">"+tok.Word)
			}
		}
		if got := strings.Join(typed, " "); got != tt.typed {
			t.Errorf("Typed in %q: %q, want %q", tt.in, got, tt.typed)
		}
	}
	// Particles are stop words.
	for _, tok := range id.Analyze("sih dong deh nih tuh") {
		if !tok.Stop {
			t.Errorf("particle %q is no stop word", tok.Word)
		}
	}
}
