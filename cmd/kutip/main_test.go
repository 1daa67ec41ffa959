package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kutip/kutip/internal/golden"
)

// TestGolden pins what kutip prints, with the real engine over the embedded
// article: a change to ranking or to any reply shows here as a diff.
func TestGolden(t *testing.T) {
	const session = "Berapa orang yang tewas?\n/quotes\n/quote Gutteres\n/summary\n/source\n/article\n/help\n" +
		"/ask Siapa pemenang Piala Dunia 2018?\n\n/nope\n/quit\nnot read\n"
	tests := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"ask", "", []string{"ask", "Berapa orang yang tewas?"}},
		{"ask-k1", "", []string{"ask", "-k", "1", "Kapan bentrokan terjadi?"}},
		{"ask-abstains", "", []string{"ask", "Siapa pemenang Piala Dunia 2018?"}},
		{"ask-json", "", []string{"ask", "--json", "-k", "2", "Berapa orang yang tewas?"}},
		{"ask-json-abstains", "", []string{"ask", "--json", "What is the capital of Japan?"}},
		{"ask-explain", "", []string{"ask", "--explain", "-k", "2", "Apa kata Presiden Azerbaijan Ilham Aliyev?"}},
		{"ask-json-explain", "", []string{"ask", "--json", "--explain", "-k", "2", "Berapa orang yang tewas?"}},
		{"ask-explain-translated", "", []string{"ask", "--explain", "-k", "2", "How many people died?"}},
		{"ask-explain-chat", "", []string{"ask", "--explain", "-k", "1", "sp yg nembak kota terterr?"}}, // normalized, a colloquial verb, a typo
		{"quotes", "", []string{"quotes"}},
		{"quotes-json", "", []string{"quotes", "--json", "--speaker", "guterres"}},
		{"chat", session, nil},
		{"chat-en", session, []string{"chat", "--lang", "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := kutip(t, tt.stdin, nil, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", tt.name+".txt"), []byte(out))
		})
	}
}

