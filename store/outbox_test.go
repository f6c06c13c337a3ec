package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

// TestClaimDueTwoProcessesNeverClaimSameTarget runs claimers on two handles of one file,
// as the TUI and the daemon do, and checks every target is claimed exactly once.
func TestClaimDueTwoProcessesNeverClaimSameTarget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chorus.db")
	tui, daemon := openAt(t, path), openAt(t, path)
	a := seedClientAccount(t, tui)
	const n = 120
	posts := make([]*social.Post, n)
	for i := range posts {
		posts[i] = &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "p"}},
			Targets: []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(-time.Duration(i) * time.Second)}}}
	}
	if err := tui.CreatePosts(t.Context(), posts); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	claims := map[int64]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		db := tui
		if w%2 == 1 {
			db = daemon
		}
		wg.Go(func() {
			for {
				c, ok, err := db.ClaimDue(context.Background(), t0, time.Hour)
				if err != nil {
					errs <- err
					return
				}
				if !ok {
					return
				}
				mu.Lock()
				claims[c.Target.ID]++
				mu.Unlock()
				if c.Recovered || c.Target.Attempts != 1 {
					errs <- &claimErr{c}
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(claims) != n {
		t.Fatalf("%d targets claimed, want %d", len(claims), n)
	}
	for id, k := range claims {
		if k != 1 {
			t.Errorf("target %d claimed %d times", id, k)
		}
	}
}

type claimErr struct{ c Claim }

func (e *claimErr) Error() string { return "claimed a target already claimed: " + e.c.Target.IdemKey }

func TestClaimDueIsExclusiveAndRecoversExpiredLeases(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0)
	c, ok, err := db.ClaimDue(ctx, t0, time.Minute)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if c.Recovered || c.Parts[0].Text != "hello" || c.Account.ID != a.ID || c.Target.ID != id ||
		c.Target.Status != social.StatusPublishing || !c.Target.LeaseUntil.Equal(t0.Add(time.Minute)) || c.Target.Attempts != 1 {
		t.Fatalf("claim = %+v", c)
	}
	if _, ok, _ := db.ClaimDue(ctx, t0.Add(30*time.Second), time.Minute); ok {
		t.Fatal("claimed twice while the lease holds")
	}
	if _, ok, _ := db.ClaimDue(ctx, t0.Add(time.Minute), time.Minute); ok {
		t.Fatal("claimed at the very instant the lease ends")
	}
	c2, ok, err := db.ClaimDue(ctx, t0.Add(2*time.Minute), time.Minute)
	if err != nil || !ok || !c2.Recovered || c2.Target.Attempts != 2 {
		t.Fatalf("expired lease not recovered: %v %v %+v", ok, err, c2)
	}
	if err := db.CompletePublish(ctx, c2.Target.ID, Result{RemoteID: "r1", URL: "https://x/r1", At: t0.Add(2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Post(ctx, c.Target.PostID)
	tg := got.Targets[0]
	if got.Status != social.StatusPublished || tg.Status != social.StatusPublished || tg.RemoteID != "r1" ||
		tg.RemoteURL != "https://x/r1" || tg.Attempts != 2 || !tg.LeaseUntil.IsZero() || !tg.PublishedAt.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("after publish: %+v", got)
	}
	if _, ok, _ := db.ClaimDue(ctx, t0.Add(time.Hour), time.Minute); ok {
		t.Fatal("published target claimed again")
	}
}

func TestClaimDueTakesOnlyDueScheduledTargets(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	for _, tc := range []struct {
		name   string
		status social.Status
		due    time.Time
		claim  bool
	}{
		{"scheduled, due", social.StatusScheduled, t0, true},
		{"scheduled, overdue", social.StatusScheduled, t0.Add(-48 * time.Hour), true},
		{"scheduled, future", social.StatusScheduled, t0.Add(time.Millisecond), false},
		{"draft", social.StatusDraft, t0.Add(-time.Hour), false},
		{"review", social.StatusReview, t0.Add(-time.Hour), false},
		{"approved", social.StatusApproved, t0.Add(-time.Hour), false},
		{"paused", social.StatusPaused, t0.Add(-time.Hour), false},
		{"failed", social.StatusFailed, t0.Add(-time.Hour), false},
		{"published", social.StatusPublished, t0.Add(-time.Hour), false},
		{"idea without time", social.StatusIdea, time.Time{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tg := social.Target{AccountID: a.ID, Status: tc.status, DueAt: tc.due}
			if tc.status == social.StatusPublished {
				tg.RemoteID = "r-" + tc.name
			}
			id := mustPost(t, db, "acme", []social.Target{tg}, tc.name).Targets[0].ID
			c, ok, err := db.ClaimDue(ctx, t0, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tc.claim || (ok && c.Target.ID != id) {
				t.Fatalf("claimed %v (%+v), want %v", ok, c.Target, tc.claim)
			}
			if ok {
				db.CompletePublish(ctx, id, Result{RemoteID: "r"})
			}
		})
	}
}

func TestClaimDueTakesTheEarliestFirst(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	late := scheduled(t, db, a, t0.Add(-time.Minute))
	early := scheduled(t, db, a, t0.Add(-time.Hour))
	tie := scheduled(t, db, a, t0.Add(-time.Minute))
	var got []int64
	for {
		c, ok, err := db.ClaimDue(t.Context(), t0, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, c.Target.ID)
	}
	if want := []int64{early, late, tie}; !reflect.DeepEqual(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func TestClaimDueRejectsNonPositiveLease(t *testing.T) {
	db := openTest(t)
	_, _, err := db.ClaimDue(t.Context(), t0, 0)
	wantErr(t, err, "lease must be positive")
}

func TestFailPublishWithRetryAtIsNotClaimableBeforeRetryAt(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0)
	if _, ok, _ := db.ClaimDue(ctx, t0, time.Minute); !ok {
		t.Fatal("no claim")
	}
	retryAt := t0.Add(10 * time.Minute)
	if err := db.FailPublish(ctx, id, "rate limited", retryAt); err != nil {
		t.Fatal(err)
	}
	tg := mustTarget(t, db, id)
	if tg.Status != social.StatusScheduled || tg.LastError != "rate limited" || !tg.LeaseUntil.IsZero() {
		t.Fatalf("after retryable failure: %+v", tg)
	}
	if next, _ := db.NextDue(ctx); !next.Equal(retryAt) {
		t.Fatalf("NextDue %v, want the retry time %v", next, retryAt)
	}
	if _, ok, _ := db.ClaimDue(ctx, retryAt.Add(-time.Millisecond), time.Minute); ok {
		t.Fatal("claimed before retryAt")
	}
	c, ok, err := db.ClaimDue(ctx, retryAt, time.Minute)
	if err != nil || !ok || c.Target.ID != id || c.Recovered || c.Target.Attempts != 2 {
		t.Fatalf("not claimed at retryAt: %v %v %+v", ok, err, c)
	}
}

func TestFailPublishWithoutRetryFailsForGood(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0)
	if _, ok, _ := db.ClaimDue(ctx, t0, time.Minute); !ok {
		t.Fatal("no claim")
	}
	if err := db.FailPublish(ctx, id, "text too long", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if tg := mustTarget(t, db, id); tg.Status != social.StatusFailed || tg.LastError != "text too long" {
		t.Fatalf("after failure: %+v", tg)
	}
	if _, ok, _ := db.ClaimDue(ctx, t0.Add(24*time.Hour), time.Minute); ok {
		t.Fatal("failed target claimed")
	}
	if next, _ := db.NextDue(ctx); !next.IsZero() {
		t.Fatalf("NextDue %v with only a failed target", next)
	}
	wantErr(t, db.FailPublish(ctx, id, "again", time.Time{}), "target", "failed, not being published")
	// The user fixes the text and reschedules: the error is cleared.
	if err := db.ScheduleTarget(ctx, id, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if tg := mustTarget(t, db, id); tg.Status != social.StatusScheduled || tg.LastError != "" {
		t.Fatalf("after reschedule: %+v", tg)
	}
}

func TestRecordSentPartsSurvivesARecoveredClaim(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0, "1/3", "2/3", "3/3")
	if err := db.RecordSentParts(ctx, id, []string{"r1"}); err == nil {
		t.Fatal("sent parts recorded on a target not being published")
	}
	c, _, _ := db.ClaimDue(ctx, t0, time.Minute)
	if len(c.Parts) != 3 {
		t.Fatalf("parts %+v", c.Parts)
	}
	if err := db.RecordSentParts(ctx, id, []string{"r1", "r2"}); err != nil {
		t.Fatal(err)
	}
	// The process dies; the lease runs out; another claims it.
	c2, ok, err := db.ClaimDue(ctx, t0.Add(5*time.Minute), time.Minute)
	if err != nil || !ok || !c2.Recovered {
		t.Fatalf("recover: %v %v", ok, err)
	}
	if !reflect.DeepEqual(c2.Target.SentParts, []string{"r1", "r2"}) {
		t.Fatalf("sent parts lost: %v", c2.Target.SentParts)
	}
	// A failure with retry keeps them too, and completing without parts keeps them.
	if err := db.FailPublish(ctx, id, "503", t0.Add(6*time.Minute)); err != nil {
		t.Fatal(err)
	}
	c3, ok, _ := db.ClaimDue(ctx, t0.Add(6*time.Minute), time.Minute)
	if !ok || !reflect.DeepEqual(c3.Target.SentParts, []string{"r1", "r2"}) {
		t.Fatalf("after retry: %v %+v", ok, c3.Target)
	}
	if err := db.CompletePublish(ctx, id, Result{RemoteID: "r1"}); err != nil {
		t.Fatal(err)
	}
	if tg := mustTarget(t, db, id); !reflect.DeepEqual(tg.SentParts, []string{"r1", "r2"}) {
		t.Fatalf("complete without parts dropped them: %v", tg.SentParts)
	}
}

func TestCompletePublishRecordsAllSentParts(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0, "1", "2")
	db.ClaimDue(t.Context(), t0, time.Minute)
	if err := db.CompletePublish(t.Context(), id, Result{RemoteID: "r1", SentParts: []string{"r1", "r2"}}); err != nil {
		t.Fatal(err)
	}
	if tg := mustTarget(t, db, id); !reflect.DeepEqual(tg.SentParts, []string{"r1", "r2"}) {
		t.Fatalf("sent parts %v", tg.SentParts)
	}
	wantErr(t, db.CompletePublish(t.Context(), 999, Result{}), "target 999", "not found")
}

func TestClaimAppliesTheTargetsVariantKeepingMedia(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	img := social.Media{Path: "cat.png", Alt: "a cat"}
	p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "long text for everyone", Media: []social.Media{img}}, {Text: "part two"}},
		Targets: []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0, Variant: []string{"short", "two", "three"}}}}
	if err := db.CreatePost(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	c, ok, err := db.ClaimDue(t.Context(), t0, time.Minute)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if len(c.Parts) != 3 || c.Parts[0].Text != "short" || c.Parts[1].Text != "two" || c.Parts[2].Text != "three" {
		t.Fatalf("variant not applied: %+v", c.Parts)
	}
	if len(c.Parts[0].Media) != 1 || c.Parts[0].Media[0].Alt != "a cat" || len(c.Parts[2].Media) != 0 {
		t.Fatalf("media not kept by part: %+v", c.Parts)
	}
}

func TestCompletePublishMarksThePostPublishedWhenEveryTargetIsOut(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "bluesky")
	p := mustPost(t, db, "acme", []social.Target{
		{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0},
		{AccountID: b.ID, Status: social.StatusScheduled, DueAt: t0.Add(time.Minute)}}, "x")
	c1, _, _ := db.ClaimDue(ctx, t0, time.Minute)
	db.CompletePublish(ctx, c1.Target.ID, Result{RemoteID: "1"})
	if got, _ := db.Post(ctx, p.ID); got.Status == social.StatusPublished {
		t.Fatal("post published with a target still to go")
	}
	c2, _, _ := db.ClaimDue(ctx, t0.Add(time.Minute), time.Minute)
	db.CompletePublish(ctx, c2.Target.ID, Result{RemoteID: "2"})
	if got, _ := db.Post(ctx, p.ID); got.Status != social.StatusPublished {
		t.Fatalf("post %s after every target is out", got.Status)
	}
}

