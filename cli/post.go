package cli

import (
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decode sizes of attached images
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/queue"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
	"github.com/chorus-social/chorus/when"
)

type postFlags struct {
	accounts []string
	platform string
	text     string
	thread   []string
	at       string
	atSet    bool // --at was given, not defaulted
	queue    bool
	media    []string
	alts     []string
	dryRun   bool
	asJSON   bool
	lang     string
	cw       string
	visible  string
}

func newPostCmd(a *app) *cobra.Command {
	var f postFlags
	cmd := &cobra.Command{
		Use:   "post --account ID [--account ID…] --text T [--at WHEN | --queue] [--media F --alt A] [--thread T2 …]",
		Short: "Schedule a post (now by default) on one or more accounts of a client",
		Long: `Schedule a post on one or more accounts of one client. WHEN is "now" (the default),
"+2h", or a wall-clock time such as "2026-12-01 09:00" in the client's time zone.
--queue puts each account's target in that account's next free queue slot instead.
A post due now is published at once. For a client that requires approval the post is
saved for review instead, with its time, until chorus approve POST_ID. --dry-run checks
the text against each platform's rules and saves nothing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.atSet = cmd.Flags().Changed("at")
			return a.post(cmd.Context(), f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.accounts, "account", nil, "account id (repeat for several)")
	fl.StringVar(&f.platform, "platform", "", "with --dry-run: check against a platform instead of accounts")
	fl.StringVar(&f.text, "text", "", "the post's text")
	fl.StringArrayVar(&f.thread, "thread", nil, "a further thread part (repeat)")
	fl.StringVar(&f.at, "at", "now", "when to publish")
	fl.BoolVar(&f.queue, "queue", false, "publish at each account's next free queue slot (chorus queue list)")
	fl.StringArrayVar(&f.media, "media", nil, "image file to attach to the first part (repeat)")
	fl.StringArrayVar(&f.alts, "alt", nil, "alt text of the matching --media")
	fl.StringVar(&f.lang, "lang", "", "language of the post (BCP 47, e.g. en, de)")
	fl.StringVar(&f.cw, "cw", "", "content warning shown before the text (where the platform has one)")
	fl.StringVar(&f.visible, "visibility", "", "public, unlisted, private or direct (where the platform has them)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "validate only, save nothing")
	fl.BoolVar(&f.asJSON, "json", false, "print JSON")
	return cmd
}

// check is what validating a post against one target found.
type check struct {
	Account  string   `json:"account,omitempty"`
	Platform string   `json:"platform"`
	Lengths  []int    `json:"lengths"`
	Limit    int      `json:"limit"`
	Problems []string `json:"problems"`
	// Requests are the bodies the adapter would send, one per part, where it can say.
	Requests []any `json:"requests,omitempty"`
}

func (a *app) post(ctx context.Context, f postFlags) error {
	if strings.TrimSpace(f.text) == "" {
		return usagef("--text is required")
	}
	if len(f.accounts) == 0 && !(f.dryRun && f.platform != "") {
		return usagef("name at least one --account (or, with --dry-run, a --platform)")
	}
	if f.queue && f.atSet {
		return usagef("--at and --queue cannot be used together: --queue picks each account's next free slot")
	}
	if f.queue && len(f.accounts) == 0 {
		return usagef("--queue needs --account: the slots are the accounts'")
	}
	if len(f.alts) > len(f.media) {
		return usagef("--alt given %d times for %d --media", len(f.alts), len(f.media))
	}
	parts := []social.Part{{Text: f.text}}
	for _, t := range f.thread {
		parts = append(parts, social.Part{Text: t})
	}
	for i, path := range f.media {
		m, err := mediaFile(path)
		if err != nil {
			return err
		}
		if i < len(f.alts) {
			m.Alt = f.alts[i]
		}
		parts[0].Media = append(parts[0].Media, m)
	}
	ps, err := a.platforms()
	if err != nil {
		return err
	}

	var accts []social.Account
	var client social.Client
	if len(f.accounts) > 0 {
		db, err := a.store(ctx)
		if err != nil {
			return err
		}
		for _, id := range f.accounts {
			acct, err := db.Account(ctx, id)
			if err != nil {
				return fmt.Errorf("no account %q (see `chorus accounts list`)", id)
			}
			if client.ID == "" {
				if client, err = db.Client(ctx, acct.ClientID); err != nil {
					return err
				}
			} else if acct.ClientID != client.ID {
				return usagef("accounts %s and %s belong to different clients; a post is for one client", f.accounts[0], id)
			}
			accts = append(accts, acct)
		}
	} else {
		accts = []social.Account{{Platform: social.Platform(f.platform)}}
	}

	var checks []check
	bad := false
	for _, acct := range accts {
		ad, err := ps.Get(acct.Platform)
		if err != nil {
			return err
		}
		c := validate(ad, client, parts)
		c.Account = acct.ID
		// The adapter's own check only adds news when ours found nothing.
		if pv, ok := ad.(platforms.Previewer); ok && f.dryRun && f.asJSON && len(c.Problems) == 0 {
			reqs, err := pv.Preview(ctx, acct, platforms.Publishable{Parts: parts, IdemKey: "dry-run",
				Lang: f.lang, ContentWarning: f.cw, Visibility: f.visible})
			if err != nil {
				c.Problems = append(c.Problems, err.Error())
			}
			c.Requests = reqs
		}
		bad = bad || len(c.Problems) > 0
		checks = append(checks, c)
	}
	if f.dryRun || bad {
		if err := a.printChecks(checks, f.asJSON); err != nil {
			return err
		}
		if bad {
			return fmt.Errorf("the post does not fit every target; nothing was saved")
		}
		return nil
	}
	return a.schedule(ctx, f, client, accts, parts)
}

// validate checks parts against a platform's rules and the client's settings.
func validate(ad platforms.Adapter, client social.Client, parts []social.Part) check {
	caps := platforms.Fill(ad)
	c := check{Platform: string(ad.Info().Name), Limit: caps.MaxLength, Problems: []string{}}
	if len(parts) > 1 && !caps.Threads {
		c.Problems = append(c.Problems, "this platform has no threads")
	}
	for i, p := range parts {
		n := caps.Count(p.Text)
		c.Lengths = append(c.Lengths, n)
		if caps.MaxLength > 0 && n > caps.MaxLength {
			c.Problems = append(c.Problems, fmt.Sprintf("part %d is %d long, over the limit of %d", i+1, n, caps.MaxLength))
		}
		if len(p.Media) > caps.MaxImages {
			c.Problems = append(c.Problems, fmt.Sprintf("part %d has %d images; the platform takes %d", i+1, len(p.Media), caps.MaxImages))
		}
		for _, m := range p.Media {
			if m.Alt == "" && client.RequireAlt {
				c.Problems = append(c.Problems, fmt.Sprintf("%s has no alt text, which client %s requires (--alt)", filepath.Base(m.Path), client.ID))
			}
			if caps.MaxAltText > 0 && len([]rune(m.Alt)) > caps.MaxAltText {
				c.Problems = append(c.Problems, fmt.Sprintf("alt text of %s is over %d characters", filepath.Base(m.Path), caps.MaxAltText))
			}
			if caps.MaxImageBytes > 0 && m.Size > caps.MaxImageBytes {
				c.Problems = append(c.Problems, fmt.Sprintf("%s is %d bytes, over the platform's %d", filepath.Base(m.Path), m.Size, caps.MaxImageBytes))
			}
		}
	}
	return c
}

func (a *app) printChecks(checks []check, asJSON bool) error {
	if asJSON {
		return printJSON(a.stdout, checks)
	}
	var rows [][]string
	for _, c := range checks {
		var ls []string
		for _, l := range c.Lengths {
			ls = append(ls, fmt.Sprint(l))
		}
		problems := "ok"
		if len(c.Problems) > 0 {
			problems = strings.Join(c.Problems, "; ")
		}
		name := c.Account
		if name == "" {
			name = c.Platform
		}
		rows = append(rows, []string{name, c.Platform, strings.Join(ls, "+"), fmt.Sprint(c.Limit), problems})
	}
	return printTable(a.stdout, []string{"ACCOUNT", "PLATFORM", "LENGTH", "LIMIT", "PROBLEMS"}, rows)
}

// schedule saves the post with one target per account and, when it is due now, sends it.
func (a *app) schedule(ctx context.Context, f postFlags, client social.Client, accts []social.Account, parts []social.Part) error {
	db, err := a.store(ctx)
	if err != nil {
		return err
	}
	switch f.visible {
	case "", "public", "unlisted", "private", "direct":
	default:
		return usagef("--visibility %q: use public, unlisted, private or direct", f.visible)
	}
	loc := client.Location()
	now := nowUTC()
	dues, err := a.dueTimes(ctx, f, accts, now, loc)
	if err != nil {
		return err
	}
	status := social.StatusScheduled
	if client.ApprovalRequired {
		status = social.StatusReview
	}
	p := &social.Post{ClientID: client.ID, Parts: parts, Status: status, Lang: f.lang,
		ContentWarning: f.cw, Visibility: f.visible}
	for i, acct := range accts {
		p.Targets = append(p.Targets, social.Target{AccountID: acct.ID, Status: status, DueAt: dues[i]})
	}
	if err := db.CreatePost(ctx, p); err != nil {
		return err
	}
	dueNow := false
	for _, d := range dues {
		dueNow = dueNow || !d.After(nowUTC())
	}
	if status == social.StatusScheduled && dueNow {
		pub, err := a.publisher(ctx)
		if err != nil {
			return err
		}
		if _, err := pub.PublishDue(ctx); err != nil {
			return err
		}
	}
	if status == social.StatusReview && !f.asJSON {
		fmt.Fprintf(a.stderr, "client %s needs approval: saved for review; approve with `chorus approve %d`\n", client.ID, p.ID)
	}
	return a.printTargets(ctx, db, p, loc, f.asJSON)
}

// dueTimes returns when each account's target is due: the --at time for all, or with
// --queue each account's next free slot. Either is said back in the client's zone before
// anything is saved.
func (a *app) dueTimes(ctx context.Context, f postFlags, accts []social.Account, now time.Time, loc *time.Location) ([]time.Time, error) {
	dues := make([]time.Time, len(accts))
	if !f.queue {
		due, err := when.Parse(f.at, now, loc)
		if err != nil {
			return nil, usageError{err}
		}
		for i := range dues {
			dues[i] = due
		}
		if due.After(now) && !f.asJSON {
			fmt.Fprintf(a.stderr, "due %s\n", when.Describe(due, now, loc))
		}
		return dues, nil
	}
	db, err := a.store(ctx)
	if err != nil {
		return nil, err
	}
	for i, acct := range accts {
		if dues[i], err = queue.Next(ctx, db, acct.ID, now); err != nil {
			return nil, err
		}
	}
	// Said back only once every account has a slot: nothing is saved otherwise.
	for i, acct := range accts {
		if !f.asJSON {
			fmt.Fprintf(a.stderr, "%s: due %s, its next free slot\n", acct.ID, when.Describe(dues[i], now, loc))
		}
	}
	return dues, nil
}

// printTargets shows where each target of a post stands: the id first, then account,
// status, due time in the client's zone, and the link or error.
func (a *app) printTargets(ctx context.Context, db *store.DB, p *social.Post, loc *time.Location, asJSON bool) error {
	type out struct {
		Target  int64  `json:"target"`
		Post    int64  `json:"post"`
		Account string `json:"account"`
		Status  string `json:"status"`
		Due     string `json:"due"`
		URL     string `json:"url,omitempty"`
		Error   string `json:"error,omitempty"`
	}
	res := []out{}
	var rows [][]string
	for _, t := range p.Targets {
		cur, err := db.Target(ctx, t.ID)
		if err != nil {
			return err
		}
		o := out{cur.ID, p.ID, cur.AccountID, string(cur.Status), cur.DueAt.Format("2006-01-02T15:04:05Z07:00"), cur.RemoteURL, cur.LastError}
		res = append(res, o)
		rows = append(rows, []string{fmt.Sprint(o.Target), o.Account, o.Status, fmtTime(cur.DueAt, loc), o.URL + o.Error})
	}
	if asJSON {
		return printJSON(a.stdout, res)
	}
	return printTable(a.stdout, []string{"TARGET", "ACCOUNT", "STATUS", "DUE", "RESULT"}, rows)
}

func newApproveCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "approve POST_ID",
		Short: "Approve a post in review: it is scheduled at its time, or waits approved for one",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("name one post: chorus approve POST_ID")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usagef("%q is not a post id (chorus post prints it; so does the calendar)", args[0])
			}
			return a.approve(cmd.Context(), id, asJSON)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) approve(ctx context.Context, id int64, asJSON bool) error {
	db, err := a.store(ctx)
	if err != nil {
		return err
	}
	p, err := db.ApprovePost(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no post %d", id)
	}
	if err != nil {
		return err
	}
	client, err := db.Client(ctx, p.ClientID)
	if err != nil {
		return err
	}
	loc, now := client.Location(), nowUTC()
	if !asJSON {
		fmt.Fprintf(a.stderr, "post %d approved\n", id)
		for _, t := range p.Targets {
			if t.Status == social.StatusScheduled && !t.DueAt.After(now) {
				// Approving late is still a decision to publish: the publisher sends an overdue
				// target on its next run rather than dropping it.
				fmt.Fprintf(a.stderr, "%s was due %s: it goes out with the next publish run (chorus publish --due, the daemon or the TUI)\n",
					t.AccountID, when.Describe(t.DueAt, now, loc))
			}
		}
	}
	return a.printTargets(ctx, db, &p, loc, asJSON)
}

// mediaFile reads what the publisher needs to know of an image up front.
func mediaFile(path string) (social.Media, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return social.Media{}, err
	}
	fh, err := os.Open(abs)
	if err != nil {
		return social.Media{}, fmt.Errorf("--media %s: %w", path, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return social.Media{}, err
	}
	head := make([]byte, 512)
	n, _ := fh.Read(head)
	m := social.Media{Path: abs, Size: st.Size(), Mime: http.DetectContentType(head[:n])}
	if !strings.HasPrefix(m.Mime, "image/") && !strings.HasPrefix(m.Mime, "video/") {
		return m, fmt.Errorf("--media %s: %s is not an image or video", path, m.Mime)
	}
	if _, err := fh.Seek(0, 0); err == nil {
		if cfg, _, err := image.DecodeConfig(fh); err == nil {
			m.Width, m.Height = cfg.Width, cfg.Height
		}
	}
	return m, nil
}
