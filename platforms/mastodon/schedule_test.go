package mastodon

import (
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-social/chorus/internal/logbuf"
	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newClockFixture is a fixture whose instance and adapter read the same fake clock;
// skew puts the instance's clock that far ahead of the adapter's.
func newClockFixture(t *testing.T, opts mastodontest.Options, skew time.Duration) (*fixture, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	opts.Now = func() time.Time { return clock.Now().Add(skew) }
	srv := mastodontest.New(t, opts)
	f := &fixture{srv: srv, logs: &logbuf.Buffer{}}
	f.acct = social.Account{ID: "acme-masto", ClientID: "acme", Platform: Name, Server: srv.URL, Handle: "@brand"}
	f.sec = mastodontest.NewSecrets(f.acct.ID, srv.Token)
	ad, err := New(platforms.Env{Secrets: f.sec, Log: slog.New(slog.NewTextHandler(f.logs, nil)), Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ad.mediaPoll, ad.mediaPollMax = time.Millisecond, 5*time.Millisecond
	f.ad = ad
	return f, clock
}

// posts counts the POSTs to path the instance received.
func (f *fixture) posts(path string) []mastodontest.Request {
	var out []mastodontest.Request
	for _, r := range f.srv.Requests(path) {
		if r.Method == "POST" {
			out = append(out, r)
		}
	}
	return out
}

func TestScheduleOnServerPublishesAtTheTime(t *testing.T) {
	f, clock := newClockFixture(t, mastodontest.Options{MediaPolls: 1}, 0)
	p := post("sched-1", "Spring sale starts now!\n\nhttps://shop.example/spring-collection-2026/shoes #sale @ben@remote.example & friends")
	p.Parts[0].Media = []social.Media{pngFile(t, "A red shoe on a white table")}
	p.ContentWarning, p.Visibility, p.Lang = "ads", "unlisted", "de"
	at := clock.Now().Add(10 * time.Minute)
	statuses := f.srv.StatusCount()

	ref, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil {
		t.Fatal(err)
	}
	if ref == "" || strings.HasPrefix(ref, publishedRef) {
		t.Fatalf("ref = %q", ref)
	}
	if got := f.posts("/api/v1/statuses"); len(got) != 1 || !strings.HasPrefix(got[0].IdemKey, "sched-1-sched-") {
		t.Errorf("POSTs to /api/v1/statuses: %+v, want one with an Idempotency-Key made from sched-1", got)
	}
	if f.srv.ScheduledCount() != 1 || f.srv.StatusCount() != statuses {
		t.Fatalf("scheduled %d, statuses %d → %d: want 1 scheduled and nothing posted yet", f.srv.ScheduledCount(), statuses, f.srv.StatusCount())
	}

	pub, done, err := f.ad.ScheduledState(ctx(t), f.acct, ref, p, at)
	if err != nil || done || pub.RemoteID != "" {
		t.Fatalf("state before the time = %+v, %v, %v; want waiting", pub, done, err)
	}

	clock.Advance(10*time.Minute + 30*time.Second)
	pub, done, err = f.ad.ScheduledState(ctx(t), f.acct, ref, p, at)
	if err != nil || !done {
		t.Fatalf("state after the time = %+v, %v, %v; want published", pub, done, err)
	}
	if pub.RemoteID == "" || len(pub.Parts) != 1 || pub.Parts[0] != pub.RemoteID || !pub.At.Equal(at) ||
		!strings.HasSuffix(pub.URL, "/@brand/"+pub.RemoteID) {
		t.Fatalf("Published = %+v (at %v)", pub, at)
	}
	st := f.mustStatus(t, pub.RemoteID)
	if st.Text != p.Parts[0].Text || st.SpoilerText != "ads" || st.Visibility != "unlisted" || st.Language != "de" {
		t.Errorf("published status = %+v", st)
	}
	if len(st.MediaDescriptions) != 1 || st.MediaDescriptions[0] != "A red shoe on a white table" {
		t.Errorf("media descriptions = %q", st.MediaDescriptions)
	}
	if f.srv.ScheduledCount() != 0 || f.srv.StatusCount() != statuses+1 {
		t.Errorf("after publishing: scheduled %d, statuses %d → %d", f.srv.ScheduledCount(), statuses, f.srv.StatusCount())
	}
}

func TestScheduleOnServerSameKeySameRef(t *testing.T) {
	f, clock := newClockFixture(t, mastodontest.Options{}, 0)
	p := post("sched-twice", "Once only")
	at := clock.Now().Add(time.Hour)
	first, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute) // a retry a minute later
	again, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil {
		t.Fatal(err)
	}
	if again != first || f.srv.ScheduledCount() != 1 {
		t.Errorf("refs %q then %q, %d scheduled; want the same ref and one scheduled status", first, again, f.srv.ScheduledCount())
	}
}

func TestCancelScheduled(t *testing.T) {
	f, clock := newClockFixture(t, mastodontest.Options{}, 0)
	p := post("sched-cancel", "Never mind")
	at := clock.Now().Add(20 * time.Minute)
	ref, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil {
		t.Fatal(err)
	}
	statuses := f.srv.StatusCount()
	if err := f.ad.CancelScheduled(ctx(t), f.acct, ref); err != nil {
		t.Fatal(err)
	}
	if err := f.ad.CancelScheduled(ctx(t), f.acct, ref); err != nil {
		t.Errorf("cancelling again: %v, want nil (already gone)", err)
	}
	var nf *platforms.NotFoundError
	if _, done, err := f.ad.ScheduledState(ctx(t), f.acct, ref, p, at); !errors.As(err, &nf) || done {
		t.Errorf("state after cancel = %v, %v; want NotFoundError", done, err)
	}
	clock.Advance(time.Hour)
	if f.srv.StatusCount() != statuses || f.srv.ScheduledCount() != 0 {
		t.Errorf("after the time: statuses %d → %d, scheduled %d; want nothing published", statuses, f.srv.StatusCount(), f.srv.ScheduledCount())
	}
	if _, _, err := f.ad.ScheduledState(ctx(t), f.acct, ref, p, at); !errors.As(err, &nf) {
		t.Errorf("state after the time = %v; want NotFoundError", err)
	}
}

func TestScheduledDeletedOnServer(t *testing.T) {
	f, clock := newClockFixture(t, mastodontest.Options{}, 0)
	p := post("sched-deleted", "Deleted in the web UI")
	at := clock.Now().Add(30 * time.Minute)
	ref, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil {
		t.Fatal(err)
	}
	if !f.srv.DeleteScheduled(ref) {
		t.Fatal("the instance did not hold the scheduled status")
	}
	_, done, err := f.ad.ScheduledState(ctx(t), f.acct, ref, p, at)
	var nf *platforms.NotFoundError
	if !errors.As(err, &nf) || done || !strings.Contains(nf.What, "scheduled status "+ref+": not scheduled any more and not among the account's posts") {
		t.Errorf("state = %v, %v; want the NotFoundError", done, err)
	}
}

func TestScheduledStateIgnoresOtherPosts(t *testing.T) {
	f, clock := newClockFixture(t, mastodontest.Options{}, 0)
	p := post("sched-other", "The real one")
	at := clock.Now().Add(10 * time.Minute)
	ref, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil {
		t.Fatal(err)
	}
	f.srv.DeleteScheduled(ref)
	// Posts with other text in the window, and the same text well outside it, are not it.
	clock.Advance(10 * time.Minute)
	if _, err := f.ad.Publish(ctx(t), f.acct, post("other", "Something else")); err != nil {
		t.Fatal(err)
	}
	clock.Advance(20 * time.Minute)
	if _, err := f.ad.Publish(ctx(t), f.acct, post("late", "The real one")); err != nil {
		t.Fatal(err)
	}
	var nf *platforms.NotFoundError
	if _, done, err := f.ad.ScheduledState(ctx(t), f.acct, ref, p, at); !errors.As(err, &nf) || done {
		t.Errorf("state = %v, %v; want NotFoundError", done, err)
	}
}

func TestScheduleOnServerRefusesBeforeSending(t *testing.T) {
	f, clock := newClockFixture(t, mastodontest.Options{}, 0)
	now := clock.Now()
	withMedia := func(p platforms.Publishable) platforms.Publishable {
		p.Parts[0].Media = []social.Media{pngFile(t, "alt")}
		return p
	}
	sent := post("s", "one")
	sent.Sent = []string{"123"}
	for _, tc := range []struct {
		name string
		p    platforms.Publishable
		at   time.Time
		want string
	}{
		{"in the past", withMedia(post("a", "x")), now.Add(-time.Minute), "is in the past"},
		{"a minute ahead", withMedia(post("b", "x")), now.Add(time.Minute), "only 1m0s ahead"},
		{"exactly the lead", post("c", "x"), now.Add(MinScheduleLead), "more than 5m0s ahead"},
		{"a thread", post("d", "one", "two"), now.Add(time.Hour), "a thread (2 parts) cannot be scheduled on the server"},
		{"a thread partly sent", sent, now.Add(time.Hour), "cannot be scheduled on the server"},
		{"too long", post("e", strings.Repeat("x", 501)), now.Add(time.Hour), "over the limit of 500"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ref, err := f.ad.ScheduleOnServer(ctx(t), f.acct, tc.p, tc.at)
			var rej *platforms.RejectedError
			var long *platforms.TooLongError
			if ref != "" || !(errors.As(err, &rej) || errors.As(err, &long)) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("= %q, %v; want a refusal saying %q", ref, err, tc.want)
			}
		})
	}
	if got := len(f.posts("/api/v1/statuses")) + len(f.posts("/api/v2/media")); got != 0 {
		t.Errorf("%d uploads or posts sent; want none", got)
	}
	if f.srv.ScheduledCount() != 0 {
		t.Errorf("%d scheduled", f.srv.ScheduledCount())
	}
}

