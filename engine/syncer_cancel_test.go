package engine

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestCancelledSyncStopsAtTheLastStoredPageWithoutCountingAFailure(t *testing.T) {
	t.Parallel()
	clk := newSyncClock()
	p := &pager{items: inboxItems(6)}
	s, db, acct := pagerSyncer(t, clk, p)

	// Cancelled before it starts: nothing is asked.
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if rep, err := s.SyncClient(gone, "acme"); !errors.Is(err, context.Canceled) || rep.Accounts != 0 || len(p.fetches()) != 0 {
		t.Fatalf("cancelled run: %+v %v, fetches %v", rep, err, p.fetches())
	}

	// Cancelled while the second page is on its way, as when chorus quits mid-sync.
	asked := make(chan struct{})
	p.set(func(p *pager) {
		p.wait = func(ctx context.Context, cursor string) error {
			if cursor != "2" {
				return nil
			}
			close(asked)
			<-ctx.Done()
			return ctx.Err()
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-asked; cancel() }()
	type result struct {
		rep SyncReport
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := s.SyncClient(ctx, "acme")
		done <- result{rep, err}
	}()
	var res result
	select {
	case res = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the sync did not stop when cancelled")
	}
	if !errors.Is(res.err, context.Canceled) || res.rep.NewItems != 2 || len(res.rep.Errors) != 0 {
		t.Fatalf("report %+v, err %v: want the first page, ctx's error and no account error", res.rep, res.err)
	}
	cur := cursor(t, db, acct.ID, StreamInbox)
	if cur.Cursor != "2" || cur.LastError != "" || !cur.NextAt.IsZero() {
		t.Fatalf("cursor %+v: want it after the stored page, with no error and no back-off", cur)
	}
	if n := len(allItems(t, db)); n != 2 {
		t.Fatalf("%d items stored, want the first page's 2", n)
	}

	// The next run carries on from the stored page at once.
	p.set(func(p *pager) { p.wait = nil })
	rep, err := s.SyncClient(context.Background(), "acme")
	if err != nil || rep.Err() != nil || rep.NewItems != 4 {
		t.Fatalf("next run %+v %v", rep, err)
	}
	if got := p.fetches(); !slices.Equal(got, []string{"", "2", "2", "4"}) {
		t.Fatalf("fetched with cursors %q", got)
	}
	if n := len(allItems(t, db)); n != 6 {
		t.Fatalf("%d items stored, want 6", n)
	}
}
