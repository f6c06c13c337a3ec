package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestApprovePostSchedulesWhatHasATime(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-two", "acme", "demo")
	due := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	p := &social.Post{ClientID: "acme", Status: social.StatusReview, Parts: []social.Part{{Text: "launch"}},
		Targets: []social.Target{{AccountID: a.ID, Status: social.StatusReview, DueAt: due}, {AccountID: b.ID, Status: social.StatusReview}}}
	if err := db.CreatePost(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := db.ApprovePost(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != social.StatusScheduled || got.Targets[0].Status != social.StatusScheduled || !got.Targets[0].DueAt.Equal(due) ||
		got.Targets[1].Status != social.StatusApproved {
		t.Fatalf("after approval: %+v", got)
	}
	wantErr(t, func() error { _, err := db.ApprovePost(ctx, p.ID); return err }(), "post", "is scheduled, not in review")
	wantErr(t, func() error { _, err := db.ApprovePost(ctx, 999); return err }(), "post 999", "not found")

	// Without any due time the post is approved, waiting for a time.
	idea := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusReview}}, "someday")
	if got, err := db.ApprovePost(ctx, idea.ID); err != nil || got.Status != social.StatusApproved {
		t.Fatalf("no due time: %+v %v", got, err)
	}
}
