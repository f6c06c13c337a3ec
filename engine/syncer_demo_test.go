package engine

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/demo"
	"github.com/chorus-social/chorus/social"
)

func TestDemoSyncOverSimulatedTimeStoresEachArrivalOnce(t *testing.T) {
	t.Parallel()
	clk := newSyncClock()
	ad, err := demo.New(platforms.Env{Now: clk.Now, Options: map[string]any{"seed": 7}})
	if err != nil {
		t.Fatal(err)
	}
	acct := social.Account{ID: "acme-demo", ClientID: "acme", Platform: demo.Name, Handle: "acme@social.demo", DisplayName: "Acme"}
	db := syncStore(t, acct)
	set := platforms.NewSet(platforms.Env{}, nil)
	set.Put(ad)
	s := &Syncer{DB: db, Platforms: set, Now: clk.Now}
	ctx := context.Background()
	sync := func() SyncReport {
		t.Helper()
		rep, err := s.SyncClient(ctx, "acme")
		if err != nil || rep.Err() != nil {
			t.Fatalf("sync at %v: %v %v", clk.Now(), err, rep.Err())
		}
		return rep
	}
	gen := ad.Generator()
	arrived := func() int { return gen.ArrivedBefore(acct.ID, clk.Now()) }

	rep := sync()
	items := allItems(t, db)
	ready := arrived()
	if rep.NewItems == 0 || rep.NewItems != len(items) {
		t.Fatalf("first sync stored %d, reported %d", len(items), rep.NewItems)
	}
	for i := ready - 20; i < ready; i++ {
		if _, ok := items[demo.RemoteID(acct.ID, i)]; !ok {
			t.Fatalf("recent item %d is not stored", i)
		}
	}

	// A person works through the newest items.
	kept := map[string]triage{
		demo.RemoteID(acct.ID, ready-1): {done: true, read: true},
		demo.RemoteID(acct.ID, ready-2): {snoozed: clk.Now().Add(48 * time.Hour).Truncate(time.Second), label: "later"},
		demo.RemoteID(acct.ID, ready-3): {read: true, label: "vip"},
	}
	for id, tr := range kept {
		tr.apply(t, db, items[id].ID)
	}

	for step := range 2 {
		clk.Add(5 * time.Hour)
		next := arrived()
		if rep := sync(); rep.NewItems != next-ready {
			t.Fatalf("step %d: %d new items, want the %d that arrived", step, rep.NewItems, next-ready)
		}
		if rep := sync(); rep.NewItems != 0 {
			t.Fatalf("step %d: syncing again added %d", step, rep.NewItems)
		}
		now := allItems(t, db)
		for i := ready; i < next; i++ {
			if _, ok := now[demo.RemoteID(acct.ID, i)]; !ok {
				t.Fatalf("step %d: item %d arrived but is not stored", step, i)
			}
		}
		if len(now) != len(items)+next-ready {
			t.Fatalf("step %d: %d items stored, want %d", step, len(now), len(items)+next-ready)
		}
		items, ready = now, next
	}

	// A sync that stored a page but died before saving its cursor asks for the page
	// again: nothing doubles, nothing a person did is lost.
	cur := cursor(t, db, acct.ID, StreamInbox)
	cur.Cursor = strconv.Itoa(ready - 40)
	if err := db.SaveCursor(ctx, cur); err != nil {
		t.Fatal(err)
	}
	if rep := sync(); rep.NewItems != 0 {
		t.Fatalf("replayed page added %d items", rep.NewItems)
	}
	if got := cursor(t, db, acct.ID, StreamInbox).Cursor; got != strconv.Itoa(ready-1) {
		t.Fatalf("cursor %s after the replay, want %d", got, ready-1)
	}
	items = allItems(t, db)
	for id, tr := range kept {
		tr.check(t, items[id])
	}
}
