package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/queue"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/when"
)

// noArgs is cobra.NoArgs with the exit code of bad usage (2), as INTERFACE.md promises;
// cobra's own validators give plain errors (exit 1).
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments (got %q)", cmd.CommandPath(), args[0])
	}
	return nil
}

// queueShown is how many free slots and best times `queue list` shows per account.
const queueShown = 3

func newQueueCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "Weekly posting slots per account: list, set, clear",
		Long: `Each account can have weekly posting slots, such as "mon 09:30", read in its client's
time zone. chorus post --queue (and "queue" in the composer) puts a post in the account's
next free slot. Slots come from the config file (clients.ID.queue) or from chorus queue set.`,
	}
	cmd.AddCommand(newQueueListCmd(a), newQueueSetCmd(a), newQueueClearCmd(a))
	return cmd
}

func newQueueListCmd(a *app) *cobra.Command {
	var clientID, accountID string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--client ID | --account ID] [--json]",
		Short: "Show each account's slots, its next free slots and its best times to post",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if clientID != "" && accountID != "" {
				return usagef("give --client or --account, not both")
			}
			return a.queueList(cmd.Context(), clientID, accountID, asJSON)
		},
	}
	cmd.Flags().StringVar(&clientID, "client", "", "only this client's accounts")
	cmd.Flags().StringVar(&accountID, "account", "", "only this account")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newQueueSetCmd(a *app) *cobra.Command {
	var accountID string
	cmd := &cobra.Command{
		Use:   `set --account ID SLOT…`,
		Short: `Replace an account's weekly slots, e.g. chorus queue set --account acme-bsky "mon 09:30" "thu 14:00"`,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if accountID == "" {
				return usagef("--account is required")
			}
			if len(args) == 0 {
				return usagef(`name at least one slot, e.g. "mon 09:30" (chorus queue clear removes them all)`)
			}
			slots, err := queue.ParseSlots(args)
			if err != nil {
				return usageError{err}
			}
			return a.queueSet(cmd.Context(), accountID, slots)
		},
	}
	cmd.Flags().StringVar(&accountID, "account", "", "account id")
	return cmd
}

func newQueueClearCmd(a *app) *cobra.Command {
	var accountID string
	cmd := &cobra.Command{
		Use:   "clear --account ID",
		Short: "Remove every slot of an account",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if accountID == "" {
				return usagef("--account is required")
			}
			return a.queueSet(cmd.Context(), accountID, nil)
		},
	}
	cmd.Flags().StringVar(&accountID, "account", "", "account id")
	return cmd
}

// queueRow is one account in `queue list --json`.
type queueRow struct {
	Account    string      `json:"account"`
	Client     string      `json:"client"`
	Platform   string      `json:"platform"`
	TZ         string      `json:"tz"`
	Slots      []string    `json:"slots"`
	FromConfig bool        `json:"from_config"`
	Next       []time.Time `json:"next"` // UTC
	Best       []bestJSON  `json:"best"`
}

type bestJSON struct {
	Slot          string  `json:"slot"`
	Posts         int     `json:"posts"`
	AvgEngagement float64 `json:"avg_engagement"`
}

func (a *app) queueList(ctx context.Context, clientID, accountID string, asJSON bool) error {
	db, err := a.store(ctx)
	if err != nil {
		return err
	}
	accts, err := a.queueAccounts(ctx, db, clientID, accountID)
	if err != nil {
		return err
	}
	now := nowUTC()
	clients := map[string]social.Client{}
	res := []queueRow{}
	var table [][]string
	missing := 0
	for _, acct := range accts {
		c, ok := clients[acct.ClientID]
		if !ok {
			if c, err = db.Client(ctx, acct.ClientID); err != nil {
				return err
			}
			clients[acct.ClientID] = c
		}
		loc := c.Location()
		slots, err := db.QueueSlots(ctx, acct.ID)
		if err != nil {
			return err
		}
		row := queueRow{Account: acct.ID, Client: c.ID, Platform: string(acct.Platform), TZ: loc.String(),
			Slots: []string{}, Next: []time.Time{}, Best: []bestJSON{}}
		_, row.FromConfig = a.configQueue(acct.ID)
		for _, s := range slots {
			row.Slots = append(row.Slots, s.String())
		}
		if len(slots) > 0 {
			if row.Next, err = queue.Free(ctx, db, acct.ID, now, queueShown); err != nil {
				return err
			}
		} else {
			missing++
		}
		best, err := queue.BestTimes(ctx, db, acct.ID, queueShown)
		if err != nil {
			return err
		}
		for _, b := range best {
			row.Best = append(row.Best, bestJSON{b.String(), b.Posts, b.Engagement})
		}
		res = append(res, row)

		slotCell, nextCell, bestCell := queue.FormatSlots(slots), "-", queue.FormatBest(best)
		if row.FromConfig {
			slotCell += " (config)"
		}
		if len(slots) == 0 {
			slotCell = "-"
		}
		if len(row.Next) > 0 {
			var ts []string
			for _, t := range row.Next {
				ts = append(ts, t.In(loc).Format("Mon 2 Jan 15:04"))
			}
			nextCell = strings.Join(ts, ", ")
		}
		if bestCell == "" {
			bestCell = "-"
		}
		table = append(table, []string{acct.ID, c.ID, loc.String(), slotCell, nextCell, bestCell})
	}
	if asJSON {
		return printJSON(a.stdout, res)
	}
	if err := printTable(a.stdout, []string{"ACCOUNT", "CLIENT", "TZ", "SLOTS", "NEXT FREE", "BEST TIMES"}, table); err != nil {
		return err
	}
	if missing > 0 {
		fmt.Fprintf(a.stderr, "%d accounts have no slots: set them with chorus queue set --account ID \"mon 09:30\" …\n", missing)
	}
	return nil
}

