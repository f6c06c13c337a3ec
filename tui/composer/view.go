package composer

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// The layout's fixed sizes.
const (
	labelWidth  = 7 // "› When "
	maxToRows   = 5 // accounts listed at once
	maxOthers   = 3 // closed thread parts listed at once
	maxMedia    = 3 // images of the open part listed at once
	minAreaRows = 2
)

func (m *Model) innerWidth() int { return max(m.width-4, 20) }
func (m *Model) textWidth() int  { return max(m.innerWidth()-labelWidth, 10) }

// resize gives the text areas and inputs the width they draw in.
func (m *Model) resize() {
	for _, v := range m.versions() {
		for i := range v.parts {
			v.parts[i].SetWidth(m.textWidth())
		}
	}
	m.when.input.SetWidth(max(m.textWidth()-1, 10))
	m.layout()
}

// layout shares the height out: the open part's text area takes what the accounts, the
// other parts, the images and the when leave.
func (m *Model) layout() {
	if m.stage != stageEdit {
		return
	}
	m.toShown = 0
	rows := m.toRows()
	defer func() {
		// Keep the To cursor in the window the list shows.
		m.toTop = min(max(m.toTop, m.toAt-rows+1), m.toAt)
		m.toTop = max(min(m.toTop, len(m.targets)-rows), 0)
	}()
	for {
		used := rows + 1 + 1 + m.otherRows() + min(len(m.mediaOf(m.part())), maxMedia) + 1 + len(m.whenLines()) + len(m.statusLines())
		m.areaH = m.height - 2 - used
		if m.areaH >= 3 || rows <= 2 {
			break
		}
		rows--
	}
	m.toShown = rows
	m.areaH = max(m.areaH, minAreaRows)
	v := m.shown()
	if i := m.part(); i >= 0 && i < len(v.parts) {
		v.parts[i].SetHeight(m.areaH)
	}
}

// toRows is how many accounts the list shows: all of them up to maxToRows (fewer when
// the height is short), and one line for a client without accounts.
func (m *Model) toRows() int {
	if m.toShown > 0 {
		return m.toShown
	}
	return max(min(len(m.targets), maxToRows), 1)
}

func (m *Model) otherRows() int {
	n := len(m.shown().parts) - 1
	if n > maxOthers {
		return maxOthers
	}
	return n
}

// View draws the composer in its width × height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.env.Styles
	switch m.stage {
	case stagePick:
		return m.frame("New post", "", m.pickLines())
	case stageLoading:
		return m.frame("Composer", "", []string{st.Muted.Render("Loading" + ellipsis)})
	case stageDrafts:
		return m.frame("Drafts · "+m.client.Name, "", m.draftLines())
	}
	var lines []string
	lines = append(lines, m.toLines()...)
	lines = append(lines, "")
	lines = append(lines, m.textLines()...)
	lines = append(lines, "")
	lines = append(lines, m.whenLines()...)
	status := m.statusLines() // a prompt or an error may take two lines
	body := max(m.height-2-len(status), 0)
	for len(lines) < body {
		lines = append(lines, "")
	}
	lines = append(lines[:body], status...)
	return m.frame(m.title(), m.stateLabel(), lines)
}

func (m *Model) title() string {
	who := m.client.Name
	if m.client.TZ != "" {
		who += " (" + m.client.TZ + ")"
	}
	if m.postID == 0 {
		return "New post · " + who
	}
	return fmt.Sprintf("Post %d · %s", m.postID, who)
}

// stateLabel is the status and whether everything is written: "○ draft · saved".
func (m *Model) stateLabel() string {
	st := m.env.Styles
	s := st.Status(m.status).Render(theme.StatusLabel(m.status))
	switch {
	case m.saveErr != "":
		return s + st.Error.Render(" · "+theme.ErrorMark+" not saved")
	case m.inflight > 0:
		return s + st.Muted.Render(" · saving"+ellipsis)
	case m.savedRev < m.rev:
		return s + st.Muted.Render(" · unsaved")
	case m.postID != 0:
		return s + st.Muted.Render(" · saved")
	}
	return s
}

