package tui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/store"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// The crisis switch (`!`): pause every scheduled post of the current client, or resume
// what it paused. It counts first, then asks in the status line; while it asks, it has
// every key. With "All clients" it applies to every client, and the question says so
// with the total count.
type crisisStage int

const (
	crisisCounting crisisStage = iota // reading the counts; esc cancels
	crisisPause                       // "Pause all 12 scheduled posts of Acme? y/n"
	crisisResume                      // "Resume 12 paused posts? … y/s/n"
	crisisWorking                     // pausing or resuming
)

type crisis struct {
	stage   crisisStage
	client  string   // "" for every client
	clients []string // the clients it applies to
	name    string   // "Acme Coffee", "all 3 clients"
	counts  store.PostCounts
}

type (
	crisisCountsMsg struct {
		counts store.PostCounts
		err    error
	}
	crisisDoneMsg struct {
		note string
		err  error
	}
)

// startCrisis is `!`: it reads the counts the question needs.
func (a *App) startCrisis() tea.Cmd {
	c := &crisis{client: a.clientID, name: a.clientLabel()}
	if a.clientID != "" {
		c.clients = []string{a.clientID}
	} else {
		for _, cl := range a.clients {
			c.clients = append(c.clients, cl.ID)
		}
		c.name = fmt.Sprintf("all %d clients", len(c.clients))
		if len(c.clients) == 1 {
			c.name = a.clients[0].Name
		}
	}
	if len(c.clients) == 0 {
		a.status.note = "no clients yet: nothing to pause"
		return nil
	}
	a.crisis = c
	ctx, db, client, now := a.ctx, a.db, c.client, a.now()
	return func() tea.Msg {
		n, err := db.PostCounts(ctx, client, now)
		return crisisCountsMsg{counts: n, err: err}
	}
}

// crisisMsg handles the switch's results; ok is false for other messages.
func (a *App) crisisMsg(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case crisisCountsMsg:
		c := a.crisis
		if c == nil || c.stage != crisisCounting {
			return nil, true // cancelled meanwhile
		}
		if msg.err != nil {
			a.crisis = nil
			return a.fail("pause", msg.err), true
		}
		c.counts = msg.counts
		switch {
		case msg.counts.Paused > 0:
			c.stage = crisisResume
		case msg.counts.Scheduled > 0:
			c.stage = crisisPause
		default:
			a.crisis = nil
			a.status.lastErr, a.status.note = "", c.name+" has no scheduled posts to pause"
		}
		return nil, true
	case crisisDoneMsg:
		a.crisis = nil
		if msg.note != "" {
			a.status.lastErr, a.status.note = "", msg.note
		}
		var cmd tea.Cmd
		if msg.err != nil {
			cmd = a.fail("pause", msg.err)
		}
		return tea.Batch(cmd, a.cal.Reload(), a.loadPostCounts()), true
	}
	return nil, false
}

// updateCrisis has every key while the switch asks.
func (a *App) updateCrisis(msg tea.KeyPressMsg) tea.Cmd {
	c := a.crisis
	k := msg.String()
	if k == "esc" || k == "n" || k == "N" {
		if c.stage != crisisWorking {
			a.crisis = nil
			a.status.lastErr, a.status.note = "", "nothing paused or resumed"
		}
		return nil
	}
	switch {
	case c.stage == crisisPause && (k == "y" || k == "Y"):
		c.stage = crisisWorking
		return a.pauseCmd(c)
	case c.stage == crisisResume && (k == "y" || k == "Y"):
		c.stage = crisisWorking
		return a.resumeCmd(c, false)
	case c.stage == crisisResume && c.counts.Missed > 0 && (k == "s" || k == "S"):
		c.stage = crisisWorking
		return a.resumeCmd(c, true)
	}
	return nil // any other key: the question stays
}

// crisisView is the question, or what the switch is doing, for the status line in room
// cells: a shorter wording when the long one does not fit, so the answer keys show.
func (a *App) crisisView(room int) string {
	c := a.crisis
	n := c.counts
	of := ""
	if c.client == "" {
		of = " of " + c.name // the status bar's client label names a single client
	}
	var long, short string
	switch c.stage {
	case crisisCounting:
		return "counting the posts of " + c.name + "… (esc cancels)"
	case crisisPause:
		long = fmt.Sprintf("Pause all %d scheduled %s of %s? y/n", n.Scheduled, plural(n.Scheduled, "post"), c.name)
		short = fmt.Sprintf("Pause all %d scheduled%s? y/n", n.Scheduled, of)
	case crisisResume:
		long = fmt.Sprintf("Resume %d paused %s%s?", n.Paused, plural(n.Paused, "post"), of)
		short = fmt.Sprintf("Resume %d paused%s?", n.Paused, of)
		if n.Missed == 0 {
			long, short = long+" y/n", short+" y/n"
		} else {
			long += fmt.Sprintf(" %d missed their time while paused and stay paused (s sends them now) y/s/n", n.Missed)
			short += fmt.Sprintf(" %d missed stay paused (s sends) y/s/n", n.Missed)
		}
	default:
		return "working on the posts of " + c.name + "…"
	}
	if lipgloss.Width(long) <= room {
		return long
	}
	return short
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// pauseCmd pauses every post of the switch's clients: through Deps.Pause (the engine,
// which also takes back posts handed to platforms), else the store alone.
func (a *App) pauseCmd(c *crisis) tea.Cmd {
	ctx, db, pause, log := a.ctx, a.db, a.d.Pause, a.log
	clients, name := c.clients, c.name
	return func() tea.Msg {
		paused := 0
		var held []string
		var errs []error
		for _, id := range clients {
			var n int
			var h []string
			var err error
			if pause != nil {
				n, h, err = pause(ctx, id)
			} else {
				n, err = db.PauseClient(ctx, id)
			}
			paused += n
			held = append(held, h...)
			if err != nil {
				errs = append(errs, err)
			}
		}
		for _, h := range held {
			log.Warn("post still with its platform after the pause", "client", name, "held", h)
		}
		note := fmt.Sprintf("paused %d %s of %s", paused, plural(paused, "post"), name)
		if len(held) > 0 {
			note += fmt.Sprintf(" · %d still with the platform, may go out: %s", len(held), w.OneLine(strings.Join(held, "; ")))
		} else {
			note += " · ! resumes"
		}
		return crisisDoneMsg{note: note, err: errors.Join(errs...)}
	}
}

// resumeCmd resumes what the switch paused; missed posts go out now only with sendMissed.
func (a *App) resumeCmd(c *crisis, sendMissed bool) tea.Cmd {
	ctx, db, resume, now := a.ctx, a.db, a.d.Resume, a.now()
	clients, name := c.clients, c.name
	return func() tea.Msg {
		resumed, skipped := 0, 0
		var errs []error
		for _, id := range clients {
			var r, s int
			var err error
			if resume != nil {
				r, s, err = resume(ctx, id, sendMissed)
			} else {
				r, s, err = db.ResumeClient(ctx, id, now, sendMissed)
			}
			resumed, skipped = resumed+r, skipped+s
			if err != nil {
				errs = append(errs, err)
			}
		}
		note := fmt.Sprintf("resumed %d %s of %s", resumed, plural(resumed, "post"), name)
		if sendMissed {
			note += " · missed ones go out now"
		}
		if skipped > 0 {
			note += fmt.Sprintf(" · %d missed stay paused: reschedule them on the calendar, or ! then s sends them", skipped)
		}
		return crisisDoneMsg{note: note, err: errors.Join(errs...)}
	}
}
