package widgets

import (
	"math"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/tui/theme"
)

// ChartStyles are the styles the metrics widgets (KPI cards, bars, heatmap) draw with.
// The zero value draws plain text, which is what tests use; the pane passes
// ChartStylesFrom(theme) so light and dark terminals get their palette. No widget puts
// information in colour alone: directions are ▲/▼/=, sizes are block lengths or shades,
// the best heatmap cell is ★, and every figure is written out.
type ChartStyles struct {
	Title lipgloss.Style // KPI card titles
	Value lipgloss.Style // KPI card values
	Muted lipgloss.Style // basis notes, axis labels, legends, "+k more", card rules
	Up    lipgloss.Style // a change for the better
	Down  lipgloss.Style // a change for the worse
	Bar   lipgloss.Style // bar and heat blocks
	Best  lipgloss.Style // the best heatmap cell(s)
}

// ChartStylesFrom takes the chart styles from a theme.
func ChartStylesFrom(s theme.Styles) ChartStyles {
	return ChartStyles{
		Title: s.Header,
		Value: s.Text.Bold(true),
		Muted: s.Muted,
		Up:    s.Up,
		Down:  s.Down,
		Bar:   s.Spark,
		Best:  s.Warn.Bold(true),
	}
}

// Compact formats a number in at most five cells or so: 999 → "999", 1234 → "1.2k",
// 12345 → "12.3k", 123456 → "123k", 1234567 → "1.2M"; ".0" is dropped ("12k"). Negative
// numbers take the U+2212 minus, as Count does.
func Compact(n int64) string {
	if n < 0 {
		if n == math.MinInt64 {
			n++
		}
		return "−" + Compact(-n)
	}
	if n < 1000 {
		return strconv.FormatInt(n, 10)
	}
	v := float64(n)
	for _, unit := range []string{"k", "M", "B", "T"} {
		v /= 1000
		if r := math.Round(v*10) / 10; r < 100 {
			s := strconv.FormatFloat(r, 'f', 1, 64)
			return strings.TrimSuffix(s, ".0") + unit
		}
		if r := math.Round(v); r < 1000 {
			return strconv.FormatFloat(r, 'f', 0, 64) + unit
		}
	}
	return strconv.FormatFloat(math.Round(v), 'f', 0, 64) + "T"
}

// Direction is which way a figure moved against the previous period.
type Direction int

const (
	Unknown Direction = iota // no previous period to compare with ("n/a")
	Same                     // "="
	Rise                     // "▲"
	Fall                     // "▼"
	Fresh                    // nothing before, something now ("new")
)

// Trend compares a figure with the previous period's: "▲ 12%", "▼ 3.4%", "= 0%", "new"
// (previous zero, now not), "n/a" (no previous figure, havePrev false). Percentages under
// 10 keep one decimal; beyond 999% it says "▲ >999%". A change that rounds to 0.0% is "=".
func Trend(now, prev float64, havePrev bool) (string, Direction) {
	switch {
	case !havePrev || math.IsNaN(now) || math.IsNaN(prev):
		return "n/a", Unknown
	case prev == 0 && now == 0:
		return "= 0%", Same
	case prev == 0:
		if now > 0 {
			return "new", Fresh
		}
		return "▼ new", Fall
	}
	pct := (now - prev) / math.Abs(prev) * 100
	a := math.Abs(pct)
	var num string
	switch {
	case a >= 999.5:
		num = ">999"
	case math.Round(a*10)/10 < 10:
		num = strings.TrimSuffix(strconv.FormatFloat(math.Round(a*10)/10, 'f', 1, 64), ".0")
	default:
		num = strconv.FormatFloat(math.Round(a), 'f', 0, 64)
	}
	switch {
	case num == "0":
		return "= 0%", Same
	case pct > 0:
		return "▲ " + num + "%", Rise
	default:
		return "▼ " + num + "%", Fall
	}
}

