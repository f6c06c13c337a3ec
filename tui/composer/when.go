package composer

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/when"
)

// whenKind is what the "when" field says.
type whenKind int

const (
	whenNone  whenKind = iota // nothing yet
	whenNow                   // at the moment it is scheduled
	whenQueue                 // each account's next free queue slot
	whenAt                    // a time
	whenBad                   // not a time; err says why
)

// whenField is the "when" input and what it reads as. The accounts' due times change
// only when an input is accepted (enter, or scheduling), so a half-typed time moves
// nothing.
type whenField struct {
	input     textinput.Model
	kind      whenKind
	at        time.Time // UTC, for whenAt
	err       string
	accepted  bool // the accounts' due times follow the input as it reads now
	resolving bool // the queue is being asked
	seq       int  // of edits, so a queue answer for an older input is dropped
}

func (m *Model) newWhen(s string) whenField {
	in := textinput.New()
	in.SetStyles(m.env.Styles.Input)
	in.Prompt = ""
	// No placeholder: without colour it would read as a time given; the line under the
	// input says what to write.
	in.CharLimit = 64
	in.SetWidth(max(m.textWidth()-1, 10))
	in.SetValue(s)
	w := whenField{input: in}
	w.parse(m.env.Now(), m.loc)
	return w
}

// parse reads the input in the client's zone.
func (w *whenField) parse(now time.Time, loc *time.Location) {
	w.err, w.at = "", time.Time{}
	switch s := strings.ToLower(strings.TrimSpace(w.input.Value())); s {
	case "":
		w.kind = whenNone
	case "now":
		w.kind = whenNow
	case "queue":
		w.kind = whenQueue
	default:
		t, err := when.Parse(s, now, loc)
		if err != nil {
			// The input is on screen right above: the error need not quote it again.
			w.kind, w.err = whenBad, strings.TrimPrefix(err.Error(), fmt.Sprintf("%q: ", s))
			return
		}
		w.kind, w.at = whenAt, t
	}
}

// restore takes a stored post's "when": the due times stored are the truth, so a
// relative input ("tomorrow 9am") is not read again against a later now. A post made
// elsewhere has times but no input: the input shows the time.
func (w *whenField) restore(ticked []*target, now time.Time, loc *time.Location) {
	var dues []time.Time
	for _, t := range ticked {
		if !t.due.IsZero() {
			dues = append(dues, t.due)
		}
	}
	if len(dues) == 0 {
		// Only an input that needs no time of its own can have been accepted.
		w.accepted = w.kind == whenNone || w.kind == whenNow
		return
	}
	w.accepted = true
	same := true
	for _, d := range dues {
		same = same && d.Equal(dues[0])
	}
	switch {
	case w.kind == whenAt && same:
		w.at = dues[0]
	case w.input.Value() == "" && same:
		w.input.SetValue(dues[0].In(loc).Format("2006-01-02 15:04"))
		w.kind, w.at = whenAt, dues[0]
	}
}

// whenKey handles a key in the when field: enter accepts, the rest edits.
func (m *Model) whenKey(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "enter" {
		return m.acceptWhenKey()
	}
	before := m.when.input.Value()
	var cmd tea.Cmd
	m.when.input, cmd = m.when.input.Update(msg)
	if m.when.input.Value() != before {
		m.when.seq++
		m.when.accepted, m.when.resolving = false, false
		m.when.parse(m.env.Now(), m.loc)
		cmd = tea.Batch(cmd, m.touched())
	}
	return cmd
}

func (m *Model) acceptWhenKey() tea.Cmd {
	if m.when.kind == whenQueue {
		return m.askQueue(m.ticked(), false)
	}
	if !m.acceptWhen() {
		return nil
	}
	switch n := len(m.ticked()); {
	case m.when.kind == whenNone:
		m.note = "no time yet"
	case n == 0:
		m.note = "time accepted · the accounts you tick take it"
	default:
		m.note = "time accepted for " + plural(n, "account") + " · ctrl+p schedules"
	}
	return m.changed(false)
}

