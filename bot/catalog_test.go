package bot

import (
	"regexp"
	"slices"
	"testing"
	"testing/fstest"
)

// verbs are the fmt verbs of a message, in order.
var verbs = regexp.MustCompile(`%[-+# 0]*[0-9]*[a-zA-Z%]`)

// TestCatalogComplete: every language has every message of the default
// language, with the same fmt verbs in the same order, and every command of
// the table has its words.
func TestCatalogComplete(t *testing.T) {
	cat := DefaultCatalog()
	if got := cat.Langs(); !slices.Equal(got, []string{"id", "en"}) {
		t.Fatalf("languages %q, want id first, then en", got)
	}
	want := cat.keys(DefaultLang)
	for _, c := range DefaultCommands() {
		keys := []string{"cmd." + c.Name}
		if c.Arg != nil {
			keys = append(keys, "cmd."+c.Name+".arg", "cmd."+c.Name+".arg.desc")
		}
		for _, k := range keys {
			if !slices.Contains(want, k) {
				t.Errorf("command /%s: no message %q", c.Name, k)
			}
		}
	}
	for _, lang := range cat.Langs() {
		if got := cat.keys(lang); !slices.Equal(got, want) {
			t.Errorf("%s has messages %q, want %q", lang, got, want)
		}
		for _, k := range want {
			for i, form := range cat.langs[lang].text[k] {
				base := cat.langs[DefaultLang].text[k][0]
				if g, w := verbs.FindAllString(form, -1), verbs.FindAllString(base, -1); !slices.Equal(g, w) {
					t.Errorf("%s %q form %d has verbs %q, want %q as in %s", lang, k, i, g, w, DefaultLang)
				}
			}
		}
		if cat.Name(lang) == lang {
			t.Errorf("%s has no _name", lang)
		}
	}
}

func TestCatalogPlural(t *testing.T) {
	cat := DefaultCatalog()
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "1 sentence matched"},
		{"en", 2, "2 sentences matched"},
		{"en", 0, "0 sentences matched"},
		{"id", 1, "1 kalimat cocok"},
		{"id", 5, "5 kalimat cocok"},
	}
	for _, tt := range tests {
		if got := cat.N(tt.lang, "answer.matched", tt.n); got != tt.want {
			t.Errorf("N(%s, answer.matched, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	for _, tt := range []struct {
		rule string
		n    []int
		want []int
	}{
		{"none", []int{0, 1, 2}, []int{0, 0, 0}},
		{"one", []int{0, 1, 2, 11}, []int{1, 0, 1, 1}},
		{"zero-one", []int{0, 1, 2}, []int{0, 0, 1}},
		{"slavic", []int{1, 2, 5, 11, 12, 21, 22, 25, 111}, []int{0, 1, 2, 2, 2, 0, 1, 2, 2}},
	} {
		for i, n := range tt.n {
			if got := pluralRules[tt.rule](n); got != tt.want[i] {
				t.Errorf("rule %s(%d) = %d, want %d", tt.rule, n, got, tt.want[i])
			}
		}
	}
}

func TestCatalogLang(t *testing.T) {
	cat := DefaultCatalog()
	for code, want := range map[string]string{"": "id", "id": "id", "en": "en", "en-US": "en", "EN_gb": "en", "fr": "id", "e": "id", "english": "id"} {
		if got := cat.Lang(code); got != want {
			t.Errorf("Lang(%q) = %q, want %q", code, got, want)
		}
	}
	if got := cat.T("en", "no.such.key"); got != "no.such.key" {
		t.Errorf("a missing key shows as %q, want the key", got)
	}
	if got := cat.T("fr", "answer.none"); got != "Artikel tidak menyebutkan hal itu." {
		t.Errorf("a language without a catalog gets %q, want Indonesian", got)
	}
}

// TestCatalogAddLanguage: a language is one more catalog file.
func TestCatalogAddLanguage(t *testing.T) {
	cat, err := LoadCatalog(CatalogFiles(), catalogFS(map[string]string{
		"fr.json": `{"_name": "Français", "_plural": "zero-one", "answer.matched": ["%d phrase trouvée", "%d phrases trouvées"], "answer.none": "L'article ne le dit pas."}`,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.Lang("fr-CA"); got != "fr" {
		t.Errorf("Lang(fr-CA) = %q, want fr", got)
	}
	if got, want := cat.N("fr", "answer.matched", 1), "1 phrase trouvée"; got != want {
		t.Errorf("one: %q, want %q", got, want)
	}
	if got, want := cat.N("fr", "answer.matched", 3), "3 phrases trouvées"; got != want {
		t.Errorf("three: %q, want %q", got, want)
	}
	if got := cat.T("fr", "answer.source"); got != "Sumber" {
		t.Errorf("a message fr lacks: %q, want the default language's", got)
	}
}

func TestLoadCatalogErrors(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"not json":    {"id.json": `{`},
		"bad value":   {"id.json": `{"a": 1}`},
		"bad plural":  {"id.json": `{"_plural": "dual"}`},
		"empty forms": {"id.json": `{"a": []}`},
		"no files":    {"README": "x"},
	} {
		if _, err := LoadCatalog(catalogFS(files)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func catalogFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}
