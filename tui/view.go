package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	w "github.com/chorus-social/chorus/tui/widgets"
)

// View draws the whole terminal.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "chorus"
	return v
}

func (a *App) render() string {
	switch {
	case a.quitting || a.width == 0:
		return ""
	case a.width < minWidth || a.height < minHeight:
		return a.tooSmallView()
	case a.screen == screenWelcome:
		return w.Clamp(a.welcomeView(), a.width, a.height)
	case a.screen == screenForm && a.form != nil:
		return w.Clamp(a.formView(), a.width, a.height)
	}
	helpView := a.helpView()
	var body string
	if a.composer != nil {
		body = w.Clamp(a.composer.View(), a.width, a.bodyHeight(helpView))
	} else {
		body = w.Clamp(a.panes[a.active].View(), a.width, a.bodyHeight(helpView))
	}
	screen := strings.Join([]string{a.headerView(), body, a.statusView(), helpView}, "\n")
	if a.switcher.open {
		screen = overlay(screen, a.switcherView(), a.width, a.height)
	}
	return w.Clamp(screen, a.width, a.height)
}

// layout hands each pane its size: the terminal minus the tab line, the status bar and
// the help (one line, or several when full help is on).
func (a *App) layout() {
	a.help.SetWidth(a.width)
	h := a.bodyHeight(a.helpView())
	for _, p := range a.panes {
		p.SetSize(a.width, h)
	}
	if a.composer != nil {
		a.composer.SetSize(a.width, h)
	}
}

func (a *App) bodyHeight(helpView string) int {
	return max(a.height-2-lipgloss.Height(helpView), 1)
}

func (a *App) helpView() string {
	keys := a.panes[a.active].Keys()
	if a.composer != nil {
		keys = a.composer.Keys()
	}
	return a.help.View(helpKeys{pane: keys, global: a.keys, width: a.width, typing: a.typing()})
}

// headerView is the tab line. The active tab is bracketed as well as coloured, so it
// shows without colour too.
func (a *App) headerView() string {
	st := a.styles
	var b strings.Builder
	b.WriteString(" " + st.Brand.Render("chorus") + "  ")
	for i, p := range a.panes {
		label := fmt.Sprintf("%d %s", i+1, p.Title())
		if i == a.active {
			b.WriteString(st.TabActive.Render("[" + label + "]"))
		} else {
			b.WriteString(st.Tab.Render(" " + label + " "))
		}
		b.WriteString(" ")
	}
	return b.String()
}

func (a *App) tooSmallView() string {
	msg := fmt.Sprintf("terminal too small (need %d×%d)", minWidth, minHeight)
	now := fmt.Sprintf("now %d×%d", a.width, a.height)
	block := a.styles.Warn.Render(w.Truncate(msg, a.width)) + "\n" + a.styles.Muted.Render(w.Truncate(now, a.width))
	return w.Clamp(lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, block), a.width, a.height)
}
