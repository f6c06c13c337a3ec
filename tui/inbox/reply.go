package inbox

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// Outbox is how the inbox counts replies and sends likes and replies. Both go into the
// store's outbox first (a post with one like or reply target, due now), the same
// exactly-once path as posts, so they work offline; Publish then drains it.
type Outbox struct {
	// Counter gives a platform's counting rule and length limit (0: none). nil: runes,
	// no limit.
	Counter func(p social.Platform) (count func(string) int, max int)
	// Publish sends what is due in the outbox. nil: what is queued goes out on the next
	// sync.
	Publish func(ctx context.Context) error
}

// SetOutbox sets how likes and replies are counted and sent.
func (m *Model) SetOutbox(o Outbox) { m.outbox = o }

// LikeMark and ReplyMark lead a row that was liked or answered from here.
const (
	LikeMark  = "♥"
	ReplyMark = "↩"
)

// replyHeight is the lines the reply box takes: a title with the counter, the text, and
// a line for what is wrong or the keys.
const (
	replyTextHeight = 3
	replyHeight     = replyTextHeight + 2
	pickerShown     = replyTextHeight // saved replies listed at once
)

// actState is where a like or reply of an item stands, as last read from the outbox.
type actState struct {
	target int64  // the outbox target, once stored
	status string // "queued", "sent" or "failed: why"
}

// itemActs is what was done to one item: from here in this session, or read back from the
// outbox with the items (adoptActions), so marks survive restarts and follow later syncs.
type itemActs struct {
	like, reply *actState
}

// replyBox is the inline reply editor at the bottom of the pane.
type replyBox struct {
	item  social.InboxItem
	text  textarea.Model
	keys  replyKeys
	count func(string) int
	max   int
	err   string

	prefill string // the "@author " it opened with, no draft on its own
	edits   int    // changes of the text by the user, to debounce the draft's save

	// The saved-replies picker (ctrl+r), over the text while open.
	picking bool
	filter  textinput.Model
	saved   []social.SavedReply // the client's, once loaded
	loaded  bool
	pick    int
	seq     int
}

// replyKeys are the reply box's keys; the rest edits the text (enter is a new line).
type replyKeys struct {
	Send   key.Binding
	Saved  key.Binding
	Cancel key.Binding
	Up     key.Binding
	Down   key.Binding
	Insert key.Binding
	picker bool
}

func defaultReplyKeys() replyKeys {
	return replyKeys{
		Send:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send")),
		Saved:  key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "saved replies")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel (keeps draft)")),
		Up:     key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "down")),
		Insert: key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "insert")),
	}
}

// ShortHelp implements help.KeyMap.
func (k replyKeys) ShortHelp() []key.Binding {
	if k.picker {
		back := k.Cancel
		back.SetHelp("esc", "back")
		return []key.Binding{k.Insert, k.Up, k.Down, back}
	}
	return []key.Binding{k.Send, k.Saved, k.Cancel}
}

