package calendar

import "charm.land/bubbles/v2/key"

// KeyMap is the calendar's own keys (INTERFACE.md, Calendar); it implements help.KeyMap.
// n (new post on the cursor's day) is the root's: it asks Model.Day.
type KeyMap struct {
	Left, Right, Up, Down key.Binding
	Back, Ahead           key.Binding // a month (month view) or a week back / ahead
	Today                 key.Binding
	View                  key.Binding
	Zone                  key.Binding
	Open                  key.Binding
	Close                 key.Binding
	Edit                  key.Binding
	Earlier, Later        key.Binding
	Pause                 key.Binding
	Publish               key.Binding
	Delete                key.Binding
	Yes, No               key.Binding // the delete prompt

	// Help-only entries: one line for keys that come in pairs.
	move, page, shift, pause key.Binding

	open, prompt bool // what the help shows: the day open, the delete prompt
}

// DefaultKeyMap returns the calendar keys.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Left:    b("←/h", "day before", "h", "left"),
		Right:   b("→/l", "day after", "l", "right"),
		Up:      b("↑/k", "up", "k", "up"),
		Down:    b("↓/j", "down", "j", "down"),
		Back:    b("[", "page back", "[", "pgup"),
		Ahead:   b("]", "page ahead", "]", "pgdown"),
		Today:   b(".", "today", "."),
		View:    b("v", "view", "v"),
		Zone:    b("z", "zone", "z"),
		Open:    b("enter", "open", "enter"),
		Close:   b("esc", "back", "esc"),
		Edit:    b("e", "edit", "e"),
		Earlier: b("<", "a day earlier", "<"),
		Later:   b(">", "a day later", ">"),
		Pause:   b("space", "pause/resume", "space"),
		Publish: b("p", "publish now", "p"),
		Delete:  b("d", "delete", "d"),
		Yes:     b("y", "delete", "y"),
		No:      b("n/esc", "keep", "n", "esc"),
		move:    b("hjkl ←↓↑→", "move", "h", "j", "k", "l", "left", "down", "up", "right"),
		page:    b("[/]", "page", "[", "]", "pgup", "pgdown"),
		shift:   b("</>", "move a day", "<", ">"),
		pause:   b("space", "pause", "space"),
	}
}

// ShortHelp implements help.KeyMap. It leaves room for "? help" and "q quit" at 80
// columns.
func (k KeyMap) ShortHelp() []key.Binding {
	switch {
	case k.prompt:
		return []key.Binding{k.Yes, k.No}
	case k.open:
		return []key.Binding{k.move, k.Close, k.Open, k.Edit, k.pause}
	}
	return []key.Binding{k.move, k.View, k.Open, k.Edit, k.pause}
}

// FullHelp implements help.KeyMap: moving and looking, then acting on the post. The two
// columns stay under 40 cells so the global keys fit beside them at 80 columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	if k.prompt {
		return [][]key.Binding{{k.Yes, k.No}}
	}
	look := []key.Binding{k.move, k.page, k.Today, k.View, k.Zone, k.Open}
	if k.open {
		look = append(look, k.Close)
	}
	return [][]key.Binding{look, {k.Edit, k.shift, k.Pause, k.Publish, k.Delete}}
}
