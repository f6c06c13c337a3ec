package store

import (
	"errors"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestPutAccountForUnknownClientSaysWhichClient(t *testing.T) {
	db := openTest(t)
	err := db.PutAccount(t.Context(), social.Account{ID: "x-demo", ClientID: "ghost", Platform: "demo", Handle: "x"})
	wantErr(t, err, "save account x-demo", `no client "ghost"`, "chorus clients add")
}

func TestPutAccountRejectsIncompleteAccounts(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	full := social.Account{ID: "a", ClientID: "acme", Platform: "demo", Handle: "h"}
	for _, tc := range []struct {
		name string
		edit func(*social.Account)
	}{
		{"no id", func(a *social.Account) { a.ID = "" }},
		{"no client", func(a *social.Account) { a.ClientID = "" }},
		{"no platform", func(a *social.Account) { a.Platform = "" }},
		{"no handle", func(a *social.Account) { a.Handle = "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := full
			tc.edit(&a)
			wantErr(t, db.PutAccount(t.Context(), a), "needs an id, a client, a platform and a handle")
		})
	}
}

func TestPutAccountSameHandleUnderAnotherIDSaysItExists(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	a := social.Account{ID: "a1", ClientID: "acme", Platform: "mastodon", Server: "https://mastodon.social", Handle: "acme"}
	if err := db.PutAccount(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	a.ID = "a2"
	wantErr(t, db.PutAccount(t.Context(), a), "save account a2", "mastodon account acme", "exists already")
}

func TestPutAccountRoundTripsAndUpdates(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	in := social.Account{ID: "acme-bsky", ClientID: "acme", Platform: "bluesky", Server: "https://bsky.social",
		Handle: "acme.bsky.social", DisplayName: "Acme", RemoteID: "did:plc:abc", CreatedAt: t0}
	if err := db.PutAccount(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	got, err := db.Account(t.Context(), in.ID)
	if err != nil || got != in {
		t.Fatalf("got %+v %v, want %+v", got, err, in)
	}
	in.DisplayName, in.CreatedAt = "Acme Inc", t0.Add(time.Hour)
	if err := db.PutAccount(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	got, _ = db.Account(t.Context(), in.ID)
	if got.DisplayName != "Acme Inc" || !got.CreatedAt.Equal(t0) {
		t.Fatalf("after update: %+v", got)
	}
	if _, err := db.Account(t.Context(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing account: %v", err)
	}
}

func TestAccountsFilterByClientAndSort(t *testing.T) {
	db := openTest(t)
	mustClient(t, db, "acme")
	mustClient(t, db, "beta")
	mustAccount(t, db, "b-masto", "beta", "mastodon")
	mustAccount(t, db, "a-masto", "acme", "mastodon")
	mustAccount(t, db, "a-bsky", "acme", "bluesky")
	for _, tc := range []struct {
		client string
		want   []string
	}{
		{"", []string{"a-bsky", "a-masto", "b-masto"}},
		{"acme", []string{"a-bsky", "a-masto"}},
		{"beta", []string{"b-masto"}},
		{"nobody", nil},
	} {
		as, err := db.Accounts(t.Context(), tc.client)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, a := range as {
			ids = append(ids, a.ID)
		}
		if len(ids) != len(tc.want) {
			t.Fatalf("client %q: %v, want %v", tc.client, ids, tc.want)
		}
		for i := range ids {
			if ids[i] != tc.want[i] {
				t.Fatalf("client %q: %v, want %v", tc.client, ids, tc.want)
			}
		}
	}
}

func TestMovingAnAccountToAnotherClientMovesItsInbox(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	mustClient(t, db, "beta")
	if _, err := db.UpsertInbox(t.Context(), []social.InboxItem{{AccountID: a.ID, RemoteID: "1", Kind: social.InboxDM, CreatedAt: t0}}); err != nil {
		t.Fatal(err)
	}
	a.ClientID = "beta"
	if err := db.PutAccount(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if items, _ := db.Inbox(t.Context(), InboxQuery{ClientID: "beta", Now: t0}); len(items) != 1 {
		t.Fatalf("item did not follow its account: %+v", items)
	}
	if items, _ := db.Inbox(t.Context(), InboxQuery{ClientID: "acme", Now: t0}); len(items) != 0 {
		t.Fatalf("item stayed with the old client: %+v", items)
	}
}

func TestDeleteAccountCascadesButKeepsTheClient(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	scheduled(t, db, a, t0)
	db.UpsertInbox(ctx, []social.InboxItem{{AccountID: a.ID, RemoteID: "1", Kind: social.InboxMention, CreatedAt: t0}})
	db.AppendMetrics(ctx, []social.MetricPoint{{AccountID: a.ID, Name: "followers", Value: 3, At: t0}})
	db.SaveCursor(ctx, social.SyncCursor{AccountID: a.ID, Stream: "inbox"})
	db.SetQueueSlots(ctx, a.ID, []QueueSlot{{Weekday: time.Monday, Minute: 540}})
	db.PutConversation(ctx, social.Conversation{AccountID: a.ID, RemoteID: "c1"})
	if err := db.DeleteAccount(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"accounts", "targets", "inbox_items", "metric_points", "sync_cursors", "queue_slots", "conversations"} {
		if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%s: %d rows left", table, n)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM posts`); n != 1 {
		t.Errorf("the client's post went with the account")
	}
	if err := db.DeleteAccount(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
}

func TestDeleteAccountRefusedWhileAPostIsBeingPublished(t *testing.T) {
	db := openTest(t)
	a := seedClientAccount(t, db)
	scheduled(t, db, a, t0)
	if _, ok, _ := db.ClaimDue(t.Context(), t0, time.Minute); !ok {
		t.Fatal("no claim")
	}
	wantErr(t, db.DeleteAccount(t.Context(), a.ID), a.ID, "being published")
}
