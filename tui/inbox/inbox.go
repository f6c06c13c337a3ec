// Package inbox is the inbox pane: the newest open items of every account (or of the
// chosen client), read in keyset pages so a million items cost the same as a hundred.
package inbox

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/widgets"
)

// prefetch is how close to the end of the loaded items the cursor may come before the
// next page is asked for, so scrolling rarely waits.
const prefetch = 5

// Model is the inbox pane.
type Model struct {
	env  pane.Env
	src  Source
	keys KeyMap

	client string
	seq    int
	items  []social.InboxItem
	loaded bool // the first page arrived
	more   bool // the last page was full: older items may exist
	paging bool // a next page is on its way
	err    error
	list   widgets.List
	width  int
	height int
}

// New returns the inbox pane reading from src.
func New(src Source, env pane.Env) *Model {
	return &Model{env: env, src: src, keys: DefaultKeyMap()}
}

// Title is the pane's tab name.
func (m *Model) Title() string { return "Inbox" }

// Keys returns the pane's key map for the help line.
func (m *Model) Keys() help.KeyMap { return m.keys }

// SetSize sets the area the pane draws in.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// SetClient shows only the items of client ("" for all) and loads them.
func (m *Model) SetClient(client string) tea.Cmd {
	m.client = client
	m.items, m.loaded = nil, false
	m.list.Reset()
	return m.Reload()
}

// Reload reads the items again, as many as are loaded now so the cursor stays put.
// Results of any earlier load are dropped when they arrive.
func (m *Model) Reload() tea.Cmd {
	m.seq++
	m.paging = false
	limit := min(max(PageSize, len(m.items)), maxReload)
	return loadPage(m.env.Ctx, m.src, m.seq, m.client, 0, limit, m.env.Now())
}

// Items returns the loaded items, newest first.
func (m *Model) Items() []social.InboxItem { return m.items }

// Cursor returns the index of the selected item.
func (m *Model) Cursor() int { return m.list.Cursor }

// Update handles the pane's keys and its load results.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageMsg:
		return m.gotPage(msg)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Up):
			m.list.Move(-1, len(m.items))
		case key.Matches(msg, m.keys.Down):
			m.list.Move(1, len(m.items))
		case key.Matches(msg, m.keys.Top):
			m.list.Top()
		case key.Matches(msg, m.keys.Bottom):
			m.list.Bottom(len(m.items))
		default:
			return nil
		}
		return m.maybeNextPage()
	}
	return nil
}

func (m *Model) gotPage(msg pageMsg) tea.Cmd {
	if msg.seq != m.seq || msg.client != m.client {
		return nil // a newer load replaced this one
	}
	if msg.before != 0 {
		if !m.paging || msg.before != m.lastID() {
			return nil
		}
		m.paging = false
	}
	if msg.err != nil {
		m.err = msg.err
		return pane.Report("inbox", msg.err)
	}
	m.err = nil
	if msg.before == 0 {
		m.items = msg.items
		m.loaded = true
		m.more = len(msg.items) == msg.limit
		m.list.Move(0, len(m.items))
	} else {
		m.items = append(m.items, msg.items...)
		m.more = len(msg.items) == msg.limit
	}
	return m.maybeNextPage()
}

// maybeNextPage asks for the page after the last loaded item when the cursor comes near
// the end: Before = the last id, the keyset that makes every page cost the same.
func (m *Model) maybeNextPage() tea.Cmd {
	if !m.loaded || !m.more || m.paging || m.list.Cursor < len(m.items)-1-prefetch {
		return nil
	}
	m.paging = true
	return loadPage(m.env.Ctx, m.src, m.seq, m.client, m.lastID(), PageSize, m.env.Now())
}

func (m *Model) lastID() int64 {
	if len(m.items) == 0 {
		return 0
	}
	return m.items[len(m.items)-1].ID
}
