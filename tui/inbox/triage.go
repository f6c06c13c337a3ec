package inbox

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
)

// maxUndo is how many done and snooze actions u can take back, newest first.
const maxUndo = 100

// actionKind is what a triage action does.
type actionKind int

const (
	actDone actionKind = iota
	actSnooze
	actUnread
	actLabel
	actReopen // done back to open: e on done items in a search
)

// action is one triage change of one or more items. It keeps the items as they were, so
// the list can be rolled back when the store refuses the write, and a done or a snooze
// can be undone with u.
type action struct {
	kind   actionKind
	before []social.InboxItem   // the items as they were, newest first
	until  map[string]time.Time // snooze: until when, per client (each reads the input in its own zone)
	label  string               // label: its name
	on     bool                 // label: added (false: taken off)
	note   string               // what the status bar says once it is stored
	// seq is the model's load sequence when the write started: a load started after it
	// may have read the store before the write, so the list is read again when it ends.
	seq int
}

func (a *action) ids() []int64 {
	ids := make([]int64, len(a.before))
	for i, it := range a.before {
		ids[i] = it.ID
	}
	return ids
}

// hides reports whether the action takes its items off the open list.
func (a *action) hides() bool { return a.kind == actDone || a.kind == actSnooze }

// undoable reports whether u can take the action back.
func (a *action) undoable() bool { return a.hides() || a.kind == actReopen }

// change is what the action does to an item's copy in the list.
func (a *action) change(it *social.InboxItem) {
	switch a.kind {
	case actDone:
		it.Done, it.Read = true, true
	case actReopen:
		it.Done = false
	case actSnooze:
		it.SnoozedUntil = a.until[it.ClientID]
	case actUnread:
		it.Read = false
	case actLabel:
		it.Labels = withLabel(it.Labels, a.label, a.on)
	}
}

// byClient groups the action's item ids by client, clients in order.
func (a *action) byClient() ([]string, map[string][]int64) {
	ids := map[string][]int64{}
	var clients []string
	for _, it := range a.before {
		if _, ok := ids[it.ClientID]; !ok {
			clients = append(clients, it.ClientID)
		}
		ids[it.ClientID] = append(ids[it.ClientID], it.ID)
	}
	slices.Sort(clients)
	return clients, ids
}

// apply stores the action.
func (a *action) apply(ctx context.Context, src Source) error {
	switch a.kind {
	case actDone:
		return src.SetDone(ctx, true, a.ids()...)
	case actReopen:
		return src.SetDone(ctx, false, a.ids()...)
	case actUnread:
		return src.SetRead(ctx, false, a.ids()...)
	case actSnooze:
		clients, ids := a.byClient()
		for _, c := range clients {
			if err := src.Snooze(ctx, a.until[c], ids[c]...); err != nil {
				return err
			}
		}
	case actLabel:
		// Labels belong to a client: a selection over several clients gets the label
		// in each of them, created where it does not exist yet.
		clients, ids := a.byClient()
		for _, c := range clients {
			l, err := src.EnsureLabel(ctx, c, a.label)
			if err != nil {
				return err
			}
			if err := src.SetLabel(ctx, l.ID, a.on, ids[c]...); err != nil {
				return err
			}
		}
	}
	return nil
}

