package demo

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/social"
)

// testAdapter returns an adapter on seed 1 whose clock the test moves through *now.
func testAdapter(t *testing.T, now *time.Time, opts map[string]any) *Adapter {
	t.Helper()
	if opts == nil {
		opts = map[string]any{}
	}
	a, err := New(platforms.Env{Now: func() time.Time { return *now }, Options: opts})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func parts(texts ...string) []social.Part {
	var ps []social.Part
	for _, s := range texts {
		ps = append(ps, social.Part{Text: s})
	}
	return ps
}

func TestPublishValidation(t *testing.T) {
	img := social.Media{Path: "/tmp/x.png", Alt: "a cat"}
	for _, tc := range []struct {
		name string
		p    platforms.Publishable
		want any // nil, *platforms.RejectedError or *platforms.TooLongError
	}{
		{"plain", platforms.Publishable{Parts: parts("hello")}, nil},
		{"no parts", platforms.Publishable{}, &platforms.RejectedError{}},
		{"empty text", platforms.Publishable{Parts: parts("")}, &platforms.RejectedError{}},
		{"blank text", platforms.Publishable{Parts: parts(" \n\t")}, &platforms.RejectedError{}},
		{"empty second part", platforms.Publishable{Parts: parts("one", "")}, &platforms.RejectedError{}},
		{"at the limit", platforms.Publishable{Parts: parts(strings.Repeat("a", 500))}, nil},
		{"over the limit", platforms.Publishable{Parts: parts(strings.Repeat("a", 501))}, &platforms.TooLongError{}},
		// 500 emoji with skin tones are 500 graphemes but 4,000 bytes: counted as people see them.
		{"graphemes not bytes", platforms.Publishable{Parts: parts(strings.Repeat("👍🏽", 500))}, nil},
		{"long thread part", platforms.Publishable{Parts: parts("ok", strings.Repeat("b", 501))}, &platforms.TooLongError{}},
		{"image only", platforms.Publishable{Parts: []social.Part{{Media: []social.Media{img}}}}, nil},
		{"image without file", platforms.Publishable{Parts: []social.Part{{Text: "x", Media: []social.Media{{Alt: "a"}}}}}, &platforms.RejectedError{}},
		{"five images", platforms.Publishable{Parts: []social.Part{{Text: "x", Media: []social.Media{img, img, img, img, img}}}}, &platforms.RejectedError{}},
		{"alt too long", platforms.Publishable{Parts: []social.Part{{Text: "x", Media: []social.Media{{Path: "p", Alt: strings.Repeat("a", 1501)}}}}}, &platforms.RejectedError{}},
		{"more sent than parts", platforms.Publishable{Parts: parts("x"), Sent: []string{"a", "b"}}, &platforms.RejectedError{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := day
			a := testAdapter(t, &now, nil)
			tc.p.IdemKey = "k-" + tc.name
			_, err := a.Publish(context.Background(), acme, tc.p)
			switch want := tc.want.(type) {
			case nil:
				if err != nil {
					t.Fatalf("Publish: %v", err)
				}
			case *platforms.RejectedError:
				if !errors.As(err, &want) {
					t.Fatalf("got %v, want RejectedError", err)
				}
			case *platforms.TooLongError:
				if !errors.As(err, &want) || want.Limit != MaxLength {
					t.Fatalf("got %v, want TooLongError", err)
				}
			}
		})
	}
}

func TestPublishSameKeyGivesSamePostAcrossProcesses(t *testing.T) {
	now := day
	a1, a2 := testAdapter(t, &now, nil), testAdapter(t, &now, nil)
	p := platforms.Publishable{Parts: parts("one", "two"), IdemKey: "key-1"}
	first, err := a1.Publish(context.Background(), acme, p)
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour) // a retry an hour later, in another process
	again, err := a2.Publish(context.Background(), acme, p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(first.Parts, ",") != strings.Join(again.Parts, ",") {
		t.Fatalf("same key, different posts: %q vs %q", first.Parts, again.Parts)
	}
	// In one process the first answer comes back whole, time included.
	same, _ := a1.Publish(context.Background(), acme, p)
	if !same.At.Equal(first.At) {
		t.Fatalf("in-process retry changed the time: %v vs %v", same.At, first.At)
	}
	other, _ := a1.Publish(context.Background(), acme, platforms.Publishable{Parts: parts("one"), IdemKey: "key-2"})
	if other.RemoteID == first.RemoteID {
		t.Fatal("different keys gave the same post")
	}
	onNova, _ := a1.Publish(context.Background(), nova, p)
	if onNova.RemoteID == first.RemoteID {
		t.Fatal("same key on another account gave the same post")
	}
	if first.URL != "https://demo.chorus.invalid/@acme@social.demo/"+first.RemoteID {
		t.Fatalf("URL %q", first.URL)
	}
}

func TestPublishWithoutKeyMakesNewPosts(t *testing.T) {
	now := day
	a := testAdapter(t, &now, nil)
	p1, _ := a.Publish(context.Background(), acme, platforms.Publishable{Parts: parts("x")})
	p2, _ := a.Publish(context.Background(), acme, platforms.Publishable{Parts: parts("x")})
	if p1.RemoteID == "" || p1.RemoteID == p2.RemoteID {
		t.Fatalf("keyless publishes: %q, %q", p1.RemoteID, p2.RemoteID)
	}
}

func TestFetchInboxPagesNewItemsAndLeavesDMsToFetchDMs(t *testing.T) {
	now := day.Add(15 * time.Hour)
	a := testAdapter(t, &now, nil)
	ctx := context.Background()
	var got []social.InboxItem
	cursor, pages := "", 0
	for {
		page, err := a.FetchInbox(ctx, acme, cursor)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if len(page.Items) > PageSize {
			t.Fatalf("page of %d", len(page.Items))
		}
		got = append(got, page.Items...)
		cursor = page.Cursor
		if !page.More {
			break
		}
	}
	if pages < 3 || len(got) < 150 || len(got) > inboxWindow {
		t.Fatalf("first sync: %d items in %d pages", len(got), pages)
	}
	for i, it := range got {
		if it.Kind == social.InboxDM {
			t.Fatalf("FetchInbox returned a DM: %+v", it)
		}
		if i > 0 && !it.CreatedAt.After(got[i-1].CreatedAt) {
			t.Fatalf("items out of order at %d", i)
		}
		if it.CreatedAt.After(now) {
			t.Fatalf("item from the future: %v", it.CreatedAt)
		}
	}
	// Nothing new until time passes; then exactly what arrived.
	if page, _ := a.FetchInbox(ctx, acme, cursor); len(page.Items) != 0 || page.More || page.Cursor != cursor {
		t.Fatalf("fetch with nothing new: %+v", page)
	}
	before := a.gen.ArrivedBefore(acme.ID, now)
	now = now.Add(3 * time.Hour)
	after := a.gen.ArrivedBefore(acme.ID, now)
	page, _ := a.FetchInbox(ctx, acme, cursor)
	dms, _ := a.FetchDMs(ctx, acme, cursor)
	if len(page.Items)+len(dms.Items) != after-before {
		t.Fatalf("3 hours later: %d items + %d DMs, want %d", len(page.Items), len(dms.Items), after-before)
	}
	for _, it := range dms.Items {
		if it.Kind != social.InboxDM {
			t.Fatalf("FetchDMs returned a %s", it.Kind)
		}
	}
}

func TestFetchInboxRefusesBadCursor(t *testing.T) {
	now := day
	a := testAdapter(t, &now, nil)
	_, err := a.FetchInbox(context.Background(), acme, "yesterday")
	var rej *platforms.RejectedError
	if !errors.As(err, &rej) {
		t.Fatalf("got %v, want RejectedError", err)
	}
}

func TestThreadOfAReplyStartsAtOurPost(t *testing.T) {
	now := day.Add(12 * time.Hour)
	a := testAdapter(t, &now, nil)
	ctx := context.Background()
	n := a.gen.ArrivedBefore(acme.ID, now.Add(-6*time.Hour))
	i := n
	for a.gen.kindOf(acme.ID, i) != social.InboxReply {
		i--
	}
	reply := a.gen.InboxItem(acme, i)
	th, err := a.Thread(ctx, acme, reply.RemoteID)
	if err != nil {
		t.Fatal(err)
	}
	if len(th) < 2 || th[0].RemoteID != reply.ParentRemoteID || th[0].Kind != "" || th[0].AuthorHandle != acme.Handle {
		t.Fatalf("thread does not start at our post: %+v", th)
	}
	if th[1].RemoteID != reply.RemoteID {
		t.Fatalf("second entry %q, want the reply %q", th[1].RemoteID, reply.RemoteID)
	}
	for _, r := range th[2:] {
		if r.ParentRemoteID != reply.RemoteID || r.CreatedAt.After(now) || !r.CreatedAt.After(reply.CreatedAt) {
			t.Fatalf("bad reply in thread: %+v", r)
		}
	}
	again, _ := a.Thread(ctx, acme, reply.RemoteID)
	if len(again) != len(th) {
		t.Fatal("thread not deterministic")
	}
}

func TestThreadOfPublishedPartsFollowsTheChain(t *testing.T) {
	now := day
	a := testAdapter(t, &now, nil)
	ctx := context.Background()
	pub, err := a.Publish(ctx, acme, platforms.Publishable{Parts: parts("one", "two", "three"), IdemKey: "t"})
	if err != nil {
		t.Fatal(err)
	}
	th, err := a.Thread(ctx, acme, pub.Parts[2])
	if err != nil {
		t.Fatal(err)
	}
	if len(th) < 3 || th[0].Text != "one" || th[1].Text != "two" || th[2].Text != "three" {
		t.Fatalf("thread: %+v", th)
	}
	for _, id := range []string{"demo-acme-social-zzz", "elsewhere-1", "demo-acme-social-999999999"} {
		var nf *platforms.NotFoundError
		if _, err := a.Thread(ctx, acme, id); !errors.As(err, &nf) {
			t.Errorf("Thread(%q) = %v, want NotFoundError", id, err)
		}
	}
}

func TestPostMetricsKnowPublishedAndHistoryPosts(t *testing.T) {
	now := day
	a := testAdapter(t, &now, nil)
	ctx := context.Background()
	pub, _ := a.Publish(ctx, acme, platforms.Publishable{Parts: parts("hi"), IdemKey: "m"})
	history := PostID(acme.ID, day.Add(-48*time.Hour))
	now = now.Add(6 * time.Hour)
	pts, err := a.PostMetrics(ctx, acme, []string{pub.RemoteID, history, "demo-acme-social-kunknown", "nonsense"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2*len(PostMetricNames) {
		t.Fatalf("%d points, want %d: %+v", len(pts), 2*len(PostMetricNames), pts)
	}
	for _, p := range pts {
		age := 6 * time.Hour
		if p.PostRemoteID == history {
			age = 54 * time.Hour
		}
		if want := a.gen.PostMetric(acme.ID, p.PostRemoteID, p.Name, age); p.Value != want || !p.At.Equal(now) {
			t.Errorf("%s %s = %d at %v, want %d", p.PostRemoteID, p.Name, p.Value, p.At, want)
		}
	}
	acct, _ := a.AccountMetrics(ctx, acme)
	if len(acct) != 3 || acct[0].Value != a.gen.Followers(acme.ID, now) {
		t.Fatalf("account metrics: %+v", acct)
	}
}

func TestLikeTwiceAndFindPublished(t *testing.T) {
	now := day
	a := testAdapter(t, &now, nil)
	ctx := context.Background()
	for range 2 {
		if err := a.Like(ctx, acme, "demo-acme-social-5"); err != nil {
			t.Fatal(err)
		}
	}
	if !a.Liked(acme, "demo-acme-social-5") || a.Liked(nova, "demo-acme-social-5") {
		t.Fatal("like not recorded per account")
	}
	pub, _ := a.Publish(ctx, acme, platforms.Publishable{Parts: parts("x"), IdemKey: "r"})
	if got, ok, err := a.FindPublished(ctx, acme, "r", now.Add(-time.Minute)); !ok || err != nil || got.RemoteID != pub.RemoteID {
		t.Fatalf("FindPublished = %+v %v %v", got, ok, err)
	}
	if _, ok, _ := a.FindPublished(ctx, acme, "r", now.Add(time.Minute)); ok {
		t.Fatal("found a post published before since")
	}
	if _, ok, _ := a.FindPublished(ctx, nova, "r", time.Time{}); ok {
		t.Fatal("found another account's post")
	}
}

func TestFaultOption(t *testing.T) {
	now := day
	for fault, check := range map[string]func(error) bool{
		"rate": func(err error) bool {
			var e *platforms.RateLimitedError
			return errors.As(err, &e) && e.RetryAfter == 2*time.Second
		},
		"auth": func(err error) bool {
			var e *platforms.AuthExpiredError
			return errors.As(err, &e) && e.AccountID == acme.ID
		},
		"transient": func(err error) bool { var e *platforms.TransientError; return errors.As(err, &e) },
	} {
		a := testAdapter(t, &now, map[string]any{"fail": fault})
		ctx := context.Background()
		_, e1 := a.Publish(ctx, acme, platforms.Publishable{Parts: parts("x")})
		_, e2 := a.FetchDMs(ctx, acme, "")
		e3 := a.Like(ctx, acme, "x")
		_, e4 := a.AccountMetrics(ctx, acme)
		_, e5 := a.Thread(ctx, acme, "x")
		for i, err := range []error{e1, e2, e3, e4, e5} {
			if !check(err) {
				t.Errorf("fail=%s call %d: %v", fault, i, err)
			}
		}
	}
	if _, err := New(platforms.Env{Options: map[string]any{"fail": "sometimes"}}); err == nil {
		t.Error("unknown fault accepted")
	}
	if _, err := New(platforms.Env{Options: map[string]any{"seed": "abc"}}); err == nil {
		t.Error("bad seed accepted")
	}
}

func TestInfoCountsGraphemes(t *testing.T) {
	c := (&Adapter{}).Info().Caps
	for s, want := range map[string]int{"": 0, "hello": 5, "héllo": 5, "👍🏽": 1, "🇩🇪🇯🇵": 2, "👨‍👩‍👧": 1} {
		if got := c.Count(s); got != want {
			t.Errorf("Count(%q) = %d, want %d", s, got, want)
		}
	}
}
