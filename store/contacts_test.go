package store

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestUpsertInboxRecordsContacts(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	person := func(remote string, at time.Time, handle, name string) social.InboxItem {
		return social.InboxItem{AccountID: a.ID, RemoteID: remote, Kind: social.InboxMention, AuthorID: "p1",
			AuthorHandle: handle, AuthorName: name, CreatedAt: at}
	}
	mustUpsert(t, db, person("1", t0, "fan", "Fan"))
	// A newer item carries a new name; an older page synced late must not bring the old one back.
	mustUpsert(t, db, person("2", t0.Add(time.Hour), "fan2", "Fan Two"))
	mustUpsert(t, db, person("0", t0.Add(-time.Hour), "oldfan", "Old Fan"))
	mustUpsert(t, db, social.InboxItem{AccountID: a.ID, RemoteID: "anon", Kind: social.InboxLike, CreatedAt: t0})

	c, err := db.Contact(ctx, "demo", "p1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Handle != "fan2" || c.Name != "Fan Two" || !c.FirstSeen.Equal(t0.Add(-time.Hour)) || !c.LastSeen.Equal(t0.Add(time.Hour)) || c.Platform != "demo" {
		t.Fatalf("contact %+v", c)
	}
	if n := count(t, db, `SELECT count(*) FROM contacts`); n != 1 {
		t.Fatalf("%d contacts; items without an author make none", n)
	}
	if err := db.SetContactNotes(ctx, "demo", "p1", "prefers DMs"); err != nil {
		t.Fatal(err)
	}
	mustUpsert(t, db, person("3", t0.Add(2*time.Hour), "fan2", "Fan Two"))
	if c, _ := db.Contact(ctx, "demo", "p1"); c.Notes != "prefers DMs" {
		t.Fatalf("notes lost on sync: %+v", c)
	}
	if _, err := db.Contact(ctx, "demo", "nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing contact: %v", err)
	}
	if err := db.SetContactNotes(ctx, "demo", "nobody", "x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("notes on missing contact: %v", err)
	}
}

func TestAuthorHistoryOfOneClient(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	mustClient(t, db, "beta")
	b := mustAccount(t, db, "beta-demo", "beta", "demo")
	by := func(acct social.Account, remote string, at time.Time) social.InboxItem {
		return social.InboxItem{AccountID: acct.ID, RemoteID: remote, Kind: social.InboxReply, AuthorID: "p1", CreatedAt: at}
	}
	mustUpsert(t, db, by(a, "1", t0), by(a, "2", t0.Add(time.Minute)), by(b, "3", t0.Add(2*time.Minute)),
		social.InboxItem{AccountID: a.ID, RemoteID: "other", AuthorID: "p2", CreatedAt: t0})
	for _, tc := range []struct {
		client string
		limit  int
		want   []string
	}{
		{"acme", 0, []string{"acme-demo/2", "acme-demo/1"}},
		{"", 0, []string{"beta-demo/3", "acme-demo/2", "acme-demo/1"}},
		{"", 1, []string{"beta-demo/3"}},
	} {
		got, err := db.AuthorHistory(t.Context(), "demo", "p1", tc.client, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if r := remotes(got); !reflect.DeepEqual(r, tc.want) {
			t.Fatalf("client %q: %v, want %v", tc.client, r, tc.want)
		}
	}
}

func TestConversationsRoundTrip(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	id, err := db.PutConversation(ctx, social.Conversation{AccountID: a.ID, RemoteID: "c1", Title: "Support", Participants: []string{"fan", "acme"}, LastAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	// An update by remote id keeps the id and never moves last_at back.
	id2, err := db.PutConversation(ctx, social.Conversation{AccountID: a.ID, RemoteID: "c1", Title: "Support 2", LastAt: t0.Add(-time.Hour)})
	if err != nil || id2 != id {
		t.Fatalf("update: %d %v", id2, err)
	}
	db.PutConversation(ctx, social.Conversation{AccountID: a.ID, RemoteID: "c2", LastAt: t0.Add(time.Hour)})
	cs, err := db.Conversations(ctx, a.ID)
	if err != nil || len(cs) != 2 {
		t.Fatalf("%+v %v", cs, err)
	}
	if cs[0].RemoteID != "c2" || cs[1].Title != "Support 2" || !cs[1].LastAt.Equal(t0) || cs[1].Participants != nil {
		t.Fatalf("conversations %+v", cs)
	}
	_, err = db.PutConversation(ctx, social.Conversation{AccountID: "ghost", RemoteID: "c"})
	wantErr(t, err, `no account "ghost"`)
}
