package thread

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// Marks of what was sent from here in answer to a message: the inbox rows' marks.
const (
	LikeMark  = "♥"
	ReplyMark = "↩"
)

// Layout constants.
const (
	maxIndent    = 4  // reply levels indented; deeper ones line up with the fourth
	minTextWidth = 20 // a message never wraps narrower, however deep it sits
	historyShown = 12 // the author's items listed; the rest are counted
)

// View draws the view in its size: the header, a status line, the scrolling page.
func (m *Model) View() string {
	return strings.Join(append(m.headLines(), m.vp.View()), "\n")
}

// headLines are the fixed lines above the page: what the item is, then the fetch's
// state (or a rule).
func (m *Model) headLines() []string {
	st := m.env.Styles
	it := m.item
	// The author gives way first: the rest is short and says what the page is.
	lead := "Thread  "
	where := string(it.Platform) + " · " + it.AccountID + " · "
	when := " · " + m.ago(it.CreatedAt)
	who := w.Truncate(kindFrom(it)+author(it), max(m.width-lipgloss.Width(lead+where+when), 0))
	head := st.Section.Render("Thread") + "  " + st.Muted.Render(where) + st.Text.Render(who) + st.Muted.Render(when)
	lines := []string{w.Truncate(head, m.width)}
	plat := string(it.Platform)
	switch {
	case m.fetching:
		lines = append(lines, w.Truncate(st.Muted.Render("fetching the conversation from "+plat+theme.Busy), m.width))
	case m.fetchErr != nil:
		msg := theme.ErrorMark + " could not fetch the conversation from " + plat + ": " +
			w.OneLine(w.Clean(m.fetchErr.Error())) + "; showing what is stored"
		wrapped := strings.Split(ansi.Wrap(msg, max(m.width, 1), ""), "\n")
		if len(wrapped) > 2 {
			wrapped = []string{wrapped[0], w.Truncate(strings.Join(wrapped[1:], " "), m.width)}
		}
		for _, l := range wrapped {
			lines = append(lines, st.Muted.Render(strings.TrimRight(l, " ")))
		}
	default:
		lines = append(lines, st.Muted.Render(strings.Repeat("─", max(m.width, 0))))
	}
	return lines
}

// rebuild lays the page out again for the current data and size, and, until the user
// scrolls, puts the focused message in view.
func (m *Model) rebuild() {
	m.entries = arrange(m.item, m.local, m.remote)
	if m.width <= 0 || m.height <= 0 {
		return
	}
	m.vp.SetWidth(m.width)
	m.vp.SetHeight(max(m.height-len(m.headLines()), 1))
	m.vp.SetContent(m.content())
	if m.scrolled {
		return
	}
	off := 0
	if end := m.focusAt + m.focusLen; end > m.vp.Height() {
		off = max(m.focusAt-2, 0) // the blank line and the parent's last line above it
	}
	m.vp.SetYOffset(off)
}

// content is the whole page: the conversation, then the author's history.
func (m *Model) content() string {
	st := m.env.Styles
	var lines []string
	if m.localErr != nil {
		lines = append(lines, st.Error.Render(w.Truncate(theme.ErrorMark+" could not read the conversation: "+
			w.OneLine(w.Clean(m.localErr.Error())), m.width)), "")
	}
	elsewhere := false
	for i, e := range m.entries {
		if i > 0 {
			lines = append(lines, "")
		}
		if e.role == roleOther && m.item.Kind != social.InboxDM && !elsewhere {
			elsewhere = true
			lines = append(lines, st.Muted.Render("  elsewhere in the thread"), "")
		}
		block := m.message(e)
		if e.role == roleFocus {
			m.focusAt, m.focusLen = len(lines), len(block)
		}
		lines = append(lines, block...)
	}
	if !m.loaded {
		lines = append(lines, "", st.Muted.Render("  Loading the conversation"+theme.Busy))
	}
	lines = append(lines, m.historyLines()...)
	return strings.Join(lines, "\n")
}

// message draws one message: a line saying who and when, then its text, wrapped.
func (m *Model) message(e entry) []string {
	st := m.env.Styles
	it := e.it
	indent := ""
	if e.role == roleReply {
		indent = strings.Repeat("  ", min(e.depth-1, maxIndent))
	}
	mark, bar, barStyle := "  ", "│ ", st.Muted
	switch e.role {
	case roleFocus:
		mark, bar, barStyle = theme.Cursor+" ", "┃ ", st.CursorCol
	case roleReply:
		mark = "↳ "
	}
	meta := " · " + m.ago(it.CreatedAt)
	if it.Kind != "" {
		meta += " · " + string(it.Kind)
	}
	acts := actions(it)
	var head string
	if e.role == roleFocus {
		// One style over the whole line: nested styles would cut the highlight.
		head = st.Selected.Render(w.Fit(indent+mark+author(it)+meta+acts, m.width))
	} else {
		head = w.Truncate(indent+mark+st.Text.Bold(true).Render(author(it))+st.Muted.Render(meta)+
			st.Label.Render(acts), m.width)
	}
	out := []string{head}
	prefix := indent + "  "
	textWidth := max(m.width-lipgloss.Width(prefix+bar), minTextWidth)
	body := paragraphs(it.Text)
	if body == "" {
		out = append(out, prefix+barStyle.Render(bar)+st.Muted.Render("(no text)"))
		return out
	}
	for _, l := range strings.Split(ansi.Wrap(body, textWidth, ""), "\n") {
		out = append(out, w.Truncate(prefix+barStyle.Render(bar)+st.Text.Render(strings.TrimRight(l, " ")), m.width))
	}
	return out
}

