package calendar

import (
	"strings"
	"time"

	"github.com/chorus-social/chorus/tui/theme"
)

// weekView is the cursor's week, a column per day: its heading, its gap, then its posts
// and free slots by time; the cursor's column scrolls to keep the selected post in view.
func (m *Model) weekView(h int) string {
	from := weekStart(m.day)
	cw := m.width / 7
	cols := make([][]string, 7)
	today := m.today()
	for c := range 7 {
		date := from.AddDate(0, 0, c)
		ck := cellKey{week: true, date: date, w: cw, h: h, cursor: date.Equal(m.day), today: date.Equal(today)}
		if ck.cursor {
			ck.sel = m.sel
		}
		cols[c] = m.cached(ck, func() []string { return m.weekColumn(date, cw, h) })
	}
	lines := make([]string, h)
	for l := range h {
		var b strings.Builder
		for c := range 7 {
			b.WriteString(cols[c][l])
		}
		lines[l] = b.String()
	}
	return block(lines, h)
}

// weekColumn is one day of the week in exactly h lines of width cw.
func (m *Model) weekColumn(date time.Time, cw, h int) []string {
	k := m.ink()
	out := make([]string, 0, h)
	cursorDay := date.Equal(m.day)
	cur := " "
	if cursorDay {
		cur = theme.Cursor
	}
	label := cur + date.Format("Mon 2")
	today := date.Equal(m.today())
	if today {
		label += " " + todayMark
	}
	switch head := fit(label, cw); {
	case cursorDay && m.sel < 0:
		out = append(out, k.selected.paint(head))
	case today:
		out = append(out, k.section.paint(head))
	default:
		out = append(out, k.header.paint(head))
	}
	d := m.days[date]
	if d == nil {
		out = append(out, k.muted.paint(fit(" "+theme.Busy, cw)))
		return pad(out, cw, h)
	}
	if len(d.gaps) > 0 {
		out = append(out, k.warn.paint(fit(" "+gapMark+" "+m.gapWho(d), cw)))
	}
	rows := dayRows(d)
	room := h - len(out)
	selRow := -1
	if cursorDay && m.sel >= 0 {
		for i, r := range rows {
			if r.kind == rowItem && r.i == m.sel {
				selRow = i
			}
		}
	}
	start := 0
	if len(rows) > room && selRow >= room-1 {
		start = selRow - room + 2
	}
	end := len(rows)
	hidden := 0
	if end-start > room {
		end = start + room - 1
		for _, r := range rows[end:] {
			switch r.kind {
			case rowItem:
				hidden++
			case rowMore:
				hidden += r.i
			}
		}
	}
	for _, r := range rows[start:end] {
		out = append(out, m.compactRow(d, r, cw, cursorDay))
	}
	if hidden > 0 {
		out = append(out, m.moreLine(hidden, cw))
	}
	return pad(out, cw, h)
}

// compactRow draws a row of a day in a narrow column.
func (m *Model) compactRow(d *dayData, r row, cw int, cursorDay bool) string {
	switch r.kind {
	case rowItem:
		return m.compact(d.items[r.i], cw, cursorDay && r.i == m.sel)
	case rowFree:
		return m.compactFree(d, r.i, cw)
	}
	return m.moreLine(r.i, cw)
}

// gapWho says whose gap a day is: "gap" with one client shown, else the clients' ids.
func (m *Model) gapWho(d *dayData) string {
	if m.client != "" {
		return "gap"
	}
	return strings.Join(d.gaps, ",")
}

// block joins lines into exactly h lines.
func block(lines []string, h int) string {
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines[:h], "\n")
}

// pad fills a column to h lines of width cw.
func pad(lines []string, cw, h int) []string {
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", cw))
	}
	return lines[:h]
}
