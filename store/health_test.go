package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestNeedsLoginFlagsScheduledPostsAtRisk(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(time.Hour)}}, "one")
	mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusDraft}}, "two")
	if err := db.SaveCursor(ctx, social.SyncCursor{AccountID: a.ID, Stream: "inbox", LastOK: t0}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveCursor(ctx, social.SyncCursor{AccountID: a.ID, Stream: "dms", LastOK: t0.Add(-time.Hour),
		LastError: "login expired or refused", NextAt: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	hs, err := db.Health(ctx, "acme")
	if err != nil || len(hs) != 1 {
		t.Fatalf("%v %v", hs, err)
	}
	if h := hs[0]; h.NeedsLogin || h.AtRisk != 0 || !h.LastSync.Equal(t0) || h.LastError == "" {
		t.Fatalf("healthy account: %+v", h)
	}
	if err := db.SetNeedsLogin(ctx, a.ID, true, "token revoked"); err != nil {
		t.Fatal(err)
	}
	hs, _ = db.Health(ctx, "")
	if h := hs[0]; !h.NeedsLogin || h.AuthError != "token revoked" || h.AtRisk != 1 {
		t.Fatalf("after a refused login: %+v", h)
	}
	if err := db.SetNeedsLogin(ctx, a.ID, false, "ignored"); err != nil {
		t.Fatal(err)
	}
	hs, _ = db.Health(ctx, "")
	if h := hs[0]; h.NeedsLogin || h.AuthError != "" {
		t.Fatalf("after logging in again: %+v", h)
	}
	if err := db.SetNeedsLogin(ctx, "ghost", true, ""); err == nil {
		t.Fatal("unknown account accepted")
	}
}
