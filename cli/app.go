package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/config"
	"github.com/chorus-social/chorus/engine"
	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/demo"
	"github.com/chorus-social/chorus/secrets"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"

	_ "github.com/chorus-social/chorus/platforms/all" // every adapter registers itself
)

// app holds what the commands share, opened lazily: a command that needs no database
// does not create one.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	configFile string
	demo       bool
	// tuiRunning: the terminal belongs to the TUI, so warnings go to the log only.
	tuiRunning atomic.Bool

	cfg     config.Config
	log     *slog.Logger
	logFile *os.File
	db      *store.DB
	sec     *secrets.Store
	plats   *platforms.Set
	cleanup []func()
}

// load reads the config and opens the log file; it runs before every command.
func (a *app) load(cmd *cobra.Command) error {
	cfg, err := config.Load(config.LoadOptions{File: a.configFile, Flags: cmd.Flags()})
	if err != nil {
		return err
	}
	a.cfg = cfg
	a.log = slog.New(slog.DiscardHandler)
	path := cfg.LogPath()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("log file %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("log file %s: %w (set log: in the config or --log)", path, err)
	}
	a.logFile = f
	a.log = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: cfg.SlogLevel()}))
	return nil
}

// store opens the database once.
func (a *app) store(ctx context.Context) (*store.DB, error) {
	if a.db != nil {
		return a.db, nil
	}
	db, err := store.Open(ctx, a.cfg.DBPath())
	if err != nil {
		return nil, err
	}
	// Clients declared in the config file are authoritative: their settings win over
	// edits made elsewhere, on every start.
	for id, c := range a.cfg.Clients {
		err := db.PutClient(ctx, social.Client{ID: id, Name: c.Name, TZ: c.TZ, Color: c.Color,
			ApprovalRequired: c.ApprovalRequired, RequireAlt: c.RequireAlt, ServerScheduling: c.ServerScheduling})
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("config %s: clients.%s: %w", a.cfg.File, id, err)
		}
	}
	if err := a.syncConfigQueues(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	a.db = db
	return db, nil
}

// secrets opens the secrets store once.
func (a *app) secrets() (*secrets.Store, error) {
	if a.sec != nil {
		return a.sec, nil
	}
	s, err := secrets.Open(secrets.Options{
		Backend: a.cfg.Secrets.Backend,
		Dir:     config.ConfigDir(),
		Warn: func(msg string) {
			a.log.Warn(msg)
			if !a.tuiRunning.Load() {
				fmt.Fprintln(a.stderr, "chorus: warning:", msg)
			}
		},
	})
	if err != nil {
		return nil, err
	}
	a.sec = s
	return s, nil
}

// platforms builds the adapter set once, sharing one HTTP client.
func (a *app) platforms() (*platforms.Set, error) {
	if a.plats != nil {
		return a.plats, nil
	}
	sec, err := a.secrets()
	if err != nil {
		return nil, err
	}
	opts := a.cfg.PlatformOptions()
	// Both demo platforms follow demo.seed, the seed the workspace was built with, so a
	// sync continues its history.
	for _, p := range demo.Platforms() {
		if opts[p] == nil {
			opts[p] = map[string]any{}
		}
		if _, ok := opts[p]["seed"]; !ok {
			opts[p]["seed"] = a.cfg.Demo.Seed
		}
	}
	// The publisher's workers share one connection pool: keep as many idle connections
	// per host as there are workers, not net/http's 2, so they do not reconnect.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(a.cfg.Publish.Workers, 2)
	a.plats = platforms.NewSet(platforms.Env{
		HTTP: &http.Client{Timeout: a.cfg.HTTP.Timeout, Transport: tr}, Retries: a.cfg.HTTP.Retries, Secrets: sec, Log: a.log}, opts)
	return a.plats, nil
}

// engineDeps opens what the engine's jobs need: the database and the adapters.
func (a *app) engineDeps(ctx context.Context) (*store.DB, *platforms.Set, error) {
	db, err := a.store(ctx)
	if err != nil {
		return nil, nil, err
	}
	ps, err := a.platforms()
	return db, ps, err
}

func (a *app) publisher(ctx context.Context) (*engine.Publisher, error) {
	db, ps, err := a.engineDeps(ctx)
	if err != nil {
		return nil, err
	}
	return &engine.Publisher{DB: db, Platforms: ps, Lease: a.cfg.Publish.Lease,
		MaxAttempts: a.cfg.Publish.MaxAttempts, RetryFor: a.cfg.Publish.RetryFor, Workers: a.cfg.Publish.Workers,
		Log: a.log}, nil
}

func (a *app) syncer(ctx context.Context) (*engine.Syncer, error) {
	db, ps, err := a.engineDeps(ctx)
	if err != nil {
		return nil, err
	}
	return &engine.Syncer{DB: db, Platforms: ps, Log: a.log}, nil
}

func (a *app) close() {
	if a.db != nil {
		a.db.Close()
	}
	for i := len(a.cleanup) - 1; i >= 0; i-- {
		a.cleanup[i]()
	}
	if a.logFile != nil {
		a.logFile.Close()
	}
}
