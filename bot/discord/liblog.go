package discord

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// maxLibraryLine is the most of one of discordgo's lines logged: those at
// debug may hold an event's raw data.
const maxLibraryLine = 300

// minRedacted is the length of the shortest token taken out of its lines.
const minRedacted = 16

// libLog is where discordgo's own lines go: discordgo.Logger is one for
// the process, so they go to the logger of the Bot made last, with the
// token of every Bot made taken out.
var libLog struct {
	once   sync.Once
	mu     sync.Mutex
	log    *slog.Logger
	tokens []string
}

// routeLibraryLog sends discordgo's own log lines, which it would write
// with the log package ("[DG0] wsapi.go:661:onEvent() ..."), to log at
// the level each has: DG0 at error, DG1 at warning, DG2 at debug. The
// session is told to make only the lines log takes, and never DG3's,
// which show the IDENTIFY payload, token and all.
func routeLibraryLog(s *discordgo.Session, log *slog.Logger, token string) {
	libLog.mu.Lock()
	libLog.log = log
	// A token of a few characters is no Discord token (tests make such
	// bots): taking it out would garble every line.
	if len(token) >= minRedacted && !slices.Contains(libLog.tokens, token) {
		libLog.tokens = append(libLog.tokens, token)
	}
	libLog.mu.Unlock()
	libLog.once.Do(func() { discordgo.Logger = libraryLine })
	s.LogLevel = discordgo.LogWarning
	if log.Enabled(context.Background(), slog.LevelDebug) {
		s.LogLevel = discordgo.LogInformational
	}
}

// libraryLine logs one of discordgo's lines; caller is how many calls up
// the line was made.
func libraryLine(msgL, caller int, format string, a ...any) {
	libLog.mu.Lock()
	log, tokens := libLog.log, libLog.tokens
	libLog.mu.Unlock()
	level := slog.LevelDebug
	switch msgL {
	case discordgo.LogError:
		level = slog.LevelError
	case discordgo.LogWarning:
		level = slog.LevelWarn
	}
	if log == nil || !log.Enabled(context.Background(), level) {
		return
	}
	line := fmt.Sprintf(format, a...)
	// An event's raw data, in the lines on events discordgo cannot read,
	// may be a user's message: only debug shows it, as it does the text
	// of requests.
	if i := strings.Index(line, "Data: "); i >= 0 && level > slog.LevelDebug {
		line = line[:i] + "Data: (left out)"
	}
	for _, t := range tokens {
		line = strings.ReplaceAll(line, t, "REDACTED")
	}
	if len(line) > maxLibraryLine {
		line = strings.ToValidUTF8(line[:maxLibraryLine], "") + "…"
	}
	at := ""
	if pc, file, n, ok := runtime.Caller(caller + 1); ok {
		name := runtime.FuncForPC(pc).Name()
		at = fmt.Sprintf("%s:%d:%s()", filepath.Base(file), n, name[strings.LastIndex(name, ".")+1:])
	}
	log.Log(context.Background(), level, "discordgo: "+strings.TrimSpace(line), "dg", msgL, "at", at)
}
