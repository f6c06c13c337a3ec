package composer

import (
	"fmt"
	"image"
	_ "image/gif"  // DecodeConfig reads the sizes of the image types
	_ "image/jpeg" // platforms take
	_ "image/png"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
)

// promptKind is what the status-line prompt asks.
type promptKind int

const (
	promptPath promptKind = iota // the file of a new image
	promptAlt                    // the alt text of an image
)

// prompt asks for a line of text on the status line: an image's path, then its alt
// text.
type prompt struct {
	kind     promptKind
	input    textinput.Model
	part     int          // the part the image is on
	index    int          // the image whose alt text is edited; -1: a new image
	media    social.Media // the checked file, for a new image
	checking bool
	err      string
	about    string // what the prompt is about, over it
	// The path prompt's completion: what the last tab matched, and the demo's sample
	// folder to offer on an empty line.
	matches []string
	sample  string
}

// confirm holds an action that waits for its key again ("x again removes it").
type confirm struct {
	key string
	do  func() tea.Cmd
}

// ask asks, with key k pressed again to confirm.
func (m *Model) ask(k, question string, do func() tea.Cmd) {
	m.confirm = &confirm{key: k, do: do}
	m.note = question
}

func (m *Model) newPrompt(kind promptKind, label, value string) *prompt {
	in := textinput.New()
	in.SetStyles(m.env.Styles.Input)
	in.Prompt = label
	in.CharLimit = 1500 // above every platform's alt-text limit
	in.SetWidth(max(m.innerWidth()-len([]rune(label))-1, 10))
	in.SetValue(value)
	in.CursorEnd()
	return &prompt{kind: kind, input: in, index: -1}
}

// askMedia is ctrl+a: ask for an image's path, for the part being edited.
func (m *Model) askMedia() tea.Cmd {
	part := m.part()
	if m.focus.kind == fieldTo || m.focus.kind == fieldWhen {
		m.err = "images go on a part: tab to the text first"
		return nil
	}
	if part >= len(m.main.parts) {
		m.err = fmt.Sprintf("images belong to the main text's parts, and it has no part %d", part+1)
		return nil
	}
	m.prompt = m.newPrompt(promptPath, "Image file: ", "")
	m.prompt.part = part
	m.prompt.about = "the image's file: a path (~ works), tab completes · enter checks it · esc cancels"
	m.prompt.sample = sampleDirOf(m.src)
	return m.prompt.input.Focus()
}

// editAlt asks for the alt text of image i of the focused part.
func (m *Model) editAlt(i int) tea.Cmd {
	md := m.mediaOf(m.focus.part)[i]
	m.prompt = m.newPrompt(promptAlt, "Alt text for "+filepath.Base(md.Path)+": ", md.Alt)
	m.prompt.part, m.prompt.index = m.focus.part, i
	m.prompt.about = mediaLine(md) + " · enter saves the alt text · esc keeps it as it was"
	return m.prompt.input.Focus()
}

// promptKey handles a key while the prompt is open: enter accepts, esc cancels.
func (m *Model) promptKey(k tea.KeyPressMsg) tea.Cmd {
	p := m.prompt
	switch {
	case key.Matches(k, m.keys.Close):
		m.prompt = nil
		return m.refocus()
	case k.String() == "enter":
		if p.checking {
			return nil
		}
		if p.kind == promptPath {
			p.checking, p.err = true, ""
			return inspect(p.part, p.input.Value())
		}
		return m.acceptAlt()
	case key.Matches(k, m.keys.Complete) && p.kind == promptPath:
		m.completeIn(p)
		return nil
	}
	p.matches, p.err = nil, ""
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(k)
	return cmd
}

// completeIn is tab on the path prompt. An empty line goes to the sample folder when
// there is one; otherwise the path is completed. Landing in a folder lists what is in it,
// so the next tab's choices show before it is pressed. The folder is read here rather
// than in a command: one local listing, and the answer must land on this very input.
func (m *Model) completeIn(p *prompt) {
	cwd, _ := os.Getwd()
	home, _ := os.UserHomeDir()
	in := p.input.Value()
	var matches []string
	if strings.TrimSpace(in) == "" && p.sample != "" {
		in = tilde(p.sample, home) + "/"
	} else {
		in, matches = completePath(in, cwd, home)
	}
	if strings.HasSuffix(in, "/") && len(matches) <= 1 {
		_, matches = completePath(in, cwd, home)
	}
	p.input.SetValue(in)
	p.input.CursorEnd()
	p.matches, p.err = matches, ""
	if matches == nil {
		p.err = "no folder or image (png, jpg, gif, webp) matches " + in
	}
}

