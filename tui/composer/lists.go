package composer

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// pickKey handles a key while the composer asks which client the post is for.
func (m *Model) pickKey(k tea.KeyPressMsg) tea.Cmd {
	cs := m.req.Clients
	switch {
	case key.Matches(k, m.keys.Close):
		return m.close()
	case key.Matches(k, m.keys.Up):
		m.pick = max(m.pick-1, 0)
	case key.Matches(k, m.keys.Down):
		m.pick = max(min(m.pick+1, len(cs)-1), 0)
	case key.Matches(k, m.keys.Accept):
		if m.pick < len(cs) {
			return m.load(cs[m.pick].ID, 0)
		}
	}
	return nil
}

// draftsMsg carries the client's drafts for the list.
type draftsMsg struct {
	seq  int
	rows []store.PlanningRow
	err  error
}

// openDrafts is ctrl+l: the client's drafts and ideas, to open one instead.
func (m *Model) openDrafts() tea.Cmd {
	m.seq++
	seq, src, ctx, client := m.seq, m.src, m.env.Ctx, m.client.ID
	return func() tea.Msg {
		rows, err := src.PlanningPosts(ctx, client, draftsShown)
		return draftsMsg{seq: seq, rows: rows, err: err}
	}
}

func (m *Model) gotDrafts(msg draftsMsg) tea.Cmd {
	if msg.seq != m.seq || m.stage != stageEdit {
		return nil
	}
	if msg.err != nil {
		m.err = "drafts: " + msg.err.Error()
		return nil
	}
	if len(msg.rows) == 0 || len(msg.rows) == 1 && msg.rows[0].PostID == m.postID {
		m.note = "no other drafts of " + m.client.Name
		return nil
	}
	m.drafts, m.draftAt, m.stage = msg.rows, 0, stageDrafts
	return nil
}

// draftsKey handles a key on the drafts list: enter opens one (this post is written
// first), esc goes back to it.
func (m *Model) draftsKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Close):
		m.stage = stageEdit
		return m.refocus()
	case key.Matches(k, m.keys.Up):
		m.draftAt = max(m.draftAt-1, 0)
	case key.Matches(k, m.keys.Down):
		m.draftAt = max(min(m.draftAt+1, len(m.drafts)-1), 0)
	case key.Matches(k, m.keys.Accept):
		if m.draftAt >= len(m.drafts) {
			return nil
		}
		id := m.drafts[m.draftAt].PostID
		if id == m.postID {
			m.stage = stageEdit
			return m.refocus()
		}
		return tea.Batch(m.finish(), m.load("", id))
	}
	return nil
}

func (m *Model) pickLines() []string {
	st := m.env.Styles
	cs := m.req.Clients
	if len(cs) == 0 {
		return []string{st.Warn.Render(theme.WarnMark + " No clients yet: add one with `chorus clients add ID --name NAME --tz ZONE`")}
	}
	out := []string{st.Text.Render("Which client is this post for?"), ""}
	for i, c := range cs {
		line := cursorMark(i == m.pick) + c.Name + st.Muted.Render("  "+c.ID+" · "+c.TZ)
		if i == m.pick {
			line = st.ChoiceSel.Render(cursorMark(true)+c.Name) + st.Muted.Render("  "+c.ID+" · "+c.TZ)
		}
		out = append(out, line)
	}
	return out
}

func (m *Model) draftLines() []string {
	st := m.env.Styles
	out := []string{st.Muted.Render("Ideas and drafts, last edited first · enter opens one (this post is saved)"), ""}
	rows := m.height - 4
	start := min(max(m.draftAt-rows+1, 0), max(len(m.drafts)-rows, 0))
	for i := start; i < len(m.drafts) && i < start+rows; i++ {
		r := m.drafts[i]
		status := w.Fit(theme.StatusLabel(r.Status), 10)
		meta := fmt.Sprintf("%s  %-10s ", r.UpdatedAt.In(m.loc).Format(shortTime), plural(r.Targets, "account"))
		text := w.OneLine(r.Text)
		if text == "" {
			text = "(no text)"
		}
		if r.Parts > 1 {
			text = fmt.Sprintf("[%d parts] ", r.Parts) + text
		}
		line := cursorMark(i == m.draftAt) + status + " " + meta + text
		if i == m.draftAt {
			out = append(out, st.Selected.Render(w.Fit(line, m.innerWidth())))
		} else {
			out = append(out, st.Status(r.Status).Render(cursorMark(false)+status)+" "+st.Text.Render(meta+text))
		}
	}
	return out
}
