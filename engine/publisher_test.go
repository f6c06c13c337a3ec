package engine

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

func TestPublishDueSendsOnceAndRecords(t *testing.T) {
	f := &fake{name: "fake1", idempotent: true}
	e := newEnv(t, f)
	id := e.schedule(t, "hello")
	rep, err := e.publisher().PublishDue(context.Background())
	if err != nil || rep.Published != 1 {
		t.Fatalf("report %+v, %v", rep, err)
	}
	// A second run finds nothing due.
	rep, _ = e.publisher().PublishDue(context.Background())
	if rep.Published != 0 || len(f.sent) != 1 {
		t.Fatalf("sent %v, second report %+v", f.sent, rep)
	}
	got, _ := e.db.Target(context.Background(), id)
	if got.Status != social.StatusPublished || got.RemoteID != "r1" || got.RemoteURL == "" {
		t.Fatalf("target %+v", got)
	}
}

func TestTransientFailureRetriesWithBackoffThenFails(t *testing.T) {
	f := &fake{name: "fake2", idempotent: true, fail: []error{
		&platforms.RateLimitedError{RetryAfter: 90 * time.Second},
		&platforms.TransientError{Status: 502, Err: errors.New("bad gateway")},
		&platforms.TransientError{Status: 502, Err: errors.New("bad gateway")},
	}}
	e := newEnv(t, f)
	id := e.schedule(t, "hello")
	ctx := context.Background()
	rep, _ := e.publisher().PublishDue(ctx)
	if rep.Retrying != 1 {
		t.Fatalf("first run %+v", rep)
	}
	// Not before Retry-After.
	e.now = e.now.Add(60 * time.Second)
	if rep, _ := e.publisher().PublishDue(ctx); len(rep.Targets) != 0 {
		t.Fatalf("claimed before Retry-After: %+v", rep)
	}
	e.now = e.now.Add(31 * time.Second)
	if rep, _ := e.publisher().PublishDue(ctx); rep.Retrying != 1 {
		t.Fatalf("second run %+v", rep)
	}
	e.now = e.now.Add(time.Hour)
	rep, _ = e.publisher().PublishDue(ctx)
	if rep.Failed != 1 {
		t.Fatalf("third attempt must fail for good (max 3): %+v", rep)
	}
	got, _ := e.db.Target(ctx, id)
	if got.Status != social.StatusFailed || got.LastError == "" || len(f.sent) != 0 {
		t.Fatalf("target %+v sent %v", got, f.sent)
	}
}

func TestRejectedIsNotRetried(t *testing.T) {
	f := &fake{name: "fake3", fail: []error{&platforms.RejectedError{Status: 422, Reason: "Validation failed"}}}
	e := newEnv(t, f)
	e.schedule(t, "hello")
	rep, _ := e.publisher().PublishDue(context.Background())
	if rep.Failed != 1 || rep.Targets[0].Error == "" {
		t.Fatalf("%+v", rep)
	}
}

func TestInterruptedThreadResumesWithoutResending(t *testing.T) {
	f := &fake{name: "fake4", idempotent: true, failAfter: 2}
	e := newEnv(t, f)
	id := e.schedule(t, "one", "two", "three")
	ctx := context.Background()
	if rep, _ := e.publisher().PublishDue(ctx); rep.Retrying != 1 {
		t.Fatalf("%+v", rep)
	}
	e.now = e.now.Add(time.Hour)
	if rep, _ := e.publisher().PublishDue(ctx); rep.Published != 1 {
		t.Fatalf("%+v", rep)
	}
	if want := []string{"one", "two", "three"}; len(f.sent) != 3 || f.sent[2] != want[2] {
		t.Fatalf("sent %v, want %v", f.sent, want)
	}
	got, _ := e.db.Target(ctx, id)
	if len(got.SentParts) != 3 || got.SentParts[0] != "r1" {
		t.Fatalf("sent parts %v", got.SentParts)
	}
}

func TestRecoveredTargetIsReconciledNotResent(t *testing.T) {
	f := &fake{name: "fake5", found: map[string]platforms.Published{}}
	e := newEnv(t, reconcilingFake{f})
	id := e.schedule(t, "hello")
	ctx := context.Background()
	// A process claims the target and dies before recording anything.
	c, ok, err := e.db.ClaimDue(ctx, e.now, time.Minute)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	f.found[c.Target.IdemKey] = platforms.Published{RemoteID: "already", URL: "https://fake/already"}
	e.now = e.now.Add(2 * time.Minute)
	rep, _ := e.publisher().PublishDue(ctx)
	if rep.Published != 1 || len(f.sent) != 0 {
		t.Fatalf("report %+v, sent %v", rep, f.sent)
	}
	got, _ := e.db.Target(ctx, id)
	if got.RemoteID != "already" {
		t.Fatalf("%+v", got)
	}
}

