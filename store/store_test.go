package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenCreatesPrivateFileAndMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "chorus.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	v, err := db.Version(context.Background())
	if err != nil || v < 1 {
		t.Fatalf("version %d, %v", v, err)
	}
	db.Close()
	// Reopening an up-to-date database is a no-op.
	db2, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
}

func seedClientAccount(t testing.TB, db *DB) social.Account {
	t.Helper()
	ctx := context.Background()
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: "Europe/Berlin"}); err != nil {
		t.Fatal(err)
	}
	a := social.Account{ID: "acme-demo", ClientID: "acme", Platform: "demo", Handle: "acme"}
	if err := db.PutAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestClaimDueIsExclusiveAndRecoversExpiredLeases(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	a := seedClientAccount(t, db)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "hello"}},
		Targets: []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: now}}}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	c, ok, err := db.ClaimDue(ctx, now, time.Minute)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if c.Recovered || c.Parts[0].Text != "hello" || c.Account.ID != a.ID {
		t.Fatalf("claim = %+v", c)
	}
	if _, ok, _ := db.ClaimDue(ctx, now.Add(30*time.Second), time.Minute); ok {
		t.Fatal("claimed twice while the lease holds")
	}
	c2, ok, err := db.ClaimDue(ctx, now.Add(2*time.Minute), time.Minute)
	if err != nil || !ok || !c2.Recovered {
		t.Fatalf("expired lease not recovered: %v %v %+v", ok, err, c2)
	}
	if err := db.CompletePublish(ctx, c2.Target.ID, Result{RemoteID: "r1", URL: "https://x/r1"}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Post(ctx, p.ID)
	if got.Status != social.StatusPublished || got.Targets[0].RemoteID != "r1" || got.Targets[0].Attempts != 2 {
		t.Fatalf("after publish: %+v", got)
	}
}

func TestInboxUpsertKeepsTriageStateAndPagesByKeyset(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	a := seedClientAccount(t, db)
	var items []social.InboxItem
	for i := range 120 {
		items = append(items, social.InboxItem{AccountID: a.ID, RemoteID: string(rune('a'+i%26)) + time.Duration(i).String(),
			Kind: social.InboxMention, AuthorID: "u1", AuthorHandle: "fan", Text: "hello world", CreatedAt: time.Now()})
	}
	n, err := db.UpsertInbox(ctx, items)
	if err != nil || n != 120 {
		t.Fatalf("upsert: %d %v", n, err)
	}
	page, err := db.Inbox(ctx, InboxQuery{ClientID: "acme", Limit: 50})
	if err != nil || len(page) != 50 {
		t.Fatalf("page: %d %v", len(page), err)
	}
	if err := db.SetDone(ctx, true, page[0].ID); err != nil {
		t.Fatal(err)
	}
	items[len(items)-1].Text = "edited"
	if n, err := db.UpsertInbox(ctx, items); err != nil || n != 0 {
		t.Fatalf("re-upsert: %d %v", n, err)
	}
	all, _ := db.Inbox(ctx, InboxQuery{ClientID: "acme", All: true, Limit: 1})
	if !all[0].Done || all[0].Text != "edited" {
		t.Fatalf("triage state lost or text not refreshed: %+v", all[0])
	}
	next, _ := db.Inbox(ctx, InboxQuery{ClientID: "acme", Before: page[len(page)-1].ID, Limit: 100})
	if len(next) != 70 {
		t.Fatalf("second page %d, want 70", len(next))
	}
	found, err := db.SearchInbox(ctx, "wor", InboxQuery{ClientID: "acme", Limit: 10})
	if err != nil || len(found) != 10 {
		t.Fatalf("search: %d %v", len(found), err)
	}
}