// historyLines is the section on the author: what we know of them, and their recent
// items with this client.
func (m *Model) historyLines() []string {
	if m.item.AuthorID == "" || m.loaded && !m.withHist {
		return nil
	}
	st := m.env.Styles
	who := m.item.AuthorName
	if who == "" {
		who = handle(m.item)
	}
	title := "── " + who + " with " + m.client + " "
	title = w.Truncate(title+strings.Repeat("─", max(m.width-lipgloss.Width(title), 0)), m.width)
	lines := []string{"", st.Section.Render(title)}
	switch {
	case !m.loaded:
		return append(lines, st.Muted.Render("  Loading"+theme.Busy))
	case m.histErr != nil:
		return append(lines, st.Error.Render(w.Truncate("  "+theme.ErrorMark+" could not read their history: "+
			w.OneLine(w.Clean(m.histErr.Error())), m.width)))
	}
	n := fmt.Sprintf("%d", len(m.history))
	if len(m.history) >= historyLimit {
		n += "+"
	}
	count := n + " items with " + m.client
	if len(m.history) == 1 {
		count = "1 item with " + m.client
	}
	facts := count
	if m.known {
		facts = "on " + string(m.contact.Platform) + " since " + m.ago(m.contact.FirstSeen) +
			" · last seen " + m.ago(m.contact.LastSeen) + " · " + count
	}
	lines = append(lines, st.Muted.Render(w.Truncate("  "+facts, m.width)))
	for i, it := range m.history {
		if i == historyShown {
			lines = append(lines, st.Muted.Render(fmt.Sprintf("  … and %d more", len(m.history)-historyShown)))
			break
		}
		lines = append(lines, m.historyRow(it))
	}
	return lines
}

// historyRow is one of the author's items: "› 20h comment  ○ open    Is the winter…".
func (m *Model) historyRow(it social.InboxItem) string {
	st := m.env.Styles
	cur := "  "
	if it.ID == m.item.ID && it.ID != 0 {
		cur = theme.Cursor + " "
	}
	state, stateStyle := "○ open", st.Text
	switch {
	case it.Done:
		state, stateStyle = theme.OKMark+" done", st.OK
	case it.SnoozedUntil.After(m.env.Now()):
		state, stateStyle = "◔ snoozed", st.Warn
	}
	lead := cur + w.FitLeft(w.Age(m.env.Now().Sub(it.CreatedAt)), 4) + " "
	kind := w.Fit(string(it.Kind), 8) + " "
	state = w.Fit(state, 10) + " "
	text := w.Truncate(w.OneLine(w.Clean(it.Text)), max(m.width-lipgloss.Width(lead+kind+state), 0))
	return lead + st.Muted.Render(kind) + stateStyle.Render(state) + st.Text.Render(text)
}

// ago is a time as the view says it: "20h ago", "just now"; "" for no time.
func (m *Model) ago(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	a := w.Age(m.env.Now().Sub(t))
	if a == "now" {
		return "just now"
	}
	return a + " ago"
}

// kindFrom is "comment from " for an item with a kind.
func kindFrom(it social.InboxItem) string {
	if it.Kind == "" {
		return ""
	}
	return string(it.Kind) + " from "
}

// author is "Name @handle", whichever the item has.
func author(it social.InboxItem) string {
	h := handle(it)
	switch {
	case it.AuthorName != "" && h != "":
		return w.Clean(it.AuthorName) + " " + h
	case it.AuthorName != "":
		return w.Clean(it.AuthorName)
	case h != "":
		return h
	}
	return "someone"
}

func handle(it social.InboxItem) string {
	if it.AuthorHandle == "" {
		return ""
	}
	return "@" + strings.TrimPrefix(w.Clean(it.AuthorHandle), "@")
}

// actions is what was sent from here in answer: "  ♥ liked  ↩ reply queued".
func actions(it social.InboxItem) string {
	var s string
	for _, a := range []struct {
		act        social.Action
		mark, done string
		what       string
	}{
		{it.Like, LikeMark, "liked", "like"},
		{it.Reply, ReplyMark, "answered", "reply"},
	} {
		switch a.act.Status {
		case "":
		case social.StatusPublished:
			s += "  " + a.mark + " " + a.done
		case social.StatusFailed:
			s += "  " + a.mark + theme.ErrorMark + " " + a.what + " failed"
		default:
			s += "  " + a.mark + " " + a.what + " queued"
		}
	}
	for _, l := range it.Labels {
		s += "  " + theme.LabelMark + l
	}
	return s
}

// paragraphs tidies a message body for wrapping: control characters out, runs of blank
// lines down to one, no blank lines around it.
func paragraphs(s string) string {
	var out []string
	blank := false
	for _, l := range strings.Split(w.Clean(s), "\n") {
		l = strings.TrimRight(l, " ")
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