// acceptAlt adds the new image with its alt text, or changes an image's.
func (m *Model) acceptAlt() tea.Cmd {
	p := m.prompt
	m.prompt = nil
	alt := strings.TrimSpace(p.input.Value())
	for len(m.media) <= p.part {
		m.media = append(m.media, nil)
	}
	if p.index < 0 {
		md := p.media
		md.Alt = alt
		m.media[p.part] = append(m.media[p.part], md)
		m.note = "added " + mediaLine(md)
	} else if p.index < len(m.media[p.part]) {
		m.media[p.part][p.index].Alt = alt
		m.note = "alt text of " + filepath.Base(m.media[p.part][p.index].Path) + " saved"
	}
	if alt == "" {
		m.note += " · no alt text: people who cannot see it will not know what it shows"
	}
	return tea.Batch(m.refocus(), m.changed(true))
}

// mediaMsg carries a checked image file.
type mediaMsg struct {
	part  int
	media social.Media
	err   error
}

// inspect checks, in a command, that path is an image file and reads what the platforms
// need to know of it: its type, size and pixel size.
func inspect(part int, path string) tea.Cmd {
	return func() tea.Msg {
		md, err := imageFile(path)
		return mediaMsg{part: part, media: md, err: err}
	}
}

func imageFile(path string) (social.Media, error) {
	path = cleanPath(path)
	if path == "" {
		return social.Media{}, fmt.Errorf("type the path of an image file")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return social.Media{}, err
	}
	st, err := os.Stat(abs)
	switch {
	case os.IsNotExist(err):
		return social.Media{}, fmt.Errorf("no file at %s", abs)
	case err != nil:
		return social.Media{}, err
	case st.IsDir():
		return social.Media{}, fmt.Errorf("%s is a folder, not an image", abs)
	}
	f, err := os.Open(abs)
	if err != nil {
		return social.Media{}, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := f.Read(head)
	md := social.Media{Path: abs, Size: st.Size(), Mime: http.DetectContentType(head[:n])}
	if !strings.HasPrefix(md.Mime, "image/") {
		return social.Media{}, fmt.Errorf("%s is not an image (%s)", filepath.Base(abs), strings.SplitN(md.Mime, ";", 2)[0])
	}
	if _, err := f.Seek(0, 0); err == nil {
		if cfg, _, err := image.DecodeConfig(f); err == nil {
			md.Width, md.Height = cfg.Width, cfg.Height
		}
	}
	return md, nil
}

// cleanPath undoes what a terminal adds to a path dropped onto it (quotes, backslash
// escapes) and expands ~.
func cleanPath(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	} else {
		s = strings.ReplaceAll(s, `\ `, " ")
	}
	if s == "~" || strings.HasPrefix(s, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			s = filepath.Join(home, s[1:])
		}
	}
	return s
}

func (m *Model) gotMedia(msg mediaMsg) tea.Cmd {
	p := m.prompt
	if p == nil || p.kind != promptPath || !p.checking || p.part != msg.part {
		return nil
	}
	p.checking = false
	if msg.err != nil {
		p.err = msg.err.Error()
		return nil
	}
	m.prompt = m.newPrompt(promptAlt, "Alt text for "+filepath.Base(msg.media.Path)+": ", "")
	m.prompt.part, m.prompt.media = msg.part, msg.media
	m.prompt.about = mediaLine(msg.media) + " · describe what it shows, for people who cannot see it"
	return m.prompt.input.Focus()
}

// mediaKey handles a key on a part's images: move, alt text, remove.
func (m *Model) mediaKey(k tea.KeyPressMsg) tea.Cmd {
	ms := m.mediaOf(m.focus.part)
	if len(ms) == 0 {
		return nil
	}
	m.mediaAt = min(max(m.mediaAt, 0), len(ms)-1)
	switch {
	case key.Matches(k, m.keys.Up):
		m.mediaAt = max(m.mediaAt-1, 0)
	case key.Matches(k, m.keys.Down):
		m.mediaAt = min(m.mediaAt+1, len(ms)-1)
	case key.Matches(k, m.keys.Alt):
		return m.editAlt(m.mediaAt)
	case key.Matches(k, m.keys.Remove):
		part, i := m.focus.part, m.mediaAt
		name := filepath.Base(ms[i].Path)
		m.ask(k.String(), k.String()+" again removes "+name, func() tea.Cmd {
			m.media[part] = slices.Delete(m.media[part], i, i+1)
			m.note = "removed " + name
			return tea.Batch(m.refocus(), m.changed(true))
		})
	}
	return nil
}

// mediaLine describes an image: name, size, pixels.
func mediaLine(md social.Media) string {
	s := filepath.Base(md.Path) + " · " + byteSize(md.Size)
	if md.Width > 0 {
		s += fmt.Sprintf(" · %d×%d", md.Width, md.Height)
	}
	return s
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d B", n)
}