// frame draws lines in a rounded box of the full size, title and state on its top edge.
// The box is drawn by hand so the title sits in the border, as the client switcher's does.
func (m *Model) frame(title, right string, lines []string) string {
	st := m.env.Styles
	iw := m.innerWidth()
	edge := func(s string) string { return st.Muted.Render(s) }
	title = st.BoxTitle.Render(w.Truncate(title, max(iw-lipgloss.Width(right)-4, 8)))
	left, end := edge("╭─ ")+title+" ", edge("─╮")
	if right != "" {
		end = " " + right + edge(" ─╮")
	}
	fill := m.width - lipgloss.Width(left) - lipgloss.Width(end)
	top := left + edge(strings.Repeat("─", max(fill, 1))) + end
	out := []string{w.Truncate(top, m.width)}
	for i := 0; i < m.height-2; i++ {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		out = append(out, edge("│ ")+w.Fit(l, iw)+edge(" │"))
	}
	out = append(out, edge("╰"+strings.Repeat("─", max(m.width-2, 0))+"╯"))
	return strings.Join(out, "\n")
}

// label is a field's name in the label column, marked when it has the keys.
func (m *Model) label(name string, focused bool) string {
	st := m.env.Styles
	if focused {
		return st.CursorCol.Render(w.Fit(theme.Cursor+" "+name, labelWidth))
	}
	return st.Header.Render(w.Fit("  "+name, labelWidth))
}

func (m *Model) toLines() []string {
	st := m.env.Styles
	focused := m.focus.kind == fieldTo
	if len(m.targets) == 0 {
		return []string{m.label("To", focused) + st.Warn.Render(theme.WarnMark+" "+m.client.Name+
			" has no accounts yet: add one with `chorus accounts add --client "+m.client.ID+"`")}
	}
	rows := m.toRows()
	var out []string
	for i := m.toTop; i < m.toTop+rows && i < len(m.targets); i++ {
		lbl := w.Fit("", labelWidth)
		if i == m.toTop {
			lbl = m.label("To", focused)
		}
		out = append(out, lbl+m.toRow(m.targets[i], focused && i == m.toAt))
	}
	if m.toTop > 0 || m.toTop+rows < len(m.targets) {
		more := fmt.Sprintf(" %d/%d", m.toAt+1, len(m.targets))
		last := len(out) - 1
		out[last] = w.Truncate(out[last], labelWidth+m.textWidth()-len(more)) + st.Muted.Render(more)
	}
	return out
}

// platformWidth fits the longest platform name of the list ("demo-micro"), nine at
// least so that lists of the common platforms keep their columns.
func (m *Model) platformWidth() int {
	n := 9
	for _, t := range m.targets {
		n = max(n, lipgloss.Width(string(t.acct.Platform)))
	}
	return min(n, 12)
}

// toRow draws one account: ticked, platform, handle, which text, due time, counter.
func (m *Model) toRow(t *target, selected bool) string {
	st := m.env.Styles
	cw := m.textWidth()
	check := "[ ] "
	if t.on {
		check = "[x] "
	}
	info := "same as main"
	if t.variant != nil {
		info = "✎ own text"
	}
	switch t.status {
	case social.StatusPaused, social.StatusFailed:
		if t.on {
			info = theme.StatusLabel(t.status)
		}
	}
	due := ""
	if t.on && !t.due.IsZero() {
		due = m.short(t.due)
	}
	counter, overLimit := m.counterText(t)
	const infoW, dueW, countW = 12, 16, 10
	platW := m.platformWidth()
	handleW := max(cw-2-len(check)-platW-1-1-infoW-1-dueW-countW, 6)
	row := cursorMark(selected) + check + w.Fit(string(t.acct.Platform), platW) + " " +
		w.Fit(t.acct.Handle, handleW) + " " + w.Fit(info, infoW) + " " + w.Fit(due, dueW)
	switch {
	case selected:
		row = st.Selected.Render(row)
	case !t.on:
		row = st.Muted.Render(row)
	default:
		row = st.Text.Render(row)
	}
	cst := st.Muted
	if overLimit {
		cst = st.Error
	}
	return row + cst.Render(w.FitLeft(counter, countW))
}