func TestExtendLeaseKeepsTheClaim(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0)
	wantErr(t, db.ExtendLease(ctx, id, t0.Add(time.Hour)), "scheduled, not being published")
	wantErr(t, db.ExtendLease(ctx, 999, t0.Add(time.Hour)), "target 999", "not found")
	db.ClaimDue(ctx, t0, time.Minute)
	if err := db.ExtendLease(ctx, id, t0.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.ClaimDue(ctx, t0.Add(5*time.Minute), time.Minute); ok {
		t.Fatal("claimed within the extended lease")
	}
}

func TestScheduleAndStatusChangesOfTargets(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	draft := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID}}, "d").Targets[0].ID
	for _, tc := range []struct {
		name string
		do   func() error
		want string // "" for success
	}{
		{"draft to scheduled needs a time", func() error { return db.SetTargetStatus(ctx, draft, social.StatusScheduled) }, "no due time"},
		{"schedule needs a time", func() error { return db.ScheduleTarget(ctx, draft, time.Time{}) }, "no due time"},
		{"publisher-only status", func() error { return db.SetTargetStatus(ctx, draft, social.StatusPublished) }, "publisher only"},
		{"unknown status", func() error { return db.SetTargetStatus(ctx, draft, "later") }, `unknown status "later"`},
		{"unknown target", func() error { return db.SetTargetStatus(ctx, 999, social.StatusReview) }, "target 999"},
		{"to review", func() error { return db.SetTargetStatus(ctx, draft, social.StatusReview) }, ""},
		{"schedule", func() error { return db.ScheduleTarget(ctx, draft, t0.Add(time.Hour)) }, ""},
		{"pause", func() error { return db.SetTargetStatus(ctx, draft, social.StatusPaused) }, ""},
		{"resume keeps its time", func() error { return db.SetTargetStatus(ctx, draft, social.StatusScheduled) }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantErr(t, err, tc.want)
		})
	}
	if tg := mustTarget(t, db, draft); tg.Status != social.StatusScheduled || !tg.DueAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("target %+v", tg)
	}
	db.ClaimDue(ctx, t0.Add(time.Hour), time.Minute)
	wantErr(t, db.ScheduleTarget(ctx, draft, t0.Add(2*time.Hour)), "publishing and cannot change")
	wantErr(t, db.SetTargetStatus(ctx, draft, social.StatusPaused), "publishing and cannot change")
	db.CompletePublish(ctx, draft, Result{RemoteID: "r"})
	wantErr(t, db.ScheduleTarget(ctx, draft, t0.Add(2*time.Hour)), "published and cannot change")
}

