// Package daemon runs the engine in the background: it publishes each post the moment it
// falls due and syncs on the configured interval, until stopped. `chorus daemon` runs it
// under a lock that keeps one daemon per database (Acquire); the TUI can run the same
// loop while it is open, with Standby set so it leaves the work to a daemon holding that
// lock (Status).
package daemon

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/chorus-social/chorus/engine"
	"github.com/chorus-social/chorus/store"
)

// Config is what Run needs. DB and Publisher are required.
type Config struct {
	DB        *store.DB
	Publisher *engine.Publisher // its Now, if set, must follow the real clock: Run sleeps on real timers
	// Syncer pulls inbox and metrics every SyncInterval (sync.interval), starting at once;
	// nil or 0 turns syncing off.
	Syncer       *engine.Syncer
	SyncInterval time.Duration
	// PublishInterval (publish.interval) is the longest Run goes without a publish pass.
	// Posts go out at their time without it (Run sleeps until the next one is due and wakes
	// when another process changes the database); it bounds how often posts the platforms
	// hold are checked on, and catches what a wake-up missed. 0: 30s.
	PublishInterval time.Duration
	// Poll is how often Run asks SQLite whether another process committed. 0: 100ms.
	Poll time.Duration
	// Standby makes Run leave the work to a daemon while one holds DB's lock, and take it
	// back within a second of that daemon stopping. The TUI sets it.
	Standby bool
	Log     *slog.Logger // nil: discard
	// OnPublish and OnSync hear of every publish pass that did something and every sync,
	// from Run's goroutines (the TUI sends them on as messages). Either may be nil.
	OnPublish func(engine.PublishReport, error)
	OnSync    func(engine.SyncReport, error)
}

const (
	defaultPublishInterval = 30 * time.Second
	defaultPoll            = 100 * time.Millisecond
	// standbyPoll: how often a standing-by runner looks whether the daemon is still there.
	standbyPoll = time.Second
	// errorWait: the pause after the store failed, so a broken database is not hammered.
	errorWait = time.Second
)

// Run publishes and syncs until ctx ends, then returns nil once the publish pass under
// way has stopped: the Publisher lets the sends in flight finish and record their outcome
// (engine.Publisher.Grace) and gives back what it had claimed but not begun, so a post is
// never cut off half-way. It returns an error only for a Config it cannot run; failures
// of the store or the platforms are logged and retried.
func Run(ctx context.Context, cfg Config) error {
	if cfg.DB == nil || cfg.Publisher == nil {
		return errors.New("daemon: Config needs DB and Publisher")
	}
	r := &runner{cfg: cfg, log: cfg.Log, pokes: make(chan struct{}, 1)}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.cfg.PublishInterval <= 0 {
		r.cfg.PublishInterval = defaultPublishInterval
	}
	if r.cfg.Poll <= 0 {
		r.cfg.Poll = defaultPoll
	}
	bg, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { r.watch(bg) })
	if cfg.Syncer != nil && cfg.SyncInterval > 0 {
		wg.Go(func() { r.syncLoop(bg) })
	}
	r.publishLoop(ctx)
	stop()
	wg.Wait()
	return nil
}

type runner struct {
	cfg   Config
	log   *slog.Logger
	pokes chan struct{} // a commit by someone else: look at the outbox again
}

// standingBy reports whether a daemon does the work for this (standby) runner.
func (r *runner) standingBy() bool {
	if !r.cfg.Standby {
		return false
	}
	st, err := Status(r.cfg.DB.Path())
	if err != nil {
		r.log.Warn("daemon status", "err", err)
		return false
	}
	return st.Running
}

// publishLoop runs a pass when the next post falls due, when another process changed
// the database and something is due, and at least every PublishInterval.
//
// NextDue also counts a post a platform holds (server-side scheduling) from its time until
// a pass finds the platform published it, and no pass can take it meanwhile. Such a time,
// still due after a pass, is "stuck": the loop does not spin on it but looks again after
// 1s, 2s, 4s… up to PublishInterval, so the platform's publication is noticed soon and
// asked about rarely. A post falling due behind a stuck one goes out at the next of those
// looks (NextDue reports only the earliest time).
func (r *runner) publishLoop(ctx context.Context) {
	var lastPass, stuck time.Time
	stuckWait := time.Duration(0)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for ctx.Err() == nil {
		now := time.Now()
		next, err := r.cfg.DB.NextDue(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			r.log.Error("look for due posts", "err", err)
			next = now.Add(errorWait)
		}
		wait := lastPass.Add(r.cfg.PublishInterval).Sub(now)
		switch {
		case next.IsZero():
		case next.Equal(stuck):
			wait = min(wait, lastPass.Add(stuckWait).Sub(now))
		default:
			wait = min(wait, next.Sub(now))
		}
		if wait <= 0 && r.standingBy() {
			// The daemon sends it; look again shortly whether the daemon is still there.
			sleep(ctx, standbyPoll)
			continue
		}
		if wait <= 0 {
			lastPass = now
			r.pass(ctx)
			after, err := r.cfg.DB.NextDue(ctx)
			if err == nil && !after.IsZero() && !after.After(lastPass) {
				stuck, stuckWait = after, min(max(2*stuckWait, time.Second), r.cfg.PublishInterval)
			} else {
				stuck, stuckWait = time.Time{}, 0
			}
			continue
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
		case <-timer.C:
		case <-r.pokes:
		}
	}
}

// pass publishes everything due.
func (r *runner) pass(ctx context.Context) {
	rep, err := r.cfg.Publisher.PublishDue(ctx)
	if ctx.Err() != nil {
		err = nil // stopping is not a failure
	}
	if err != nil {
		r.log.Error("publish", "err", err)
	}
	if rep.Published+rep.Retrying+rep.Failed+rep.HandedOff+rep.PublishedByPlatform > 0 {
		r.log.Info("publish pass", "published", rep.Published, "retrying", rep.Retrying, "failed", rep.Failed,
			"handed_off", rep.HandedOff, "published_by_platform", rep.PublishedByPlatform)
	}
	if r.cfg.OnPublish != nil && (err != nil || len(rep.Targets)+rep.HandedOff+rep.PublishedByPlatform > 0) {
		r.cfg.OnPublish(rep, err)
	}
	if err != nil {
		sleep(ctx, errorWait)
	}
}

// sleep waits for d or for ctx to end.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