// kutip runs the program with args and an environment, as main would.
func kutip(t *testing.T, stdin string, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err = run(t.Context(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestAskJSON(t *testing.T) {
	out, _, err := kutip(t, "", nil, "ask", "--json", "-k", "2", "Berapa", "orang", "yang", "tewas?")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Question  string `json:"question"`
		Abstained bool   `json:"abstained"`
		Results   []struct {
			Text      string  `json:"text"`
			Score     float64 `json:"score"`
			Article   string  `json:"article"`
			Paragraph int     `json:"paragraph"`
			Sentence  int     `json:"sentence"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	// One: the second best shares only "orang" (bot.MinScoreRatio).
	if got.Question != "Berapa orang yang tewas?" || got.Abstained || len(got.Results) != 1 {
		t.Fatalf("got %+v", got)
	}
	r := got.Results[0]
	if !strings.Contains(r.Text, "15 orang meninggal dunia") || r.Article != "nagorno-karabakh-2020" || r.Sentence != 2 || r.Score <= 0 {
		t.Errorf("top result %+v", r)
	}
}

func TestAskAbstainsJSON(t *testing.T) {
	out, _, err := kutip(t, "", nil, "ask", "--json", "What is the capital of Japan?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `"abstained": true`) || !strings.Contains(out, `"results": []`) {
		t.Errorf("got %s", out)
	}
}

func TestQuotesJSON(t *testing.T) {
	out, _, err := kutip(t, "", nil, "quotes", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var qs []struct{ Text, Speaker, Article string }
	if err := json.Unmarshal([]byte(out), &qs); err != nil {
		t.Fatal(err)
	}
	var speakers []string
	for _, q := range qs {
		speakers = append(speakers, q.Speaker)
	}
	if got := strings.Join(speakers, ", "); got != "Zohrab Mnatsakanyan, Kemenlu, Ilham Aliyev, Antonio Guterres" {
		t.Errorf("speakers: %s", got)
	}
	out, _, _ = kutip(t, "", nil, "quotes", "--speaker", "aliyev")
	if !strings.Contains(out, "Ilham Aliyev") || strings.Contains(out, "Guterres") {
		t.Errorf("--speaker aliyev:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"ask"},
		{"ask", "--nope", "x"},
		{"ask", "-k", "0", "x"},
		{"stem", "--lang", "xx", "word"},
		{"eval", "--qa", "x.jsonl"},
		{"quotes", "extra"},
		{"chat", "--lang", "fr"},
		{"ask", "--article", "nope", "x"},
	} {
		_, _, err := kutip(t, "", nil, args...)
		if !errors.As(err, new(usageError)) {
			t.Errorf("kutip %v: %v, want a usage error", args, err)
		}
		if msg := fmt.Sprint(err); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "kutip") || strings.Contains(msg, "kutip: kutip") {
			t.Errorf("kutip %v: error %q is not one line that names the command once", args, msg)
		}
	}
}

// TestErrors pins what kutip says of each mistake a newcomer makes, in a
// golden file: one line on standard error that names the command as typed,
// once, and the fix, nothing on standard output, and the exit status.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("typo.yaml", "corpus: \"\"\nlog_leve: debug\n")
	write("nested.yaml", "telegram:\n  api_endpoint: \"\"\n  webhook_ulr: https://x.example\n")
	write("token.yaml", "discord:\n  token: abc\n")
	write("type.yaml", "discord:\n  shard_id: many\n")
	write("syntax.yaml", "corpus: [broken\n")
	write("broken.md", "---\ntitle: [broken\n---\nIsi artikel.\n")
	write("open.md", "---\ntitle: Terbuka\nIsi artikel.\n")
	tests := [][]string{
		{"--nope"},
		{"--corpsu", "x"},
		{"chat", "--nope"},
		{"frobnicate"},
		{"aks", "Berapa orang yang tewas?"},
		{"ask"},
		{"ask", "--nope", "x"},
		{"ask", "--jsn", "x"},
		{"ask", "-k"},
		{"ask", "-k", "zero", "x"},
		{"ask", "-k", "0", "x"},
		{"ask", "--article", "nope", "x"},
		{"ask", "--article", "nagorno", "x"},
		{"ask", "--corpus", "$DIR/broken.md", "x"},
		{"ask", "--corpus", "$DIR/open.md", "x"},
		{"ask", "--corpus", "$DIR/missing.md", "x"},
		{"chat", "--lang", "fr"},
		{"chat", "extra", "words"},
		{"quotes", "extra"},
		{"stem", "--lang", "xx", "word"},
		{"eval", "--qa", "x.jsonl"},
		{"serve", "--config", "$DIR/typo.yaml"},
		{"serve", "--config", "$DIR/nested.yaml"},
		{"serve", "--config", "$DIR/token.yaml"},
		{"serve", "--config", "$DIR/type.yaml"},
		{"serve", "--config", "$DIR/syntax.yaml"},
		{"serve"},
	}
	var b strings.Builder
	for _, args := range tests {
		for i, a := range args {
			args[i] = strings.ReplaceAll(a, "$DIR", dir)
		}
		out, _, err := kutip(t, "", nil, args...)
		msg := strings.ReplaceAll(fmt.Sprint(err), dir, "$DIR")
		fmt.Fprintf(&b, "$ kutip %s\n%s\nexit %d\n\n", strings.ReplaceAll(strings.Join(args, " "), dir, "$DIR"), msg, exitCode(err))
		prefix, _, _ := strings.Cut(msg, ": ")
		if err == nil || strings.Contains(msg, "\n") || !strings.HasPrefix(prefix, "kutip") || strings.Count(msg, prefix+":") != 1 || strings.Contains(msg, "kutip: kutip") {
			t.Errorf("kutip %q: %q is not one line that names the command once", args, msg)
		}
		if out != "" {
			t.Errorf("kutip %q printed on standard output:\n%s", args, out)
		}
	}
	golden.Check(t, filepath.Join("testdata", "golden", "errors.txt"), []byte(b.String()))
}

func TestMissingCorpus(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.md")
	_, _, err := kutip(t, "", nil, "ask", "--corpus", path, "x")
	if err == nil || !strings.Contains(err.Error(), path) || errors.As(err, new(usageError)) {
		t.Errorf("missing corpus: %v", err)
	}
	_, _, err = kutip(t, "", map[string]string{"KUTIP_CORPUS": path}, "ask", "x")
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("missing KUTIP_CORPUS: %v", err)
	}
}

func TestChatPiped(t *testing.T) {
	in := "Berapa orang yang tewas?\n/quote Gutteres\n/source\n/help\n/quit\nnever read\n"
	out, _, err := kutip(t, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"15 orang meninggal dunia", "sangat prihatin", "TribunnewsWiki.com", "/summary"} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("ANSI escapes in piped output")
	}
}

// TestQuotesBySpeaker: --speaker finds a speaker by the full name the
// article gave first, though the quotation names them by one name, and
// /quote by the role in apposition.
func TestQuotesBySpeaker(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "banjir.md"), []byte("Penjabat Gubernur DKI Jakarta, Heru Budi Hartono, meninjau Cawang.\n\n"+
		"\"Kami sudah menyiapkan 40 pompa air,\" kata Heru di Cawang.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "storm.md"), []byte("The storm hit on Monday.\n\n\"We will win,\" said John Smith, the mayor.\n"), 0o644)
	out, _, err := kutip(t, "", nil, "quotes", "--corpus", dir, "--speaker", "heru budi")
	if err != nil || !strings.Contains(out, "Heru Budi Hartono") || !strings.Contains(out, "40 pompa air") {
		t.Errorf("--speaker \"heru budi\": %v\n%s", err, out)
	}
	out, _, err = kutip(t, "/article storm\n/quote mayor\n", nil, "chat", "--corpus", dir)
	if err != nil || !strings.Contains(out, "— John Smith, the mayor") {
		t.Errorf("/quote mayor: %v\n%s", err, out)
	}
}

func TestStem(t *testing.T) {
	out, _, err := kutip(t, "", nil, "stem", "--lang", "id", "menembaki", "perdamaian")
	if err != nil || out != "embak\ndamai\n" {
		t.Errorf("stem args: %q, %v", out, err)
	}
	out, _, err = kutip(t, "running\nflies\n", nil, "stem", "--lang", "en")
	if err != nil || out != "run\nfli\n" {
		t.Errorf("stem stdin: %q, %v", out, err)
	}
}

func TestEvalAndBench(t *testing.T) {
	dir := t.TempDir()
	articles := filepath.Join(dir, "articles")
	os.MkdirAll(articles, 0o755)
	os.WriteFile(filepath.Join(articles, "a.txt"), []byte("Kucing itu tidur di atas meja.\n\nAnjing itu berlari di taman kota pada 2020."), 0o644)
	qaPath := filepath.Join(dir, "qa.jsonl")
	os.WriteFile(qaPath, []byte(`{"id":"1","article":"a","question":"Di mana anjing berlari?","lang":"id","answerable":true,"gold_type":"span","answers":["taman kota"]}
{"id":"2","article":"a","question":"Siapa presiden Prancis tahun 1990?","lang":"id","answerable":false,"gold_type":"span","answers":[]}
`), 0o644)
	results := filepath.Join(dir, "out.jsonl")
	out, _, err := kutip(t, "", nil, "eval", "--corpus", articles, "--qa", qaPath, "--out", results)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "1.000") || !strings.Contains(out, "100.0%") {
		t.Errorf("eval summary:\n%s", out)
	}
	b, _ := os.ReadFile(results)
	if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 2 || !strings.Contains(lines[1], `"results":[]`) {
		t.Errorf("results file:\n%s", b)
	}
	// --open asks the whole set and names each result's article.
	out, _, err = kutip(t, "", nil, "eval", "--open", "--corpus", articles, "--qa", qaPath, "--out", results)
	if err != nil || !strings.Contains(out, "article@1") {
		t.Errorf("eval --open: %v\n%s", err, out)
	}
	b, _ = os.ReadFile(results)
	if !strings.Contains(string(b), `"article":"a"`) {
		t.Errorf("eval --open results name no article:\n%s", b)
	}
	out, _, err = kutip(t, "", nil, "bench", "--corpus", articles, "--qa", qaPath)
	if err != nil || !strings.Contains(out, "queries/s (median)") || !strings.Contains(out, "machine: ") || !strings.Contains(out, "cores, go1.") {
		t.Errorf("bench: %v\n%s", err, out)
	}
}

func TestServeNeedsAToken(t *testing.T) {
	_, _, err := kutip(t, "", nil, "serve")
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Errorf("serve without tokens: %v", err)
	}
}

func TestConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(path, []byte("corpus: from-file\nlog_level: debug\ntelegram:\n  api_endpoint: http://file/bot%s/%s\ndiscord:\n  guild_id: \"1\"\n"), 0o644)
	cfg, err := loadConfig(path, func(k string) string {
		return map[string]string{"KUTIP_CORPUS": "from-env", "TELEGRAM_BOT_TOKEN": "123:secret"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Corpus != "from-env" || cfg.Telegram.APIEndpoint != "http://file/bot%s/%s" || cfg.Discord.GuildID != "1" || string(cfg.Telegram.Token) != "123:secret" {
		t.Errorf("config %+v", cfg)
	}
	var logged bytes.Buffer
	newLogger(&logged, "info").Info("cfg", "token", cfg.Telegram.Token, "config", cfg)
	if strings.Contains(logged.String(), "secret") {
		t.Errorf("token logged: %s", logged.String())
	}
	os.WriteFile(path, []byte("telegram:\n  token: nope\n"), 0o644)
	if _, err := loadConfig(path, func(string) string { return "" }); err == nil {
		t.Error("a token key in the file was accepted")
	}
	os.WriteFile(path, []byte("log_level: loud\n"), 0o644)
	if _, err := loadConfig(path, func(string) string { return "" }); err == nil {
		t.Error("a bad log level was accepted")
	}
}

func TestAskExplain(t *testing.T) {
	out, _, err := kutip(t, "", nil, "ask", "--explain", "-k", "1", "Berapa orang yang tewas?")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tewas  meninggal dunia  synonym", "score: (", "words", "answer kind"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}

	// The factors account for the score.
	out, _, err = kutip(t, "", nil, "ask", "--json", "--explain", "-k", "3", "Berapa orang yang tewas?")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Results []struct {
			Score   float64 `json:"score"`
			Factors []struct {
				Op    string  `json:"op"`
				Value float64 `json:"value"`
			} `json:"factors"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Results) == 0 {
		t.Fatalf("no results in %s", out)
	}
	for i, r := range got.Results {
		sum, product := 0.0, 1.0
		for _, f := range r.Factors {
			if f.Op == "+" {
				sum += f.Value
			} else {
				product *= f.Value
			}
		}
		if s := sum * product; len(r.Factors) == 0 || s < r.Score*0.99 || s > r.Score*1.01 {
			t.Errorf("result %d: factors %+v make %.3f, not the score %.3f", i+1, r.Factors, s, r.Score)
		}
	}
}