func TestRecoveredTargetWithoutAnyDedupStopsForAPerson(t *testing.T) {
	f := &fake{name: "fake6"}
	e := newEnv(t, f)
	id := e.schedule(t, "hello")
	ctx := context.Background()
	if _, ok, _ := e.db.ClaimDue(ctx, e.now, time.Minute); !ok {
		t.Fatal("no claim")
	}
	e.now = e.now.Add(2 * time.Minute)
	rep, _ := e.publisher().PublishDue(ctx)
	if rep.Failed != 1 || len(f.sent) != 0 {
		t.Fatalf("report %+v, sent %v", rep, f.sent)
	}
	got, _ := e.db.Target(ctx, id)
	if got.Status != social.StatusFailed || got.LastError != ErrMaybePublished.Error() {
		t.Fatalf("%+v", got)
	}
}

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		attempt  int
		ra, want time.Duration
	}{
		{1, 0, 30 * time.Second}, {2, 0, time.Minute}, {3, 0, 2 * time.Minute},
		{20, 0, time.Hour}, {1, 5 * time.Second, 5 * time.Second},
	} {
		if got := Backoff(tc.attempt, tc.ra); got != tc.want {
			t.Errorf("Backoff(%d, %v) = %v, want %v", tc.attempt, tc.ra, got, tc.want)
		}
	}
}

func TestLongSendKeepsItsClaim(t *testing.T) {
	f := &fake{name: "fake9", idempotent: true, delay: 300 * time.Millisecond}
	e := newEnv(t, f)
	e.clock = func() time.Time { return time.Now().UTC() }
	e.now = time.Now().UTC()
	id := e.schedule(t, "slow")
	p := e.publisher()
	p.Lease = 90 * time.Millisecond
	ctx := context.Background()
	stolen := make(chan bool, 1)
	go func() {
		// Another process looks well after the first lease would have run out.
		time.Sleep(200 * time.Millisecond)
		_, ok, _ := e.db.ClaimDue(ctx, time.Now().UTC(), time.Minute)
		stolen <- ok
	}()
	rep, err := p.PublishDue(ctx)
	if err != nil || rep.Published != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	if <-stolen {
		t.Fatal("another process claimed the target while it was being sent")
	}
	got, _ := e.db.Target(ctx, id)
	if got.Status != social.StatusPublished || len(f.sent) != 1 {
		t.Fatalf("target %+v, sent %v", got, f.sent)
	}
}

func TestRefusedLoginFailsThePostAndFlagsTheAccount(t *testing.T) {
	f := &fake{name: "fake11", fail: []error{&platforms.AuthExpiredError{AccountID: "acme-fake"}}}
	e := newEnv(t, f)
	e.schedule(t, "one")
	e.schedule(t, "two")
	ctx := context.Background()
	rep, _ := e.publisher().PublishDue(ctx)
	if rep.Failed != 1 || rep.Published != 1 {
		t.Fatalf("%+v", rep)
	}
	hs, _ := e.db.Health(ctx, "")
	if !hs[0].NeedsLogin {
		t.Fatalf("%+v", hs[0])
	}
}

func TestRecoveredPastThePlatformsKeyWindowStopsForAPerson(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after time.Duration
		sent  int
	}{
		{"within the window: resend with the same key", 10 * time.Minute, 1},
		{"past the window: the key is forgotten", 2 * time.Hour, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeWindow{fake: &fake{name: social.Platform("fakew" + tc.after.String()), idempotent: true}}
			e := newEnv(t, f)
			id := e.schedule(t, "hello")
			ctx := context.Background()
			if _, ok, _ := e.db.ClaimDue(ctx, e.now, time.Minute); !ok {
				t.Fatal("no claim")
			}
			e.now = e.now.Add(tc.after)
			e.publisher().PublishDue(ctx)
			got, _ := e.db.Target(ctx, id)
			if len(f.sent) != tc.sent {
				t.Fatalf("sent %v; target %+v", f.sent, got)
			}
			if tc.sent == 0 && got.LastError != ErrMaybePublished.Error() {
				t.Fatalf("target %+v", got)
			}
		})
	}
}

// fakeWindow forgets idempotency keys after an hour, as Mastodon does.
type fakeWindow struct{ *fake }

func (f *fakeWindow) Info() platforms.Info {
	i := f.fake.Info()
	i.Caps.IdempotencyWindow = time.Hour
	return i
}
