package qa_test

import (
	"fmt"
	"testing"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// TestRewrites checks how chat questions about the default article are
// read before they are searched, and that --explain can show it.
func TestRewrites(t *testing.T) {
	e := qa.New(corpus.Default())
	tests := []struct {
		q    string
		want string // the rewrites, as fmt prints them
	}{
		{"brp org yg tewas?", "[{brp berapa normalized} {org orang normalized} {yg yang normalized}]"},
		{"Berapa korbn tewass?", "[{korbn korban typo} {tewass tewas typo}]"},
		{"sp yg nembak kota terter", "[{sp siapa normalized} {yg yang normalized} {nembak menembak normalized}]"},
		{"knp azerbaijan nuduh armenia", "[{knp kenapa normalized} {nuduh menuduh normalized}]"},
		{"Berapa harga beras?", "[]"}, // "beras" is a word: never "berat"
		{"Berapa orang yang tewas?", "[]"},
	}
	for _, tt := range tests {
		ans, err := e.Ask(t.Context(), qa.Query{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(ans.Rewrites); got != tt.want {
			t.Errorf("%q: rewrites %s, want %s", tt.q, got, tt.want)
		}
	}
}
