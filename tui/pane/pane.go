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

// ChangedMsg says a pane changed the store (an inbox item done, snoozed, labelled): the
// root reloads what depends on it, such as the inbox-zero counters, and shows Note, if
// any, in the status bar.
type ChangedMsg struct{ Note string }

// Changed returns a command that delivers a ChangedMsg to the root.
func Changed(note string) tea.Cmd {
	return func() tea.Msg { return ChangedMsg{Note: note} }
}

// Typer is implemented by a pane that can have a text field with focus (a prompt): while
// Typing reports true, the root hands every key to the pane instead of reading its global
// keys, and shows only the pane's help.
type Typer interface {
	Typing() bool
}

// Placeholder is what a list pane shows instead of its rows, if anything: the error of a
// failed first load, "Loading the <what>…", or empty() when there are no rows (a func, so
// a frame with rows renders nothing it does not show). ok is false when the rows should
// be drawn.
func Placeholder(st *theme.Styles, what string, err error, loaded bool, rows int, empty func() string) (view string, ok bool) {
	switch {
	case err != nil && rows == 0:
		return st.Error.Render(theme.ErrorMark + " could not read the " + what + ": " + err.Error()), true
	case !loaded:
		return st.Muted.Render("Loading the " + what + theme.Busy), true
	case rows == 0:
		return empty(), true
	}
	return "", false
}

// ComposeMsg asks the root to open the composer: on post PostID to edit it, or (PostID 0)
// on a new post for the current client, due on Day when it is set (the calendar's day).
type ComposeMsg struct {
	PostID int64
	Day    time.Time
}

// Compose returns a command that delivers a ComposeMsg to the root.
func Compose(postID int64, day time.Time) tea.Cmd {
	return func() tea.Msg { return ComposeMsg{PostID: postID, Day: day} }
}
