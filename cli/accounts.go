package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

func newAccountsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "accounts", Short: "Add, list, log in and remove accounts"}
	cmd.AddCommand(newAccountsAdd(a), newAccountsList(a), newAccountsRemove(a), newAccountsLogin(a))
	return cmd
}

func newAccountsAdd(a *app) *cobra.Command {
	var acct social.Account
	var platform string
	var pwStdin, tokStdin bool
	cmd := &cobra.Command{
		Use:   "add --client ID --platform P --handle H [--server URL] [--id ID] [--password-stdin | --token-stdin]",
		Short: "Add an account to a client; prints its id",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			acct.Platform = social.Platform(platform)
			if acct.ClientID == "" || platform == "" || acct.Handle == "" {
				return usagef("--client, --platform and --handle are required")
			}
			if pwStdin && tokStdin {
				return usagef("--password-stdin and --token-stdin exclude each other")
			}
			reg, err := platforms.Lookup(acct.Platform)
			if err != nil {
				return usageError{err}
			}
			if acct.Server == "" {
				// The config's platforms.<name>.server, else the platform's own default.
				acct.Server = reg.DefaultServer
				if srv, ok := a.cfg.Platforms[platform]["server"].(string); ok && srv != "" {
					acct.Server = srv
				}
			}
			if acct.ID == "" {
				acct.ID = social.DefaultAccountID(acct.Platform, acct.Handle)
			}
			if !social.ValidID(acct.ID) {
				return usagef("account id %q: use lowercase letters, digits, '.', '_' or '-'", acct.ID)
			}
			db, err := a.store(ctx)
			if err != nil {
				return err
			}
			if _, err := db.Client(ctx, acct.ClientID); err != nil {
				return fmt.Errorf("no client %q: add it first with `chorus clients add %s --name …`", acct.ClientID, acct.ClientID)
			}
			if _, err := db.Account(ctx, acct.ID); err == nil {
				return fmt.Errorf("account %s exists already (remove it first, or pass --id)", acct.ID)
			}
			secret := ""
			if pwStdin || tokStdin {
				if secret, err = readSecret(a.stdin); err != nil {
					return err
				}
			}
			if err := a.login(ctx, &acct, secret); err != nil {
				return err
			}
			if err := db.PutAccount(ctx, acct); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, acct.ID)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&acct.ClientID, "client", "", "client id")
	f.StringVar(&platform, "platform", "", "platform: "+platformList())
	f.StringVar(&acct.Server, "server", "", "instance or server URL (default: the platform's)")
	f.StringVar(&acct.Handle, "handle", "", "the account's handle")
	f.StringVar(&acct.ID, "id", "", "account id (default: platform-handle)")
	f.BoolVar(&pwStdin, "password-stdin", false, "read an app password from stdin")
	f.BoolVar(&tokStdin, "token-stdin", false, "read an access token from stdin")
	return cmd
}

func platformList() string {
	var names []string
	for _, n := range platforms.Names() {
		names = append(names, string(n))
	}
	return strings.Join(names, ", ")
}

// login stores the account's credential and checks it works: a secret given on stdin is
// stored and verified; without one, the adapter's own login flow runs.
func (a *app) login(ctx context.Context, acct *social.Account, secret string) error {
	ps, err := a.platforms()
	if err != nil {
		return err
	}
	ad, err := ps.Get(acct.Platform)
	if err != nil {
		return err
	}
	auth, canAuth := ad.(platforms.Authenticator)
	if secret == "" {
		if !canAuth {
			return nil // the platform needs no credential (the demo network)
		}
		return auth.Login(ctx, acct, &termUI{in: a.stdin, out: a.stderr})
	}
	sec, err := a.secrets()
	if err != nil {
		return err
	}
	if err := sec.Set(acct.ID, secret); err != nil {
		return err
	}
	if canAuth {
		if err := auth.Verify(ctx, acct); err != nil {
			sec.Delete(acct.ID)
			return fmt.Errorf("%s: the credential did not work: %w", acct.ID, err)
		}
	}
	return nil
}

func newAccountsLogin(a *app) *cobra.Command {
	var pwStdin, tokStdin bool
	cmd := &cobra.Command{
		Use:   "login ID",
		Short: "Log an account in again (new token or app password)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.store(ctx)
			if err != nil {
				return err
			}
			acct, err := db.Account(ctx, args[0])
			if err != nil {
				return err
			}
			secret := ""
			if pwStdin || tokStdin {
				if secret, err = readSecret(a.stdin); err != nil {
					return err
				}
			}
			if err := a.login(ctx, &acct, secret); err != nil {
				return err
			}
			if err := db.PutAccount(ctx, acct); err != nil {
				return err
			}
			if err := db.SetNeedsLogin(ctx, acct.ID, false, ""); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: logged in; its posts and sync resume\n", acct.ID)
			return nil
		},
	}
	cmd.Flags().BoolVar(&pwStdin, "password-stdin", false, "read an app password from stdin")
	cmd.Flags().BoolVar(&tokStdin, "token-stdin", false, "read an access token from stdin")
	return cmd
}

func newAccountsList(a *app) *cobra.Command {
	var asJSON bool
	var client string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := a.store(cmd.Context())
			if err != nil {
				return err
			}
			accts, err := db.Accounts(cmd.Context(), client)
			if err != nil {
				return err
			}
			if asJSON {
				type out struct {
					ID       string `json:"id"`
					Client   string `json:"client"`
					Platform string `json:"platform"`
					Server   string `json:"server"`
					Handle   string `json:"handle"`
				}
				res := []out{}
				for _, x := range accts {
					res = append(res, out{x.ID, x.ClientID, string(x.Platform), x.Server, x.Handle})
				}
				return printJSON(a.stdout, res)
			}
			var rows [][]string
			for _, x := range accts {
				rows = append(rows, []string{x.ID, x.ClientID, string(x.Platform), x.Handle, x.Server})
			}
			return printTable(a.stdout, []string{"ID", "CLIENT", "PLATFORM", "HANDLE", "SERVER"}, rows)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&client, "client", "", "only this client's accounts")
	return cmd
}

func newAccountsRemove(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove an account, its posts' targets, inbox and metrics, and its secret",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := a.store(cmd.Context())
			if err != nil {
				return err
			}
			if err := db.DeleteAccount(cmd.Context(), args[0]); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("no account %q (see `chorus accounts list`)", args[0])
				}
				return err
			}
			if sec, err := a.secrets(); err == nil {
				sec.Delete(args[0])
			}
			fmt.Fprintln(a.stdout, "removed", args[0])
			return nil
		},
	}
}
