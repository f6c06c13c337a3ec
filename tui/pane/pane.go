// Package pane holds what the root TUI model shares with its panes (calendar, inbox,
// metrics): the environment they draw and load in, and the message a pane sends when one
// of its commands failed, so the root can show it in the status bar.
package pane

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/tui/theme"
)

// Env is the environment of every pane. The root owns it and keeps it current: Styles
// points at the root's styles, which are rebuilt when the terminal background is known.
type Env struct {
	Ctx    context.Context // cancelled when the TUI quits; every store read runs under it
	Styles *theme.Styles
	Now    func() time.Time
}

// ErrMsg reports a failed command of a pane: Source names what failed ("inbox").
type ErrMsg struct {
	Source string
	Err    error
}

// Report returns a command that delivers an ErrMsg to the root.
func Report(source string, err error) tea.Cmd {
	return func() tea.Msg { return ErrMsg{Source: source, Err: err} }
}

// LoginMsg asks the root to run the login flow of an account again (its token was
// refused or runs out); the root hands the terminal to it and reloads after.
type LoginMsg struct{ AccountID string }
