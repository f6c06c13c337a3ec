package widgets

import "strings"

// sparks are the eight block heights a sparkline is drawn with.
var sparks = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as a row of block characters, lowest value ▁, highest █, in
// exactly width cells. Values are resampled to fit (the last value of each cell wins, as
// for a counter the newest reading is the truth). Missing values (ok[i] false) are blank;
// ok may be nil when every value is present. A flat series draws at the lowest height.
func Sparkline(values []int64, ok []bool, width int) string {
	if width <= 0 {
		return ""
	}
	if len(values) == 0 {
		return strings.Repeat(" ", width)
	}
	has := func(i int) bool { return ok == nil || ok[i] }
	cells := make([]int64, width)
	present := make([]bool, width)
	for c := range width {
		// The slice of values this cell stands for; with fewer values than cells a value
		// spans several cells.
		lo := c * len(values) / width
		hi := max((c+1)*len(values)/width, lo+1)
		for i := lo; i < hi && i < len(values); i++ {
			if has(i) {
				cells[c], present[c] = values[i], true
			}
		}
	}
	var minV, maxV int64
	first := true
	for c := range width {
		if !present[c] {
			continue
		}
		if first || cells[c] < minV {
			minV = cells[c]
		}
		if first || cells[c] > maxV {
			maxV = cells[c]
		}
		first = false
	}
	var b strings.Builder
	for c := range width {
		if !present[c] {
			b.WriteByte(' ')
			continue
		}
		level := 0
		if maxV > minV {
			level = int((cells[c] - minV) * int64(len(sparks)-1) / (maxV - minV))
		}
		b.WriteRune(sparks[level])
	}
	return b.String()
}
