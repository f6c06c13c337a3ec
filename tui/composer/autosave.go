package composer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// debounce is how long after the last change the post is written: often enough that a
// killed terminal loses a moment of typing, rarely enough that a word typed at speed is
// one write.
const debounce = 500 * time.Millisecond

// saver writes one post's snapshots in the order they were made. Commands run
// concurrently: without it an autosave could land after the close that followed it and
// bring older text back, or two first saves could create the post twice.
type saver struct {
	mu      sync.Mutex // held over each write
	id      int64      // the post, once created
	written int        // the rev of the newest snapshot written
	closed  bool       // discarded: nothing more is written
}

// save writes snapshot c of rev, unless a newer one is already written; it returns the
// post's id.
func (s *saver) save(ctx context.Context, src Source, c store.Composed, rev int) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || rev <= s.written {
		return s.id, nil
	}
	c.Post.ID = s.id
	if err := src.SaveComposed(ctx, &c); err != nil {
		return s.id, err
	}
	s.id, s.written = c.Post.ID, rev
	return s.id, nil
}

// discard deletes the post, if it was created, and writes nothing after.
func (s *saver) discard(ctx context.Context, src Source) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.id == 0 {
		return nil
	}
	if err := src.DeletePost(ctx, s.id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	s.id = 0
	return nil
}

// tickMsg fires debounce after change rev.
type tickMsg struct {
	sv  *saver
	rev int
}

// savedMsg reports a write of the post.
type savedMsg struct {
	sv       *saver
	rev      int
	id       int64
	err      error
	explicit bool // ctrl+s: say so when it is done
}

// writeCtx is the context of writes: not cancelled when the TUI quits, so the write of a
// close or a ctrl+c still lands.
func (m *Model) writeCtx() context.Context { return context.WithoutCancel(m.env.Ctx) }

// changed notes a change of the post and moves its status where the change takes it
// (content: text, images or accounts; else the time).
func (m *Model) changed(content bool) tea.Cmd {
	was := m.status
	if next := nextStatus(was, content, m.client.ApprovalRequired, len(m.ticked()) > 0); next != was {
		m.setStatus(next)
	}
	if planningStep(m.status) < planningStep(was) && planningStep(was) >= planningStep(social.StatusApproved) {
		m.note = fmt.Sprintf("changed: no longer %s, now %s", words(was), words(m.status))
	}
	return m.touched()
}

// touched notes a change that does not move the status (the when input as typed) and
// starts its save: at once for the first change of a new post, so it exists from the
// first keystroke, else after the debounce.
func (m *Model) touched() tea.Cmd {
	m.rev++
	if m.postID == 0 && m.inflight == 0 && m.savedRev == 0 {
		return m.saveNow(false)
	}
	sv, rev := m.sv, m.rev
	return tea.Tick(debounce, func(time.Time) tea.Msg { return tickMsg{sv: sv, rev: rev} })
}

func (m *Model) gotTick(msg tickMsg) tea.Cmd {
	if msg.sv != m.sv || msg.rev != m.rev || m.savedRev >= m.rev {
		return nil // more changes came, or they are written already
	}
	return m.saveNow(false)
}

// saveNow writes the post as it is, in a command.
func (m *Model) saveNow(explicit bool) tea.Cmd {
	m.inflight++
	c, rev, sv, src, ctx := m.snapshot(), m.rev, m.sv, m.src, m.writeCtx()
	return func() tea.Msg {
		id, err := sv.save(ctx, src, c, rev)
		return savedMsg{sv: sv, rev: rev, id: id, err: err, explicit: explicit}
	}
}

func (m *Model) gotSaved(msg savedMsg) tea.Cmd {
	if msg.sv != m.sv {
		return nil // a write of a post closed since (the drafts list opened another)
	}
	m.inflight--
	if msg.err != nil {
		m.saveErr = msg.err.Error()
		return nil
	}
	m.saveErr = ""
	m.postID = msg.id
	m.savedRev = max(m.savedRev, msg.rev)
	if msg.explicit {
		m.note = savedNote(m.status)
	}
	return nil
}

// saveDraft is ctrl+s: write now, whatever the debounce.
func (m *Model) saveDraft() tea.Cmd {
	if m.postID == 0 && m.empty() && m.inflight == 0 {
		m.note = "nothing to save yet"
		return nil
	}
	m.rev++
	return m.saveNow(true)
}

// close is esc: the composer closes, and what was not written yet is.
func (m *Model) close() tea.Cmd {
	m.done = true
	if m.stage != stageEdit && m.stage != stageDrafts {
		return nil
	}
	return m.finish()
}

// Close closes the composer, writing what is not written yet (ctrl+c quits with it).
func (m *Model) Close() tea.Cmd {
	if m.done {
		return nil
	}
	return m.close()
}

// finish writes the post a last time. A post begun here and left empty is deleted: it
// holds nothing to keep.
func (m *Model) finish() tea.Cmd {
	sv, src, ctx, id := m.sv, m.src, m.writeCtx(), m.postID
	if m.base.ID == 0 && m.empty() {
		if m.postID == 0 && m.inflight == 0 {
			return nil
		}
		return func() tea.Msg {
			return SavedMsg{Note: "empty draft discarded", Err: sv.discard(ctx, src)}
		}
	}
	if m.rev == 0 {
		return func() tea.Msg { return SavedMsg{PostID: id, Note: fmt.Sprintf("post %d unchanged", id)} }
	}
	c, rev, note := m.snapshot(), m.rev, savedNote(m.status)
	return func() tea.Msg {
		id, err := sv.save(ctx, src, c, rev)
		return SavedMsg{PostID: id, Note: note, Err: err}
	}
}

// nextStatus is where a change takes a post. An approval was given to a text and its
// accounts, so a change of them needs a new one; a post scheduled (or paused, or failed)
// goes back to be scheduled again by hand, so a half-typed edit is never what goes out.
// A change of the time alone keeps an approval.
func nextStatus(s social.Status, content, approval, hasTargets bool) social.Status {
	base := social.StatusIdea
	if hasTargets {
		base = social.StatusDraft
	}
	switch s {
	case social.StatusReview:
		return s
	case social.StatusApproved:
		if content {
			return base
		}
		return s
	case social.StatusScheduled, social.StatusPaused, social.StatusFailed:
		if !content && approval {
			return social.StatusApproved
		}
		return base
	}
	return base
}

// planningStep orders the statuses a post is planned through.
func planningStep(s social.Status) int {
	switch s {
	case social.StatusIdea:
		return 0
	case social.StatusDraft:
		return 1
	case social.StatusReview:
		return 2
	case social.StatusApproved:
		return 3
	}
	return 4 // scheduled, paused, failed
}

// words says a status as a sentence does.
func words(s social.Status) string {
	if s == social.StatusReview {
		return "in review"
	}
	return string(s)
}

func savedNote(s social.Status) string {
	switch s {
	case social.StatusIdea:
		return "idea saved"
	case social.StatusDraft:
		return "draft saved"
	}
	return "saved · " + words(s)
}
