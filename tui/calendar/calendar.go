// Package calendar is the calendar pane: the posts of every client (or of the chosen one)
// in a month grid, a week of columns or an agenda list, with a day cursor, each post at
// its time in its client's zone (z: the local zone) with its status, client colour and
// platforms, free queue slots and posting gaps; and the edits a plan needs on the spot:
// move a post a day, pause it, publish it now, delete it, open it in the composer.
//
// The pane loads the days around the cursor (a month grid, or a week) in one command,
// each day's first few posts with its count, so a month of a busy workspace costs the
// same to draw as a quiet one.
package calendar

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/widgets"
)

// view is how the calendar lays out its days.
type view int

const (
	viewMonth view = iota
	viewWeek
	viewAgenda
	nViews
)

var viewNames = [nViews]string{"month", "week", "agenda"}

// The selection on the cursor's day, besides an index into its items.
const (
	selDay  = -1 // the day itself (its heading), no post
	selLast = -2 // the day's last post, once the day is loaded
)

// Model is the calendar pane.
type Model struct {
	env     pane.Env
	src     Source
	keys    KeyMap
	publish func(context.Context) error

	client string
	view   view
	local  bool      // times and days in the local zone, not each client's
	day    time.Time // the cursor's date, at 00:00 UTC
	sel    int       // the selected post of the day: index into its items, selDay, selLast
	selID  int64     // the selected item's first target, to find it again after a load
	open   bool      // the day's list of all its posts is open

	clients map[string]client
	inks    *inks // the theme's styles as escape sequences, built on first use

	seq    int
	span   span // the days in days
	want   span // the days being loaded
	days   map[time.Time]*dayData
	loaded bool
	err    error

	detail    *dayData  // the open day, loaded in full
	detailDay time.Time // the day of the newest detail load
	detailSeq int

	rows    []row // the agenda's rows, built from days; nil when they must be rebuilt
	cells   map[cellKey][]string
	jump    bool // put the cursor's row at the top of the agenda, once it is loaded
	list    widgets.List
	dayList widgets.List
	prompt  *prompt

	width, height int
}

// New returns the calendar pane reading from src, its cursor on today.
func New(src Source, env pane.Env) *Model {
	m := &Model{env: env, src: src, keys: DefaultKeyMap(), view: viewAgenda, sel: selDay, jump: true}
	m.day = m.today()
	return m
}

// SetPublisher sets what p (publish now) runs after making a post due: the engine's
// publish run, so the post goes out at once. Without one it goes out on the next sync.
func (m *Model) SetPublisher(publish func(context.Context) error) { m.publish = publish }

// Title is the pane's tab name.
func (m *Model) Title() string { return "Calendar" }

// Keys returns the pane's key map for the help line.
func (m *Model) Keys() help.KeyMap {
	k := m.keys
	k.open, k.prompt = m.open, m.prompt != nil
	return k
}

// Typing reports whether the delete prompt has the keyboard (pane.Typer): every key is
// its answer then, none a global key.
func (m *Model) Typing() bool { return m.prompt != nil }

// SetSize sets the area the pane draws in.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// SetClient shows only the posts of client ("" for all) and loads them.
func (m *Model) SetClient(client string) tea.Cmd {
	m.client = client
	m.days, m.loaded, m.detail = nil, false, nil
	m.changed()
	m.span, m.want = span{}, span{}
	m.sel, m.selID, m.prompt, m.jump = selDay, 0, nil, true
	m.list.Reset()
	return m.Reload()
}

// Reload reads the shown days again; results of any earlier load are dropped.
func (m *Model) Reload() tea.Cmd {
	m.seq++
	m.want = m.wantSpan()
	cmds := []tea.Cmd{load(m.env.Ctx, m.src, m.seq, m.want, m.localZone(), m.env.Now())}
	if m.open {
		cmds = append(cmds, m.loadDetail())
	}
	return tea.Batch(cmds...)
}

// Day is the day under the calendar's cursor, midnight in the zone the calendar shows
// (the client's, or the local one with every client or with z); a new post (n) is
// planned on it.
func (m *Model) Day() time.Time {
	return time.Date(m.day.Year(), m.day.Month(), m.day.Day(), 0, 0, 0, 0, m.dayZone())
}

// Update handles the pane's keys and the results of its commands.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		return m.takeLoad(msg)
	case editedMsg:
		return m.edited(msg)
	case tea.KeyPressMsg:
		if m.prompt != nil {
			return m.answer(msg)
		}
		cmd := m.handleKey(msg)
		return tea.Batch(cmd, m.ensure())
	}
	return nil
}

