package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/sahilm/fuzzy"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// switcherKeys are the overlay's keys; letters go to the filter, so moving uses arrows.
type switcherKeys struct {
	Up, Down, Choose, Close key.Binding
}

func defaultSwitcherKeys() switcherKeys {
	return switcherKeys{
		Up:     key.NewBinding(key.WithKeys("up", "ctrl+p", "ctrl+k"), key.WithHelp("↑", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "ctrl+n", "ctrl+j"), key.WithHelp("↓", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Close:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// switcherRows is how many clients the overlay lists at once.
const switcherRows = 10

// choice is one line of the switcher; id "" is "All clients".
type choice struct {
	id, label string
}

// switcher is the client switcher overlay: a fuzzy filter over the clients.
type switcher struct {
	open    bool
	keys    switcherKeys
	input   textinput.Model
	choices []choice
	list    w.List
}

func newSwitcher() switcher {
	in := textinput.New()
	in.Prompt = theme.Cursor + " "
	in.Placeholder = "type to filter"
	return switcher{keys: defaultSwitcherKeys(), input: in}
}

func (s *switcher) show(clients []social.Client) tea.Cmd {
	s.open = true
	s.input.Reset()
	s.list.Reset()
	s.filter(clients)
	return s.input.Focus()
}

func (s *switcher) hide() {
	s.open = false
	s.input.Blur()
}

// filter lists the clients matching the typed text. With nothing typed "All clients"
// comes first; with a query, clients come by match quality and "All clients" (if it
// matches at all) last, because someone typing is narrowing down to one client: "a"
// should find Acme, not everything.
func (s *switcher) filter(clients []social.Client) {
	q := strings.TrimSpace(s.input.Value())
	all := choice{"", "All clients"}
	if q == "" {
		s.choices = []choice{all}
		for _, c := range clients {
			s.choices = append(s.choices, choice{c.ID, c.Name})
		}
		s.list.Move(0, len(s.choices))
		return
	}
	targets := make([]string, len(clients))
	for i, c := range clients {
		targets[i] = c.Name + " " + c.ID
	}
	s.choices = s.choices[:0]
	for _, m := range fuzzy.Find(q, targets) {
		c := clients[m.Index]
		s.choices = append(s.choices, choice{c.ID, c.Name})
	}
	if len(fuzzy.Find(q, []string{all.label})) > 0 {
		s.choices = append(s.choices, all)
	}
	s.list.Move(0, len(s.choices))
}

// updateSwitcher handles a key while the overlay is open.
func (a *App) updateSwitcher(msg tea.KeyPressMsg) tea.Cmd {
	s := &a.switcher
	switch {
	case key.Matches(msg, s.keys.Close):
		s.hide()
		return nil
	case key.Matches(msg, s.keys.Choose):
		if len(s.choices) == 0 {
			return nil
		}
		c := s.choices[s.list.Cursor]
		s.hide()
		return a.selectClient(c.id)
	case key.Matches(msg, s.keys.Up):
		s.list.Move(-1, len(s.choices))
		return nil
	case key.Matches(msg, s.keys.Down):
		s.list.Move(1, len(s.choices))
		return nil
	}
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() != before {
		s.list.Reset()
		s.filter(a.clients)
	}
	return cmd
}

// switcherView draws the overlay box.
func (a *App) switcherView() string {
	st := a.styles
	s := &a.switcher
	inner := min(48, a.width-8)
	s.input.SetWidth(inner - 3)
	var b strings.Builder
	b.WriteString(st.BoxTitle.Render("Switch client") + "\n\n")
	b.WriteString(s.input.View() + "\n\n")
	if len(s.choices) == 0 {
		b.WriteString(st.Muted.Render("no client matches"))
	}
	start, end := s.list.Window(len(s.choices), switcherRows, func(int) int { return 1 })
	for i := start; i < end; i++ {
		c := s.choices[i]
		count := ""
		if c.id != "" {
			if n := a.status.counts[c.id]; n > 0 {
				count = fmt.Sprint(n)
			} else if a.status.counts != nil {
				count = theme.OKMark
			}
		}
		label := w.Fit(c.label, inner-2-6) + w.FitLeft(count, 6)
		if i == s.list.Cursor {
			b.WriteString(st.ChoiceSel.Render(theme.Cursor + " " + label))
		} else {
			b.WriteString(st.Choice.Render("  " + label))
		}
		if i < end-1 {
			b.WriteString("\n")
		}
	}
	b.WriteString("\n\n" + st.Muted.Render(w.Truncate("↑/↓ move · enter choose · esc close", inner)))
	box := st.Box.Padding(1, 2)
	return box.Width(inner + box.GetHorizontalFrameSize()).Render(b.String())
}

// overlay draws box centred over screen.
func overlay(screen, box string, width, height int) string {
	x := max((width-lipgloss.Width(box))/2, 0)
	y := max((height-lipgloss.Height(box))/2, 0)
	c := lipgloss.NewCompositor(
		lipgloss.NewLayer(screen),
		lipgloss.NewLayer(box).X(x).Y(y).Z(1),
	)
	return c.Render()
}
