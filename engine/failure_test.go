package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/mastodon"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

// TestEveryErrorClassTellsTheUserWhatToDo: an error from the adapter, and what the user
// reads on the target (its last error) and in the run's report. Errors a person must fix
// fail at once and say what to do; transient ones are retried.
func TestEveryErrorClassTellsTheUserWhatToDo(t *testing.T) {
	const retry = "then retry it (p on the calendar)"
	for _, tc := range []struct {
		name   string
		kind   social.TargetKind
		err    error
		status social.Status
		want   string
	}{
		{"login expired", social.KindPost, &platforms.AuthExpiredError{AccountID: "acme-fake", Detail: "The access token is invalid"},
			social.StatusFailed, "Fakebook refused the login of acme-fake: log in again with `chorus accounts login acme-fake` (L on the Metrics pane), " + retry},
		{"rejected content", social.KindPost, &platforms.RejectedError{Status: 422, Reason: "Validation failed: Text contains a blocked word"},
			social.StatusFailed, "Fakebook refused the post: Validation failed: Text contains a blocked word (HTTP 422); edit it, " + retry},
		{"too long", social.KindPost, fmt.Errorf("part 2 of 3: %w", &platforms.TooLongError{Length: 612, Limit: 500}),
			social.StatusFailed, "the post is too long for Fakebook (part 2 of 3: text is 612 long, over the limit of 500); shorten it, " + retry},
		{"media refused", social.KindPost, fmt.Errorf("upload photo.heic: %w", &platforms.RejectedError{Status: 422, Reason: "Validation failed: File content type is invalid"}),
			social.StatusFailed, "Fakebook refused an attachment of the post: upload photo.heic: Validation failed: File content type is invalid (HTTP 422); replace or fix it (file type, size, alt text), " + retry},
		{"answered post gone", social.KindReply, &platforms.NotFoundError{What: "status r-gone"},
			social.StatusFailed, "Fakebook no longer has what the reply answers (not found: status r-gone); nothing was sent"},
		{"not supported", social.KindLike, nil,
			social.StatusFailed, "the like cannot be sent (fakeerr does not support likes: not supported by this platform); nothing was sent"},
		{"unclassified", social.KindPost, errors.New("decode the answer: unexpected end of JSON input"),
			social.StatusFailed, "publishing to Fakebook failed: decode the answer: unexpected end of JSON input; it may have gone out, so check the account first, " + retry},
		{"network", social.KindPost, &platforms.TransientError{Err: errors.New("connection reset by peer")},
			social.StatusScheduled, "will retry: temporary network error: connection reset by peer"},
		{"server error", social.KindPost, &platforms.TransientError{Status: 502, Err: errors.New("bad gateway")},
			social.StatusScheduled, "will retry: temporary server error (HTTP 502): bad gateway"},
		{"rate limited", social.KindPost, &platforms.RateLimitedError{RetryAfter: 90 * time.Second},
			social.StatusScheduled, "will retry: rate limited: retry after 1m30s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := &fake{name: "fakeerr", display: "Fakebook", idempotent: true}
			if tc.err != nil {
				f.fail = []error{tc.err}
			}
			e := newEnv(t, f)
			id := e.scheduleKind(t, tc.kind, "hello")
			rep, err := e.publisher().PublishDue(context.Background())
			if err != nil || len(rep.Targets) != 1 {
				t.Fatalf("report %+v, %v", rep, err)
			}
			got, _ := e.db.Target(context.Background(), id)
			t.Logf("%s: %s", got.Status, got.LastError)
			if out := rep.Targets[0]; out.Status != tc.status || out.Error != tc.want || got.LastError != tc.want || got.Status != tc.status {
				t.Errorf("outcome %s %q\ntarget  %s %q\nwant    %s %q", out.Status, out.Error, got.Status, got.LastError, tc.status, tc.want)
			}
		})
	}
}

