// Package inbox is the inbox pane: the newest open items of every account (or of the
// chosen client), read in keyset pages so a million items cost the same as a hundred,
// and triaged from the keyboard: done, undo, snooze, label, on one item or a selection.
//
// Triage is optimistic: the list changes at once and the store is written in a command;
// when the write fails the list goes back and the status bar says why.
package inbox

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/thread"
	"github.com/chorus-social/chorus/tui/widgets"
)

// prefetch is how close to the end of the loaded items the cursor may come before the
// next page is asked for, so scrolling rarely waits.
const prefetch = 5

// Model is the inbox pane.
type Model struct {
	env   pane.Env
	src   Source
	keys  KeyMap
	pkeys promptKeys

	view       view // client, filter and search of the list
	seq        int
	items      []social.InboxItem
	loaded     bool  // the first page arrived
	loading    bool  // a first page is on its way
	restarting bool  // that first page is of a new view: the cursor goes to the top
	more       bool  // the last page was full: older items may exist
	paging     bool  // a next page is on its way
	pageBefore int64 // the id that page continues from
	err        error
	list       widgets.List
	width      int
	height     int

	zones    map[string]*time.Location // client id → zone, for snooze input
	selected map[int64]bool            // ids picked with x or *
	undo     []*action                 // done and snooze actions, oldest first
	prompt   prompt

	names    map[string]string   // client id → name, for saved replies' {{client}}
	outbox   Outbox              // how likes and replies are counted and sent (reply.go)
	actsByID map[int64]*itemActs // what was liked or answered from here, by item id
	open     func(url string) error
	box      *replyBox // the open reply box, nil when closed
	drafts   drafts    // reply drafts, kept in the store (draft.go)

	search search     // the / field (search.go)
	menu   filterMenu // the f menu (filter.go)

	thread      *thread.Model // the conversation open over the list (enter), nil when closed
	fetchThread thread.FetchFunc
}

// SetThreadFetcher sets how the thread view asks the platform for the conversation
// around an item; nil shows only what is stored.
func (m *Model) SetThreadFetcher(f thread.FetchFunc) { m.fetchThread = f }

var _ pane.Typer = (*Model)(nil)

// New returns the inbox pane reading from src.
func New(src Source, env pane.Env) *Model {
	return &Model{env: env, src: src, keys: DefaultKeyMap(), pkeys: defaultPromptKeys()}
}

// Title is the pane's tab name.
func (m *Model) Title() string { return "Inbox" }

// Keys returns the pane's key map for the help line: the prompt's while it is open.
func (m *Model) Keys() help.KeyMap {
	switch {
	case m.thread != nil:
		return m.thread.Keys()
	case m.box != nil:
		return m.box.keys
	case m.search.typing:
		return m.search.keys
	case m.menu.open:
		return m.menu.keys
	case m.Typing():
		return m.pkeys
	}
	return m.keys
}

// SetSize sets the area the pane draws in.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	if m.thread != nil {
		m.thread.SetSize(w, h)
	}
}

// SetClient shows only the items of client ("" for all) and loads them. The filter and
// the search stay: they are what the user is looking for, in whichever client.
func (m *Model) SetClient(client string) tea.Cmd {
	m.view.client = client
	m.closeMenu()
	m.thread = nil
	m.items, m.loaded = nil, false
	m.selected = nil
	m.closePrompt()
	m.closeReply()
	m.list.Reset()
	return m.Reload()
}

// Open shows client's items through filter from scratch: what SetClient does, with a
// filter. The search is dropped.
func (m *Model) Open(client string, f Filter) tea.Cmd {
	m.view.filter, m.view.search = f, ""
	m.search.input.SetValue("")
	return m.SetClient(client)
}

// Reload reads the items again, as many as are loaded now so the cursor stays put, as of
// Deps.Now: items whose snooze ran out are back. Results of any earlier load are dropped
// when they arrive.
func (m *Model) Reload() tea.Cmd {
	m.seq++
	m.paging, m.loading, m.restarting = false, true, false
	limit := min(max(PageSize, len(m.items)), maxReload)
	return loadPage(m.env.Ctx, m.src, m.seq, m.view, 0, limit, m.env.Now())
}

// Items returns the loaded items, newest first.
func (m *Model) Items() []social.InboxItem { return m.items }

// Cursor returns the index of the selected item.
func (m *Model) Cursor() int { return m.list.Cursor }

// Selected returns how many loaded items are selected for a bulk action.
func (m *Model) Selected() int {
	n := 0
	for _, it := range m.items {
		if m.selected[it.ID] {
			n++
		}
	}
	return n
}

