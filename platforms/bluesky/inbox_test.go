package bluesky

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/bluesky/blueskytest"
	"github.com/chorus-social/chorus/social"
)

// drainInbox drains FetchInbox from cursor as the engine does and returns the items and the
// cursor to store.
func drainInbox(t *testing.T, ad *Adapter, acct social.Account, cursor string) ([]social.InboxItem, string, int) {
	t.Helper()
	var all []social.InboxItem
	pages := 0
	for {
		page, err := ad.FetchInbox(ctxT(t), acct, cursor)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, page.Items...)
		cursor = page.Cursor
		if !page.More {
			return all, cursor, pages
		}
		if pages > 50 {
			t.Fatal("no end to More")
		}
	}
}

func TestInboxSyncReturnsOnlyWhatIsNewSinceTheLastSync(t *testing.T) {
	e := newEnv(t)
	// One millisecond for everything: notifications tie on indexedAt, as a busy account's do.
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	e.srv.Set(func(s *blueskytest.Server) { s.Now = func() time.Time { return at } })
	ad := e.adapter(t, nil)
	e.srv.Mentions(e.stranger, e.brand, 3)
	items, cur, _ := drainInbox(t, ad, e.acct, "")
	if len(items) != 3 {
		t.Fatalf("first sync: %d items, want 3", len(items))
	}
	items, cur, _ = drainInbox(t, ad, e.acct, cur)
	if len(items) != 0 {
		t.Fatalf("sync with nothing new: %d items", len(items))
	}
	e.srv.Mentions(e.stranger, e.brand, 250) // more than two API pages, same timestamp
	items, cur, pages := drainInbox(t, ad, e.acct, cur)
	if len(items) != 250 || pages != 3 {
		t.Fatalf("after 250 new: %d items in %d pages", len(items), pages)
	}
	seen := map[string]bool{}
	for _, it := range items {
		if seen[it.RemoteID] {
			t.Fatalf("%s came twice", it.RemoteID)
		}
		seen[it.RemoteID] = true
	}
	at = at.Add(time.Second)
	e.srv.Mentions(e.stranger, e.brand, 1)
	if items, _, _ = drainInbox(t, ad, e.acct, cur); len(items) != 1 {
		t.Fatalf("after one more: %d items", len(items))
	}
}

func TestFirstInboxSyncReachesBackABoundedWay(t *testing.T) {
	e := newEnv(t)
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	e.srv.Set(func(s *blueskytest.Server) {
		s.Now = func() time.Time { at = at.Add(time.Second); return at } // an old backlog, a second apart
	})
	ad := e.adapter(t, nil)
	e.srv.Mentions(e.stranger, e.brand, firstSyncItems+120)
	items, cur, _ := drainInbox(t, ad, e.acct, "")
	if len(items) != firstSyncItems {
		t.Errorf("first sync: %d items, want the newest %d", len(items), firstSyncItems)
	}
	if items, _, _ = drainInbox(t, ad, e.acct, cur); len(items) != 0 {
		t.Errorf("the older backlog came on the next sync: %d items", len(items))
	}
}

func TestInterruptedWalkResumesFromItsCursor(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	_, cur, _ := drainInbox(t, ad, e.acct, "")
	e.srv.Mentions(e.stranger, e.brand, 150)
	page, err := ad.FetchInbox(ctxT(t), e.acct, cur)
	if err != nil || !page.More || len(page.Items) != notificationPage {
		t.Fatalf("first page: %d items, More %v, %v", len(page.Items), page.More, err)
	}
	// The process dies here; meanwhile more arrive. The next sync goes on from the page
	// cursor, then picks the newcomers up on the one after.
	e.srv.Mentions(e.stranger, e.brand, 5)
	rest, cur, _ := drainInbox(t, ad, e.acct, page.Cursor)
	if len(rest) != 50 {
		t.Fatalf("rest of the walk: %d items, want 50", len(rest))
	}
	if late, _, _ := drainInbox(t, ad, e.acct, cur); len(late) != 5 {
		t.Fatalf("next sync: %d items, want the 5 that came during the walk", len(late))
	}
}