// TestTransientErrorsAreRetriedUntilTheDeadline: a post due at 09:00 whose platform keeps
// failing is retried with backoff until 10:00, then fails saying since when and why.
func TestTransientErrorsAreRetriedUntilTheDeadline(t *testing.T) {
	for _, tc := range []struct {
		name       string
		idempotent bool
		want       string
	}{
		{"idempotent platform", true, "could not publish to Fakebook for 1h (8 attempts): temporary server error (HTTP 503): unavailable; " +
			"check the connection or the platform's status, then retry it (p on the calendar)"},
		{"a platform that may have the post", false, "could not publish to Fakebook for 1h (8 attempts): temporary server error (HTTP 503): unavailable; " +
			"an attempt may have gone out, so check the account first, then retry it (p on the calendar)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{name: "fakedl", display: "Fakebook", idempotent: tc.idempotent}
			for range 20 {
				f.fail = append(f.fail, &platforms.TransientError{Status: 503, Err: errors.New("unavailable")})
			}
			e := newEnv(t, reconcilingFake{f})
			f.found = map[string]platforms.Published{}
			id := e.schedule(t, "hello")
			p := e.publisher()
			p.MaxAttempts = 0
			var last PublishReport
			for range 20 {
				next, _ := e.db.NextDue(context.Background())
				if next.IsZero() {
					break
				}
				e.now = next
				last, _ = p.PublishDue(context.Background())
			}
			got, _ := e.db.Target(context.Background(), id)
			if got.Status != social.StatusFailed || got.LastError != tc.want || last.Targets[0].Error != tc.want {
				t.Fatalf("after %d attempts at %s: %s %q", got.Attempts, e.now.Format("15:04:05"), got.Status, got.LastError)
			}
			if want := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC); !e.now.Equal(want) {
				t.Fatalf("last attempt at %v, want the deadline %v", e.now, want)
			}
		})
	}
}

// TestAPostFirstTriedLateGetsItsWholeRetryWindow: a post due while the laptop was shut is
// first tried hours late, on a network that is not up yet: it is retried for the full
// window from then, not failed at once.
func TestAPostFirstTriedLateGetsItsWholeRetryWindow(t *testing.T) {
	f := &fake{name: "fakelate", idempotent: true, fail: []error{&platforms.TransientError{Err: errors.New("no route to host")}}}
	e := newEnv(t, f)
	id := e.schedule(t, "hello")
	e.now = e.now.Add(5 * time.Hour)
	if rep, _ := e.publisher().PublishDue(context.Background()); rep.Retrying != 1 {
		t.Fatalf("%+v", rep)
	}
	e.now = e.now.Add(time.Minute)
	if rep, _ := e.publisher().PublishDue(context.Background()); rep.Published != 1 {
		t.Fatalf("%+v", rep)
	}
	if got, _ := e.db.Target(context.Background(), id); got.Status != social.StatusPublished {
		t.Fatalf("%+v", got)
	}
}

// TestErrorsNeverShowTheToken: an instance that echoes the request's Authorization header
// in its error bodies; the messages the user sees carry no token.
func TestErrorsNeverShowTheToken(t *testing.T) {
	r := newRig(t, 1, 1, mastodon.Name, mastodontest.Options{Echo: true})
	p := r.publisher(t, r.db)
	ctx := context.Background()
	r.schedule(t, []postSpec{{acct: r.accts[0], texts: []string{"warm up"}, due: time.Now()}})
	if rep, err := p.PublishDue(ctx); err != nil || rep.Published != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	for _, status := range []int{403, 401, 422} {
		id := r.schedule(t, []postSpec{{acct: r.accts[0], texts: []string{fmt.Sprint("answered ", status)}, due: time.Now()}})[0]
		r.srv.FailNext(1, status, "")
		rep, err := p.PublishDue(ctx)
		if err != nil || len(rep.Targets) != 1 {
			t.Fatalf("%+v %v", rep, err)
		}
		got, _ := r.db.Target(ctx, id)
		t.Logf("HTTP %d: %s", status, got.LastError)
		if got.LastError == "" || strings.Contains(got.LastError, r.srv.Token) || strings.Contains(rep.Targets[0].Error, r.srv.Token) {
			t.Errorf("HTTP %d: %q", status, got.LastError)
		}
	}
}
