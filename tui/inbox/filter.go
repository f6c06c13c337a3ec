package inbox

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// Filter narrows the list; the zero Filter shows everything. Its parts combine: unread
// mentions on Mastodon labelled #urgent.
type Filter struct {
	Unread   bool
	Kinds    []social.InboxKind // any of these; none: every kind
	Platform social.Platform
	Label    string
}

// Active reports whether the filter hides anything.
func (f Filter) Active() bool {
	return f.Unread || len(f.Kinds) > 0 || f.Platform != "" || f.Label != ""
}

// String describes the filter for the pane's top line: "unread · mentions, DMs · #urgent".
func (f Filter) String() string {
	var parts []string
	if f.Unread {
		parts = append(parts, "unread")
	}
	var kinds []string
	for _, k := range kindKeys {
		if f.has(k.kinds) {
			kinds = append(kinds, k.name)
		}
	}
	if len(kinds) > 0 {
		parts = append(parts, strings.Join(kinds, ", "))
	}
	if f.Platform != "" {
		parts = append(parts, string(f.Platform))
	}
	if f.Label != "" {
		parts = append(parts, theme.LabelMark+f.Label)
	}
	return strings.Join(parts, " · ")
}

func (f Filter) has(kinds []social.InboxKind) bool {
	return slices.Contains(f.Kinds, kinds[0])
}

// toggle adds kinds to the filter, or takes them off when they are in it.
func (f Filter) toggle(kinds []social.InboxKind) Filter {
	if f.has(kinds) {
		f.Kinds = slices.DeleteFunc(slices.Clone(f.Kinds), func(k social.InboxKind) bool { return slices.Contains(kinds, k) })
	} else {
		f.Kinds = append(slices.Clone(f.Kinds), kinds...)
	}
	return f
}

// kindKey is one kind entry of the menu: the key, its name, the kinds it stands for.
type kindKey struct {
	key   string
	name  string
	kinds []social.InboxKind
}

// kindKeys are the menu's kind entries in order. Likes, reposts and follows are "other":
// three kinds of "someone noticed", rarely triaged one by one.
var kindKeys = []kindKey{
	{"m", "mentions", []social.InboxKind{social.InboxMention}},
	{"r", "replies", []social.InboxKind{social.InboxReply}},
	{"c", "comments", []social.InboxKind{social.InboxComment}},
	{"q", "quotes", []social.InboxKind{social.InboxQuote}},
	{"d", "DMs", []social.InboxKind{social.InboxDM}},
	{"o", "other", []social.InboxKind{social.InboxLike, social.InboxRepost, social.InboxFollow}},
}

// filterMenu is the f menu: one key per entry, each applied at once so the list shows
// what it does; enter, esc or f again closes it.
type filterMenu struct {
	open      bool
	seq       int
	platforms []social.Platform // of the client's accounts, for p to cycle through
	labels    []string          // of the client, for t to cycle through
	keys      menuKeys
}

type menuKeys struct {
	Unread, All, Platform, Label, Close key.Binding
	kinds                               []key.Binding
}

func defaultMenuKeys() menuKeys {
	k := menuKeys{
		Unread:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unread")),
		Platform: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "platform")),
		Label:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "label")),
		All:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "all")),
		Close:    key.NewBinding(key.WithKeys("enter", "esc", "f"), key.WithHelp("enter", "close")),
	}
	for _, kk := range kindKeys {
		k.kinds = append(k.kinds, key.NewBinding(key.WithKeys(kk.key), key.WithHelp(kk.key, kk.name)))
	}
	return k
}

// ShortHelp implements help.KeyMap; the menu itself lists the entries.
func (k menuKeys) ShortHelp() []key.Binding { return []key.Binding{k.All, k.Close} }

// FullHelp implements help.KeyMap.
func (k menuKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{append([]key.Binding{k.Unread}, k.kinds...), {k.Platform, k.Label, k.All, k.Close}}
}

// optionsMsg carries the platforms and labels the menu cycles through.
type optionsMsg struct {
	seq       int
	platforms []social.Platform
	labels    []string
	err       error
}