// takeLoad takes in a load's days, unless a newer load or an edit overtook it.
func (m *Model) takeLoad(msg loadedMsg) tea.Cmd {
	if msg.span.client != m.client {
		return nil
	}
	if msg.detail {
		if msg.seq != m.detailSeq {
			return nil
		}
		if msg.err != nil {
			return pane.Report("calendar", msg.err)
		}
		m.clients = msg.clients
		if len(msg.days) == 1 {
			m.detail = msg.days[0]
		}
		m.resolveSel()
		return nil
	}
	if msg.seq != m.seq {
		return nil
	}
	if msg.err != nil {
		m.err, m.want = msg.err, span{} // the next key tries again
		return pane.Report("calendar", msg.err)
	}
	m.err, m.clients, m.span = nil, msg.clients, msg.span
	m.days = make(map[time.Time]*dayData, len(msg.days))
	for _, d := range msg.days {
		m.days[d.date] = d
	}
	m.changed()
	m.resolveSel()
	if !m.loaded {
		m.loaded = true
		return m.restoreView(msg.view)
	}
	return nil
}

// restoreView shows the view chosen in an earlier run, once, at the first load.
func (m *Model) restoreView(name string) tea.Cmd {
	for v := range nViews {
		if viewNames[v] == name && v != m.view {
			m.view = v
			return m.ensure()
		}
	}
	return nil
}

// saveView keeps the view chosen with v for the next run.
func (m *Model) saveView() tea.Cmd {
	ctx, src, name := m.env.Ctx, m.src, viewNames[m.view]
	return func() tea.Msg {
		if err := src.SetMeta(ctx, viewKey, name); err != nil {
			return pane.ErrMsg{Source: "calendar", Err: err}
		}
		return nil
	}
}

// wantSpan is the days the current view needs: the weeks of the cursor's month (month),
// the cursor's week (week), or three weeks from the cursor's (agenda: what a tall
// terminal shows, and half the reading of a month grid on the first frame; moving past
// them loads the next).
func (m *Model) wantSpan() span {
	sp := span{client: m.client, local: m.local}
	switch m.view {
	case viewWeek:
		sp.from, sp.days, sp.perDay = weekStart(m.day), 7, weekPerDay
	case viewAgenda:
		sp.from, sp.days, sp.perDay = weekStart(m.day), agendaDays, agendaPerDay
	default:
		sp.from, sp.days = monthGrid(m.day)
		sp.perDay = monthPerDay
	}
	return sp
}

// agendaDays is how many days the agenda loads at once.
const agendaDays = 21

// ensure loads what the view needs and does not have, in a command.
func (m *Model) ensure() tea.Cmd {
	var cmds []tea.Cmd
	if w := m.wantSpan(); !m.span.covers(w) && w != m.want {
		m.seq++
		m.want = w
		cmds = append(cmds, load(m.env.Ctx, m.src, m.seq, w, m.localZone(), m.env.Now()))
	}
	if m.open && !m.detailDay.Equal(m.day) {
		cmds = append(cmds, m.loadDetail())
	}
	return tea.Batch(cmds...)
}

// loadDetail loads the cursor's day in full for the open day list.
func (m *Model) loadDetail() tea.Cmd {
	m.detailSeq++
	m.detailDay = m.day
	sp := span{client: m.client, local: m.local, from: m.day, days: 1, perDay: dayLimit}
	cmd := load(m.env.Ctx, m.src, m.detailSeq, sp, m.localZone(), m.env.Now())
	return func() tea.Msg {
		msg := cmd().(loadedMsg)
		msg.detail = true
		return msg
	}
}

// weekStart is the Monday on or before d.
func weekStart(d time.Time) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// monthGrid is the weeks, Monday to Sunday, that hold d's month.
func monthGrid(d time.Time) (from time.Time, days int) {
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	from = weekStart(first)
	end := weekStart(last).AddDate(0, 0, 7)
	return from, int(end.Sub(from).Hours()+0.5) / 24
}

// addMonths moves d by n months, keeping the day of the month where the month has it
// (31 January + 1 month is 28 February, not 3 March).
func addMonths(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d.Day(), last)-1)
}

// ViewName is the view shown: "month", "week" or "agenda" (with the day open or not).
func (m *Model) ViewName() string { return viewNames[m.view] }

// DayOpen reports whether the list of the cursor day's posts is open.
func (m *Model) DayOpen() bool { return m.open }

// Selected is the post under the cursor, if the cursor is on one.
func (m *Model) Selected() (postID int64, ok bool) {
	it, ok := m.selected()
	if !ok {
		return 0, false
	}
	return it.postID(), true
}

// Posts counts the posts of the loaded days.
func (m *Model) Posts() int {
	n := 0
	for _, d := range m.days {
		n += d.posts
	}
	return n
}

var _ pane.Typer = (*Model)(nil)
