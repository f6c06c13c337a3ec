package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// holder is a fake platform that publishes scheduled posts itself.
type holder struct {
	*fake
	held      map[string]time.Time // ref → when
	published map[string]bool
	lost      map[string]bool
	refuse    error
}

func (h *holder) MinLead() time.Duration { return 5 * time.Minute }

func (h *holder) ScheduleOnServer(ctx context.Context, a social.Account, p platforms.Publishable, at time.Time) (string, error) {
	if h.refuse != nil {
		return "", h.refuse
	}
	ref := "s-" + p.IdemKey
	h.held[ref] = at
	return ref, nil
}

func (h *holder) ScheduledState(ctx context.Context, a social.Account, ref string, p platforms.Publishable, at time.Time) (platforms.Published, bool, error) {
	switch {
	case h.lost[ref]:
		return platforms.Published{}, false, &platforms.NotFoundError{What: "scheduled status " + ref}
	case h.published[ref]:
		return platforms.Published{RemoteID: "r-" + ref, URL: "https://fake/" + ref, At: at, Parts: []string{"r-" + ref}}, true, nil
	}
	return platforms.Published{}, false, nil
}

func (h *holder) CancelScheduled(ctx context.Context, a social.Account, ref string) error {
	delete(h.held, ref)
	return nil
}

func newHolder(name string) *holder {
	return &holder{fake: &fake{name: social.Platform(name), idempotent: true},
		held: map[string]time.Time{}, published: map[string]bool{}, lost: map[string]bool{}}
}

