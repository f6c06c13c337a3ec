package calendar

import (
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// A month of a busy workspace is some 250 post lines of five coloured pieces each, every
// frame. lipgloss.Style.Render and lipgloss.Width cost microseconds per call (Render
// re-reads every property; Width segments graphemes), which adds up to milliseconds a
// key. So the calendar reduces each style once per theme to the escape sequences around
// its text (an ink), measures ASCII by its length, and formats each post's pieces once
// per load.

// ink is a style reduced to what it writes before and after its text. Only for styles
// of colours and attributes: no width, padding or border.
type ink struct{ pre, post string }

func inkOf(st lipgloss.Style) ink {
	s := st.Render("x")
	i := strings.IndexByte(s, 'x')
	if i < 0 {
		return ink{}
	}
	return ink{s[:i], s[i+1:]}
}

func (k ink) paint(s string) string {
	if s == "" {
		return ""
	}
	return k.pre + s + k.post
}

// inks are the calendar's styles as inks, for one theme.
type inks struct {
	dark                                                        bool
	cursor, muted, text, warn, section, header, selected, error ink
	status                                                      map[social.Status]ink
	client                                                      map[string]ink
}

// ink returns the inks of the current theme, built again when it changed.
func (m *Model) ink() *inks {
	st := m.env.Styles
	if m.inks != nil && m.inks.dark == st.Dark {
		return m.inks
	}
	k := &inks{
		dark: st.Dark, cursor: inkOf(st.CursorCol), muted: inkOf(st.Muted), text: inkOf(st.Text),
		warn: inkOf(st.Warn), section: inkOf(st.Section), header: inkOf(st.Header),
		selected: inkOf(st.Selected), error: inkOf(st.Error),
		status: map[social.Status]ink{}, client: map[string]ink{},
	}
	for _, s := range social.Statuses {
		k.status[s] = inkOf(st.Status(s))
	}
	m.inks = k
	m.changed()
	return k
}

// statusInk is a status's ink; an unknown status is muted.
func (k *inks) statusInk(s social.Status) ink {
	if i, ok := k.status[s]; ok {
		return i
	}
	return k.muted
}

// clientInk is the ink of a client's colour.
func (m *Model) clientInk(id string) ink {
	k := m.ink()
	if i, ok := k.client[id]; ok {
		return i
	}
	i := inkOf(lipgloss.NewStyle().Foreground(clientColour(id, m.clients[id].Color, k.dark)))
	k.client[id] = i
	return i
}

// cells is s's width in terminal cells: its length when it is ASCII.
func cells(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return lipgloss.Width(s)
		}
	}
	return len(s)
}

// clip cuts plain s to at most n cells, marking a cut with "…", and returns its width.
// A long text is first cut by runes (each takes a cell or more), so a post of 500
// characters is not measured whole to show twelve of them.
func clip(s string, n int) (string, int) {
	if n <= 0 {
		return "", 0
	}
	cut := false
	if utf8.RuneCountInString(s) > n+1 {
		i, r := 0, 0
		for r <= n && i < len(s) {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			r++
		}
		s, cut = s[:i], true
	}
	width := cells(s)
	if width <= n {
		if cut && width < n { // zero-width runes made the cut narrow
			return s + "…", width + 1
		}
		return s, width
	}
	s = w.Truncate(s, n)
	return s, cells(s)
}

// fit makes plain s exactly n cells wide.
func fit(s string, n int) string {
	s, width := clip(s, n)
	if width < n {
		s += strings.Repeat(" ", n-width)
	}
	return s
}

// maxText is as much of a post's text as any line shows.
const maxText = 400

// itemText is a post's pieces as the calendar prints them, made once per load (and once
// more when the zone changes), not once per frame.
type itemText struct {
	loc   *time.Location
	clock string // "16:00"
	zoned string // "16:00 CET"
	tags  string // "bs ma"
	text  string // one line, at most maxText runes
}

func (m *Model) textOf(it item) *itemText {
	t := it.txt
	loc := m.zoneOf(it.client())
	if t.loc == loc {
		return t
	}
	due := it.due().In(loc)
	t.loc, t.clock, t.zoned = loc, due.Format("15:04"), due.Format("15:04 MST")
	if t.tags == "" {
		t.tags = tagsOf(it)
		t.text, _ = clip(w.OneLine(it.lead().Text), maxText)
	}
	return t
}
