package composer

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// counter returns a platform's counting rule and limit (0: none).
func (m *Model) counter(p social.Platform) (func(string) int, int) {
	if m.opt.Counter != nil {
		if c, mx := m.opt.Counter(p); c != nil {
			return c, mx
		}
	}
	return utf8.RuneCountInString, 0
}

// over describes the first part of t's text over its platform's limit, "" when all fit.
func (m *Model) over(t *target) string {
	count, mx := m.counter(t.acct.Platform)
	if mx <= 0 {
		return ""
	}
	for i, s := range m.textsFor(t) {
		if n := count(s); n > mx {
			fix := "shorten it"
			if t.variant == nil {
				fix += " or give " + string(t.acct.Platform) + " its own text (v on To)"
			}
			return fmt.Sprintf("%s is %d/%d, %d over: %s", partName(i, len(m.textsFor(t))), n, mx, n-mx, fix)
		}
	}
	return ""
}

func partName(i, n int) string {
	if n == 1 {
		return "the text"
	}
	return fmt.Sprintf("part %d", i+1)
}

// blocker says what stands between the post and the next planning step, "" when
// nothing does; the schedule also needs the client's approval where it asks for one.
func (m *Model) blocker(forSchedule bool) string {
	ticked := m.ticked()
	if len(ticked) == 0 {
		return "tick at least one account (shift+tab to To, then space)"
	}
	for _, t := range ticked {
		for i, s := range m.textsFor(t) {
			if strings.TrimSpace(s) == "" && len(m.mediaOf(i)) == 0 {
				return fmt.Sprintf("%s for %s is empty: write it, or remove the part (ctrl+x)", partName(i, len(m.textsFor(t))), t.acct.ID)
			}
		}
	}
	for _, t := range ticked {
		if o := m.over(t); o != "" {
			return fmt.Sprintf("%s %s: %s", t.acct.Platform, t.acct.Handle, o)
		}
	}
	if m.client.RequireAlt {
		for i := range m.main.parts {
			for _, md := range m.mediaOf(i) {
				if strings.TrimSpace(md.Alt) == "" {
					return fmt.Sprintf("%s (part %d) has no alt text, which %s requires: tab to the image and press a",
						filepath.Base(md.Path), i+1, m.client.Name)
				}
			}
		}
	}
	if forSchedule && m.client.ApprovalRequired {
		switch m.status {
		case social.StatusIdea, social.StatusDraft:
			return fmt.Sprintf("%s approves posts first: ctrl+r submits it for review", m.client.Name)
		case social.StatusReview:
			return "it waits in review: ctrl+o approves it"
		}
	}
	return ""
}

// submitForReview is ctrl+r: a draft goes to review.
func (m *Model) submitForReview() tea.Cmd {
	switch m.status {
	case social.StatusReview:
		m.note = "already in review · ctrl+o approves it"
		return nil
	case social.StatusIdea, social.StatusDraft:
	default:
		m.note = "already " + words(m.status)
		return nil
	}
	if b := m.blocker(false); b != "" {
		m.err = "can't submit for review: " + b
		return nil
	}
	m.setStatus(social.StatusReview)
	m.note = "submitted for review · ctrl+o approves it"
	m.rev++
	return m.saveNow(false)
}

// approve is ctrl+o: a post in review is approved, ready to schedule.
func (m *Model) approve() tea.Cmd {
	switch m.status {
	case social.StatusReview:
	case social.StatusIdea, social.StatusDraft:
		m.err = "can't approve a " + string(m.status) + ": submit it for review first (ctrl+r)"
		return nil
	default:
		m.note = "already " + words(m.status)
		return nil
	}
	if b := m.blocker(false); b != "" {
		m.err = "can't approve: " + b
		return nil
	}
	m.setStatus(social.StatusApproved)
	m.note = "approved · ctrl+p schedules it"
	m.rev++
	return m.saveNow(false)
}

// schedule is ctrl+p: check, settle the time (asking the queue if need be), then write
// the post as scheduled and close.
func (m *Model) schedule() tea.Cmd {
	if b := m.blocker(true); b != "" {
		m.err = "can't schedule: " + b
		return nil
	}
	if b := m.whenBlocker(); b != "" {
		m.err = "can't schedule: " + b
		return nil
	}
	switch m.when.kind {
	case whenQueue:
		return m.askQueue(m.ticked(), true)
	case whenNow:
		now := m.env.Now().UTC()
		return m.scheduleAt(&now)
	}
	return m.scheduleAt(&m.when.at)
}

// whenBlocker says what is wrong with the when for scheduling, "" when nothing is.
func (m *Model) whenBlocker() string {
	switch w := m.when; w.kind {
	case whenNone:
		return "say when first (tab to When: now, queue, or a time such as fri 10:00)"
	case whenBad:
		return w.err
	case whenAt:
		if !w.at.After(m.env.Now()) {
			return m.describe(w.at) + " has passed; write now to send it at once"
		}
	}
	return ""
}

