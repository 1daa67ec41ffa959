package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is kutip serve's configuration: a YAML file (config.example.yaml
// documents every key), each setting overridable by the environment. Tokens
// and secrets come from the environment only.
type Config struct {
	Corpus   string         `yaml:"corpus"`    // KUTIP_CORPUS
	StateDir string         `yaml:"state_dir"` // KUTIP_STATE_DIR
	LogLevel string         `yaml:"log_level"` // KUTIP_LOG_LEVEL: debug, info, warn, error
	Telegram TelegramConfig `yaml:"telegram"`
	Discord  DiscordConfig  `yaml:"discord"`
}

// TelegramConfig configures the Telegram adapter.
type TelegramConfig struct {
	Token         secret `yaml:"-"`              // TELEGRAM_BOT_TOKEN
	APIEndpoint   string `yaml:"api_endpoint"`   // TELEGRAM_API_ENDPOINT, "http://host:port/bot%s/%s"
	WebhookURL    string `yaml:"webhook_url"`    // TELEGRAM_WEBHOOK_URL: webhook mode when set
	WebhookListen string `yaml:"webhook_listen"` // TELEGRAM_WEBHOOK_LISTEN, host:port
	WebhookSecret secret `yaml:"-"`              // TELEGRAM_WEBHOOK_SECRET
}

// DiscordConfig configures the Discord adapter.
type DiscordConfig struct {
	Token              secret `yaml:"-"`                   // DISCORD_BOT_TOKEN
	AppID              string `yaml:"app_id"`              // DISCORD_APP_ID
	GuildID            string `yaml:"guild_id"`            // DISCORD_GUILD_ID
	PublicKey          string `yaml:"public_key"`          // DISCORD_PUBLIC_KEY, hex Ed25519
	InteractionsListen string `yaml:"interactions_listen"` // DISCORD_INTERACTIONS_LISTEN, host:port
	APIBaseURL         string `yaml:"api_base_url"`        // DISCORD_API_BASE_URL
	ShardID            int    `yaml:"shard_id"`
	ShardCount         int    `yaml:"shard_count"`
}

// secret is a token: logs and fmt show REDACTED.
type secret string

func (secret) String() string                 { return "REDACTED" }
func (secret) GoString() string               { return "REDACTED" }
func (secret) LogValue() slog.Value           { return slog.StringValue("REDACTED") }
func (s secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// loadConfig reads the YAML file at path ("" for none) and applies the
// environment over it.
func loadConfig(path string, getenv func(string) string) (Config, error) {
	var c Config
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return c, fmt.Errorf("config: %w", err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return c, fmt.Errorf("config %s: %w", path, err)
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
	c.Telegram.Token = secret(getenv("TELEGRAM_BOT_TOKEN"))
	c.Telegram.WebhookSecret = secret(getenv("TELEGRAM_WEBHOOK_SECRET"))
	str(&c.Telegram.APIEndpoint, "TELEGRAM_API_ENDPOINT")
	str(&c.Telegram.WebhookURL, "TELEGRAM_WEBHOOK_URL")
	str(&c.Telegram.WebhookListen, "TELEGRAM_WEBHOOK_LISTEN")
	c.Discord.Token = secret(getenv("DISCORD_BOT_TOKEN"))
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
	return c, c.validate()
}

func (c Config) validate() error {
	if _, err := parseLevel(c.LogLevel); err != nil {
		return err
	}
	if c.Telegram.WebhookURL != "" && c.Telegram.WebhookListen == "" {
		return errors.New("config: telegram.webhook_url is set but telegram.webhook_listen (TELEGRAM_WEBHOOK_LISTEN) is not")
	}
	if c.Discord.ShardCount < 0 || c.Discord.ShardID < 0 || (c.Discord.ShardCount > 0 && c.Discord.ShardID >= c.Discord.ShardCount) {
		return fmt.Errorf("config: discord shard %d of %d is out of range", c.Discord.ShardID, c.Discord.ShardCount)
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
