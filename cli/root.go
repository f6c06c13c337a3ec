// Package cli is chorus's command line: the root command opens the TUI, the others do the
// same jobs for scripts. Flags are bound to config keys through config.Load.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes, as INTERFACE.md promises scripts.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError marks a mistake in how a command was called (exit 2).
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// Execute runs chorus with os.Args and returns the process exit code.
func Execute() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// Run runs chorus with args on the given streams; tests call it directly.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	defer a.close()
	root := newRoot(a)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "chorus:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitError
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "chorus",
		Short: "Plan, publish and answer for every client's social accounts, in the terminal",
		Long: `chorus is a keyboard-driven social media manager for freelancers: one calendar, one
inbox and one metrics board for all your clients' accounts, on a local SQLite file.

Run it with no arguments to open the TUI (the first run offers a demo workspace).`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.load(cmd)
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runTUI(cmd.Context())
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.configFile, "config", "", "config file (default $XDG_CONFIG_HOME/chorus/config.yaml)")
	pf.String("db", "", "database file (default $XDG_DATA_HOME/chorus/chorus.db)")
	pf.String("log", "", "log file (default $XDG_STATE_HOME/chorus/chorus.log)")
	root.Flags().BoolVar(&a.demo, "demo", false, "open the TUI on the demo workspace (kept between runs; chorus demo reset starts it over)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	root.AddCommand(
		newDemoCmd(a),
		newClientsCmd(a),
		newAccountsCmd(a),
		newPostCmd(a),
		newPublishCmd(a),
		newDaemonCmd(a),
		newWithdrawCmd(a),
		newSyncCmd(a),
		newDoctorCmd(a),
		newRepliesCmd(a),
		newQueueCmd(a),
		newApproveCmd(a),
		newExportCmd(a),
	)
	return root
}
