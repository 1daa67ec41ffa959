package bot

import (
	"slices"
	"strings"
	"testing"

	"github.com/kutip/kutip/corpus"
	"github.com/kutip/kutip/qa"
)

func article(id, title, published string) qa.ArticleInfo {
	return qa.ArticleInfo{ID: id, Meta: corpus.Meta{Title: title, Published: published}}
}

func ids(as []qa.ArticleInfo) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func TestNewest(t *testing.T) {
	all := []qa.ArticleInfo{
		article("tua", "Zaman dulu", "2019-05-01"),
		article("tanpa-tanggal", "Apa saja", ""),
		article("jam", "Berita sore", "2024-11-18T17:00:00+07:00"),
		article("pagi", "Berita pagi", "2024-11-18 08:00"),
		article("hari", "Berita hari itu", "2024-11-18"),
		article("b", "Sama", "2020-01-01"),
		article("a", "Sama", "2020-01-01"),
		article("aneh", "Tanggal aneh", "kemarin"),
	}
	want := []string{"jam", "pagi", "hari", "a", "b", "tua", "tanpa-tanggal", "aneh"}
	if got := ids(newest(all)); !slices.Equal(got, want) {
		t.Errorf("newest = %q, want %q: by date, then title, then id; no date last", got, want)
	}
}

func TestFindArticles(t *testing.T) {
	all := newest([]qa.ArticleInfo{
		article("banjir-garut-2024", "Banjir Bandang Terjang Garut, 11 Warga Meninggal", "2024-11-18"),
		article("harga-beras-2025", "Harga Beras Medium Tembus Rp15.000 per Kilogram", "2025-02-10"),
		article("indonesia-masters-2025", "Dimas Arya Saputra Juara Indonesia Masters 2025", "2025-01-26"),
		article("millbrook-spill-2025", "Judge orders Dalton Chemical to pay $48.5 million over Millbrook River spill", "2025-03-04"),
		article("nagorno-karabakh-2020", "Konflik Armenia-Azerbaijan di Nagorno-Karabakh", "2020-09-28"),
		article("2024", "Kilas balik", ""),
	})
	tests := []struct {
		arg     string
		library bool
		want    []string
	}{
		{"0", true, nil},
		{"banjir-garut-2024", false, []string{"banjir-garut-2024"}},
		{"BANJIR-GARUT-2024", false, []string{"banjir-garut-2024"}}, // case is ignored
		{"2024", false, []string{"2024"}},                           // an id, before a number or a word
		{"1", false, []string{"millbrook-spill-2025"}},              // the newest
		{"5", false, []string{"nagorno-karabakh-2020"}},
		{"7", false, nil}, // no seventh
		{"mill", false, []string{"millbrook-spill-2025"}},
		{"garut", false, []string{"banjir-garut-2024"}},
		{"harga beras", false, []string{"harga-beras-2025"}},
		{"Beras harga", false, []string{"harga-beras-2025"}}, // any order
		{"azerbaijan", false, []string{"nagorno-karabakh-2020"}},
		{"karabah", false, []string{"nagorno-karabakh-2020"}},                                           // the start of a word
		{"millbrok rivr", false, []string{"millbrook-spill-2025"}},                                      // typos
		{"2025", false, []string{"harga-beras-2025", "indonesia-masters-2025", "millbrook-spill-2025"}}, // several, newest first
		{"ban", false, []string{"banjir-garut-2024"}},
		{"piala dunia", false, nil},
		{"gar", false, []string{"banjir-garut-2024"}},
		{"xyz", false, nil},
		{"!!", false, nil},
	}
	for _, tt := range tests {
		library, found := findArticles(tt.arg, all)
		got := ids(found)
		slices.Sort(got)
		if library != tt.library || !slices.Equal(got, tt.want) {
			t.Errorf("findArticles(%q) = %v, %q; want %v, %q", tt.arg, library, got, tt.library, tt.want)
		}
	}
}

func FuzzFindArticles(f *testing.F) {
	all := []qa.ArticleInfo{article("gempa", "Gempa M 5,6 Guncang Cianjur", "2022-11-21"), article("storm", "Storm hits the coast", "")}
	for _, s := range []string{"0", "2", "gempa", "cianjru", "storm coast", "\xff", " "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		library, found := findArticles(arg, all)
		if library && len(found) > 0 {
			t.Fatalf("findArticles(%q): the library and articles", arg)
		}
		for _, a := range found {
			if !slices.ContainsFunc(all, func(b qa.ArticleInfo) bool { return b.ID == a.ID }) {
				t.Fatalf("findArticles(%q) found %q, not in the library", arg, a.ID)
			}
		}
	})
}

// TestArticleButtons: the data of an article list's buttons fits every
// platform, and reads back as the request it stands for.
func TestArticleButtons(t *testing.T) {
	long := strings.Repeat("panjang-", 10)
	for _, tt := range []struct {
		data string
		want Request
	}{
		{PickButton(Pick{Number: 3, Arg: "gempa"}), Request{Command: CmdArticle, Args: "gempa"}},
		{PickButton(Pick{Arg: LibraryArg}), Request{Command: CmdArticle, Args: LibraryArg}},
		{PickButton(Pick{Number: 42, Arg: long}), Request{Command: CmdArticle, Args: "42"}}, // too long: its number
		{PageButton(8), Request{Command: CmdArticle, Offset: 8}},
	} {
		got, ok := ParseArticleButton(tt.data)
		if !ok || got != tt.want || len(tt.data) > MaxButtonData {
			t.Errorf("ParseArticleButton(%q) = %+v, %v; want %+v, in %d bytes", tt.data, got, ok, tt.want, MaxButtonData)
		}
	}
	for _, data := range []string{"", "article:", "article: ", "articles:-1", "articles:08", "articles:x", "vote:abc:up", "more:3:ask:x"} {
		if got, ok := ParseArticleButton(data); ok {
			t.Errorf("ParseArticleButton(%q) = %+v, want it refused", data, got)
		}
	}
}

func FuzzParseArticleButton(f *testing.F) {
	for _, s := range []string{"article:gempa", "articles:8", "articles:", "article:0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		req, ok := ParseArticleButton(data)
		if !ok {
			return
		}
		if req.Command != CmdArticle || req.Offset < 0 || req.Args != "" && req.Offset != 0 {
			t.Fatalf("ParseArticleButton(%q) = %+v", data, req)
		}
		if req.Args == "" && PageButton(req.Offset) != data {
			t.Fatalf("ParseArticleButton(%q) = offset %d, which PageButton writes %q", data, req.Offset, PageButton(req.Offset))
		}
	})
}
