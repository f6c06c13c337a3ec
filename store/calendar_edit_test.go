package store

import (
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func berlinWall(t *testing.T, at time.Time) string {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return at.In(loc).Format("Mon 02 Jan 15:04 MST")
}

// Berlin changes to summer time on 2026-03-29 and back on 2026-10-25: a post moved over
// either keeps its wall-clock time, so the hours between old and new time are 23 or 25.
func TestShiftPostKeepsTheWallClockAcrossDST(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db) // Europe/Berlin
	b := mustAccount(t, db, "acme-bsky", "acme", "bluesky")
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		from     time.Time
		days     int
		want     string
		distance time.Duration
	}{
		{"into summer time", time.Date(2026, 3, 28, 8, 0, 0, 0, time.UTC), 1, "Sun 29 Mar 09:00 CEST", 23 * time.Hour},
		{"back out of it", time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC), -1, "Sat 28 Mar 09:00 CET", -23 * time.Hour},
		{"into winter time", time.Date(2026, 10, 24, 7, 0, 0, 0, time.UTC), 1, "Sun 25 Oct 09:00 CET", 25 * time.Hour},
		{"a week over the change", time.Date(2026, 10, 20, 16, 15, 0, 0, time.UTC), 7, "Tue 27 Oct 18:15 CET", 7*24*time.Hour + time.Hour},
		// 02:30 happens twice on 25 October: the first, still summer time, as the parser has it.
		{"onto the repeated hour", time.Date(2026, 10, 24, 0, 30, 0, 0, time.UTC), 1, "Sun 25 Oct 02:30 CEST", 24 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := mustPost(t, db, "acme", []social.Target{
				{AccountID: a.ID, Status: social.StatusScheduled, DueAt: tc.from},
				{AccountID: b.ID, Status: social.StatusScheduled, DueAt: tc.from.Add(time.Hour)},
			}, "post")
			moved, err := db.ShiftPost(ctx, p.ID, tc.days, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(moved) != 2 {
				t.Fatalf("moved %d targets, want both", len(moved))
			}
			got := mustTarget(t, db, p.Targets[0].ID)
			if w := berlinWall(t, got.DueAt); w != tc.want || got.DueAt.Sub(tc.from) != tc.distance {
				t.Errorf("moved to %s (%v later), want %s (%v)", w, got.DueAt.Sub(tc.from), tc.want, tc.distance)
			}
			if !moved[0].DueAt.Equal(got.DueAt) {
				t.Errorf("returned %v, stored %v", moved[0].DueAt, got.DueAt)
			}
			if got.Status != social.StatusScheduled {
				t.Errorf("status %s", got.Status)
			}
		})
	}
}

func TestShiftPostRefusesWhatCannotMove(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-bsky", "acme", "bluesky")

	// 02:30 on 28 March moved a day later does not exist: the clocks skip 02:00–03:00.
	gap := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled,
		DueAt: time.Date(2026, 3, 28, 1, 30, 0, 0, time.UTC)}}, "night owl")
	_, err := db.ShiftPost(ctx, gap.ID, 1, t0.AddDate(-1, 0, 0))
	wantErr(t, err, "02:30 does not exist on Sun 29 Mar", "Europe/Berlin")

	// A scheduled post moved into the past would go out at once.
	soon := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(2 * time.Hour)}}, "soon")
	_, err = db.ShiftPost(ctx, soon.ID, -1, t0)
	wantErr(t, err, "has passed", "publish it now")
	if got := mustTarget(t, db, soon.Targets[0].ID); !got.DueAt.Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("refused move changed the time to %v", got.DueAt)
	}
	// A draft may go to the past: nothing sends it.
	draft := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusDraft, DueAt: t0}}, "draft")
	if _, err := db.ShiftPost(ctx, draft.ID, -1, t0); err != nil {
		t.Errorf("draft: %v", err)
	}

	// A half-published post: the published target stays, the failed one moves.
	half := mustPost(t, db, "acme", []social.Target{
		{AccountID: a.ID, Status: social.StatusPublished, RemoteID: "r1", DueAt: t0.Add(-time.Hour)},
		{AccountID: b.ID, Status: social.StatusFailed, DueAt: t0.Add(-time.Hour)},
	}, "half out")
	moved, err := db.ShiftPost(ctx, half.ID, 1, t0)
	if err != nil || len(moved) != 1 || moved[0].ID != half.Targets[1].ID {
		t.Fatalf("half-published: %+v %v", moved, err)
	}
	if got := mustTarget(t, db, half.Targets[0].ID); !got.DueAt.Equal(t0.Add(-time.Hour)) {
		t.Errorf("the published target moved to %v", got.DueAt)
	}
	out := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusPublished, RemoteID: "r2", DueAt: t0}}, "out")
	_, err = db.ShiftPost(ctx, out.ID, 1, t0)
	wantErr(t, err, "published", "cannot move")

	held := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(48 * time.Hour)}}, "held")
	if err := db.SetServerRef(ctx, held.Targets[0].ID, "srv-1"); err != nil {
		t.Fatal(err)
	}
	_, err = db.ShiftPost(ctx, held.ID, 1, t0)
	wantErr(t, err, "chorus withdraw")

	_, err = db.ShiftPost(ctx, 9999, 1, t0)
	wantErr(t, err, "post 9999", "not found")
}

