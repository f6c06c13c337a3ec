package calendar

import (
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/tui/pane"
)

// handleKey moves the cursor or starts an action. Loading what the new position needs
// is left to ensure, which Update calls after every key.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Today):
		m.goTo(m.today())
		m.jump = true
	case key.Matches(msg, k.View):
		m.closeDay()
		m.view = (m.view + 1) % nViews
		if m.view == viewMonth {
			m.sel, m.selID = selDay, 0
		}
		m.changed()
		m.jump = true
		return m.saveView()
	case key.Matches(msg, k.Zone):
		m.local = !m.local
		m.detailDay, m.jump = time.Time{}, true
		m.changed()
	case key.Matches(msg, k.Close):
		if m.open {
			m.closeDay()
		} else if m.view != viewMonth {
			m.sel, m.selID = selDay, 0
		}
	case key.Matches(msg, k.Open):
		if it, ok := m.selected(); ok {
			return pane.Compose(it.postID(), time.Time{})
		}
		if !m.open {
			m.openDay()
		}
	case key.Matches(msg, k.Edit):
		if it, ok := m.selected(); ok {
			return pane.Compose(it.postID(), time.Time{})
		}
		return m.noPost()
	case key.Matches(msg, k.Earlier):
		return m.shift(-1)
	case key.Matches(msg, k.Later):
		return m.shift(1)
	case key.Matches(msg, k.Pause):
		return m.togglePause()
	case key.Matches(msg, k.Publish):
		return m.publishNow()
	case key.Matches(msg, k.Delete):
		return m.askDelete()
	case key.Matches(msg, k.Back):
		m.page(-1)
	case key.Matches(msg, k.Ahead):
		m.page(1)
	case key.Matches(msg, k.Left):
		m.goTo(m.day.AddDate(0, 0, -1))
	case key.Matches(msg, k.Right):
		m.goTo(m.day.AddDate(0, 0, 1))
	case key.Matches(msg, k.Up):
		m.vertical(-1)
	case key.Matches(msg, k.Down):
		m.vertical(1)
	}
	return nil
}

// goTo puts the cursor on day d: on the day itself, or on its first post in the open
// day list.
func (m *Model) goTo(d time.Time) {
	m.day, m.selID = d, 0
	m.sel = selDay
	if m.open {
		m.sel = 0
		m.dayList.Reset()
		m.resolveSel()
	}
}

// page moves a month back or ahead in the month view, a week in the others.
func (m *Model) page(dir int) {
	m.jump = true
	if m.view == viewMonth && !m.open {
		m.goTo(addMonths(m.day, dir))
		return
	}
	m.goTo(m.day.AddDate(0, 0, 7*dir))
}

// vertical is up and down: a week in the month grid, a post within the day in the week
// columns and the open day, the next or previous row (post or day) in the agenda.
func (m *Model) vertical(dir int) {
	switch {
	case m.open:
		m.step(dir, 0)
	case m.view == viewMonth:
		m.goTo(m.day.AddDate(0, 0, 7*dir))
	case m.view == viewWeek:
		m.step(dir, selDay)
	default:
		m.agendaStep(dir)
	}
}

// step moves the selection within the cursor's day, no higher than top.
func (m *Model) step(dir, top int) {
	items := m.items()
	if len(items) == 0 {
		m.sel, m.selID = selDay, 0
		return
	}
	m.sel = min(max(m.sel+dir, top), len(items)-1)
	m.selID = 0
	if m.sel >= 0 {
		m.selID = items[m.sel].lead().ID
	}
}

// agendaStep moves to the next or previous selectable agenda row. Past the loaded days
// it moves the cursor's day on, which loads the next weeks.
func (m *Model) agendaStep(dir int) {
	rows := m.agendaRows()
	cur := m.agendaIndex(rows)
	if cur < 0 {
		m.goTo(m.day.AddDate(0, 0, dir))
		return
	}
	for i := cur + dir; i >= 0 && i < len(rows); i += dir {
		r := rows[i]
		switch r.kind {
		case rowDay:
			m.day, m.sel, m.selID = r.date, selDay, 0
			return
		case rowItem:
			m.day, m.sel = r.date, r.i
			m.selID = m.days[r.date].items[r.i].lead().ID
			return
		}
	}
	if dir > 0 {
		m.goTo(m.span.from.AddDate(0, 0, m.span.days))
		return
	}
	m.goTo(m.span.from.AddDate(0, 0, -1))
	m.sel = selLast
}

// openDay opens the list of all the cursor day's posts.
func (m *Model) openDay() {
	m.open, m.detail, m.detailDay = true, nil, time.Time{}
	m.dayList.Reset()
	m.sel = 0
	m.resolveSel()
}

func (m *Model) closeDay() {
	m.open, m.detail, m.detailDay = false, nil, time.Time{}
	if m.view == viewMonth {
		m.sel, m.selID = selDay, 0
	}
	m.changed()
}

// day returns the loaded data of date d: the open day's full list when it is d.
func (m *Model) dayOf(d time.Time) *dayData {
	if m.open && m.detail != nil && m.detail.date.Equal(d) {
		return m.detail
	}
	return m.days[d]
}

// items are the cursor day's posts as far as they are loaded.
func (m *Model) items() []item {
	if d := m.dayOf(m.day); d != nil {
		return d.items
	}
	return nil
}

// selected is the post under the cursor, if the cursor is on one.
func (m *Model) selected() (item, bool) {
	items := m.items()
	if m.sel < 0 || m.sel >= len(items) || (m.view == viewMonth && !m.open) {
		return item{}, false
	}
	return items[m.sel], true
}

// resolveSel finds the selected post again after the day's posts changed: by its
// target id, else by position.
func (m *Model) resolveSel() {
	items := m.items()
	if m.selID != 0 {
		for i, it := range items {
			if it.has(m.selID) {
				m.sel = i
				return
			}
		}
	}
	switch {
	case m.sel == selLast:
		m.sel = len(items) - 1
	case m.sel >= len(items):
		m.sel = len(items) - 1
	}
	if m.sel < 0 {
		m.sel, m.selID = selDay, 0
		return
	}
	m.selID = items[m.sel].lead().ID
}

// noPost says why an action on a post did nothing.
func (m *Model) noPost() tea.Cmd {
	if m.view == viewMonth && !m.open {
		return pane.Report("calendar", errors.New("open the day (enter) and choose a post first"))
	}
	return pane.Report("calendar", errors.New("choose a post first (j/k)"))
}
