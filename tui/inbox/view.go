package inbox

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// columns of the inbox table, in order; the excerpt takes what is left.
const (
	colAge = iota
	colPlatform
	colClient
	colAccount
	colAuthor
	colKind
	nCols
)

var (
	colTitles = [nCols]string{"AGE", "PLATFORM", "CLIENT", "ACCOUNT", "FROM", "KIND"}
	colWidths = [nCols]int{4, 9, 8, 16, 18, 7}
	colMins   = [nCols]int{4, 8, 6, 9, 9, 7}
)

// prefixWidth is the cursor, selection and unread markers: "› ◆● ".
const prefixWidth = 5

// minExcerpt is the room kept for the message, what the user reads: the other columns
// shrink first.
func (m *Model) minExcerpt() int { return max(20, m.width/3) }

// layout returns the column widths for the pane width; a zero width hides a column.
func (m *Model) layout() [nCols]int {
	widths := colWidths
	mins := colMins
	if m.view.client != "" {
		widths[colClient], mins[colClient] = 0, 0 // one client: the column says nothing
	}
	gaps := 0
	for _, cw := range widths {
		if cw > 0 {
			gaps++
		}
	}
	got := w.Shrink(widths[:], mins[:], m.width-prefixWidth-gaps-m.minExcerpt())
	copy(widths[:], got)
	return widths
}

// View draws the pane in its size: the search and filter line on top when either is on,
// the list, and an open prompt, reply box or filter menu in the bottom lines.
func (m *Model) View() string {
	if m.thread != nil {
		return m.thread.View()
	}
	h := m.height
	var top string
	if m.search.typing || m.Searching() || m.view.filter.Active() {
		top = m.topLine() + "\n"
		h--
	}
	var bottom func() string
	bh := 0
	switch {
	case m.box != nil:
		bottom, bh = m.replyView, replyHeight
	case m.menu.open:
		bottom, bh = m.menuView, promptHeight
	case m.prompt.kind != promptNone:
		bottom, bh = m.promptView, promptHeight
	}
	if bottom == nil {
		return top + m.listView(max(h, 1))
	}
	h = max(h-bh, 1)
	body := m.listView(h)
	if pad := h - strings.Count(body, "\n") - 1; pad > 0 {
		body += strings.Repeat("\n", pad)
	}
	return top + body + "\n" + bottom()
}

// topLine shows the search field or query and the filter, and how to leave them.
func (m *Model) topLine() string {
	st := m.env.Styles
	var parts []string
	switch {
	case m.search.typing:
		m.search.input.SetWidth(max(min(40, m.width/2), 10))
		parts = append(parts, m.search.input.View())
	case m.Searching():
		parts = append(parts, st.Header.Render("/ "+m.view.search))
	}
	if m.view.filter.Active() {
		parts = append(parts, st.Label.Render("filter: "+m.view.filter.String()))
	}
	var info string
	switch {
	case m.loading:
		info = "searching" + theme.Busy
		if !m.Searching() && !m.search.typing {
			info = "filtering" + theme.Busy
		}
	case m.Searching():
		info = matches(len(m.items), m.more) + " in all history"
	}
	if info != "" {
		parts = append(parts, st.Muted.Render(info))
	}
	return w.Truncate(strings.Join(parts, st.Muted.Render(" · ")), m.width)
}

// matches says how many matches are loaded: "50+ matches" while more may follow.
func matches(n int, more bool) string {
	switch {
	case more:
		return fmt.Sprintf("%d+ matches", n)
	case n == 1:
		return "1 match"
	}
	return fmt.Sprintf("%d matches", n)
}

// empty is what the list says with no rows: inbox zero, or why nothing matches.
func (m *Model) empty() string {
	st := m.env.Styles
	switch {
	case m.Searching():
		s := fmt.Sprintf("No matches for %q", strings.TrimSpace(m.view.search))
		if m.view.filter.Active() {
			s += " with this filter"
		}
		return st.Muted.Render(s + " — esc clears the search.")
	case m.view.filter.Active():
		return st.Muted.Render("Nothing open matches the filter — f changes it, esc clears it.")
	}
	return st.OK.Render(theme.OKMark+" Inbox zero") + st.Muted.Render(" — nothing open here.")
}