func (m *Model) openMenu() tea.Cmd {
	m.menu = filterMenu{open: true, seq: m.menu.seq + 1, keys: defaultMenuKeys()}
	src, ctx, client, seq := m.src, m.env.Ctx, m.view.client, m.menu.seq
	return func() tea.Msg {
		msg := optionsMsg{seq: seq}
		accts, err := src.Accounts(ctx, client)
		if err != nil {
			msg.err = err
			return msg
		}
		for _, a := range accts {
			if !slices.Contains(msg.platforms, a.Platform) {
				msg.platforms = append(msg.platforms, a.Platform)
			}
		}
		slices.Sort(msg.platforms)
		msg.labels, msg.err = clientLabels(ctx, src, client, accts)
		return msg
	}
}

// clientLabels are the labels of client, or of every client with accounts, by name.
func clientLabels(ctx context.Context, src Source, client string, accts []social.Account) ([]string, error) {
	clients := []string{client}
	if client == "" {
		clients = nil
		for _, a := range accts {
			if !slices.Contains(clients, a.ClientID) {
				clients = append(clients, a.ClientID)
			}
		}
	}
	return labelNames(ctx, src, clients)
}

func (m *Model) gotOptions(msg optionsMsg) tea.Cmd {
	if !m.menu.open || msg.seq != m.menu.seq {
		return nil
	}
	if msg.err != nil {
		return pane.Report("filter", msg.err)
	}
	m.menu.platforms, m.menu.labels = msg.platforms, msg.labels
	return nil
}

func (m *Model) closeMenu() { m.menu.open = false }

// updateMenu applies one menu key; every change reloads the list from the top.
func (m *Model) updateMenu(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	keys, f := m.menu.keys, m.view.filter
	switch {
	case key.Matches(k, keys.Close):
		m.closeMenu()
		return nil
	case key.Matches(k, keys.All):
		f = Filter{}
	case key.Matches(k, keys.Unread):
		f.Unread = !f.Unread
	case key.Matches(k, keys.Platform):
		f.Platform = next(m.menu.platforms, f.Platform)
	case key.Matches(k, keys.Label):
		f.Label = next(m.menu.labels, f.Label)
	default:
		i := slices.IndexFunc(keys.kinds, func(b key.Binding) bool { return key.Matches(k, b) })
		if i < 0 {
			return nil
		}
		f = f.toggle(kindKeys[i].kinds)
	}
	m.view.filter = f
	return m.restart()
}

// next is the entry after cur in opts, then none ("" or the zero value), then the first.
func next[T comparable](opts []T, cur T) T {
	var zero T
	i := slices.Index(opts, cur)
	if i+1 < len(opts) {
		return opts[i+1]
	}
	return zero
}

// menuView draws the menu in promptHeight lines: the entries, each marked when on.
func (m *Model) menuView() string {
	st := m.env.Styles
	f := m.view.filter
	entry := func(key, name string, on bool) string {
		mark := " "
		if on {
			mark = theme.Unread
			return st.Selected.Render(mark + key + " " + name)
		}
		return st.Muted.Render(mark+key) + " " + name
	}
	line1 := []string{entry("u", "unread", f.Unread)}
	for _, kk := range kindKeys {
		line1 = append(line1, entry(kk.key, kk.name, f.has(kk.kinds)))
	}
	platform, label := "any", "any"
	if f.Platform != "" {
		platform = string(f.Platform)
	}
	if f.Label != "" {
		label = theme.LabelMark + f.Label
	}
	if len(m.menu.labels) == 0 {
		label += " (no labels yet)"
	}
	line2 := []string{
		entry("p", "platform: "+platform, f.Platform != ""),
		entry("t", "label: "+label, f.Label != ""),
		entry("a", "all", false),
		st.Muted.Render(" enter closes"),
	}
	return w.Truncate(strings.Join(line1, " "), m.width) + "\n" + w.Truncate(strings.Join(line2, "  "), m.width)
}
