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
	if m.client != "" {
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

// View draws the pane in its size; an open prompt takes its bottom lines.
func (m *Model) View() string {
	if !m.Typing() {
		return m.listView(m.height)
	}
	bottom, bh := m.promptView, promptHeight
	if m.box != nil {
		bottom, bh = m.replyView, replyHeight
	}
	h := max(m.height-bh, 1)
	body := m.listView(h)
	if pad := h - strings.Count(body, "\n") - 1; pad > 0 {
		body += strings.Repeat("\n", pad)
	}
	return body + "\n" + bottom()
}

// listView draws the items in height lines.
func (m *Model) listView(height int) string {
	st := m.env.Styles
	if v, ok := pane.Placeholder(st, "inbox", m.err, m.loaded, len(m.items),
		func() string {
			return st.OK.Render(theme.OKMark+" Inbox zero") + st.Muted.Render(" — nothing open here.")
		}); ok {
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
	author := it.AuthorHandle
	if author == "" {
		author = it.AuthorName
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
	labels := m.actMarks(it.ID)
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