func cursorMark(on bool) string {
	if on {
		return theme.Cursor + " "
	}
	return "  "
}

// counterText is an account's live counter on the open part ("72/300"), or, when some
// part of its text is over the limit, that part's count marked "!" so it reads without
// colour.
func (m *Model) counterText(t *target) (string, bool) {
	count, mx := m.counter(t.acct.Platform)
	texts := m.textsFor(t)
	i := min(m.part(), len(texts)-1)
	if i < 0 {
		return "", false
	}
	if mx > 0 {
		for j, s := range texts {
			if n := count(s); n > mx {
				c := fmt.Sprintf("%s %d/%d", theme.ErrorMark, n, mx)
				if len(texts) > 1 {
					c = fmt.Sprintf("%s p%d %d/%d", theme.ErrorMark, j+1, n, mx)
				}
				return c, true
			}
		}
		return fmt.Sprintf("%d/%d", count(texts[i]), mx), false
	}
	return fmt.Sprint(count(texts[i])), false
}

// textLines draws the text shown: a heading saying whose it is, the open part's text
// area with its images, and a line for each other part.
func (m *Model) textLines() []string {
	st := m.env.Styles
	v := m.shown()
	open := m.part()
	textFocused := m.focus.kind == fieldPart || m.focus.kind == fieldMedia
	whose := "main text"
	if t := m.shownTarget(); t != nil {
		whose = "own text of " + string(t.acct.Platform) + " " + t.acct.Handle
	} else {
		var users []string
		for _, t := range m.ticked() {
			if t.variant == nil {
				users = append(users, string(t.acct.Platform))
			}
		}
		if len(users) > 0 {
			whose += " · for " + strings.Join(users, ", ")
		}
	}
	head := whose
	if len(v.parts) > 1 {
		head += fmt.Sprintf(" · part %d of %d", open+1, len(v.parts))
	}
	out := []string{m.label("Text", textFocused) + st.Muted.Render(w.Truncate(head, m.textWidth()))}
	others := 0
	for i := range v.parts {
		num := ""
		if len(v.parts) > 1 {
			num = fmt.Sprintf("%d", i+1)
		}
		if i == open {
			for j, l := range strings.Split(v.parts[i].View(), "\n") {
				lbl := ""
				if j == 0 {
					lbl = num
				}
				out = append(out, st.Muted.Render(w.FitLeft(lbl, labelWidth-2)+"  ")+l)
			}
			out = append(out, m.mediaLines(i)...)
			continue
		}
		others++
		switch {
		case others > maxOthers:
			continue
		case others == maxOthers && len(v.parts)-1 > maxOthers:
			out = append(out, st.Muted.Render(w.Fit("", labelWidth)+fmt.Sprintf("+ %d more parts (tab)", len(v.parts)-maxOthers)))
			continue
		}
		line := "│ " + w.OneLine(v.parts[i].Value())
		if n := len(m.mediaOf(i)); n > 0 {
			line += fmt.Sprintf("  ▣%d", n)
		}
		out = append(out, st.Muted.Render(w.FitLeft(num, labelWidth-2)+"  "+w.Truncate(line, m.textWidth())))
	}
	return out
}

// mediaLines lists the open part's images: name, size, pixels, alt text.
func (m *Model) mediaLines(part int) []string {
	st := m.env.Styles
	ms := m.mediaOf(part)
	focused := m.focus.kind == fieldMedia && m.focus.part == part
	var out []string
	start := min(max(m.mediaAt-maxMedia+1, 0), max(len(ms)-maxMedia, 0))
	for i := start; i < len(ms) && i < start+maxMedia; i++ {
		md := ms[i]
		sel := focused && i == m.mediaAt
		line := cursorMark(sel) + "▣ " + mediaLine(md) + " · "
		var alt string
		switch {
		case strings.TrimSpace(md.Alt) != "":
			alt = st.Text.Render("alt: " + w.OneLine(md.Alt))
		case m.client.RequireAlt:
			alt = st.Error.Render(theme.ErrorMark + " no alt text (required)")
		default:
			alt = st.Warn.Render(theme.WarnMark + " no alt text")
		}
		lst := st.Muted
		if sel {
			lst = st.Selected
		}
		out = append(out, w.Fit("", labelWidth)+w.Truncate(lst.Render(line)+alt, m.textWidth()))
	}
	return out
}

