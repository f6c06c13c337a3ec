package composer

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// post is the post being composed, as the composer holds it between saves.
type post struct {
	client social.Client
	loc    *time.Location
	base   social.Post // as loaded: what the composer does not edit (campaign, notes, options)
	postID int64
	status social.Status

	targets []*target // one per account of the client, ticked or not
	toAt    int       // the account under the To cursor
	toTop   int       // the first account the To list shows
	toShown int       // how many accounts the To list shows, set by layout
	main    version   // the text every account without its own gets
	media   [][]social.Media
	when    whenField

	focus    field
	openPart int // the part whose text area is open: the one focused last
	mediaAt  int // the image under the cursor of a media field
	areaH    int // the height of the text area in view, set by layout

	sv       *saver
	rev      int    // changes made; a save carries the rev it wrote
	savedRev int    // the newest rev known stored
	inflight int    // saves under way
	saveErr  string // why the last save failed; "" once one succeeds
	planned  int    // the client's other drafts, for the hint on a new post
}

func newPost() post {
	return post{status: social.StatusIdea, sv: &saver{}, loc: time.UTC, main: version{parts: []textarea.Model{}}}
}

// target is one account of the client: ticked to post on it or not, with its own text
// (variant) when its platform needs one.
type target struct {
	acct    social.Account
	on      bool
	variant *version // nil: the main text
	// status is the target's own as stored (paused or failed where the post's is not),
	// kept through saves until the post's status moves; "" takes the post's.
	status  social.Status
	due     time.Time // UTC; zero while there is none
	lastErr string
}

// version is a text of the post: its parts, each in its own text area.
type version struct {
	parts []textarea.Model
}

func (v *version) texts() []string {
	out := make([]string, len(v.parts))
	for i, p := range v.parts {
		out[i] = p.Value()
	}
	return out
}

// fieldKind is a stop of tab.
type fieldKind int

const (
	fieldTo fieldKind = iota
	fieldPart
	fieldMedia
	fieldWhen
)

// field is where the keys go: the accounts, a part's text or images, or the when.
type field struct {
	kind fieldKind
	part int
}

// shownTarget is the account whose own text is shown and edited, nil for the main text:
// the account under the To cursor when it is ticked and has a text of its own. Moving the
// cursor over the accounts shows each one's text in place.
func (p *post) shownTarget() *target {
	if p.toAt < 0 || p.toAt >= len(p.targets) {
		return nil
	}
	if t := p.targets[p.toAt]; t.on && t.variant != nil {
		return t
	}
	return nil
}

// shown is the text being shown and edited.
func (p *post) shown() *version {
	if t := p.shownTarget(); t != nil {
		return t.variant
	}
	return &p.main
}

// mediaOf returns the images of part i. Images belong to the main text's parts; an
// account's own text shares them part by part, as the publisher sends them.
func (p *post) mediaOf(i int) []social.Media {
	if i < 0 || i >= len(p.media) {
		return nil
	}
	return p.media[i]
}

// fields are the stops of tab, in order: accounts, each part (and its images), when.
func (p *post) fields() []field {
	fs := []field{{kind: fieldTo}}
	for i := range p.shown().parts {
		fs = append(fs, field{kind: fieldPart, part: i})
		if len(p.mediaOf(i)) > 0 {
			fs = append(fs, field{kind: fieldMedia, part: i})
		}
	}
	return append(fs, field{kind: fieldWhen})
}

// part is the part whose text area is open: the focused one, else the last one focused.
func (p *post) part() int {
	return min(max(p.openPart, 0), len(p.shown().parts)-1)
}

// ticked returns the accounts the post goes to.
func (p *post) ticked() []*target {
	var out []*target
	for _, t := range p.targets {
		if t.on {
			out = append(out, t)
		}
	}
	return out
}

// textsFor returns the parts an account gets: its own text or the main one.
func (p *post) textsFor(t *target) []string {
	if t.variant != nil {
		return t.variant.texts()
	}
	return p.main.texts()
}

// empty reports whether nothing has been written: no text in any version, no image.
func (p *post) empty() bool {
	vs := []*version{&p.main}
	for _, t := range p.targets {
		if t.variant != nil {
			vs = append(vs, t.variant)
		}
	}
	for _, v := range vs {
		for _, s := range v.texts() {
			if strings.TrimSpace(s) != "" {
				return false
			}
		}
	}
	for _, ms := range p.media {
		if len(ms) > 0 {
			return false
		}
	}
	return true
}

