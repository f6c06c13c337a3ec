package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// status is what the status bar shows: the inbox-zero counters, the sync state and the
// last error of any command.
type status struct {
	counts    map[string]int
	countsSeq int
	// countsBusy counts the loads of the counters in flight; countsAgain asks for one
	// more once they are back (triage at keyboard speed changes them faster than a
	// count over a large inbox runs).
	countsBusy  int
	countsAgain bool

	syncing     bool
	syncedAt    time.Time
	syncSummary string
	syncErr     error

	// posts are the current client's failed and paused posts (postsSeq drops old loads).
	posts      store.PostCounts
	postsKnown bool
	postsSeq   int
	// daemon is whether a `chorus daemon` publishes (Deps.Daemon), once known.
	daemon      DaemonState
	daemonKnown bool
	daemonErr   bool

	lastErr string // "inbox: database is locked"
	note    string // a passing remark, e.g. "sync is not set up"
}

func (s *status) fail(source string, err error) {
	s.lastErr = source + ": " + w.OneLine(err.Error())
}

// statusView draws the status bar in one line of the full width. The per-client counts
// give way first when space runs out: the client, sync state and error matter more.
func (a *App) statusView() string {
	st := a.styles
	sep := st.Muted.Render(" │ ")
	client := " " + st.StatusKey.Render(a.clientLabel())
	if a.crisis != nil {
		// The crisis switch asks here, and has the keyboard until answered.
		room := a.width - lipgloss.Width(client) - lipgloss.Width(sep)
		return st.StatusBar.Render(w.Truncate(client+sep+st.Warn.Render(a.crisisView(room)), a.width))
	}
	sync := a.syncView()
	if e := a.engineView(); e != "" {
		sync += sep + e
	}

	var errPart string
	if a.status.lastErr != "" {
		errPart = sep + st.Error.Render(theme.ErrorMark+" "+a.status.lastErr)
	} else if a.status.note != "" {
		errPart = sep + st.Muted.Render(a.status.note)
	}
	fixed := lipgloss.Width(client) + 2*lipgloss.Width(sep) + lipgloss.Width(sync) + lipgloss.Width(errPart)
	// The failed and paused posts follow the counters and give way first: a passing
	// note or error is what was just done and matters more for now, and the calendar
	// marks failed posts too.
	room := max(a.width-fixed, 12)
	flex := a.countsView()
	for _, short := range []bool{errPart != "", true} {
		if p := a.postsView(short); p != "" && lipgloss.Width(flex+sep+p) <= room {
			flex += sep + p
			break
		}
	}
	counts := w.Truncate(flex, room)
	line := client + sep + counts + sep + sync + errPart
	return st.StatusBar.Render(w.Truncate(line, a.width))
}

func (a *App) clientLabel() string {
	if a.clientID == "" {
		return "All clients"
	}
	for _, c := range a.clients {
		if c.ID == a.clientID {
			return c.Name
		}
	}
	return a.clientID
}

// countsView is the inbox-zero counter: the chosen client's open items, or every
// client's when all are shown.
func (a *App) countsView() string {
	st := a.styles
	one := func(n int) string {
		if n == 0 {
			return st.OK.Render(theme.OKMark + " inbox zero")
		}
		return st.Text.Render(fmt.Sprintf("%d open", n))
	}
	if a.status.counts == nil {
		return st.Muted.Render("counting" + theme.Busy)
	}
	if a.clientID != "" {
		return one(a.status.counts[a.clientID])
	}
	if len(a.clients) == 0 {
		return one(0)
	}
	parts := make([]string, 0, len(a.clients))
	for _, c := range a.clients {
		n := a.status.counts[c.ID]
		if n == 0 {
			parts = append(parts, st.Muted.Render(c.ID+" ")+st.OK.Render(theme.OKMark))
		} else {
			parts = append(parts, st.Muted.Render(c.ID+" ")+st.Text.Render(fmt.Sprint(n)))
		}
	}
	return strings.Join(parts, st.Muted.Render(" · "))
}

func (a *App) syncView() string {
	st := a.styles
	switch {
	case a.d.Sync == nil:
		return st.Muted.Render("sync off")
	case a.status.syncing:
		return st.Warn.Render("syncing" + theme.Busy)
	case a.status.syncErr != nil:
		return st.Error.Render(theme.ErrorMark + " sync failed: " + w.OneLine(a.status.syncErr.Error()))
	case a.status.syncedAt.IsZero():
		return st.Muted.Render("not synced yet")
	}
	ago := w.Age(a.now().Sub(a.status.syncedAt))
	if ago == "now" {
		return st.OK.Render(theme.OKMark + " synced just now")
	}
	return st.OK.Render(theme.OKMark + " synced " + ago + " ago")
}
