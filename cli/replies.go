package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	w "github.com/chorus-social/chorus/tui/widgets"
)

// maxReplyBody bounds what add reads from stdin: a reply is a few sentences, so more
// means the wrong file was piped in.
const maxReplyBody = 64 << 10

func newRepliesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "replies",
		Short: "Add, list and remove saved replies (ctrl+r in the inbox reply box)",
		Long: `Saved replies are a client's canned answers, inserted with ctrl+r in the inbox reply box.
A body may use ` + varList() + `: the handle of the author being answered and the
client's name, filled in when the reply is inserted.`,
	}
	cmd.AddCommand(newRepliesList(a), newRepliesAdd(a), newRepliesRemove(a))
	return cmd
}

// usageArgs makes a wrong argument count exit 2, as INTERFACE.md promises for bad usage
// (cobra's checks return plain errors).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

func varList() string {
	var vs []string
	for _, v := range social.ReplyVars {
		vs = append(vs, "{{"+v+"}}")
	}
	return strings.Join(vs, ", ")
}

func newRepliesList(a *app) *cobra.Command {
	var asJSON bool
	var client string
	cmd := &cobra.Command{
		Use:   "list [--client ID] [--json]",
		Short: "List saved replies",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db, err := a.store(ctx)
			if err != nil {
				return err
			}
			var ids []string
			if client != "" {
				if err := knownClient(ctx, db, client); err != nil {
					return err
				}
				ids = []string{client}
			} else {
				cs, err := db.Clients(ctx)
				if err != nil {
					return err
				}
				for _, c := range cs {
					ids = append(ids, c.ID)
				}
			}
			var rs []social.SavedReply
			for _, id := range ids {
				more, err := db.SavedReplies(ctx, id)
				if err != nil {
					return err
				}
				rs = append(rs, more...)
			}
			if asJSON {
				type out struct {
					ID     int64  `json:"id"`
					Client string `json:"client"`
					Name   string `json:"name"`
					Body   string `json:"body"`
				}
				res := []out{}
				for _, r := range rs {
					res = append(res, out{r.ID, r.ClientID, r.Name, r.Body})
				}
				return printJSON(a.stdout, res)
			}
			return printReplies(a.stdout, rs, termWidth(a.stdout))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (bodies in full)")
	cmd.Flags().StringVar(&client, "client", "", "only this client's replies")
	return cmd
}

// printReplies is printTable with each body on one line, cut so rows fit width.
func printReplies(out io.Writer, rs []social.SavedReply, width int) error {
	header := []string{"ID", "CLIENT", "NAME", "BODY"}
	rows := make([][]string, len(rs))
	cols := make([]int, 3)
	for i, r := range rs {
		rows[i] = []string{strconv.FormatInt(r.ID, 10), r.ClientID, w.OneLine(r.Name), w.OneLine(r.Body)}
	}
	for c := range cols {
		cols[c] = len(header[c])
		for _, row := range rows {
			cols[c] = max(cols[c], utf8.RuneCountInString(row[c])) // as tabwriter counts
		}
	}
	room := max(width-(cols[0]+cols[1]+cols[2]+3*2), 20)
	for _, row := range rows {
		row[3] = w.Truncate(row[3], room)
	}
	return printTable(out, header, rows)
}

// termWidth is the terminal's width, or 80 when out is a file or pipe.
func termWidth(out io.Writer) int {
	if f, ok := out.(*os.File); ok && term.IsTerminal(f.Fd()) {
		if cols, _, err := term.GetSize(f.Fd()); err == nil && cols > 0 {
			return cols
		}
	}
	return 80
}

func newRepliesAdd(a *app) *cobra.Command {
	var client string
	cmd := &cobra.Command{
		Use:   "add --client ID NAME [BODY | -]",
		Short: "Add a saved reply, or replace the body of the one with that name",
		Long: `Add a saved reply to a client. The body is BODY, or stdin when BODY is "-" or left out,
so a reply can span lines:

  chorus replies add --client acme thanks < thanks.txt

A body may use ` + varList() + `. A name is unique per client: adding a name that exists
replaces its body.`,
		Args: usageArgs(cobra.RangeArgs(1, 2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if client == "" {
				return usagef("--client is required (see `chorus clients list`)")
			}
			name := strings.TrimSpace(args[0])
			if name == "" || strings.ContainsAny(name, "\r\n") {
				return usagef("reply name %q: give a non-empty name on one line", args[0])
			}
			body, err := replyBody(a, args[1:])
			if err != nil {
				return err
			}
			db, err := a.store(ctx)
			if err != nil {
				return err
			}
			if err := knownClient(ctx, db, client); err != nil {
				return err
			}
			old, found, err := findReply(ctx, db, client, name)
			if err != nil {
				return err
			}
			id, err := db.PutSavedReply(ctx, social.SavedReply{ClientID: client, Name: name, Body: body})
			if err != nil {
				return err
			}
			verb := "added"
			switch {
			case found && old.Body == body:
				verb = "unchanged:"
			case found:
				verb = "updated"
			}
			fmt.Fprintf(a.stdout, "%s %s reply %q (id %d)\n", verb, client, name, id)
			return nil
		},
	}
	cmd.Flags().StringVar(&client, "client", "", "client id")
	return cmd
}

// replyBody takes the body from args or stdin and checks it. Surrounding whitespace goes:
// a file's last newline would otherwise land in the reply box as an empty line.
func replyBody(a *app, args []string) (string, error) {
	var body string
	if len(args) == 1 && args[0] != "-" {
		body = args[0]
	} else {
		if isTerminal(a.stdin) {
			fmt.Fprintln(a.stderr, "Type the reply, then ctrl+d on a line of its own:")
		}
		b, err := io.ReadAll(io.LimitReader(a.stdin, maxReplyBody+1))
		if err != nil {
			return "", fmt.Errorf("read the reply from stdin: %w", err)
		}
		if len(b) > maxReplyBody {
			return "", usagef("the reply on stdin is over %d KiB; is that the right file?", maxReplyBody>>10)
		}
		body = string(b)
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return "", usagef("the reply body is empty: give it as an argument or on stdin")
	}
	if bad := social.UnknownReplyVars(body); len(bad) > 0 {
		for i, v := range bad {
			bad[i] = "{{" + v + "}}"
		}
		what := "variable"
		if len(bad) > 1 {
			what = "variables"
		}
		return "", usagef("unknown %s %s in the reply (known: %s)", what, strings.Join(bad, ", "), varList())
	}
	return body, nil
}

func newRepliesRemove(a *app) *cobra.Command {
	var client string
	cmd := &cobra.Command{
		Use:   "remove (--client ID NAME | ID)",
		Short: "Remove a saved reply, by client and name or by its id",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			db, err := a.store(ctx)
			if err != nil {
				return err
			}
			var r social.SavedReply
			var found bool
			if client != "" {
				if err := knownClient(ctx, db, client); err != nil {
					return err
				}
				if r, found, err = findReply(ctx, db, client, strings.TrimSpace(args[0])); err != nil {
					return err
				}
				if !found {
					return fmt.Errorf("client %s has no saved reply %q (see `chorus replies list --client %s`)", client, args[0], client)
				}
			} else {
				id, perr := strconv.ParseInt(args[0], 10, 64)
				if perr != nil {
					return usagef("%q is not a reply id; to remove by name, pass --client too", args[0])
				}
				if r, found, err = findReplyByID(ctx, db, id); err != nil {
					return err
				}
				if !found {
					return fmt.Errorf("no saved reply with id %d (see `chorus replies list`)", id)
				}
			}
			if err := db.DeleteSavedReply(ctx, r.ID); err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("saved reply %d is gone already", r.ID)
				}
				return err
			}
			fmt.Fprintf(a.stdout, "removed %s reply %q (id %d)\n", r.ClientID, r.Name, r.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&client, "client", "", "client id (then the argument is the reply's name)")
	return cmd
}

// knownClient says, when id is no client, which ones there are.
func knownClient(ctx context.Context, db *store.DB, id string) error {
	_, err := db.Client(ctx, id)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	cs, cerr := db.Clients(ctx)
	if cerr != nil {
		return cerr
	}
	if len(cs) == 0 {
		return fmt.Errorf("no client %q: there are no clients yet; add one with `chorus clients add ID --name …`", id)
	}
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return fmt.Errorf("no client %q (clients: %s)", id, strings.Join(ids, ", "))
}

// findReply looks a client's reply up by name (trimmed, as the store trims names).
func findReply(ctx context.Context, db *store.DB, client, name string) (social.SavedReply, bool, error) {
	rs, err := db.SavedReplies(ctx, client)
	if err != nil {
		return social.SavedReply{}, false, err
	}
	for _, r := range rs {
		if r.Name == name {
			return r, true, nil
		}
	}
	return social.SavedReply{}, false, nil
}

// findReplyByID searches every client: the store reads replies per client only, and a
// freelancer has a handful of clients.
func findReplyByID(ctx context.Context, db *store.DB, id int64) (social.SavedReply, bool, error) {
	cs, err := db.Clients(ctx)
	if err != nil {
		return social.SavedReply{}, false, err
	}
	for _, c := range cs {
		rs, err := db.SavedReplies(ctx, c.ID)
		if err != nil {
			return social.SavedReply{}, false, err
		}
		for _, r := range rs {
			if r.ID == id {
				return r, true, nil
			}
		}
	}
	return social.SavedReply{}, false, nil
}
