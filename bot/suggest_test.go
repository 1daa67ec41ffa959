package bot_test

import (
	"fmt"
	"testing"

	"github.com/kutip/kutip/bot"
)

func TestSuggest(t *testing.T) {
	ids := []string{"banjir-garut-2024", "millbrook-spill-2025", "nagorno-karabakh-2020", "tarsier-sulawesi-2024"}
	commands := []string{"chat", "ask", "quotes", "eval", "bench", "stem", "fetch", "serve"}
	keys := []string{"corpus", "state_dir", "log_level", "links", "telegram", "discord"}
	tests := []struct {
		s       string
		choices []string
		want    string
	}{
		{"millbrook", ids, "millbrook-spill-2025"}, // a part
		{"milbrook", ids, "millbrook-spill-2025"},  // a part, misspelt
		{"nagorno", ids, "nagorno-karabakh-2020"},  // the start
		{"Tarsier-Sulawesi-2024", ids, "tarsier-sulawesi-2024"},
		{"2024", ids, ""}, // the part of two
		{"nope", ids, ""},
		{"aks", commands, "ask"}, // two letters swapped: one edit
		{"qoutes", commands, "quotes"},
		{"sreve", commands, "serve"},
		{"x", commands, ""},
		{"frobnicate", commands, ""},
		{"log_leve", keys, "log_level"},
		{"--corpsu", keys, "corpus"},
		{"telegarm", keys, "telegram"},
		{"", keys, ""},
	}
	for _, tt := range tests {
		if got := bot.Suggest(tt.s, tt.choices); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func ExampleSuggest() {
	fmt.Println(bot.Suggest("milbrook", []string{"banjir-garut-2024", "millbrook-spill-2025"}))
	fmt.Println(bot.Suggest("qoute", []string{"ask", "quotes", "quote"}))
	// Output:
	// millbrook-spill-2025
	// quote
}
