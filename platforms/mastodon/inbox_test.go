package mastodon

import (
	"slices"
	"testing"

	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
)

func TestFetchInbox(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	page, err := f.ad.FetchInbox(ctx(t), f.acct, "")
	if err != nil {
		t.Fatal(err)
	}
	// The seed: ana's mention and favourite; ben's direct messages are left to FetchDMs.
	if len(page.Items) != 2 || page.More {
		t.Fatalf("first page = %+v", page)
	}
	m, like := page.Items[0], page.Items[1]
	if m.Kind != social.InboxMention || m.Text != "@brand do you ship to Norway? 🇳🇴" || m.AuthorHandle != "ana" ||
		m.AuthorName != "Ana" || m.URL == "" || m.CreatedAt.IsZero() {
		t.Errorf("mention = %+v", m)
	}
	if like.Kind != social.InboxLike || like.ParentRemoteID == "" || like.AuthorHandle != "ana" {
		t.Errorf("favourite = %+v", like)
	}
	req := f.srv.Requests("/api/v1/notifications")[0]
	if req.Query.Get("limit") != "80" || !slices.Equal(req.Query["types[]"], inboxTypes) {
		t.Errorf("asked %v", req.Query)
	}
	if page.Cursor == "" {
		t.Fatal("no cursor")
	}

	f.srv.AddNotifications(100)
	var items []social.InboxItem
	cursor := page.Cursor
	for range 5 {
		p, err := f.ad.FetchInbox(ctx(t), f.acct, cursor)
		if err != nil {
			t.Fatal(err)
		}
		if p.Cursor != "" {
			cursor = p.Cursor
		}
		items = append(items, p.Items...)
		if !p.More {
			break
		}
	}
	if len(items) != 100 {
		t.Fatalf("got %d new items, want 100", len(items))
	}
	kinds := map[social.InboxKind]int{}
	for i, it := range items {
		kinds[it.Kind]++
		if i > 0 && it.CreatedAt.Before(items[i-1].CreatedAt) {
			t.Errorf("item %d is older than the one before: not oldest first", i)
		}
	}
	for _, k := range []social.InboxKind{social.InboxMention, social.InboxReply, social.InboxLike, social.InboxRepost, social.InboxFollow, social.InboxQuote} {
		if kinds[k] == 0 {
			t.Errorf("no %s among %v", k, kinds)
		}
	}
	// Forward paging used min_id, from the Link header's cursor.
	for _, r := range f.srv.Requests("/api/v1/notifications")[1:] {
		if r.Query.Get("min_id") == "" || r.Query.Get("since_id") != "" {
			t.Errorf("paged forward with %v", r.Query)
		}
	}
}

func TestThread(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	root, err := f.ad.Publish(ctx(t), f.acct, post("t", "our announcement"))
	if err != nil {
		t.Fatal(err)
	}
	f.srv.AddNotifications(2) // a mention, then ana's reply to our newest post
	items, err := f.ad.Thread(ctx(t), f.acct, root.RemoteID)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].RemoteID != root.RemoteID || items[0].Kind != "" || items[1].Kind != social.InboxReply ||
		items[1].ParentRemoteID != root.RemoteID {
		t.Fatalf("thread = %+v", items)
	}
	// From the reply, the thread shows the root above it.
	up, err := f.ad.Thread(ctx(t), f.acct, items[1].RemoteID)
	if err != nil || len(up) != 2 || up[0].RemoteID != root.RemoteID {
		t.Fatalf("thread from the reply = %+v, %v", up, err)
	}
}

func TestLike(t *testing.T) {
	f := newFixture(t, mastodontest.Options{})
	page, _ := f.ad.FetchInbox(ctx(t), f.acct, "")
	id := page.Items[0].RemoteID
	for range 2 {
		if err := f.ad.Like(ctx(t), f.acct, id); err != nil {
			t.Fatal(err)
		}
	}
	if !f.srv.Favourited(id) {
		t.Error("not favourited on the server")
	}
	if err := f.ad.Like(ctx(t), f.acct, "404404"); err == nil {
		t.Error("liking a status that does not exist succeeded")
	}
}

func TestMetrics(t *testing.T) {
	for _, old := range []bool{false, true} {
		f := newFixture(t, mastodontest.Options{NoStatusBatch: old})
		acc, err := f.ad.AccountMetrics(ctx(t), f.acct)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, p := range acc {
			got[p.Name] = p.Value
		}
		if got[social.MetricFollowers] != 100 || got[social.MetricFollowing] != 10 || got[social.MetricPosts] != 2 {
			t.Errorf("account metrics = %v", got)
		}
		mine, err := f.ad.Publish(ctx(t), f.acct, post("m", "numbers"))
		if err != nil {
			t.Fatal(err)
		}
		f.srv.AddNotifications(6) // a reply, a favourite, a boost and a quote land on our newest post
		ids := []string{mine.RemoteID, "404404"}
		for range 25 { // more than one batch
			ids = append(ids, mine.RemoteID)
		}
		pts, err := f.ad.PostMetrics(ctx(t), f.acct, ids)
		if err != nil {
			t.Fatal(err)
		}
		per := map[string]int64{}
		for _, p := range pts[:4] {
			if p.PostRemoteID != mine.RemoteID || p.AccountID != f.acct.ID || p.At.IsZero() {
				t.Errorf("point %+v", p)
			}
			per[p.Name] = p.Value
		}
		want := map[string]int64{social.MetricReplies: 1, social.MetricLikes: 1, social.MetricReposts: 1, social.MetricQuotes: 1}
		for k, v := range want {
			if per[k] != v {
				t.Errorf("old=%v: post metrics %v, want %v", old, per, want)
				break
			}
		}
		batched := 0
		for _, r := range f.srv.Requests("/api/v1/statuses") {
			if r.Path == "/api/v1/statuses" && r.Method == "GET" {
				batched++
			}
		}
		if !old && batched != 2 {
			t.Errorf("27 ids took %d batch requests, want 2", batched)
		}
	}
}