// FullHelp implements help.KeyMap.
func (k replyKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// expectsMention reports whether a reply on p must name the author to reach them:
// Mastodon delivers a reply only to those it mentions; Bluesky threads it.
func expectsMention(p social.Platform) bool { return p == "mastodon" }

func (m *Model) acts(id int64) *itemActs {
	if m.actsByID == nil {
		m.actsByID = map[int64]*itemActs{}
	}
	a := m.actsByID[id]
	if a == nil {
		a = &itemActs{}
		m.actsByID[id] = a
	}
	return a
}

// actMarks is what a row shows of its like, its reply and a reply draft: "♥ ↩ sent ✎ ".
func (m *Model) actMarks(id int64) string {
	var s string
	if a := m.actsByID[id]; a != nil {
		if a.like != nil {
			s += LikeMark + " "
			if strings.HasPrefix(a.like.status, "failed") {
				s = LikeMark + theme.ErrorMark + " "
			}
		}
		if a.reply != nil {
			s += ReplyMark + " " + a.reply.status + " "
		}
	}
	if m.drafts.waiting(id) {
		s += DraftMark + " "
	}
	return s
}

// LikeState and ReplyState say where the item's like or reply stands ("" for none):
// "queued", "sent" or "failed: why".
func (m *Model) LikeState(id int64) string {
	if a := m.actsByID[id]; a != nil && a.like != nil {
		return a.like.status
	}
	return ""
}

// ReplyState: see LikeState.
func (m *Model) ReplyState(id int64) string {
	if a := m.actsByID[id]; a != nil && a.reply != nil {
		return a.reply.status
	}
	return ""
}

// OutboxTarget returns the id of the outbox target of the item's like or reply (0: none
// stored yet).
func (m *Model) OutboxTarget(id int64, kind social.TargetKind) int64 {
	a := m.actsByID[id]
	if a == nil {
		return 0
	}
	st := a.reply
	if kind == social.KindLike {
		st = a.like
	}
	if st == nil {
		return 0
	}
	return st.target
}

// like queues a like of each selected item, or of the item under the cursor, except
// those liked already, and clears the selection.
func (m *Model) like() tea.Cmd {
	picked := m.targets()
	m.selected = nil
	var todo []social.InboxItem
	for _, it := range picked {
		a := m.acts(it.ID)
		if a.like != nil && !strings.HasPrefix(a.like.status, "failed") {
			continue
		}
		a.like = &actState{status: "queued"}
		todo = append(todo, it)
	}
	switch {
	case len(picked) == 0:
		return nil
	case len(todo) == 0 && len(picked) == 1:
		return pane.Changed("already liked")
	case len(todo) == 0:
		return pane.Changed("all " + items(len(picked)) + " liked already")
	}
	return queue(m.env.Ctx, m.src, todo, social.KindLike, "like", m.env.Now())
}

// queuedMsg reports the outbox writes of one kind for items, stored together.
type queuedMsg struct {
	items    []social.InboxItem
	kind     social.TargetKind
	targets  []int64 // by item, once stored
	text     string  // a reply's text, back to the drafts if it could not be stored
	err      error
	draftErr error // a reply's stored draft could not be dropped (or kept, on err)
}

// sentMsg reports a Publish run and the targets as read back after it, by item.
type sentMsg struct {
	items   []social.InboxItem
	kind    social.TargetKind
	targets []social.Target
	pubErr  error
	err     error
}

// queue stores a like or reply of each item in the outbox, due now: a post per item, in
// one transaction, so a selection is liked entirely or not at all.
func queue(ctx context.Context, src Source, its []social.InboxItem, kind social.TargetKind, text string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		msg := queuedMsg{items: its, kind: kind, text: text}
		posts := make([]*social.Post, len(its))
		for i, it := range its {
			posts[i] = &social.Post{
				ClientID: it.ClientID,
				Status:   social.StatusScheduled,
				Parts:    []social.Part{{Text: text}},
				Targets: []social.Target{{
					AccountID: it.AccountID, Kind: kind, ReplyTo: it.RemoteID,
					Status: social.StatusScheduled, DueAt: now.UTC(),
				}},
			}
		}
		if msg.err = src.CreatePosts(ctx, posts); msg.err != nil {
			return msg
		}
		for _, p := range posts {
			msg.targets = append(msg.targets, p.Targets[0].ID)
		}
		return msg
	}
}

// publish drains the outbox, then reads the targets back to show where they stand.
func publish(ctx context.Context, src Source, send func(context.Context) error, msg queuedMsg) tea.Cmd {
	return func() tea.Msg {
		out := sentMsg{items: msg.items, kind: msg.kind, targets: make([]social.Target, len(msg.targets))}
		out.pubErr = send(ctx)
		for i, id := range msg.targets {
			if out.targets[i], out.err = src.Target(ctx, id); out.err != nil {
				break
			}
		}
		return out
	}
}

func (m *Model) state(id int64, kind social.TargetKind) **actState {
	a := m.acts(id)
	if kind == social.KindLike {
		return &a.like
	}
	return &a.reply
}

func what(kind social.TargetKind) string {
	if kind == social.KindLike {
		return "like"
	}
	return "reply"
}

// whats counts likes or replies for a note: "like", "3 likes", "2 replies".
func whats(kind social.TargetKind, n int) string {
	switch {
	case n == 1:
		return what(kind)
	case kind == social.KindLike:
		return fmt.Sprintf("%d likes", n)
	}
	return fmt.Sprintf("%d replies", n)
}

