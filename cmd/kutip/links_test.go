package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kutip/kutip/bot/discord/discordtest"
	"github.com/kutip/kutip/bot/telegram/telegramtest"
	"github.com/kutip/kutip/internal/newstest"
)

const gempaArticle = "---\ntitle: Gempa Cianjur\n---\nGempa bermagnitudo 5,6 mengguncang Cianjur pada Senin siang.\n\nSedikitnya 300 rumah rusak berat."

// TestServeLinks runs kutip serve against the fake Bot API and a news site:
// a link in a private chat, then a question; /article with a link in a
// group; a file written into the watched folder, then asked about; a
// restart, after which the chat's article is still the one it sent.
func TestServeLinks(t *testing.T) {
	news := newstest.NewServer(t)
	api := telegramtest.NewServer(t, fakeToken)
	articles, state := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(articles, "gempa.md"), []byte(gempaArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": fakeToken, "TELEGRAM_API_ENDPOINT": api.Endpoint,
		"KUTIP_STATE_DIR": state, "KUTIP_CORPUS": articles, "KUTIP_FETCH_ALLOW_PRIVATE": "1",
	}
	stderr, stop := serve(t, env)
	sent := 0
	reply := func(id int, update string) string {
		t.Helper()
		api.Push(id, update)
		sent++
		text, err := telegramtest.ParseHTML(api.Await(t, "sendMessage", sent)[sent-1].Form.Get("text"))
		if err != nil {
			t.Fatal(err)
		}
		return text
	}

	text := reply(1, telegramtest.PrivateMessage(1, 9, "id", news.URL+newstest.Banjir))
	for _, want := range []string{"Artikel ditambahkan: Banjir Rendam 12 Desa", "Kabar Nusantara", "Bahasa Indonesia", "kalimat"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reply to a link does not say %q:\n%s", want, text)
		}
	}
	if text := reply(2, telegramtest.PrivateMessage(2, 9, "id", "Berapa warga yang mengungsi?")); !strings.Contains(text, "3.000 warga") {
		t.Errorf("the question after the link:\n%s", text)
	}
	text = reply(3, telegramtest.GroupMessage(3, -100, 11, "/article "+news.URL+newstest.Storm))
	if !strings.Contains(text, "Storm Ciarán") || !strings.Contains(text, "English") {
		t.Errorf("/article with a link in a group:\n%s", text)
	}
	if text := reply(4, telegramtest.PrivateMessage(4, 12, "id", news.URL+"/doc.pdf")); !strings.Contains(text, "bukan halaman web") {
		t.Errorf("a PDF:\n%s", text)
	}
	if text := reply(5, telegramtest.PrivateMessage(5, 12, "id", news.URL+"/missing")); !strings.Contains(text, "tidak ditemukan") {
		t.Errorf("a 404:\n%s", text)
	}

	longsor := "---\ntitle: Longsor Garut\n---\nLongsor menimbun jalan provinsi di Kecamatan Cisewu, Garut, sepanjang 200 meter."
	if err := os.WriteFile(filepath.Join(articles, "longsor.md"), []byte(longsor), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Wait(t, regexp.MustCompile(`library reloaded.*articles=4`)) // gempa, longsor and the two from links
	if text := reply(6, telegramtest.PrivateMessage(6, 13, "id", "Berapa meter jalan yang tertimbun longsor?")); !strings.Contains(text, "200 meter") {
		t.Errorf("a question about the file added:\n%s", text)
	}
	// SIGHUP reloads everything; kutip serve goes on.
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	stderr.Wait(t, regexp.MustCompile(`library reloaded" why=SIGHUP articles=4`))
	if text := reply(7, telegramtest.PrivateMessage(7, 9, "id", "Berapa warga yang mengungsi?")); !strings.Contains(text, "3.000 warga") {
		t.Errorf("after SIGHUP:\n%s", text)
	}
	if err := stop(); err != nil {
		t.Fatalf("kutip serve: %v", err)
	}

	// Restarted: the chat's article is the one from its link, not fetched again.
	_, stop = serve(t, env)
	if text := reply(8, telegramtest.PrivateMessage(8, 9, "id", "Siapa Bupati Bandung?")); !strings.Contains(text, "Dadang Supriatna") {
		t.Errorf("after the restart:\n%s", text)
	}
	if n := news.Hits(newstest.Banjir); n != 1 {
		t.Errorf("the page was fetched %d times, want once", n)
	}
	if err := stop(); err != nil {
		t.Errorf("kutip serve: %v", err)
	}
}