// acceptWhen sets the ticked accounts' due times from the input (not for the queue,
// which needs asking); false when the input is not a time.
func (m *Model) acceptWhen() bool {
	w := &m.when
	if w.kind == whenBad {
		return false // the when line says why
	}
	for _, t := range m.ticked() {
		t.due = w.at // zero for none and now
	}
	w.accepted = true
	return true
}

// dueFor is the due time a newly ticked account takes from an accepted input.
func (m *Model) dueFor() time.Time {
	if m.when.accepted && m.when.kind == whenAt {
		return m.when.at
	}
	return time.Time{}
}

// queueMsg carries the next free queue slot of each account asked about.
type queueMsg struct {
	seq      int
	dues     map[string]time.Time
	err      error
	schedule bool // asked by ctrl+p: schedule once the times are known
}

// askQueue asks the queue for the next free slot of each account, in a command.
func (m *Model) askQueue(ts []*target, schedule bool) tea.Cmd {
	if len(ts) == 0 {
		m.err = "tick an account first: the queue is each account's own"
		return nil
	}
	m.when.resolving = true
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.acct.ID
	}
	q, ctx, now, seq := m.opt.Queue, m.env.Ctx, m.env.Now(), m.when.seq
	return func() tea.Msg {
		msg := queueMsg{seq: seq, schedule: schedule, dues: map[string]time.Time{}}
		for _, id := range ids {
			if q == nil {
				msg.err = fmt.Errorf("no queue configured for this account (%s)", id)
				return msg
			}
			t, err := q(ctx, id, now)
			if err != nil {
				msg.err = fmt.Errorf("queue of %s: %w", id, err)
				return msg
			}
			msg.dues[id] = t.UTC()
		}
		return msg
	}
}

func (m *Model) gotQueue(msg queueMsg) tea.Cmd {
	if msg.seq != m.when.seq || m.when.kind != whenQueue {
		return nil // the input changed since
	}
	m.when.resolving = false
	if msg.err != nil {
		m.err = msg.err.Error()
		return nil
	}
	moved := false
	var got []string
	for _, t := range m.ticked() {
		if d, ok := msg.dues[t.acct.ID]; ok {
			moved = moved || !d.Equal(t.due)
			t.due = d
			got = append(got, t.acct.ID+" "+m.short(d))
		}
	}
	m.when.accepted = true
	m.note = "queue: " + strings.Join(got, ", ")
	var save tea.Cmd
	if moved {
		save = m.changed(false)
	}
	if msg.schedule {
		return tea.Batch(save, m.scheduleAt(nil))
	}
	return save
}

// describe shows a time back unambiguously: when.Describe in the client's zone, with the
// UTC offset and the user's own clock when their zone differs, and for a wall-clock time
// that happens twice, how to write the other one.
func (m *Model) describe(t time.Time) string {
	now := m.env.Now()
	s := when.Describe(t, now, m.loc)
	local := now.Location()
	_, off := t.In(m.loc).Zone()
	if _, loff := t.In(local).Zone(); loff != off {
		s += " · UTC" + t.In(m.loc).Format("-07:00") + " · " + t.In(local).Format("15:04 MST") + " here"
	}
	if second, ok := secondOf(t, m.loc); ok {
		s += " · the clocks go back that night: for the second " + t.In(m.loc).Format("15:04") +
			" write " + second.In(m.loc).Format("2006-01-02T15:04:05-07:00")
	}
	return s
}

// secondOf returns the second instant that reads as t's wall-clock time in loc when t is
// the first of two (the hour repeated when clocks go back).
func secondOf(t time.Time, loc *time.Location) (time.Time, bool) {
	lt := t.In(loc)
	_, off := lt.Zone()
	_, end := lt.ZoneBounds()
	if end.IsZero() {
		return time.Time{}, false
	}
	_, after := end.In(loc).Zone()
	if after >= off {
		return time.Time{}, false
	}
	second := t.Add(time.Duration(off-after) * time.Second)
	if second.In(loc).Format("2006-01-02 15:04:05") != lt.Format("2006-01-02 15:04:05") {
		return time.Time{}, false
	}
	return second, true
}

// short writes a due time compactly, in the client's zone, in a fixed width as the
// calendar does: "Wed 02 Dec 09:00".
func (m *Model) short(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(m.loc).Format(shortTime)
}

const shortTime = "Mon 02 Jan 15:04"
