// Package lang holds what kutip knows of each language it reads: stop words,
// synonyms, question words, the words of time and place, pronouns, speech
// verbs, roles, abbreviations and the rest. A language is one folder of plain
// text files (see [Load]); the built-in ones, Indonesian (id) and English
// (en), are the folders of this package's directory, embedded. Adding a
// language is adding a folder: no Go code changes.
//
// Package lang uses only the standard library, so that both corpus and qa can
// read it.
package lang

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// A Language is everything kutip knows of one language. Its fields are read
// only: the built-in languages are shared by every caller.
type Language struct {
	Code string // ISO 639-1: "id", "en"

	// Analysis.
	Stop      Set        // stop words: matched, but weigh little (stop.txt)
	Synonyms  [][]string // groups of words or phrases used for one another (synonyms.txt)
	Protected []string   // word endings the stemmer must keep whole: "masalah" (protected.txt)
	Nasal     []Nasal    // prefixes that drop the first consonant of their root: "men-" and "t" (nasal.txt)

	// Questions and answers.
	Questions  []Question // question words and what they ask for (questions.txt)
	YesNoFirst Set        // words that open a question that asks yes or no: "did" (yesno.txt)
	YesNoLast  Set        // words that close one: "tidak", as in "naik gak?" (yesno.txt)
	TimeWords  Set        // "tahun", "year": with a question word, ask for a time (time.txt)
	Calendar   Set        // months, days, parts of the day (calendar.txt)
	Numbers    Set        // number words: "dua", "two"; a sentence with one holds a number (numbers.txt)
	Reasons    Set        // words that give a reason: "karena", "because"; a sentence with one holds a reason (reasons.txt)
	NotNumber  Set        // a number word after one is no number: "salah" in "salah satu" (numbers.txt)
	TimePreps  Set        // a number after one is a time: "pada", "since" (prepositions.txt)
	PlacePreps Set        // a name after one is a place: "di", "in" (prepositions.txt)
	Pronouns   Set        // every pronoun, personal, demonstrative and possessive (pronouns.txt)
	Personal   Set        // the personal pronouns: "ia", "he" (pronouns.txt)

	// Sentences and quotations.
	TitleAbbrevs  Set      // abbreviations that never end a sentence: "dr", "mr" (abbreviations.txt)
	FinalAbbrevs  Set      // abbreviations that may end one: "dll", "etc" (abbreviations.txt)
	Related       []string // phrases that open a line linking to another article: "baca juga" (related.txt)
	SpeechVerbs   Set      // "kata", "said" (speech.txt)
	SayVerbs      Set      // with which a question asks what someone said: "kata", "say" (say.txt)
	SourcePhrases []string // "menurut", "according to", in the order they are tried (sources.txt)
	RoleWords     Set      // "presiden", "minister" (roles.txt)
	NameJoiners   Set      // lower-case words inside names: "bin", "of" (joiners.txt)

	// Chat and typos.
	Informal Informal // how the language is written in a chat (informal.txt)
	Words    WordList // its words, to tell a typo from another word (words.txt)

	// Other languages.
	Lexicons []Lexicon // bilingual word lists, one a language (<code>.txt: en.txt)
}

// A Lexicon is a bilingual word list from the folder's language to another,
// read from a file named by the other language's code: lang/id/en.txt holds
// Indonesian words and their English translations. It serves both ways: an
// English question about an Indonesian article, and an Indonesian one about
// an English article.
type Lexicon struct {
	To      string  // the other language's code
	Entries []Entry // in file order
}

// An Entry is one line of a lexicon: words and phrases of the folder's
// language, and the words and phrases of the other language that translate
// them. Every member of one side translates every member of the other.
type Entry struct {
	Words   []string // "meninggal dunia", "tewas"
	Foreign []string // "died", "killed"
}

// A Nasal is a prefix that drops the first consonant of the root it joins:
// "men" and "t", as in "menuduh" (me(N)- and "tuduh").
type Nasal struct {
	Prefix    string
	Consonant string
}

// A Question is one form of question word: one word, or two neighbouring
// words ("di mana", "how many", "tahun berapa"), and the kind of answer it
// asks for. A word of a form may be [AnyTimeWord].
type Question struct {
	Words []string
	Want  Want
}

// AnyTimeWord stands in a [Question] form for any time word of the
// languages in use: "<time> berapa" is "tahun berapa", "jam berapa", ...
const AnyTimeWord = "<time>"

// Want is the kind of answer a question asks for.
type Want uint8

