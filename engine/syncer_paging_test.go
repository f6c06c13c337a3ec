package engine

import (
	"context"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
)

func TestLowQuotaStopsPagingUntilTheWindowResets(t *testing.T) {
	t.Parallel()
	clk := newSyncClock()
	reset := clk.Now().Add(3 * time.Minute)
	// 10 of 100 left: at the default reserve of a tenth, the rest is for publishing.
	p := &pager{items: inboxItems(6), quota: &platforms.Quota{Limit: 100, Remaining: 10, Reset: reset}}
	s, db, acct := pagerSyncer(t, clk, p)
	ctx := context.Background()

	rep, err := s.SyncClient(ctx, "acme")
	if err != nil || rep.Err() != nil || rep.NewItems != 2 || len(p.fetches()) != 1 {
		t.Fatalf("first run %+v %v, %d fetches: want one page", rep, err, len(p.fetches()))
	}
	if cur := cursor(t, db, acct.ID, StreamInbox); !cur.NextAt.Equal(reset) || cur.LastError != "" || cur.Cursor != "2" {
		t.Fatalf("cursor %+v: want the page kept and the next run at the reset", cur)
	}
	clk.Add(2 * time.Minute)
	if rep, _ := s.SyncClient(ctx, "acme"); rep.Skipped != 1 || len(p.fetches()) != 1 {
		t.Fatalf("asked before the window reset: %+v", rep)
	}

	clk.Add(time.Minute)
	p.set(func(p *pager) {
		p.quota = &platforms.Quota{Limit: 100, Remaining: 99, Reset: reset.Add(5 * time.Minute)}
	})
	if rep, _ := s.SyncClient(ctx, "acme"); rep.NewItems != 4 || len(allItems(t, db)) != 6 {
		t.Fatalf("after the reset: %+v", rep)
	}

	// A platform that does not say when its window resets gets a minute; QuotaReserve
	// sets how much to leave.
	s.QuotaReserve = 20
	p.set(func(p *pager) {
		p.items = append(p.items, inboxItems(10)[6:]...)
		p.quota = &platforms.Quota{Remaining: 20}
	})
	asked := len(p.fetches())
	if rep, _ := s.SyncClient(ctx, "acme"); rep.NewItems != 2 || len(p.fetches()) != asked+1 {
		t.Fatalf("low quota without a reset: %+v", rep)
	}
	if got := cursor(t, db, acct.ID, StreamInbox).NextAt.Sub(clk.Now()); got != time.Minute {
		t.Fatalf("waits %v without a reset, want a minute", got)
	}
}

func TestPageThatDoesNotMoveTheCursorEndsTheRun(t *testing.T) {
	t.Parallel()
	clk := newSyncClock()
	// An adapter that keeps saying More without moving on must not be asked MaxPages
	// times for the same page.
	p := &pager{items: inboxItems(4), stuck: true}
	s, db, _ := pagerSyncer(t, clk, p)
	if rep, err := s.SyncClient(context.Background(), "acme"); err != nil || rep.NewItems != 2 {
		t.Fatalf("first run %+v %v", rep, err)
	}
	if rep, err := s.SyncClient(context.Background(), "acme"); err != nil || rep.NewItems != 0 {
		t.Fatalf("second run %+v %v", rep, err)
	}
	if got := p.fetches(); len(got) != 3 || len(allItems(t, db)) != 2 {
		t.Fatalf("fetches %q: want two for the first run (cursor moved once) and one for the second", got)
	}
}
