package calendar

import "time"

// Moving the cursor changes two cells of the month grid (or two columns of the week);
// the others are drawn again only when what they show changes. A key holds everything a
// cell's drawing reads besides the loaded days, and changed drops every cell when those
// change (a load, an edit, the zone, the theme).

// cellKey is what a month cell or a week column looks like.
type cellKey struct {
	week    bool
	date    time.Time
	w, h    int
	cursor  bool
	sel     int
	today   bool
	inMonth bool
}

// maxCells bounds the cache: a few months' cells of each size.
const maxCells = 400

// cached returns the lines drawn for k, drawing them with draw the first time.
func (m *Model) cached(k cellKey, draw func() []string) []string {
	if lines, ok := m.cells[k]; ok {
		return lines
	}
	lines := draw()
	if m.cells == nil || len(m.cells) >= maxCells {
		m.cells = make(map[cellKey][]string, 64)
	}
	m.cells[k] = lines
	return lines
}

// changed forgets everything drawn from the loaded days: the agenda's rows, the cells.
func (m *Model) changed() {
	m.rows = nil
	m.cells = nil
}