// gotQueued settles the outbox write: on failure the marks go (a reply's text goes back
// to the drafts); on success the outbox is drained if the TUI can.
func (m *Model) gotQueued(msg queuedMsg) tea.Cmd {
	var draftErr tea.Cmd
	if msg.draftErr != nil {
		draftErr = pane.Report("reply draft", msg.draftErr)
	}
	if msg.err != nil {
		for _, it := range msg.items {
			*m.state(it.ID, msg.kind) = nil
			if msg.kind == social.KindReply {
				m.drafts.set(it.ID, msg.text) // r opens it again
			}
		}
		return tea.Batch(draftErr, pane.Report(what(msg.kind), msg.err))
	}
	for i, it := range msg.items {
		*m.state(it.ID, msg.kind) = &actState{target: msg.targets[i], status: "queued"}
	}
	n := whats(msg.kind, len(msg.items))
	if m.outbox.Publish == nil {
		return tea.Batch(draftErr, pane.Changed(n+" queued · goes out on the next sync"))
	}
	return tea.Batch(draftErr, pane.Changed(n+" queued · sending"+theme.Busy),
		publish(m.env.Ctx, m.src, m.outbox.Publish, msg))
}

// gotSent shows the targets' status after a Publish run, in one note.
func (m *Model) gotSent(msg sentMsg) tea.Cmd {
	if msg.err != nil {
		return pane.Report(what(msg.kind), msg.err)
	}
	var sent, queued int
	var failed []string
	for i, it := range msg.items {
		tg := msg.targets[i]
		s := &actState{target: tg.ID}
		switch tg.Status {
		case social.StatusPublished:
			s.status = "sent"
			sent++
		case social.StatusFailed:
			s.status = "failed: " + w.OneLine(tg.LastError)
			failed = append(failed, w.OneLine(tg.LastError))
		default: // still scheduled: offline, or the platform asked to retry later
			s.status = "queued"
			queued++
		}
		*m.state(it.ID, msg.kind) = s
	}
	var notes []string
	switch {
	case sent == 0:
	case msg.kind == social.KindLike && len(msg.items) == 1:
		notes = append(notes, "liked")
	case msg.kind == social.KindLike:
		notes = append(notes, "liked "+items(sent))
	default:
		notes = append(notes, whats(msg.kind, sent)+" sent")
	}
	if len(failed) > 0 {
		notes = append(notes, whats(msg.kind, len(failed))+" failed: "+failed[0])
	}
	if queued > 0 {
		note := whats(msg.kind, queued) + " queued · sent on the next sync"
		if msg.pubErr != nil {
			note += " (offline? " + w.OneLine(msg.pubErr.Error()) + ")"
		}
		notes = append(notes, note)
	}
	return pane.Changed(strings.Join(notes, " · "))
}

// openReply opens the reply box on the item under the cursor, with its kept draft or
// "@author " where the platform wants the author named. A draft not known yet is read
// from the store, and shown when it comes unless the user has typed.
func (m *Model) openReply() tea.Cmd {
	it, ok := m.current()
	if !ok {
		return nil
	}
	ta := textarea.New()
	ta.SetStyles(textarea.DefaultStyles(m.env.Styles.Dark))
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.Placeholder = "Your reply"
	ta.CharLimit = 0
	ta.SetHeight(replyTextHeight)
	ta.SetWidth(max(m.width, 20))
	b := &replyBox{item: it, keys: defaultReplyKeys(), seq: m.seq, count: utf8.RuneCountInString}
	if m.outbox.Counter != nil {
		if c, mx := m.outbox.Counter(it.Platform); c != nil {
			b.count, b.max = c, mx
		}
	}
	if expectsMention(it.Platform) && it.AuthorHandle != "" {
		b.prefill = "@" + strings.TrimPrefix(it.AuthorHandle, "@") + " "
	}
	draft, known := m.drafts.get(it.ID)
	if draft != "" {
		ta.SetValue(draft)
	} else {
		ta.SetValue(b.prefill)
	}
	b.text = ta
	m.box = b
	focus := m.box.text.Focus()
	if known {
		return focus
	}
	return tea.Batch(focus, m.loadDrafts([]social.InboxItem{it}))
}

func (m *Model) closeReply() {
	if m.box != nil {
		m.box.text.Blur()
	}
	m.box = nil
}

