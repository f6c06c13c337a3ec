package seed

import (
	"context"
	"strings"
	"testing"

	"github.com/chorus-social/chorus/social"
)

func TestWorkspaceHasSavedReplies(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	rep, err := Workspace(ctx, db, 1, now)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, id := range []string{"acme", "bloom", "nova"} {
		rs, err := db.SavedReplies(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) < 3 || len(rs) > 5 {
			t.Errorf("%s has %d saved replies, want 3 to 5", id, len(rs))
		}
		total += len(rs)
		for _, r := range rs {
			// Every body must work in the reply box: known variables only, all filled.
			if bad := social.UnknownReplyVars(r.Body); bad != nil {
				t.Errorf("%s/%s uses unknown variables %v", id, r.Name, bad)
			}
			filled := social.FillReplyVars(r.Body, map[string]string{"author": "maria", "client": "Acme"})
			if strings.Contains(filled, "{{") || !strings.Contains(filled, "maria") {
				t.Errorf("%s/%s filled in: %q", id, r.Name, filled)
			}
		}
	}
	if rep.Replies != total {
		t.Errorf("report says %d replies, the store has %d", rep.Replies, total)
	}

	// Seeding the replies again replaces them: nothing doubles, ids stay.
	before := rawCount(t, db, `SELECT count(*) FROM saved_replies`)
	sum := rawCount(t, db, `SELECT sum(id) FROM saved_replies`)
	r := &run{db: db, clients: plannedClients(1, 3, now)}
	if _, err := r.seedReplies(ctx); err != nil {
		t.Fatal(err)
	}
	if n := rawCount(t, db, `SELECT count(*) FROM saved_replies`); n != before ||
		rawCount(t, db, `SELECT sum(id) FROM saved_replies`) != sum {
		t.Errorf("seeding replies again: %d rows (was %d)", n, before)
	}
}

func TestGeneratedClientsGetGenericReplies(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	rep, err := Run(ctx, db, Options{Seed: 2, Clients: 4, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	clients, _ := db.Clients(ctx)
	for _, c := range clients {
		rs, _ := db.SavedReplies(ctx, c.ID)
		if len(rs) < 3 {
			t.Errorf("client %s has %d saved replies", c.ID, len(rs))
		}
	}
	want := len(genericReplies)
	for _, rs := range fixedReplies {
		want += len(rs)
	}
	if rep.Replies != want {
		t.Errorf("%d replies, want %d", rep.Replies, want)
	}
}
