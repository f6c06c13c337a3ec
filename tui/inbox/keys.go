package inbox

import "charm.land/bubbles/v2/key"

// KeyMap is the inbox's own keys, those of INTERFACE.md; it implements help.KeyMap.
type KeyMap struct {
	Up     key.Binding
	Down   key.Binding
	Top    key.Binding
	Bottom key.Binding

	Done      key.Binding // archive the item or the selection
	Undo      key.Binding // undo the last done or snooze; with none, mark unread
	Snooze    key.Binding
	Label     key.Binding
	Select    key.Binding
	SelectAll key.Binding
	Clear     key.Binding // forget the selection, else the search, else the filter
	Search    key.Binding // search all history
	Filter    key.Binding // the filter menu
	Thread    key.Binding // the conversation around the item
	Reply     key.Binding // open the reply box (reply.go)
	Like      key.Binding // like the item through the outbox
	Open      key.Binding // open the item on the web
	Copy      key.Binding // copy the item's web address
}

// DefaultKeyMap returns the inbox keys of INTERFACE.md.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:    key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "newest")),
		Bottom: key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "oldest")),

		Done:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "done")),
		Undo:      key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo/unread")),
		Snooze:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "snooze")),
		Label:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "label")),
		Select:    key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "select")),
		SelectAll: key.NewBinding(key.WithKeys("*"), key.WithHelp("*", "select all")),
		Clear:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		Search:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Filter:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter")),
		Thread:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "thread")),
		Reply:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reply")),
		Like:      key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "like")),
		Open:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open")),
		Copy:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy")),
	}
}

// ShortHelp implements help.KeyMap: the triage keys; moving is in the full help.
func (k KeyMap) ShortHelp() []key.Binding {
	// "undo" alone keeps the line inside 80 columns; the full help says "undo/unread".
	undo := k.Undo
	undo.SetHelp("u", "undo")
	return []key.Binding{k.Done, k.Reply, k.Snooze, k.Label, k.Select, undo}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	// Two columns, so the global ones still fit beside them in 80 columns.
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.Thread, k.Select, k.SelectAll, k.Open, k.Copy},
		{k.Done, k.Undo, k.Snooze, k.Label, k.Reply, k.Like, k.Search, k.Filter, k.Clear},
	}
}

// promptKeys are the keys of the snooze and label prompts; letters go to the text.
type promptKeys struct {
	Apply    key.Binding
	Cancel   key.Binding
	Complete key.Binding // label: take the suggested existing label
	label    bool
}

func defaultPromptKeys() promptKeys {
	return promptKeys{
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
	}
}

// ShortHelp implements help.KeyMap.
func (k promptKeys) ShortHelp() []key.Binding {
	if k.label {
		return []key.Binding{k.Apply, k.Complete, k.Cancel}
	}
	return []key.Binding{k.Apply, k.Cancel}
}

// FullHelp implements help.KeyMap.
func (k promptKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