// cancelReply closes the box; unsent text is stored at once for r on the same item, in
// this session or a later one. A box closed untouched leaves its draft as it was.
func (m *Model) cancelReply() tea.Cmd {
	b := m.box
	m.closeReply()
	var save tea.Cmd
	if b.edits > 0 {
		save = m.keepDraft(b.item.ID, b.draft())
	}
	if !m.drafts.waiting(b.item.ID) {
		return save
	}
	return tea.Batch(save, pane.Changed("reply draft kept · r opens it again"))
}

// updateReply handles a message while the reply box is open.
func (m *Model) updateReply(msg tea.Msg) tea.Cmd {
	b := m.box
	if t, ok := msg.(draftTickMsg); ok {
		return m.gotDraftTick(t)
	}
	if b.picking {
		return m.updatePicker(msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, b.keys.Cancel):
			return m.cancelReply()
		case key.Matches(k, b.keys.Send):
			return m.sendReply()
		case key.Matches(k, b.keys.Saved):
			return m.openPicker()
		}
	}
	before := b.text.Value()
	var cmd tea.Cmd
	b.text, cmd = b.text.Update(msg)
	if b.text.Value() != before {
		cmd = tea.Batch(cmd, b.edited())
	}
	return cmd
}

// sendReply queues the reply, unless it is empty or over the platform's limit.
func (m *Model) sendReply() tea.Cmd {
	b := m.box
	text := strings.TrimSpace(b.text.Value())
	n := b.count(text)
	switch {
	case text == "":
		b.err = "type a reply first"
		return nil
	case b.max > 0 && n > b.max:
		b.err = fmt.Sprintf("%d over the %s limit of %d: shorten it to send", n-b.max, b.item.Platform, b.max)
		return nil
	}
	it := b.item
	m.closeReply()
	m.acts(it.ID).reply = &actState{status: "queued"}
	return m.queueReply(it, text)
}

// savedMsg carries a client's saved replies for the picker.
type savedMsg struct {
	seq     int
	item    int64
	replies []social.SavedReply
	err     error
}

func (m *Model) openPicker() tea.Cmd {
	b := m.box
	in := textinput.New()
	in.SetStyles(m.env.Styles.Input)
	in.Prompt = "Saved reply: "
	in.Placeholder = "type to filter"
	in.CharLimit = 64
	in.SetWidth(max(min(32, m.width-16), 8))
	b.filter, b.picking, b.pick = in, true, 0
	b.keys.picker = true
	b.text.Blur()
	var load tea.Cmd
	if !b.loaded {
		src, ctx, client, id, seq := m.src, m.env.Ctx, b.item.ClientID, b.item.ID, b.seq
		load = func() tea.Msg {
			rs, err := src.SavedReplies(ctx, client)
			return savedMsg{seq: seq, item: id, replies: rs, err: err}
		}
	}
	return tea.Batch(b.filter.Focus(), load)
}

func (m *Model) gotSaved(msg savedMsg) tea.Cmd {
	b := m.box
	if b == nil || b.item.ID != msg.item || b.seq != msg.seq {
		return nil
	}
	if msg.err != nil {
		return pane.Report("saved replies", msg.err)
	}
	b.saved, b.loaded = msg.replies, true
	return nil
}

// matches are the saved replies whose name or body holds the filter.
func (b *replyBox) matches() []social.SavedReply {
	f := strings.ToLower(strings.TrimSpace(b.filter.Value()))
	var out []social.SavedReply
	for _, r := range b.saved {
		if f == "" || strings.Contains(strings.ToLower(r.Name), f) || strings.Contains(strings.ToLower(r.Body), f) {
			out = append(out, r)
		}
	}
	return out
}

func (m *Model) closePicker() tea.Cmd {
	b := m.box
	b.picking, b.keys.picker = false, false
	b.filter.Blur()
	return b.text.Focus()
}

func (m *Model) updatePicker(msg tea.Msg) tea.Cmd {
	b := m.box
	if k, ok := msg.(tea.KeyPressMsg); ok {
		ms := b.matches()
		switch {
		case key.Matches(k, b.keys.Cancel):
			return m.closePicker()
		case key.Matches(k, b.keys.Up):
			b.pick = max(b.pick-1, 0)
			return nil
		case key.Matches(k, b.keys.Down):
			b.pick = max(min(b.pick+1, len(ms)-1), 0)
			return nil
		case key.Matches(k, b.keys.Insert):
			if b.pick >= len(ms) {
				return nil
			}
			body := m.fillVars(ms[b.pick].Body, b.item)
			cmd := m.closePicker()
			b.text.InsertString(body)
			return tea.Batch(cmd, b.edited())
		}
	}
	before := b.filter.Value()
	var cmd tea.Cmd
	b.filter, cmd = b.filter.Update(msg)
	if b.filter.Value() != before {
		b.pick = 0
	}
	return cmd
}