// scheduledMsg reports the write of a scheduled post.
type scheduledMsg struct {
	sv  *saver
	rev int
	id  int64
	err error
}

// scheduleAt writes the post as scheduled, every account at due (nil: at the times the
// queue gave each). The checks run again: the queue may have taken a moment.
func (m *Model) scheduleAt(due *time.Time) tea.Cmd {
	if b := m.blocker(true); b != "" {
		m.err = "can't schedule: " + b
		return nil
	}
	if due != nil {
		for _, t := range m.ticked() {
			t.due = *due
		}
	}
	m.when.accepted = true
	for _, t := range m.ticked() {
		if t.due.IsZero() {
			m.err = "can't schedule: " + t.acct.ID + " has no time yet"
			return nil
		}
	}
	m.rev++
	m.busy = true
	c := m.snapshot()
	c.Post.Status = social.StatusScheduled
	for i := range c.Post.Targets {
		c.Post.Targets[i].Status = social.StatusScheduled // a paused account too: scheduling is asked for all
	}
	rev, sv, src, ctx := m.rev, m.sv, m.src, m.writeCtx()
	return func() tea.Msg {
		id, err := sv.save(ctx, src, c, rev)
		return scheduledMsg{sv: sv, rev: rev, id: id, err: err}
	}
}

func (m *Model) gotScheduled(msg scheduledMsg) tea.Cmd {
	if msg.sv != m.sv {
		return nil
	}
	m.busy = false
	if msg.err != nil {
		m.err = "not scheduled: " + msg.err.Error()
		return nil
	}
	m.setStatus(social.StatusScheduled)
	m.postID, m.savedRev = msg.id, max(m.savedRev, msg.rev)
	m.done = true
	note := m.scheduledNote()
	id := msg.id
	saved := func() tea.Msg { return SavedMsg{PostID: id, Note: note} }
	if m.when.kind != whenNow || m.opt.Publish == nil {
		return saved
	}
	return tea.Sequence(saved, m.publishNow(id))
}

// scheduledNote says where and when the post goes out.
func (m *Model) scheduledNote() string {
	ticked := m.ticked()
	where := joinAnd(m.names(ticked))
	same := true
	for _, t := range ticked {
		same = same && t.due.Equal(ticked[0].due)
	}
	switch {
	case m.when.kind == whenNow && m.opt.Publish == nil:
		return "scheduled for now on " + where + " · goes out on the next sync"
	case m.when.kind == whenNow:
		return "scheduled for now on " + where + " · sending" + ellipsis
	case same:
		return "scheduled on " + where + ": " + m.describe(ticked[0].due)
	}
	var at []string
	for _, t := range ticked {
		at = append(at, t.acct.ID+" "+m.short(t.due))
	}
	return "scheduled from the queue: " + strings.Join(at, ", ")
}

// names calls accounts by their platform, or by their id where a platform comes twice.
func (m *Model) names(ts []*target) []string {
	seen := map[social.Platform]int{}
	for _, t := range ts {
		seen[t.acct.Platform]++
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.acct.Platform)
		if seen[t.acct.Platform] > 1 {
			out[i] = t.acct.ID
		}
	}
	return out
}

// joinAnd joins words as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(ws []string) string {
	if len(ws) < 2 {
		return strings.Join(ws, "")
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

// publishNow sends a post scheduled for now and says how it went, read back from the
// store (the publisher records every result there).
func (m *Model) publishNow(id int64) tea.Cmd {
	pub, src, ctx := m.opt.Publish, m.src, m.env.Ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		perr := pub(ctx)
		c, err := src.Composed(ctx, id)
		if err != nil {
			return SavedMsg{PostID: id, Err: err}
		}
		return SavedMsg{PostID: id, Note: sentNote(c, perr)}
	}
}

func sentNote(c store.Composed, perr error) string {
	var out, failed, waiting []string
	for _, t := range c.Post.Targets {
		switch t.Status {
		case social.StatusPublished:
			out = append(out, t.AccountID)
		case social.StatusFailed:
			failed = append(failed, t.AccountID+" ("+t.LastError+")")
		default:
			waiting = append(waiting, t.AccountID)
		}
	}
	var parts []string
	if len(out) > 0 {
		parts = append(parts, "published on "+strings.Join(out, ", "))
	}
	if len(failed) > 0 {
		parts = append(parts, "failed on "+strings.Join(failed, ", "))
	}
	if len(waiting) > 0 {
		s := "queued on " + strings.Join(waiting, ", ") + " · goes out on the next sync"
		if perr != nil {
			s += " (" + perr.Error() + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}
