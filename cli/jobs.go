package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

func nowUTC() time.Time { return time.Now().UTC() }

func newPublishCmd(a *app) *cobra.Command {
	var due, asJSON bool
	cmd := &cobra.Command{
		Use:   "publish --due",
		Short: "Send every due post once and exit (cron-friendly)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !due {
				return usagef("say --due: publish sends only what is due")
			}
			pub, err := a.publisher(cmd.Context())
			if err != nil {
				return err
			}
			rep, err := pub.PublishDue(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(a.stdout, rep)
			}
			var rows [][]string
			for _, t := range rep.Targets {
				rows = append(rows, []string{fmt.Sprint(t.TargetID), t.AccountID, string(t.Status), t.RemoteURL + t.Error})
			}
			if len(rows) > 0 {
				if err := printTable(a.stdout, []string{"TARGET", "ACCOUNT", "STATUS", "RESULT"}, rows); err != nil {
					return err
				}
			}
			fmt.Fprintf(a.stderr, "%d published, %d to retry, %d failed", rep.Published, rep.Retrying, rep.Failed)
			if rep.HandedOff+rep.PublishedByPlatform > 0 {
				fmt.Fprintf(a.stderr, "; %d handed to platforms to publish at their time, %d published by them",
					rep.HandedOff, rep.PublishedByPlatform)
			}
			fmt.Fprintln(a.stderr)
			if rep.Failed > 0 {
				return fmt.Errorf("%d posts failed; see the calendar or `chorus publish --due --json`", rep.Failed)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&due, "due", false, "publish every due post")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newSyncCmd(a *app) *cobra.Command {
	var client string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "sync [--client ID]",
		Short: "Pull inbox and metrics once and exit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.syncer(cmd.Context())
			if err != nil {
				return err
			}
			rep, err := s.SyncClient(cmd.Context(), client)
			if err != nil {
				return err
			}
			if asJSON {
				errs := map[string]string{}
				for id, e := range rep.AccountErrors {
					errs[id] = e.Error()
				}
				return printJSON(a.stdout, map[string]any{"accounts": rep.Accounts, "new_items": rep.NewItems,
					"metric_points": rep.MetricPoints, "skipped": rep.Skipped, "errors": errs})
			}
			fmt.Fprintln(a.stdout, rep.Summary())
			return rep.Err()
		},
	}
	cmd.Flags().StringVar(&client, "client", "", "only this client's accounts")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newWithdrawCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "withdraw TARGET",
		Short: "Take a post back from the platform that was to publish it (server-side scheduling)",
		Long: `Take a post back from a platform that holds it to publish at its time (clients with
server_scheduling), so it can be edited, moved, paused or deleted. Until it is handed over
again, chorus publishes it itself when it is due.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var id int64
			if _, err := fmt.Sscan(args[0], &id); err != nil {
				return usagef("target %q: give the target's number (as `chorus post` prints it)", args[0])
			}
			pub, err := a.publisher(cmd.Context())
			if err != nil {
				return err
			}
			if err := pub.Withdraw(cmd.Context(), id); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "target %d withdrawn from the platform; chorus holds it again\n", id)
			return nil
		},
	}
}
