package store

import (
	"errors"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestPauseClientAndResumeWithoutABurst(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db) // acme, Europe/Berlin
	mustClient(t, db, "globex")
	g := mustAccount(t, db, "globex-demo", "globex", "demo")

	morning := scheduled(t, db, a, t0.Add(time.Hour))     // 10:00 UTC, 11:00 in Berlin: passes while paused
	evening := scheduled(t, db, a, t0.Add(10*time.Hour))  // still ahead when resumed
	sending := scheduled(t, db, a, t0.Add(-time.Minute))  // being sent when the switch is hit
	otherClient := scheduled(t, db, g, t0.Add(time.Hour)) // another client's
	byHand := scheduled(t, db, a, t0.Add(2*time.Hour))    // paused on its own before
	reply := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Kind: social.KindReply, ReplyTo: "r1",
		Status: social.StatusScheduled, DueAt: t0}}, "thanks!").Targets[0].ID
	if _, ok, _ := db.ClaimDue(ctx, t0, time.Minute); !ok {
		t.Fatal("no claim")
	}
	if err := db.PauseTarget(ctx, byHand); err != nil {
		t.Fatal(err)
	}

	n, err := db.PauseClient(ctx, "acme")
	if err != nil || n != 2 {
		t.Fatalf("paused %d, %v; want the morning and evening posts", n, err)
	}
	for id, want := range map[int64]social.Status{morning: social.StatusPaused, evening: social.StatusPaused,
		sending: social.StatusPublishing, otherClient: social.StatusScheduled, byHand: social.StatusPaused, reply: social.StatusScheduled} {
		if got := mustTarget(t, db, id).Status; got != want {
			t.Errorf("target %d is %s, want %s", id, got, want)
		}
	}
	cs, _ := db.ClaimBatch(ctx, t0.Add(24*time.Hour), time.Minute, 100)
	for _, c := range cs {
		if c.Target.ID == morning || c.Target.ID == evening {
			t.Fatalf("a paused target was claimed")
		}
	}

	// Resumed at noon: the morning post's time passed while paused.
	noon := t0.Add(3 * time.Hour)
	resumed, skipped, err := db.ResumeClient(ctx, "acme", noon, false)
	if err != nil || resumed != 1 || skipped != 1 {
		t.Fatalf("resumed %d, skipped %d, %v", resumed, skipped, err)
	}
	if tg := mustTarget(t, db, evening); tg.Status != social.StatusScheduled || !tg.DueAt.Equal(t0.Add(10*time.Hour)) {
		t.Fatalf("evening post: %+v", tg)
	}
	tg := mustTarget(t, db, morning)
	if want := "missed while paused (due Tue 1 Dec 11:00 CET): reschedule it, or resume it and send it now"; tg.Status != social.StatusPaused || tg.LastError != want {
		t.Fatalf("morning post: %s %q, want paused %q", tg.Status, tg.LastError, want)
	}
	if got := mustTarget(t, db, byHand).Status; got != social.StatusPaused {
		t.Fatalf("a post paused on its own was resumed with the client: %s", got)
	}
	// Asked to, the missed post goes out now.
	resumed, skipped, err = db.ResumeClient(ctx, "acme", noon, true)
	if err != nil || resumed != 1 || skipped != 0 {
		t.Fatalf("resumed %d, skipped %d, %v", resumed, skipped, err)
	}
	if tg := mustTarget(t, db, morning); tg.Status != social.StatusScheduled || tg.LastError != "" {
		t.Fatalf("morning post after sending missed: %+v", tg)
	}
	if c, ok, _ := db.ClaimDue(ctx, noon, time.Minute); !ok || c.Target.ID != morning {
		t.Fatalf("the missed post is not due now: %v %+v", ok, c.Target)
	}
}

func TestPauseClientMarkGoesWithTheStatus(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0.Add(time.Hour))
	if n, _ := db.PauseClient(ctx, "acme"); n != 1 {
		t.Fatal("not paused")
	}
	// Resumed on its own (the calendar), then paused on its own: the client's resume
	// leaves it alone.
	if err := db.SetTargetStatus(ctx, id, social.StatusScheduled); err != nil {
		t.Fatal(err)
	}
	if err := db.PauseTarget(ctx, id); err != nil {
		t.Fatal(err)
	}
	if r, s, err := db.ResumeClient(ctx, "acme", t0, false); err != nil || r+s != 0 {
		t.Fatalf("resumed %d, skipped %d, %v", r, s, err)
	}
}

