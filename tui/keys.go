package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
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
	Sync      key.Binding
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
		Sync:      key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "sync now")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// helpKeys joins the active pane's keys with the global ones for bubbles/help: the
// pane's first, since they are what the user is doing right now.
type helpKeys struct {
	pane   help.KeyMap
	global KeyMap
}

// ShortHelp implements help.KeyMap.
func (h helpKeys) ShortHelp() []key.Binding {
	g := h.global
	return append(h.pane.ShortHelp(), g.Next, g.Client, g.Sync, g.Help, g.Quit)
}

// FullHelp implements help.KeyMap.
func (h helpKeys) FullHelp() [][]key.Binding {
	g := h.global
	return append(h.pane.FullHelp(),
		[]key.Binding{g.Calendar, g.Inbox, g.Metrics, g.Next, g.Prev},
		[]key.Binding{g.Client, g.Sync, g.Help, g.Quit},
	)
}