func TestScheduleOnServerInstanceSaysTooSoon(t *testing.T) {
	// The instance's clock runs 2 minutes ahead: 6 minutes ahead for the adapter is 4 for
	// the instance, which refuses.
	f, clock := newClockFixture(t, mastodontest.Options{}, 2*time.Minute)
	_, err := f.ad.ScheduleOnServer(ctx(t), f.acct, post("k", "soon"), clock.Now().Add(6*time.Minute))
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) || rej.Status != 422 || !strings.Contains(rej.Reason, "too soon") ||
		!strings.Contains(rej.Reason, "The scheduled date must be in the future") {
		t.Errorf("err = %v; want the instance's refusal explained", err)
	}
}

func TestScheduleOnServerPublishedAtOnce(t *testing.T) {
	// The instance's clock runs 10 minutes ahead: the time has passed there, and Mastodon
	// then publishes at once instead of refusing.
	f, clock := newClockFixture(t, mastodontest.Options{}, 10*time.Minute)
	p := post("k", "right away")
	at := clock.Now().Add(6 * time.Minute)
	ref, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil || !strings.HasPrefix(ref, publishedRef) {
		t.Fatalf("= %q, %v; want a published ref", ref, err)
	}
	pub, done, err := f.ad.ScheduledState(ctx(t), f.acct, ref, p, at)
	if err != nil || !done || pub.RemoteID != strings.TrimPrefix(ref, publishedRef) || pub.URL == "" {
		t.Errorf("state = %+v, %v, %v", pub, done, err)
	}
	var rej *platforms.RejectedError
	if err := f.ad.CancelScheduled(ctx(t), f.acct, ref); !errors.As(err, &rej) {
		t.Errorf("cancel = %v; want a refusal", err)
	}
}

