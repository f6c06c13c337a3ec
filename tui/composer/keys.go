package composer

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"github.com/chorus-social/chorus/social"
)

// KeyMap is the composer's keys. Letters are text in the text fields, so the composer's
// own keys there are ctrl keys; the account list and the image list, which take no text,
// use plain letters.
type KeyMap struct {
	Next, Prev key.Binding
	Close      key.Binding
	Save       key.Binding
	Schedule   key.Binding
	Review     key.Binding
	Approve    key.Binding
	Drafts     key.Binding
	Part       key.Binding
	RemovePart key.Binding
	Media      key.Binding
	Editor     key.Binding

	// The account list.
	Toggle key.Binding
	Fork   key.Binding
	Drop   key.Binding
	// The account list, the image list and the pickers.
	Up, Down key.Binding
	// The image list.
	Alt, Remove key.Binding
	// The when field, the prompts and the pickers.
	Accept key.Binding
	// The image path prompt.
	Complete key.Binding
}

// DefaultKeyMap returns the composer's keys.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Next:       b([]string{"tab"}, "tab", "next field"),
		Prev:       b([]string{"shift+tab"}, "shift+tab", "previous field"),
		Close:      b([]string{"esc"}, "esc", "close (saved)"),
		Save:       b([]string{"ctrl+s"}, "ctrl+s", "save draft"),
		Schedule:   b([]string{"ctrl+p"}, "ctrl+p", "schedule"),
		Review:     b([]string{"ctrl+r"}, "ctrl+r", "submit for review"),
		Approve:    b([]string{"ctrl+o"}, "ctrl+o", "approve"),
		Drafts:     b([]string{"ctrl+l"}, "ctrl+l", "drafts"),
		Part:       b([]string{"ctrl+t"}, "ctrl+t", "add thread part"),
		RemovePart: b([]string{"ctrl+x"}, "ctrl+x", "remove part"),
		Media:      b([]string{"ctrl+a"}, "ctrl+a", "attach image"),
		Editor:     b([]string{"ctrl+e"}, "ctrl+e", "$EDITOR"),
		Toggle:     b([]string{"space"}, "space", "tick account"),
		Fork:       b([]string{"v"}, "v", "own text"),
		Drop:       b([]string{"d"}, "d", "drop own text"),
		Up:         b([]string{"up", "k"}, "↑/k", "up"),
		Down:       b([]string{"down", "j"}, "↓/j", "down"),
		Alt:        b([]string{"a", "enter"}, "a", "alt text"),
		Remove:     b([]string{"x", "delete", "backspace"}, "x", "remove image"),
		Accept:     b([]string{"enter"}, "enter", "accept"),
		Complete:   b([]string{"tab"}, "tab", "complete path"),
	}
}

// For returns the keys that apply to what m shows, for bubbles/help.
func (k KeyMap) For(m *Model) help.KeyMap { return helpKeys{k: k, m: m} }

type helpKeys struct {
	k KeyMap
	m *Model
}

// next is the planning step the post waits for: schedule, or for a client who approves
// posts first, review or approval.
func (h helpKeys) next() key.Binding {
	if h.m.client.ApprovalRequired {
		switch h.m.status {
		case social.StatusIdea, social.StatusDraft:
			return h.k.Review
		case social.StatusReview:
			return h.k.Approve
		}
	}
	return h.k.Schedule
}

// ShortHelp implements help.KeyMap: the keys of the focused field, then the way on.
func (h helpKeys) ShortHelp() []key.Binding {
	k, m := h.k, h.m
	pick := func(accept string) []key.Binding {
		a := k.Accept
		a.SetHelp("enter", accept)
		back := k.Close
		back.SetHelp("esc", "back")
		return []key.Binding{k.Up, k.Down, a, back}
	}
	switch {
	case m.stage == stagePick:
		return pick("choose client")
	case m.stage == stageDrafts:
		return pick("open draft")
	case m.stage == stageLoading:
		return []key.Binding{k.Close}
	case m.prompt != nil:
		a, back := k.Accept, k.Close
		back.SetHelp("esc", "cancel")
		if m.prompt.kind == promptPath {
			return []key.Binding{k.Complete, a, back}
		}
		return []key.Binding{a, back}
	}
	var out []key.Binding
	switch m.focus.kind {
	case fieldTo:
		out = []key.Binding{k.Toggle, k.Fork}
	case fieldPart:
		out = []key.Binding{k.Part, k.Media, k.Editor}
	case fieldMedia:
		out = []key.Binding{k.Alt, k.Remove}
	case fieldWhen:
		a := k.Accept
		a.SetHelp("enter", "accept when")
		out = []key.Binding{a}
	}
	return append(out, k.Next, h.next(), k.Save, k.Close)
}

// FullHelp implements help.KeyMap.
func (h helpKeys) FullHelp() [][]key.Binding {
	k := h.k
	if h.m.stage != stageEdit || h.m.prompt != nil {
		return [][]key.Binding{h.ShortHelp()}
	}
	return [][]key.Binding{
		{k.Next, k.Prev, k.Save, k.Close, k.Drafts},
		{k.Schedule, k.Review, k.Approve},
		{k.Part, k.RemovePart, k.Media, k.Editor},
		{k.Toggle, k.Fork, k.Drop, k.Up, k.Down},
		{k.Alt, k.Remove, k.Accept},
	}
}
