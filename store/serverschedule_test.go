package store

import (
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestHandOffOnlyWhatThePlatformCanHoldAndGuardIt(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	c, _ := db.Client(ctx, "acme")
	plats := []social.Platform{a.Platform}
	lease := time.Minute
	soon := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(2 * time.Minute)}}, "too soon")
	thread := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(time.Hour)}}, "one", "two")
	single := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(2 * time.Hour)}}, "single")
	_, _ = soon, thread // there to be passed over

	if _, ok, _ := db.ClaimHandOff(ctx, t0, 5*time.Minute, lease, plats); ok {
		t.Fatal("handed off for a client that did not allow it")
	}
	c.ServerScheduling = true
	if err := db.PutClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	cl, ok, err := db.ClaimHandOff(ctx, t0, 5*time.Minute, lease, plats)
	if err != nil || !ok || cl.Target.ID != single.Targets[0].ID || cl.Parts[0].Text != "single" {
		t.Fatalf("claim %+v %v %v", cl.Target, ok, err)
	}
	if _, ok, _ := db.ClaimHandOff(ctx, t0, 5*time.Minute, lease, plats); ok {
		t.Fatal("claimed twice under the lease")
	}
	if err := db.SetServerRef(ctx, cl.Target.ID, "sched-1"); err != nil {
		t.Fatal(err)
	}
	// The platform holds it: chorus must not publish it nor let it change.
	for {
		c2, ok, err := db.ClaimDue(ctx, t0.Add(3*time.Hour), lease)
		if err != nil || !ok {
			break
		}
		if c2.Target.ID == cl.Target.ID {
			t.Fatal("ClaimDue took a target the platform holds")
		}
	}
	if err := db.SetTargetStatus(ctx, cl.Target.ID, social.StatusPaused); err == nil || !strings.Contains(err.Error(), "withdraw") {
		t.Fatalf("pausing a handed-off target: %v", err)
	}
	if err := db.DeletePost(ctx, single.ID); err == nil {
		t.Fatal("deleted a post the platform will publish")
	}
	due, err := db.ServerScheduledDue(ctx, t0.Add(3*time.Hour))
	if err != nil || len(due) != 1 || due[0].Target.ServerRef != "sched-1" {
		t.Fatalf("due %+v %v", due, err)
	}
	if err := db.CompleteServerScheduled(ctx, cl.Target.ID, Result{RemoteID: "r9", URL: "https://x/r9"}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Target(ctx, cl.Target.ID)
	if got.Status != social.StatusPublished || got.RemoteID != "r9" {
		t.Fatalf("%+v", got)
	}
}

func TestServerLostTargetFailsForAPerson(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	p := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(time.Hour)}}, "x")
	id := p.Targets[0].ID
	if err := db.SetServerRef(ctx, id, "s1"); err != nil {
		t.Fatal(err)
	}
	if err := db.FailServerScheduled(ctx, id, "withdrawn on the platform"); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Target(ctx, id)
	if got.Status != social.StatusFailed || got.ServerRef != "" || got.LastError == "" {
		t.Fatalf("%+v", got)
	}
	// Withdrawing by hand gives it back to chorus.
	p2 := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0}}, "y")
	db.SetServerRef(ctx, p2.Targets[0].ID, "s2")
	if err := db.ClearServerRef(ctx, p2.Targets[0].ID); err != nil {
		t.Fatal(err)
	}
	if c, ok, _ := db.ClaimDue(ctx, t0, time.Minute); !ok || c.Target.ID != p2.Targets[0].ID {
		t.Fatal("a withdrawn target did not come back to chorus")
	}
}
