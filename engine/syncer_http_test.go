package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chorus-social/chorus/platforms"
	"github.com/chorus-social/chorus/platforms/mastodon"
	"github.com/chorus-social/chorus/platforms/mastodon/mastodontest"
	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// The paths the two Mastodon streams read.
const (
	notificationsPath = "/api/v1/notifications"
	conversationsPath = "/api/v1/conversations"
)

// masto is a syncer reading a local Mastodon instance through the real adapter. The
// instance starts with ana's mention and favourite and a direct conversation with ben.
type masto struct {
	srv  *mastodontest.Server
	db   *store.DB
	clk  *syncClock
	acct social.Account
	s    *Syncer
}

func newMasto(t *testing.T) *masto {
	t.Helper()
	clk := newSyncClock()
	srv := mastodontest.New(t, mastodontest.Options{Now: clk.Now})
	acct := social.Account{ID: "acme-masto", ClientID: "acme", Platform: mastodon.Name, Server: srv.URL,
		Handle: srv.SelfUsername, RemoteID: srv.SelfID}
	ad, err := mastodon.New(platforms.Env{Secrets: mastodontest.NewSecrets(acct.ID, srv.Token), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	set := platforms.NewSet(platforms.Env{}, nil)
	set.Put(ad)
	db := syncStore(t, acct)
	return &masto{srv: srv, db: db, clk: clk, acct: acct, s: &Syncer{DB: db, Platforms: set, Now: clk.Now}}
}

// sync runs a sync that must work.
func (m *masto) sync(t *testing.T) SyncReport {
	t.Helper()
	rep, err := m.s.SyncClient(context.Background(), "acme")
	if err != nil || rep.Err() != nil {
		t.Fatalf("sync: %v %v", err, rep.Err())
	}
	return rep
}

// hits is how many requests the instance has had for path.
func (m *masto) hits(path string) int { return len(m.srv.Requests(path)) }

func TestMastodonSyncIsIncrementalAndNeverDuplicates(t *testing.T) {
	t.Parallel()
	m := newMasto(t)
	if rep := m.sync(t); rep.NewItems != 3 {
		t.Fatalf("first sync stored %d items, want the mention, the favourite and ben's last DM", rep.NewItems)
	}
	if q := m.srv.Requests(notificationsPath)[0].Query; q.Get("min_id") != "" || q.Get("since_id") != "" {
		t.Fatalf("first sync asked from a cursor: %v", q)
	}
	inbox, dms := cursor(t, m.db, m.acct.ID, StreamInbox), cursor(t, m.db, m.acct.ID, StreamDMs)
	if inbox.Cursor == "" || dms.Cursor == "" {
		t.Fatalf("no cursors stored: %+v %+v", inbox, dms)
	}

	// Nothing new: one request per stream, from the stored cursors, and nothing stored.
	n, c := m.hits(notificationsPath), m.hits(conversationsPath)
	if rep := m.sync(t); rep.NewItems != 0 {
		t.Fatalf("second sync stored %d", rep.NewItems)
	}
	reqs := m.srv.Requests(notificationsPath)
	if len(reqs) != n+1 || reqs[n].Query.Get("min_id") != inbox.Cursor {
		t.Fatalf("second sync asked %d times, last %v; want once with min_id=%s", len(reqs)-n, reqs[len(reqs)-1].Query, inbox.Cursor)
	}
	if creqs := m.srv.Requests(conversationsPath); len(creqs) != c+1 || creqs[c].Query.Get("min_id") != dms.Cursor {
		t.Fatalf("DMs asked with %v, want min_id=%s", creqs[len(creqs)-1].Query, dms.Cursor)
	}

	// 90 notifications (more than one page of 80) and a new conversation arrive: only
	// they are added, the pages following each other's cursor.
	m.srv.AddNotifications(90)
	m.srv.AddDM("ana", "can I ask something in private?", "")
	m.clk.Add(time.Minute)
	n = m.hits(notificationsPath)
	if rep := m.sync(t); rep.NewItems != 91 {
		t.Fatalf("third sync stored %d, want 91", rep.NewItems)
	}
	reqs = m.srv.Requests(notificationsPath)[n:]
	if len(reqs) != 3 || reqs[0].Query.Get("min_id") != inbox.Cursor {
		t.Fatalf("paged %d times from %v: want 80, 10, then an empty page, from the stored cursor", len(reqs), reqs[0].Query)
	}
	for i := 1; i < len(reqs); i++ {
		if a, b := reqs[i-1].Query.Get("min_id"), reqs[i].Query.Get("min_id"); len(b) < len(a) || (len(a) == len(b) && b <= a) {
			t.Fatalf("page %d asked from %s after %s: the cursor went back", i, b, a)
		}
	}
	if got := cursor(t, m.db, m.acct.ID, StreamInbox).Cursor; got != reqs[2].Query.Get("min_id") {
		t.Fatalf("stored cursor %s, want the last page's %s", got, reqs[2].Query.Get("min_id"))
	}

	for range 2 {
		m.clk.Add(time.Minute)
		if rep := m.sync(t); rep.NewItems != 0 {
			t.Fatalf("a repeated sync stored %d", rep.NewItems)
		}
	}
	if got := len(allItems(t, m.db)); got != 94 {
		t.Fatalf("%d items stored, want 94", got)
	}
}

func TestMastodonSyncKeepsTriageWhenItemsAreRefreshed(t *testing.T) {
	t.Parallel()
	m := newMasto(t)
	m.sync(t)
	var mention, dm social.InboxItem
	for _, it := range allItems(t, m.db) {
		switch it.Kind {
		case social.InboxMention:
			mention = it
		case social.InboxDM:
			dm = it
		}
	}
	if mention.ID == 0 || dm.ID == 0 {
		t.Fatal("the seeded mention and DM are not stored")
	}
	dmState := triage{done: true, read: true, label: "refund"}
	mentionState := triage{read: true, snoozed: m.clk.Now().Add(2 * time.Hour), label: "shipping"}
	dmState.apply(t, m.db, dm.ID)
	mentionState.apply(t, m.db, mention.ID)

	// Ben edits his message and writes again: the adapter fetches the conversation's
	// earlier messages with the new one, so the edited message comes back refreshed.
	if !m.srv.EditStatus(dm.RemoteID, "@brand thanks! Order 1234 is urgent and fragile (edited)") {
		t.Fatalf("no status %s on the instance", dm.RemoteID)
	}
	m.srv.AddDM("ben@remote.example", "any news?", dm.RemoteID)
	m.srv.AddNotifications(2)
	m.clk.Add(time.Minute)
	if rep := m.sync(t); rep.NewItems != 5 {
		t.Fatalf("stored %d, want ben's first message, our answer, his new one and 2 notifications", rep.NewItems)
	}
	items := allItems(t, m.db)
	got := items[dm.RemoteID]
	if got.ID != dm.ID || !strings.Contains(got.Text, "(edited)") {
		t.Fatalf("the edited DM was not refreshed in place: %+v", got)
	}
	dmState.check(t, got)
	mentionState.check(t, items[mention.RemoteID])
	if len(items) != 8 {
		t.Fatalf("%d items stored, want 8", len(items))
	}
}

func TestMastodonRateLimitIsWaitedOutWithoutAsking(t *testing.T) {
	t.Parallel()
	m := newMasto(t)
	// Longer than httpx sleeps through itself, so the wait comes back to the engine.
	m.srv.ReplyNext(notificationsPath, mastodontest.Reply{Status: 429, RetryAfter: "1200", Body: `{"error":"Too many requests"}`})
	start := m.clk.Now()
	rep, err := m.s.SyncClient(context.Background(), "acme")
	var se *StreamError
	if err != nil || !errors.As(rep.AccountErrors[m.acct.ID], &se) || se.Stream != StreamInbox ||
		platforms.RetryAfter(se) != 20*time.Minute {
		t.Fatalf("want the inbox's rate limit in the report: %+v %v", rep, err)
	}
	cur := cursor(t, m.db, m.acct.ID, StreamInbox)
	if !cur.NextAt.Equal(start.Add(20*time.Minute)) || cur.Cursor != "" {
		t.Fatalf("cursor %+v: want the next try after Retry-After and no cursor", cur)
	}
	for _, at := range []time.Duration{time.Minute, 10 * time.Minute, 20*time.Minute - time.Second} {
		m.clk.Add(at - m.clk.Now().Sub(start))
		if rep := m.sync(t); rep.Skipped == 0 || m.hits(notificationsPath) != 1 {
			t.Fatalf("%v into the wait: the instance was asked again (%d requests)", at, m.hits(notificationsPath))
		}
	}
	m.clk.Add(time.Second)
	if rep := m.sync(t); rep.NewItems != 2 || m.hits(notificationsPath) != 2 {
		t.Fatalf("after the wait: %+v, %d requests", rep, m.hits(notificationsPath))
	}
	if cur := cursor(t, m.db, m.acct.ID, StreamInbox); cur.LastError != "" || cur.Cursor == "" {
		t.Fatalf("cursor after the wait %+v", cur)
	}
}

func TestMastodonMalformedAnswerLeavesStoreAndCursorAlone(t *testing.T) {
	t.Parallel()
	m := newMasto(t)
	m.sync(t)
	m.srv.AddNotifications(4)
	token := m.srv.Token
	before, cur := allItems(t, m.db), cursor(t, m.db, m.acct.ID, StreamInbox)
	cases := []struct {
		name  string
		reply mastodontest.Reply
		want  []string
	}{
		{"cut-off JSON", mastodontest.Reply{Body: `[{"id":"40100","type":"mention","account":{"note":"Bearer ` + token},
			[]string{"/api/v1/notifications", "unexpected end of JSON input"}},
		{"JSON of another shape", mastodontest.Reply{Body: `{"notifications":[{"id":"40100"}]}`},
			[]string{"/api/v1/notifications", "cannot unmarshal object"}},
		{"an HTML page with status 200", mastodontest.Reply{ContentType: "text/html; charset=utf-8",
			Body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>" +
				"<p>upstream request: Authorization: Bearer " + token + "</p><hr>nginx</body></html>"},
			[]string{"/api/v1/notifications", "answered text/html", "502 Bad Gateway"}},
	}
	for i, c := range cases {
		m.clk.Add(time.Hour) // past any back-off
		m.srv.ReplyNext(notificationsPath, c.reply)
		rep, err := m.s.SyncClient(context.Background(), "acme")
		if err != nil || rep.AccountErrors[m.acct.ID] == nil {
			t.Fatalf("%s: no error: %+v %v", c.name, rep, err)
		}
		msg := rep.AccountErrors[m.acct.ID].Error()
		for _, w := range append([]string{"sync inbox of acme-masto: "}, c.want...) {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error %q does not say %q", c.name, msg, w)
			}
		}
		now := cursor(t, m.db, m.acct.ID, StreamInbox)
		if strings.Contains(msg, token) || strings.Contains(now.LastError, token) {
			t.Fatalf("%s: the token leaked: %q / %q", c.name, msg, now.LastError)
		}
		if now.Cursor != cur.Cursor || now.LastError == "" {
			t.Fatalf("%s: cursor %+v, want it unmoved with the error", c.name, now)
		}
		if i == len(cases)-1 && !strings.HasSuffix(now.LastError, "(failed 3 times in a row)") {
			t.Errorf("last error %q does not count the failures", now.LastError)
		}
		if got := allItems(t, m.db); len(got) != len(before) {
			t.Fatalf("%s: %d items stored, want %d as before", c.name, len(got), len(before))
		}
	}

	// The instance answers properly again: nothing was lost.
	m.clk.Add(time.Hour)
	if rep := m.sync(t); rep.NewItems != 4 {
		t.Fatalf("after the faults: %d new items, want 4", rep.NewItems)
	}
}

func TestMastodonSyncStopsPagingWhenTheRateLimitRunsLow(t *testing.T) {
	t.Parallel()
	m := newMasto(t)
	m.sync(t)
	m.srv.AddNotifications(200)
	// A fresh 5-minute window (09:05–09:10) of which other apps have used 269 of 300:
	// the first page leaves 30, the default reserve of a tenth.
	m.clk.Add(6 * time.Minute)
	m.srv.SpendRate(269)
	reset := time.Date(2026, 12, 1, 9, 10, 0, 0, time.UTC)
	n := m.hits(notificationsPath)
	if rep := m.sync(t); rep.NewItems != 80 || m.hits(notificationsPath) != n+1 {
		t.Fatalf("stored %d in %d requests; want one page of 80", rep.NewItems, m.hits(notificationsPath)-n)
	}
	for _, stream := range []string{StreamInbox, StreamDMs} {
		if cur := cursor(t, m.db, m.acct.ID, stream); !cur.NextAt.Equal(reset) || cur.LastError != "" {
			t.Fatalf("%s cursor %+v: want the next run at the window's reset %v", stream, cur, reset)
		}
	}
	m.clk.Add(3 * time.Minute)
	if m.sync(t); m.hits(notificationsPath) != n+1 {
		t.Fatal("asked again before the window reset")
	}
	m.clk.Add(time.Minute + time.Second)
	if rep := m.sync(t); rep.NewItems != 120 || m.hits(notificationsPath) != n+4 {
		t.Fatalf("after the reset: stored %d in %d requests; want 120 in 3", rep.NewItems, m.hits(notificationsPath)-n-1)
	}
	if got := len(allItems(t, m.db)); got != 203 {
		t.Fatalf("%d items stored, want 203", got)
	}
}