// snapshot is the post as the store keeps it, copied so a command can write it while
// the composer goes on.
func (p *post) snapshot() store.Composed {
	c := store.Composed{Post: p.base, When: p.when.input.Value()}
	c.Post.ID = p.postID
	c.Post.ClientID = p.client.ID
	c.Post.Status = p.status
	c.Post.Targets = nil
	c.Post.Parts = make([]social.Part, len(p.main.parts))
	for i, ta := range p.main.parts {
		c.Post.Parts[i].Text = ta.Value()
		for _, m := range p.mediaOf(i) {
			m.ID = 0
			c.Post.Parts[i].Media = append(c.Post.Parts[i].Media, m)
		}
	}
	for _, t := range p.ticked() {
		tg := social.Target{AccountID: t.acct.ID, Kind: social.KindPost, DueAt: t.due, Status: t.status}
		if t.variant != nil {
			tg.Variant = t.variant.texts()
		}
		c.Post.Targets = append(c.Post.Targets, tg)
	}
	return c
}

// setStatus moves the post, and with it every account, to s.
func (p *post) setStatus(s social.Status) {
	p.status = s
	for _, t := range p.targets {
		t.status = ""
	}
}

// newArea returns a text area for one part of a text.
func (m *Model) newArea(text string, part int) textarea.Model {
	ta := textarea.New()
	ta.SetStyles(m.areaStyles())
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = 0
	// No cap on lines: a long LinkedIn post or a text back from $EDITOR must fit whole.
	ta.MaxHeight = 0
	ta.Placeholder = "Write the post" + ellipsis
	if part > 0 {
		ta.Placeholder = "The next part of the thread" + ellipsis
	}
	// The composer's own keys win; the text area must not also read them.
	ta.KeyMap.LineStart.SetKeys("home")
	ta.KeyMap.LineEnd.SetKeys("end")
	ta.KeyMap.LinePrevious.SetKeys("up")
	ta.KeyMap.TransposeCharacterBackward.SetEnabled(false)
	ta.SetWidth(max(m.textWidth(), 10))
	ta.SetHeight(max(m.areaH, 1))
	ta.SetValue(text)
	ta.MoveToEnd()
	return ta
}

const ellipsis = "…"

// areaStyles are the text areas' styles for the terminal's background, with a steady
// cursor: blinking redraws the screen twice a second for nothing.
func (m *Model) areaStyles() textarea.Styles {
	st := textarea.DefaultStyles(m.dark)
	st.Cursor.Blink = false
	return st
}

// restyle gives every text area the styles of the terminal's background, once known.
func (m *Model) restyle() {
	st := m.areaStyles()
	for _, v := range m.versions() {
		for i := range v.parts {
			v.parts[i].SetStyles(st)
		}
	}
	m.when.input.SetStyles(m.env.Styles.Input)
}

// versions are the main text and every account's own.
func (m *Model) versions() []*version {
	vs := []*version{&m.main}
	for _, t := range m.targets {
		if t.variant != nil {
			vs = append(vs, t.variant)
		}
	}
	return vs
}

// setFocus moves the keys to f, focusing the text area or input it names.
func (m *Model) setFocus(f field) tea.Cmd {
	for _, v := range m.versions() {
		for i := range v.parts {
			v.parts[i].Blur()
		}
	}
	m.when.input.Blur()
	if f.kind != fieldMedia || f.part != m.focus.part || m.focus.kind != fieldMedia {
		m.mediaAt = 0
	}
	if f.kind == fieldPart || f.kind == fieldMedia {
		f.part = min(max(f.part, 0), len(m.shown().parts)-1)
	}
	m.focus = f
	if f.kind == fieldPart || f.kind == fieldMedia {
		m.openPart = f.part
	}
	switch f.kind {
	case fieldPart:
		return m.shown().parts[f.part].Focus()
	case fieldWhen:
		return m.when.input.Focus()
	}
	return nil
}

// moveFocus goes to the next (+1) or previous (-1) stop of tab, round.
func (m *Model) moveFocus(d int) tea.Cmd {
	fs := m.fields()
	at := 0
	for i, f := range fs {
		if f == m.focus {
			at = i
		}
	}
	return m.setFocus(fs[(at+d+len(fs))%len(fs)])
}

// refocus keeps the keys on a field that still exists after the post changed shape.
func (m *Model) refocus() tea.Cmd {
	for _, f := range m.fields() {
		if f == m.focus {
			return m.setFocus(f)
		}
	}
	if m.focus.kind == fieldMedia || m.focus.kind == fieldPart {
		return m.setFocus(field{kind: fieldPart, part: m.part()})
	}
	return m.setFocus(field{kind: fieldTo})
}
