package discord

// UnescapedMark is for the tests of package discord_test.
var UnescapedMark = unescapedMark
