package calendar

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

const (
	colDue = iota
	colClient
	colAccount
	colStatus
	nCols
)

var (
	colTitles = [nCols]string{"DUE (CLIENT'S ZONE)", "CLIENT", "ACCOUNT", "STATUS"}
	colWidths = [nCols]int{22, 8, 26, 12}
	colMins   = [nCols]int{20, 6, 14, 12}
)

// prefixWidth is the cursor column.
const prefixWidth = 2

// minExcerpt is the room kept for the post's text; the other columns shrink first.
func (m *Model) minExcerpt() int { return max(20, m.width*3/10) }

func (m *Model) layout() [nCols]int {
	widths, mins := colWidths, colMins
	if m.client != "" {
		widths[colClient], mins[colClient] = 0, 0
	}
	gaps := 0
	for _, cw := range widths {
		if cw > 0 {
			gaps++
		}
	}
	copy(widths[:], w.Shrink(widths[:], mins[:], m.width-prefixWidth-gaps-m.minExcerpt()))
	return widths
}

// rowHeight counts the lines an entry takes: a section heading before the first of the
// upcoming and of the past posts, and the problem line under a failed or at-risk one.
func (m *Model) rowHeight(i int) int {
	h := 1
	if m.startsSection(i) {
		h++
	}
	if m.problem(i) != "" {
		h++
	}
	return h
}

func (m *Model) startsSection(i int) bool {
	return i == 0 || m.entries[i].past != m.entries[i-1].past
}

// problem is what the row's second line warns of: why a post failed, or that it will
// fail because its account needs a login.
func (m *Model) problem(i int) string {
	e := m.entries[i]
	switch {
	case e.Status == social.StatusFailed && e.LastError != "":
		return e.LastError
	case e.NeedsLogin && !e.past && e.Status != social.StatusPublished:
		return "at risk: " + e.AccountID + " needs a login (Metrics, L)"
	}
	return ""
}

// View draws the pane in its size.
func (m *Model) View() string {
	st := m.env.Styles
	if v, ok := pane.Placeholder(st, "calendar", m.err, m.loaded, len(m.entries),
		func() string { return st.Muted.Render("No posts planned or sent yet.") }); ok {
		return v
	}
	cols := m.layout()
	excerpt := m.width - prefixWidth
	head := strings.Repeat(" ", prefixWidth)
	for i, cw := range cols {
		if cw > 0 {
			excerpt -= cw + 1
			title := colTitles[i]
			if lipgloss.Width(title) > cw {
				title, _, _ = strings.Cut(title, " (")
			}
			head += w.Fit(title, cw) + " "
		}
	}
	var b strings.Builder
	b.WriteString(st.Header.Render(w.Fit(head+"POST", m.width)))
	start, end := m.list.Window(len(m.entries), m.height-1, m.rowHeight)
	for i := start; i < end; i++ {
		e := m.entries[i]
		if m.startsSection(i) {
			title := "Upcoming"
			if e.past {
				title = "Past"
			}
			b.WriteString("\n" + st.Section.Render(title))
		}
		b.WriteString("\n" + m.row(e, cols, excerpt, i == m.list.Cursor))
		if p := m.problem(i); p != "" {
			indent := strings.Repeat(" ", prefixWidth+cols[colDue]+1)
			b.WriteString("\n" + indent + st.Error.Render(w.Truncate(theme.ErrorArrow+" "+w.OneLine(p), m.width-len(indent))))
		}
	}
	return b.String()
}

func (m *Model) row(e entry, cols [nCols]int, excerpt int, selected bool) string {
	st := m.env.Styles
	text := w.OneLine(e.Text)
	if e.Parts > 1 {
		text = fmt.Sprintf("(%d parts) %s", e.Parts, text)
	}
	cells := [nCols]string{
		colDue:     w.Fit(m.due(e, cols[colDue]), cols[colDue]),
		colClient:  w.Fit(e.ClientID, cols[colClient]),
		colAccount: w.Fit(string(e.Platform)+" "+e.Handle, cols[colAccount]),
		colStatus:  w.Fit(statusLabel(e), cols[colStatus]),
	}
	text = w.Fit(text, excerpt)
	if selected {
		line := theme.Cursor + " "
		for i, c := range cells {
			if cols[i] > 0 {
				line += c + " "
			}
		}
		return st.Selected.Render(w.Fit(line+text, m.width))
	}
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range cells {
		if cols[i] == 0 {
			continue
		}
		switch i {
		case colDue:
			if e.past {
				c = st.Muted.Render(c)
			} else {
				c = st.Text.Render(c)
			}
		case colStatus:
			c = st.Status(e.Status).Render(c)
		default:
			c = st.Text.Render(c)
		}
		b.WriteString(c + " ")
	}
	b.WriteString(st.Text.Render(text))
	return b.String()
}

// due formats the due time in the client's zone, with the zone's abbreviation when it
// fits: a freelancer plans for clients in several zones, and "09:30" alone is ambiguous.
func (m *Model) due(e entry, width int) string {
	if e.DueAt.IsZero() {
		return "unscheduled"
	}
	t := e.DueAt.In(e.loc)
	s := t.Format("Mon 02 Jan 15:04")
	if t.Year() != m.env.Now().In(e.loc).Year() {
		s = t.Format("02 Jan 2006 15:04")
	}
	if zone := t.Format("MST"); len(s)+1+len(zone) <= width {
		s += " " + zone
	}
	return s
}

// statusLabel is the status marker and word, with "⇡" when the platform holds the post to
// publish it itself (server-side scheduling).
func statusLabel(e entry) string {
	if e.ServerRef != "" {
		return theme.StatusLabel(e.Status) + " ⇡"
	}
	return theme.StatusLabel(e.Status)
}
