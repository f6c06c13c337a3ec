package queue

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/chorus-social/chorus/social"
	"github.com/chorus-social/chorus/store"
)

// openDB opens a fresh database with one client in zone tz and its account "acme-demo".
func openDB(t *testing.T, tz string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.PutClient(ctx, social.Client{ID: "acme", Name: "Acme", TZ: tz}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"acme-demo", "acme-other"} {
		if err := db.PutAccount(ctx, social.Account{ID: id, ClientID: "acme", Platform: "demo", Handle: id}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func setSlots(t *testing.T, db *store.DB, account string, slots ...string) {
	t.Helper()
	s, err := ParseSlots(slots)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetQueueSlots(context.Background(), account, s); err != nil {
		t.Fatal(err)
	}
}

// plan saves a post with one target on account in status st, due at due.
func plan(t *testing.T, db *store.DB, account string, st social.Status, due time.Time) social.Target {
	t.Helper()
	tg := social.Target{AccountID: account, Status: st, DueAt: due}
	if st == social.StatusPublished {
		tg.RemoteID, tg.PublishedAt = "r-"+due.Format(time.RFC3339Nano), due
	}
	p := &social.Post{ClientID: "acme", Parts: []social.Part{{Text: "hello"}}, Targets: []social.Target{tg}}
	if err := db.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p.Targets[0]
}

// at reads "2006-01-02 15:04" in zone tz and returns it in UTC.
func at(t *testing.T, tz, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

func utc(s string) time.Time {
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return v
}