func TestPlainKey(t *testing.T) {
	for in, want := range map[string]string{
		"  a\n\nb  ":                           "a b",
		"hi @ben@remote.example!":              "hi @ben!",
		"mail me at shop@example.com":          "mail me at shop@example.com",
		"@ana@x.example @ben@remote.example x": "@ana @ben x",
	} {
		if got := plainKey(in); got != want {
			t.Errorf("plainKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScheduleOnServerSameKeyWhenTheInstanceAnswers404(t *testing.T) {
	f, clock := newClockFixture(t, mastodontest.Options{ScheduledKeyNotFound: true}, 0)
	p := post("sched-404", "Once only, even so")
	at := clock.Now().Add(time.Hour)
	first, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil || again != first || f.srv.ScheduledCount() != 1 {
		t.Errorf("again = %q, %v (first %q), %d scheduled; want the same ref found in the list", again, err, first, f.srv.ScheduledCount())
	}
}

// TestWithdrawnThenPublishedWithTheSameKey is the engine's path when a post is taken back
// from the instance: it is handed over again edited, or published by chorus itself, with
// the target's same key. Neither may get the withdrawn scheduled status back.
func TestWithdrawnThenPublishedWithTheSameKey(t *testing.T) {
	f, clock := newClockFixture(t, mastodontest.Options{}, 0)
	p := post("target-7", "First draft")
	at := clock.Now().Add(30 * time.Minute)
	first, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.ad.CancelScheduled(ctx(t), f.acct, first); err != nil {
		t.Fatal(err)
	}
	p.Parts[0].Text = "Second draft"
	second, err := f.ad.ScheduleOnServer(ctx(t), f.acct, p, at)
	if err != nil || second == first || f.srv.ScheduledCount() != 1 {
		t.Fatalf("edited hand-off = %q, %v (first %q), %d scheduled", second, err, first, f.srv.ScheduledCount())
	}
	if err := f.ad.CancelScheduled(ctx(t), f.acct, second); err != nil {
		t.Fatal(err)
	}
	pub, err := f.ad.Publish(ctx(t), f.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	if st := f.mustStatus(t, pub.RemoteID); st.Text != "Second draft" {
		t.Errorf("published %+v", st)
	}
}
