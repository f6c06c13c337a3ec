package composer

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// draftsShown is how many of a client's drafts the drafts list holds.
const draftsShown = 50

// loadedMsg carries what the composer needs to open: the client, its accounts, the post
// (nil for a new one) and the client's drafts.
type loadedMsg struct {
	seq      int
	client   social.Client
	accounts []social.Account
	post     *store.Composed
	drafts   []store.PlanningRow
	err      error
}

// load reads what opening a post needs: post postID, or a new post of clientID.
func (m *Model) load(clientID string, postID int64) tea.Cmd {
	m.seq++
	m.stage = stageLoading
	seq, src, ctx := m.seq, m.src, m.env.Ctx
	return func() tea.Msg {
		msg := loadedMsg{seq: seq}
		if postID > 0 {
			c, err := src.Composed(ctx, postID)
			if err != nil {
				msg.err = err
				return msg
			}
			msg.post, clientID = &c, c.Post.ClientID
		}
		if msg.client, msg.err = src.Client(ctx, clientID); msg.err != nil {
			return msg
		}
		if msg.accounts, msg.err = src.Accounts(ctx, clientID); msg.err != nil {
			return msg
		}
		msg.drafts, msg.err = src.PlanningPosts(ctx, clientID, draftsShown)
		return msg
	}
}

// loaded opens the post read by load. A post that went out, or is going out, is not
// opened: what went out stays the record of what went out.
func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil
	}
	if msg.err != nil {
		return m.fail(fmt.Errorf("open the composer: %w", msg.err))
	}
	if msg.post != nil {
		if why := notEditable(msg.post.Post); why != "" {
			return m.fail(fmt.Errorf("%s", why))
		}
	}
	m.post = newPost()
	m.client, m.loc = msg.client, msg.client.Location()
	m.stage = stageEdit
	for _, a := range msg.accounts {
		m.targets = append(m.targets, &target{acct: a})
	}
	if msg.post == nil {
		m.openNew(msg.drafts)
	} else {
		m.restore(*msg.post)
	}
	m.resize()
	return m.setFocus(field{kind: fieldPart})
}

// fail closes the composer with err for the status bar.
func (m *Model) fail(err error) tea.Cmd {
	m.done = true
	id := m.postID
	return func() tea.Msg { return SavedMsg{PostID: id, Err: err} }
}

// notEditable says why a post cannot be composed, "" when it can.
func notEditable(p social.Post) string {
	for _, t := range p.Targets {
		switch {
		case t.Kind != social.KindPost:
			return fmt.Sprintf("post %d is a %s from the inbox, not a post to compose", p.ID, t.Kind)
		case t.Status == social.StatusPublished:
			return fmt.Sprintf("post %d went out on %s and cannot be edited", p.ID, t.AccountID)
		case t.Status == social.StatusPublishing:
			return fmt.Sprintf("post %d is being published on %s; try again in a moment", p.ID, t.AccountID)
		case t.ServerRef != "":
			return fmt.Sprintf("post %d waits on %s to publish it; take it back first with `chorus withdraw %d`", p.ID, t.AccountID, t.ID)
		}
	}
	return ""
}

// openNew starts a new post: one empty part, the only account ticked when the client has
// just one, and due on the requested day when that is still to come (at 09:00, when's
// default for a day without a time).
func (m *Model) openNew(drafts []store.PlanningRow) {
	m.main.parts = []textarea.Model{m.newArea("", 0)}
	m.media = [][]social.Media{nil}
	if len(m.targets) == 1 {
		m.targets[0].on = true
		m.status = social.StatusDraft
	}
	m.when = m.newWhen("")
	if day := m.req.Day; !day.IsZero() {
		now := m.env.Now().In(m.loc)
		y, mo, d := day.Date()
		if time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).After(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)) {
			m.when.input.SetValue(day.Format("2006-01-02"))
			m.when.parse(m.env.Now(), m.loc)
			m.acceptWhen()
		}
	}
	m.planned = len(drafts)
	if m.planned > 0 {
		m.note = fmt.Sprintf("%s of %s waiting · ctrl+l lists them", plural(m.planned, "draft"), m.client.Name)
	}
}

// restore opens a stored post exactly as it was left.
func (m *Model) restore(c store.Composed) {
	p := c.Post
	m.base, m.postID, m.status = p, p.ID, p.Status
	m.sv.id = p.ID
	for i, part := range p.Parts {
		m.main.parts = append(m.main.parts, m.newArea(part.Text, i))
		m.media = append(m.media, append([]social.Media(nil), part.Media...))
	}
	if len(m.main.parts) == 0 {
		m.main.parts = []textarea.Model{m.newArea("", 0)}
		m.media = [][]social.Media{nil}
	}
	for _, tg := range p.Targets {
		t := m.targetOf(tg.AccountID)
		if t == nil {
			continue // an account of another client cannot be a target; the store refuses it
		}
		t.on, t.status, t.due, t.lastErr = true, tg.Status, tg.DueAt, tg.LastError
		if len(tg.Variant) > 0 {
			t.variant = &version{}
			for i, s := range tg.Variant {
				t.variant.parts = append(t.variant.parts, m.newArea(s, i))
			}
		}
	}
	m.when = m.newWhen(c.When)
	m.when.restore(m.ticked(), m.env.Now(), m.loc)
}

func (m *Model) targetOf(accountID string) *target {
	for _, t := range m.targets {
		if t.acct.ID == accountID {
			return t
		}
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
