package calendar

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// Deleting asks first, on the pane's last line. A published post may be deleted too:
// that removes chorus's record of it, never the post on the platform, and the question
// and the note say so.

// prompt is the delete confirmation; while it is open every key answers it.
type prompt struct {
	it       item
	question string
}

// askDelete asks before deleting the selected post (d).
func (m *Model) askDelete() tea.Cmd {
	it, ok := m.selected()
	if !ok {
		return m.noPost()
	}
	switch {
	case it.status() == social.StatusPublishing:
		return refuse("it is being published right now")
	case it.lead().ServerRef != "":
		return refuse("the platform holds it: `chorus withdraw %d` first", it.lead().ID)
	}
	text := w.Truncate(w.OneLine(it.lead().Text), 30)
	q := fmt.Sprintf("Delete %q on %s?", text, platformsOf(it))
	if it.status() == social.StatusPublished {
		q = fmt.Sprintf("Delete chorus's record of %q? It stays on %s.", text, platformsOf(it))
	}
	m.prompt = &prompt{it: it, question: q}
	return nil
}

// answer handles a key while the delete prompt is open: y deletes, n or esc keeps, any
// other key is ignored.
func (m *Model) answer(msg tea.KeyPressMsg) tea.Cmd {
	p := m.prompt
	switch {
	case key.Matches(msg, m.keys.Yes):
		m.prompt = nil
		if d := m.dayOf(m.day); d != nil {
			d.remove(p.it)
		}
		m.selID = 0
		m.resolveSel()
		src, post, published := m.src, p.it.postID(), p.it.status() == social.StatusPublished
		where := platformsOf(p.it)
		return m.write(func(ctx context.Context) (string, error) {
			if err := src.DeletePost(ctx, post); err != nil {
				return "", err
			}
			if published {
				return "deleted here; still on " + where, nil
			}
			return "deleted", nil
		})
	case key.Matches(msg, m.keys.No):
		m.prompt = nil
		return pane.Changed("kept")
	}
	return nil
}

// promptView is the delete question on the pane's last line.
func (m *Model) promptView() string {
	st := m.env.Styles
	return w.Truncate(st.Warn.Render(m.prompt.question)+"  "+st.Text.Render("y delete · n keep"), m.width)
}
