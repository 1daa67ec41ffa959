package lang_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/lang"
)

func TestBuiltin(t *testing.T) {
	ls := lang.Builtin()
	if len(ls) != 2 || ls[0].Code != "id" || ls[1].Code != "en" {
		t.Fatalf("Builtin() = %v, want id then en", ls)
	}
	for _, l := range ls {
		for name, n := range map[string]int{
			"stop words": l.Stop.Len(), "synonyms": len(l.Synonyms), "questions": len(l.Questions),
			"time words": l.TimeWords.Len(), "calendar": l.Calendar.Len(), "time prepositions": l.TimePreps.Len(),
			"place prepositions": l.PlacePreps.Len(), "pronouns": l.Pronouns.Len(), "personal pronouns": l.Personal.Len(),
			"title abbreviations": l.TitleAbbrevs.Len(), "final abbreviations": l.FinalAbbrevs.Len(),
			"related": len(l.Related), "speech verbs": l.SpeechVerbs.Len(), "source phrases": len(l.SourcePhrases),
			"role words": l.RoleWords.Len(), "name joiners": l.NameJoiners.Len(), "numbers": l.Numbers.Len(), "not numbers": l.NotNumber.Len(), "reasons": l.Reasons.Len(),
		} {
			if n == 0 {
				t.Errorf("%s has no %s", l.Code, name)
			}
		}
	}
	if id := ls[0]; len(id.Lexicons) != 1 || id.Lexicons[0].To != "en" || len(id.Lexicons[0].Entries) < 1500 {
		t.Errorf("id: lexicons %d, want one to en of 1500 entries or more", len(id.Lexicons))
	}
	if id, en := ls[0], ls[1]; !id.YesNoLast.Has("tidak") || !en.YesNoFirst.Has("did") {
		t.Errorf("yesno: id last tidak %v, en first did %v", id.YesNoLast.Has("tidak"), en.YesNoFirst.Has("did"))
	}
	if id := ls[0]; len(id.Nasal) == 0 || id.Nasal[0] != (lang.Nasal{Prefix: "men", Consonant: "t"}) {
		t.Errorf("id: nasal %v, want men t first", id.Nasal)
	}
	if id := ls[0]; len(id.Protected) == 0 || !id.Stop.Has("yang") || !id.Personal.Has("beliau") || id.Personal.Has("itu") || !id.Pronouns.Has("itu") {
		t.Errorf("id: protected %v, stop yang %v, personal beliau %v itu %v, pronoun itu %v", id.Protected,
			id.Stop.Has("yang"), id.Personal.Has("beliau"), id.Personal.Has("itu"), id.Pronouns.Has("itu"))
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		code string
		want string // "" for none
	}{
		{"id", "id"}, {"en", "en"}, {"EN-us", "en"}, {"id_ID", "id"}, {"fr", ""}, {"", ""},
	}
	for _, tt := range tests {
		l, ok := lang.Lookup(tt.code)
		got := ""
		if ok {
			got = l.Code
		}
		if got != tt.want {
			t.Errorf("Lookup(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestQuestions(t *testing.T) {
	id, _ := lang.Lookup("id")
	en, _ := lang.Lookup("en")
	tests := []struct {
		l     *lang.Language
		words string
		want  lang.Want
	}{
		{id, "siapa", lang.WantPerson},
		{id, "di mana", lang.WantPlace},
		{id, "mana", lang.WantNone},
		{id, "<time> berapa", lang.WantTime},
		{id, "berapa <time>", lang.WantTime},
		{id, "berapa hari", lang.WantNumber},
		{id, "berapa jam", lang.WantNumber},
		{en, "how many", lang.WantNumber},
		{en, "how long", lang.WantTime},
		{en, "what <time>", lang.WantTime},
	}
	for _, tt := range tests {
		i := slices.IndexFunc(tt.l.Questions, func(q lang.Question) bool { return strings.Join(q.Words, " ") == tt.words })
		if i < 0 {
			t.Errorf("%s: no question form %q", tt.l.Code, tt.words)
			continue
		}
		if got := tt.l.Questions[i].Want; got != tt.want {
			t.Errorf("%s: %q asks for %v, want %v", tt.l.Code, tt.words, got, tt.want)
		}
	}
}

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"xx/stop.txt":          {Data: []byte("# stop words\nqo qa # comment\nqi\n")},
		"xx/questions.txt":     {Data: []byte("kwo number\nkwo <time> time\n")},
		"xx/pronouns.txt":      {Data: []byte("personal: hu\ndemonstrative: zis\npossessive: hus\n")},
		"xx/synonyms.txt":      {Data: []byte("big,  large ,huge  one\n")},
		"xx/sources.txt":       {Data: []byte("according   to\n")},
		"xx/abbreviations.txt": {Data: []byte("title: dr\nfinal: etc\n")},
		"xx/en.txt":            {Data: []byte("# a lexicon\nmorto, mortinta = died , dead\nurbo =  town, city  centre\n")},
		"xx/README":            {Data: []byte("not read")},
	}
	l, err := lang.Load(fsys, "xx")
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintln(l.Code, l.Stop.Has("qa"), l.Stop.Has("comment"), l.Stop.Len(), l.Questions,
		l.Pronouns.Len(), l.Personal.Has("hu"), l.Personal.Has("zis"), l.Synonyms, l.SourcePhrases,
		l.TitleAbbrevs.Has("dr"), l.FinalAbbrevs.Has("etc"), l.Calendar.Len())
	want := "xx true false 3 [{[kwo] number} {[kwo <time>] time}] 3 true false [[big large huge one]] [according to] true true 0\n"
	if got != want {
		t.Errorf("Load = %s\nwant %s", got, want)
	}
	if got, want := fmt.Sprint(l.Lexicons), "[{en [{[morto mortinta] [died dead]} {[urbo] [town city centre]}]}]"; got != want {
		t.Errorf("Lexicons = %s, want %s", got, want)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		file, text, want string
	}{
		{"questions.txt", "who\n", "questions.txt:1: want one or two words"},
		{"questions.txt", "who person\nwhen wann\n", `questions.txt:2: unknown kind of answer "wann"`},
		{"questions.txt", "<time> time\n", "questions.txt:1: a form needs a word"},
		{"questions.txt", "di mana -\n", "questions.txt:1: only a form of one word"},
		{"pronouns.txt", "he she\n", `pronouns.txt:1: want a line "personal:" or "demonstrative:"`},
		{"prepositions.txt", "when: in\n", `prepositions.txt:1: want a line "time:" or "place:"`},
		{"synonyms.txt", "\n\nalone\n", "synonyms.txt:3: a group of synonyms needs two members"},
		{"stops.txt", "a\n", "unknown file stops.txt"},
		{"en.txt", "morto = died\nurbo town\n", `en.txt:2: want "words = en words"`},
		{"en.txt", "morto =\n", `en.txt:1: want "words = en words"`},
		{"en.txt", ", = died\n", `en.txt:1: want "words = en words"`},
		{"en.txt", "morto = died = dead\n", `en.txt:1: one "=" a line`},
		{"xx.txt", "morto = morto\n", "a lexicon from xx to itself"},
		{"eng.txt", "morto = died\n", "unknown file eng.txt"},
	}
	for _, tt := range tests {
		_, err := lang.Load(fstest.MapFS{"xx/" + tt.file: {Data: []byte(tt.text)}}, "xx")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "load language xx: ") {
			t.Errorf("Load(%s %q) error %v, want one with %q", tt.file, tt.text, err, tt.want)
		}
	}
	if _, err := lang.Load(fstest.MapFS{}, "zz"); err == nil {
		t.Error("Load of a missing folder gave no error")
	}
}

