package discord_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kutip/kutip/bot/discord"
)

func TestValidate(t *testing.T) {
	key := strings.Repeat("ab", 32)
	ok := discord.Config{Token: "tok-never-shown"}
	with := func(change func(c *discord.Config)) discord.Config {
		c := ok
		change(&c)
		return c
	}
	tests := []struct {
		name string
		cfg  discord.Config
		err  string // in the error; "" for none
	}{
		{"token only", ok, ""},
		{"everything", discord.Config{
			Token: "tok-never-shown", AppID: "900000000000000002", GuildID: "900000000000000003", PublicKey: key,
			InteractionsListen: ":8080", APIBaseURL: "https://proxy.example/discord/", ShardID: 1, ShardCount: 2,
		}, ""},
		{"no token", with(func(c *discord.Config) { c.Token = "" }), "DISCORD_BOT_TOKEN"},
		{"Bot before the token", with(func(c *discord.Config) { c.Token = "Bot tok-never-shown" }), `without "Bot "`},
		{"shard past the count", with(func(c *discord.Config) { c.ShardID, c.ShardCount = 2, 2 }), "shard_id 2 is out of range for shard_count 2"},
		{"shard without a count", with(func(c *discord.Config) { c.ShardID = 1 }), "shard_id 1"},
		{"negative shard", with(func(c *discord.Config) { c.ShardID = -1 }), "shard_id -1"},
		{"negative count", with(func(c *discord.Config) { c.ShardCount = -1 }), "shard_count -1"},
		{"key too short", with(func(c *discord.Config) { c.PublicKey = "abcd" }), "public_key"},
		{"key not hex", with(func(c *discord.Config) { c.PublicKey = strings.Repeat("zz", 32) }), "public_key"},
		{"listen without a key", with(func(c *discord.Config) { c.InteractionsListen = ":8080" }), "public_key (DISCORD_PUBLIC_KEY)"},
		{"listen without a port", with(func(c *discord.Config) { c.PublicKey, c.InteractionsListen = key, "localhost" }), "interactions_listen"},
		{"app id not a snowflake", with(func(c *discord.Config) { c.AppID = "kutip" }), "app_id"},
		{"guild id not a snowflake", with(func(c *discord.Config) { c.GuildID = "12 34" }), "guild_id"},
	}
	for _, bad := range []string{"127.0.0.1:8080", "ftp://x/", "http:///path", "http://x/?q=1", "http://x/#top"} {
		tests = append(tests, struct {
			name string
			cfg  discord.Config
			err  string
		}{fmt.Sprintf("API base URL %q", bad), with(func(c *discord.Config) { c.APIBaseURL = bad }), "api_base_url"})
	}
	for _, tt := range tests {
		err := tt.cfg.Validate()
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: Validate() = %v, want nil", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: Validate() = %v, want an error with %q", tt.name, err, tt.err)
		case err != nil && strings.Contains(err.Error(), string(tt.cfg.Token)) && tt.cfg.Token != "":
			t.Errorf("%s: Validate() = %v shows the token", tt.name, err)
		}
	}
}
