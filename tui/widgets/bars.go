package widgets

import (
	"strconv"
	"strings"
)

// eighths are the partial blocks of a horizontal bar, one eighth of a cell to seven.
var eighths = []rune("▏▎▍▌▋▊▉")

// Bar is one row of a bar chart: a label (a post's excerpt) and its figure.
type Bar struct {
	Label string
	Value int64 // negative draws as zero
}

// HBar draws a horizontal bar of value/maxV of width cells, to the eighth of a cell, in
// exactly width cells (blocks then spaces). A value above zero shows at least "▏", so
// it never looks like nothing.
func HBar(value, maxV int64, width int) string {
	if width <= 0 {
		return ""
	}
	var n int64 // eighths of a cell
	if value > 0 && maxV > 0 {
		value = min(value, maxV)
		n = (value*int64(width)*8 + maxV/2) / maxV
		n = max(n, 1)
	}
	full, part := int(n/8), int(n%8)
	var b strings.Builder
	b.WriteString(strings.Repeat("█", full))
	cells := full
	if part > 0 {
		b.WriteRune(eighths[part-1])
		cells++
	}
	b.WriteString(strings.Repeat(" ", width-cells))
	return b.String()
}

// Bars draws a horizontal bar chart in exactly width cells a line, at most height lines:
// one line per bar in the order given, "label bar value", bars scaled to the largest
// value of all bars (shown or not), values in Compact form. Labels take what the bars
// and values leave, up to a third of the width, cut with "…". When there are more bars
// than lines, the last line says "+k more". Nothing to draw, or no room, is "".
func Bars(bars []Bar, width, height int, st ChartStyles) string {
	if width <= 0 || height <= 0 || len(bars) == 0 {
		return ""
	}
	shown, more := bars, 0
	if len(bars) > height {
		shown, more = bars[:height-1], len(bars)-(height-1)
	}
	var maxV int64
	for _, b := range bars {
		maxV = max(maxV, b.Value)
	}
	valueW, labelW := 0, 0
	for _, b := range shown {
		valueW = max(valueW, Width(Compact(max(b.Value, 0))))
		labelW = max(labelW, Width(OneLine(b.Label)))
	}
	labelW = min(labelW, max(width/3, 4))
	// label, a space, the bar (8 cells or more where the label can give them), a space,
	// the value.
	barW := width - labelW - valueW - 2
	if barW < 8 {
		labelW = max(labelW-(8-barW), 0)
		barW = width - labelW - valueW - 2
		if labelW == 0 {
			barW++ // no label, no space after it
		}
	}
	var out []string
	for _, b := range shown {
		v := max(b.Value, 0)
		if barW < 1 { // too narrow for a bar: label and value only
			out = append(out, Fit(Truncate(OneLine(b.Label), max(width-valueW-1, 0))+" "+Compact(v), width))
			continue
		}
		line := ""
		if labelW > 0 {
			line = Fit(OneLine(b.Label), labelW) + " "
		}
		line += st.Bar.Render(HBar(v, maxV, barW)) + " " + FitLeft(Compact(v), valueW)
		out = append(out, line)
	}
	if more > 0 {
		out = append(out, st.Muted.Render(Fit("+"+strconv.Itoa(more)+" more", width)))
	}
	return strings.Join(out, "\n")
}
