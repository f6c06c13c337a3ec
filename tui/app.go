// Package tui is chorus's terminal interface: the root Bubble Tea model with three panes
// (calendar, inbox, metrics), the client switcher, the status bar and help, and the
// first-run welcome.
//
// Everything the user sees is read from the store, and every read runs in a tea.Cmd
// that returns a typed message; Update and View never touch the store or the network.
// Each pane lives in its own package with its own key map and drops results that a
// newer load has overtaken.
package tui

import (
	"context"
	"log/slog"
	"os/exec"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui/calendar"
	"github.com/chorus-social/chorus/tui/composer"
	"github.com/chorus-social/chorus/tui/inbox"
	"github.com/chorus-social/chorus/tui/metrics"
	"github.com/chorus-social/chorus/tui/pane"
	"github.com/chorus-social/chorus/tui/theme"
	"github.com/chorus-social/chorus/tui/thread"
)

// Deps is everything the TUI needs; functions keep it decoupled from the engine and CLI.
type Deps struct {
	DB  *store.DB        // required: every pane reads from it
	Now func() time.Time // nil: time.Now
	// Sync pulls inbox and metrics for a client ("" for all) and says what it did. "R"
	// and the periodic sync call it in a command; nil disables syncing.
	Sync func(ctx context.Context, clientID string) (summary string, err error)
	// SyncInterval is the TUI's own periodic sync; 0: none. chorus sets 0 and runs the
	// engine beside the TUI instead (it sends PublishedMsg and SyncedMsg).
	SyncInterval time.Duration
	// Daemon says whether a `chorus daemon` runs for the database (daemon.Status); the
	// status bar asks every few seconds, in a command. nil: the status bar does not say.
	Daemon func() (DaemonState, error)
	// Pause is the crisis switch (`!`): the engine's PauseClient, which also takes back
	// posts handed to platforms; held names those it could not, which may still go out.
	// nil: the store pauses what is not with a platform.
	Pause func(ctx context.Context, clientID string) (paused int, held []string, err error)
	// Resume resumes what Pause paused; missed posts (time passed while paused) go out
	// now only with sendMissed, else stay paused. nil: the store's ResumeClient at Now.
	Resume func(ctx context.Context, clientID string, sendMissed bool) (resumed, skipped int, err error)
	// Counter gives a platform's counting rule and length limit for the reply box's
	// live counter (from the platforms registry's Capabilities). nil: runes, no limit.
	Counter func(p social.Platform) (count func(string) int, max int)
	// Publish drains the outbox (the engine's PublishDue): likes and replies call it
	// right after queueing, and a post the composer schedules for "now". nil: they go out
	// on the next sync.
	Publish func(ctx context.Context) error
	// Queue gives an account's next free queue slot after a time (the engine's queue):
	// the composer's "queue". nil: "queue" says no queue is configured.
	Queue func(ctx context.Context, accountID string, after time.Time) (time.Time, error)
	// Open opens a web address in the system's browser (`o` in the inbox); nil: `o`
	// suggests copying the link instead.
	Open func(url string) error
	// Thread fetches the conversation around an inbox item from its platform (enter in
	// the inbox); nil: the thread view shows what is stored.
	Thread thread.FetchFunc
	// LoadDemo fills the database with the demo workspace (first-run choice).
	LoadDemo func(ctx context.Context) error
	// SaveSecret stores the token or app password the first-run form was given.
	SaveSecret func(accountID, secret string) error
	// Login returns the command that logs an account in again (`chorus accounts login
	// ID`); the TUI hands it the terminal and reloads when it ends. nil: the status bar
	// says which command to run instead.
	Login func(accountID string) *exec.Cmd
	// Platforms names the platforms the add-account form offers (platforms.Names()).
	Platforms []string
	Theme     string // "auto" (ask the terminal), "dark" or "light"
	FirstRun  bool   // start on the welcome screen
	Log       *slog.Logger
}

// screen is what fills the terminal.
type screen int

const (
	screenPanes screen = iota
	screenWelcome
	screenForm
)

// The panes, in tab order.
const (
	paneCalendar = iota
	paneInbox
	paneMetrics
	nPanes
)

// Minimum terminal size the layout is designed for.
const (
	minWidth  = 80
	minHeight = 24
)

