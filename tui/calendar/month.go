package calendar

import (
	"fmt"
	"strings"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/theme"
)

// weekdays heads the month and week columns, Monday first.
var weekdays = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// monthView is the weeks of the cursor's month, a cell per day: its date (with today,
// the cursor and a posting gap marked), then as many of its posts as fit and "+3 more".
func (m *Model) monthView(h int) string {
	k := m.ink()
	from, days := monthGrid(m.day)
	weeks := days / 7
	cw := m.width / 7
	rowH := max((h-1)/weeks, 2)
	lines := make([]string, 0, h)
	var head strings.Builder
	for _, d := range weekdays {
		head.WriteString(fit(" "+d, cw))
	}
	lines = append(lines, k.header.paint(head.String()))
	cells := make([][]string, 7)
	today := m.today()
	for wk := range weeks {
		for c := range 7 {
			date := from.AddDate(0, 0, wk*7+c)
			ck := cellKey{date: date, w: cw, h: rowH, cursor: date.Equal(m.day), today: date.Equal(today), inMonth: date.Month() == m.day.Month()}
			cells[c] = m.cached(ck, func() []string { return m.monthCell(date, cw, rowH) })
		}
		for l := range rowH {
			var b strings.Builder
			for c := range 7 {
				b.WriteString(cells[c][l])
			}
			lines = append(lines, b.String())
		}
	}
	if spare := h - len(lines); spare > 0 {
		lines = append(lines, m.legend(spare)...)
	}
	return block(lines, h)
}

// monthCell is one day of the month grid in exactly h lines of width cw.
func (m *Model) monthCell(date time.Time, cw, h int) []string {
	out := make([]string, 0, h)
	d := m.days[date]
	cursor := date.Equal(m.day)
	out = append(out, m.dateLine(date, d, cw, cursor))
	blank := strings.Repeat(" ", cw)
	switch {
	case d == nil:
		out = append(out, m.ink().muted.paint(fit(" "+theme.Busy, cw)))
	case len(d.items) > 0:
		room := h - 1
		more := d.more()
		n := len(d.items)
		if n > room || (more > 0 && n >= room) {
			n = room - 1
		}
		shown := map[int64]bool{}
		for _, it := range d.items[:max(n, 0)] {
			out = append(out, m.compact(it, cw, false))
			shown[it.postID()] = true
		}
		if rest := d.posts - len(shown); rest > 0 && len(out) < h {
			out = append(out, m.moreLine(rest, cw))
		}
	}
	for len(out) < h {
		out = append(out, blank)
	}
	return out[:h]
}

// dateLine is a day's first line in the month: the cursor mark, the day of the month
// (with the month's name on the 1st), today and a gap, in words where they fit.
func (m *Model) dateLine(date time.Time, d *dayData, cw int, cursor bool) string {
	k := m.ink()
	label := fmt.Sprintf("%2d", date.Day())
	if date.Day() == 1 {
		label = " 1 " + date.Format("Jan")
	}
	today := date.Equal(m.today())
	gaps := 0
	if d != nil {
		gaps = len(d.gaps)
	}
	add := func(word, mark string) {
		if cells(label)+1+len(word) <= cw-1 {
			label += " " + word
		} else {
			label += mark
		}
	}
	if today {
		add("today", todayMark)
	}
	if gaps > 0 {
		add("gap", gapMark)
	}
	cur := " "
	if cursor {
		cur = theme.Cursor
	}
	text := fit(cur+label, cw)
	switch {
	case cursor:
		return k.selected.paint(text)
	case today:
		return k.section.paint(text)
	case gaps > 0:
		return k.warn.paint(text)
	case date.Month() != m.day.Month():
		return k.muted.paint(text)
	}
	return k.text.paint(text)
}

// legendParts are the marks the legend explains, each with its word.
var legendParts = func() []string {
	var parts []string
	for _, s := range social.Statuses {
		parts = append(parts, theme.StatusLabel(s))
	}
	return append(parts, freeMark+" free slot", gapMark+" gap", theme.WarnMark+" at risk", todayMark+" today")
}()

// legend explains the marks in as many lines as there are to spare.
func (m *Model) legend(lines int) []string {
	var out []string
	cur := ""
	for _, p := range legendParts {
		if cur != "" && cells(cur)+2+cells(p) > m.width {
			out = append(out, cur)
			cur = ""
		}
		if cur != "" {
			cur += "  "
		}
		cur += p
	}
	out = append(out, cur)
	if len(out) > lines {
		return nil
	}
	for i := range out {
		out[i] = m.ink().muted.paint(out[i])
	}
	return out
}
