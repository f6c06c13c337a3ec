// Package metrics is the metrics pane: for the current client, one period (7, 30 or 90
// days, ending today by default) compared with the period before it, over every
// account, one account or one platform (`a`). It shows KPI cards, each account's
// followers with a sparkline and its sync health, a bar chart of engagement by post,
// the top and bottom posts, and the weekday × hour heatmap of engagement.
//
// Layout: the header line and the KPI cards stay at the top; everything under them is a
// body that scrolls when the pane is too short for it (80×24): `j`/`k` move the selected
// account (for `L`) and keep it in view, `ctrl+d`/`ctrl+u` scroll the body by half a
// page. The body's order is the priority: followers, then the bars (which give up lines,
// down to three, so the heatmap fits when it can), the heatmap, and the top/bottom posts.
// From 120 columns the charts go to the right of the followers instead. A "↓" at the
// right of the header says the body goes on below.
//
// Every read runs in a tea.Cmd tagged with a sequence number; a result that is not the
// newest is dropped, and the header says "loading…" until the newest arrives. What a
// load read is cached by account and period, so going back to a period or narrowing
// the scope reads little; Reload (a sync, a login) and a client switch start over.
// Days and the heatmap's hours are in the clock's zone (local time).
package metrics

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	fig "github.com/chorus-social/chorus/metrics"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
)

// lengths are the period lengths `p` cycles through, in days.
var lengths = []int{7, 30, 90}

// defaultLength is the period length the pane opens with.
const defaultLength = 1 // 30 days

// Model is the metrics pane.
type Model struct {
	env  pane.Env
	db   *store.DB
	src  Source
	keys KeyMap

	client string
	scope  scope
	length int       // index into lengths
	end    time.Time // the period's end (exclusive): a midnight; zero for today's end
	seq    int
	shown  int   // the seq of the load shown; below seq while one is on its way
	cache  cache // never written to: replaced (see cache)

	data   data
	loaded bool
	err    error
	cursor int // the selected account row
	off    int // the body's scroll offset
	width  int
	height int
}

// New returns the metrics pane reading from db.
func New(db *store.DB, env pane.Env) *Model {
	return &Model{env: env, db: db, src: db, keys: DefaultKeyMap(), length: defaultLength}
}

// Title is the pane's tab name.
func (m *Model) Title() string { return "Metrics" }

// Keys returns the pane's key map for the help line.
func (m *Model) Keys() help.KeyMap { return m.keys }

// SetSize sets the area the pane draws in.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// SetClient shows only the accounts of client ("" for all) and loads them, over every
// account of it.
func (m *Model) SetClient(client string) tea.Cmd {
	m.client = client
	m.scope = scope{}
	m.data, m.loaded, m.cursor, m.off = data{}, false, 0, 0
	return m.Reload()
}

// todayEnd is the end of today (the next midnight) in the clock's zone.
func (m *Model) todayEnd() time.Time {
	now := m.env.Now()
	y, mo, d := now.Date()
	return time.Date(y, mo, d+1, 0, 0, 0, 0, now.Location())
}

// Period is the period shown: lengths[m.length] days ending at m.end (today's end by
// default), in the clock's zone.
func (m *Model) Period() fig.Period {
	end := m.end
	if end.IsZero() {
		end = m.todayEnd()
	}
	days := lengths[m.length]
	return fig.Period{From: end.AddDate(0, 0, -days), To: end}
}

// Reload reads the figures again, from the store (a sync or a login may have changed
// them); results of any earlier load are dropped.
func (m *Model) Reload() tea.Cmd {
	m.cache = nil
	return m.reload()
}

// reload loads the period and scope shown, taking what it can from the cache.
func (m *Model) reload() tea.Cmd {
	m.seq++
	return load(m.env.Ctx, m.db, m.src, m.cache, m.seq, m.client, m.scope, m.Period())
}

// remember makes a new cache of the old one and what a load read.
func (m *Model) remember(read cache) {
	if len(read) == 0 {
		return
	}
	c := make(cache, len(m.cache)+len(read))
	if len(m.cache)+len(read) <= maxCache {
		for k, v := range m.cache {
			c[k] = v
		}
	}
	for k, v := range read {
		c[k] = v
	}
	m.cache = c
}

// move shifts the period by n lengths; not past today.
func (m *Model) move(n int) tea.Cmd {
	end := m.Period().To.AddDate(0, 0, n*lengths[m.length])
	if !end.Before(m.todayEnd()) {
		if m.end.IsZero() {
			return nil
		}
		end = time.Time{}
	}
	m.end = end
	return m.reload()
}

// scopes are what `a` cycles through: every account, each account, each platform.
func (m *Model) scopes() []scope {
	out := []scope{{}}
	var platforms []string
	seen := map[string]bool{}
	for _, h := range m.data.accounts {
		out = append(out, scope{kind: scopeAccount, id: h.Account.ID})
		if p := string(h.Account.Platform); !seen[p] {
			seen[p] = true
			platforms = append(platforms, p)
		}
	}
	for _, p := range platforms {
		out = append(out, scope{kind: scopePlatform, id: p})
	}
	return out
}

func (m *Model) nextScope() tea.Cmd {
	ss := m.scopes()
	next := ss[0]
	for i, s := range ss {
		if s == m.scope && i+1 < len(ss) {
			next = ss[i+1]
		}
	}
	if next == m.scope {
		return nil
	}
	m.scope, m.cursor, m.off = next, 0, 0
	return m.reload()
}

// Update handles the pane's keys and its load results.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.seq != m.seq || msg.client != m.client {
			return nil
		}
		if msg.err != nil {
			m.err, m.shown = msg.err, msg.seq
			return pane.Report("metrics", msg.err)
		}
		m.remember(msg.read)
		m.err, m.data, m.loaded, m.shown = nil, msg.data, true, msg.seq
		m.cursor = min(m.cursor, max(len(m.data.rows)-1, 0))
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Up):
			m.selectRow(m.cursor - 1)
		case key.Matches(msg, m.keys.Down):
			m.selectRow(m.cursor + 1)
		case key.Matches(msg, m.keys.PageDown):
			m.scroll(max(m.bodyHeight()/2, 1))
		case key.Matches(msg, m.keys.PageUp):
			m.scroll(-max(m.bodyHeight()/2, 1))
		case key.Matches(msg, m.keys.Prev):
			return m.move(-1)
		case key.Matches(msg, m.keys.Next):
			return m.move(1)
		case key.Matches(msg, m.keys.Length):
			m.length = (m.length + 1) % len(lengths)
			return m.reload()
		case key.Matches(msg, m.keys.Scope):
			return m.nextScope()
		case key.Matches(msg, m.keys.Login):
			if c := m.cursor; c >= 0 && c < len(m.data.rows) {
				id := m.data.rows[c].account.ID
				return func() tea.Msg { return pane.LoginMsg{AccountID: id} }
			}
		}
	}
	return nil
}

// selectRow moves the account cursor to i and scrolls the body to keep its row in view.
func (m *Model) selectRow(i int) {
	if len(m.data.rows) == 0 {
		return
	}
	m.cursor = max(min(i, len(m.data.rows)-1), 0)
	line := followersTop + m.cursor // the row's line in the body
	h := m.bodyHeight()
	switch {
	case line < m.off:
		m.off = line
		if m.cursor == 0 {
			m.off = 0 // the section title too
		}
	case line >= m.off+h:
		m.off = line - h + 1
	}
}

// scroll moves the body by n lines, within its length.
func (m *Model) scroll(n int) {
	m.off = max(min(m.off+n, len(m.body())-m.bodyHeight()), 0)
}
