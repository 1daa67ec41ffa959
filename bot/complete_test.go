package bot_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/bottest"
	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

func TestComplete(t *testing.T) {
	rt, _ := newRouter(t)
	// The chat asks gempa: its words are offered.
	if _, err := rt.Handle(t.Context(), bot.Request{Command: bot.CmdArticle, Args: "gempa", Chat: "discord:1"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, command, typed string
		first                string // the first choice's Name, "" for no choices
		want                 bot.Choice
	}{
		{"last word", bot.CmdAsk, "berapa ko", "berapa ko", bot.Choice{Name: "berapa korban", Value: "berapa korban"}},
		{"name", bot.CmdAsk, "apa kata Ridwan Ka", "apa kata Ridwan Ka", bot.Choice{Name: "apa kata Ridwan Kamil", Value: "apa kata Ridwan Kamil"}},
		{"case and accents", bot.CmdAsk, "cíanj", "cíanj", bot.Choice{Name: "Cianjur", Value: "Cianjur"}},
		{"next word", bot.CmdAsk, "siapa ", "siapa", bot.Choice{Name: "siapa Suharyanto", Value: "siapa Suharyanto"}},
		{"nothing typed", bot.CmdAsk, "", "Suharyanto", bot.Choice{Name: "korban", Value: "korban"}},
		{"preview", bot.CmdAsk, bottest.Question, bottest.Question, bot.Choice{Name: "» " + bottest.FirstAnswer, Value: bottest.Question}},
		{"speaker", bot.CmdQuote, "KAMIL", "Ridwan Kamil", bot.Choice{Name: "Ridwan Kamil", Value: "Ridwan Kamil"}},
		{"keyword", bot.CmdQuote, "korb", "korban", bot.Choice{Name: "korban", Value: "korban"}},
		{"speakers first", bot.CmdQuote, "", "Suharyanto", bot.Choice{Name: "Herman Suherman", Value: "Herman Suherman"}},
		{"article", bot.CmdArticle, "cianjur", bottest.GempaTitle, bot.Choice{Name: bottest.GempaTitle, Value: "gempa"}},
		{"article typo", bot.CmdArticle, "cianjru", bottest.GempaTitle, bot.Choice{Name: bottest.GempaTitle, Value: "gempa"}},
		{"articles", bot.CmdArticle, "", "Seluruh perpustakaan (2 artikel)", bot.Choice{Name: bottest.StormTitle, Value: "storm"}},
		{"library", bot.CmdArticle, "seluruh", "Seluruh perpustakaan (2 artikel)", bot.Choice{Name: "Seluruh perpustakaan (2 artikel)", Value: bot.LibraryArg}},
		{"article by id", bot.CmdArticle, "STORM", bottest.StormTitle, bot.Choice{Name: bottest.StormTitle, Value: "storm"}},
		{"no article", bot.CmdArticle, "mars", "", bot.Choice{}},
		{"other command", bot.CmdSummary, "x", "", bot.Choice{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rt.Complete(t.Context(), "discord:1", tt.command, tt.typed)
			if tt.first == "" {
				if len(got) > 0 {
					t.Fatalf("Complete(%q, %q) = %q, want none", tt.command, tt.typed, got)
				}
				return
			}
			if len(got) == 0 || got[0].Name != tt.first {
				t.Fatalf("Complete(%q, %q) = %q, want %q first", tt.command, tt.typed, got, tt.first)
			}
			found := false
			for _, c := range got {
				found = found || c == tt.want
			}
			if !found {
				t.Errorf("Complete(%q, %q) = %q, want %q among them", tt.command, tt.typed, got, tt.want)
			}
		})
	}
}

// TestCompleteLibrary: a chat that asks the whole library is offered its
// answers, from any article, and no article's words.
func TestCompleteLibrary(t *testing.T) {
	rt, _ := newRouter(t)
	got := rt.Complete(t.Context(), "discord:2", bot.CmdAsk, bottest.Library)
	want := []bot.Choice{{Name: bottest.Library, Value: bottest.Library}, {Name: "» " + bottest.Both, Value: bottest.Library},
		{Name: "» Gempa mengguncang Cianjur.", Value: bottest.Library}}
	if !slices.Equal(got, want[:len(got)]) || len(got) < 2 {
		t.Errorf("Complete(ask, %q) = %q, want %q", bottest.Library, got, want)
	}
	if got := rt.Complete(t.Context(), "discord:2", bot.CmdQuote, ""); len(got) > 0 {
		t.Errorf("Complete(quote) of the whole library = %q, want none", got)
	}
}

func TestCompleteFilters(t *testing.T) {
	rt, _ := newRouter(t)
	for _, c := range rt.Complete(t.Context(), "", bot.CmdAsk, "berapa ko") {
		if !strings.HasPrefix(strings.ToLower(c.Value), "berapa ko") {
			t.Errorf("choice %q does not continue what was typed", c)
		}
	}
	for _, c := range rt.Complete(t.Context(), "", bot.CmdQuote, "her") {
		if !strings.Contains(strings.ToLower(c.Value), "her") {
			t.Errorf("choice %q does not match what was typed", c)
		}
	}
}

// TestCompleteLimits runs the real engine over an article made to overflow
// Discord's limits.
func TestCompleteLimits(t *testing.T) {
	long := strings.Repeat("Mnatsakanyan ", 12) // 156 characters
	text := "Kata kunci " + strings.Repeat("🇦🇿 panjang ", 30) + "sekali di sini.\n\n"
	for i := range 40 {
		text += "Tokoh" + string(rune('A'+i%26)) + string(rune('a'+i/26)) + " berbicara.\n\n"
	}
	c := &corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("a", text)}}
	rt := bot.NewRouter(qa.New(c), bot.Options{})
	for _, typed := range []string{"", "kata", long, "Tokoh", strings.Repeat("🇦🇿", 60)} {
		got := rt.Complete(t.Context(), "", bot.CmdAsk, typed)
		if len(got) > bot.MaxChoices {
			t.Errorf("Complete(%.20q) gave %d choices, want at most %d", typed, len(got), bot.MaxChoices)
		}
		for _, ch := range got {
			checkChoice(t, ch)
		}
		if strings.TrimSpace(typed) != "" && bot.TextLen(typed) > bot.MaxChoiceLen && len(got) > 0 && got[0].Value == typed {
			t.Errorf("Complete(%.20q) offers a question too long to send", typed)
		}
	}
}