// tabPane is what the root asks of each pane.
type tabPane interface {
	Title() string
	Keys() help.KeyMap
	SetSize(w, h int)
	SetClient(id string) tea.Cmd
	Reload() tea.Cmd
	Update(tea.Msg) tea.Cmd
	View() string
}

// App is the root model; it implements tea.Model. It owns the window size, the active
// pane, the client filter, the theme and the status bar.
type App struct {
	d      Deps
	db     rootStore
	now    func() time.Time
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc

	keys   KeyMap
	styles theme.Styles
	help   help.Model

	width, height int
	screen        screen
	active        int
	panes         [nPanes]tabPane
	cal           *calendar.Model
	inbox         *inbox.Model
	metrics       *metrics.Model
	env           pane.Env
	// composer is open over the panes while non-nil; it has every key.
	composer *composer.Model

	clientID string
	clients  []social.Client
	status   status
	switcher switcher
	// crisis is the crisis switch's question while non-nil; it has every key.
	crisis   *crisis
	welcome  welcome
	form     *accountForm
	quitting bool
}

var _ tea.Model = (*App)(nil)

// New returns the TUI for d. Nothing is read until the program runs Init.
func New(d Deps) *App {
	ctx, cancel := context.WithCancel(context.Background())
	a := &App{
		d:      d,
		db:     d.DB,
		now:    d.Now,
		log:    d.Log,
		ctx:    ctx,
		cancel: cancel,
		keys:   DefaultKeyMap(),
		help:   help.New(),
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	// Until the terminal answers, assume dark: most terminals are.
	a.switcher = newSwitcher()
	a.setTheme(d.Theme != "light")
	env := pane.Env{Ctx: ctx, Styles: &a.styles, Now: a.now}
	a.env = env
	a.cal = calendar.New(d.DB, env)
	a.cal.SetPublisher(d.Publish)
	a.inbox = inbox.New(d.DB, env)
	a.inbox.SetOutbox(inbox.Outbox{Counter: d.Counter, Publish: d.Publish})
	a.inbox.SetOpener(d.Open)
	a.inbox.SetThreadFetcher(d.Thread)
	a.metrics = metrics.New(d.DB, env)
	a.panes = [nPanes]tabPane{a.cal, a.inbox, a.metrics}
	a.welcome = welcome{keys: defaultWelcomeKeys()}
	if d.FirstRun {
		a.screen = screenWelcome
	}
	return a
}

func (a *App) setTheme(dark bool) {
	a.styles = theme.New(dark)
	a.help.Styles = a.styles.Help
	a.switcher.input.SetStyles(a.styles.Input)
}

// Init starts every load at once, so the first full frame needs a single round of
// commands.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.loadClients(), a.loadCounts(), a.loadPostCounts(), a.checkDaemon(), a.clockTick(), a.syncTick()}
	for _, p := range a.panes {
		cmds = append(cmds, p.Reload())
	}
	if a.d.Theme != "dark" && a.d.Theme != "light" {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	return tea.Batch(cmds...)
}

// Update handles one message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := a.engineMsg(msg); ok {
		return a, cmd
	}
	if cmd, ok := a.crisisMsg(msg); ok {
		return a, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.layout()
		if a.form != nil {
			a.form.form.WithWidth(a.formWidth())
			return a, a.updateForm(tea.WindowSizeMsg{Width: a.formWidth(), Height: a.formHeight()})
		}
		return a, nil
	case tea.BackgroundColorMsg:
		if a.d.Theme == "dark" || a.d.Theme == "light" {
			return a, nil
		}
		a.setTheme(msg.IsDark())
		return a, a.updateForm(msg)
	case tea.KeyPressMsg:
		cmd := a.handleKey(msg)
		a.layout()
		return a, cmd
	case clientsLoadedMsg:
		if msg.err != nil {
			return a, a.fail("clients", msg.err)
		}
		a.clients = msg.clients
		if a.switcher.open {
			a.switcher.filter(msg.clients)
		}
		return a, nil
	case countsLoadedMsg:
		return a, a.gotCounts(msg)
	case syncTickMsg:
		var cmd tea.Cmd
		if a.screen == screenPanes {
			cmd = a.startSync()
		}
		return a, tea.Batch(cmd, a.syncTick())
	case syncDoneMsg:
		a.status.syncing = false
		if msg.err != nil {
			a.status.syncErr = msg.err
			a.log.Warn("sync failed", "client", msg.client, "err", msg.err)
		} else {
			a.status.syncErr = nil
			a.status.syncedAt, a.status.syncSummary = a.now(), msg.summary
			a.log.Info("synced", "client", msg.client, "summary", msg.summary)
		}
		// Reload even after a failure: a sync that failed half-way stored the other half.
		return a, tea.Batch(a.reloadAll(), a.loadPostCounts())
	case clockMsg:
		// Snoozed inbox items whose time came are open again: read them back, and count.
		return a, tea.Batch(a.clockTick(), a.inbox.Reload(), a.recount(), a.loadPostCounts())
	case demoLoadedMsg:
		a.welcome.busy = ""
		if msg.err != nil {
			return a, a.fail("demo", msg.err)
		}
		a.screen = screenPanes
		return a, a.reloadAll()
	case accountSavedMsg:
		return a, a.accountSaved(msg)
	case pane.ErrMsg:
		return a, a.fail(msg.Source, msg.Err)
	case pane.ChangedMsg:
		if msg.Note != "" {
			a.status.lastErr, a.status.note = "", msg.Note
		}
		return a, tea.Batch(a.recount(), a.loadPostCounts())
	case pane.LoginMsg:
		return a, a.login(msg.AccountID)
	case pane.ComposeMsg:
		return a, a.openComposer(msg)
	case composer.SavedMsg:
		return a, a.composerSaved(msg)
	case loginDoneMsg:
		if msg.err != nil {
			return a, a.fail("login "+msg.accountID, msg.err)
		}
		a.status.lastErr, a.status.note = "", msg.accountID+" logged in"
		return a, a.selectClient(a.clientID)
	}
	// The panes' load results, and the inner messages of the form, the switcher's input
	// and the composer (its loads and saves, focus changes, paste).
	cmds := []tea.Cmd{a.updateForm(msg), a.updateComposer(msg)}
	if a.switcher.open {
		var cmd tea.Cmd
		a.switcher.input, cmd = a.switcher.input.Update(msg)
		cmds = append(cmds, cmd)
	}
	for _, p := range a.panes {
		cmds = append(cmds, p.Update(msg))
	}
	return a, tea.Batch(cmds...)
}

