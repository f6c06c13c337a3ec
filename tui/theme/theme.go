// Package theme holds every style the TUI draws with: one semantic palette, built for a
// light or a dark terminal. Views ask for a meaning (Error, Muted, Status(published)),
// never for a colour, so a theme change is one call and no view holds a colour literal.
//
// State is never carried by colour alone: each status, the unread mark and the cursor
// have a text marker too, so the TUI stays readable with NO_COLOR (Bubble Tea then
// downsamples every colour away).
package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/chorus-social/chorus/social"
)

// Markers: the text half of every state, readable without colour.
const (
	Cursor     = "›" // the selected row
	Unread     = "●"
	Picked     = "◆" // a row selected for a bulk action (x, *)
	LabelMark  = "#" // before each label name on a row
	Read       = " "
	ErrorMark  = "!"
	OKMark     = "✓"
	WarnMark   = "⚠"
	Busy       = "…"
	Ellipsis   = "…"
	ErrorArrow = "↳"
)

// Styles is the semantic style set of one theme.
type Styles struct {
	Dark bool

	Brand     lipgloss.Style // the product name
	Tab       lipgloss.Style
	TabActive lipgloss.Style
	Header    lipgloss.Style // column headings
	Section   lipgloss.Style // "Upcoming", "Past"
	Text      lipgloss.Style
	Muted     lipgloss.Style
	Selected  lipgloss.Style // the row under the cursor
	CursorCol lipgloss.Style // the cursor marker column
	Unread    lipgloss.Style
	Picked    lipgloss.Style // the selection marker of a row
	Label     lipgloss.Style // "#urgent" on an inbox row
	Error     lipgloss.Style
	OK        lipgloss.Style
	Warn      lipgloss.Style
	Up        lipgloss.Style // a metric that grew
	Down      lipgloss.Style // a metric that shrank
	Spark     lipgloss.Style

	StatusBar lipgloss.Style
	StatusKey lipgloss.Style // the client name in the status bar

	Box       lipgloss.Style // welcome and overlay frames
	BoxTitle  lipgloss.Style
	Choice    lipgloss.Style
	ChoiceSel lipgloss.Style

	Help  help.Styles
	Input textinput.Styles

	status map[social.Status]lipgloss.Style
}

// palette is the handful of colours a theme is made of.
type palette struct {
	fg, muted, faint, accent, accentBg, red, green, yellow, blue, magenta color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return palette{
		fg:       ld(c("#1F2328"), c("#E6EDF3")),
		muted:    ld(c("#59636E"), c("#9198A1")),
		faint:    ld(c("#818B98"), c("#656C76")),
		accent:   ld(c("#8250DF"), c("#B083F0")),
		accentBg: ld(c("#EDE4FB"), c("#3B2E58")),
		red:      ld(c("#CF222E"), c("#FF7B72")),
		green:    ld(c("#1A7F37"), c("#3FB950")),
		yellow:   ld(c("#9A6700"), c("#D29922")),
		blue:     ld(c("#0969DA"), c("#58A6FF")),
		magenta:  ld(c("#BF3989"), c("#DB61A2")),
	}
}

func (p palette) help() help.Styles {
	st := lipgloss.NewStyle()
	key, desc := st.Foreground(p.muted).Bold(true), st.Foreground(p.faint)
	return help.Styles{
		Ellipsis: desc, ShortKey: key, ShortDesc: desc, ShortSeparator: desc,
		FullKey: key, FullDesc: desc, FullSeparator: desc,
	}
}

