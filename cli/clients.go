package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/social"
)

func newClientsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "clients", Short: "Add and list clients"}
	var c social.Client
	add := &cobra.Command{
		Use:   "add ID --name NAME --tz ZONE",
		Short: "Add a client (or update it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c.ID = args[0]
			if !social.ValidID(c.ID) {
				return usagef("client id %q: use lowercase letters, digits, '.', '_' or '-'", c.ID)
			}
			if c.Name == "" {
				c.Name = c.ID
			}
			db, err := a.store(cmd.Context())
			if err != nil {
				return err
			}
			if err := db.PutClient(cmd.Context(), c); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, c.ID)
			return nil
		},
	}
	add.Flags().StringVar(&c.Name, "name", "", "display name")
	add.Flags().StringVar(&c.TZ, "tz", "UTC", "IANA time zone, e.g. Europe/Berlin")
	add.Flags().StringVar(&c.Color, "color", "", "hex colour for calendar marks")
	add.Flags().BoolVar(&c.ApprovalRequired, "approval", false, "posts need approval before scheduling")
	add.Flags().BoolVar(&c.RequireAlt, "require-alt", false, "refuse to schedule images without alt text")
	add.Flags().BoolVar(&c.ServerScheduling, "server-scheduling", false,
		"let platforms that can (Mastodon) publish single posts at their time themselves")

	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List clients",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := a.store(cmd.Context())
			if err != nil {
				return err
			}
			cs, err := db.Clients(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				type out struct {
					ID               string `json:"id"`
					Name             string `json:"name"`
					TZ               string `json:"tz"`
					ApprovalRequired bool   `json:"approval_required"`
					RequireAlt       bool   `json:"require_alt"`
					ServerScheduling bool   `json:"server_scheduling"`
				}
				res := []out{}
				for _, c := range cs {
					res = append(res, out{c.ID, c.Name, c.TZ, c.ApprovalRequired, c.RequireAlt, c.ServerScheduling})
				}
				return printJSON(a.stdout, res)
			}
			var rows [][]string
			for _, c := range cs {
				rows = append(rows, []string{c.ID, c.Name, c.TZ})
			}
			return printTable(a.stdout, []string{"ID", "NAME", "TZ"}, rows)
		},
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list)
	return cmd
}
