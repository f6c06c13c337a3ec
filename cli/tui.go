package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/chorus-social/chorus/config"
	"github.com/chorus-social/chorus/daemon"
	"github.com/chorus-social/chorus/engine"
	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/queue"
	"github.com/chorus-social/chorus/seed"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/tui"
	"github.com/chorus-social/chorus/tui/composer"
)

// runTUI opens the TUI on the configured database, or on the demo workspace.
func (a *app) runTUI(ctx context.Context) error {
	if !isTerminal(a.stdin) || !isTerminal(a.stdout) {
		return usagef("the TUI needs a terminal; for scripts use the commands (chorus --help)")
	}
	if a.demo {
		a.cfg.Database = config.DemoDBPath()
	}
	db, err := a.store(ctx)
	if err != nil {
		return err
	}
	if a.demo {
		if err := ensureDemo(ctx, db, a.cfg.Demo.Seed); err != nil {
			return err
		}
	}
	clients, err := db.Clients(ctx)
	if err != nil {
		return err
	}
	pub, err := a.publisher(ctx)
	if err != nil {
		return err
	}
	syn, err := a.syncer(ctx)
	if err != nil {
		return err
	}
	sec, err := a.secrets()
	if err != nil {
		return err
	}
	var names []string
	for _, n := range platforms.Names() {
		names = append(names, string(n))
	}
	deps := tui.Deps{
		DB: db,
		// One "sync" in the TUI also sends what is due: while the TUI is open it is
		// the engine, as the daemon is when it is closed.
		Sync: func(ctx context.Context, clientID string) (string, error) {
			prep, perr := pub.PublishDue(ctx)
			rep, err := syn.SyncClient(ctx, clientID)
			if err == nil {
				err = rep.Err()
			}
			summary := rep.Summary()
			if prep.Published > 0 {
				summary = fmt.Sprintf("%d posts published, %s", prep.Published, summary)
			}
			return summary, errors.Join(perr, err)
		},
		// No periodic sync of the TUI's own: the engine below syncs on sync.interval; R
		// still syncs at once.
		SyncInterval: 0,
		Daemon: func() (tui.DaemonState, error) {
			st, err := daemon.Status(db.Path())
			return tui.DaemonState{Running: st.Running, PID: st.PID}, err
		},
		Pause: func(ctx context.Context, clientID string) (int, []string, error) {
			rep, err := pub.PauseClient(ctx, clientID)
			var held []string
			for _, h := range rep.Held {
				held = append(held, h.Error())
			}
			return rep.Paused, held, err
		},
		Resume: func(ctx context.Context, clientID string, sendMissed bool) (int, int, error) {
			return db.ResumeClient(ctx, clientID, time.Now(), sendMissed)
		},
		// The reply box counts as the platform does; likes and replies are sent at once.
		Counter: func(p social.Platform) (func(string) int, int) {
			ad, err := pub.Platforms.Get(p)
			if err != nil {
				return nil, 0
			}
			c := ad.Info().Caps
			return c.Count, c.MaxLength
		},
		Publish: func(ctx context.Context) error {
			_, err := pub.PublishDue(ctx)
			return err
		},
		// "queue" in the composer: each account's next free weekly slot.
		Queue: queue.NextFunc(db),
		Thread: func(ctx context.Context, it social.InboxItem) ([]social.InboxItem, error) {
			return fetchThread(ctx, db, pub.Platforms, it)
		},
		LoadDemo: func(ctx context.Context) error {
			_, err := seed.Workspace(ctx, db, a.cfg.Demo.Seed, time.Now())
			return err
		},
		SaveSecret: sec.Set,
		Login:      a.loginCommand,
		Open:       openBrowser,
		Platforms:  names,
		Theme:      a.cfg.Theme,
		FirstRun:   len(clients) == 0,
		Log:        a.log,
	}
	a.tuiRunning.Store(true)
	prog := tea.NewProgram(tui.New(deps), tea.WithContext(ctx))
	// While the TUI is open it runs the engine the daemon runs, standing by while a
	// daemon holds the database's lock.
	stop := startEngine(ctx, daemon.Config{DB: db, Publisher: pub, Syncer: syn,
		SyncInterval: a.cfg.Sync.Interval, PublishInterval: a.cfg.Publish.Interval, Log: a.log}, prog.Send, a.stderr)
	_, err = prog.Run()
	stop()
	a.tuiRunning.Store(false)
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// engineSlowNote is how long stopping the engine may take before the terminal says why
// it waits.
const engineSlowNote = time.Second

// startEngine runs daemon.Run in standby beside the TUI, sending what it does to send
// (the program's Send) as tui.PublishedMsg and tui.SyncedMsg. stop ends it and waits for
// the sends in flight to finish (up to the publisher's Grace), so the database can close;
// if that takes a while it says so on stderr.
func startEngine(ctx context.Context, cfg daemon.Config, send func(tea.Msg), stderr io.Writer) (stop func()) {
	cfg.Standby = true
	cfg.OnPublish = func(rep engine.PublishReport, err error) {
		send(tui.PublishedMsg{Published: rep.Published + rep.PublishedByPlatform, Retrying: rep.Retrying, Failed: rep.Failed, Err: err})
	}
	cfg.OnSync = func(rep engine.SyncReport, err error) {
		send(tui.SyncedMsg{Summary: rep.Summary(), Err: errors.Join(err, rep.Err())})
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := daemon.Run(ctx, cfg); err != nil && cfg.Log != nil {
			cfg.Log.Error("engine", "err", err)
		}
	}()
	return func() {
		cancel()
		select {
		case <-done:
			return
		case <-time.After(engineSlowNote):
		}
		fmt.Fprintln(stderr, "chorus: finishing a send…")
		<-done
	}
}

// loginCommand is `chorus accounts login ID` on this same database and config, for the
// TUI to hand the terminal to.
func (a *app) loginCommand(accountID string) *exec.Cmd {
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	args := []string{"--db", a.cfg.DBPath(), "--log", a.cfg.LogPath()}
	if a.configFile != "" {
		args = append(args, "--config", a.configFile)
	}
	return exec.Command(self, append(args, "accounts", "login", accountID)...)
}

// openBrowser starts the system's browser on url and does not wait for it. Its output is
// dropped: the terminal belongs to the TUI.
func openBrowser(url string) error {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("no %s here to open a browser; y copies the link", name)
	}
	cmd := exec.Command(path, url)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it
	return nil
}

