// Package thread is the inbox's thread view: the conversation around one inbox item (its
// parent chain, the item, the replies below it; for a DM the chat it belongs to) and the
// author's history with the client, in one scrollable page over the inbox.
//
// What the database has shows first; where the platform can, the conversation is then
// fetched from it and merged in, so the view is useful offline and complete online. Every
// read runs in a command; Update only files results.
package thread

import (
	"errors"
	"sync/atomic"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
)

// ClosedMsg says the user closed the view (esc or q). Thread is the model that closed, so
// the parent can tell it from a view opened since.
type ClosedMsg struct{ Thread *Model }

// seqs numbers every load of every view: the parent routes results to whichever view is
// open, and a result of an earlier view (or an earlier load) must not land in it.
var seqs atomic.Int64

// Model is the thread view of one inbox item.
type Model struct {
	env    pane.Env
	src    Source
	fetch  FetchFunc
	keys   KeyMap
	item   social.InboxItem
	client string // the client's name, for "<author> with <client>"

	seq      int64 // of the last database load
	fetchSeq int64 // of the fetch out, if fetching
	width    int
	height   int
	vp       viewport.Model
	closed   bool

	local    []social.InboxItem
	loaded   bool
	localErr error

	remote   []social.InboxItem
	fetching bool
	fetchErr error

	history  []social.InboxItem
	histErr  error
	contact  social.Contact
	known    bool
	withHist bool

	entries  []entry
	focusAt  int  // the line of the focused message in the content
	focusLen int  // and its height
	scrolled bool // the user moved: loads no longer reposition the page
}

// New opens the view on item and returns the command that loads it: the database and,
// when fetch is not nil, the platform, at once. What is stored shows as soon as it is
// read; the platform's messages are merged in when they come. clientName names the item's
// client in the history section ("" uses its id).
func New(env pane.Env, src Source, fetch FetchFunc, item social.InboxItem, clientName string) (*Model, tea.Cmd) {
	if clientName == "" {
		clientName = item.ClientID
	}
	m := &Model{env: env, src: src, fetch: fetch, keys: DefaultKeyMap(), item: item, client: clientName}
	m.vp = viewport.New()
	m.rebuild()
	return m, m.load()
}

// Item returns the item the view was opened on.
func (m *Model) Item() social.InboxItem { return m.item }

// Keys returns the view's key map for the help line.
func (m *Model) Keys() help.KeyMap { return m.keys }

// SetSize sets the area the view draws in.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.rebuild()
}

// Reload reads the database again (after a sync, say); what was fetched stays.
func (m *Model) Reload() tea.Cmd {
	m.seq = seqs.Add(1)
	return loadLocal(m.env.Ctx, m.src, m.seq, m.item)
}

func (m *Model) load() tea.Cmd {
	local := m.Reload()
	if m.fetch == nil {
		return local
	}
	m.fetching, m.fetchSeq = true, m.seq
	return tea.Batch(local, fetchRemote(m.env.Ctx, m.fetch, m.fetchSeq, m.item))
}

// Update handles the view's keys and load results.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case localMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.loaded = true
		m.local, m.localErr = msg.items, msg.err
		m.history, m.histErr = msg.history, msg.histErr
		m.contact, m.known, m.withHist = msg.contact, msg.known, msg.withHist
		m.rebuild()
	case fetchedMsg:
		if !m.fetching || msg.seq != m.fetchSeq {
			return nil
		}
		m.fetching = false
		m.remote, m.fetchErr = msg.items, msg.err
		if errors.Is(msg.err, errors.ErrUnsupported) {
			m.remote, m.fetchErr = nil, nil
		}
		m.rebuild()
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		before := m.vp.YOffset()
		m.vp, cmd = m.vp.Update(msg)
		m.scrolled = m.scrolled || m.vp.YOffset() != before
		return cmd
	}
	return nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.closed {
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Close):
		m.closed = true
		return func() tea.Msg { return ClosedMsg{Thread: m} }
	case key.Matches(msg, m.keys.Up):
		m.vp.ScrollUp(1)
	case key.Matches(msg, m.keys.Down):
		m.vp.ScrollDown(1)
	case key.Matches(msg, m.keys.Top):
		m.vp.GotoTop()
	case key.Matches(msg, m.keys.Bottom):
		m.vp.GotoBottom()
	case key.Matches(msg, m.keys.HalfUp):
		m.vp.HalfPageUp()
	case key.Matches(msg, m.keys.HalfDown):
		m.vp.HalfPageDown()
	case key.Matches(msg, m.keys.PageUp):
		m.vp.PageUp()
	case key.Matches(msg, m.keys.PageDown):
		m.vp.PageDown()
	default:
		return nil
	}
	m.scrolled = true
	return nil
}
