package calendar

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
)

// The edits act on the selected post, every target of it that can still change (the
// store's rule). Each shows at once (optimistic), writes in a command, and reloads when
// the write is back: a failed write reports and the reload puts the truth back.

// editedMsg is the result of a write: note goes to the status bar.
type editedMsg struct {
	note string
	err  error
}

// write runs a store write in a command and turns its result into an editedMsg. Loads
// in flight read before the write and are dropped (seq).
func (m *Model) write(do func(ctx context.Context) (string, error)) tea.Cmd {
	m.seq++
	m.want = span{}
	m.changed()
	ctx := m.env.Ctx
	return func() tea.Msg {
		note, err := do(ctx)
		return editedMsg{note: note, err: err}
	}
}

func (m *Model) edited(msg editedMsg) tea.Cmd {
	reload := m.Reload()
	if msg.err != nil {
		return tea.Batch(pane.Report("calendar", msg.err), reload)
	}
	return tea.Batch(pane.Changed(msg.note), reload)
}

// refuse reports why an edit was not even tried.
func refuse(format string, args ...any) tea.Cmd {
	return pane.Report("calendar", fmt.Errorf(format, args...))
}

// editable says why the post cannot change, if it cannot.
func editable(it item) tea.Cmd {
	lead := it.lead()
	switch {
	case it.status() == social.StatusPublished:
		return refuse("published: it stays where it went out")
	case it.status() == social.StatusPublishing:
		return refuse("it is being published right now")
	case lead.ServerRef != "":
		return refuse("the platform holds it: `chorus withdraw %d` first", lead.ID)
	}
	return nil
}

// shift moves the selected post by days (< and >), keeping its wall-clock time in its
// client's zone; the cursor follows it.
func (m *Model) shift(days int) tea.Cmd {
	it, ok := m.selected()
	if !ok {
		return m.noPost()
	}
	if cmd := editable(it); cmd != nil {
		return cmd
	}
	loc, shown := m.clientZone(it.client()), m.zoneOf(it.client())
	now := m.env.Now()
	to := wallShift(it.due(), days, loc)
	if it.status() == social.StatusScheduled && !to.After(now) {
		return refuse("a day earlier is past: p publishes it now")
	}
	m.moveItem(it, days, loc)
	src, post, lead := m.src, it.postID(), it.lead().ID
	return m.write(func(ctx context.Context) (string, error) {
		moved, err := src.ShiftPost(ctx, post, days, now)
		if err != nil {
			return "", err
		}
		for _, t := range moved {
			if t.ID == lead {
				return "moved to " + t.DueAt.In(shown).Format("Mon 02 Jan 15:04 MST"), nil
			}
		}
		return fmt.Sprintf("moved %d of its targets", len(moved)), nil
	})
}

// wallShift is t moved by days in loc at the same wall-clock time: the store's rule,
// for the optimistic frame only (the store settles DST edge cases).
func wallShift(t time.Time, days int, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day()+days, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), loc).UTC()
}

// moveItem takes the post off its day and puts it on the day it moves to, if that is
// loaded, and moves the cursor with it.
func (m *Model) moveItem(it item, days int, loc *time.Location) {
	from := m.dayOf(m.day)
	moved := item{targets: make([]store.TargetRow, len(it.targets)), txt: &itemText{}}
	for i, t := range it.targets {
		t.DueAt = wallShift(t.DueAt, days, loc)
		moved.targets[i] = t
	}
	if from != nil {
		from.remove(it)
	}
	m.day = m.day.AddDate(0, 0, days)
	if to := m.dayOf(m.day); to != nil {
		to.insert(moved)
	}
	m.selID = it.lead().ID
	m.resolveSel()
}

// remove takes an item off the day.
func (d *dayData) remove(it item) {
	for i, x := range d.items {
		if x.has(it.lead().ID) {
			d.items = append(d.items[:i:i], d.items[i+1:]...)
			d.posts = max(d.posts-1, 0)
			return
		}
	}
}

