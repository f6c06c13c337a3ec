package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestPostCounts(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db) // acme
	mustClient(t, db, "globex")
	g := mustAccount(t, db, "globex-demo", "globex", "demo")

	scheduled(t, db, a, t0.Add(time.Hour))
	scheduled(t, db, a, t0.Add(5*time.Hour))
	failing := scheduled(t, db, g, t0.Add(-time.Hour))
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Kind: social.KindReply, ReplyTo: "r1",
		Status: social.StatusScheduled, DueAt: t0}}, "thanks!") // a reply: not a post
	c, ok, err := db.ClaimDue(ctx, t0, time.Minute)
	if err != nil || !ok || c.Target.ID != failing {
		t.Fatalf("claim: %v %v %+v", ok, err, c.Target)
	}
	if err := db.FailPublish(ctx, failing, "auth expired", time.Time{}); err != nil {
		t.Fatal(err)
	}

	got, err := db.PostCounts(ctx, "acme", t0)
	if want := (PostCounts{Scheduled: 2}); err != nil || got != want {
		t.Fatalf("acme: %+v, %v; want %+v", got, err, want)
	}
	if _, err := db.PauseClient(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	// Two hours on: the first one's time passed while paused.
	got, err = db.PostCounts(ctx, "acme", t0.Add(2*time.Hour))
	if want := (PostCounts{Paused: 2, Missed: 1}); err != nil || got != want {
		t.Fatalf("acme paused: %+v, %v; want %+v", got, err, want)
	}
	got, err = db.PostCounts(ctx, "", t0.Add(2*time.Hour))
	if want := (PostCounts{Paused: 2, Missed: 1, Failed: 1}); err != nil || got != want {
		t.Fatalf("all clients: %+v, %v; want %+v", got, err, want)
	}
}
