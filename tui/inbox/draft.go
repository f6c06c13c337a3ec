package inbox

import (
	"context"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
)

// DraftMark leads a row whose reply waits as a draft.
const DraftMark = "✎"

// draftDebounce is how long after the last keystroke a draft is stored: often enough
// that a killed terminal loses a moment of typing, rarely enough that a word typed at
// speed is one write.
const draftDebounce = 500 * time.Millisecond

// drafts are the reply drafts as the pane knows them, kept in the store so they outlive
// quitting and a killed process.
//
// text holds, per item id, the draft read from the store or typed here, or "" for an item
// known to have none; an id not in it is unknown. Only the pane writes drafts, so once an
// id is known the store has nothing newer to say about it: a read that was under way
// while the user typed must not overwrite what they typed.
type drafts struct {
	text map[int64]string
	w    *draftWriter
}

func (d *drafts) get(id int64) (text string, known bool) {
	text, known = d.text[id]
	return text, known
}

// waiting reports whether a draft of the item waits, for its row's mark.
func (d *drafts) waiting(id int64) bool { return d.text[id] != "" }

func (d *drafts) set(id int64, text string) {
	if d.text == nil {
		d.text = map[int64]string{}
	}
	if strings.TrimSpace(text) == "" {
		text = "" // the store keeps no blank drafts either
	}
	d.text[id] = text
}

func (d *drafts) writer() *draftWriter {
	if d.w == nil {
		d.w = &draftWriter{newest: map[int64]uint64{}}
	}
	return d.w
}

// draftWriter puts drafts in the store in the order the pane made them. Commands run
// concurrently, so a debounced save could otherwise land after the esc or the send that
// followed it and bring an older text back.
type draftWriter struct {
	mu     sync.Mutex // guards newest and next; held only to read or bump them
	newest map[int64]uint64
	next   uint64
	write  sync.Mutex // held over each check and write, so a stale write cannot slip in
}

// ticket numbers a write of item id about to be made; only the newest ticket of an item
// still writes when its turn comes.
func (w *draftWriter) ticket(id int64) uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.next++
	w.newest[id] = w.next
	return w.next
}

// do runs fn, the write of ticket t of item id, unless a newer write of it was asked for
// since: that one stores what is current.
func (w *draftWriter) do(id int64, t uint64, fn func() error) error {
	w.write.Lock()
	defer w.write.Unlock()
	w.mu.Lock()
	stale := w.newest[id] != t
	w.mu.Unlock()
	if stale {
		return nil
	}
	return fn()
}

// writeCtx is the context of draft writes: not cancelled when the TUI quits, so an esc
// right before q still lands.
func (m *Model) writeCtx() context.Context { return context.WithoutCancel(m.env.Ctx) }

// keepDraft records text as the item's draft and stores it (blank: deletes it).
func (m *Model) keepDraft(id int64, text string) tea.Cmd {
	if strings.TrimSpace(text) == "" {
		text = ""
	}
	if old, known := m.drafts.get(id); known && old == text {
		return nil
	}
	m.drafts.set(id, text)
	w, src, ctx := m.drafts.writer(), m.src, m.writeCtx()
	t := w.ticket(id)
	return func() tea.Msg {
		if err := w.do(id, t, func() error { return src.SaveReplyDraft(ctx, id, text) }); err != nil {
			return pane.ErrMsg{Source: "reply draft", Err: err}
		}
		return nil
	}
}

// queueReply queues the reply and, in the same command, drops its stored draft; when
// the reply cannot be queued the draft is stored as sent, for r to open again.
func (m *Model) queueReply(it social.InboxItem, text string) tea.Cmd {
	m.drafts.set(it.ID, "")
	w, src, ctx := m.drafts.writer(), m.src, m.writeCtx()
	t := w.ticket(it.ID)
	q := queue(m.env.Ctx, m.src, []social.InboxItem{it}, social.KindReply, text, m.env.Now())
	return func() tea.Msg {
		msg := q().(queuedMsg)
		msg.draftErr = w.do(it.ID, t, func() error {
			if msg.err != nil {
				return src.SaveReplyDraft(ctx, it.ID, text)
			}
			return src.DeleteReplyDraft(ctx, it.ID)
		})
		return msg
	}
}

// draftTickMsg fires draftDebounce after edit n of box.
type draftTickMsg struct {
	box *replyBox
	n   int
}

// edited notes a change of the box's text and starts its debounce.
func (b *replyBox) edited() tea.Cmd {
	b.err = ""
	b.edits++
	n := b.edits
	return tea.Tick(draftDebounce, func(time.Time) tea.Msg { return draftTickMsg{box: b, n: n} })
}

// gotDraftTick stores the box's text when no keystroke came since the tick started.
func (m *Model) gotDraftTick(msg draftTickMsg) tea.Cmd {
	b := m.box
	if b == nil || b != msg.box || b.edits != msg.n {
		return nil
	}
	return m.keepDraft(b.item.ID, b.draft())
}

// draft is the box's text as a draft: "" when it holds nothing but the "@author "
// the box opened with, which is no reply yet.
func (b *replyBox) draft() string {
	text := b.text.Value()
	if s := strings.TrimSpace(text); s == "" || s == strings.TrimSpace(b.prefill) {
		return ""
	}
	return text
}

// draftsMsg carries the stored drafts of items: ids are those asked for, texts the
// drafts found among them.
type draftsMsg struct {
	ids   []int64
	texts map[int64]string
	err   error
}

// loadDrafts reads the stored drafts of the items not known yet (a page that arrived,
// or the item a reply box opens on), for the rows' marks and the box.
func (m *Model) loadDrafts(items []social.InboxItem) tea.Cmd {
	var ids []int64
	for _, it := range items {
		if _, known := m.drafts.get(it.ID); !known {
			ids = append(ids, it.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	src, ctx := m.src, m.env.Ctx
	return func() tea.Msg {
		texts, err := src.ReplyDrafts(ctx, ids)
		return draftsMsg{ids: ids, texts: texts, err: err}
	}
}

// gotDrafts learns the stored drafts of items still unknown. An open box whose text the
// user has not changed yet takes its item's draft.
func (m *Model) gotDrafts(msg draftsMsg) tea.Cmd {
	if msg.err != nil {
		return pane.Report("reply drafts", msg.err)
	}
	for _, id := range msg.ids {
		if _, known := m.drafts.get(id); known {
			continue
		}
		text := msg.texts[id]
		m.drafts.set(id, text)
		if b := m.box; b != nil && b.item.ID == id && b.edits == 0 && text != "" {
			b.text.SetValue(text)
		}
	}
	return nil
}

// SaveDraft writes the open reply box's text now, for a quit that cannot wait for the
// debounce (ctrl+c); nil when no box is open or nothing was typed.
func (m *Model) SaveDraft() tea.Cmd {
	if m.box == nil || m.box.edits == 0 {
		return nil
	}
	return m.keepDraft(m.box.item.ID, m.box.draft())
}
