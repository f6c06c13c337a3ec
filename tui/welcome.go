package tui

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// The first-run choices, in the order the welcome screen lists them.
const (
	choiceDemo = iota
	choiceAdd
	choiceQuit
)

var welcomeChoices = [...]string{"Load the demo workspace", "Add a client and account", "Quit"}

type welcomeKeys struct {
	Up, Down, Choose key.Binding
}

func defaultWelcomeKeys() welcomeKeys {
	return welcomeKeys{
		Up:     key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter", "choose")),
	}
}

// welcome is the first-run screen.
type welcome struct {
	keys   welcomeKeys
	cursor int
	busy   string // what is running, e.g. "Loading the demo workspace…"
}

func (a *App) updateWelcome(msg tea.KeyPressMsg) tea.Cmd {
	wl := &a.welcome
	if wl.busy != "" {
		return nil // one thing at a time; ctrl+c still quits
	}
	switch {
	case key.Matches(msg, wl.keys.Up):
		wl.cursor = max(wl.cursor-1, 0)
	case key.Matches(msg, wl.keys.Down):
		wl.cursor = min(wl.cursor+1, len(welcomeChoices)-1)
	case key.Matches(msg, wl.keys.Choose):
		return a.choose(wl.cursor)
	case key.Matches(msg, a.keys.Quit):
		return a.quit()
	default:
		// The digits choose directly: 1 demo, 2 add, 3 quit.
		if n, err := strconv.Atoi(msg.String()); err == nil && n >= 1 && n <= len(welcomeChoices) {
			wl.cursor = n - 1
			return a.choose(n - 1)
		}
	}
	return nil
}

func (a *App) choose(c int) tea.Cmd {
	switch c {
	case choiceDemo:
		if a.d.LoadDemo == nil {
			a.status.lastErr = "demo: the demo workspace is not available"
			return nil
		}
		a.status.lastErr = ""
		a.welcome.busy = "Loading the demo workspace" + theme.Busy
		return a.loadDemo()
	case choiceAdd:
		a.status.lastErr = ""
		return a.openForm(nil)
	default:
		return a.quit()
	}
}

func (a *App) welcomeView() string {
	st := a.styles
	inner := min(60, a.width-10)
	var b strings.Builder
	b.WriteString(st.Brand.Render("chorus") + "\n\n")
	b.WriteString(st.Text.Width(inner).Render(
		"One keyboard-driven place to plan posts, answer the inbox and watch the numbers of every client's social accounts.") + "\n\n")
	for i, c := range welcomeChoices {
		label := strconv.Itoa(i+1) + "  " + c
		if i == a.welcome.cursor {
			b.WriteString(st.ChoiceSel.Render(theme.Cursor + " " + label))
		} else {
			b.WriteString(st.Choice.Render("  " + label))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	if a.welcome.busy != "" {
		b.WriteString(st.Warn.Render(a.welcome.busy))
	} else {
		b.WriteString(st.Muted.Render("j/k move · enter or 1/2/3 choose · q quit"))
	}
	box := st.Box.Width(inner + st.Box.GetHorizontalFrameSize()).Render(b.String())
	if a.status.lastErr != "" {
		box += "\n\n" + st.Error.Render(w.Truncate(theme.ErrorMark+" "+a.status.lastErr, a.width-2))
	}
	return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, w.Block(box))
}