// fillVars replaces a saved reply's variables: {{author}} the item's author handle,
// {{client}} the client's name.
func (m *Model) fillVars(body string, it social.InboxItem) string {
	author := it.AuthorHandle
	if author == "" {
		author = it.AuthorName
	}
	client := m.names[it.ClientID]
	if client == "" {
		client = it.ClientID
	}
	return social.FillReplyVars(body, map[string]string{"author": author, "client": client})
}

// replyView draws the box in replyHeight lines.
func (m *Model) replyView() string {
	st := m.env.Styles
	b := m.box
	author := b.item.AuthorHandle
	if author == "" {
		author = b.item.AuthorName
	}
	n := b.count(strings.TrimSpace(b.text.Value()))
	counter := fmt.Sprintf("%d", n)
	if b.max > 0 {
		counter = fmt.Sprintf("%d/%d", n, b.max)
	}
	if b.max > 0 && n > b.max {
		counter = st.Error.Render(theme.ErrorMark + " " + counter)
	} else {
		counter = st.Muted.Render(counter)
	}
	title := st.Header.Render(w.Truncate(fmt.Sprintf("Reply to %s on %s", author, b.item.Platform),
		max(m.width-lipgloss.Width(counter)-1, 1)))
	pad := max(m.width-lipgloss.Width(title)-lipgloss.Width(counter), 1)
	head := title + strings.Repeat(" ", pad) + counter

	var body []string
	var info string
	if b.picking {
		body = append(body, w.Truncate(b.filter.View(), m.width))
		ms := b.matches()
		switch {
		case !b.loaded:
			body = append(body, st.Muted.Render("  loading saved replies"+theme.Busy))
		case len(ms) == 0 && len(b.saved) == 0:
			body = append(body, st.Muted.Render("  no saved replies for this client yet"))
		case len(ms) == 0:
			body = append(body, st.Muted.Render("  none match"))
		}
		start := max(0, b.pick-(pickerShown-2))
		for i := start; i < len(ms) && len(body) < replyTextHeight+1; i++ {
			line := "  " + ms[i].Name + " · " + w.OneLine(m.fillVars(ms[i].Body, b.item))
			if i == b.pick {
				body = append(body, st.Selected.Render(w.Fit(theme.Cursor+line[1:], m.width)))
			} else {
				body = append(body, st.Text.Render(w.Truncate(line, m.width)))
			}
		}
		for len(body) < replyTextHeight+1 {
			body = append(body, "")
		}
	} else {
		b.text.SetWidth(max(m.width, 20))
		body = strings.Split(b.text.View(), "\n")
		for i := range body {
			body[i] = w.Truncate(body[i], m.width)
		}
		switch {
		case b.err != "":
			info = st.Error.Render(theme.ErrorMark + " " + w.OneLine(b.err))
		default:
			info = st.Muted.Render("enter new line · ctrl+s send · ctrl+r saved replies · esc keeps draft")
		}
		body = append(body, w.Truncate(info, m.width))
	}
	return head + "\n" + strings.Join(body, "\n")
}

// adoptActions takes the likes and replies the store reports with the items, where the
// pane has nothing fresher: one sent in an earlier session, or one a later sync sent.
func (m *Model) adoptActions(items []social.InboxItem) {
	for _, it := range items {
		for _, x := range []struct {
			act  social.Action
			slot func(*itemActs) **actState
		}{
			{it.Like, func(a *itemActs) **actState { return &a.like }},
			{it.Reply, func(a *itemActs) **actState { return &a.reply }},
		} {
			if x.act.TargetID == 0 {
				continue
			}
			p := x.slot(m.acts(it.ID))
			if *p == nil || (*p).target == x.act.TargetID {
				*p = &actState{target: x.act.TargetID, status: actStatus(x.act)}
			}
		}
	}
}

// actStatus words an outbox state as the row shows it.
func actStatus(a social.Action) string {
	switch a.Status {
	case social.StatusPublished:
		return "sent"
	case social.StatusFailed:
		return "failed: " + a.Error
	}
	return "queued"
}
