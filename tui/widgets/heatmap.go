package widgets

import (
	"math"
	"strconv"
	"strings"
)

// Heat is engagement by weekday and hour: Heat[0] is Monday, Heat[6] Sunday, Heat[d][h]
// the hour h..h+1 in the client's zone. What the figures are (a mean per post, a total)
// is the caller's; the heatmap only compares them.
type Heat [7][24]float64

// Weekdays are the heatmap's row labels, Monday first.
var Weekdays = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// shades are the heat levels above zero, lowest first; a cell of zero (or no data) is
// "·", and the best cell(s) are "★".
var shades = []string{"░", "▒", "▓", "█"}

const (
	heatZero = "·"
	heatBest = "★"
	heatRowW = 4 // "Mon "
)

// HeatmapHeight is the lines a full heatmap takes: the hour axis, seven days, the legend.
const HeatmapHeight = 9

// heatBuckets are the hours a column may stand for, narrowest first: each divides 24.
var heatBuckets = []int{1, 2, 3, 4, 6}

// Heatmap draws h as a weekday × hour grid in exactly width cells a line: an hour axis,
// a row per day (Mon..Sun) of shade blocks scaled to the largest cell (· zero, ░▒▓█ a
// quarter of the largest each, ★ the largest), and a legend naming the best time and
// its figure. Each column is an hour when the width allows, else 2, 3, 4 or 6 hours (a
// bucket is the mean of its hours); a column is as many cells wide as fit, up to 3.
// With height under HeatmapHeight the legend goes first, then the axis; under 7 lines
// the last days are cut. No room is "".
func Heatmap(h Heat, width, height int, st ChartStyles) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	grid := width - heatRowW
	bucket := 0
	for _, b := range heatBuckets {
		if 24/b <= grid {
			bucket = b
			break
		}
	}
	if bucket == 0 { // not even 4 columns: say so rather than draw a smear
		return Clamp(st.Muted.Render("(too narrow)"), width, min(height, 1))
	}
	cols := 24 / bucket
	cw := min(grid/cols, 3)

	var cells [7][]float64
	var best float64
	for d := range 7 {
		cells[d] = make([]float64, cols)
		for c := range cols {
			var sum float64
			for hr := c * bucket; hr < (c+1)*bucket; hr++ {
				if v := h[d][hr]; v > 0 && !math.IsNaN(v) && !math.IsInf(v, 0) {
					sum += v
				}
			}
			cells[d][c] = sum / float64(bucket)
			best = max(best, cells[d][c])
		}
	}

	showLegend := height >= HeatmapHeight
	showAxis := height >= HeatmapHeight-1
	var out []string
	if showAxis {
		out = append(out, st.Muted.Render(Fit(strings.Repeat(" ", heatRowW)+heatAxis(bucket, cols, cw), width)))
	}
	var bestAt []string
	for d := range 7 {
		var b strings.Builder
		b.WriteString(st.Muted.Render(Weekdays[d] + " "))
		for c := range cols {
			v := cells[d][c]
			switch {
			case v <= 0:
				b.WriteString(st.Muted.Render(strings.Repeat(heatZero, cw)))
			case v == best:
				b.WriteString(st.Best.Render(strings.Repeat(heatBest, cw)))
				bestAt = append(bestAt, Weekdays[d]+" "+hourSpan(c*bucket, bucket))
			default:
				lvl := min(int(math.Ceil(v/best*float64(len(shades))))-1, len(shades)-1)
				b.WriteString(st.Bar.Render(strings.Repeat(shades[max(lvl, 0)], cw)))
			}
		}
		b.WriteString(strings.Repeat(" ", width-heatRowW-cols*cw))
		out = append(out, b.String())
	}
	if showLegend {
		out = append(out, st.Muted.Render(heatLegend(best, bestAt, width)))
	}
	if len(out) > height {
		out = out[:height]
	}
	return strings.Join(out, "\n")
}

// heatAxis labels the hour columns: the start hour of every few columns, as many as fit
// with a space between labels, in exactly cols*cw cells.
func heatAxis(bucket, cols, cw int) string {
	width := cols * cw
	step := 24
	for _, s := range []int{1, 2, 3, 4, 6, 12} {
		if s%bucket == 0 && (s/bucket)*cw >= 3 {
			step = s
			break
		}
	}
	line := []rune(strings.Repeat(" ", width))
	for hr := 0; hr < 24; hr += step {
		at := hr / bucket * cw
		for i, r := range strconv.Itoa(hr) {
			if at+i < width {
				line[at+i] = r
			}
		}
	}
	return string(line)
}

// hourSpan is "09-10" for the hour from 9, or "18-20" for a two-hour bucket.
func hourSpan(from, hours int) string {
	two := func(n int) string {
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	}
	return two(from) + "-" + two(from+hours)
}

// heatLegend is the key and the best time in at most width cells, the longest form
// that fits: "· none ░▒▓█ most  ★ best Tue 09-10 (42)", then without the key, then
// "★ Tue 09-10 (42)", then "★ Tue 09h"; several best cells read "Tue 09-10 +2".
func heatLegend(best float64, bestAt []string, width int) string {
	key := heatZero + " none " + strings.Join(shades, "") + " most"
	if len(bestAt) == 0 {
		return Fit(key+"  no engagement", width)
	}
	at := bestAt[0]
	if len(bestAt) > 1 {
		at += " +" + strconv.Itoa(len(bestAt)-1)
	}
	num := " (" + heatNum(best) + ")"
	for _, s := range []string{
		key + "  " + heatBest + " best " + at + num,
		heatBest + " best " + at + num,
		heatBest + " " + at + num,
	} {
		if Width(s) <= width {
			return Fit(s, width)
		}
	}
	// The bare day and start hour: "★ Tue 09h".
	short, _, _ := strings.Cut(bestAt[0], "-")
	return Fit(heatBest+" "+short+"h", width)
}

// heatNum writes a cell's figure: Compact for whole numbers, one decimal otherwise.
func heatNum(v float64) string {
	if v == math.Trunc(v) && v < math.MaxInt64 {
		return Compact(int64(v))
	}
	if v >= 1000 {
		return Compact(int64(math.Round(v)))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