// TestServeLinksRefused: by default, kutip serve fetches nothing from
// loopback, nor from the cloud's metadata address.
func TestServeLinksRefused(t *testing.T) {
	news := newstest.NewServer(t)
	api := telegramtest.NewServer(t, fakeToken)
	stderr, stop := serve(t, map[string]string{"TELEGRAM_BOT_TOKEN": fakeToken, "TELEGRAM_API_ENDPOINT": api.Endpoint, "KUTIP_HTTP_LISTEN": "127.0.0.1:0"})
	api.Push(1, telegramtest.PrivateMessage(1, 9, "en", news.URL+newstest.Banjir))
	api.Push(2, telegramtest.PrivateMessage(2, 10, "en", "http://169.254.169.254/latest/meta-data/"))
	for _, c := range api.Await(t, "sendMessage", 2) {
		if text := c.Form.Get("text"); text != "kutip does not fetch pages from that address." {
			t.Errorf("chat %s: %q", c.Form.Get("chat_id"), text)
		}
	}
	if n := news.Hits(newstest.Banjir); n != 0 {
		t.Errorf("the page on loopback was fetched %d times", n)
	}
	// Counted before each reply was sent, so before Await saw it.
	addr := stderr.Wait(t, regexp.MustCompile(`/metrics" listen=(127\.0\.0\.1:\d+)`))[1]
	if _, metrics := get(t, "http://"+addr+"/metrics"); !strings.Contains(metrics, `kutip_link_fetches_total{outcome="refused"} 2`) {
		t.Errorf("/metrics counts no fetch refused:\n%s", metrics)
	}
	if err := stop(); err != nil {
		t.Errorf("kutip serve: %v", err)
	}
}

// TestServeDiscordLinks: Discord's /article with its url option, and a
// mention holding a link, with a question.
func TestServeDiscordLinks(t *testing.T) {
	news := newstest.NewServer(t)
	fake := discordtest.NewServer(t, discordToken)
	_, stop := serve(t, map[string]string{
		"DISCORD_BOT_TOKEN": discordToken, "DISCORD_APP_ID": discordtest.AppID, "DISCORD_API_BASE_URL": fake.URL,
		"KUTIP_FETCH_ALLOW_PRIVATE": "1",
	})
	put := fake.WaitRequest(t, "PUT", "/api/v9/applications/"+discordtest.AppID+"/commands")
	if !strings.Contains(string(put.Body), `"name":"url"`) {
		t.Errorf("/article has no url option: %s", put.Body)
	}
	fake.WaitRequest(t, discordtest.Gateway, discordtest.Identify)

	fake.Dispatch("INTERACTION_CREATE", []byte(strings.NewReplacer(
		`"name":"ask"`, `"name":"article"`,
		`{"name":"question","type":3,"value":"Berapa orang yang meninggal?"}`, `{"name":"url","type":3,"value":"`+news.URL+newstest.Storm+`"}`,
	).Replace(interaction)))
	r := fake.WaitRequest(t, "POST", "/api/v9/interactions/*/*/callback")
	if !strings.Contains(string(r.Body), "Article added: Storm Ciar") {
		t.Errorf("/article url: %s", r.Body)
	}

	b, err := os.ReadFile(filepath.Join("..", "..", "bot", "discord", "testdata", "mention.json"))
	if err != nil {
		t.Fatal(err)
	}
	fake.Dispatch("MESSAGE_CREATE", []byte(strings.Replace(string(b), "Berapa korban?", news.URL+newstest.Banjir+" Berapa warga yang mengungsi?", 1)))
	m := fake.WaitRequest(t, "POST", "/api/v9/channels/*/messages")
	if !strings.Contains(string(m.Body), "Artikel ditambahkan: Banjir Rendam") || !strings.Contains(string(m.Body), "3.000 **warga**") {
		t.Errorf("a mention with a link and a question: %s", m.Body)
	}
	if err := stop(); err != nil {
		t.Errorf("kutip serve: %v", err)
	}
}