func TestPauseRemembersEachStatusAndResumeGivesItBackAfterARestart(t *testing.T) {
	path := t.TempDir() + "/chorus.db"
	db := openAt(t, path)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-bsky", "acme", "bluesky")
	c := mustAccount(t, db, "acme-masto", "acme", "mastodon")
	p := mustPost(t, db, "acme", []social.Target{
		{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0},
		{AccountID: b.ID, Status: social.StatusDraft, DueAt: t0},
		{AccountID: c.ID, Status: social.StatusPublished, RemoteID: "r", DueAt: t0},
	}, "mixed")
	n, err := db.PausePost(ctx, p.ID)
	if err != nil || n != 2 {
		t.Fatalf("paused %d, %v; want the two not published", n, err)
	}
	_, err = db.PausePost(ctx, p.ID)
	wantErr(t, err, "nothing to pause", "paused and published")
	db.Close()

	db = openAt(t, path)
	rows, err := db.TargetRows(ctx, TargetQuery{ClientID: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Status == social.StatusPaused && r.PausedFrom == "" {
			t.Errorf("target %d paused without its status", r.ID)
		}
	}
	resumed, err := db.ResumePost(ctx, p.ID)
	if err != nil || len(resumed) != 2 {
		t.Fatalf("resumed %d, %v", len(resumed), err)
	}
	for i, want := range []social.Status{social.StatusScheduled, social.StatusDraft, social.StatusPublished} {
		if got := mustTarget(t, db, p.Targets[i].ID).Status; got != want {
			t.Errorf("target %d is %s after resume, want %s", i, got, want)
		}
	}
	_, err = db.ResumePost(ctx, p.ID)
	wantErr(t, err, "not paused")

	// The remembered status goes when the target leaves paused some other way.
	if _, err := db.PausePost(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SetTargetStatus(ctx, p.Targets[1].ID, social.StatusReview); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM targets WHERE id=? AND paused_from=''`, p.Targets[1].ID); n != 1 {
		t.Error("a target moved out of paused keeps its remembered status")
	}

	// Paused elsewhere (the composer, the seed) without a remembered status.
	legacy := mustPost(t, db, "acme", []social.Target{
		{AccountID: a.ID, Status: social.StatusPaused, DueAt: t0},
		{AccountID: b.ID, Status: social.StatusPaused},
	}, "paused by the composer")
	if _, err := db.ResumePost(ctx, legacy.ID); err != nil {
		t.Fatal(err)
	}
	if s0, s1 := mustTarget(t, db, legacy.Targets[0].ID).Status, mustTarget(t, db, legacy.Targets[1].ID).Status; s0 != social.StatusScheduled || s1 != social.StatusDraft {
		t.Errorf("resumed to %s and %s, want scheduled (has a time) and draft (has none)", s0, s1)
	}
}

func TestPublishPostNowMakesSendableTargetsDue(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-bsky", "acme", "bluesky")
	c := mustAccount(t, db, "acme-masto", "acme", "mastodon")
	p := mustPost(t, db, "acme", []social.Target{
		{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(48 * time.Hour)},
		{AccountID: b.ID, Status: social.StatusFailed, DueAt: t0.Add(-time.Hour), LastError: "rate limited", Attempts: 3},
		{AccountID: c.ID, Status: social.StatusApproved, DueAt: t0.Add(48 * time.Hour)},
	}, "now please")
	n, err := db.PublishPostNow(ctx, p.ID, t0)
	if err != nil || n != 2 {
		t.Fatalf("made %d due, %v", n, err)
	}
	for i := range 2 {
		got := mustTarget(t, db, p.Targets[i].ID)
		if got.Status != social.StatusScheduled || !got.DueAt.Equal(t0) || got.LastError != "" {
			t.Errorf("target %d: %s due %v error %q", i, got.Status, got.DueAt, got.LastError)
		}
	}
	if got := mustTarget(t, db, p.Targets[1].ID); got.Attempts != 0 {
		t.Errorf("the failed target kept %d attempts: a retry a person asked for starts over", got.Attempts)
	}
	if got := mustTarget(t, db, p.Targets[2].ID); got.Status != social.StatusApproved {
		t.Errorf("the approved target became %s", got.Status)
	}
	claim, ok, err := db.ClaimDue(ctx, t0, time.Minute)
	if err != nil || !ok || claim.Target.PostID != p.ID {
		t.Fatalf("claim after publish now: %+v %v %v", claim.Target, ok, err)
	}

	paused := mustPost(t, db, "acme", []social.Target{
		{AccountID: a.ID, Status: social.StatusScheduled, DueAt: t0.Add(time.Hour)},
		{AccountID: b.ID, Status: social.StatusReview, DueAt: t0.Add(time.Hour)},
	}, "paused")
	if _, err := db.PausePost(ctx, paused.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := db.PublishPostNow(ctx, paused.ID, t0); err != nil || n != 1 {
		t.Fatalf("paused post: %d, %v; want the one paused from scheduled", n, err)
	}
	if got := mustTarget(t, db, paused.Targets[1].ID); got.Status != social.StatusPaused {
		t.Errorf("the target paused in review is %s: publishing it would skip its approval", got.Status)
	}
	draft := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusDraft, DueAt: t0}}, "draft")
	_, err = db.PublishPostNow(ctx, draft.ID, t0)
	wantErr(t, err, "is draft", "scheduled, failed or paused")
}
