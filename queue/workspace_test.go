package queue

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chorus-social/chorus/seed"
	"github.com/chorus-social/chorus/store"
)

// The demo workspace is where a new user first meets the queue: every account has slots,
// a next free one, and best times learnt from its history.
func TestDemoWorkspaceHasSlotsAndBestTimes(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	if _, err := seed.Workspace(ctx, db, 1, now); err != nil {
		t.Fatal(err)
	}
	accts, err := db.Accounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	withBest := 0
	for _, a := range accts {
		next, err := Next(ctx, db, a.ID, now)
		if err != nil || !next.After(now) {
			t.Errorf("%s: next free slot %v, %v", a.ID, next, err)
		}
		best, err := BestTimes(ctx, db, a.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(best) > 0 {
			withBest++
		}
	}
	if withBest < len(accts)*2/3 {
		t.Logf("best times for %d of %d", withBest, len(accts))
		t.Errorf("best times for %d of %d demo accounts", withBest, len(accts))
	}
}