// The kinds of answer.
const (
	WantAny    Want = iota // no question word, or one that asks for anything ("apa", "what")
	WantPerson             // siapa, who
	WantTime               // kapan, when, tahun berapa
	WantNumber             // berapa, how many, how much
	WantPlace              // di mana, where
	WantReason             // mengapa, kenapa, why
	WantManner             // bagaimana, how
	WantNone               // a question word that asks nothing by itself ("mana"): the next one decides
)

var wantNames = [...]string{"any", "person", "time", "number", "place", "reason", "manner", "-"}

func (w Want) String() string {
	if int(w) < len(wantNames) {
		return wantNames[w]
	}
	return fmt.Sprintf("Want(%d)", w)
}

// Set is a set of words. The zero Set is empty.
type Set struct{ m map[string]struct{} }

// NewSet returns the set of the given words.
func NewSet(words ...string) Set {
	s := Set{m: make(map[string]struct{}, len(words))}
	for _, w := range words {
		s.m[w] = struct{}{}
	}
	return s
}

// Has reports whether w is in the set.
func (s Set) Has(w string) bool {
	_, ok := s.m[w]
	return ok
}

// Len returns how many words the set holds.
func (s Set) Len() int { return len(s.m) }

// All returns the set's words, in no particular order.
func (s Set) All() []string {
	out := make([]string, 0, len(s.m))
	for w := range s.m {
		out = append(out, w)
	}
	return out
}

// Union returns the words of all the sets.
func Union(sets ...Set) Set {
	u := Set{m: map[string]struct{}{}}
	for _, s := range sets {
		for w := range s.m {
			u.m[w] = struct{}{}
		}
	}
	return u
}

func (s *Set) add(w string) {
	if s.m == nil {
		s.m = map[string]struct{}{}
	}
	s.m[w] = struct{}{}
}

// The built-in languages: every folder of this package's directory.
//
//go:embed */*.txt
var builtinFiles embed.FS

// first are the languages that come first among the built-in ones, in this
// order: Indonesian is the one [Detect] falls back on. The others follow by
// code.
var first = [...]string{"id", "en"}

var builtin = sync.OnceValues(func() ([]*Language, error) {
	entries, err := fs.ReadDir(builtinFiles, ".")
	if err != nil {
		return nil, err
	}
	var out []*Language
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		l, err := Load(builtinFiles, e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	rank := func(code string) int {
		if i := slices.Index(first[:], code); i >= 0 {
			return i
		}
		return len(first)
	}
	slices.SortStableFunc(out, func(a, b *Language) int {
		return cmp.Or(cmp.Compare(rank(a.Code), rank(b.Code)), strings.Compare(a.Code, b.Code))
	})
	return out, nil
})

// Builtin returns the built-in languages, Indonesian first, then English,
// then the others by code. They are parsed once and shared: treat them as
// read only. It panics if the embedded data do not parse, which the
// package's tests rule out.
func Builtin() []*Language {
	ls, err := builtin()
	if err != nil {
		panic("lang: built-in language: " + err.Error())
	}
	return append([]*Language(nil), ls...)
}

// Lookup returns the built-in language with an ISO 639-1 code. The code is
// matched without regard to case, and a region subtag is ignored: "EN-us" is
// "en".
func Lookup(code string) (*Language, bool) {
	code = BaseCode(code)
	for _, l := range Builtin() {
		if l.Code == code {
			return l, true
		}
	}
	return nil, false
}

// BaseCode returns a language code in lower case without its region:
// "pt-BR" and "pt_br" give "pt".
func BaseCode(code string) string {
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	return strings.ToLower(strings.TrimSpace(code))
}

// Load reads the language in the folder code of fsys: the files named in
// [Language] (stop.txt, synonyms.txt, questions.txt, ...). Each is UTF-8 text;
// "#" starts a comment that runs to the end of its line. A missing file is an
// empty list; a file of another name is an error, as a misspelt name would
// otherwise go unnoticed.
func Load(fsys fs.FS, code string) (*Language, error) {
	l := &Language{Code: code}
	entries, err := fs.ReadDir(fsys, code)
	if err != nil {
		return nil, fmt.Errorf("load language %s: %w", code, err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		parse, ok := parser(e.Name())
		if !ok {
			return nil, fmt.Errorf("load language %s: unknown file %s", code, e.Name())
		}
		b, err := fs.ReadFile(fsys, code+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("load language %s: %w", code, err)
		}
		if err := parse(l, lines(string(b))); err != nil {
			return nil, fmt.Errorf("load language %s: %s:%w", code, e.Name(), err)
		}
	}
	return l, nil
}
