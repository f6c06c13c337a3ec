package metrics

import "charm.land/bubbles/v2/key"

// KeyMap is the metrics pane's own keys; it implements help.KeyMap.
type KeyMap struct {
	Up    key.Binding
	Down  key.Binding
	Login key.Binding
}

// DefaultKeyMap returns the metrics keys the follower table has so far.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:    key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:  key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Login: key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "log in again")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Login} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{{k.Up, k.Down, k.Login}} }