func checkChoice(t *testing.T, c bot.Choice) {
	t.Helper()
	for _, s := range []string{c.Name, c.Value} {
		if s == "" || bot.TextLen(s) > bot.MaxChoiceLen || !utf8.ValidString(s) {
			t.Errorf("choice %q: %q is empty, over %d characters or not UTF-8", c, s, bot.MaxChoiceLen)
		}
	}
}

func FuzzComplete(f *testing.F) {
	rt := bot.NewRouter(qa.New(corpus.Default()), bot.Options{})
	f.Add("ask", "berapa ko")
	f.Add("quote", "Ilham Al")
	f.Add("ask", " \u0301\xff")
	f.Fuzz(func(t *testing.T, command, typed string) {
		got := rt.Complete(t.Context(), "", command, typed)
		if len(got) > bot.MaxChoices {
			t.Fatalf("%d choices", len(got))
		}
		for _, c := range got {
			checkChoice(t, c)
		}
	})
}

func TestCutText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"kutip", 5, "kutip"},
		{"kutipan", 5, "kuti…"},
		{"héllo wörld", 6, "héllo…"},
		{"🇦🇿🇦🇲", 8, "🇦🇿🇦🇲"}, // a flag is two runes of two code units each
		{"🇦🇿🇦🇲", 7, "🇦🇿🇦…"},
		{"🇦🇿🇦🇲", 2, "…"},
		{"abc", 0, ""},
	}
	for _, tt := range tests {
		if got := bot.CutText(tt.in, tt.n); got != tt.want || bot.TextLen(got) > tt.n {
			t.Errorf("CutText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func BenchmarkComplete(b *testing.B) {
	rt := bot.NewRouter(qa.New(corpus.Default()), bot.Options{})
	for b.Loop() {
		rt.Complete(b.Context(), "", bot.CmdAsk, "berapa orang yang mening")
	}
}
