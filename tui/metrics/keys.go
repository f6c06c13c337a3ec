package metrics

import "charm.land/bubbles/v2/key"

// KeyMap is the metrics pane's own keys; it implements help.KeyMap.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageDown key.Binding
	PageUp   key.Binding
	Prev     key.Binding
	Next     key.Binding
	Length   key.Binding
	Scope    key.Binding
	Login    key.Binding
}

// DefaultKeyMap returns the metrics keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		PageDown: key.NewBinding(key.WithKeys("ctrl+d", "pgdown"), key.WithHelp("ctrl+d", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("ctrl+u", "pgup"), key.WithHelp("ctrl+u", "scroll up")),
		Prev:     key.NewBinding(key.WithKeys("["), key.WithHelp("[/]", "period")),
		Next:     key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next period")),
		Length:   key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "7d/30d/90d")),
		Scope:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "account/platform")),
		Login:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "log in again")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Prev, k.Length, k.Scope, k.Login}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageDown, k.PageUp}, {k.Prev, k.Length, k.Scope, k.Login}}
}