// TestServeLinksAdmins: with links.allow: admins, a group's member may not
// add an article from a link, and its administrator may, as Telegram's
// getChatMember tells.
func TestServeLinksAdmins(t *testing.T) {
	news := newstest.NewServer(t)
	api := telegramtest.NewServer(t, fakeToken)
	api.Admin(21)
	config := filepath.Join(t.TempDir(), "kutip.yaml")
	if err := os.WriteFile(config, []byte("links:\n  allow: admins\n  allow_private: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stop := serve(t, map[string]string{"TELEGRAM_BOT_TOKEN": fakeToken, "TELEGRAM_API_ENDPOINT": api.Endpoint, "KUTIP_CONFIG": config})
	api.Push(1, telegramtest.GroupMessage(1, -100, 20, "/article "+news.URL+newstest.Banjir))
	if text := api.Await(t, "sendMessage", 1)[0].Form.Get("text"); !strings.Contains(text, "hanya admin") {
		t.Errorf("a member's link: %q", text)
	}
	api.Push(2, telegramtest.GroupMessage(2, -100, 21, "/article "+news.URL+newstest.Banjir))
	if text := api.Await(t, "sendMessage", 2)[1].Form.Get("text"); !strings.Contains(text, "Artikel ditambahkan") {
		t.Errorf("an admin's link: %q", text)
	}
	if n := news.Hits(newstest.Banjir); n != 1 {
		t.Errorf("fetched %d times, want once: for the admin", n)
	}
	if n := len(api.Calls("getChatMember")); n != 2 {
		t.Errorf("getChatMember called %d times, want once a link", n)
	}
	for _, c := range api.Calls("getChatMember") {
		if c.Form.Get("chat_id") != "-100" {
			t.Errorf("getChatMember of chat %s", c.Form.Get("chat_id"))
		}
	}
	if err := stop(); err != nil {
		t.Errorf("kutip serve: %v", err)
	}
}

// TestChatLink: in the terminal chat, /article with a link adds the
// article and makes it the chat's; the next line asks it.
func TestChatLink(t *testing.T) {
	news := newstest.NewServer(t)
	stdin := "/article " + news.URL + newstest.Storm + "\nHow many properties were without electricity?\n/article " + news.URL + "/missing\n"
	out, _, err := kutip(t, stdin, map[string]string{"KUTIP_FETCH_ALLOW_PRIVATE": "1"}, "chat")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Article added: Storm Ciarán", "The Daily Ledger · 2023-11-02 · language: English", "150,000 properties", "That page could not be found."} {
		if !strings.Contains(out, want) {
			t.Errorf("the chat does not say %q:\n%s", want, out)
		}
	}
	out, _, _ = kutip(t, "/article "+news.URL+newstest.Storm+"\n", nil, "chat")
	if !strings.Contains(out, "kutip tidak mengambil halaman dari alamat itu.") {
		t.Errorf("without KUTIP_FETCH_ALLOW_PRIVATE, loopback is fetched:\n%s", out)
	}
}

// TestLinksConfig reads the links settings, and refuses what they cannot be.
func TestLinksConfig(t *testing.T) {
	tests := []struct {
		yaml  string
		links Links  // what it reads as
		want  string // the error's words; "": none
	}{
		{"links:\n  allow: admins\n  share: true\n  burst: 2\n  every: 30s\n", Links{Allow: "admins", Share: true, Burst: 2, Every: 30 * time.Second}, ""},
		{"links:\n  allow: off\n", Links{Allow: "off"}, ""},
		{"links:\n  allow: moderators\n", Links{}, "links.allow"},
		{"links:\n  burst: -1\n", Links{}, "links.burst"},
		{"links:\n  shared: true\n", Links{}, "did you mean share?"},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "kutip.yaml")
		if err := os.WriteFile(path, []byte(tt.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := loadConfig(path, func(string) string { return "" })
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.yaml, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: %v, want an error about %s", tt.yaml, err, tt.want)
		case tt.want == "" && c.Links != tt.links:
			t.Errorf("%q: read as %+v", tt.yaml, c.Links)
		}
	}
	c, err := loadConfig(filepath.Join("..", "..", "config.example.yaml"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if want := (Links{Allow: "everyone", Burst: defaultLinkBurst, Every: defaultLinkEvery}); c.Links != want {
		t.Errorf("config.example.yaml: links %+v, want the defaults %+v", c.Links, want)
	}
}