// listView draws the items in height lines.
func (m *Model) listView(height int) string {
	st := m.env.Styles
	if v, ok := pane.Placeholder(st, "inbox", m.err, m.loaded, len(m.items), m.empty); ok {
		return v
	}
	cols := m.layout()
	excerpt := m.width - prefixWidth
	for _, cw := range cols {
		if cw > 0 {
			excerpt -= cw + 1
		}
	}
	var b strings.Builder
	head := strings.Repeat(" ", prefixWidth)
	for i, cw := range cols {
		if cw > 0 {
			head += w.Fit(colTitles[i], cw) + " "
		}
	}
	head += "MESSAGE"
	if n := m.Selected(); n > 0 {
		head += fmt.Sprintf("  %s %d selected", theme.Picked, n)
	}
	b.WriteString(st.Header.Render(w.Fit(head, m.width)))
	start, end := m.list.Window(len(m.items), height-1, func(int) int { return 1 })
	for i := start; i < end; i++ {
		b.WriteString("\n")
		b.WriteString(m.row(m.items[i], cols, excerpt, i == m.list.Cursor))
	}
	if m.paging && end == len(m.items) && end-start < height-1 {
		b.WriteString("\n" + st.Muted.Render("  loading older items"+theme.Busy))
	}
	return b.String()
}

func (m *Model) row(it social.InboxItem, cols [nCols]int, excerpt int, cursorOn bool) string {
	st := m.env.Styles
	cursor, pick, mark := "  ", " ", theme.Read+" "
	if cursorOn {
		cursor = theme.Cursor + " "
	}
	if m.selected[it.ID] {
		pick = theme.Picked
	}
	if !it.Read {
		mark = theme.Unread + " "
	}
	author := w.OneLine(it.AuthorHandle)
	if author == "" {
		author = w.OneLine(it.AuthorName)
	}
	cells := [nCols]string{
		colAge:      w.FitLeft(w.Age(m.env.Now().Sub(it.CreatedAt)), cols[colAge]),
		colPlatform: w.Fit(string(it.Platform), cols[colPlatform]),
		colClient:   w.Fit(it.ClientID, cols[colClient]),
		colAccount:  w.Fit(it.AccountID, cols[colAccount]),
		colAuthor:   w.Fit(author, cols[colAuthor]),
		colKind:     w.Fit(string(it.Kind), cols[colKind]),
	}
	// Labels lead the message, as "#urgent": readable without colour.
	labels := m.stateMarks(it) + m.actMarks(it.ID)
	for _, l := range it.Labels {
		labels += theme.LabelMark + l + " "
	}
	labels = w.Truncate(labels, excerpt)
	text := w.Fit(w.OneLine(it.Text), max(excerpt-lipgloss.Width(labels), 0))
	if cursorOn {
		// One style over the whole plain line: nested styles would cut the highlight.
		line := cursor + pick + mark
		for i, c := range cells {
			if cols[i] > 0 {
				line += c + " "
			}
		}
		return st.Selected.Render(w.Fit(line+labels+text, m.width))
	}
	styled := [nCols]lipgloss.Style{
		colAge: st.Muted, colPlatform: st.Muted, colClient: st.Text,
		colAccount: st.Text, colAuthor: st.Text, colKind: st.Muted,
	}
	var b strings.Builder
	b.WriteString(cursor)
	if pick != " " {
		pick = st.Picked.Render(pick)
	}
	b.WriteString(pick)
	if it.Read {
		b.WriteString(mark)
	} else {
		b.WriteString(st.Unread.Render(mark))
	}
	for i, c := range cells {
		if cols[i] > 0 {
			b.WriteString(styled[i].Render(c) + " ")
		}
	}
	if labels != "" {
		b.WriteString(st.Label.Render(labels))
	}
	b.WriteString(st.Text.Render(text))
	return b.String()
}

// stateMarks say, in a search over all history, which items are not open: "✓done" or
// "zz Tue 09:00" (snoozed until then, in the client's zone).
func (m *Model) stateMarks(it social.InboxItem) string {
	var s string
	if it.Done {
		s += theme.OKMark + "done "
	}
	if it.SnoozedUntil.After(m.env.Now()) {
		s += "zz " + it.SnoozedUntil.In(m.zone(it.ClientID)).Format("Mon 15:04") + " "
	}
	return s
}
