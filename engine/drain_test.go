package engine

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// TestEachAccountsPostsGoOutInOrder: a backlog (the laptop was shut) of two accounts'
// posts goes out with several workers, but each account's posts in their order.
func TestEachAccountsPostsGoOutInOrder(t *testing.T) {
	f := &fake{name: "fakeorder", idempotent: true, delay: 5 * time.Millisecond}
	e := newEnv(t, f)
	other := social.Account{ID: "acme-other", ClientID: "acme", Platform: f.name, Handle: "other"}
	if err := e.db.PutAccount(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	start := e.now
	for i := range 6 {
		e.now = start.Add(time.Duration(i) * time.Minute)
		e.schedule(t, "first "+string(rune('a'+i)))
		e.acct, other = other, e.acct
		e.schedule(t, "second "+string(rune('a'+i)))
		e.acct, other = other, e.acct
	}
	e.now = start.Add(time.Hour)
	p := e.publisher()
	p.Workers = 4
	rep, err := p.PublishDue(context.Background())
	if err != nil || rep.Published != 12 {
		t.Fatalf("%+v %v", rep, err)
	}
	var first, second []string
	for _, s := range f.sent {
		if s[0] == 'f' {
			first = append(first, s)
		} else {
			second = append(second, s)
		}
	}
	if !slices.IsSorted(first) || !slices.IsSorted(second) {
		t.Fatalf("sent out of order: %v", f.sent)
	}
}

// TestAClaimNeverBegunIsNotMistakenForAMaybePost: a process claims a batch and dies before
// sending; on a platform that can neither deduplicate nor be searched the targets still go
// out (nothing of them can have reached it), once.
func TestAClaimNeverBegunIsNotMistakenForAMaybePost(t *testing.T) {
	f := &fake{name: "fakenever"}
	e := newEnv(t, f)
	e.schedule(t, "one")
	e.schedule(t, "two")
	if cs, err := e.db.ClaimBatch(context.Background(), e.now, time.Minute, 10); err != nil || len(cs) != 2 {
		t.Fatalf("%d claims, %v", len(cs), err)
	}
	e.now = e.now.Add(2 * time.Minute)
	rep, err := e.publisher().PublishDue(context.Background())
	if err != nil || rep.Published != 2 || len(f.sent) != 2 {
		t.Fatalf("report %+v, sent %v, %v", rep, f.sent, err)
	}
}

// TestStoppingFinishesTheSendsInFlight: the publisher is stopped mid-run: the sends in
// flight finish and are recorded; claims not begun are given back, so the next run
// sends them as fresh ones (here, on a platform where a maybe-sent post would stop).
func TestStoppingFinishesTheSendsInFlight(t *testing.T) {
	f := &fake{name: "fakestop", delay: 150 * time.Millisecond, started: make(chan struct{}, 1)}
	e := newEnv(t, f)
	for range 4 {
		e.schedule(t, "post")
	}
	p := e.publisher()
	p.Workers = 2
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-f.started; cancel() }()
	rep, err := p.PublishDue(ctx)
	if !errors.Is(err, context.Canceled) || rep.Published != 1 {
		t.Fatalf("stopped run: %+v %v (one account: one send in flight)", rep, err)
	}
	ts, _ := e.db.Post(context.Background(), 2)
	if tg := ts.Targets[0]; tg.Status != social.StatusScheduled || tg.Attempts != 0 {
		t.Fatalf("a claim not begun was not given back: %+v", tg)
	}
	rep, err = p.PublishDue(context.Background())
	if err != nil || rep.Published != 3 || len(f.sent) != 4 {
		t.Fatalf("next run: %+v, sent %v, %v", rep, f.sent, err)
	}
}

// TestStoppingCutsASendThatOutlastsTheGrace: a send still running when the grace ends is
// cut off; its post may be out, so it is retried at once as a maybe-sent one.
func TestStoppingCutsASendThatOutlastsTheGrace(t *testing.T) {
	f := &fake{name: "fakegrace", idempotent: true, delay: time.Hour, started: make(chan struct{}, 1)}
	e := newEnv(t, f)
	id := e.schedule(t, "slow")
	p := e.publisher()
	p.Grace = 20 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-f.started; cancel() }()
	rep, _ := p.PublishDue(ctx)
	got, _ := e.db.Target(context.Background(), id)
	if rep.Retrying != 1 || got.Status != social.StatusScheduled || got.LastError != "interrupted while sending; it goes out on the next run" {
		t.Fatalf("%+v\n%+v", rep, got)
	}
	cs, _ := e.db.ClaimBatch(context.Background(), e.now, time.Minute, 1)
	if len(cs) != 1 || !cs[0].Recovered {
		t.Fatalf("not recovered: %+v", cs)
	}
}

// TestReconcilerFindsPartOfAThread: a thread cut off after its second part, on a platform
// without idempotent creation: the parts found are not sent again; the rest are.
func TestReconcilerFindsPartOfAThread(t *testing.T) {
	f := &fake{name: "fakethread", found: map[string]platforms.Published{}}
	e := newEnv(t, reconcilingFake{f})
	id := e.schedule(t, "one", "two", "three")
	cs, _ := e.db.ClaimBatch(context.Background(), e.now, time.Minute, 1)
	if err := e.db.BeginSend(context.Background(), cs[0], e.now, e.now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	f.found[cs[0].Target.IdemKey] = platforms.Published{RemoteID: "x1", Parts: []string{"x1", "x2"}}
	e.now = e.now.Add(2 * time.Minute)
	if rep, err := e.publisher().PublishDue(context.Background()); err != nil || rep.Published != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	got, _ := e.db.Target(context.Background(), id)
	if !slices.Equal(f.sent, []string{"three"}) || !slices.Equal(got.SentParts, []string{"x1", "x2", "r1"}) || got.RemoteID != "x1" {
		t.Fatalf("sent %v, target %+v", f.sent, got)
	}
}

// TestRetryAFailedPost: p on a failed post sends it again.
func TestRetryAFailedPost(t *testing.T) {
	f := &fake{name: "fakeretry", fail: []error{&platforms.RejectedError{Reason: "blocked word"}}}
	e := newEnv(t, f)
	id := e.schedule(t, "hello")
	ctx := context.Background()
	if rep, _ := e.publisher().PublishDue(ctx); rep.Failed != 1 {
		t.Fatalf("%+v", rep)
	}
	if err := e.db.RetryTarget(ctx, id, e.now); err != nil {
		t.Fatal(err)
	}
	if rep, _ := e.publisher().PublishDue(ctx); rep.Published != 1 {
		t.Fatalf("%+v", rep)
	}
}
