package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kutip/kutip/bot"
	"github.com/kutip/kutip/bot/discord"
	"github.com/kutip/kutip/bot/telegram"
)

// Config is kutip serve's configuration: a YAML file (config.example.yaml
// documents every key), each setting overridable by the environment. Tokens
// and secrets come from the environment only. The adapters' settings are
// the adapters' own Config types, which check themselves (Validate).
type Config struct {
	Corpus   string          `yaml:"corpus"`    // KUTIP_CORPUS
	StateDir string          `yaml:"state_dir"` // KUTIP_STATE_DIR
	LogLevel string          `yaml:"log_level"` // KUTIP_LOG_LEVEL: debug, info, warn, error
	Links    Links           `yaml:"links"`
	State    State           `yaml:"state"`
	HTTP     HTTP            `yaml:"http"`
	Telegram telegram.Config `yaml:"telegram"`
	Discord  discord.Config  `yaml:"discord"`
}

// Links are the settings for fetching articles from links.
type Links struct {
	// AllowPrivate lets fetches reach loopback, private and other
	// non-public addresses: for tests and intranets. KUTIP_FETCH_ALLOW_PRIVATE.
	AllowPrivate bool `yaml:"allow_private"`
	// Allow says who may add an article from a link in a group or a
	// server: everyone (the default), admins, or off. In a private chat
	// anyone may.
	Allow string `yaml:"allow"`
	// Share adds an article from a link to every chat's library, not only
	// to the chat's that added it.
	Share bool `yaml:"share"`
	// Burst is how many pages a user may have fetched at once, and Every
	// how often one more after that; 0: 5 and 1m.
	Burst int           `yaml:"burst"`
	Every time.Duration `yaml:"every"`
}

// validate checks the settings of links.
func (l Links) validate() error {
	switch l.Allow {
	case "", bot.LinksEveryone, bot.LinksAdmins, bot.LinksOff:
	default:
		return fmt.Errorf("config: links.allow %q: want everyone, admins or off", l.Allow)
	}
	if l.Burst < 0 || l.Every < 0 {
		return errors.New("config: links.burst and links.every must not be negative")
	}
	return nil
}

// HTTP is the listener of its own that kutip serve answers operators on:
// /healthz, /readyz and /metrics.
type HTTP struct {
	Listen string `yaml:"listen"` // host:port; "": none. KUTIP_HTTP_LISTEN
}

// env applies the environment's HTTP settings.
func (h *HTTP) env(getenv func(string) string) {
	if v := getenv("KUTIP_HTTP_LISTEN"); v != "" {
		h.Listen = v
	}
}

// validate checks the HTTP settings.
func (h HTTP) validate() error {
	if h.Listen == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(h.Listen); err != nil {
		return fmt.Errorf("config: http.listen (KUTIP_HTTP_LISTEN) %q is not a host:port, as 127.0.0.1:9090", h.Listen)
	}
	return nil
}

// State is where state shared between kutip processes goes.
type State struct {
	// PostgresURL moves every piece of state into PostgreSQL, shared by
	// every process that uses it. KUTIP_POSTGRES_URL.
	PostgresURL string `yaml:"postgres_url"`
	// ClaimLease is how soon a Telegram update claimed by a replica that
	// died is taken over; 0: 30s. KUTIP_CLAIM_LEASE.
	ClaimLease time.Duration `yaml:"claim_lease"`
}

// stateEnv applies the environment to the state settings.
func stateEnv(c *State, getenv func(string) string) error {
	if v := getenv("KUTIP_POSTGRES_URL"); v != "" {
		c.PostgresURL = v
	}
	if v := getenv("KUTIP_CLAIM_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("config: KUTIP_CLAIM_LEASE=%q: want a duration, as 30s", v)
		}
		c.ClaimLease = d
	}
	if c.ClaimLease < 0 || c.ClaimLease > 0 && c.ClaimLease < time.Second {
		return fmt.Errorf("config: state.claim_lease %v: want 1s or more", c.ClaimLease)
	}
	return nil
}

