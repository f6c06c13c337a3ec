// Package composer is where a post is written once and shaped for each account: the
// target accounts of one client with a live counter each, a text of its own for an
// account whose platform needs one, thread parts, images with alt text, $EDITOR, the
// "when", and the way from idea to draft, review, approval and the schedule.
//
// Nothing typed is lost: every change is written to the store (debounced, in a command),
// the first one creating the post, and closing writes what is left. A post with no
// accounts yet is an idea; with accounts, a draft. Reopening a post restores it as it was
// left, the "when" input included.
package composer

import (
	"context"
	"os"
	"os/exec"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/pane"
)

// Source is what the composer reads and writes; *store.DB implements it.
type Source interface {
	Client(ctx context.Context, id string) (social.Client, error)
	Accounts(ctx context.Context, clientID string) ([]social.Account, error)
	Composed(ctx context.Context, id int64) (store.Composed, error)
	SaveComposed(ctx context.Context, c *store.Composed) error
	DeletePost(ctx context.Context, id int64) error
	PlanningPosts(ctx context.Context, clientID string, limit int) ([]store.PlanningRow, error)
}

// Options are the composer's links to the rest of chorus; every one may be nil.
type Options struct {
	// Counter gives a platform's counting rule and length limit (0: none). nil: runes,
	// no limit.
	Counter func(p social.Platform) (count func(string) int, max int)
	// Queue gives an account's next free queue slot after a time. nil: "queue" says no
	// queue is configured.
	Queue func(ctx context.Context, accountID string, after time.Time) (time.Time, error)
	// Publish sends what is due; a post scheduled for "now" calls it at once. nil: it
	// goes out on the next sync.
	Publish func(ctx context.Context) error
	// Getenv reads $VISUAL and $EDITOR. nil: os.Getenv.
	Getenv func(string) string
	// Exec hands the terminal to the editor. nil: tea.ExecProcess.
	Exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd
}

// Request says what to open: post PostID, or (PostID 0) a new post for ClientID, due on
// Day when that is a day after today. With no ClientID the composer first asks which of
// Clients the post is for.
type Request struct {
	PostID   int64
	ClientID string
	Clients  []social.Client
	Day      time.Time
}

// SavedMsg tells the root that the composer stored a post: on closing, on scheduling, or
// once a post scheduled for "now" was sent. The root shows Note (or Err) and reloads what
// shows posts.
type SavedMsg struct {
	PostID int64
	Note   string
	Err    error
}

// stage is what the composer shows.
type stage int

const (
	stagePick    stage = iota // which client the post is for
	stageLoading              // reading the client, its accounts and the post
	stageEdit
	stageDrafts // the client's drafts, to open one
)

// Model is the composer. It is opened by New and closed by esc (or a schedule); Done then
// reports true and the root drops it.
type Model struct {
	src  Source
	env  pane.Env
	opt  Options
	keys KeyMap
	req  Request

	width, height int
	stage         stage
	done          bool
	dark          bool
	seq           int // of loads: a result for an older one is dropped

	pick    int // the client under the cursor (stagePick)
	drafts  []store.PlanningRow
	draftAt int // the draft under the cursor (stageDrafts)

	post

	prompt  *prompt
	confirm *confirm
	note    string // a passing remark on the status line
	err     string // what went wrong, on the status line until the next key
	busy    bool   // a schedule is being written: keys wait
}

// New opens the composer for req; the command loads what it needs.
func New(src Source, env pane.Env, opt Options, req Request) (*Model, tea.Cmd) {
	if opt.Getenv == nil {
		opt.Getenv = os.Getenv
	}
	if opt.Exec == nil {
		opt.Exec = tea.ExecProcess
	}
	m := &Model{src: src, env: env, opt: opt, keys: DefaultKeyMap(), req: req, dark: env.Styles.Dark}
	m.post = newPost()
	switch {
	case req.PostID > 0:
		return m, m.load("", req.PostID)
	case req.ClientID != "":
		return m, m.load(req.ClientID, 0)
	case len(req.Clients) == 1:
		return m, m.load(req.Clients[0].ID, 0)
	}
	m.stage = stagePick
	return m, nil
}