func TestPauseAndResumeOneTarget(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	later := scheduled(t, db, a, t0.Add(time.Hour))
	soon := scheduled(t, db, a, t0.Add(time.Minute))
	draft := mustPost(t, db, "acme", []social.Target{{AccountID: a.ID, Status: social.StatusDraft}}, "idea").Targets[0].ID
	for _, id := range []int64{later, soon, draft} {
		if err := db.PauseTarget(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, db.PauseTarget(ctx, later), "paused and cannot change")

	at := t0.Add(10 * time.Minute) // soon's time has passed, later's not
	for _, tc := range []struct {
		id         int64
		sendMissed bool
		resumed    bool
		status     social.Status
	}{
		{later, false, true, social.StatusScheduled},
		{soon, false, false, social.StatusPaused},
		{draft, false, true, social.StatusDraft},
		{soon, true, true, social.StatusScheduled},
	} {
		ok, err := db.ResumeTarget(ctx, tc.id, at, tc.sendMissed)
		if err != nil || ok != tc.resumed {
			t.Fatalf("resume %d (send missed %v): %v %v", tc.id, tc.sendMissed, ok, err)
		}
		tg := mustTarget(t, db, tc.id)
		if tg.Status != tc.status {
			t.Fatalf("target %d is %s, want %s", tc.id, tg.Status, tc.status)
		}
		if !tc.resumed && tg.LastError != "missed while paused (due Tue 1 Dec 10:01 CET): reschedule it, or resume it and send it now" {
			t.Fatalf("note %q", tg.LastError)
		}
	}
	_, err := db.ResumeTarget(ctx, later, at, false)
	wantErr(t, err, "is scheduled, not paused")
}

func TestRetryTargetStartsAFreshTry(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id := scheduled(t, db, a, t0, "one", "two", "three")
	cs, _ := db.ClaimBatch(ctx, t0, time.Minute, 1)
	if err := db.BeginSend(ctx, cs[0], t0, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordSentParts(ctx, id, []string{"r1"}); err != nil {
		t.Fatal(err)
	}
	if err := db.FailAttempt(ctx, cs[0], "may have gone out: check the account", time.Time{}, true); err != nil {
		t.Fatal(err)
	}
	wantErr(t, db.RetryTarget(ctx, scheduled(t, db, a, t0.Add(time.Hour)), t0), "is scheduled: only a failed post can be retried")

	now := t0.Add(3 * time.Hour)
	if err := db.RetryTarget(ctx, id, now); err != nil {
		t.Fatal(err)
	}
	tg := mustTarget(t, db, id)
	if tg.Status != social.StatusScheduled || !tg.DueAt.Equal(now) || tg.Attempts != 0 || tg.LastError != "" ||
		len(tg.SentParts) != 1 || tg.SentParts[0] != "r1" {
		t.Fatalf("after retry: %+v", tg)
	}
	// The person looked (the failure said to): the next attempt is a fresh one, with a
	// new retry window, that resumes the thread after the part that went out.
	c, ok, err := db.ClaimDue(ctx, now, time.Minute)
	if err != nil || !ok || c.Recovered || !c.FirstTry.Equal(now) || c.Target.Attempts != 1 {
		t.Fatalf("claim after retry: %v %v %+v", ok, err, c)
	}
}

// TestPauseStopsAClaimNotYetBegun: a post a publisher has claimed but not begun sending
// can still be paused, and the publisher then does not send it; once its send began, it
// cannot.
func TestPauseStopsAClaimNotYetBegun(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "demo")
	queued := scheduled(t, db, a, t0)
	sending := scheduled(t, db, b, t0)
	cs, _ := db.ClaimBatch(ctx, t0, time.Minute, 10)
	byID := map[int64]Claim{cs[0].Target.ID: cs[0], cs[1].Target.ID: cs[1]}
	if err := db.BeginSend(ctx, byID[sending], t0, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	wantErr(t, db.PauseTarget(ctx, sending), "is being sent right now")
	if n, err := db.PauseClient(ctx, "acme"); err != nil || n != 1 {
		t.Fatalf("paused %d, %v", n, err)
	}
	if tg := mustTarget(t, db, queued); tg.Status != social.StatusPaused || tg.Attempts != 0 {
		t.Fatalf("queued: %+v", tg)
	}
	err := db.BeginSend(ctx, byID[queued], t0, t0.Add(time.Minute))
	if !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("the publisher may still send the paused post: %v", err)
	}
	if ok, err := db.ResumeTarget(ctx, queued, t0.Add(-time.Minute), false); !ok || err != nil {
		t.Fatalf("resume: %v %v", ok, err)
	}
	if tg := mustTarget(t, db, queued); tg.Status != social.StatusScheduled {
		t.Fatalf("resumed: %+v", tg)
	}
}
