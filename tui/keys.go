package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// KeyMap is the global keys of INTERFACE.md: they work in every pane unless a text
// field has focus.
type KeyMap struct {
	Calendar  key.Binding
	Inbox     key.Binding
	Metrics   key.Binding
	Next      key.Binding
	Prev      key.Binding
	Client    key.Binding
	New       key.Binding
	Sync      key.Binding
	Crisis    key.Binding
	Help      key.Binding
	Quit      key.Binding
	ForceQuit key.Binding
}

// DefaultKeyMap returns the global keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Calendar:  key.NewBinding(key.WithKeys("1"), key.WithHelp("1", "calendar")),
		Inbox:     key.NewBinding(key.WithKeys("2"), key.WithHelp("2", "inbox")),
		Metrics:   key.NewBinding(key.WithKeys("3"), key.WithHelp("3", "metrics")),
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Client:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "client")),
		New:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new post")),
		Sync:      key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "sync now")),
		Crisis:    key.NewBinding(key.WithKeys("!"), key.WithHelp("!", "pause")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// helpKeys joins the active pane's keys with the global ones for bubbles/help: the
// pane's first, since they are what the user is doing right now. While a pane's text
// field has the keyboard, only its keys apply and show.
type helpKeys struct {
	pane   help.KeyMap
	global KeyMap
	width  int // of the help line; 0: no limit
	typing bool
}

// ShortHelp implements help.KeyMap. "? help" and "q quit" always show; the other global
// keys follow the pane's as far as the line has room, so a pane with many keys keeps
// them all in view at 80 columns.
func (h helpKeys) ShortHelp() []key.Binding {
	if h.typing {
		return h.pane.ShortHelp()
	}
	g := h.global
	out := h.pane.ShortHelp()
	last := []key.Binding{g.Help, g.Quit}
	used := shortWidth(out) + shortWidth(last) + sepWidth
	for _, b := range []key.Binding{g.Next, g.Client, g.Sync} {
		bw := shortWidth([]key.Binding{b}) + sepWidth
		if h.width > 0 && used+bw > h.width {
			break
		}
		out = append(out, b)
		used += bw
	}
	return append(out, last...)
}

// sepWidth is the width of bubbles/help's short separator " • ".
const sepWidth = 3

// shortWidth is the width bindings take on the short help line, separators between.
func shortWidth(bs []key.Binding) int {
	n := 0
	for i, b := range bs {
		if i > 0 {
			n += sepWidth
		}
		n += lipgloss.Width(b.Help().Key) + 1 + lipgloss.Width(b.Help().Desc)
	}
	return n
}

// FullHelp implements help.KeyMap.
func (h helpKeys) FullHelp() [][]key.Binding {
	if h.typing {
		return h.pane.FullHelp()
	}
	g := h.global
	return append(h.pane.FullHelp(),
		[]key.Binding{g.Calendar, g.Inbox, g.Metrics, g.Next, g.Prev},
		[]key.Binding{g.Client, g.New, g.Sync, g.Crisis, g.Help, g.Quit},
	)
}