// loadConfig reads the YAML file at path ("" for none), applies the
// environment over it and checks it, once.
func loadConfig(path string, getenv func(string) string) (Config, error) {
	var c Config
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return c, fmt.Errorf("config: %w", err)
		}
		defer f.Close()
		if err := decodeConfig(f, path, &c); err != nil {
			return c, err
		}
	}
	str := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	str(&c.Corpus, "KUTIP_CORPUS")
	str(&c.StateDir, "KUTIP_STATE_DIR")
	str(&c.LogLevel, "KUTIP_LOG_LEVEL")
	c.Telegram.Token = bot.Secret(getenv("TELEGRAM_BOT_TOKEN"))
	c.Telegram.WebhookSecret = bot.Secret(getenv("TELEGRAM_WEBHOOK_SECRET"))
	str(&c.Telegram.APIEndpoint, "TELEGRAM_API_ENDPOINT")
	str(&c.Telegram.WebhookURL, "TELEGRAM_WEBHOOK_URL")
	str(&c.Telegram.WebhookListen, "TELEGRAM_WEBHOOK_LISTEN")
	c.Discord.Token = bot.Secret(getenv("DISCORD_BOT_TOKEN"))
	str(&c.Discord.AppID, "DISCORD_APP_ID")
	str(&c.Discord.GuildID, "DISCORD_GUILD_ID")
	str(&c.Discord.PublicKey, "DISCORD_PUBLIC_KEY")
	str(&c.Discord.InteractionsListen, "DISCORD_INTERACTIONS_LISTEN")
	str(&c.Discord.APIBaseURL, "DISCORD_API_BASE_URL")
	for key, dst := range map[string]*int{"DISCORD_SHARD_ID": &c.Discord.ShardID, "DISCORD_SHARD_COUNT": &c.Discord.ShardCount} {
		if v := getenv(key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return c, fmt.Errorf("config: %s=%q is not a number", key, v)
			}
			*dst = n
		}
	}
	if v := getenv("KUTIP_FETCH_ALLOW_PRIVATE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("config: KUTIP_FETCH_ALLOW_PRIVATE=%q: want 1 or 0", v)
		}
		c.Links.AllowPrivate = b
	}
	if err := stateEnv(&c.State, getenv); err != nil {
		return c, err
	}
	c.HTTP.env(getenv)
	c.Telegram.StateDir = c.StateDir
	return c, c.validate()
}

// decodeConfig reads a YAML config file into c. A key the file should not
// have is an error that names the file, the line and the key, with the
// closest key there is: "config kutip.yaml:3: unknown key
// telegram.webhook_ulr; did you mean webhook_url?".
func decodeConfig(r io.Reader, path string, c *Config) error {
	var doc yaml.Node
	if err := yaml.NewDecoder(r).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file
		}
		// "yaml: line 1: did not find expected ',' or ']'", as file:line.
		if rest, ok := strings.CutPrefix(err.Error(), "yaml: line "); ok {
			if line, msg, ok := strings.Cut(rest, ": "); ok {
				return fmt.Errorf("config %s:%s: %s", path, line, msg)
			}
		}
		return fmt.Errorf("config %s: %w", path, err)
	}
	if err := checkKeys(&doc, reflect.TypeOf(*c), ""); err != nil {
		return fmt.Errorf("config %s:%w", path, err)
	}
	if err := doc.Decode(c); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			// "line 3: cannot unmarshal !!str `x` into int": the first
			// mistake, as file:line.
			line, msg, _ := strings.Cut(strings.TrimPrefix(te.Errors[0], "line "), ": ")
			return fmt.Errorf("config %s:%s: %s", path, line, msg)
		}
		return fmt.Errorf("config %s: %w", path, err)
	}
	return nil
}

// checkKeys checks that every key of the mapping n, and of the mappings
// under it, is a yaml key of the struct type t; path is where n stands
// ("telegram."). Its error starts with the line: "3: unknown key ...".
func checkKeys(n *yaml.Node, t reflect.Type, path string) error {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		return checkKeys(n.Content[0], t, path)
	}
	if n.Kind != yaml.MappingNode || t.Kind() != reflect.Struct {
		return nil
	}
	fields := map[string]reflect.Type{}
	var names []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		fields[name] = f.Type
		names = append(names, name)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		ft, ok := fields[key.Value]
		if !ok {
			msg := fmt.Sprintf("%d: unknown key %s%s", key.Line, path, key.Value)
			switch lower := strings.ToLower(key.Value); {
			case strings.Contains(lower, "token") || strings.Contains(lower, "secret"):
				msg += "; tokens and secrets are read from the environment only (see config.example.yaml)"
			case bot.Suggest(key.Value, names) != "":
				msg += "; did you mean " + bot.Suggest(key.Value, names) + "?"
			default:
				msg += " (known: " + strings.Join(names, ", ") + ")"
			}
			return errors.New(msg)
		}
		if err := checkKeys(value, ft, path+key.Value+"."); err != nil {
			return err
		}
	}
	return nil
}

// validate checks the settings of what will run.
func (c Config) validate() error {
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	if err := c.HTTP.validate(); err != nil {
		return err
	}
	if err := c.Links.validate(); err != nil {
		return err
	}
	if c.Telegram.Token != "" {
		if err := c.Telegram.Validate(); err != nil {
			return fmt.Errorf("config: %w", err)
		}
	}
	if c.Discord.Token != "" {
		if err := c.Discord.Validate(); err != nil {
			return fmt.Errorf("config: %w", err)
		}
	}
	return nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if s == "" {
		return slog.LevelInfo, nil
	}
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("config: log level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// newLogger returns the program's one logger, text to w at the given level
// (checked by validate).
func newLogger(w io.Writer, level string) *slog.Logger {
	l, _ := parseLevel(level)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
