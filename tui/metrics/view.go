package metrics

import (
	"fmt"
	"strconv"
	"strings"

	fig "github.com/chorus-social/chorus/metrics"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

const (
	colPlatform = iota
	colAccount
	colFollowers
	colChange
	colSync
	nCols
)

var (
	colTitles = [nCols]string{"PLATFORM", "ACCOUNT", "FOLLOWERS", "CHANGE", "SYNC"}
	colWidths = [nCols]int{9, 24, 9, 8, 11}
	colMins   = [nCols]int{4, 10, 7, 6, 9}
	// rightAligned columns hold numbers.
	rightAligned = [nCols]bool{colFollowers: true, colChange: true}
)

const (
	prefixWidth = 2
	minSpark    = 16
	maxSpark    = 45
	// minBars is the fewest posts the bar chart shows when the pane is short.
	minBars = 3
	// followersTop is the body line of the first account row (under the table header).
	followersTop = 1
	// wideWidth is the width from which the charts go right of the followers.
	wideWidth = 120
)

// View draws the pane in its size.
func (m *Model) View() string {
	st := m.env.Styles
	if v, ok := pane.Placeholder(st, "metrics", m.err, m.loaded, len(m.data.accounts),
		func() string { return st.Muted.Render("No accounts yet.") }); ok {
		return v
	}
	body := m.body()
	h := m.bodyHeight()
	off := max(min(m.off, len(body)-h), 0)
	lines := []string{m.header(len(body) > off+h)}
	lines = append(lines, m.cardLines()...)
	for i := off; i < len(body) && i < off+h; i++ {
		lines = append(lines, body[i])
	}
	return w.Clamp(strings.Join(lines, "\n"), m.width, m.height)
}

// header is the pane's first line: client, period, comparison and scope.
func (m *Model) header(more bool) string {
	st := m.env.Styles
	client := "All clients"
	if m.client != "" {
		client = m.data.clientName
		if client == "" {
			client = m.client
		}
	}
	days := lengths[m.length]
	parts := []string{client, periodLabel(m.Period()), strconv.Itoa(days) + "d",
		"vs previous " + strconv.Itoa(days) + "d", m.scopeLabel()}
	if m.shown != m.seq {
		// The figures below are still the last period's or scope's.
		parts = append(parts, "loading"+theme.Busy)
	}
	s := " " + strings.Join(parts, " · ")
	if more && m.width > 4 {
		// The body goes on below the screen: say so at the right end, whatever is cut.
		return st.Section.Render(w.Fit(s, m.width-2)) + st.Muted.Render(" ↓")
	}
	return st.Section.Render(w.Fit(s, m.width))
}

// periodLabel writes a period by its first and last day: "2 Nov – 1 Dec 2026".
func periodLabel(p fig.Period) string {
	last := p.To.AddDate(0, 0, -1)
	from := "2 Jan"
	if p.From.Year() != last.Year() {
		from = "2 Jan 2006"
	}
	return p.From.Format(from) + " – " + last.Format("2 Jan 2006")
}

func (m *Model) scopeLabel() string {
	switch m.scope.kind {
	case scopeAccount:
		for _, h := range m.data.accounts {
			if h.Account.ID == m.scope.id {
				return "account " + h.Account.Handle
			}
		}
		return "account " + m.scope.id
	case scopePlatform:
		return "platform " + m.scope.id
	}
	return "all accounts"
}

// bodyHeight is the lines under the header and the cards.
func (m *Model) bodyHeight() int {
	return max(m.height-1-len(m.cardLines()), 0)
}

// cardLines draws the KPI cards: one row of cards, two when the width needs it.
func (m *Model) cardLines() []string {
	if m.width <= 0 {
		return nil
	}
	rows := 1
	if m.height >= 18 {
		rows = 2
	}
	s := w.KPICards(m.cards(), m.width, rows*w.CardHeight, w.ChartStylesFrom(*m.env.Styles))
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// cards are the KPIs of the period against the previous one.
func (m *Model) cards() []w.KPI {
	cur, prev, cmp := m.data.cur, m.data.prev, m.data.cmp
	kpi := func(title string, v, p fig.Value, value, basis string) w.KPI {
		return w.KPI{Title: title, Value: value, Now: v.N, Prev: p.N, HavePrev: v.OK && p.OK, Basis: basis}
	}
	followers := "—"
	if cur.Followers.OK {
		followers = w.Compact(int64(cur.Followers.N))
	}
	growth := "growth n/a"
	if cur.Growth.OK {
		growth = w.Change(int64(cur.Growth.N)) + " net"
	}
	engagement := "—"
	if cur.Engagement.OK {
		engagement = w.Compact(int64(cur.Engagement.N))
	}
	rate, basis := "—", "no measured post"
	switch cur.Basis {
	case fig.BasisImpressions:
		basis = "per impression"
	case fig.BasisFollowers:
		basis = "per follower"
	}
	if cur.Rate.OK {
		rate = percent(cur.Rate.N)
	}
	rk := kpi("Eng. rate", cur.Rate, prev.Rate, rate, basis)
	rk.HavePrev = rk.HavePrev && cmp.SameBasis
	cadence := "—"
	if cur.PerWeek.OK {
		cadence = strconv.FormatFloat(cur.PerWeek.N, 'f', 1, 64) + "/week"
	}
	ctr, ctrBasis := "n/a", "no clicks"
	if cur.CTR.OK {
		ctr, ctrBasis = percent(cur.CTR.N), "clicks/impr."
	}
	return []w.KPI{
		kpi("Followers", cur.Followers, prev.Followers, followers, growth),
		kpi("Engagement", cur.Engagement, prev.Engagement, engagement,
			strconv.Itoa(cur.Measured)+" measured"),
		rk,
		kpi("Posts", fig.Known(float64(cur.Posts)), fig.Known(float64(prev.Posts)), strconv.Itoa(cur.Posts), cadence),
		kpi("CTR", cur.CTR, prev.CTR, ctr, ctrBasis),
	}
}

// percent writes a ratio as a percentage: "3.25%", "12.5%".
func percent(r float64) string {
	p := r * 100
	if p < 10 {
		return strconv.FormatFloat(p, 'f', 2, 64) + "%"
	}
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}

// body is everything under the cards, one string a line: the followers table, then the
// charts under it, or right of it from wideWidth columns.
func (m *Model) body() []string {
	if m.width >= wideWidth {
		lw := max(m.width-56, m.width/2)
		rw := m.width - lw - 2
		left, right := m.followers(lw), m.charts(rw)
		n := max(len(left), len(right))
		out := make([]string, n)
		for i := range n {
			l, r := "", ""
			if i < len(left) {
				l = left[i]
			}
			if i < len(right) {
				r = right[i]
			}
			out[i] = w.Fit(l, lw) + "  " + w.Fit(r, rw)
		}
		return out
	}
	return append(append(m.followers(m.width), ""), m.charts(m.width)...)
}

func (m *Model) columns(width int) [nCols]int {
	widths := colWidths
	room := width - prefixWidth - nCols - minSpark
	copy(widths[:], w.Shrink(widths[:], colMins[:], room))
	return widths
}

// followers is the table of the accounts in scope: followers at the end of the period,
// their change over it, sync health, and a sparkline of the daily count.
func (m *Model) followers(width int) []string {
	st := m.env.Styles
	cols := m.columns(width)
	spark := width - prefixWidth
	head := strings.Repeat(" ", prefixWidth)
	for i, cw := range cols {
		spark -= cw + 1
		if rightAligned[i] {
			head += w.FitLeft(colTitles[i], cw) + " "
		} else {
			head += w.Fit(colTitles[i], cw) + " "
		}
	}
	spark = max(min(spark, maxSpark), 0)
	out := []string{st.Header.Render(w.Fit(head+"DAILY", width))}
	for i, r := range m.data.rows {
		out = append(out, m.row(r, cols, spark, width, i == m.cursor))
	}
	if len(m.data.rows) == 0 {
		out = append(out, st.Muted.Render(w.Fit("  No accounts in this scope.", width)))
	}
	return out
}

func (m *Model) row(r row, cols [nCols]int, spark, width int, selected bool) string {
	st := m.env.Styles
	value, change := "—", "—"
	if r.have {
		value = w.Count(r.value)
	}
	if r.grew {
		change = w.Change(r.growth)
	}
	cells := [nCols]string{
		colPlatform:  w.Fit(string(r.account.Platform), cols[colPlatform]),
		colAccount:   w.Fit(r.account.Handle, cols[colAccount]),
		colFollowers: w.FitLeft(value, cols[colFollowers]),
		colChange:    w.FitLeft(change, cols[colChange]),
		colSync:      w.Fit(m.health(r), cols[colSync]),
	}
	line := w.Sparkline(r.days, r.dayOK, spark)
	if selected {
		s := theme.Cursor + " "
		for _, c := range cells {
			s += c + " "
		}
		return st.Selected.Render(w.Fit(s+line, width))
	}
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range cells {
		switch {
		case i == colChange && r.grew && r.growth > 0:
			c = st.Up.Render(c)
		case i == colChange && r.grew && r.growth < 0:
			c = st.Down.Render(c)
		case i == colSync && r.health.NeedsLogin:
			c = st.Error.Render(c)
		case i == colSync && r.health.LastError != "":
			c = st.Warn.Render(c)
		case i == colPlatform || i == colChange || i == colSync:
			c = st.Muted.Render(c)
		default:
			c = st.Text.Render(c)
		}
		b.WriteString(c + " ")
	}
	b.WriteString(st.Spark.Render(line))
	return b.String()
}

// health is the account's state in a word or two: a refused login first (it stops
// posts), then a failing sync, then how long ago it last synced.
func (m *Model) health(r row) string {
	h := r.health
	switch {
	case h.NeedsLogin:
		return theme.ErrorMark + " login (L)"
	case h.LastError != "":
		return theme.WarnMark + " error"
	case h.LastSync.IsZero():
		return "never"
	}
	if age := w.Age(m.env.Now().Sub(h.LastSync)); age != "now" {
		return age + " ago"
	}
	return "just now"
}

// charts are the engagement bars, the heatmap and the top and bottom posts, in that
// order (the order they are cut in on a short screen). The bars give up lines, down to
// minBars, so the heatmap fits in the pane when it can.
func (m *Model) charts(width int) []string {
	st := m.env.Styles
	cs := w.ChartStylesFrom(*st)
	d := m.data
	title := func(s string) string { return st.Header.Render(w.Fit(s, width)) }
	if len(d.bars) == 0 {
		return []string{title("ENGAGEMENT BY POST"), st.Muted.Render(w.Fit("No measured posts in this period.", width))}
	}
	// What the bars leave: the followers table and a blank line above them (unless side
	// by side), their title, a blank line, the heatmap's title and the heatmap.
	room := m.bodyHeight() - 3 - w.HeatmapHeight
	if m.width < wideWidth {
		room -= 1 + len(m.data.rows) + 1
	}
	n := max(min(len(d.bars), room), min(minBars, len(d.bars)))
	bars := make([]w.Bar, n)
	for i, b := range d.bars[:n] {
		bars[i] = w.Bar{Label: b.label, Value: b.engagement}
	}
	out := []string{title(fmt.Sprintf("ENGAGEMENT BY POST · top %d of %d measured", len(bars), d.cur.Measured))}
	out = append(out, strings.Split(w.Bars(bars, width, len(bars), cs), "\n")...)
	out = append(out, "", title("BEST TIME · engagement per post, weekday × hour ("+m.Period().To.Format("MST")+")"))
	out = append(out, strings.Split(w.Heatmap(d.heat, width, w.HeatmapHeight, cs), "\n")...)
	out = append(out, "", title("TOP POSTS"))
	out = append(out, m.ranked(d.top, width)...)
	if len(d.bottom) > 0 {
		out = append(out, title("BOTTOM POSTS"))
		out = append(out, m.ranked(d.bottom, width)...)
	}
	return out
}

// ranked lists posts: engagement, day and the text's start.
func (m *Model) ranked(rs []ranked, width int) []string {
	st := m.env.Styles
	loc := m.Period().To.Location()
	var out []string
	for _, r := range rs {
		n := w.FitLeft(w.Compact(r.engagement), 6)
		day := r.at.In(loc).Format("Mon 2 Jan")
		out = append(out, st.Text.Render(n)+" "+st.Muted.Render(w.Fit(day, 10))+" "+
			st.Text.Render(w.Fit(r.label, max(width-18, 0))))
	}
	return out
}
