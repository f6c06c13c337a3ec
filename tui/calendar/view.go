package calendar

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// Marks of the calendar's own, beside theme's status marks; the legend under the month
// explains them.
const (
	freeMark  = "□" // a free queue slot
	gapMark   = "∅" // a day a client posts on with nothing going out
	todayMark = "•"
	heldMark  = "⇡" // the platform holds the post to publish it (server-side scheduling)
)

// statusMarks are theme's status markers alone ("●" of "● scheduled"), made once.
var statusMarks = func() map[social.Status]string {
	out := map[social.Status]string{}
	for _, s := range social.Statuses {
		out[s], _, _ = strings.Cut(theme.StatusLabel(s), " ")
	}
	return out
}()

func markOf(s social.Status) string {
	if m, ok := statusMarks[s]; ok {
		return m
	}
	return "·"
}

// platformTags are short platform names for the marks on a post.
var platformTags = map[social.Platform]string{
	"bluesky": "bs", "mastodon": "ma", "demo": "de", "demo-micro": "mi", "x": "x", "linkedin": "li",
	"threads": "th", "facebook": "fb", "instagram": "ig",
}

func platformTag(p social.Platform) string {
	if t, ok := platformTags[p]; ok {
		return t
	}
	if len(p) > 2 {
		return string(p[:2])
	}
	return string(p)
}

// tagsOf is an item's platform marks, each once with a count when a post goes to two
// accounts of one platform: "bs ma", "de×3".
func tagsOf(it item) string {
	ps := make([]social.Platform, len(it.targets))
	for i, t := range it.targets {
		ps[i] = t.Platform
	}
	return joinTags(ps)
}

// joinTags is the marks of platforms in order of first appearance, counted: "de×2 mi".
func joinTags(ps []social.Platform) string {
	var order []string
	count := map[string]int{}
	for _, p := range ps {
		tag := platformTag(p)
		if count[tag] == 0 {
			order = append(order, tag)
		}
		count[tag]++
	}
	for i, tag := range order {
		if n := count[tag]; n > 1 {
			order[i] = fmt.Sprintf("%s×%d", tag, n)
		}
	}
	return strings.Join(order, " ")
}

// seg is a piece of a line with its ink.
type seg struct {
	text string
	ink  ink
}

// line draws segments in exactly width cells, cutting the last that does not fit. A
// selected line is drawn plain on the selection colour: its marks still read.
func (m *Model) line(segs []seg, width int, selected bool) string {
	var b strings.Builder
	b.Grow(2 * width)
	if selected {
		b.WriteString(m.ink().selected.pre)
	}
	left := width
	for _, s := range segs {
		if left <= 0 {
			break
		}
		t, tw := clip(s.text, left)
		if selected || strings.TrimSpace(t) == "" {
			b.WriteString(t) // the selection's ink covers it; a blank needs none
		} else {
			b.WriteString(s.ink.pre)
			b.WriteString(t)
			b.WriteString(s.ink.post)
		}
		left -= tw
	}
	if left > 0 {
		b.WriteString(strings.Repeat(" ", left))
	}
	if selected {
		b.WriteString(m.ink().selected.post)
	}
	return b.String()
}

// atRisk reports whether an item will fail: its account needs a login and it is still to
// go out.
func (m *Model) atRisk(it item) bool {
	if it.status() == social.StatusPublished || it.due().Before(m.env.Now()) {
		return false
	}
	for _, t := range it.targets {
		if t.NeedsLogin {
			return true
		}
	}
	return false
}

// problem is what the line under a post warns of: why it failed, that it will, or why a
// paused one did not go out (missed while paused).
func (m *Model) problem(it item) string {
	lead := it.lead()
	switch {
	case (it.status() == social.StatusFailed || it.status() == social.StatusPaused) && lead.LastError != "":
		return lead.LastError
	case m.atRisk(it):
		for _, t := range it.targets {
			if t.NeedsLogin {
				return "at risk: " + t.AccountID + " needs a login (Metrics, L)"
			}
		}
	}
	return ""
}

// compact is a post in a month cell or a week column: status mark, time, platforms and
// as much of the text as fits.
func (m *Model) compact(it item, width int, selected bool) string {
	k := m.ink()
	mark, markInk := markOf(it.status()), k.statusInk(it.status())
	if m.atRisk(it) {
		mark, markInk = theme.WarnMark, k.warn
	}
	cur := " "
	if selected {
		cur = theme.Cursor
	}
	t := m.textOf(it)
	return m.line([]seg{
		{cur, k.cursor}, {mark, markInk}, {t.clock, m.clientInk(it.client())},
		{" " + t.tags, k.muted}, {" " + t.text, k.text},
	}, width, selected)
}

// compactFree is a free queue slot in a week column.
func (m *Model) compactFree(d *dayData, i, width int) string {
	k := m.ink()
	f := d.free[i]
	t := f.At.In(m.zoneOf(f.ClientID))
	return m.line([]seg{{" " + freeMark, k.muted}, {t.Format("15:04"), m.clientInk(f.ClientID)},
		{" free " + f.tags(), k.muted}}, width, false)
}

// moreLine is "+12 more" under the posts that fit.
func (m *Model) moreLine(n, width int) string {
	return m.ink().muted.paint(fit(fmt.Sprintf(" +%d more", n), width))
}

// View draws the pane in its size.
func (m *Model) View() string {
	st := m.env.Styles
	if v, ok := pane.Placeholder(st, "calendar", m.err, m.loaded, len(m.days), func() string { return "" }); ok {
		return v
	}
	m.ink() // a new theme drops the cells drawn in the old one before any is reused
	h := m.height - 1
	if m.prompt != nil {
		h--
	}
	var body string
	switch {
	case m.open:
		body = m.dayView(h)
	case m.view == viewMonth:
		body = m.monthView(h)
	case m.view == viewWeek:
		body = m.weekView(h)
	default:
		body = m.agendaView(h)
	}
	out := m.header() + "\n" + body
	if m.prompt != nil {
		out += "\n" + m.promptView()
	}
	return out
}

// header is the title of what is shown, the views (the active one bracketed, so it reads
// without colour) and the zone the times are in.
func (m *Model) header() string {
	st := m.env.Styles
	var title string
	switch {
	case m.open:
		title = m.day.Format("Monday 2 January 2006")
		if d := m.dayOf(m.day); d != nil {
			title += " · " + plural(d.posts, "post")
		}
	case m.view == viewWeek:
		from := weekStart(m.day)
		_, wk := from.ISOWeek()
		title = fmt.Sprintf("Week %d · %s – %s", wk, from.Format("2 Jan"), from.AddDate(0, 0, 6).Format("2 Jan 2006"))
	default:
		title = m.day.Format("January 2006")
	}
	var views []string
	for v := range nViews {
		if v == m.view && !m.open {
			views = append(views, "["+viewNames[v]+"]")
		} else {
			views = append(views, viewNames[v])
		}
	}
	left := st.Section.Render(title) + "  " + st.Muted.Render(strings.Join(views, " "))
	right := st.Muted.Render(m.zoneLabel() + " · z")
	if gap := m.width - lipgloss.Width(left) - lipgloss.Width(right); gap >= 1 {
		return left + strings.Repeat(" ", gap) + right
	}
	return w.Truncate(st.Section.Render(title)+"  "+right, m.width)
}
