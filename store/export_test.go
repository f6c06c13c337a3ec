package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestExportPostsHoldsWhatWillGoOrWentOut(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-two", "acme", "demo")
	mustClient(t, db, "bloom")
	c := mustAccount(t, db, "bloom-demo", "bloom", "demo")
	due := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	both := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: due},
		{AccountID: b.ID, Status: social.StatusPublished, DueAt: due, RemoteID: "r", RemoteURL: "https://x/r", PublishedAt: due}}, "one", "two")
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusDraft, DueAt: due}}, "draft")
	mixed := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusFailed, DueAt: due},
		{AccountID: b.ID, Status: social.StatusScheduled, DueAt: due.Add(time.Hour)}}, "mixed")
	mustPost(t, db, "bloom", []social.Target{{AccountID: c.ID, Status: social.StatusScheduled, DueAt: due}}, "bloom's")

	got, err := db.ExportPosts(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Post.ID != both.ID || got[1].Post.ID != mixed.ID {
		t.Fatalf("exported %+v", got)
	}
	e := got[0]
	if len(e.Post.Parts) != 2 || e.Post.Parts[1].Text != "two" || e.Client.ID != "acme" || e.Client.TZ != "Europe/Berlin" ||
		len(e.Post.Targets) != 2 || e.Accounts[1].ID != b.ID || e.Post.Targets[1].RemoteURL != "https://x/r" {
		t.Fatalf("first: %+v", e)
	}
	if m := got[1]; len(m.Post.Targets) != 1 || m.Post.Targets[0].AccountID != b.ID || m.Accounts[0].ID != b.ID {
		t.Fatalf("the failed target is not an event: %+v", m)
	}
	if all, err := db.ExportPosts(ctx, ""); err != nil || len(all) != 3 || all[2].Client.ID != "bloom" {
		t.Fatalf("all clients: %+v %v", all, err)
	}
}

func TestWorkspaceIDIsMadeOnceAndKept(t *testing.T) {
	path := t.TempDir() + "/chorus.db"
	db := openAt(t, path)
	id, err := db.WorkspaceID(t.Context())
	if err != nil || len(id) != 12 {
		t.Fatalf("%q %v", id, err)
	}
	db.Close()
	again, err := openAt(t, path).WorkspaceID(t.Context())
	if err != nil || again != id {
		t.Fatalf("reopened: %q %v, want %q", again, err, id)
	}
}
