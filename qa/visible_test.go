package qa_test

import (
	"testing"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

// TestVisible asks the whole library through Query.Visible: only the
// articles it lets through answer.
func TestVisible(t *testing.T) {
	c := &corpus.Corpus{Articles: []*corpus.Article{
		corpus.Parse("banjir", "Banjir merendam dua belas desa di Kabupaten Bandung."),
		corpus.Parse("gempa", "Gempa mengguncang dua belas desa di Cianjur."),
	}}
	e := qa.New(c)
	tests := []struct {
		name    string
		visible func(string) bool
		want    []string // the articles of the hits
	}{
		{"all", nil, []string{"banjir", "gempa"}},
		{"one", func(id string) bool { return id == "gempa" }, []string{"gempa"}},
		{"none", func(string) bool { return false }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, err := e.Ask(t.Context(), qa.Query{Text: "dua belas desa", N: 5, Visible: tt.visible})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, h := range ans.Hits {
				got[h.Article] = true
			}
			if len(got) != len(tt.want) {
				t.Errorf("hits from %v, want %v", got, tt.want)
			}
			for _, id := range tt.want {
				if !got[id] {
					t.Errorf("no hit from %s: %v", id, got)
				}
			}
			if len(tt.want) == 0 && !ans.Abstained {
				t.Errorf("no article to ask, and it does not abstain: %+v", ans)
			}
		})
	}
}