// queueAccounts returns the accounts `queue list` shows, checking that what was named exists.
func (a *app) queueAccounts(ctx context.Context, db *store.DB, clientID, accountID string) ([]social.Account, error) {
	if accountID != "" {
		acct, err := db.Account(ctx, accountID)
		if errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("no account %q (see `chorus accounts list`)", accountID)
		}
		return []social.Account{acct}, err
	}
	if clientID != "" {
		if _, err := db.Client(ctx, clientID); errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("no client %q (see `chorus clients list`)", clientID)
		} else if err != nil {
			return nil, err
		}
	}
	return db.Accounts(ctx, clientID)
}

// queueSet replaces an account's slots (none clears them) and says what the queue is now.
func (a *app) queueSet(ctx context.Context, accountID string, slots []store.QueueSlot) error {
	if clientID, ok := a.configQueue(accountID); ok {
		return fmt.Errorf("the slots of %s come from the config file %s (clients.%s.queue.%s): change them there",
			accountID, a.cfg.File, clientID, accountID)
	}
	db, err := a.store(ctx)
	if err != nil {
		return err
	}
	acct, err := db.Account(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no account %q (see `chorus accounts list`)", accountID)
	}
	if err != nil {
		return err
	}
	if err := db.SetQueueSlots(ctx, accountID, slots); err != nil {
		return err
	}
	if len(slots) == 0 {
		fmt.Fprintf(a.stdout, "%s: no slots\n", accountID)
		return nil
	}
	c, err := db.Client(ctx, acct.ClientID)
	if err != nil {
		return err
	}
	saved, err := db.QueueSlots(ctx, accountID)
	if err != nil {
		return err
	}
	loc, now := c.Location(), nowUTC()
	fmt.Fprintf(a.stdout, "%s: %s (%s)\n", accountID, queue.FormatSlots(saved), loc)
	next, err := queue.Free(ctx, db, accountID, now, 1)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "next free slot: %s\n", when.Describe(next[0], now, loc))
	return nil
}

// configQueue reports whether the config file declares the account's slots, and under
// which client. Those slots are copied into the database on every start, so a change made
// with `chorus queue set` would not last.
func (a *app) configQueue(accountID string) (clientID string, ok bool) {
	for id, c := range a.cfg.Clients {
		if _, ok := c.Queue[accountID]; ok {
			return id, true
		}
	}
	return "", false
}

// syncConfigQueues copies the queue slots declared in the config file into the database,
// where the queue reads them. The file wins, as it does for clients. An account the file
// names but that was not added yet is skipped, so that `chorus accounts add` can run; its
// slots arrive on the next start.
func (a *app) syncConfigQueues(ctx context.Context, db *store.DB) error {
	for clientID, c := range a.cfg.Clients {
		for accountID, raw := range c.Queue {
			key := fmt.Sprintf("config %s: clients.%s.queue.%s", a.cfg.File, clientID, accountID)
			slots, err := queue.ParseSlots(raw)
			if err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
			acct, err := db.Account(ctx, accountID)
			if errors.Is(err, store.ErrNotFound) {
				a.log.Info("config names queue slots of an account not added yet", "account", accountID, "client", clientID)
				continue
			}
			if err != nil {
				return err
			}
			if acct.ClientID != clientID {
				return fmt.Errorf("%s: account %s belongs to client %s: move its slots under clients.%s.queue",
					key, accountID, acct.ClientID, acct.ClientID)
			}
			cur, err := db.QueueSlots(ctx, accountID)
			if err != nil {
				return err
			}
			if sameSlots(cur, slots) {
				continue // no write on every start: the TUI and the daemon share this file
			}
			if err := db.SetQueueSlots(ctx, accountID, slots); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	return nil
}

func sameSlots(a, b []store.QueueSlot) bool {
	in := func(xs []store.QueueSlot) map[store.QueueSlot]bool {
		m := map[store.QueueSlot]bool{}
		for _, x := range xs {
			m[x] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	if len(ma) != len(mb) {
		return false
	}
	for k := range ma {
		if !mb[k] {
			return false
		}
	}
	return true
}
