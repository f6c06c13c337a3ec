package inbox

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// debounce is how long the search waits after a keystroke before it asks the store:
// a word typed at speed costs one query, not one per letter.
const debounce = 120 * time.Millisecond

// search is the / field. While typing, the list below follows the text; enter gives the
// keys back to the list with the matches kept, esc drops the search.
type search struct {
	input  textinput.Model
	typing bool
	tick   int // the newest keystroke's debounce; older ticks are dropped
	keys   searchKeys
}

type searchKeys struct {
	Keep   key.Binding
	Cancel key.Binding
}

// ShortHelp implements help.KeyMap.
func (k searchKeys) ShortHelp() []key.Binding { return []key.Binding{k.Keep, k.Cancel} }

// FullHelp implements help.KeyMap.
func (k searchKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// debounceMsg fires debounce after keystroke n of the search field.
type debounceMsg struct{ n int }

// Searching reports whether the list shows search matches (all history) rather than
// the open items.
func (m *Model) Searching() bool { return strings.TrimSpace(m.view.search) != "" }

// openSearch focuses the search field, with the current query to edit.
func (m *Model) openSearch() tea.Cmd {
	in := textinput.New()
	in.SetStyles(m.env.Styles.Input)
	in.Prompt = "/ "
	in.Placeholder = "search all history: words, @author"
	in.CharLimit = 128
	in.SetValue(m.view.search)
	in.CursorEnd()
	m.search = search{input: in, typing: true, tick: m.search.tick, keys: searchKeys{
		Keep:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go to matches")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
	}}
	return m.search.input.Focus()
}

// updateSearch handles a message while the field has the keyboard.
func (m *Model) updateSearch(msg tea.Msg) tea.Cmd {
	s := &m.search
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, s.keys.Cancel):
			return m.clearSearch()
		case key.Matches(k, s.keys.Keep):
			s.typing = false
			s.input.Blur()
			if m.view.search == s.input.Value() {
				return nil
			}
			return m.runSearch() // enter before the debounce ran out: now
		}
	}
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() == before {
		return cmd
	}
	s.tick++
	n := s.tick
	return tea.Batch(cmd, tea.Tick(debounce, func(time.Time) tea.Msg { return debounceMsg{n} }))
}

func (m *Model) gotDebounce(msg debounceMsg) tea.Cmd {
	if msg.n != m.search.tick || m.view.search == m.search.input.Value() {
		return nil
	}
	return m.runSearch()
}

// runSearch shows the matches of the field's text from the newest.
func (m *Model) runSearch() tea.Cmd {
	m.view.search = m.search.input.Value()
	return m.restart()
}

// clearSearch drops the search: the open items again.
func (m *Model) clearSearch() tea.Cmd {
	m.search.typing = false
	m.search.tick++ // a pending debounce must not bring the search back
	m.search.input.Blur()
	m.search.input.SetValue("")
	if m.view.search == "" {
		return nil
	}
	m.view.search = ""
	return m.restart()
}

// restart loads the view from its newest item, cursor on top: what the list shows has
// changed (a search, a filter), so the old position means nothing. The old rows stay
// until the new ones come, so typing a search does not flash an empty pane.
func (m *Model) restart() tea.Cmd {
	m.selected = nil
	m.restarting = true
	m.seq++
	m.paging, m.loading = false, true
	return loadPage(m.env.Ctx, m.src, m.seq, m.view, 0, PageSize, m.env.Now())
}

// clear is esc on the list: the selection first, then the search, then the filter.
func (m *Model) clear() tea.Cmd {
	switch {
	case len(m.selected) > 0:
		m.selected = nil
		return nil
	case m.view.search != "":
		return m.clearSearch()
	case m.view.filter.Active():
		m.view.filter = Filter{}
		return m.restart()
	}
	return nil
}