func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.keys.ForceQuit) {
		// The composer and the reply box write what is not written yet before the
		// program ends.
		save := a.inbox.SaveDraft()
		if a.composer != nil {
			save = tea.Batch(save, a.composer.Close())
		}
		if save != nil {
			return tea.Sequence(save, a.quit())
		}
		return a.quit()
	}
	switch a.screen {
	case screenForm:
		return a.updateForm(msg)
	case screenWelcome:
		return a.updateWelcome(msg)
	}
	if a.switcher.open {
		return a.updateSwitcher(msg)
	}
	if a.composer != nil {
		return a.updateComposer(msg)
	}
	if a.crisis != nil {
		return a.updateCrisis(msg)
	}
	a.status.note = ""
	if a.typing() {
		return a.panes[a.active].Update(msg) // a prompt has the keyboard: no global keys
	}
	switch {
	case key.Matches(msg, a.keys.Quit):
		return a.quit()
	case key.Matches(msg, a.keys.Help):
		a.help.ShowAll = !a.help.ShowAll
	case key.Matches(msg, a.keys.Calendar):
		a.active = paneCalendar
	case key.Matches(msg, a.keys.Inbox):
		a.active = paneInbox
	case key.Matches(msg, a.keys.Metrics):
		a.active = paneMetrics
	case key.Matches(msg, a.keys.Next):
		a.active = (a.active + 1) % nPanes
	case key.Matches(msg, a.keys.Prev):
		a.active = (a.active + nPanes - 1) % nPanes
	case key.Matches(msg, a.keys.Client):
		return a.switcher.show(a.clients)
	case key.Matches(msg, a.keys.Sync):
		return a.startSync()
	case key.Matches(msg, a.keys.Crisis):
		return a.startCrisis()
	case key.Matches(msg, a.keys.New):
		var day time.Time
		if a.active == paneCalendar {
			day = a.cal.Day()
		}
		return a.openComposer(pane.ComposeMsg{Day: day})
	default:
		return a.panes[a.active].Update(msg)
	}
	return nil
}