// Update handles the pane's keys, its load results and its writes.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pageMsg:
		return m.gotPage(msg)
	case writeMsg:
		return m.gotWrite(msg)
	case labelsMsg:
		return m.gotLabels(msg)
	case queuedMsg:
		return m.gotQueued(msg)
	case sentMsg:
		return m.gotSent(msg)
	case savedMsg:
		return m.gotSaved(msg)
	case draftsMsg:
		return m.gotDrafts(msg)
	case debounceMsg:
		return m.gotDebounce(msg)
	case optionsMsg:
		return m.gotOptions(msg)
	case thread.ClosedMsg:
		if msg.Thread == m.thread {
			m.thread = nil
		}
		return nil
	}
	if m.thread != nil {
		return m.thread.Update(msg)
	}
	if m.box != nil {
		return m.updateReply(msg)
	}
	if m.search.typing {
		return m.updateSearch(msg)
	}
	if m.menu.open {
		return m.updateMenu(msg)
	}
	if m.Typing() {
		return m.updatePrompt(msg)
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return m.handleKey(msg)
	}
	return nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Up):
		m.list.Move(-1, len(m.items))
	case key.Matches(msg, m.keys.Down):
		m.list.Move(1, len(m.items))
	case key.Matches(msg, m.keys.Top):
		m.list.Top()
	case key.Matches(msg, m.keys.Bottom):
		m.list.Bottom(len(m.items))
	case key.Matches(msg, m.keys.Done):
		return m.done()
	case key.Matches(msg, m.keys.Undo):
		return m.undoOrUnread()
	case key.Matches(msg, m.keys.Snooze):
		return m.openPrompt(promptSnooze)
	case key.Matches(msg, m.keys.Label):
		return m.openPrompt(promptLabel)
	case key.Matches(msg, m.keys.Reply):
		return m.openReply()
	case key.Matches(msg, m.keys.Like):
		return m.like()
	case key.Matches(msg, m.keys.Open):
		return m.openLink()
	case key.Matches(msg, m.keys.Copy):
		return m.copyLink()
	case key.Matches(msg, m.keys.Select):
		it, ok := m.current()
		if !ok {
			return nil
		}
		if m.selected == nil {
			m.selected = map[int64]bool{}
		}
		if m.selected[it.ID] {
			delete(m.selected, it.ID)
		} else {
			m.selected[it.ID] = true
		}
		m.list.Move(1, len(m.items)) // on to the next, as mail readers do
	case key.Matches(msg, m.keys.SelectAll):
		if len(m.items) > 0 && m.Selected() == len(m.items) {
			m.selected = nil // all selected already: * again unselects
			return nil
		}
		m.selected = make(map[int64]bool, len(m.items))
		for _, it := range m.items {
			m.selected[it.ID] = true
		}
		return nil
	case key.Matches(msg, m.keys.Thread):
		return m.openThread()
	case key.Matches(msg, m.keys.Search):
		return m.openSearch()
	case key.Matches(msg, m.keys.Filter):
		return m.openMenu()
	case key.Matches(msg, m.keys.Clear):
		return m.clear()
	default:
		return nil
	}
	return m.maybeNextPage()
}

// openThread shows the conversation around the item under the cursor, and marks the
// item read: it has been read now.
func (m *Model) openThread() tea.Cmd {
	it, ok := m.current()
	if !ok {
		return nil
	}
	var cmd tea.Cmd
	m.thread, cmd = thread.New(m.env, m.src, m.fetchThread, it, m.names[it.ClientID])
	m.thread.SetSize(m.width, m.height)
	if it.Read {
		return cmd
	}
	m.patch([]social.InboxItem{it}, func(it *social.InboxItem) { it.Read = true })
	src, ctx := m.src, m.env.Ctx
	return tea.Batch(cmd, func() tea.Msg {
		if err := src.SetRead(ctx, true, it.ID); err != nil {
			return pane.ErrMsg{Source: "inbox", Err: err}
		}
		return nil
	})
}

func (m *Model) gotPage(msg pageMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil // a newer load replaced this one
	}
	if msg.before != 0 {
		if !m.paging || msg.before != m.pageBefore {
			return nil
		}
		m.paging = false
	} else {
		m.loading = false
	}
	if msg.err != nil {
		m.err = msg.err
		return pane.Report("inbox", msg.err)
	}
	m.err = nil
	if msg.before == 0 {
		cur, hadCur := m.current()
		m.zones = zones(msg.clients)
		m.names = names(msg.clients)
		m.items = msg.items
		m.loaded = true
		m.more = len(msg.items) == msg.limit
		// Keep the cursor on its item when it is still there: a reload that brings back a
		// snoozed item above it must not slide another item under the user's next key.
		if i := m.indexOf(cur.ID); hadCur && i >= 0 && !m.restarting {
			m.list.Cursor = i
		}
		if m.restarting {
			m.list.Reset()
			m.restarting = false
		}
		m.list.Move(0, len(m.items))
		m.pruneSelection()
	} else {
		m.items = append(m.items, msg.items...)
		m.more = len(msg.items) == msg.limit
	}
	m.adoptActions(msg.items)
	return tea.Batch(m.loadDrafts(msg.items), m.maybeNextPage())
}

// pruneSelection forgets selected items that are no longer loaded.
func (m *Model) pruneSelection() {
	if len(m.selected) == 0 {
		return
	}
	keep := make(map[int64]bool, len(m.selected))
	for _, it := range m.items {
		if m.selected[it.ID] {
			keep[it.ID] = true
		}
	}
	m.selected = keep
}

// maybeNextPage asks for the page after the last loaded item when the cursor comes near
// the end: Before = the last id, the keyset that makes every page cost the same.
func (m *Model) maybeNextPage() tea.Cmd {
	if !m.loaded || !m.more || m.paging || m.list.Cursor < len(m.items)-1-prefetch {
		return nil
	}
	if len(m.items) == 0 { // every loaded item triaged away: start over at the newest
		if m.loading {
			return nil
		}
		return m.Reload()
	}
	m.paging = true
	m.pageBefore = m.lastID()
	return loadPage(m.env.Ctx, m.src, m.seq, m.view, m.pageBefore, PageSize, m.env.Now())
}

func (m *Model) lastID() int64 {
	if len(m.items) == 0 {
		return 0
	}
	return m.items[len(m.items)-1].ID
}
