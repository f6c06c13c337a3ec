package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// The agenda and the open day are lists with a post a line: its time and zone, status,
// platforms, client (when every client is shown) and text, and under a failed or at-risk
// post the reason.

// Column widths of a post's line.
const (
	cursorWidth = 2
	timeWidth   = 9 // "16:00 CET"
	statusWidth = 13
	tagsWidth   = 6
	clientWidth = 8
)

// agendaView is the loaded weeks as a list: each day's heading, then its posts and free
// slots, scrolled to keep the cursor in view.
func (m *Model) agendaView(h int) string {
	rows := m.agendaRows()
	cur := m.agendaIndex(rows)
	if m.jump && cur >= 0 {
		// The cursor's day from its heading, with what comes after it below.
		for i := cur; i >= 0; i-- {
			if rows[i].kind == rowDay {
				m.list.Offset = i
				break
			}
		}
		m.jump = false
	}
	m.list.Cursor = max(cur, 0)
	start, end := m.list.Window(len(rows), h, func(i int) int { return m.rowHeight(rows[i]) })
	lines := make([]string, 0, h)
	for i := start; i < end; i++ {
		r := rows[i]
		if r.kind == rowDay {
			lines = append(lines, m.dayHeading(r.date, i == cur))
			continue
		}
		lines = append(lines, m.wideRow(m.days[r.date], r, i == cur)...)
	}
	return block(lines, h)
}

// dayView is the open day: every post and free slot of it.
func (m *Model) dayView(h int) string {
	k := m.ink()
	d := m.dayOf(m.day)
	if d == nil {
		return k.muted.paint("Loading the day" + theme.Busy)
	}
	var lines []string
	if len(d.gaps) > 0 {
		who := "this client"
		if m.client == "" {
			who = strings.Join(d.gaps, ", ")
		}
		lines = append(lines, k.warn.paint(fit(gapMark+" gap: nothing goes out for "+who+" on this day", m.width)))
	}
	rows := dayRows(d)
	if len(rows) == 0 {
		lines = append(lines, k.muted.paint("Nothing planned on this day: n plans a post on it."))
		return block(lines, h)
	}
	cur := -1
	for i, r := range rows {
		if r.kind == rowItem && r.i == m.sel {
			cur = i
		}
	}
	m.dayList.Cursor = max(cur, 0)
	start, end := m.dayList.Window(len(rows), h-len(lines), func(i int) int { return m.rowHeight(rows[i]) })
	for i := start; i < end; i++ {
		lines = append(lines, m.wideRow(d, rows[i], i == cur)...)
	}
	return block(lines, h)
}

// rowHeight is a row's lines: a post with a problem has the reason under it.
func (m *Model) rowHeight(r row) int {
	if r.kind == rowItem {
		if d := m.dayOf(r.date); d != nil && r.i < len(d.items) && m.problem(d.items[r.i]) != "" {
			return 2
		}
	}
	return 1
}

// dayHeading is a day of the agenda: its date, today, how many posts, and a gap.
func (m *Model) dayHeading(date time.Time, selected bool) string {
	k := m.ink()
	d := m.days[date]
	cur := "  "
	if selected {
		cur = theme.Cursor + " "
	}
	dateInk := k.section
	if date.Before(m.today()) {
		dateInk = k.muted
	}
	segs := []seg{{cur, k.cursor}, {date.Format("Mon 02 Jan"), dateInk}}
	if date.Equal(m.today()) {
		segs = append(segs, seg{" · today", k.section})
	}
	switch {
	case d == nil:
		segs = append(segs, seg{" · " + theme.Busy, k.muted})
	case d.posts == 0:
		segs = append(segs, seg{" · nothing planned", k.muted})
	default:
		segs = append(segs, seg{" · " + plural(d.posts, "post"), k.muted})
	}
	if d != nil && len(d.gaps) > 0 {
		segs = append(segs, seg{" · " + gapMark + " " + m.gapWho(d), k.warn})
	}
	return m.line(segs, m.width, selected)
}

// wideRow draws a row of a day at full width: one line, two for a post with a problem.
func (m *Model) wideRow(d *dayData, r row, selected bool) []string {
	k := m.ink()
	switch r.kind {
	case rowItem:
		it := d.items[r.i]
		out := []string{m.wide(it, selected)}
		if p := m.problem(it); p != "" {
			indent := strings.Repeat(" ", cursorWidth+timeWidth+1)
			out = append(out, indent+k.error.paint(fit(theme.ErrorArrow+" "+w.OneLine(p), m.width-len(indent))))
		}
		return out
	case rowFree:
		return []string{m.wideFree(d.free[r.i])}
	}
	more := fmt.Sprintf("%s+%d more: enter on the day lists them all", strings.Repeat(" ", cursorWidth), r.i)
	return []string{k.muted.paint(fit(more, m.width))}
}

// wide is a post's line in a list.
func (m *Model) wide(it item, selected bool) string {
	k := m.ink()
	lead := it.lead()
	cur := "  "
	if selected {
		cur = theme.Cursor + " "
	}
	status := theme.StatusLabel(it.status())
	if lead.ServerRef != "" {
		status += " " + heldMark
	}
	t := m.textOf(it)
	text := t.text
	if lead.Parts > 1 {
		text = fmt.Sprintf("(%d parts) %s", lead.Parts, text)
	}
	client := m.clientInk(it.client())
	segs := []seg{
		{cur, k.cursor},
		{fit(t.zoned, timeWidth) + " ", client},
		{fit(status, statusWidth) + " ", k.statusInk(it.status())},
		{fit(t.tags, tagsWidth) + " ", k.muted},
	}
	if m.client == "" {
		segs = append(segs, seg{fit(it.client(), clientWidth) + " ", client})
	}
	return m.line(append(segs, seg{text, k.text}), m.width, selected)
}

// wideFree is a free queue slot's line in a list.
func (m *Model) wideFree(f freeGroup) string {
	k := m.ink()
	client := m.clientInk(f.ClientID)
	due := f.At.In(m.zoneOf(f.ClientID)).Format("15:04 MST")
	segs := []seg{
		{strings.Repeat(" ", cursorWidth), k.muted},
		{fit(due, timeWidth) + " ", client},
		{fit(freeMark+" free slot", statusWidth) + " ", k.muted},
		{fit(f.tags(), tagsWidth) + " ", k.muted},
	}
	if m.client == "" {
		segs = append(segs, seg{fit(f.ClientID, clientWidth) + " ", client})
	}
	return m.line(append(segs, seg{f.accounts(), k.muted}), m.width, false)
}