// fetchThread asks the item's platform for the conversation around it; a platform that
// cannot answers errors.ErrUnsupported, which the thread view does not show as a failure.
func fetchThread(ctx context.Context, db *store.DB, set *platforms.Set, it social.InboxItem) ([]social.InboxItem, error) {
	ad, err := set.Get(it.Platform)
	if err != nil {
		return nil, err
	}
	tr, ok := ad.(platforms.ThreadReader)
	if !ok {
		return nil, fmt.Errorf("%s: %w", it.Platform, errors.ErrUnsupported)
	}
	acct, err := db.Account(ctx, it.AccountID)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return tr.Thread(ctx, acct, it.RemoteID)
}

// ensureDemo fills the demo workspace the first time it is opened; after that it is left
// as the user left it (`chorus demo reset` starts it over). The sample images beside it,
// which the composer's image prompt offers, are made whenever one is missing, so a
// workspace from before they existed gets them too.
func ensureDemo(ctx context.Context, db *store.DB, seedN int64) error {
	if _, err := seed.SampleImages(filepath.Join(filepath.Dir(db.Path()), composer.SampleDirName)); err != nil {
		return fmt.Errorf("build the demo workspace: %w", err)
	}
	clients, err := db.Clients(ctx)
	if err != nil || len(clients) > 0 {
		return err
	}
	if _, err := seed.Workspace(ctx, db, seedN, time.Now()); err != nil {
		return fmt.Errorf("build the demo workspace in %s: %w", db.Path(), err)
	}
	return nil
}