func TestDetect(t *testing.T) {
	ls := lang.Builtin()
	tests := []struct {
		text, want string
	}{
		{"Keduanya bentrok dengan menggunakan artileri berat, Senin pagi, dan pasukan itu mundur.", "id"},
		{"The fighting broke out on Sunday and the two sides blamed each other for it.", "en"},
		{"", "id"},
		{"12345 !!!", "id"},
		{"I don't know what it is.", "en"},
		{corpus.Default().Articles[0].Raw, "id"},
	}
	for _, tt := range tests {
		if got := lang.Detect(tt.text, ls); got.Code != tt.want {
			t.Errorf("Detect(%q) = %s, want %s", tt.text, got.Code, tt.want)
		}
	}
	if got := lang.Detect("the the the", nil); got != nil {
		t.Errorf("Detect with no languages = %v, want nil", got)
	}
	// Only the first 2000 words count.
	text := strings.Repeat("yang dan di ", 700) + strings.Repeat("the and of it ", 2000)
	if got := lang.Detect(text, ls); got.Code != "id" {
		t.Errorf("Detect read past its 2000 words: %s", got.Code)
	}
}

func ExampleDetect() {
	l := lang.Detect("Menteri Pertahanan Azerbaijan menyatakan pasukan Armenia telah menembaki kota Terter.", lang.Builtin())
	fmt.Println(l.Code)
	// Output: id
}

func FuzzDetect(f *testing.F) {
	f.Add("Ia tiba pada 1.000 u.s. don't jum'at 3,5 28/9/2020 orang-orang")
	f.Fuzz(func(t *testing.T, text string) {
		if l := lang.Detect(text, lang.Builtin()); l == nil {
			t.Fatal("no language")
		}
	})
}