func TestInboxKinds(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	own, err := ad.Publish(ctxT(t), e.acct, post("our launch post"))
	if err != nil {
		t.Fatal(err)
	}
	reply := e.srv.Post(e.stranger, "congrats!", own.RemoteID)
	replyMention := e.srv.Post(e.stranger, "@acme.test so good", own.RemoteID)
	mention := e.srv.Post(e.stranger, "have you seen @acme.test?", "")
	e.srv.Like(e.stranger, own.RemoteID)
	e.srv.Follow(e.stranger, e.brand)
	items, _, _ := drainInbox(t, ad, e.acct, "")
	got := map[social.InboxKind][]social.InboxItem{}
	for _, it := range items {
		got[it.Kind] = append(got[it.Kind], it)
		if it.AuthorHandle != "fan.test" || it.AuthorID != e.stranger.DID || it.Platform != Name || it.ClientID != "acme" {
			t.Errorf("item %s author/platform: %+v", it.RemoteID, it)
		}
	}
	check := func(kind social.InboxKind, n int) {
		if len(got[kind]) != n {
			t.Errorf("%d %s items, want %d: %+v", len(got[kind]), kind, n, got[kind])
		}
	}
	check(social.InboxReply, 2) // the reply that also mentions us answers our post: a reply
	check(social.InboxMention, 1)
	check(social.InboxLike, 1)
	check(social.InboxFollow, 1)
	for _, r := range got[social.InboxReply] {
		if r.ParentRemoteID != own.RemoteID || r.ConversationID != own.RemoteID || (r.RemoteID != reply && r.RemoteID != replyMention) {
			t.Errorf("reply item %+v", r)
		}
	}
	if m := got[social.InboxMention]; len(m) == 1 && (m[0].RemoteID != mention || m[0].Text != "have you seen @acme.test?") {
		t.Errorf("mention item %+v", m[0])
	}
	if l := got[social.InboxLike]; len(l) == 1 && l[0].ParentRemoteID != own.RemoteID {
		t.Errorf("like item %+v", l[0])
	}
	if f := got[social.InboxFollow]; len(f) == 1 && f[0].URL != "https://bsky.app/profile/fan.test" {
		t.Errorf("follow item URL %q", f[0].URL)
	}
}

func TestInboxMarksSeenUnlessToldNotTo(t *testing.T) {
	e := newEnv(t)
	e.srv.Mentions(e.stranger, e.brand, 2)
	if _, _, _ = drainInbox(t, e.adapter(t, map[string]any{"mark_seen": false}), e.acct, ""); e.srv.SeenAt(e.brand) != "" {
		t.Errorf("mark_seen false, yet seenAt = %q", e.srv.SeenAt(e.brand))
	}
	_, cur, _ := drainInbox(t, e.adapter(t, nil), e.acct, "")
	first := e.srv.SeenAt(e.brand)
	if first == "" {
		t.Fatal("updateSeen was not called")
	}
	drainInbox(t, e.adapter(t, nil), e.acct, cur)
	if n := e.srv.Calls("app.bsky.notification.updateSeen"); n != 1 {
		t.Errorf("updateSeen called %d times, want once (nothing new the second time)", n)
	}
}

func TestBadInboxCursorIsRefused(t *testing.T) {
	e := newEnv(t)
	_, err := e.adapter(t, nil).FetchInbox(ctxT(t), e.acct, "garbage")
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) {
		t.Errorf("FetchInbox(garbage) = %v", err)
	}
}

func TestThreadGivesAncestorsThenReplies(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	root := e.srv.Post(e.stranger, "root", "")
	ours, err := ad.Reply(ctxT(t), e.acct, root, post("our answer"))
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Post(e.stranger, "thanks", ours.RemoteID)
	items, err := ad.Thread(ctxT(t), e.acct, ours.RemoteID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, fmt.Sprintf("%s:%s", it.Kind, it.Text))
	}
	if want := "[mention:root :our answer reply:thanks]"; fmt.Sprint(got) != want {
		t.Errorf("thread %v, want %s", got, want)
	}
	var nf *platforms.NotFoundError
	if _, err := ad.Thread(ctxT(t), e.acct, "at://"+e.brand.DID+"/app.bsky.feed.post/3aaaaaaaaaaaa"); !errors.As(err, &nf) {
		t.Errorf("Thread of a missing post = %v, want NotFoundError", err)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	ad := e.adapter(t, nil)
	pub, err := ad.Publish(ctxT(t), e.acct, post("count me"))
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Like(e.stranger, pub.RemoteID)
	e.srv.Post(e.stranger, "nice", pub.RemoteID)
	e.srv.Follow(e.stranger, e.brand)
	pts, err := ad.PostMetrics(ctxT(t), e.acct, []string{pub.RemoteID, "at://" + e.brand.DID + "/app.bsky.feed.post/3aaaaaaaaaaaa"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, p := range pts {
		got[p.Name] = p.Value
	}
	if fmt.Sprint(got) != "map[likes:1 quotes:0 replies:1 reposts:0]" {
		t.Errorf("post metrics %v", got)
	}
	acc, err := ad.AccountMetrics(ctxT(t), e.acct)
	if err != nil {
		t.Fatal(err)
	}
	got = map[string]int64{}
	for _, p := range acc {
		got[p.Name] = p.Value
	}
	if fmt.Sprint(got) != "map[followers:1 following:0 posts:1]" {
		t.Errorf("account metrics %v", got)
	}
	if ad.Info().Caps.Impressions {
		t.Error("Bluesky reports no impressions")
	}
}

func TestRateLimitIsReportedWithItsWait(t *testing.T) {
	e := newEnv(t)
	e.srv.Set(func(s *blueskytest.Server) { s.RateLimit = 4 })
	ad := e.adapter(t, nil)
	var err error
	for range 6 {
		if _, err = ad.AccountMetrics(ctxT(t), e.acct); err != nil {
			break
		}
	}
	var rl *platforms.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter <= 0 || rl.Limit != 4 {
		t.Fatalf("after the window is spent: %v, want RateLimitedError with a wait and the limit", err)
	}
}
