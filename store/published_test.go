package store

import (
	"reflect"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
)

func TestPublishedRemoteIDsNewestFirstSince(t *testing.T) {
	db := openTest(t)
	ctx := t.Context()
	a := seedClientAccount(t, db)
	b := mustAccount(t, db, "acme-b", "acme", "bluesky")
	publish := func(acct social.Account, remote string, at time.Time) {
		t.Helper()
		id := scheduled(t, db, acct, at)
		if _, ok, err := db.ClaimDue(ctx, at, time.Minute); !ok || err != nil {
			t.Fatalf("claim %v %v", ok, err)
		}
		if err := db.CompletePublish(ctx, id, Result{RemoteID: remote, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	publish(a, "old", t0.AddDate(0, 0, -40))
	publish(a, "r1", t0.Add(-2*time.Hour))
	publish(a, "r2", t0.Add(-time.Hour))
	publish(b, "other", t0)
	scheduled(t, db, a, t0.Add(time.Hour)) // not out yet
	got, err := db.PublishedRemoteIDs(ctx, a.ID, t0.AddDate(0, 0, -30), 0)
	if err != nil || !reflect.DeepEqual(got, []string{"r2", "r1"}) {
		t.Fatalf("got %v %v", got, err)
	}
	if got, _ := db.PublishedRemoteIDs(ctx, a.ID, time.Time{}, 1); !reflect.DeepEqual(got, []string{"r2"}) {
		t.Fatalf("limit: %v", got)
	}
}