func TestNextDue(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, db *DB, a social.Account)
		want  time.Time
	}{
		{"nothing scheduled", func(t *testing.T, db *DB, a social.Account) {
			mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, DueAt: t0}}, "draft with a time")
		}, time.Time{}},
		{"earliest scheduled", func(t *testing.T, db *DB, a social.Account) {
			scheduled(t, db, a, t0.Add(2*time.Hour))
			scheduled(t, db, a, t0.Add(time.Hour))
		}, t0.Add(time.Hour)},
		{"back-off pushes past due", func(t *testing.T, db *DB, a social.Account) {
			id := scheduled(t, db, a, t0)
			db.ClaimDue(t.Context(), t0, time.Minute)
			db.FailPublish(t.Context(), id, "busy", t0.Add(30*time.Minute))
			scheduled(t, db, a, t0.Add(time.Hour))
		}, t0.Add(30 * time.Minute)},
		{"a lease running out", func(t *testing.T, db *DB, a social.Account) {
			scheduled(t, db, a, t0)
			db.ClaimDue(t.Context(), t0, 2*time.Minute)
			scheduled(t, db, a, t0.Add(time.Hour))
		}, t0.Add(2 * time.Minute)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			tc.setup(t, db, seedClientAccount(t, db))
			got, err := db.NextDue(t.Context())
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("NextDue %v %v, want %v", got, err, tc.want)
			}
		})
	}
}

func TestExtendClaimFailsOnceAnotherProcessTookTheTarget(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	scheduled(t, db, a, t0)
	stale, _, _ := db.ClaimDue(ctx, t0, time.Minute)
	if err := db.ExtendClaim(ctx, stale, t0.Add(2*time.Minute)); err != nil {
		t.Fatalf("holder cannot extend: %v", err)
	}
	fresh, ok, _ := db.ClaimDue(ctx, t0.Add(3*time.Minute), time.Minute)
	if !ok || !fresh.Recovered {
		t.Fatal("no recovery")
	}
	if err := db.ExtendClaim(ctx, stale, t0.Add(10*time.Minute)); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("stale claim extended: %v", err)
	}
	if err := db.ExtendClaim(ctx, fresh, t0.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	db.CompletePublish(ctx, fresh.Target.ID, Result{RemoteID: "r"})
	wantErr(t, db.ExtendClaim(ctx, fresh, t0.Add(20*time.Minute)), "published, not being published")
}
