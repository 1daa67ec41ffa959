package qa

import (
	"slices"
	"testing"

	"github.com/kutip/kutip/corpus"
)

func TestNasalAlts(t *testing.T) {
	e := New(&corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("a", `---
language: id
---
Azerbaijan menuduh Armenia menembaki kota Terter.
Bantuan dikirim ke desa.`)}})
	ix := e.lib.Load().indexes[0]
	tests := []struct {
		word string
		want string // the article's term the question's word also finds; "" for none
	}{
		{"dituduh", "uduh"},      // the question's passive, the article's me(N)- form
		{"ditembak", "embak"},    // likewise
		{"mengirimkan", "kirim"}, // the question's me(N)- form, the article's passive
		{"tuduhan", "uduh"},
		{"kota", ""}, // no prefix, and no "ota" in the article
	}
	for _, tt := range tests {
		tok := ix.an.Analyze(tt.word)[0]
		got := ""
		for _, a := range ix.nasalAlts(tok, nil, 0) {
			got = ix.termText(a.term)
		}
		if got != tt.want {
			t.Errorf("nasalAlts(%q) finds %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestAccentAlts(t *testing.T) {
	e := New(&corpus.Corpus{Articles: []*corpus.Article{corpus.Parse("a", `---
language: en
---
Armando Pérez is a rapper.
The term shèngnǚ is a slur.
Antonio Perez met him.`)}})
	ix := e.lib.Load().indexes[0]
	tests := []struct {
		word string
		want []string // the article's words the question's word also finds
	}{
		{"perez", []string{"pérez"}}, // and "perez" itself, exactly
		{"Pérez", []string{"perez"}},
		{"shengnü", []string{"shèngnǚ"}},
		{"rapper", nil},
	}
	for _, tt := range tests {
		tok := ix.an.Analyze(tt.word)[0]
		var got []string
		for _, a := range ix.accentAlts(tok, nil, 0) {
			for _, v := range ix.byLen {
				for _, w := range v {
					if w.term == a.term && ix.word(w) != tok.Word {
						got = append(got, ix.word(w))
					}
				}
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("accentAlts(%q) finds %q, want %q", tt.word, got, tt.want)
		}
	}
}
