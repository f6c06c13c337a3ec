package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// The root's messages: one per event, each the result of one command.
type (
	// loginDoneMsg: the login flow of an account ended.
	loginDoneMsg struct {
		accountID string
		err       error
	}
	clientsLoadedMsg struct {
		clients []social.Client
		err     error
	}
	countsLoadedMsg struct {
		seq    int
		counts map[string]int
		err    error
	}
	syncDoneMsg struct {
		client  string
		summary string
		err     error
	}
	// syncTickMsg starts a periodic sync.
	syncTickMsg struct{}
	// clockMsg redraws, so ages ("3m", "synced 2m ago") move on while nothing happens.
	clockMsg        struct{}
	demoLoadedMsg   struct{ err error }
	accountSavedMsg struct {
		clientID  string
		accountID string
		err       error // nothing or not all was saved
		secretErr error // client and account saved, the secret not
	}
)

// rootStore is what the root model itself reads and writes; *store.DB implements it.
type rootStore interface {
	Clients(ctx context.Context) ([]social.Client, error)
	OpenCounts(ctx context.Context, now time.Time) (map[string]int, error)
	PutClient(ctx context.Context, c social.Client) error
	PutAccount(ctx context.Context, a social.Account) error
	PostCounts(ctx context.Context, clientID string, now time.Time) (store.PostCounts, error)
	PauseClient(ctx context.Context, clientID string) (int, error)
	ResumeClient(ctx context.Context, clientID string, now time.Time, sendMissed bool) (resumed, skipped int, err error)
}

// syncTimeout bounds one sync run started by the TUI, so a hung network call cannot
// leave the status bar saying "syncing…" forever.
const syncTimeout = 5 * time.Minute

// clockEvery is how often the screen redraws on its own.
const clockEvery = time.Minute

func (a *App) loadClients() tea.Cmd {
	ctx, db := a.ctx, a.db
	return func() tea.Msg {
		cs, err := db.Clients(ctx)
		return clientsLoadedMsg{clients: cs, err: err}
	}
}

func (a *App) loadCounts() tea.Cmd {
	a.status.countsSeq++
	a.status.countsBusy++
	ctx, db, seq, now := a.ctx, a.db, a.status.countsSeq, a.now()
	return func() tea.Msg {
		c, err := db.OpenCounts(ctx, now)
		return countsLoadedMsg{seq: seq, counts: c, err: err}
	}
}

// recount reloads the counters after a change, at most one load at a time: while one
// runs, it only asks for another when that one is back.
func (a *App) recount() tea.Cmd {
	if a.status.countsBusy > 0 {
		a.status.countsAgain = true
		return nil
	}
	return a.loadCounts()
}

// reloadAll reads everything again: after a sync, the demo, or a new account.
func (a *App) reloadAll() tea.Cmd {
	cmds := []tea.Cmd{a.loadClients(), a.loadCounts()}
	for _, p := range a.panes {
		cmds = append(cmds, p.Reload())
	}
	return tea.Batch(cmds...)
}

func (a *App) syncTick() tea.Cmd {
	if a.d.Sync == nil || a.d.SyncInterval <= 0 {
		return nil
	}
	return tea.Tick(a.d.SyncInterval, func(time.Time) tea.Msg { return syncTickMsg{} })
}

func (a *App) clockTick() tea.Cmd {
	return tea.Tick(clockEvery, func(time.Time) tea.Msg { return clockMsg{} })
}

// startSync runs Deps.Sync for the current client in a command; one at a time.
func (a *App) startSync() tea.Cmd {
	if a.d.Sync == nil {
		a.status.note = "sync is not set up"
		return nil
	}
	if a.status.syncing {
		return nil
	}
	a.status.syncing, a.status.note = true, ""
	ctx, client, sync := a.ctx, a.clientID, a.d.Sync
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, syncTimeout)
		defer cancel()
		summary, err := sync(ctx, client)
		return syncDoneMsg{client: client, summary: summary, err: err}
	}
}

func (a *App) loadDemo() tea.Cmd {
	ctx, load := a.ctx, a.d.LoadDemo
	return func() tea.Msg { return demoLoadedMsg{err: load(ctx)} }
}
