// Package calendar is the calendar pane. For now it is an agenda: the upcoming posts of
// every account (or of the chosen client), soonest first, then the recent past, newest
// first, each at its time in its client's zone.
package calendar

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/widgets"
)

// Model is the calendar pane.
type Model struct {
	env  pane.Env
	src  Source
	keys KeyMap

	client  string
	seq     int
	entries []entry
	loaded  bool
	err     error
	list    widgets.List
	width   int
	height  int
}

// New returns the calendar pane reading from src.
func New(src Source, env pane.Env) *Model {
	return &Model{env: env, src: src, keys: DefaultKeyMap()}
}

// Title is the pane's tab name.
func (m *Model) Title() string { return "Calendar" }

// Keys returns the pane's key map for the help line.
func (m *Model) Keys() help.KeyMap { return m.keys }

// SetSize sets the area the pane draws in.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// SetClient shows only the posts of client ("" for all) and loads them.
func (m *Model) SetClient(client string) tea.Cmd {
	m.client = client
	m.entries, m.loaded = nil, false
	m.list.Reset()
	return m.Reload()
}

// Reload reads the agenda again; results of any earlier load are dropped.
func (m *Model) Reload() tea.Cmd {
	m.seq++
	return load(m.env.Ctx, m.src, m.seq, m.client, m.env.Now())
}

// Update handles the pane's keys and its load results.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.seq != m.seq || msg.client != m.client {
			return nil
		}
		if msg.err != nil {
			m.err = msg.err
			return pane.Report("calendar", msg.err)
		}
		m.err, m.entries, m.loaded = nil, msg.entries, true
		m.list.Move(0, len(m.entries))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Up):
			m.list.Move(-1, len(m.entries))
		case key.Matches(msg, m.keys.Down):
			m.list.Move(1, len(m.entries))
		case key.Matches(msg, m.keys.Top):
			m.list.Top()
		case key.Matches(msg, m.keys.Bottom):
			m.list.Bottom(len(m.entries))
		}
	}
	return nil
}

// Day is the day under the calendar's cursor, midnight in the zone the calendar shows; a
// new post (n) is planned on it. With no cursor yet it is today.
func (m *Model) Day() time.Time {
	now := m.env.Now()
	y, mo, d := now.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, now.Location())
}
