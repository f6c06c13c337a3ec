package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
)

func TestBackoffDoublesFromAMinuteUpToAnHour(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour, time.Hour}
	for i, w := range want {
		if got := backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := backoff(1000); got != time.Hour {
		t.Errorf("backoff(1000) = %v", got)
	}
	for _, n := range []int{1, 2, 3, 17} {
		msg := withFailures("temporary server error (HTTP 503): down (for maintenance)", n)
		if got := failuresInARow(msg); got != n {
			t.Errorf("%q reads back as %d failures, want %d", msg, got, n)
		}
	}
	if failuresInARow("") != 0 || failuresInARow("an error from an older version (failed x)") != 1 {
		t.Error("no error is no failure; an error without the note is one")
	}
}

func TestFailingStreamBacksOffUntilItWorksAgain(t *testing.T) {
	t.Parallel()
	clk := newSyncClock()
	p := &pager{items: inboxItems(3)}
	s, db, acct := pagerSyncer(t, clk, p)
	ctx := context.Background()
	down := &platforms.TransientError{Status: 503, Err: errors.New("upstream down")}
	p.set(func(p *pager) { p.errs = []error{down, down, down, down} })

	for i, wait := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute} {
		asked := len(p.fetches())
		rep, err := s.SyncClient(ctx, "acme")
		if err != nil || len(p.fetches()) != asked+1 {
			t.Fatalf("failure %d: %v, %d fetches", i+1, err, len(p.fetches())-asked)
		}
		var se *StreamError
		if !errors.As(rep.AccountErrors[acct.ID], &se) || se.AccountID != acct.ID || se.Stream != StreamInbox ||
			!strings.Contains(se.Error(), "sync inbox of acme-pager: temporary server error (HTTP 503): upstream down") {
			t.Fatalf("failure %d: error %v does not name the account and the stream", i+1, rep.AccountErrors[acct.ID])
		}
		cur := cursor(t, db, acct.ID, StreamInbox)
		if got := cur.NextAt.Sub(clk.Now()); got != wait {
			t.Fatalf("failure %d: next try in %v, want %v (%q)", i+1, got, wait, cur.LastError)
		}
		// Syncing again before the wait is over does not ask the platform.
		clk.Add(wait - time.Second)
		if rep, _ := s.SyncClient(ctx, "acme"); rep.Skipped != 1 || len(p.fetches()) != asked+1 {
			t.Fatalf("failure %d: asked again %v before the back-off ended", i+1, wait-time.Second)
		}
		clk.Add(time.Second)
	}
	if cur := cursor(t, db, acct.ID, StreamInbox); !strings.HasSuffix(cur.LastError, "upstream down (failed 4 times in a row)") {
		t.Errorf("last error %q", cur.LastError)
	}

	// A rate limit asking for less than the back-off: the back-off wins.
	p.set(func(p *pager) { p.errs = []error{&platforms.RateLimitedError{RetryAfter: 30 * time.Second}} })
	s.SyncClient(ctx, "acme")
	if got := cursor(t, db, acct.ID, StreamInbox).NextAt.Sub(clk.Now()); got != 16*time.Minute {
		t.Fatalf("fifth failure waits %v, want 16m", got)
	}

	// Working again clears the error and the count.
	clk.Add(16 * time.Minute)
	if rep, err := s.SyncClient(ctx, "acme"); err != nil || rep.Err() != nil || rep.NewItems != 3 {
		t.Fatalf("after the wait: %+v %v", rep, err)
	}
	if cur := cursor(t, db, acct.ID, StreamInbox); cur.LastError != "" || !cur.NextAt.IsZero() || cur.Cursor != "3" {
		t.Fatalf("cursor after recovering %+v", cur)
	}

	// The next failure starts from a minute again, unless the platform asks for more.
	p.set(func(p *pager) { p.errs = []error{&platforms.RateLimitedError{RetryAfter: 10 * time.Minute}} })
	s.SyncClient(ctx, "acme")
	cur := cursor(t, db, acct.ID, StreamInbox)
	if got := cur.NextAt.Sub(clk.Now()); got != 10*time.Minute || strings.Contains(cur.LastError, "in a row") {
		t.Fatalf("first failure after recovering: wait %v, error %q", got, cur.LastError)
	}
}