func TestInformal(t *testing.T) {
	id, _ := lang.Lookup("id")
	in := &id.Informal
	for _, tt := range []struct{ in, want string }{
		{"brp", "berapa"}, {"org", "orang"}, {"gak", "tidak"}, {"bilang", "kata"},
		{"bangettt", "sangat"}, {"tewasss", "tewas"}, {"2000an", "2000an"}, {"korban", "korban"},
	} {
		if got := in.Read(tt.in); got != tt.want {
			t.Errorf("Read(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !in.Particles.Has("sih") || !in.Particles.Has("dong") {
		t.Errorf("particles %v lack sih or dong", in.Particles.All())
	}
	for _, tt := range []struct{ word, form string }{
		{"nuduh", "menuduh"}, {"nembak", "tembak"}, {"nyerang", "serang"}, {"ngebom", "bom"},
		{"ngirim", "kirim"}, {"mukul", "pukul"}, {"rumahny", "rumahnya"}, {"salahin", "salahkan"},
		{"nyalahin", "salahkan"}, {"dapet", "dapat"}, {"org2", "org"}, {"ketembak", "tertembak"},
	} {
		if forms := in.Forms(tt.word); !slices.Contains(forms, tt.form) {
			t.Errorf("Forms(%q) = %q, want %q among them", tt.word, forms, tt.form)
		}
	}
	if forms := in.Forms("ny"); len(forms) != 0 {
		t.Errorf("Forms(ny) = %q, want none: too little is left", forms)
	}
}

func TestWords(t *testing.T) {
	id, _ := lang.Lookup("id")
	en, _ := lang.Lookup("en")
	for _, tt := range []struct {
		l    *lang.Language
		word string
		want bool
	}{
		{id, "beras", true}, {id, "berat", true}, {id, "korban", true}, {id, "korbn", false},
		{id, "tewass", false}, {id, "guterres", false}, {en, "people", true}, {en, "peple", false},
	} {
		if got := tt.l.Words.Has(tt.word); got != tt.want {
			t.Errorf("%s: Words.Has(%q) = %v, want %v", tt.l.Code, tt.word, got, tt.want)
		}
	}
	if w := lang.NewWordList("b", "a", "b"); w.Len() != 2 || !w.Has("a") || w.Has("c") {
		t.Errorf("NewWordList(b, a, b): len %d", w.Len())
	}
}

func TestLoadInformalErrors(t *testing.T) {
	for _, text := range []string{"brp berapa", "brp = ", "ny- = s", "-ny = nya-x", "repeat: 1", "parti: sih", "a b = c"} {
		fsys := fstest.MapFS{"xx/informal.txt": {Data: []byte(text + "\n")}}
		if _, err := lang.Load(fsys, "xx"); err == nil {
			t.Errorf("informal.txt %q: no error", text)
		}
	}
	fsys := fstest.MapFS{"xx/words.txt": {Data: []byte("# header\nzeta\nalpha\n")}}
	l, err := lang.Load(fsys, "xx")
	if err != nil || !l.Words.Has("alpha") || !l.Words.Has("zeta") {
		t.Errorf("words.txt out of order: %v", err)
	}
}

// FuzzInformal loads any informal.txt: it loads or fails with an error,
// and what it loads reads any word without panicking, never giving the word
// itself back as one of its forms.
func FuzzInformal(f *testing.F) {
	f.Add("brp = berapa\nparticle: sih dong\nrepeat: 3\nny- = s-\n-ny = -nya\nnge- = -", "nyerangny")
	f.Add("-2 = -\n- = -", "org2")
	f.Fuzz(func(t *testing.T, text, word string) {
		l, err := lang.Load(fstest.MapFS{"xx/informal.txt": {Data: []byte(text)}}, "xx")
		if err != nil {
			return
		}
		_ = l.Informal.Read(word)
		for _, form := range l.Informal.Forms(word) {
			if form == word {
				t.Fatalf("Forms(%q) holds the word itself", word)
			}
		}
	})
}

// FuzzLoadLexicon: a lexicon file either loads or names its line; what
// loads has words on both sides, none holding a separator.
func FuzzLoadLexicon(f *testing.F) {
	f.Add("meninggal dunia, tewas = died, killed # comment\nkota = city\n")
	f.Add("= ,\n,=\na=b=c\n")
	f.Fuzz(func(t *testing.T, text string) {
		l, err := lang.Load(fstest.MapFS{"xx/en.txt": {Data: []byte(text)}}, "xx")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "load language xx: en.txt:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, lx := range l.Lexicons {
			for _, e := range lx.Entries {
				if len(e.Words) == 0 || len(e.Foreign) == 0 {
					t.Fatalf("entry %+v has an empty side", e)
				}
				for _, w := range append(slices.Clone(e.Words), e.Foreign...) {
					if w == "" || strings.ContainsAny(w, "=,#\n") || w != strings.TrimSpace(w) {
						t.Fatalf("word %q of entry %+v", w, e)
					}
				}
			}
		}
	})
}
