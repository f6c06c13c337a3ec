package metrics

import (
	"strings"

	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

const (
	colPlatform = iota
	colAccount
	colClient
	colFollowers
	colChange
	colSync
	nCols
)

var (
	colTitles = [nCols]string{"PLATFORM", "ACCOUNT", "CLIENT", "FOLLOWERS", "7 DAYS", "SYNC"}
	colWidths = [nCols]int{9, 26, 8, 11, 9, 11}
	colMins   = [nCols]int{8, 12, 6, 9, 7, 9}
	// rightAligned columns hold numbers.
	rightAligned = [nCols]bool{colFollowers: true, colChange: true}
)

const (
	prefixWidth = 2
	minSpark    = 10
)

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
	room := m.width - prefixWidth - gaps - min(sparkDays, max(minSpark, m.width/4))
	copy(widths[:], w.Shrink(widths[:], mins[:], room))
	return widths
}

// View draws the pane in its size.
func (m *Model) View() string {
	st := m.env.Styles
	if v, ok := pane.Placeholder(st, "metrics", m.err, m.loaded, len(m.rows),
		func() string { return st.Muted.Render("No accounts yet.") }); ok {
		return v
	}
	cols := m.layout()
	spark := m.width - prefixWidth
	head := strings.Repeat(" ", prefixWidth)
	for i, cw := range cols {
		if cw == 0 {
			continue
		}
		spark -= cw + 1
		if rightAligned[i] {
			head += w.FitLeft(colTitles[i], cw) + " "
		} else {
			head += w.Fit(colTitles[i], cw) + " "
		}
	}
	spark = min(spark, sparkDays)
	var b strings.Builder
	b.WriteString(st.Header.Render(w.Fit(head+"30 DAYS", m.width)))
	start, end := m.list.Window(len(m.rows), m.height-1, func(int) int { return 1 })
	for i := start; i < end; i++ {
		b.WriteString("\n" + m.row(m.rows[i], cols, spark, i == m.list.Cursor))
	}
	return b.String()
}

func (m *Model) row(r row, cols [nCols]int, spark int, selected bool) string {
	st := m.env.Styles
	value, change := "—", "—"
	if r.have {
		value = w.Count(r.value)
		if r.before != 0 {
			change = w.Change(r.value - r.before)
		}
	}
	cells := [nCols]string{
		colPlatform:  w.Fit(string(r.account.Platform), cols[colPlatform]),
		colAccount:   w.Fit(r.account.Handle, cols[colAccount]),
		colClient:    w.Fit(r.account.ClientID, cols[colClient]),
		colFollowers: w.FitLeft(value, cols[colFollowers]),
		colChange:    w.FitLeft(change, cols[colChange]),
		colSync:      w.Fit(m.health(r), cols[colSync]),
	}
	line := w.Sparkline(r.days, r.dayOK, spark)
	if selected {
		s := theme.Cursor + " "
		for i, c := range cells {
			if cols[i] > 0 {
				s += c + " "
			}
		}
		return st.Selected.Render(w.Fit(s+line, m.width))
	}
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range cells {
		if cols[i] == 0 {
			continue
		}
		switch {
		case i == colChange && r.have && r.before != 0 && r.value > r.before:
			c = st.Up.Render(c)
		case i == colChange && r.have && r.before != 0 && r.value < r.before:
			c = st.Down.Render(c)
		case i == colSync && r.health.NeedsLogin:
			c = st.Error.Render(c)
		case i == colSync && r.health.LastError != "":
			c = st.Warn.Render(c)
		case i == colPlatform || i == colChange || i == colSync:
			c = st.Muted.Render(c)
		default:
			c = st.Text.Render(c)
		}
		b.WriteString(c + " ")
	}
	b.WriteString(st.Spark.Render(line))
	return b.String()
}

// health is the account's state in a word or two: a refused login first (it stops
// posts), then a failing sync, then how long ago it last synced.
func (m *Model) health(r row) string {
	h := r.health
	switch {
	case h.NeedsLogin:
		return theme.ErrorMark + " login (L)"
	case h.LastError != "":
		return theme.WarnMark + " error"
	case h.LastSync.IsZero():
		return "never"
	}
	if age := w.Age(m.env.Now().Sub(h.LastSync)); age != "now" {
		return age + " ago"
	}
	return "just now"
}
