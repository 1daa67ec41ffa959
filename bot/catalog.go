package bot

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// DefaultLang is the language of the bot's words when the user's has no
// catalog: Indonesian, kutip's first language.
const DefaultLang = "id"

// A Catalog holds the bot's own words in every language it speaks: one JSON
// file a language ("id.json", "en.json"), each a map from a message key to
// its text, or to its plural forms. Two keys describe the language itself:
// "_name", its name in its own words, and "_plural", the rule that picks a
// plural form: "none" (one form for every number), "one" (one, other),
// "zero-one" (0 and 1, other) or "slavic" (one, few, many). A Catalog is
// safe for concurrent use; it never changes once loaded.
type Catalog struct {
	langs map[string]*messages
	codes []string // sorted, DefaultLang first
}

type messages struct {
	name   string
	plural func(n int) int
	text   map[string][]string // key -> forms; one form unless it has plurals
}

//go:embed catalog/*.json
var catalogFiles embed.FS

// defaultCatalog is the embedded catalog, read once; it never changes.
var defaultCatalog = sync.OnceValue(func() *Catalog {
	sub, err := fs.Sub(catalogFiles, "catalog")
	if err != nil {
		panic(err) // the embedded folder is there: a build mistake
	}
	c, err := LoadCatalog(sub)
	if err != nil {
		panic(err) // the embedded files are checked by the tests
	}
	return c
})

// DefaultCatalog returns the catalog kutip ships with.
func DefaultCatalog() *Catalog { return defaultCatalog() }

// CatalogFiles returns the files of the catalog kutip ships with, for
// LoadCatalog to read with others.
func CatalogFiles() fs.FS {
	sub, _ := fs.Sub(catalogFiles, "catalog")
	return sub
}

// LoadCatalog reads the "*.json" files at the top of each fsys, one a
// language named by the file ("id.json"); a later fsys adds messages to a
// language an earlier one has, or adds a language.
func LoadCatalog(fsyss ...fs.FS) (*Catalog, error) {
	c := &Catalog{langs: map[string]*messages{}}
	for _, fsys := range fsyss {
		names, err := fs.Glob(fsys, "*.json")
		if err != nil {
			return nil, fmt.Errorf("catalog: %w", err)
		}
		for _, name := range names {
			if err := c.read(fsys, name); err != nil {
				return nil, err
			}
		}
	}
	if len(c.langs) == 0 {
		return nil, fmt.Errorf("catalog: no language files")
	}
	for code := range c.langs {
		c.codes = append(c.codes, code)
	}
	slices.SortFunc(c.codes, func(a, b string) int {
		switch {
		case a == DefaultLang:
			return -1
		case b == DefaultLang:
			return 1
		}
		return strings.Compare(a, b)
	})
	return c, nil
}

func (c *Catalog) read(fsys fs.FS, name string) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("catalog %s: %w", name, err)
	}
	code := strings.TrimSuffix(path.Base(name), ".json")
	m := c.langs[code]
	if m == nil {
		m = &messages{name: code, plural: pluralRules["none"], text: map[string][]string{}}
		c.langs[code] = m
	}
	for key, v := range raw {
		var forms []string
		var one string
		if err := json.Unmarshal(v, &one); err == nil {
			forms = []string{one}
		} else if err := json.Unmarshal(v, &forms); err != nil || len(forms) == 0 {
			return fmt.Errorf("catalog %s: %q is neither a text nor a list of plural forms", name, key)
		}
		switch key {
		case "_name":
			m.name = one
		case "_plural":
			rule, ok := pluralRules[one]
			if !ok {
				return fmt.Errorf("catalog %s: plural rule %q: want none, one, zero-one or slavic", name, one)
			}
			m.plural = rule
		default:
			m.text[key] = forms
		}
	}
	return nil
}

// pluralRules pick the plural form for a number, by index into the forms.
var pluralRules = map[string]func(n int) int{
	"none": func(int) int { return 0 },
	"one": func(n int) int {
		if n == 1 {
			return 0
		}
		return 1
	},
	"zero-one": func(n int) int {
		if n == 0 || n == 1 {
			return 0
		}
		return 1
	},
	"slavic": func(n int) int {
		switch {
		case n%10 == 1 && n%100 != 11:
			return 0
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return 1
		}
		return 2
	},
}

// Langs returns the catalog's language codes, DefaultLang first.
func (c *Catalog) Langs() []string { return slices.Clone(c.codes) }

// Name returns a language's name in its own words.
func (c *Catalog) Name(lang string) string { return c.messages(lang).name }

// Lang returns the catalog language for a platform's language code: "en-US"
// and "en_GB" are "en"; a language the catalog does not have, or "", is
// DefaultLang (or the catalog's first language without it).
func (c *Catalog) Lang(code string) string {
	code = strings.ToLower(code)
	if _, ok := c.langs[code]; ok {
		return code
	}
	if i := strings.IndexAny(code, "-_"); i > 0 {
		if _, ok := c.langs[code[:i]]; ok {
			return code[:i]
		}
	}
	return c.codes[0]
}

// Speaks reports whether the catalog has words in the language of a
// platform's language code ("en", "en-US", "en_GB") rather than falling
// back to its default.
func (c *Catalog) Speaks(code string) bool {
	lang, code := c.Lang(code), strings.ToLower(code)
	return lang == code || strings.HasPrefix(code, lang+"-") || strings.HasPrefix(code, lang+"_")
}

// Has reports whether the catalog speaks lang.
func (c *Catalog) Has(lang string) bool {
	_, ok := c.langs[lang]
	return ok
}

func (c *Catalog) messages(lang string) *messages {
	if m, ok := c.langs[lang]; ok {
		return m
	}
	return c.langs[c.codes[0]]
}

// T returns message key in lang, formatted with args as fmt.Sprintf does. A
// key lang lacks comes from the default language; a key no language has is
// returned as it is, so that a missing message shows, but breaks nothing.
func (c *Catalog) T(lang, key string, args ...any) string {
	return c.format(lang, key, 0, args)
}

// N is T for a message about n things: it picks the plural form for n, and
// n is the first argument.
func (c *Catalog) N(lang, key string, n int, args ...any) string {
	return c.format(lang, key, n, append([]any{n}, args...))
}

func (c *Catalog) format(lang, key string, n int, args []any) string {
	m := c.messages(lang)
	forms, ok := m.text[key]
	if !ok {
		m = c.langs[c.codes[0]]
		if forms, ok = m.text[key]; !ok {
			return key
		}
	}
	form := forms[min(max(m.plural(n), 0), len(forms)-1)]
	if len(args) == 0 {
		return form
	}
	return fmt.Sprintf(form, args...)
}

// keys returns the message keys of lang, sorted: for the tests.
func (c *Catalog) keys(lang string) []string {
	var out []string
	for k := range c.langs[lang].text {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