func (e *env) allowServerScheduling(t *testing.T) {
	t.Helper()
	c, _ := e.db.Client(context.Background(), "acme")
	c.ServerScheduling = true
	if err := e.db.PutClient(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

func (e *env) scheduleAt(t *testing.T, due time.Time, parts ...string) int64 {
	t.Helper()
	p := &social.Post{ClientID: "acme", Targets: []social.Target{{AccountID: e.acct.ID, Status: social.StatusScheduled, DueAt: due}}}
	for _, s := range parts {
		p.Parts = append(p.Parts, social.Part{Text: s})
	}
	if err := e.db.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p.Targets[0].ID
}

func TestPlatformPublishesHandedOffPostWithChorusClosed(t *testing.T) {
	h := newHolder("holder1")
	e := newEnv(t, h)
	e.allowServerScheduling(t)
	ctx := context.Background()
	single := e.scheduleAt(t, e.now.Add(time.Hour), "single")
	thread := e.scheduleAt(t, e.now.Add(time.Hour), "one", "two")
	rep, err := e.publisher().PublishDue(ctx)
	if err != nil || rep.HandedOff != 1 || len(h.held) != 1 {
		t.Fatalf("report %+v, held %v, %v", rep, h.held, err)
	}
	tg, _ := e.db.Target(ctx, single)
	if tg.ServerRef == "" {
		t.Fatalf("target %+v", tg)
	}
	// chorus is closed at the due time; the platform publishes it; chorus checks later.
	h.published[tg.ServerRef] = true
	e.now = e.now.Add(2 * time.Hour)
	rep, _ = e.publisher().PublishDue(ctx)
	if rep.PublishedByPlatform != 1 || rep.Published != 1 {
		t.Fatalf("report %+v (the thread is published by chorus, the single by the platform)", rep)
	}
	got, _ := e.db.Target(ctx, single)
	if got.Status != social.StatusPublished || got.RemoteID != "r-"+tg.ServerRef {
		t.Fatalf("single %+v", got)
	}
	if th, _ := e.db.Target(ctx, thread); th.Status != social.StatusPublished || th.ServerRef != "" {
		t.Fatalf("thread %+v", th)
	}
	if len(h.sent) != 2 {
		t.Fatalf("chorus itself sent %v; want only the thread's two parts", h.sent)
	}
}

func TestRefusedHandOffLeavesThePostWithChorus(t *testing.T) {
	h := newHolder("holder2")
	h.refuse = &platforms.TransientError{Status: 503, Err: fmt.Errorf("maintenance")}
	e := newEnv(t, h)
	e.allowServerScheduling(t)
	ctx := context.Background()
	id := e.scheduleAt(t, e.now.Add(time.Hour), "single")
	if rep, _ := e.publisher().PublishDue(ctx); rep.HandedOff != 0 {
		t.Fatalf("%+v", rep)
	}
	e.now = e.now.Add(time.Hour)
	if rep, _ := e.publisher().PublishDue(ctx); rep.Published != 1 {
		t.Fatalf("chorus did not publish it itself: %+v", rep)
	}
	if got, _ := e.db.Target(ctx, id); got.Status != social.StatusPublished {
		t.Fatalf("%+v", got)
	}
}

func TestPostLostOnThePlatformStopsForAPersonAndWithdrawGivesItBack(t *testing.T) {
	h := newHolder("holder3")
	e := newEnv(t, h)
	e.allowServerScheduling(t)
	ctx := context.Background()
	lost := e.scheduleAt(t, e.now.Add(time.Hour), "lost")
	kept := e.scheduleAt(t, e.now.Add(3*time.Hour), "kept")
	e.publisher().PublishDue(ctx)
	tl, _ := e.db.Target(ctx, lost)
	h.lost[tl.ServerRef] = true
	e.now = e.now.Add(2 * time.Hour)
	if rep, _ := e.publisher().PublishDue(ctx); rep.Published != 0 || len(h.sent) != 0 {
		t.Fatalf("%+v sent %v", rep, h.sent)
	}
	if got, _ := e.db.Target(ctx, lost); got.Status != social.StatusFailed || got.LastError == "" {
		t.Fatalf("lost %+v", got)
	}
	// Withdraw the other one to edit it: the platform lets go, chorus holds it again.
	tk, _ := e.db.Target(ctx, kept)
	if err := e.publisher().Withdraw(ctx, kept); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.db.Target(ctx, kept); got.ServerRef != "" || h.held[tk.ServerRef] != (time.Time{}) {
		t.Fatalf("kept %+v, held %v", got, h.held)
	}
	if err := e.db.SetTargetStatus(ctx, kept, social.StatusPaused); err != nil {
		t.Fatalf("a withdrawn post cannot be paused: %v", err)
	}
}

func TestWithdrawNeverLetsAPostGoOutTwice(t *testing.T) {
	h := newHolder("holder4")
	e := newEnv(t, h)
	e.allowServerScheduling(t)
	ctx := context.Background()
	late := e.scheduleAt(t, e.now.Add(time.Hour), "late")
	gone := e.scheduleAt(t, e.now.Add(2*time.Hour), "gone")
	e.publisher().PublishDue(ctx)
	// Too close to its time: the platform may be publishing it.
	e.now = e.now.Add(59 * time.Minute)
	if err := e.publisher().Withdraw(ctx, late); err == nil {
		t.Fatal("withdrew a post a minute before its time")
	}
	// The platform published it already (its clock ran ahead): recorded, not taken back.
	tg, _ := e.db.Target(ctx, gone)
	h.published[tg.ServerRef] = true
	if err := e.publisher().Withdraw(ctx, gone); err == nil {
		t.Fatal("withdraw of a published post reported success")
	}
	if got, _ := e.db.Target(ctx, gone); got.Status != social.StatusPublished {
		t.Fatalf("%+v", got)
	}
}

// TestPauseClientTakesBackWhatThePlatformHolds: the crisis switch pauses the client's posts
// chorus holds and takes back those a platform holds; one too close to its time to take
// back safely is reported, not silently left to go out.
func TestPauseClientTakesBackWhatThePlatformHolds(t *testing.T) {
	h := newHolder("holderpause")
	e := newEnv(t, h)
	e.allowServerScheduling(t)
	ctx := context.Background()
	later := e.scheduleAt(t, e.now.Add(time.Hour), "handed over, far off")
	soon := e.scheduleAt(t, e.now.Add(10*time.Minute), "handed over, soon")
	mine := e.scheduleAt(t, e.now.Add(time.Hour), "one", "two") // a thread stays with chorus
	p := e.publisher()
	if n, err := p.HandOff(ctx); err != nil || n != 2 {
		t.Fatalf("handed off %d, %v", n, err)
	}
	e.now = e.now.Add(9 * time.Minute) // soon is now a minute away
	rep, err := p.PauseClient(ctx, "acme")
	if err != nil || rep.Paused != 2 || rep.Withdrawn != 1 || len(rep.Held) != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	t.Logf("still held: %v", rep.Held)
	for id, want := range map[int64]social.Status{later: social.StatusPaused, mine: social.StatusPaused, soon: social.StatusScheduled} {
		if got, _ := e.db.Target(ctx, id); got.Status != want || (id == later && got.ServerRef != "") {
			t.Errorf("target %d: %+v, want %s", id, got, want)
		}
	}
	if _, ok := h.held["s-"+mustTarget(t, e, later).IdemKey]; ok {
		t.Error("the platform still holds the post taken back")
	}
}

func mustTarget(t *testing.T, e *env, id int64) social.Target {
	t.Helper()
	tg, err := e.db.Target(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}
