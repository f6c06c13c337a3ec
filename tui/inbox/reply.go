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

// actMarks is what a row shows of its like and reply: "♥ ↩ sent ".
func (m *Model) actMarks(id int64) string {
	a := m.actsByID[id]
	if a == nil {
		return ""
	}
	var s string
	if a.like != nil {
		s += LikeMark + " "
		if strings.HasPrefix(a.like.status, "failed") {
			s = LikeMark + theme.ErrorMark + " "
		}
	}
	if a.reply != nil {
		s += ReplyMark + " " + a.reply.status + " "
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

// like queues a like of the item under the cursor.
func (m *Model) like() tea.Cmd {
	it, ok := m.current()
	if !ok {
		return nil
	}
	a := m.acts(it.ID)
	if a.like != nil && !strings.HasPrefix(a.like.status, "failed") {
		return pane.Changed("already liked")
	}
	a.like = &actState{status: "queued"}
	return queue(m.env.Ctx, m.src, it, social.KindLike, "like", m.env.Now())
}

// queuedMsg reports an outbox write for an item.
type queuedMsg struct {
	item   social.InboxItem
	kind   social.TargetKind
	target int64
	text   string // a reply's text, back to the drafts if it could not be stored
	err    error
}

// sentMsg reports a Publish run and the target as read back after it.
type sentMsg struct {
	item   social.InboxItem
	kind   social.TargetKind
	target social.Target
	pubErr error
	err    error
}

// queue stores a like or reply of it in the outbox, due now.
func queue(ctx context.Context, src Source, it social.InboxItem, kind social.TargetKind, text string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		p := &social.Post{
			ClientID: it.ClientID,
			Status:   social.StatusScheduled,
			Parts:    []social.Part{{Text: text}},
			Targets: []social.Target{{
				AccountID: it.AccountID, Kind: kind, ReplyTo: it.RemoteID,
				Status: social.StatusScheduled, DueAt: now.UTC(),
			}},
		}
		if err := src.CreatePost(ctx, p); err != nil {
			return queuedMsg{item: it, kind: kind, text: text, err: err}
		}
		return queuedMsg{item: it, kind: kind, text: text, target: p.Targets[0].ID}
	}
}

// publish drains the outbox, then reads the target back to show where it stands.
func publish(ctx context.Context, src Source, send func(context.Context) error, msg queuedMsg) tea.Cmd {
	return func() tea.Msg {
		out := sentMsg{item: msg.item, kind: msg.kind}
		out.pubErr = send(ctx)
		out.target, out.err = src.Target(ctx, msg.target)
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

// gotQueued settles the outbox write: on failure the mark goes (a reply's text goes back
// to the drafts); on success the outbox is drained if the TUI can.
func (m *Model) gotQueued(msg queuedMsg) tea.Cmd {
	st := m.state(msg.item.ID, msg.kind)
	if msg.err != nil {
		*st = nil
		if msg.kind == social.KindReply {
			if m.drafts == nil {
				m.drafts = map[int64]string{}
			}
			m.drafts[msg.item.ID] = msg.text // r opens it again
		}
		return pane.Report(what(msg.kind), msg.err)
	}
	*st = &actState{target: msg.target, status: "queued"}
	if m.outbox.Publish == nil {
		return pane.Changed(what(msg.kind) + " queued · goes out on the next sync")
	}
	return tea.Batch(pane.Changed(what(msg.kind)+" queued · sending"+theme.Busy),
		publish(m.env.Ctx, m.src, m.outbox.Publish, msg))
}

// gotSent shows the target's status after a Publish run.
func (m *Model) gotSent(msg sentMsg) tea.Cmd {
	st := m.state(msg.item.ID, msg.kind)
	if msg.err != nil {
		return pane.Report(what(msg.kind), msg.err)
	}
	s := &actState{target: msg.target.ID}
	var note string
	switch msg.target.Status {
	case social.StatusPublished:
		s.status = "sent"
		note = what(msg.kind) + " sent"
		if msg.kind == social.KindLike {
			note = "liked"
		}
	case social.StatusFailed:
		s.status = "failed: " + w.OneLine(msg.target.LastError)
		note = what(msg.kind) + " failed: " + w.OneLine(msg.target.LastError)
	default: // still scheduled: offline, or the platform asked to retry later
		s.status = "queued"
		note = what(msg.kind) + " queued · sent on the next sync"
		if msg.pubErr != nil {
			note = what(msg.kind) + " queued · sent on the next sync (offline? " + w.OneLine(msg.pubErr.Error()) + ")"
		}
	}
	*st = s
	return pane.Changed(note)
}

// openReply opens the reply box on the item under the cursor, with its kept draft or
// "@author " where the platform wants the author named.
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
	if d, ok := m.drafts[it.ID]; ok {
		ta.SetValue(d)
	} else if expectsMention(it.Platform) && it.AuthorHandle != "" {
		ta.SetValue("@" + strings.TrimPrefix(it.AuthorHandle, "@") + " ")
	}
	b.text = ta
	m.box = b
	return m.box.text.Focus()
}

func (m *Model) closeReply() {
	if m.box != nil {
		m.box.text.Blur()
	}
	m.box = nil
}

// cancelReply closes the box; unsent text is kept for r on the same item.
func (m *Model) cancelReply() tea.Cmd {
	b := m.box
	m.closeReply()
	text := b.text.Value()
	if strings.TrimSpace(text) == "" {
		delete(m.drafts, b.item.ID)
		return nil
	}
	if m.drafts == nil {
		m.drafts = map[int64]string{}
	}
	m.drafts[b.item.ID] = text
	return pane.Changed("reply draft kept · r opens it again")
}

// updateReply handles a message while the reply box is open.
func (m *Model) updateReply(msg tea.Msg) tea.Cmd {
	b := m.box
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
		b.err = ""
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
	delete(m.drafts, it.ID)
	m.acts(it.ID).reply = &actState{status: "queued"}
	return queue(m.env.Ctx, m.src, it, social.KindReply, text, m.env.Now())
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
			b.err = ""
			return cmd
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
	return strings.NewReplacer("{{author}}", author, "{{client}}", client).Replace(body)
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
