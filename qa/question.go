package qa

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
)

func (w Want) String() string {
	return [...]string{"any", "person", "time", "number", "place", "reason", "manner"}[w]
}

// questionWords maps a folded question word to what it asks for.
var questionWords = map[string]Want{
	"apa": WantAny, "apakah": WantAny, "manakah": WantAny, "what": WantAny, "which": WantAny,
	"siapa": WantPerson, "siapakah": WantPerson, "who": WantPerson, "whom": WantPerson, "whose": WantPerson,
	"kapan": WantTime, "kapankah": WantTime, "bilamana": WantTime, "when": WantTime,
	"berapa": WantNumber, "berapakah": WantNumber, "seberapa": WantNumber,
	"dimana": WantPlace, "dimanakah": WantPlace, "kemana": WantPlace, "darimana": WantPlace, "where": WantPlace,
	"mengapa": WantReason, "kenapa": WantReason, "why": WantReason,
	"bagaimana": WantManner, "bagaimanakah": WantManner, "how": WantManner,
}

// timeWords turn "berapa" into a question about time: "tahun berapa", "berapa tanggal".
var timeWords = map[string]bool{
	"tahun": true, "tanggal": true, "tgl": true, "bulan": true, "abad": true, "pukul": true, "jam": true, "hari": true,
	"year": true, "date": true, "month": true, "century": true, "time": true, "day": true,
}

// QuestionWant returns what a question's question word asks for.
func QuestionWant(toks []Token) Want {
	for i, t := range toks {
		w, ok := questionWords[t.Word]
		if !ok {
			if t.Word == "mana" && i > 0 && (toks[i-1].Word == "di" || toks[i-1].Word == "ke" || toks[i-1].Word == "dari") {
				return WantPlace
			}
			continue
		}
		next, prev := "", ""
		if i+1 < len(toks) {
			next = toks[i+1].Word
		}
		if i > 0 {
			prev = toks[i-1].Word
		}
		switch {
		case w == WantNumber && (timeWords[prev] || timeWords[next] && next != "hari" && next != "jam"):
			return WantTime
		case w == WantManner && (next == "many" || next == "much" || next == "long" || next == "old" || next == "far"):
			if next == "long" {
				return WantTime
			}
			return WantNumber
		case w == WantAny && (timeWords[next] || next == "year"):
			return WantTime // "what year", "apa tahun"
		}
		return w
	}
	return WantAny
}

// isQuestionWord reports whether a folded word is a question word.
func isQuestionWord(w string) bool {
	_, ok := questionWords[w]
	return ok || w == "mana"
}
