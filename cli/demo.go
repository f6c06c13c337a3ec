package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/config"
	"github.com/chorus-social/chorus/seed"
)

func newDemoCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "demo", Short: "The simulated demo network"}
	var o seed.Options
	s := &cobra.Command{
		Use:   "seed --db F [--inbox N] [--posts N] [--metrics N] [--seed S]",
		Short: "Fill a database with simulated data (tests, benchmarks, screenshots)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("db") {
				return usagef("name the database to fill with --db (seeding your real one is rarely what you want)")
			}
			db, err := a.store(cmd.Context())
			if err != nil {
				return err
			}
			if isTerminal(a.stderr) {
				last := time.Time{}
				o.Progress = func(stage string, done, total int) {
					if time.Since(last) < 200*time.Millisecond && done < total {
						return
					}
					last = time.Now()
					fmt.Fprintf(a.stderr, "\r%-10s %d/%d   ", stage, done, total)
					if done >= total {
						fmt.Fprintln(a.stderr)
					}
				}
			}
			rep, err := seed.Run(cmd.Context(), db, o)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "seeded %s: %d clients, %d accounts, %d inbox items, %d posts, %d metric points in %s\n",
				db.Path(), rep.Clients, rep.Accounts, rep.Inbox, rep.Posts, rep.Metrics, rep.Took.Round(time.Millisecond))
			return nil
		},
	}
	f := s.Flags()
	f.IntVar(&o.Inbox, "inbox", 1000, "inbox items")
	f.IntVar(&o.Posts, "posts", 200, "posts")
	f.IntVar(&o.Metrics, "metrics", 10000, "metric points")
	f.Int64Var(&o.Seed, "seed", 1, "random seed: the same seed gives the same data")
	f.IntVar(&o.Clients, "clients", 3, "clients")
	cmd.AddCommand(s, newDemoResetCmd(a))
	return cmd
}

// newDemoResetCmd deletes the demo workspace; the next `chorus --demo` builds a new one,
// with its history ending now.
func newDemoResetCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "reset",
		Short: "Start the demo workspace (chorus --demo) over",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			path := config.DemoDBPath()
			removed := false
			for _, suffix := range []string{"", "-wal", "-shm"} {
				err := os.Remove(path + suffix)
				switch {
				case err == nil:
					removed = removed || suffix == ""
				case !errors.Is(err, fs.ErrNotExist):
					return fmt.Errorf("remove the demo workspace: %w", err)
				}
			}
			if !removed {
				fmt.Fprintf(a.stdout, "no demo workspace at %s\n", path)
				return nil
			}
			fmt.Fprintf(a.stdout, "removed %s; chorus --demo builds a new one\n", path)
			return nil
		},
	}
}