func (m *Model) whenLines() []string {
	st := m.env.Styles
	focused := m.focus.kind == fieldWhen
	first := m.label("When", focused) + m.when.input.View()
	wf := m.when
	var detail []string
	switch wf.kind {
	case whenNone:
		detail = []string{st.Muted.Render("now, queue (next free slot), or a time like fri 10:00")}
	case whenBad:
		detail = wrapped(st.Error, theme.ErrorMark+" "+wf.err, m.textWidth(), 2)
	case whenNow:
		detail = []string{st.Text.Render("→ now: goes out the moment it is scheduled")}
	case whenQueue:
		switch {
		case wf.resolving:
			detail = []string{st.Muted.Render("asking the queue" + ellipsis)}
		case wf.accepted:
			detail = []string{st.Text.Render("→ each account's next free slot (times above)")}
		default:
			detail = []string{st.Text.Render("→ each account's next free slot") + st.Muted.Render(" · enter asks the queue")}
		}
	case whenAt:
		s := "→ " + m.describe(wf.at)
		switch {
		case !wf.at.After(m.env.Now()):
			s += " · " + theme.WarnMark + " in the past"
		case !wf.accepted:
			s += " · enter accepts"
		}
		detail = wrapped(st.Text, s, m.textWidth(), 2)
	}
	out := []string{first}
	for _, d := range detail {
		out = append(out, w.Fit("", labelWidth)+w.Truncate(d, m.textWidth()))
	}
	return out
}

// wrapped breaks s into at most n lines of width cells, each drawn in style.
func wrapped(style lipgloss.Style, s string, width, n int) []string {
	lines := strings.Split(ansi.Wrap(w.OneLine(s), width, " "), "\n")
	if len(lines) > n {
		lines[n-1] = w.Truncate(strings.Join(lines[n-1:], " "), width)
		lines = lines[:n]
	}
	for i, l := range lines {
		lines[i] = style.Render(strings.TrimRight(l, " "))
	}
	return lines
}

// statusLines are the bottom lines: the prompt, what went wrong, a remark, or what to do
// next.
func (m *Model) statusLines() []string {
	st := m.env.Styles
	iw := m.innerWidth()
	if p := m.prompt; p != nil {
		about := st.Muted.Render(w.Truncate(p.about, iw))
		switch {
		case p.checking:
			about = st.Muted.Render("checking" + ellipsis)
		case p.err != "":
			about = st.Error.Render(w.Truncate(theme.ErrorMark+" "+w.OneLine(p.err), iw))
		}
		return append([]string{about, w.Truncate(p.input.View(), iw)}, m.choiceLines(p, iw)...)
	}
	switch {
	case m.err != "":
		return wrapped(st.Error, theme.ErrorMark+" "+m.err, iw, 2)
	case m.saveErr != "":
		return wrapped(st.Error, theme.ErrorMark+" not saved: "+m.saveErr+" · the next change tries again", iw, 2)
	case m.note != "":
		return []string{st.Muted.Render(w.Truncate(w.OneLine(m.note), iw))}
	}
	return []string{st.Muted.Render(w.Truncate(m.hint(), iw))}
}

// hint says what to do next when nothing else needs saying.
func (m *Model) hint() string {
	if len(m.ticked()) == 0 {
		return "an idea until it has accounts: shift+tab to To, space ticks one"
	}
	if b := m.blocker(true); b != "" {
		return b
	}
	if b := m.whenBlocker(); b != "" {
		return "to schedule: " + b
	}
	return "ready: ctrl+p schedules it · esc closes (it is saved)"
}
