package telegram

import (
	"context"
	"sync"
	"time"
)

// A window allows at most n events in any span of time of length per; with
// n = 0, any number.
type window struct {
	n     int
	per   time.Duration
	times []time.Time // the last n events at most, oldest first
}

// ready returns when the next event may happen.
func (w *window) ready(now time.Time) time.Time {
	if w.n == 0 || len(w.times) < w.n {
		return now
	}
	if t := w.times[len(w.times)-w.n].Add(w.per); t.After(now) {
		return t
	}
	return now
}

func (w *window) add(now time.Time) {
	if w.n == 0 {
		return
	}
	if len(w.times) == w.n {
		w.times = append(w.times[:0], w.times[1:]...)
	}
	w.times = append(w.times, now)
}

// idle reports whether the window has forgotten every event.
func (w *window) idle(now time.Time) bool {
	return len(w.times) == 0 || now.Sub(w.times[len(w.times)-1]) >= w.per
}

// Telegram's limits on what a bot sends (core.telegram.org/bots/faq): about
// 30 messages a second in all, one a second in a chat, 20 a minute in a group.
const (
	globalPerSecond = 30
	groupPerMinute  = 20
)

// A dest is where a call goes, for the limits: only messages to a chat are
// held to them.
type dest struct {
	chat  int64 // 0: no chat (an inline answer, the command menu), no limit
	group bool
}

type chatWindows struct{ second, minute window }

// limits holds back messages until Telegram's limits allow them.
type limits struct {
	mu     sync.Mutex
	global window
	chats  map[int64]*chatWindows
}

func newLimits() *limits {
	return &limits{global: window{n: globalPerSecond, per: time.Second}, chats: map[int64]*chatWindows{}}
}

// wait blocks until a message to d may be sent, and counts it.
func (l *limits) wait(ctx context.Context, d dest) error {
	for {
		l.mu.Lock()
		now := time.Now()
		at := l.global.ready(now)
		var cw *chatWindows
		if d.chat != 0 {
			cw = l.chat(d, now)
			at = latest(at, cw.second.ready(now), cw.minute.ready(now))
		}
		if !at.After(now) {
			l.global.add(now)
			if cw != nil {
				cw.second.add(now)
				cw.minute.add(now)
			}
			l.mu.Unlock()
			return nil
		}
		l.mu.Unlock()
		if err := sleep(ctx, at.Sub(now)); err != nil {
			return err
		}
	}
}

// chat returns d's windows; l.mu is held. It forgets idle chats now and
// then, so that the map does not grow with every chat ever seen.
func (l *limits) chat(d dest, now time.Time) *chatWindows {
	cw, ok := l.chats[d.chat]
	if ok {
		return cw
	}
	if len(l.chats) >= 1024 {
		for id, c := range l.chats {
			if c.second.idle(now) && c.minute.idle(now) {
				delete(l.chats, id)
			}
		}
	}
	cw = &chatWindows{second: window{n: 1, per: time.Second}}
	if d.group {
		cw.minute = window{n: groupPerMinute, per: time.Minute}
	}
	l.chats[d.chat] = cw
	return cw
}

func latest(t time.Time, ts ...time.Time) time.Time {
	for _, u := range ts {
		if u.After(t) {
			t = u
		}
	}
	return t
}

// flood is the per-user flood control on the way in: at most n requests a
// user in any span of per, and one notice when they go over. A request is
// judged by when it was made, not when it is handled: after kutip stalls,
// a backlog of messages written at a fair pace comes at once, and is
// answered.
type flood struct {
	mu    sync.Mutex
	n     int
	per   time.Duration
	users map[int64]*floodState
}

type floodState struct {
	w      window
	warned bool // told to slow down, since the last request let through
}

func newFlood(n int, per time.Duration) *flood {
	return &flood{n: n, per: per, users: map[int64]*floodState{}}
}

// allow reports whether a request of user made at may go through and, when
// it may not, whether this is the one time in the burst to say so. A time
// after now (the clocks differ) is taken as now.
func (f *flood) allow(user int64, at time.Time) (ok, notice bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	if at.IsZero() || at.After(now) {
		at = now
	}
	st, found := f.users[user]
	if !found {
		if len(f.users) >= 4096 {
			for id, s := range f.users {
				if s.w.idle(now) {
					delete(f.users, id)
				}
			}
		}
		st = &floodState{w: window{n: f.n, per: f.per}}
		f.users[user] = st
	}
	if st.w.ready(at).After(at) {
		notice, st.warned = !st.warned, true
		return false, notice
	}
	st.w.add(at)
	st.warned = false
	return true, false
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
