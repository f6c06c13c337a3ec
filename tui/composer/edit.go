package composer

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
)

// partKey edits the focused part's text.
func (m *Model) partKey(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.RemovePart) {
		return m.removePart()
	}
	v, i := m.shown(), m.focus.part
	if i < 0 || i >= len(v.parts) {
		return nil
	}
	before := v.parts[i].Value()
	var cmd tea.Cmd
	v.parts[i], cmd = v.parts[i].Update(msg)
	if v.parts[i].Value() != before {
		cmd = tea.Batch(cmd, m.changed(true))
	}
	return cmd
}

// addPart is ctrl+t: a new thread part after the one being edited, in the text shown.
func (m *Model) addPart() tea.Cmd {
	v := m.shown()
	at := len(v.parts)
	if m.focus.kind == fieldPart || m.focus.kind == fieldMedia {
		at = m.focus.part + 1
	}
	v.parts = slices.Insert(v.parts, at, m.newArea("", at))
	if v == &m.main {
		for len(m.media) < at {
			m.media = append(m.media, nil)
		}
		m.media = slices.Insert(m.media, at, []social.Media(nil))
	}
	m.note = fmt.Sprintf("part %d of %d", at+1, len(v.parts))
	return tea.Batch(m.setFocus(field{kind: fieldPart, part: at}), m.changed(true))
}

// removePart is ctrl+x: the part being edited goes; one with text or images only on a
// second ctrl+x, so a slip loses nothing.
func (m *Model) removePart() tea.Cmd {
	v, i := m.shown(), m.focus.part
	if len(v.parts) < 2 {
		m.err = "a post has at least one part"
		return nil
	}
	remove := func() tea.Cmd {
		v.parts = slices.Delete(v.parts, i, i+1)
		if v == &m.main && i < len(m.media) {
			m.media = slices.Delete(m.media, i, i+1)
		}
		m.note = fmt.Sprintf("part %d removed", i+1)
		return tea.Batch(m.setFocus(field{kind: fieldPart, part: min(i, len(v.parts)-1)}), m.changed(true))
	}
	imgs := 0
	if v == &m.main {
		imgs = len(m.mediaOf(i))
	}
	if strings.TrimSpace(v.parts[i].Value()) == "" && imgs == 0 {
		return remove()
	}
	what := "its text"
	if imgs > 0 {
		what += " and " + plural(imgs, "image")
	}
	m.ask("ctrl+x", fmt.Sprintf("ctrl+x again removes part %d (%s)", i+1, what), remove)
	return nil
}

// toKey handles a key on the account list: move, tick, own text.
func (m *Model) toKey(k tea.KeyPressMsg) tea.Cmd {
	if len(m.targets) == 0 {
		return nil
	}
	t := m.targets[m.toAt]
	switch {
	case key.Matches(k, m.keys.Up):
		m.toAt = max(m.toAt-1, 0)
	case key.Matches(k, m.keys.Down):
		m.toAt = min(m.toAt+1, len(m.targets)-1)
	case key.Matches(k, m.keys.Toggle):
		return m.toggle(t)
	case key.Matches(k, m.keys.Fork):
		return m.fork(t)
	case key.Matches(k, m.keys.Drop):
		return m.dropVariant(t)
	case k.String() == "enter":
		return m.setFocus(field{kind: fieldPart, part: 0})
	}
	return nil
}

// toggle ticks an account on or off. Ticking one off that has its own text asks first:
// the text goes with it.
func (m *Model) toggle(t *target) tea.Cmd {
	off := func() tea.Cmd {
		t.on, t.variant = false, nil
		return m.changed(true)
	}
	if t.on {
		if t.variant != nil {
			m.ask("space", "space again takes "+t.acct.ID+" off and drops its own text", off)
			return nil
		}
		return off()
	}
	t.on, t.status = true, ""
	t.due = m.dueFor()
	cmd := m.changed(true)
	if m.when.kind == whenQueue && m.when.accepted {
		return tea.Batch(cmd, m.askQueue([]*target{t}, false))
	}
	return cmd
}

// fork gives an account a text of its own, starting as a copy of the main text, and
// opens it; on an account that has one, it opens it.
func (m *Model) fork(t *target) tea.Cmd {
	if !t.on {
		m.err = "tick " + t.acct.ID + " first (space)"
		return nil
	}
	if t.variant == nil {
		t.variant = &version{}
		for i, s := range m.main.texts() {
			t.variant.parts = append(t.variant.parts, m.newArea(s, i))
		}
		m.note = "own text for " + t.acct.ID + ": edits here go to " + string(t.acct.Platform) + " only"
		return tea.Batch(m.setFocus(field{kind: fieldPart, part: 0}), m.changed(true))
	}
	return m.setFocus(field{kind: fieldPart, part: 0})
}

// dropVariant puts an account back on the main text, after asking: its own text goes.
func (m *Model) dropVariant(t *target) tea.Cmd {
	if t.variant == nil {
		m.note = t.acct.ID + " has the main text already"
		return nil
	}
	m.ask("d", "d again drops the own text of "+t.acct.ID+" (it gets the main text)", func() tea.Cmd {
		t.variant = nil
		m.note = t.acct.ID + " gets the main text"
		return m.changed(true)
	})
	return nil
}

// setText replaces a part's text (from $EDITOR); ref names the text and part.
func (m *Model) setText(ref textRef, text string) tea.Cmd {
	v := &m.main
	if ref.account != "" {
		t := m.targetOf(ref.account)
		if t == nil || t.variant == nil {
			return nil
		}
		v = t.variant
	}
	if ref.part >= len(v.parts) || v.parts[ref.part].Value() == text {
		return nil
	}
	v.parts[ref.part].SetValue(text)
	return m.changed(true)
}

// textRef names a part of a text: the main one (account "") or an account's own.
type textRef struct {
	account string
	part    int
}

// currentRef is the part being edited, or the first part of the text shown.
func (m *Model) currentRef() textRef {
	r := textRef{part: m.part()}
	if t := m.shownTarget(); t != nil {
		r.account = t.acct.ID
	}
	return r
}

func (m *Model) partArea(r textRef) *textarea.Model {
	v := &m.main
	if r.account != "" {
		t := m.targetOf(r.account)
		if t == nil || t.variant == nil {
			return nil
		}
		v = t.variant
	}
	if r.part < 0 || r.part >= len(v.parts) {
		return nil
	}
	return &v.parts[r.part]
}
