package widgets

// List is the cursor and scroll position of a list that shows a window of its rows.
// It holds no rows itself: panes keep their data and ask List which rows to draw, so
// the same logic serves the calendar, the inbox and the metrics table.
type List struct {
	Cursor int
	Offset int // first row drawn
}

// Move moves the cursor by delta rows within n rows.
func (l *List) Move(delta, n int) {
	l.Cursor = clamp(l.Cursor+delta, 0, n-1)
}

// Top puts the cursor on the first row.
func (l *List) Top() { l.Cursor, l.Offset = 0, 0 }

// Bottom puts the cursor on the last of n rows.
func (l *List) Bottom(n int) { l.Cursor = max(n-1, 0) }

// Reset forgets the position, for a list whose rows were replaced.
func (l *List) Reset() { *l = List{} }

// Window returns the rows [start, end) that fit in height lines, scrolling as little as
// needed to keep the cursor in view. rowHeight gives each row's height in lines (rows
// may take more than one line, e.g. a failed post with its error underneath).
func (l *List) Window(n, height int, rowHeight func(int) int) (start, end int) {
	if n == 0 || height <= 0 {
		return 0, 0
	}
	l.Cursor = clamp(l.Cursor, 0, n-1)
	l.Offset = clamp(l.Offset, 0, l.Cursor)
	// Scroll down until the cursor's row ends inside the window.
	for {
		used := 0
		for i := l.Offset; i <= l.Cursor; i++ {
			used += rowHeight(i)
		}
		if used <= height || l.Offset == l.Cursor {
			break
		}
		l.Offset++
	}
	used := 0
	end = l.Offset
	for end < n {
		h := rowHeight(end)
		if used+h > height && end > l.Offset {
			break
		}
		used += h
		end++
	}
	return l.Offset, end
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return min(max(v, lo), hi)
}
