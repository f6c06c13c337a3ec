package tui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/store"
)

// The engine runs beside the TUI (cli's runTUI starts daemon.Run in standby): it sends
// these into the program with tea.Program.Send.
type (
	// PublishedMsg: a publish pass of the engine did something.
	PublishedMsg struct {
		Published, Retrying, Failed int
		Err                         error
	}
	// SyncedMsg: the engine's periodic sync ended; Summary is SyncReport.Summary.
	SyncedMsg struct {
		Summary string
		Err     error
	}
)

// DaemonState is what Deps.Daemon reports: whether a `chorus daemon` does the publishing.
type DaemonState struct {
	Running bool
	PID     int // 0: unknown
}

type (
	daemonStateMsg struct {
		state DaemonState
		err   error
	}
	daemonTickMsg struct{}
	postCountsMsg struct {
		seq    int
		client string
		counts store.PostCounts
		err    error
	}
)

// daemonEvery is how often the status bar asks whether a daemon runs.
const daemonEvery = 3 * time.Second

// checkDaemon asks Deps.Daemon in a command: it reads a lock file, never in Update.
func (a *App) checkDaemon() tea.Cmd {
	f := a.d.Daemon
	if f == nil {
		return nil
	}
	return func() tea.Msg {
		st, err := f()
		return daemonStateMsg{state: st, err: err}
	}
}

func (a *App) daemonTick() tea.Cmd {
	if a.d.Daemon == nil {
		return nil
	}
	return tea.Tick(daemonEvery, func(time.Time) tea.Msg { return daemonTickMsg{} })
}

// loadPostCounts reads the current client's failed and paused posts for the status bar.
func (a *App) loadPostCounts() tea.Cmd {
	a.status.postsSeq++
	ctx, db, seq, client, now := a.ctx, a.db, a.status.postsSeq, a.clientID, a.now()
	return func() tea.Msg {
		c, err := db.PostCounts(ctx, client, now)
		return postCountsMsg{seq: seq, client: client, counts: c, err: err}
	}
}

// engineMsg handles what the engine and the daemon poll report; ok is false for other
// messages.
func (a *App) engineMsg(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case daemonTickMsg:
		return a.checkDaemon(), true
	case daemonStateMsg:
		if msg.err != nil {
			a.log.Warn("daemon status", "err", msg.err)
		}
		a.status.daemon, a.status.daemonKnown, a.status.daemonErr = msg.state, true, msg.err != nil
		return a.daemonTick(), true
	case postCountsMsg:
		if msg.seq != a.status.postsSeq {
			return nil, true
		}
		if msg.err != nil {
			return a.fail("post counts", msg.err), true
		}
		a.status.posts, a.status.postsKnown = msg.counts, true
		return nil, true
	case PublishedMsg:
		if msg.Err != nil {
			a.log.Warn("publish", "err", msg.Err)
			a.status.fail("publish", msg.Err)
		} else if note := publishedNote(msg); note != "" {
			a.status.lastErr, a.status.note = "", note
		}
		return tea.Batch(a.cal.Reload(), a.loadPostCounts()), true
	case SyncedMsg:
		if msg.Err != nil {
			a.status.syncErr = msg.Err
			a.log.Warn("sync failed", "err", msg.Err)
		} else {
			a.status.syncErr = nil
			a.status.syncedAt, a.status.syncSummary = a.now(), msg.Summary
		}
		return tea.Batch(a.inbox.Reload(), a.metrics.Reload(), a.recount(), a.loadPostCounts()), true
	}
	return nil, false
}

// publishedNote is what a publish pass did, in a few words.
func publishedNote(m PublishedMsg) string {
	var s string
	add := func(n int, what string) {
		if n == 0 {
			return
		}
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%d %s", n, what)
	}
	add(m.Published, "published")
	add(m.Failed, "failed (p on the calendar retries)")
	add(m.Retrying, "retrying")
	return s
}

// engineView says who publishes: a daemon, or the engine inside this TUI.
func (a *App) engineView() string {
	st := a.styles
	switch {
	case a.d.Daemon == nil || !a.status.daemonKnown:
		return ""
	case a.status.daemonErr:
		return st.Muted.Render("daemon ?")
	case !a.status.daemon.Running:
		return st.Muted.Render("engine in TUI")
	case a.status.daemon.PID == 0:
		return st.OK.Render("daemon running")
	}
	return st.OK.Render(fmt.Sprintf("daemon pid %d", a.status.daemon.PID))
}

// postsView is the current client's failed posts with what to do, and paused ones;
// short leaves out what to do, for when a note needs the room.
func (a *App) postsView(short bool) string {
	st := a.styles
	var s string
	if n := a.status.posts.Failed; n > 0 {
		s = fmt.Sprintf("%d failed", n)
		if !short {
			s += " · p retries on the calendar"
		}
		s = st.Error.Render(s)
	}
	if n := a.status.posts.Paused; n > 0 {
		if s != "" {
			s += st.Muted.Render(" · ")
		}
		p := fmt.Sprintf("%d paused", n)
		if !short {
			p += " · ! resumes"
		}
		s += st.Warn.Render(p)
	}
	return s
}
