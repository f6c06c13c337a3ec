package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/daemon"
)

func newDaemonCmd(a *app) *cobra.Command {
	var status bool
	cmd := &cobra.Command{
		Use:   "daemon [--status]",
		Short: "Publish and sync until stopped (one daemon per database)",
		Long: `Run chorus in the background: every scheduled post goes out within a second of its
time, and inbox and metrics are pulled every sync.interval (0 turns that off). Posts
scheduled meanwhile by the TUI or "chorus post" are noticed at once.

One daemon runs per database: it holds <database>.daemon.lock, and a second one exits
naming the first one's pid. A TUI opened meanwhile leaves the publishing to it.

It writes to the log file (--log, or log: in the config) and prints one line when it
starts. SIGINT or SIGTERM stops it once the posts being sent have gone out; a second
signal stops it at once (a post cut off then is recovered by the next run, never sent
twice).

contrib/ in the source holds a systemd user unit and a launchd agent that run it at login.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("daemon takes no arguments, got %q", args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if status {
				return a.daemonStatus()
			}
			return a.runDaemon(cmd.Context())
		},
	}
	cmd.Flags().BoolVar(&status, "status", false, "say whether a daemon runs for the database and exit (1 when none does)")
	return cmd
}

func (a *app) runDaemon(ctx context.Context) error {
	path := a.cfg.DBPath()
	// The lock comes first: a second daemon leaves the database alone.
	lock, err := daemon.Acquire(path)
	if err != nil {
		return err
	}
	defer lock.Release()
	// Like the TUI's, the daemon's warnings (a secrets file others can read) go to the log
	// only: a service's output is for its start line and fatal errors.
	a.tuiRunning.Store(true)
	pub, err := a.publisher(ctx)
	if err != nil {
		return err
	}
	syn, err := a.syncer(ctx)
	if err != nil {
		return err
	}
	defer a.exitOnSecondSignal()()
	a.log.Info("daemon started", "db", path, "pid", os.Getpid(),
		"sync_interval", a.cfg.Sync.Interval, "publish_interval", a.cfg.Publish.Interval)
	fmt.Fprintf(a.stderr, "chorus daemon: publishing and syncing %s (pid %d); log in %s\n", path, os.Getpid(), a.cfg.LogPath())
	err = daemon.Run(ctx, daemon.Config{DB: pub.DB, Publisher: pub, Syncer: syn,
		SyncInterval: a.cfg.Sync.Interval, PublishInterval: a.cfg.Publish.Interval, Log: a.log})
	a.log.Info("daemon stopped", "db", path)
	return err
}

// exitNow ends the process; tests replace it.
var exitNow = os.Exit

// exitOnSecondSignal ends the process at a second SIGINT or SIGTERM: the first one (which
// also ends Execute's context) lets the sends in flight finish, which a user pressing
// ctrl+c twice does not want to wait for. Ending at any instruction is safe: a target
// being sent keeps its lease, and the next run recovers it with its idempotency key.
func (a *app) exitOnSecondSignal() (stop func()) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case <-sigs:
			}
			if n == 0 {
				a.log.Info("daemon stopping: finishing the posts being sent")
				continue
			}
			a.log.Warn("daemon stopped at once by a second signal")
			fmt.Fprintln(a.stderr, "chorus daemon: stopped at once; a post being sent is recovered by the next run")
			exitNow(exitError)
		}
	}()
	return func() { signal.Stop(sigs); close(done) }
}

func (a *app) daemonStatus() error {
	path := a.cfg.DBPath()
	st, err := daemon.Status(path)
	if err != nil {
		return err
	}
	if !st.Running {
		return fmt.Errorf("no daemon is running for %s; start one with `chorus daemon`", path)
	}
	fmt.Fprintf(a.stdout, "a daemon is running for %s (%s)\n", path, st)
	return nil
}
