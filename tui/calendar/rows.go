package calendar

import "time"

// rowKind is what one line of a day list is.
type rowKind int

const (
	rowDay  rowKind = iota // the day's heading (agenda)
	rowItem                // a post
	rowFree                // a free queue slot
	rowMore                // "+12 more"
)

// row is one line of the agenda, the open day or a week column; i indexes the day's
// items (rowItem) or free slots (rowFree).
type row struct {
	kind rowKind
	date time.Time
	i    int
}

// dayRows lists a day's posts and free slots merged by time, then how many posts more
// the day has than are loaded.
func dayRows(d *dayData) []row {
	var out []row
	f := 0
	for i, it := range d.items {
		for f < len(d.free) && d.free[f].At.Before(it.due()) {
			out = append(out, row{rowFree, d.date, f})
			f++
		}
		out = append(out, row{rowItem, d.date, i})
	}
	for ; f < len(d.free); f++ {
		out = append(out, row{rowFree, d.date, f})
	}
	if n := d.more(); n > 0 {
		out = append(out, row{rowMore, d.date, n})
	}
	return out
}

// agendaRows are the loaded days in order, each a heading and its rows. Built once per
// load or edit, not per frame.
func (m *Model) agendaRows() []row {
	if m.rows != nil {
		return m.rows
	}
	rows := make([]row, 0, 4*m.span.days)
	for i := range m.span.days {
		date := m.span.from.AddDate(0, 0, i)
		rows = append(rows, row{kind: rowDay, date: date})
		if d := m.days[date]; d != nil {
			rows = append(rows, dayRows(d)...)
		}
	}
	m.rows = rows
	return rows
}

// agendaIndex is the row of the cursor in rows, -1 when its day is not among them.
func (m *Model) agendaIndex(rows []row) int {
	for i, r := range rows {
		if !r.date.Equal(m.day) {
			continue
		}
		if (m.sel < 0 && r.kind == rowDay) || (m.sel >= 0 && r.kind == rowItem && r.i == m.sel) {
			return i
		}
	}
	return -1
}
