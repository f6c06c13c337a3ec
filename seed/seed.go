// Package seed fills a store with the demo network's history: clients, their accounts on
// the demo platform, inbox items, posts in every status, and metric snapshots. It makes
// the first-run demo workspace, and the data tests, benchmarks and screenshots run on.
// Everything is a function of the seed and Options.Now: equal inputs give equal databases.
package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/chorus-social/chorus/platforms/demo"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// Options say how much to seed.
type Options struct {
	Seed    int64
	Clients int // default 3: the fixed acme, bloom and nova; more are generated
	// Inbox items, posts and metric points to write, spread over all accounts. Zero writes
	// none of that kind.
	Inbox, Posts, Metrics int
	Now                   time.Time // default time.Now(); history ends here, plans start here
	// Progress is called after each batch with the stage ("clients", "inbox", "posts",
	// "metrics", "triage") and how far it is; it may be nil.
	Progress func(stage string, done, total int)
}

// Report says what was written.
type Report struct {
	Clients, Accounts, Inbox, Posts, Metrics int
	Replies                                  int // saved replies, 3 to 5 per client
	Took                                     time.Duration
}

// Run seeds db, which should be empty: seeded posts carry idempotency keys derived from the
// seed, so seeding the same seed twice into one database fails on the second run.
func Run(ctx context.Context, db *store.DB, o Options) (Report, error) {
	return seedDB(ctx, db, o, false)
}

// Workspace seeds the demo workspace (`chorus --demo` and the first run): three clients
// with two to four accounts each, about 600 inbox items with some already triaged, about
// 120 posts from three weeks back to four weeks ahead in every status, 90 days of daily
// account numbers, snapshots of every published post's numbers, and saved replies.
func Workspace(ctx context.Context, db *store.DB, seed int64, now time.Time) (Report, error) {
	return seedDB(ctx, db, Options{Seed: seed, Clients: 3, Inbox: 600, Posts: 120, Now: now}, true)
}

// run is one seeding in progress.
type run struct {
	o        Options
	db       *store.DB
	gen      *demo.Generator
	now      time.Time
	clients  []clientPlan
	accounts []social.Account
}

func (r *run) progress(stage string, done, total int) {
	if r.o.Progress != nil {
		r.o.Progress(stage, done, total)
	}
}

func seedDB(ctx context.Context, db *store.DB, o Options, workspace bool) (Report, error) {
	start := time.Now()
	if o.Clients == 0 {
		o.Clients = 3
	}
	if o.Clients < 0 || o.Inbox < 0 || o.Posts < 0 || o.Metrics < 0 {
		return Report{}, fmt.Errorf("seed: counts must not be negative (clients %d, inbox %d, posts %d, metrics %d)",
			o.Clients, o.Inbox, o.Posts, o.Metrics)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	r := &run{o: o, db: db, gen: demo.NewGenerator(o.Seed), now: o.Now.UTC().Truncate(time.Second)}
	var rep Report

	r.clients = plannedClients(o.Seed, o.Clients, r.now)
	for i, c := range r.clients {
		if err := db.PutClient(ctx, c.client); err != nil {
			return rep, fmt.Errorf("seed: %w", err)
		}
		for _, a := range c.accounts() {
			if err := db.PutAccount(ctx, a); err != nil {
				return rep, fmt.Errorf("seed: %w", err)
			}
			if err := db.SetQueueSlots(ctx, a.ID, clientSlots(c.index)); err != nil {
				return rep, fmt.Errorf("seed: %w", err)
			}
			r.accounts = append(r.accounts, a)
		}
		r.progress("clients", i+1, len(r.clients))
	}
	rep.Clients, rep.Accounts = len(r.clients), len(r.accounts)
	var err error
	if rep.Replies, err = r.seedReplies(ctx); err != nil {
		return rep, err
	}

	if rep.Inbox, err = r.seedInbox(ctx, o.Inbox); err != nil {
		return rep, err
	}
	published, err := r.seedPosts(ctx, o.Posts)
	if err != nil {
		return rep, err
	}
	rep.Posts = o.Posts
	budget := o.Metrics
	if workspace {
		budget = len(r.accounts)*len(accountMetricNames)*historyDays + len(published)*len(demo.PostMetricNames)*workspacePostPoints
	}
	if rep.Metrics, err = r.seedMetrics(ctx, budget, published); err != nil {
		return rep, err
	}
	if workspace {
		if err := r.triage(ctx); err != nil {
			return rep, err
		}
	}
	rep.Took = time.Since(start)
	return rep, nil
}