// revert stores the items' state from before a done, a snooze or a reopen: open again,
// and unread again if they were (done marks read); done again.
func (a *action) revert(ctx context.Context, src Source) error {
	switch a.kind {
	case actReopen:
		return src.SetDone(ctx, true, a.ids()...)
	case actDone:
		if err := src.SetDone(ctx, false, a.ids()...); err != nil {
			return err
		}
		var unread []int64
		for _, it := range a.before {
			if !it.Read {
				unread = append(unread, it.ID)
			}
		}
		return src.SetRead(ctx, false, unread...)
	case actSnooze:
		// They were open, so snoozed until a time past (or never): put that back.
		byUntil := map[time.Time][]int64{}
		var times []time.Time
		for _, it := range a.before {
			if _, ok := byUntil[it.SnoozedUntil]; !ok {
				times = append(times, it.SnoozedUntil)
			}
			byUntil[it.SnoozedUntil] = append(byUntil[it.SnoozedUntil], it.ID)
		}
		for _, t := range times {
			if err := src.Snooze(ctx, t, byUntil[t]...); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeMsg reports a stored action (undo: its undo) or why it failed.
type writeMsg struct {
	act  *action
	undo bool
	err  error
}

func write(ctx context.Context, src Source, act *action, undo bool) tea.Cmd {
	return func() tea.Msg {
		var err error
		if undo {
			err = act.revert(ctx, src)
		} else {
			err = act.apply(ctx, src)
		}
		return writeMsg{act: act, undo: undo, err: err}
	}
}

// targets returns copies of the selected items in list order or, with no selection, of
// the item under the cursor.
func (m *Model) targets() []social.InboxItem {
	var out []social.InboxItem
	if len(m.selected) > 0 {
		for _, it := range m.items {
			if m.selected[it.ID] {
				out = append(out, it)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if it, ok := m.current(); ok {
		out = append(out, it)
	}
	return out
}

// current returns the item under the cursor.
func (m *Model) current() (social.InboxItem, bool) {
	if m.list.Cursor < 0 || m.list.Cursor >= len(m.items) {
		return social.InboxItem{}, false
	}
	return m.items[m.list.Cursor], true
}

// do shows act at once (optimistic) and returns the command that stores it. The
// selection it applied to is cleared.
func (m *Model) do(act *action) tea.Cmd {
	if len(act.before) == 0 {
		return nil
	}
	act.seq = m.seq
	m.show(act, false)
	if act.undoable() {
		m.undo = append(m.undo, act)
		if len(m.undo) > maxUndo {
			m.undo = slices.Delete(m.undo, 0, len(m.undo)-maxUndo)
		}
	}
	m.selected = nil
	return tea.Batch(write(m.env.Ctx, m.src, act, false), m.maybeNextPage())
}

// show puts act (undone: its undo) on the list. The open items lose what is done or
// snoozed and get back what is reopened; a search, which lists all history, keeps every
// item and shows its new state.
func (m *Model) show(act *action, undone bool) {
	hidden := act.hides() != undone // done or snoozed after this
	switch {
	case undone && !act.undoable(), m.Searching() && undone:
		m.patch(act.before, nil)
	case m.Searching() || !act.undoable():
		m.patch(act.before, act.change)
	case hidden:
		m.remove(act.ids())
	default:
		m.restore(act.before)
	}
}

// undoLast takes back the newest undoable action: the items come back as they were
// (unread if they were) once stored.
func (m *Model) undoLast() tea.Cmd {
	act := m.undo[len(m.undo)-1]
	m.undo = m.undo[:len(m.undo)-1]
	act.seq = m.seq
	m.show(act, true)
	return write(m.env.Ctx, m.src, act, true)
}

// gotWrite settles an action: on success the root reloads the counters; on failure the
// list goes back to how it was and the status bar says why.
func (m *Model) gotWrite(msg writeMsg) tea.Cmd {
	act := msg.act
	if msg.err != nil {
		if msg.undo {
			m.show(act, false) // still as the action left it
			m.undo = append(m.undo, act)
		} else {
			if i := slices.Index(m.undo, act); i >= 0 {
				m.undo = slices.Delete(m.undo, i, i+1)
			}
			m.show(act, true)
		}
		return pane.Report("inbox", msg.err)
	}
	var reload tea.Cmd
	if m.seq != act.seq || m.loading {
		reload = m.Reload() // a load overlapped the write and may have read the store before it
	}
	note := act.note
	if msg.undo {
		note = "undone: " + items(len(act.before))
		if act.hides() {
			note += " back in the inbox"
		} else {
			note += " done again"
		}
	}
	return tea.Batch(reload, pane.Changed(note))
}

// remove takes items off the list. The cursor stays on its item, or goes to the next
// one left when its own was removed.
func (m *Model) remove(ids []int64) {
	gone := make(map[int64]bool, len(ids))
	for _, id := range ids {
		gone[id] = true
		delete(m.selected, id)
	}
	kept := make([]social.InboxItem, 0, len(m.items))
	cursor := 0
	for i, it := range m.items {
		if gone[it.ID] {
			continue
		}
		if i < m.list.Cursor {
			cursor++
		}
		kept = append(kept, it)
	}
	m.items = kept
	m.list.Cursor = cursor
	m.list.Move(0, len(m.items))
}

// restore puts items back on the list in id order and the cursor on the newest of them.
// Items of another client than the one shown, and items past the loaded window (paging
// will bring them), stay off.
func (m *Model) restore(items []social.InboxItem) {
	if !m.loaded {
		return
	}
	var newest int64
	for _, it := range items {
		if m.view.client != "" && it.ClientID != m.view.client || m.indexOf(it.ID) >= 0 {
			continue
		}
		if m.more && len(m.items) > 0 && it.ID < m.lastID() {
			continue
		}
		i, _ := slices.BinarySearchFunc(m.items, it.ID, func(x social.InboxItem, id int64) int {
			return compareDesc(x.ID, id)
		})
		m.items = slices.Insert(m.items, i, it)
		newest = max(newest, it.ID)
	}
	if newest != 0 {
		m.list.Cursor = m.indexOf(newest)
	}
	m.list.Move(0, len(m.items))
}

func compareDesc(a, b int64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// patch changes the loaded copies of items in place: with change, applies it to each;
// with nil, puts the given versions back.
func (m *Model) patch(items []social.InboxItem, change func(*social.InboxItem)) {
	for _, it := range items {
		i := m.indexOf(it.ID)
		if i < 0 {
			continue
		}
		if change == nil {
			m.items[i] = it
		} else {
			change(&m.items[i])
		}
	}
}

func (m *Model) indexOf(id int64) int {
	return slices.IndexFunc(m.items, func(it social.InboxItem) bool { return it.ID == id })
}

// withLabel returns labels with name added (on) or taken off, sorted; it never changes
// the slice it is given, which an action's "before" copy may share.
func withLabel(labels []string, name string, on bool) []string {
	out := make([]string, 0, len(labels)+1)
	for _, l := range labels {
		if l != name {
			out = append(out, l)
		}
	}
	if on {
		out = append(out, name)
		slices.Sort(out)
	}
	return out
}

func hasLabel(it social.InboxItem, name string) bool { return slices.Contains(it.Labels, name) }

// count is "" for one item and "3 " for three, to lead a short note: "3 done".
func count(n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf("%d ", n)
}

// items says "1 item" or "3 items".
func items(n int) string {
	if n == 1 {
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}

// done archives the targets; in a search, where done items show, e on done items
// reopens them.
func (m *Model) done() tea.Cmd {
	t := m.targets()
	if len(t) > 0 && !slices.ContainsFunc(t, func(it social.InboxItem) bool { return !it.Done }) {
		return m.do(&action{kind: actReopen, before: t, note: "reopened: " + items(len(t)) + " back in the inbox · u undoes"})
	}
	return m.do(&action{kind: actDone, before: t, note: count(len(t)) + "done · u undoes"})
}

// undoOrUnread takes back the last done or snooze; with none left, it marks the targets
// unread.
func (m *Model) undoOrUnread() tea.Cmd {
	if len(m.undo) > 0 {
		return m.undoLast()
	}
	t := m.targets()
	t = slices.DeleteFunc(t, func(it social.InboxItem) bool { return !it.Read })
	if len(t) == 0 {
		m.selected = nil
		return nil
	}
	return m.do(&action{kind: actUnread, before: t, note: "marked unread: " + items(len(t))})
}

// snoozeText says until when, in each client's zone: "Tue 1 Dec 09:00 CET".
func (m *Model) snoozeText(until map[string]time.Time) string {
	clients := make([]string, 0, len(until))
	for c := range until {
		clients = append(clients, c)
	}
	slices.Sort(clients)
	var parts []string
	for _, c := range clients {
		s := until[c].In(m.zone(c)).Format("Mon 2 Jan 15:04 MST")
		if !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}

func (m *Model) zone(client string) *time.Location {
	if loc, ok := m.zones[client]; ok {
		return loc
	}
	return time.UTC
}