// insert puts an item among the day's, by due time.
func (d *dayData) insert(it item) {
	i := 0
	for i < len(d.items) && !d.items[i].due().After(it.due()) {
		i++
	}
	d.items = append(d.items[:i:i], append([]item{it}, d.items[i:]...)...)
	d.posts++
}

// togglePause pauses the selected post (space), or resumes it when it is paused.
func (m *Model) togglePause() tea.Cmd {
	it, ok := m.selected()
	if !ok {
		return m.noPost()
	}
	src, post := m.src, it.postID()
	if it.status() == social.StatusPaused {
		back := it.lead().PausedFrom
		if back == "" {
			back = social.StatusScheduled
		}
		m.setStatus(it, back, "")
		now, loc := m.env.Now(), m.zoneOf(it.client())
		return m.write(func(ctx context.Context) (string, error) {
			ts, err := src.ResumePost(ctx, post)
			if err != nil {
				return "", err
			}
			return resumedNote(ts, now, loc), nil
		})
	}
	if cmd := editable(it); cmd != nil {
		return cmd
	}
	m.setStatus(it, social.StatusPaused, it.status())
	return m.write(func(ctx context.Context) (string, error) {
		if _, err := src.PausePost(ctx, post); err != nil {
			return "", err
		}
		return "paused until you resume it (space)", nil
	})
}

// resumedNote says what a resumed post is now, and when a scheduled one goes out.
func resumedNote(ts []social.Target, now time.Time, loc *time.Location) string {
	if len(ts) == 0 {
		return "resumed"
	}
	t := ts[0]
	switch {
	case t.Status != social.StatusScheduled:
		return "resumed: back to " + string(t.Status)
	case !t.DueAt.After(now):
		return "resumed: overdue, it goes out on the next sync"
	}
	return "resumed: scheduled " + t.DueAt.In(loc).Format("Mon 02 Jan 15:04 MST")
}

// setStatus shows an item in a new status until the reload.
func (m *Model) setStatus(it item, st, pausedFrom social.Status) {
	for i := range it.targets {
		it.targets[i].Status, it.targets[i].PausedFrom = st, pausedFrom
	}
	m.changed()
}

// publishNow makes the selected post due now (p): a scheduled, failed or paused one.
// With a publisher set it runs at once; else the next sync sends it.
func (m *Model) publishNow() tea.Cmd {
	it, ok := m.selected()
	if !ok {
		return m.noPost()
	}
	if cmd := editable(it); cmd != nil {
		return cmd
	}
	switch st := it.status(); {
	case st == social.StatusScheduled, st == social.StatusFailed:
	case st == social.StatusPaused && (it.lead().PausedFrom == "" || it.lead().PausedFrom == social.StatusScheduled || it.lead().PausedFrom == social.StatusFailed):
	default:
		if st == social.StatusPaused {
			st = it.lead().PausedFrom
		}
		return refuse("%s: schedule it first (e)", statusWord(st))
	}
	m.setStatus(it, social.StatusScheduled, "")
	src, post, now, publish := m.src, it.postID(), m.env.Now(), m.publish
	return m.write(func(ctx context.Context) (string, error) {
		if _, err := src.PublishPostNow(ctx, post, now); err != nil {
			return "", err
		}
		if publish == nil {
			return "due now: it goes out on the next sync (R)", nil
		}
		if err := publish(ctx); err != nil {
			return "", fmt.Errorf("due now; publish failed: %w", err)
		}
		return "published now", nil
	})
}

// statusWord is a status as a sentence starts with it: "a draft", "in review".
func statusWord(s social.Status) string {
	switch s {
	case social.StatusReview:
		return "in review"
	case social.StatusIdea:
		return "an idea"
	case social.StatusDraft:
		return "a draft"
	}
	return string(s)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// platformsOf names the item's platforms: "bluesky and mastodon".
func platformsOf(it item) string {
	var names []string
	for _, t := range it.targets {
		if p := string(t.Platform); !slices.Contains(names, p) {
			names = append(names, p)
		}
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
