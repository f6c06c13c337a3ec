package inbox

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	w "github.com/chorus-social/chorus/tui/widgets"
	"github.com/chorus-social/chorus/when"
)

// promptKind is which question the prompt at the bottom of the pane asks.
type promptKind int

const (
	promptNone promptKind = iota
	promptSnooze
	promptLabel
)

// promptHeight is the lines the prompt takes: the question, then the answer as read
// (the time, the labels) or what is wrong with it.
const promptHeight = 2

// prompt is the one-line question of s (until when) and t (which label).
type prompt struct {
	kind    promptKind
	input   textinput.Model
	targets []social.InboxItem // the items it applies to, as they were when it opened
	err     string             // why enter did not apply; cleared by the next edit
	labels  []string           // label: the targets' clients' labels, once loaded
	seq     int                // label: ties the labels load to this prompt
}

// Typing reports whether a prompt, the reply box, the search field or the filter menu
// has the keyboard; it implements pane.Typer.
func (m *Model) Typing() bool {
	return m.prompt.kind != promptNone || m.box != nil || m.search.typing || m.menu.open || m.thread != nil
}

// openPrompt asks about the targets; with none there is nothing to ask.
func (m *Model) openPrompt(kind promptKind) tea.Cmd {
	t := m.targets()
	if len(t) == 0 {
		return nil
	}
	in := textinput.New()
	in.SetStyles(m.env.Styles.Input)
	in.CharLimit = 64
	m.prompt = prompt{kind: kind, targets: t, seq: m.prompt.seq + 1}
	var load tea.Cmd
	switch kind {
	case promptSnooze:
		in.Prompt = "Snooze until: "
		in.Placeholder = "2h, tomorrow 9am, mon"
	case promptLabel:
		in.Prompt = "Label: "
		in.Placeholder = "name; tab completes"
		in.ShowSuggestions = true
		var clients []string
		for _, it := range t {
			if !slices.Contains(clients, it.ClientID) {
				clients = append(clients, it.ClientID)
			}
		}
		load = loadLabels(m.env.Ctx, m.src, m.prompt.seq, clients)
	}
	m.prompt.input = in
	m.pkeys.label = kind == promptLabel
	return tea.Batch(m.prompt.input.Focus(), load)
}

func (m *Model) closePrompt() {
	m.prompt.input.Blur()
	m.prompt = prompt{seq: m.prompt.seq}
}

func (m *Model) gotLabels(msg labelsMsg) tea.Cmd {
	if m.prompt.kind != promptLabel || msg.seq != m.prompt.seq {
		return nil
	}
	if msg.err != nil {
		return pane.Report("labels", msg.err) // the prompt still works: it creates labels
	}
	m.prompt.labels = msg.labels
	m.prompt.input.SetSuggestions(msg.labels)
	return nil
}

// updatePrompt handles a message while the prompt is open: enter applies, esc closes,
// the rest edits the text.
func (m *Model) updatePrompt(msg tea.Msg) tea.Cmd {
	p := &m.prompt
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.pkeys.Cancel):
			m.closePrompt()
			return nil
		case key.Matches(k, m.pkeys.Apply):
			return m.applyPrompt()
		}
	}
	before := p.input.Value()
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	if p.input.Value() != before {
		p.err = ""
	}
	return cmd
}

func (m *Model) applyPrompt() tea.Cmd {
	p := &m.prompt
	switch p.kind {
	case promptSnooze:
		until, err := m.parseUntil(p.input.Value())
		if err != nil {
			p.err = err.Error()
			return nil
		}
		t := p.targets
		act := &action{kind: actSnooze, before: t, until: until,
			note: count(len(t)) + "snoozed until " + m.snoozeText(until)}
		m.closePrompt()
		return m.do(act)
	case promptLabel:
		name := labelName(p.input.Value())
		if name == "" {
			p.err = "type a label name"
			return nil
		}
		t := p.targets
		on := !allHave(t, name)
		note := fmt.Sprintf("labelled %s %s%s", items(len(t)), theme.LabelMark, name)
		if !on {
			note = fmt.Sprintf("took %s%s off %s", theme.LabelMark, name, items(len(t)))
		}
		m.closePrompt()
		return m.do(&action{kind: actLabel, before: t, label: name, on: on, note: note})
	}
	return nil
}

// parseUntil reads the snooze time for each target's client, in the client's zone:
// "tomorrow 9am" is nine in the morning where the client is.
func (m *Model) parseUntil(s string) (map[string]time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("type when: 2h, tomorrow 9am, mon")
	}
	now := m.env.Now()
	until := map[string]time.Time{}
	for _, it := range m.prompt.targets {
		if _, ok := until[it.ClientID]; ok {
			continue
		}
		t, err := when.Parse(s, now, m.zone(it.ClientID))
		if err != nil {
			return nil, err
		}
		if !t.After(now) {
			return nil, fmt.Errorf("%q is not in the future", strings.TrimSpace(s))
		}
		until[it.ClientID] = t
	}
	return until, nil
}

// labelName is what the user typed for a label, without a leading "#".
func labelName(s string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), theme.LabelMark))
}

func allHave(items []social.InboxItem, label string) bool {
	for _, it := range items {
		if !hasLabel(it, label) {
			return false
		}
	}
	return len(items) > 0
}

// promptView draws the prompt in promptHeight lines of the pane's width.
func (m *Model) promptView() string {
	st := m.env.Styles
	p := &m.prompt
	p.input.SetWidth(max(min(32, m.width-lipgloss.Width(p.input.Prompt)-2), 8))
	line := w.Truncate(p.input.View(), m.width)
	var info string
	count := ""
	if len(p.targets) > 1 {
		count = items(len(p.targets)) + " · "
	}
	switch {
	case p.err != "":
		info = st.Error.Render(theme.ErrorMark + " " + w.OneLine(p.err))
	case p.kind == promptSnooze:
		info = m.snoozePreview(count)
	default:
		info = m.labelPreview(count)
	}
	return line + "\n" + w.Truncate(info, m.width)
}

// snoozePreview shows the time the input reads as, before it is applied.
func (m *Model) snoozePreview(count string) string {
	st := m.env.Styles
	in := m.prompt.input.Value()
	if strings.TrimSpace(in) == "" {
		return st.Muted.Render(count + "e.g. 2h, tomorrow 9am, mon, 2026-12-01 09:00")
	}
	until, err := m.parseUntil(in)
	if err != nil {
		return st.Muted.Render(count + w.OneLine(err.Error()))
	}
	return st.Muted.Render(count) + st.OK.Render("→ until "+m.snoozeText(until))
}

// labelPreview says what enter will do and lists the existing labels that match.
func (m *Model) labelPreview(count string) string {
	st := m.env.Styles
	p := &m.prompt
	name := labelName(p.input.Value())
	var matches []string
	for _, l := range p.labels {
		if strings.HasPrefix(strings.ToLower(l), strings.ToLower(name)) {
			matches = append(matches, theme.LabelMark+l)
		}
	}
	var what string
	switch {
	case name == "" && len(p.labels) == 0:
		what = "no labels yet: type one to create it"
	case name == "":
		what = "labels: " + strings.Join(matches, " ")
	case allHave(p.targets, name):
		what = "enter takes " + theme.LabelMark + name + " off"
	case slices.Contains(p.labels, name):
		what = "enter adds " + theme.LabelMark + name
	default:
		what = "enter creates " + theme.LabelMark + name
	}
	if name != "" && len(matches) > 0 {
		what += " · " + strings.Join(matches, " ")
	}
	return st.Muted.Render(count + what)
}
