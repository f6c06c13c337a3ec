package store

import (
	"errors"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestPutClientRejectsIncompleteClients(t *testing.T) {
	db := openTest(t)
	for _, tc := range []struct {
		name string
		c    social.Client
		want []string
	}{
		{"no id", social.Client{Name: "Acme"}, []string{"needs an id and a name"}},
		{"no name", social.Client{ID: "acme"}, []string{"acme", "needs an id and a name"}},
		{"unknown zone", social.Client{ID: "acme", Name: "Acme", TZ: "Mars/Olympus"}, []string{"acme", "Mars/Olympus", "IANA"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, db.PutClient(t.Context(), tc.c), tc.want...)
		})
	}
}

func TestPutClientRoundTripsAndUpdatesInPlace(t *testing.T) {
	db := openTest(t)
	created := t0.Add(-24 * time.Hour)
	in := social.Client{ID: "acme", Name: "Acme", TZ: "America/New_York", Color: "#ff0000",
		ApprovalRequired: true, RequireAlt: true, CreatedAt: created}
	if err := db.PutClient(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	got, err := db.Client(t.Context(), "acme")
	if err != nil {
		t.Fatal(err)
	}
	if got != in {
		t.Fatalf("got %+v, want %+v", got, in)
	}
	// An update changes the fields but keeps the creation time; no zone means UTC.
	if err := db.PutClient(t.Context(), social.Client{ID: "acme", Name: "Acme Corp", CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Client(t.Context(), "acme")
	if got.Name != "Acme Corp" || got.TZ != "UTC" || got.ApprovalRequired || !got.CreatedAt.Equal(created) {
		t.Fatalf("after update: %+v", got)
	}
}

func TestClientsAreSortedByNameIgnoringCase(t *testing.T) {
	db := openTest(t)
	for _, c := range []social.Client{{ID: "z", Name: "beta"}, {ID: "y", Name: "Alpha"}, {ID: "x", Name: "gamma"}} {
		if err := db.PutClient(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := db.Clients(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	if len(names) != 3 || names[0] != "Alpha" || names[1] != "beta" || names[2] != "gamma" {
		t.Fatalf("order %v", names)
	}
}

func TestMissingClientIsNotFound(t *testing.T) {
	db := openTest(t)
	_, err := db.Client(t.Context(), "nobody")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Client: %v", err)
	}
	wantErr(t, err, "client nobody")
	err = db.DeleteClient(t.Context(), "nobody")
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("DeleteClient: %v", err)
	}
}

func TestDeleteClientCascadesToEverythingItOwns(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	mustClient(t, db, "other")
	b := mustAccount(t, db, "other-demo", "other", "demo")
	scheduled(t, db, a, t0)
	scheduled(t, db, b, t0)
	if _, err := db.PutCampaign(ctx, social.Campaign{ClientID: "acme", Name: "launch"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpsertInbox(ctx, []social.InboxItem{
		{AccountID: a.ID, RemoteID: "1", Kind: social.InboxMention, Text: "hello acme", CreatedAt: t0},
		{AccountID: b.ID, RemoteID: "1", Kind: social.InboxMention, Text: "hello other", CreatedAt: t0},
	}); err != nil {
		t.Fatal(err)
	}
	l, _ := db.EnsureLabel(ctx, "acme", "vip")
	items, _ := db.Inbox(ctx, InboxQuery{ClientID: "acme", All: true})
	if err := db.SetLabel(ctx, l.ID, true, items[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutSavedReply(ctx, social.SavedReply{ClientID: "acme", Name: "thanks", Body: "Thanks!"}); err != nil {
		t.Fatal(err)
	}
	if err := db.AppendMetrics(ctx, []social.MetricPoint{{AccountID: a.ID, Name: social.MetricFollowers, Value: 1, At: t0}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveCursor(ctx, social.SyncCursor{AccountID: a.ID, Stream: "inbox", Cursor: "c"}); err != nil {
		t.Fatal(err)
	}

	if err := db.DeleteClient(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		table string
		want  int // rows left: the other client's
	}{
		{"clients", 1}, {"accounts", 1}, {"posts", 1}, {"post_parts", 1}, {"targets", 1}, {"campaigns", 0},
		{"inbox_items", 1}, {"inbox_labels", 0}, {"labels", 0}, {"saved_replies", 0}, {"metric_points", 0},
		{"sync_cursors", 0},
	} {
		if n := count(t, db, `SELECT count(*) FROM `+tc.table); n != tc.want {
			t.Errorf("%s: %d rows left, want %d", tc.table, n, tc.want)
		}
	}
	// The deleted client's items left the search index too.
	if found, err := db.SearchInbox(ctx, "hello", InboxQuery{}); err != nil || len(found) != 1 || found[0].ClientID != "other" {
		t.Fatalf("search after delete: %+v %v", found, err)
	}
}

func TestDeleteClientRefusedWhileAPostIsBeingPublished(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	scheduled(t, db, a, t0)
	if _, ok, err := db.ClaimDue(t.Context(), t0, time.Minute); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	wantErr(t, db.DeleteClient(t.Context(), "acme"), "acme", "being published")
	if _, err := db.Client(t.Context(), "acme"); err != nil {
		t.Fatal("client deleted anyway")
	}
}
