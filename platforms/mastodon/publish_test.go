package mastodon

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

func TestPublishSendsOptionsOnEveryPart(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	p := post("k1", "first", "second")
	p.ContentWarning, p.Visibility, p.Lang = "food talk", "unlisted", "de"
	pub, err := f.ad.Publish(ctx(t), f.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.Parts) != 2 || pub.RemoteID != pub.Parts[0] || pub.URL == "" || pub.At.IsZero() {
		t.Fatalf("Published = %+v", pub)
	}
	for i, id := range pub.Parts {
		st := f.mustStatus(t, id)
		if st.SpoilerText != "food talk" || st.Visibility != "unlisted" || st.Language != "de" {
			t.Errorf("part %d: %+v", i+1, st)
		}
	}
	if got := f.mustStatus(t, pub.Parts[1]).InReplyToID; got != pub.Parts[0] {
		t.Errorf("part 2 replies to %q, want %q", got, pub.Parts[0])
	}
}

func TestThreadKeysPerPart(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	p := post("key", "one", "two", "three")
	first, err := f.ad.Publish(ctx(t), f.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range f.srv.Requests("/api/v1/statuses") {
		if r.Method == "POST" {
			keys = append(keys, r.IdemKey)
		}
	}
	if strings.Join(keys, ",") != "key,key-1,key-2" {
		t.Errorf("Idempotency-Keys = %q", keys)
	}
	// The same thread again (a retry after a lost answer) makes nothing new.
	n := f.srv.StatusCount()
	again, err := f.ad.Publish(ctx(t), f.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(again.Parts, ",") != strings.Join(first.Parts, ",") || f.srv.StatusCount() != n {
		t.Errorf("retry made %v (first %v), statuses %d → %d", again.Parts, first.Parts, n, f.srv.StatusCount())
	}
}

func TestThreadFailingMidwayReturnsPartsAndResumes(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	// The adapter believes in a longer limit than the server enforces (a stale cache),
	// so the third part passes the local check and the server refuses it with 422.
	f.ad.limits[f.srv.URL] = cachedLimits{l: Limits{MaxCharacters: 5000, URLLength: 23, MaxMedia: 4, MaxAltText: 1500}, expires: time.Now().Add(time.Hour)}
	long := strings.Repeat("x", 501)
	p := post("thread", "one", "two", long)
	pub, err := f.ad.Publish(ctx(t), f.acct, p)
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) || rej.Status != 422 || !strings.Contains(rej.Reason, "Text character limit of 500 exceeded") {
		t.Fatalf("err = %v, want 422 with Mastodon's reason", err)
	}
	if !strings.Contains(err.Error(), "part 3 of 3") {
		t.Errorf("error does not say which part: %v", err)
	}
	if len(pub.Parts) != 2 || pub.RemoteID != pub.Parts[0] {
		t.Fatalf("Published after the failure = %+v, want the 2 parts that went out", pub)
	}
	// The publisher records them; the user shortens part 3; the retry resumes.
	p.Sent, p.Parts[2].Text = pub.Parts, "three"
	done, err := f.ad.Publish(ctx(t), f.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Parts) != 3 || done.Parts[0] != pub.Parts[0] || done.Parts[1] != pub.Parts[1] || done.URL == "" {
		t.Fatalf("resumed = %+v", done)
	}
	if got := f.mustStatus(t, done.Parts[2]).InReplyToID; got != pub.Parts[1] {
		t.Errorf("part 3 replies to %q, want part 2 %q", got, pub.Parts[1])
	}
}

func TestPublishRefusesBeforeSending(t *testing.T) {
	f := newFixture(t, mastodontest.Options{MaxCharacters: 20})
	for _, tc := range []struct {
		name string
		p    platforms.Publishable
		want string
	}{
		{"too long for this instance", post("a", "short", strings.Repeat("é", 21)), "part 2 of 2: text is 21 long, over the limit of 20"},
		{"content warning counts", func() platforms.Publishable { p := post("b", "twelve chars"); p.ContentWarning = "nine more"; return p }(), "text is 21 long"},
		{"empty part", post("c", "fine", "  "), "part 2 of 2: nothing to post"},
		{"bad visibility", func() platforms.Publishable { p := post("d", "x"); p.Visibility = "friends"; return p }(), "visibility"},
		{"alt text too long", func() platforms.Publishable {
			p := post("e", "pic")
			p.Parts[0].Media = []social.Media{pngFile(t, strings.Repeat("a", 1501))}
			return p
		}(), "alt text is 1501 characters"},
		{"too many images", func() platforms.Publishable {
			p := post("f", "pics")
			for range 5 {
				p.Parts[0].Media = append(p.Parts[0].Media, pngFile(t, "x"))
			}
			return p
		}(), "5 attachments"},
		{"unsupported type", func() platforms.Publishable {
			p := post("g", "doc")
			m := pngFile(t, "x")
			m.Mime = "application/pdf"
			p.Parts[0].Media = []social.Media{m}
			return p
		}(), "application/pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.srv.StatusCount()
			_, err := f.ad.Publish(ctx(t), f.acct, tc.p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
			if platforms.Retryable(err) {
				t.Errorf("%v is retryable", err)
			}
			if f.srv.StatusCount() != before || len(f.srv.Requests("/api/v2/media")) != 0 {
				t.Error("something was sent before the refusal")
			}
		})
	}
	var long *platforms.TooLongError
	_, err := f.ad.Publish(ctx(t), f.acct, post("h", strings.Repeat("a", 21)))
	if !errors.As(err, &long) || long.Length != 21 || long.Limit != 20 {
		t.Errorf("err = %#v, want TooLongError{21, 20} from the instance's limit", err)
	}
}

func TestMediaWaitsForProcessing(t *testing.T) {
	f := newFixture(t, mastodontest.Options{MediaPolls: 3})
	p := post("m", "look")
	p.Parts[0].Media = []social.Media{pngFile(t, "A red shoe on a white floor")}
	pub, err := f.ad.Publish(ctx(t), f.acct, p)
	if err != nil {
		t.Fatal(err)
	}
	if polls := len(f.srv.Requests("/api/v1/media/")); polls != 4 {
		t.Errorf("%d polls, want 3 answered 206 and 1 answered 200", polls)
	}
	if d := f.mustStatus(t, pub.RemoteID).MediaDescriptions; len(d) != 1 || d[0] != "A red shoe on a white floor" {
		t.Errorf("media descriptions = %q", d)
	}
}

func TestMediaStillProcessingIsTransient(t *testing.T) {
	f := newFixture(t, mastodontest.Options{MediaPolls: 1000})
	f.ad.mediaTimeout = 20 * time.Millisecond
	p := post("m", "look")
	p.Parts[0].Media = []social.Media{pngFile(t, "alt")}
	before := f.srv.StatusCount()
	_, err := f.ad.Publish(ctx(t), f.acct, p)
	var tr *platforms.TransientError
	if !errors.As(err, &tr) || !errors.Is(err, errStillProcessing) {
		t.Fatalf("err = %v, want a transient still-processing error", err)
	}
	if f.srv.StatusCount() != before {
		t.Error("a status was posted without its media")
	}
}

func TestRateLimitRetriedAfterRetryAfter(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	f.srv.FailNext(1, 429, "1")
	start := time.Now()
	if _, err := f.ad.Publish(ctx(t), f.acct, post("r", "hello")); err != nil {
		t.Fatalf("Publish after one 429: %v", err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %v, the server asked for 1s", waited)
	}
}

func TestRateLimitedWhenRetriesRunOut(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	ad, err := New(platforms.Env{Secrets: f.sec, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	f.srv.FailNext(5, 429, "120")
	_, err = ad.Publish(ctx(t), f.acct, post("r", "hello"))
	var rl *platforms.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Minute || rl.Limit != mastodontest.RateLimit {
		t.Fatalf("err = %#v, want RateLimitedError{2m, %d}", err, mastodontest.RateLimit)
	}
}

func TestReplyAddressesThePeopleAndKeepsTheAudience(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	page, err := f.ad.FetchInbox(ctx(t), f.acct, "")
	if err != nil {
		t.Fatal(err)
	}
	var mention social.InboxItem
	for _, it := range page.Items {
		if it.Kind == social.InboxMention {
			mention = it
		}
	}
	p := post("reply-1", "Yes, we do!")
	pub, err := f.ad.Reply(ctx(t), f.acct, mention.RemoteID, p)
	if err != nil {
		t.Fatal(err)
	}
	st := f.mustStatus(t, pub.RemoteID)
	if st.Text != "@ana Yes, we do!" || st.InReplyToID != mention.RemoteID || st.Visibility != "public" {
		t.Errorf("reply = %+v", st)
	}
	// Already addressed: nothing added. A reply to one of our own posts mentions no one.
	own, err := f.ad.Publish(ctx(t), f.acct, post("own", "our post"))
	if err != nil {
		t.Fatal(err)
	}
	pub, err = f.ad.Reply(ctx(t), f.acct, own.RemoteID, post("reply-2", "and more"))
	if err != nil {
		t.Fatal(err)
	}
	if st := f.mustStatus(t, pub.RemoteID); st.Text != "and more" {
		t.Errorf("reply to own post = %q", st.Text)
	}
	pub, err = f.ad.Reply(ctx(t), f.acct, mention.RemoteID, post("reply-3", "@Ana thanks"))
	if err != nil {
		t.Fatal(err)
	}
	if st := f.mustStatus(t, pub.RemoteID); st.Text != "@Ana thanks" {
		t.Errorf("reply that mentions already = %q", st.Text)
	}
}

func TestSendDMAnswersTheConversation(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	page, err := f.ad.FetchDMs(ctx(t), f.acct, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 1 {
		t.Fatalf("FetchDMs = %+v, want the seeded conversation's last message", page.Items)
	}
	last := page.Items[0]
	if last.Kind != social.InboxDM || last.AuthorHandle != "ben@remote.example" || last.ConversationID == "" ||
		last.Text != "@brand thanks! Order 1234 <urgent> & fragile" {
		t.Errorf("DM item = %+v", last)
	}
	pub, err := f.ad.SendDM(ctx(t), f.acct, last.ConversationID, post("dm-1", "On its way!"))
	if err != nil {
		t.Fatal(err)
	}
	st := f.mustStatus(t, pub.RemoteID)
	if st.Visibility != "direct" || st.InReplyToID != last.RemoteID || st.Text != "@ben@remote.example On its way!" {
		t.Errorf("DM sent = %+v", st)
	}
	if _, err := f.ad.SendDM(ctx(t), f.acct, "999", post("dm-2", "x")); err == nil {
		t.Error("SendDM into an unknown conversation succeeded")
	}
}

func TestFetchDMsSeesEveryMessageSinceTheCursor(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	page, err := f.ad.FetchDMs(ctx(t), f.acct, "")
	if err != nil {
		t.Fatal(err)
	}
	last := page.Items[0]
	a := f.srv.AddDM("ben@remote.example", "one more thing", last.RemoteID)
	b := f.srv.AddDM("ben@remote.example", "and another", a)
	next, err := f.ad.FetchDMs(ctx(t), f.acct, page.Cursor)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, it := range next.Items {
		got[it.RemoteID] = true
		if it.ConversationID != last.ConversationID {
			t.Errorf("%s in conversation %q, want %q", it.RemoteID, it.ConversationID, last.ConversationID)
		}
	}
	if !got[a] || !got[b] {
		t.Errorf("after the cursor got %v, want both new messages %s and %s", got, a, b)
	}
	if next.Items[len(next.Items)-1].RemoteID != b {
		t.Error("the newest message is not last")
	}
}

func TestFindPublished(t *testing.T) {
	now := time.Now()
	clock := func() time.Time { return now }
	f := newFixture(t, mastodontest.Options{Now: func() time.Time { return clock() }})
	pub, err := f.ad.Publish(ctx(t), f.acct, post("found", "a", "b", "c"))
	if err != nil {
		t.Fatal(err)
	}
	before := f.srv.StatusCount()
	got, ok, err := f.ad.FindPublished(ctx(t), f.acct, "found", now.Add(-time.Minute))
	if err != nil || !ok || got.RemoteID != pub.RemoteID || strings.Join(got.Parts, ",") != strings.Join(pub.Parts, ",") || got.URL == "" {
		t.Fatalf("FindPublished = %+v %v %v, want %+v", got, ok, err, pub)
	}
	if _, ok, err := f.ad.FindPublished(ctx(t), f.acct, "never-used", now); ok || err != nil {
		t.Errorf("unknown key: %v %v", ok, err)
	}
	if f.srv.StatusCount() != before {
		t.Error("FindPublished created a status")
	}
	// Mastodon forgets keys after an hour.
	now = now.Add(61 * time.Minute)
	if _, ok, err := f.ad.FindPublished(ctx(t), f.acct, "found", time.Time{}); ok || err != nil {
		t.Errorf("after an hour: %v %v, want not found", ok, err)
	}
}

func TestNotificationsAreNotPosts(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	page, err := f.ad.FetchInbox(ctx(t), f.acct, "")
	if err != nil {
		t.Fatal(err)
	}
	like := page.Items[1] // ana's favourite
	if !strings.HasPrefix(like.RemoteID, notificationPrefix) {
		t.Fatalf("like item %q", like.RemoteID)
	}
	_, err = f.ad.Reply(ctx(t), f.acct, like.RemoteID, post("x", "thanks"))
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) || !strings.Contains(err.Error(), "is a notification") {
		t.Errorf("Reply to a like: %v", err)
	}
	if err := f.ad.Like(ctx(t), f.acct, like.RemoteID); !errors.As(err, &rej) {
		t.Errorf("Like of a like: %v", err)
	}
	if _, err := f.ad.Thread(ctx(t), f.acct, ""); !errors.As(err, &rej) {
		t.Errorf("Thread of nothing: %v", err)
	}
}

// lockedSecrets fails like a keyring that is locked.
type lockedSecrets struct{}

func (lockedSecrets) Get(string) (string, error) { return "", errors.New("keyring is locked") }
func (lockedSecrets) Set(string, string) error   { return errors.New("keyring is locked") }

func TestLockedKeyringIsNotAnExpiredLogin(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	f.ad.secrets = lockedSecrets{}
	_, err := f.ad.Publish(ctx(t), f.acct, post("k", "x"))
	var auth *platforms.AuthExpiredError
	if err == nil || errors.As(err, &auth) || !strings.Contains(err.Error(), "keyring is locked") {
		t.Errorf("err = %v, want the keyring's own error", err)
	}
}