// gotCounts shows the inbox-zero counters. When a change asked for a recount while this
// load ran, it shows these (better than older ones) and counts once more.
func (a *App) gotCounts(msg countsLoadedMsg) tea.Cmd {
	a.status.countsBusy--
	current := msg.seq == a.status.countsSeq
	var again tea.Cmd
	if a.status.countsBusy == 0 && a.status.countsAgain {
		a.status.countsAgain = false
		again = a.loadCounts()
	}
	switch {
	case !current:
		return again
	case msg.err != nil:
		return tea.Batch(again, a.fail("inbox counts", msg.err))
	}
	a.status.counts = msg.counts
	return again
}

// typing reports whether the composer or the active pane's text field has the keyboard.
func (a *App) typing() bool {
	if a.composer != nil {
		return a.composer.Typing()
	}
	t, ok := a.panes[a.active].(pane.Typer)
	return ok && t.Typing()
}

// login suspends the TUI for the account's login flow, which may ask for a password or
// open a browser: that needs the real terminal, not a widget.
func (a *App) login(accountID string) tea.Cmd {
	if a.d.Login == nil {
		a.status.note = "run `chorus accounts login " + accountID + "`"
		return nil
	}
	return tea.ExecProcess(a.d.Login(accountID), func(err error) tea.Msg {
		return loginDoneMsg{accountID: accountID, err: err}
	})
}

// selectClient filters every pane by client ("" for all) and reloads them.
func (a *App) selectClient(id string) tea.Cmd {
	a.clientID = id
	cmds := []tea.Cmd{a.loadCounts(), a.loadPostCounts()}
	for _, p := range a.panes {
		cmds = append(cmds, p.SetClient(id))
	}
	return tea.Batch(cmds...)
}

func (a *App) accountSaved(msg accountSavedMsg) tea.Cmd {
	if a.form == nil {
		return nil
	}
	if msg.err != nil {
		a.log.Warn("add account failed", "account", msg.accountID, "err", msg.err)
		v := a.form.values
		cmd := a.openForm(v)
		a.form.err = msg.err.Error()
		return cmd
	}
	a.form = nil
	a.screen = screenPanes
	var cmd tea.Cmd
	if msg.secretErr != nil {
		cmd = a.fail("secret", msg.secretErr)
	}
	return tea.Batch(cmd, a.reloadAll())
}

// fail shows a command's error in the status bar and logs it.
func (a *App) fail(source string, err error) tea.Cmd {
	if err == nil || a.ctx.Err() != nil {
		return nil // quitting cancels reads in flight; that is no error to show
	}
	a.status.fail(source, err)
	a.log.Warn("command failed", "source", source, "err", err)
	return nil
}

func (a *App) quit() tea.Cmd {
	a.quitting = true
	a.cancel()
	return tea.Quit
}

// openComposer opens the composer over the panes: on a post to edit it, or on a new post
// for the current client (the composer asks which when "All clients" is on).
func (a *App) openComposer(msg pane.ComposeMsg) tea.Cmd {
	if a.composer != nil {
		return nil
	}
	req := composer.Request{PostID: msg.PostID, ClientID: a.clientID, Clients: a.clients, Day: msg.Day}
	opt := composer.Options{Counter: a.d.Counter, Queue: a.d.Queue, Publish: a.d.Publish}
	m, cmd := composer.New(a.d.DB, a.env, opt, req)
	a.composer = m
	a.status.lastErr, a.status.note = "", ""
	a.layout()
	return cmd
}

// updateComposer hands a message to the open composer, and drops it once it closed.
func (a *App) updateComposer(msg tea.Msg) tea.Cmd {
	if a.composer == nil {
		return nil
	}
	cmd := a.composer.Update(msg)
	if a.composer.Done() {
		a.composer = nil
		a.layout()
	}
	return cmd
}

// composerSaved shows what the composer stored and reloads what shows posts.
func (a *App) composerSaved(msg composer.SavedMsg) tea.Cmd {
	if msg.Err != nil {
		return tea.Batch(a.fail("composer", msg.Err), a.cal.Reload())
	}
	if msg.Note != "" {
		a.status.lastErr, a.status.note = "", msg.Note
	}
	return tea.Batch(a.cal.Reload(), a.recount(), a.loadPostCounts())
}
