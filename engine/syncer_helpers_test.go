package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// syncClock is a settable clock shared by a syncer, its adapter and a test server, which
// reads it from its own goroutines.
type syncClock struct {
	mu sync.Mutex
	t  time.Time
}

func newSyncClock() *syncClock {
	return &syncClock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *syncClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *syncClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncStore opens a store in a temporary file holding client acme and account a.
func syncStore(t *testing.T, a social.Account) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: "UTC"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	return db
}

// allItems is every inbox item in the store (of its one account), done and snoozed ones
// too, by remote id. It fails the test if a remote id is stored twice.
func allItems(t *testing.T, db *store.DB) map[string]social.InboxItem {
	t.Helper()
	items, err := db.Inbox(context.Background(), store.InboxQuery{All: true, Limit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]social.InboxItem{}
	for _, it := range items {
		if _, dup := out[it.RemoteID]; dup {
			t.Fatalf("%s is stored twice", it.RemoteID)
		}
		out[it.RemoteID] = it
	}
	return out
}

// cursor reads a stream's cursor row.
func cursor(t *testing.T, db *store.DB, accountID, stream string) social.SyncCursor {
	t.Helper()
	c, err := db.Cursor(context.Background(), accountID, stream)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// triage is the local state a person gives an item; a sync must keep all of it.
type triage struct {
	done, read bool
	snoozed    time.Time
	label      string
}

// apply gives the item with local id id the triage state tr.
func (tr triage) apply(t *testing.T, db *store.DB, id int64) {
	t.Helper()
	ctx := context.Background()
	if err := db.SetDone(ctx, tr.done, id); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRead(ctx, tr.read, id); err != nil {
		t.Fatal(err)
	}
	if !tr.snoozed.IsZero() {
		if err := db.Snooze(ctx, tr.snoozed, id); err != nil {
			t.Fatal(err)
		}
	}
	if tr.label != "" {
		l, err := db.EnsureLabel(ctx, "acme", tr.label)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetLabel(ctx, l.ID, true, id); err != nil {
			t.Fatal(err)
		}
	}
}

// check fails the test unless it carries the triage state tr.
func (tr triage) check(t *testing.T, it social.InboxItem) {
	t.Helper()
	labelled := tr.label == ""
	for _, l := range it.Labels {
		labelled = labelled || l == tr.label
	}
	if it.Done != tr.done || it.Read != tr.read || !it.SnoozedUntil.Equal(tr.snoozed) || !labelled {
		t.Errorf("%s lost its triage state: done %v read %v snoozed %v labels %v; want %+v",
			it.RemoteID, it.Done, it.Read, it.SnoozedUntil, it.Labels, tr)
	}
}

// pager is an inbox-only adapter serving its items two to a page, the cursor being the
// index of the next item. It fails or waits as told and records every fetch's cursor.
type pager struct {
	name social.Platform

	mu    sync.Mutex
	items []social.InboxItem
	errs  []error          // returned by the next fetches, one each, in order
	quota *platforms.Quota // reported with every page
	stuck bool             // answer every fetch with the first page and More, never moving on
	// wait, when set, runs before a fetch is served; its error fails the fetch.
	wait  func(ctx context.Context, cursor string) error
	calls []string
}

// inboxItems makes n mentions m0 … m(n-1).
func inboxItems(n int) []social.InboxItem {
	var out []social.InboxItem
	for i := range n {
		out = append(out, social.InboxItem{RemoteID: fmt.Sprint("m", i), Kind: social.InboxMention,
			AuthorHandle: "fan", Text: fmt.Sprint("hello ", i), CreatedAt: time.Date(2026, 11, 30, 12, i, 0, 0, time.UTC)})
	}
	return out
}

func (p *pager) Info() platforms.Info {
	return platforms.Info{Name: p.name, Caps: platforms.Capabilities{MaxLength: 500, Count: func(s string) int { return len(s) }}}
}

func (p *pager) Publish(context.Context, social.Account, platforms.Publishable) (platforms.Published, error) {
	return platforms.Published{}, platforms.ErrUnsupported
}

func (p *pager) FetchInbox(ctx context.Context, a social.Account, cursor string) (platforms.InboxPage, error) {
	p.mu.Lock()
	p.calls = append(p.calls, cursor)
	wait := p.wait
	p.mu.Unlock()
	if wait != nil {
		if err := wait(ctx, cursor); err != nil {
			return platforms.InboxPage{}, err
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.errs) > 0 {
		err := p.errs[0]
		p.errs = p.errs[1:]
		return platforms.InboxPage{}, err
	}
	start := 0
	if !p.stuck {
		fmt.Sscan(cursor, &start)
	}
	end := min(start+2, len(p.items))
	return platforms.InboxPage{Items: slices.Clone(p.items[start:end]), Cursor: fmt.Sprint(end),
		More: p.stuck || end < len(p.items), Quota: p.quota}, nil
}

// set changes the pager under its lock.
func (p *pager) set(f func(p *pager)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}

// fetches is the cursors of every fetch so far.
func (p *pager) fetches() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.calls)
}

// pagerSyncer is a syncer on clock clk for one account acme-pager served by p.
func pagerSyncer(t *testing.T, clk *syncClock, p *pager) (*Syncer, *store.DB, social.Account) {
	t.Helper()
	p.name = social.Platform("pager")
	acct := social.Account{ID: "acme-pager", ClientID: "acme", Platform: p.name, Handle: "acme"}
	db := syncStore(t, acct)
	set := platforms.NewSet(platforms.Env{}, nil)
	set.Put(p)
	return &Syncer{DB: db, Platforms: set, Now: clk.Now}, db, acct
}
