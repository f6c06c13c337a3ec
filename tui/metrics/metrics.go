// Package metrics is the metrics pane. For now it shows each account's followers: the
// newest count, its change over a week, and a sparkline of the last 30 days.
package metrics

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/widgets"
)

// Model is the metrics pane.
type Model struct {
	env  pane.Env
	src  Source
	keys KeyMap

	client string
	seq    int
	rows   []row
	loaded bool
	err    error
	list   widgets.List
	width  int
	height int
}

// New returns the metrics pane reading from src.
func New(src Source, env pane.Env) *Model {
	return &Model{env: env, src: src, keys: DefaultKeyMap()}
}

// Title is the pane's tab name.
func (m *Model) Title() string { return "Metrics" }

// Keys returns the pane's key map for the help line.
func (m *Model) Keys() help.KeyMap { return m.keys }

// SetSize sets the area the pane draws in.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// SetClient shows only the accounts of client ("" for all) and loads them.
func (m *Model) SetClient(client string) tea.Cmd {
	m.client = client
	m.rows, m.loaded = nil, false
	m.list.Reset()
	return m.Reload()
}

// Reload reads the numbers again; results of any earlier load are dropped.
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
			return pane.Report("metrics", msg.err)
		}
		m.err, m.rows, m.loaded = nil, msg.rows, true
		m.list.Move(0, len(m.rows))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Up):
			m.list.Move(-1, len(m.rows))
		case key.Matches(msg, m.keys.Down):
			m.list.Move(1, len(m.rows))
		case key.Matches(msg, m.keys.Login):
			if c := m.list.Cursor; c >= 0 && c < len(m.rows) {
				id := m.rows[c].account.ID
				return func() tea.Msg { return pane.LoginMsg{AccountID: id} }
			}
		}
	}
	return nil
}
