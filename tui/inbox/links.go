package inbox

import (
	"errors"
	"net/url"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/tui/pane"
)

// SetOpener sets how `o` opens a web address (the system's browser); nil: `o` says to
// copy the link with `y` instead.
func (m *Model) SetOpener(open func(url string) error) { m.open = open }

// link returns the current item's web address, refusing anything but http(s): a URL
// from a platform must not make chorus open a local file or another program.
func (m *Model) link() (string, error) {
	it, ok := m.current()
	if !ok {
		return "", errors.New("no item")
	}
	u, err := url.Parse(it.URL)
	if it.URL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return "", errors.New("this item has no web address")
	}
	return it.URL, nil
}

// openLink opens the item on the web, in a command: starting a browser must not hold
// up the UI.
func (m *Model) openLink() tea.Cmd {
	link, err := m.link()
	if err != nil {
		return pane.Report("open", err)
	}
	if m.open == nil {
		return pane.Changed("no browser here: y copies the link")
	}
	open := m.open
	return func() tea.Msg {
		if err := open(link); err != nil {
			return pane.ErrMsg{Source: "open", Err: err}
		}
		return pane.ChangedMsg{Note: "opened in the browser"}
	}
}

// copyLink puts the item's web address on the clipboard (OSC 52, so it works over SSH
// too, where the terminal supports it).
func (m *Model) copyLink() tea.Cmd {
	link, err := m.link()
	if err != nil {
		return pane.Report("copy", err)
	}
	return tea.Batch(tea.SetClipboard(link), pane.Changed("link copied"))
}