// Done reports whether the composer has closed.
func (m *Model) Done() bool { return m.done }

// Typing reports true while the composer is open: every key is its own (pane.Typer).
func (m *Model) Typing() bool { return !m.done }

var _ pane.Typer = (*Model)(nil)

// PostID is the post being composed, 0 until the first change stored it.
func (m *Model) PostID() int64 { return m.postID }

// SetSize sets the area the composer draws in.
func (m *Model) SetSize(w, h int) {
	if w == m.width && h == m.height {
		return
	}
	m.width, m.height = w, h
	m.resize()
}

// Keys returns the keys that apply now, for the help line.
func (m *Model) Keys() help.KeyMap { return m.keys.For(m) }

// Update handles a message; the root sends every message while the composer is open.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if m.done {
		return nil
	}
	cmd := m.update(msg)
	m.layout()
	return cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	if m.dark != m.env.Styles.Dark {
		m.dark = m.env.Styles.Dark
		m.restyle()
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.busy {
			return nil
		}
		return m.key(msg)
	case loadedMsg:
		return m.loaded(msg)
	case draftsMsg:
		return m.gotDrafts(msg)
	case tickMsg:
		return m.gotTick(msg)
	case savedMsg:
		return m.gotSaved(msg)
	case scheduledMsg:
		return m.gotScheduled(msg)
	case queueMsg:
		return m.gotQueue(msg)
	case mediaMsg:
		return m.gotMedia(msg)
	case editorReadyMsg:
		return m.gotEditorReady(msg)
	case editedMsg:
		return m.gotEdited(msg)
	case tea.PasteMsg:
		return m.paste(msg)
	}
	return nil
}

// key routes a key press by what the composer shows.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	m.note = ""
	switch m.stage {
	case stagePick:
		return m.pickKey(k)
	case stageLoading:
		if key.Matches(k, m.keys.Close) {
			return m.close()
		}
		return nil
	case stageDrafts:
		return m.draftsKey(k)
	}
	m.err = ""
	if c := m.confirm; c != nil {
		m.confirm = nil
		if k.String() == c.key {
			return c.do()
		}
	}
	if m.prompt != nil {
		return m.promptKey(k)
	}
	return m.editKey(k)
}

// editKey handles a key while the post is being edited: the composer's own keys first,
// then the focused field's.
func (m *Model) editKey(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Close):
		return m.close()
	case key.Matches(k, m.keys.Next):
		return m.moveFocus(1)
	case key.Matches(k, m.keys.Prev):
		return m.moveFocus(-1)
	case key.Matches(k, m.keys.Save):
		return m.saveDraft()
	case key.Matches(k, m.keys.Schedule):
		return m.schedule()
	case key.Matches(k, m.keys.Review):
		return m.submitForReview()
	case key.Matches(k, m.keys.Approve):
		return m.approve()
	case key.Matches(k, m.keys.Drafts):
		return m.openDrafts()
	case key.Matches(k, m.keys.Part):
		return m.addPart()
	case key.Matches(k, m.keys.Media):
		return m.askMedia()
	case key.Matches(k, m.keys.Editor):
		return m.openEditor()
	}
	switch m.focus.kind {
	case fieldTo:
		return m.toKey(k)
	case fieldMedia:
		return m.mediaKey(k)
	case fieldWhen:
		return m.whenKey(k)
	}
	return m.partKey(k)
}

// paste inserts pasted text where text is being typed.
func (m *Model) paste(msg tea.PasteMsg) tea.Cmd {
	if m.stage != stageEdit || m.busy {
		return nil
	}
	if m.prompt != nil {
		var cmd tea.Cmd
		m.prompt.input, cmd = m.prompt.input.Update(msg)
		return cmd
	}
	switch m.focus.kind {
	case fieldPart:
		return m.partKey(msg)
	case fieldWhen:
		return m.whenKey(msg)
	}
	return nil
}
