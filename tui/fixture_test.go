package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // client zones resolve the same on every machine

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// fixedNow is the clock of every test: a Tuesday noon, UTC.
var fixedNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

// openStore opens an empty database in the test's temp dir.
func openStore(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fixture fills db with three clients, their accounts, posts in every state, inbox
// items and 35 days of follower counts, all relative to fixedNow.
func fixture(t testing.TB, db *store.DB) {
	t.Helper()
	if err := fill(context.Background(), db); err != nil {
		t.Fatal(err)
	}
}

func fill(ctx context.Context, db *store.DB) error {
	clients := []social.Client{
		{ID: "acme", Name: "Acme Coffee", TZ: "Europe/Berlin"},
		{ID: "globex", Name: "Globex Corp", TZ: "America/New_York"},
		{ID: "initech", Name: "Initech", TZ: "Asia/Tokyo"},
	}
	for _, c := range clients {
		c.CreatedAt = fixedNow.Add(-60 * 24 * time.Hour)
		if err := db.PutClient(ctx, c); err != nil {
			return err
		}
	}
	accounts := []social.Account{
		{ID: "acme-bsky", ClientID: "acme", Platform: "bluesky", Handle: "acme.bsky.social"},
		{ID: "acme-masto", ClientID: "acme", Platform: "mastodon", Server: "https://mastodon.social", Handle: "acme@mastodon.social"},
		{ID: "globex-bsky", ClientID: "globex", Platform: "bluesky", Handle: "globex.bsky.social"},
		{ID: "initech-masto", ClientID: "initech", Platform: "mastodon", Server: "https://hachyderm.io", Handle: "initech@hachyderm.io"},
	}
	for _, a := range accounts {
		a.CreatedAt = fixedNow.Add(-60 * 24 * time.Hour)
		if err := db.PutAccount(ctx, a); err != nil {
			return err
		}
	}
	if err := fillPosts(ctx, db); err != nil {
		return err
	}
	if err := fillInbox(ctx, db); err != nil {
		return err
	}
	return fillMetrics(ctx, db)
}

func post(client, account string, status social.Status, due time.Time, parts ...string) *social.Post {
	p := &social.Post{ClientID: client, Status: status, CreatedAt: fixedNow.Add(-10 * 24 * time.Hour)}
	for _, t := range parts {
		p.Parts = append(p.Parts, social.Part{Text: t})
	}
	p.Targets = []social.Target{{AccountID: account, Status: status, DueAt: due}}
	return p
}

func fillPosts(ctx context.Context, db *store.DB) error {
	h := time.Hour
	posts := []*social.Post{
		post("acme", "acme-bsky", social.StatusScheduled, fixedNow.Add(3*h),
			"Our winter blend is back! Come taste it this weekend at every Acme store."),
		post("globex", "globex-bsky", social.StatusScheduled, fixedNow.Add(26*h),
			"Q4 results are in, and they are good. A short thread:", "Revenue is up 12%.", "Thanks to our team."),
		post("acme", "acme-masto", social.StatusScheduled, fixedNow.Add(50*h),
			"Barista tip #1: grind right before you brew.\nYour cup will thank you."),
		post("initech", "initech-masto", social.StatusReview, fixedNow.Add(5*24*h),
			"Did you get the memo about the new cover sheets?"),
		// Due in the past: the loop below publishes or fails them.
		post("acme", "acme-bsky", social.StatusScheduled, fixedNow.Add(-26*h),
			"Happy Monday from the Acme roastery!"),
		post("globex", "globex-bsky", social.StatusScheduled, fixedNow.Add(-3*h),
			"We are opening a new office in Springfield. FAIL"),
		post("initech", "initech-masto", social.StatusDraft, time.Time{},
			"An idea: a post about TPS reports."),
	}
	if err := db.CreatePosts(ctx, posts); err != nil {
		return err
	}
	for {
		c, ok, err := db.ClaimDue(ctx, fixedNow, time.Minute)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if strings.HasSuffix(c.Parts[0].Text, "FAIL") {
			err = db.FailPublish(ctx, c.Target.ID, "auth expired: run `chorus accounts login globex-bsky`", time.Time{})
		} else {
			err = db.CompletePublish(ctx, c.Target.ID, store.Result{RemoteID: "r1", At: c.Target.DueAt})
		}
		if err != nil {
			return err
		}
	}
}

func fillInbox(ctx context.Context, db *store.DB) error {
	type item struct {
		acct, kind, author, text string
		ago                      time.Duration
		read                     bool
	}
	m, h, d := time.Minute, time.Hour, 24*time.Hour
	// Oldest first: ids grow with time, as a sync stores them.
	items := []item{
		{"initech-masto", "mention", "milton", "Has anyone seen my stapler?", 5 * d, true},
		{"globex-bsky", "reply", "hank.bsky.social", "Congrats on the results! When is the next earnings call?", 2 * d, false},
		{"acme-masto", "comment", "bean@fosstodon.org", "Is the winter blend available in decaf too?", 20 * h, true},
		{"acme-bsky", "dm", "wholesale.bsky.social", "Hi! We would like to talk about a wholesale order for our cafés.", 2 * h, false},
		{"globex-bsky", "mention", "press.bsky.social", "@globex.bsky.social any comment on the\nSpringfield office?", 45 * m, false},
		{"acme-bsky", "mention", "latte.lover", "Best coffee in town, hands down ☕", 3 * m, false},
	}
	var in []social.InboxItem
	for i, it := range items {
		in = append(in, social.InboxItem{
			AccountID: it.acct, RemoteID: fmt.Sprintf("r%d", i), Kind: social.InboxKind(it.kind),
			AuthorID: it.author, AuthorHandle: it.author, Text: it.text, CreatedAt: fixedNow.Add(-it.ago),
		})
	}
	if _, err := db.UpsertInbox(ctx, in); err != nil {
		return err
	}
	all, err := db.Inbox(ctx, store.InboxQuery{All: true, Now: fixedNow, Limit: 100})
	if err != nil {
		return err
	}
	for _, got := range all {
		for i, it := range items {
			if got.RemoteID == fmt.Sprintf("r%d", i) && it.read {
				if err := db.SetRead(ctx, true, got.ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func fillMetrics(ctx context.Context, db *store.DB) error {
	base := map[string]int64{"acme-bsky": 1200, "acme-masto": 800, "globex-bsky": 15000}
	growth := map[string]int64{"acme-bsky": 12, "acme-masto": 3, "globex-bsky": -20}
	var pts []social.MetricPoint
	for acct, b := range base {
		for day := 35; day >= 0; day-- {
			v := b + growth[acct]*int64(35-day) + int64((day*7)%5)
			pts = append(pts, social.MetricPoint{AccountID: acct, Name: social.MetricFollowers, Value: v,
				At: fixedNow.Add(-time.Duration(day)*24*time.Hour - time.Hour)})
		}
	}
	return db.AppendMetrics(ctx, pts)
}

// bulkInbox adds n open items to acme-bsky, newest last.
func bulkInbox(t testing.TB, db *store.DB, n int) {
	t.Helper()
	var in []social.InboxItem
	for i := range n {
		in = append(in, social.InboxItem{
			AccountID: "acme-bsky", RemoteID: fmt.Sprintf("bulk%d", i), Kind: social.InboxMention,
			AuthorHandle: fmt.Sprintf("fan%03d", i), Text: fmt.Sprintf("message number %d", i),
			CreatedAt: fixedNow.Add(-time.Duration(n-i) * time.Minute),
		})
	}
	if _, err := db.UpsertInbox(context.Background(), in); err != nil {
		t.Fatal(err)
	}
}
