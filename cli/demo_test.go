package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/config"
	"github.com/chorus-social/chorus/store"
)

func TestDemoWorkspaceIsKeptBetweenRunsUntilReset(t *testing.T) {
	sandbox(t)
	ctx := context.Background()
	path := config.DemoDBPath()
	open := func() *store.DB {
		db, err := store.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db := open()
	if err := ensureDemo(ctx, db, 1); err != nil {
		t.Fatal(err)
	}
	items, err := db.Inbox(ctx, store.InboxQuery{Limit: 5})
	if err != nil || len(items) == 0 {
		t.Fatalf("demo inbox: %d items, %v", len(items), err)
	}
	if err := db.SetDone(ctx, true, items[0].ID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// A second --demo run finds the triage of the first.
	db = open()
	if err := ensureDemo(ctx, db, 1); err != nil {
		t.Fatal(err)
	}
	if it, err := db.InboxItem(ctx, items[0].ID); err != nil || !it.Done {
		t.Fatalf("after reopening: %+v %v", it, err)
	}
	db.Close()

	out, _, code := chorus(t, "", "demo", "reset")
	if code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("reset: %d %q", code, out)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("demo database still there: %v", err)
	}
	out, _, code = chorus(t, "", "demo", "reset")
	if code != 0 || !strings.Contains(out, "no demo workspace") {
		t.Fatalf("second reset: %d %q", code, out)
	}
}