// New builds the styles for a dark or a light terminal background.
func New(isDark bool) Styles {
	p := newPalette(isDark)
	st := lipgloss.NewStyle()
	s := Styles{
		Dark:      isDark,
		Brand:     st.Foreground(p.accent).Bold(true),
		Tab:       st.Foreground(p.muted),
		TabActive: st.Foreground(p.accent).Bold(true).Underline(true),
		Header:    st.Foreground(p.muted).Bold(true),
		Section:   st.Foreground(p.accent).Bold(true),
		Text:      st.Foreground(p.fg),
		Muted:     st.Foreground(p.muted),
		Selected:  st.Background(p.accentBg).Bold(true),
		CursorCol: st.Foreground(p.accent).Bold(true),
		Unread:    st.Foreground(p.blue).Bold(true),
		Picked:    st.Foreground(p.accent).Bold(true),
		Label:     st.Foreground(p.magenta),
		Error:     st.Foreground(p.red),
		OK:        st.Foreground(p.green),
		Warn:      st.Foreground(p.yellow),
		Up:        st.Foreground(p.green),
		Down:      st.Foreground(p.red),
		Spark:     st.Foreground(p.blue),
		StatusBar: st.Foreground(p.muted),
		StatusKey: st.Foreground(p.accent).Bold(true),
		Box:       st.Border(lipgloss.RoundedBorder()).BorderForeground(p.accent).Padding(1, 3),
		BoxTitle:  st.Foreground(p.accent).Bold(true),
		Choice:    st.Foreground(p.fg),
		ChoiceSel: st.Foreground(p.accent).Bold(true),
	}
	s.Help = p.help()
	in := textinput.DefaultStyles(isDark)
	in.Focused.Prompt = st.Foreground(p.accent)
	in.Focused.Text = st.Foreground(p.fg)
	in.Focused.Placeholder = st.Foreground(p.faint)
	in.Blurred = in.Focused
	in.Cursor.Color = p.accent
	// A steady cursor: blinking redraws the screen twice a second for nothing.
	in.Cursor.Blink = false
	s.Input = in
	s.status = map[social.Status]lipgloss.Style{
		social.StatusIdea:       st.Foreground(p.faint),
		social.StatusDraft:      st.Foreground(p.muted),
		social.StatusReview:     st.Foreground(p.yellow),
		social.StatusApproved:   st.Foreground(p.magenta),
		social.StatusScheduled:  st.Foreground(p.blue),
		social.StatusPublishing: st.Foreground(p.yellow).Bold(true),
		social.StatusPublished:  st.Foreground(p.green),
		social.StatusFailed:     st.Foreground(p.red).Bold(true),
		social.StatusPaused:     st.Foreground(p.yellow),
	}
	return s
}

// Status returns the style of a post status.
func (s Styles) Status(st social.Status) lipgloss.Style {
	if v, ok := s.status[st]; ok {
		return v
	}
	return s.Muted
}

// StatusLabel is a status as the user reads it without colour: a marker and the word.
func StatusLabel(st social.Status) string {
	marks := map[social.Status]string{
		social.StatusIdea:       "·",
		social.StatusDraft:      "○",
		social.StatusReview:     "?",
		social.StatusApproved:   "◆",
		social.StatusScheduled:  "●",
		social.StatusPublishing: "↑",
		social.StatusPublished:  OKMark,
		social.StatusFailed:     ErrorMark,
		social.StatusPaused:     "‖",
	}
	m, ok := marks[st]
	if !ok {
		m = "·"
	}
	return m + " " + string(st)
}

// Form returns a huh theme in the same palette, for forms embedded in the TUI.
func Form() huh.Theme {
	return huh.ThemeFunc(func(isDark bool) *huh.Styles {
		p := newPalette(isDark)
		t := huh.ThemeBase(isDark)
		st := lipgloss.NewStyle()
		t.Focused.Base = t.Focused.Base.BorderForeground(p.accent)
		t.Focused.Card = t.Focused.Base
		t.Focused.Title = st.Foreground(p.accent).Bold(true)
		t.Focused.Description = st.Foreground(p.muted)
		t.Focused.ErrorIndicator = st.Foreground(p.red).SetString(" " + ErrorMark)
		t.Focused.ErrorMessage = st.Foreground(p.red)
		t.Focused.SelectSelector = st.Foreground(p.accent).SetString(Cursor + " ")
		t.Focused.Option = st.Foreground(p.fg)
		t.Focused.SelectedOption = st.Foreground(p.accent)
		t.Focused.NextIndicator = st.Foreground(p.accent).MarginLeft(1).SetString("→")
		t.Focused.PrevIndicator = st.Foreground(p.accent).MarginRight(1).SetString("←")
		t.Focused.TextInput.Cursor = st.Foreground(p.accent)
		t.Focused.TextInput.Placeholder = st.Foreground(p.faint)
		t.Focused.TextInput.Prompt = st.Foreground(p.accent)
		t.Focused.TextInput.Text = st.Foreground(p.fg)
		t.Blurred = t.Focused
		t.Blurred.Base = t.Blurred.Base.BorderStyle(lipgloss.HiddenBorder())
		t.Blurred.Card = t.Blurred.Base
		t.Blurred.Title = st.Foreground(p.muted)
		t.Blurred.NextIndicator = st
		t.Blurred.PrevIndicator = st
		t.Group.Title = st.Foreground(p.accent).Bold(true)
		t.Group.Description = st.Foreground(p.muted)
		t.Help = p.help()
		return t
	})
}

// Background returns a stand-in terminal background for a dark or light theme, for
// components that pick their palette from a tea.BackgroundColorMsg.
func Background(isDark bool) color.Color {
	if isDark {
		return lipgloss.Color("#000000")
	}
	return lipgloss.Color("#FFFFFF")
}