// KPI is one card: a title, the figure, its change against the previous period and an
// optional note on what it is measured against.
type KPI struct {
	Title         string  // "Engagement rate"
	Value         string  // the figure as shown: Compact(n), "3.2%"
	Now           float64 // the figure and the previous period's, for the change
	Prev          float64
	HavePrev      bool   // false: the change reads "n/a"
	Basis         string // "per impression", "per follower"; may be empty
	LowerIsBetter bool   // a fall is good news (churn, unfollows): colours only
}

// Change is the card's change text and direction (see Trend).
func (k KPI) Change() (string, Direction) { return Trend(k.Now, k.Prev, k.HavePrev) }

// CardHeight is the lines one row of KPI cards takes: title, value and change, basis.
const CardHeight = 3

// cardMin is the narrowest a card may be: its rule, the value and change unbroken (or
// room for a few letters of the title) and a space before the next card's rule.
func (k KPI) cardMin() int {
	ch, _ := k.Change()
	return 2 + max(Width(OneLine(k.Value))+1+Width(ch), 6) + 1
}

// KPICards lays cards out in rows that fill width exactly, CardHeight lines each, in at
// most height lines. Cards come most important first. All on one row if they fit there
// (narrowed down to their value and change; titles and basis notes are cut with "…"),
// else on two rows if height allows, else the least important are dropped until the rest
// fit. Each card starts with a "│" rule. No cards, or no room, is "".
func KPICards(cards []KPI, width, height int, st ChartStyles) string {
	maxRows := height / CardHeight
	if width <= 0 || maxRows <= 0 || len(cards) == 0 {
		return ""
	}
	maxRows = min(maxRows, 2)
	for n := len(cards); n > 0; n-- {
		shown := cards[:n]
		for rows := 1; rows <= maxRows && rows <= n; rows++ {
			per := (n + rows - 1) / rows
			if layout := splitCards(shown, per, width); layout != nil {
				return renderCardRows(shown, per, layout, st)
			}
		}
	}
	// Not even one card fits its minimum: show the first, cut.
	return renderCardRows(cards[:1], 1, []int{width}, st)
}

// splitCards shares width among per cards a row (the first cells of the remainder go to
// the first cards) and checks every card gets its minimum; nil when one does not.
func splitCards(cards []KPI, per, width int) []int {
	widths := make([]int, per)
	for i := range widths {
		widths[i] = width / per
		if i < width%per {
			widths[i]++
		}
	}
	for i, k := range cards {
		if widths[i%per] < k.cardMin() {
			return nil
		}
	}
	return widths
}

func renderCardRows(cards []KPI, per int, widths []int, st ChartStyles) string {
	var out []string
	for start := 0; start < len(cards); start += per {
		var lines [CardHeight]strings.Builder
		for c := range per {
			w := widths[c]
			if start+c >= len(cards) {
				for i := range lines {
					lines[i].WriteString(strings.Repeat(" ", w))
				}
				continue
			}
			card := renderCard(cards[start+c], w, st)
			for i := range lines {
				lines[i].WriteString(card[i])
			}
		}
		for i := range lines {
			out = append(out, lines[i].String())
		}
	}
	return strings.Join(out, "\n")
}

// renderCard draws one card as CardHeight lines of exactly w cells.
func renderCard(k KPI, w int, st ChartStyles) [CardHeight]string {
	rule := st.Muted.Render("│ ")
	inner := w - 2
	if inner <= 0 {
		return [CardHeight]string{Fit("", w), Fit("", w), Fit("", w)}
	}
	ch, dir := k.Change()
	chStyle := st.Muted
	good, bad := st.Up, st.Down
	if k.LowerIsBetter {
		good, bad = bad, good
	}
	switch dir {
	case Rise, Fresh:
		chStyle = good
	case Fall:
		chStyle = bad
	}
	value := Truncate(OneLine(k.Value), inner)
	line2 := st.Value.Render(value)
	if rest := inner - Width(value); rest > Width(ch) {
		line2 += " " + chStyle.Render(ch) + strings.Repeat(" ", rest-1-Width(ch))
	} else {
		line2 += strings.Repeat(" ", rest)
	}
	return [CardHeight]string{
		rule + st.Title.Render(Fit(OneLine(k.Title), inner)),
		rule + line2,
		rule + st.Muted.Render(Fit(OneLine(k.Basis), inner)),
	}
}
